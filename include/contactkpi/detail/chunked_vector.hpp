// SPDX-License-Identifier: MIT
// contactkpi/detail/chunked_vector.hpp: a vector in fixed-size chunks, for per-contact state.
//
// Not part of the API: it lives in a public header only because accumulators keep one as a
// private member. A std::vector of 10 million entries doubles its buffer when it grows, so
// for a moment the old and the new buffer are both resident (3x the data), and appending one
// vector to another copies it. Here the entries live in chunks of 2^16 (all full but the
// last), growth never copies, and `append(std::move(other))` moves the other's full chunks.
// The chunk size is 2^16 entries unless given: a chunk of big_block_bytes / sizeof(T)
// entries fills a big block (big_blocks.hpp) exactly when sizeof(T) is not a power of two
// (indexing then divides by a constant: a multiply).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "contactkpi/detail/big_blocks.hpp"

namespace contactkpi::detail {

template <class T, std::size_t ChunkSize = std::size_t{1} << 16,
          class Allocator = BigBlockAllocator<T>>
class ChunkedVector {
 public:
  static_assert(ChunkSize > 0);
  static constexpr std::size_t chunk_size = ChunkSize;

  /// Appends `value`; returns the element, which stays where it is until this vector is
  /// cleared, destroyed or drained (a chunk never moves its elements, even when appended).
  T& push_back(const T& value) {
    if (chunks_.empty() || chunks_.back().size() == chunk_size) {
      chunks_.emplace_back();
      chunks_.back().reserve(chunk_size);
    }
    ++size_;
    return chunks_.back().emplace_back(value);
  }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] const T& operator[](std::size_t i) const noexcept {
    return chunks_[i / chunk_size][i % chunk_size];
  }
  [[nodiscard]] T& operator[](std::size_t i) noexcept {
    return chunks_[i / chunk_size][i % chunk_size];
  }
  /// Calls f(element) for every element, in order.
  template <class F>
  void for_each(F&& f) const {
    for (const auto& chunk : chunks_) {
      for (const T& value : chunk) f(value);
    }
  }
  /// Calls f(i, element) for i in [from, to), in order (chunk by chunk: no division per
  /// element). Precondition: from <= to <= size().
  template <class F>
  void for_range(std::size_t from, std::size_t to, F&& f) const {
    std::size_t i = from;
    while (i < to) {
      const std::size_t chunk = i / chunk_size;
      const std::size_t stop = std::min(to, (chunk + 1) * chunk_size);
      const T* const values = chunks_[chunk].data();
      const std::size_t first = chunk * chunk_size;
      for (; i < stop; ++i) f(i, values[i - first]);
    }
  }
  /// Appends every element of `other` (order kept within each side, not across the two
  /// partial last chunks). Moves the other's full chunks, then this side's partial last
  /// chunk, which takes the other's partial one (a new chunk only for what does not fit).
  void append(ChunkedVector&& other) {
    Chunk tail;
    if (!chunks_.empty() && chunks_.back().size() < chunk_size) {
      tail = std::move(chunks_.back());
      chunks_.pop_back();
    }
    Chunk other_tail;
    if (!other.chunks_.empty() && other.chunks_.back().size() < chunk_size) {
      other_tail = std::move(other.chunks_.back());
      other.chunks_.pop_back();
    }
    for (auto& chunk : other.chunks_) chunks_.push_back(std::move(chunk));
    size_ = chunks_.size() * chunk_size;
    if (tail.empty()) tail.swap(other_tail);
    if (!tail.empty()) {
      size_ += tail.size();
      chunks_.push_back(std::move(tail));  // keeps its capacity of chunk_size
    }
    for (const T& value : other_tail) push_back(value);
    other.chunks_.clear();
    other.size_ = 0;
  }
  /// Moves every element to the end of `out` and leaves this empty, freeing each chunk as
  /// soon as it is copied (so at most one chunk is resident twice).
  void drain_into(std::vector<T>& out) {
    out.reserve(out.size() + size_);
    for (auto& chunk : chunks_) {
      out.insert(out.end(), chunk.begin(), chunk.end());
      Chunk().swap(chunk);
    }
    chunks_.clear();
    size_ = 0;
  }
  /// Appends values[0, n), a chunk's worth at a time.
  void append(const T* values, std::size_t n) {
    while (n != 0) {
      if (chunks_.empty() || chunks_.back().size() == chunk_size) {
        chunks_.emplace_back();
        chunks_.back().reserve(chunk_size);
      }
      Chunk& chunk = chunks_.back();
      const std::size_t k = std::min(n, chunk_size - chunk.size());
      chunk.insert(chunk.end(), values, values + k);
      size_ += k;
      values += k;
      n -= k;
    }
  }
  /// Calls f(element) for every element, in order, with write access, freeing each chunk
  /// once it is done; leaves this empty.
  template <class F>
  void drain(F&& f) {
    for (auto& chunk : chunks_) {
      for (T& value : chunk) f(value);
      Chunk().swap(chunk);
    }
    chunks_.clear();
    size_ = 0;
  }
  /// Appends copies of every element of `other`.
  void append(const ChunkedVector& other) {
    other.for_each([this](const T& value) { push_back(value); });
  }

 private:
  // With the default allocator a chunk of 2 MiB or more is a big block (big_blocks.hpp):
  // 2^16 entries of 32 bytes.
  using Chunk = std::vector<T, Allocator>;
  std::vector<Chunk> chunks_;
  std::size_t size_ = 0;
};

}  // namespace contactkpi::detail
