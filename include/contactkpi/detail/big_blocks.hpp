// SPDX-License-Identifier: MIT
// contactkpi/detail/big_blocks.hpp: an allocator whose big blocks are reused, not fresh.
//
// Not part of the API: it lives in a public header only because accumulators keep
// containers that use it as private members. The hash tables and per-contact arrays of a
// report over millions of contacts are tens of MB. On Linux, a block of at least 2 MiB is
// mapped on its own, and a freed one is kept for reuse, up to big_block_cache_bytes in
// all, as malloc keeps freed memory: a fresh page costs a page fault and the kernel's
// zeroing of it (the largest kernel cost of a report; on a VM, first touches of memory the
// host took back are slower still), while a kept block is already mapped: an interner's
// outgrown table or the duplicate-id set, once freed, serves the next big allocations.
// Kept blocks hold memory (RSS) until reused or release_cached_big_blocks(). Smaller blocks,
// other systems and sanitizer builds (which must see every block) use std::allocator, but
// for small blocks (64 KiB pieces of big blocks, for containers of many small chunks: FCR's
// buckets of entries).
//
// The blocks are not advised MADV_HUGEPAGE (they were until session 8): the system's
// transparent-huge-page policy applies as to any memory. On this project's VM ("madvise"
// policy, free page reporting to the host) a huge page was costly to fault in when the
// report ran after another program: a 1M report right after DuckDB spent 0.15 s of system
// time, 0.09 s without the advice, for about 1% more user time (fewer TLB hits). See
// docs/performance.md.
#pragma once

#include <cstddef>
#include <limits>
#include <memory>
#include <new>

namespace contactkpi::detail {

/// Blocks of at least this many bytes are mapped on their own (and sizes rounded up to it).
inline constexpr std::size_t big_block_bytes = std::size_t{2} << 20;
/// At most this many bytes of freed blocks are kept for reuse (process-wide).
inline constexpr std::size_t big_block_cache_bytes = std::size_t{64} << 20;

/// A block of `bytes` (>= big_block_bytes): the smallest kept block big enough (its contents
/// are whatever it held; the rest of it stays kept), or a new mapping (zeroed).
/// Thread-safe. Throws std::bad_alloc.
[[nodiscard]] void* allocate_big_block(std::size_t bytes);
/// Releases a block of allocate_big_block(bytes): kept for a later allocate_big_block() while the
/// kept blocks stay within big_block_cache_bytes, else unmapped. Thread-safe.
void deallocate_big_block(void* block, std::size_t bytes) noexcept;
/// Unmaps every kept block, big or small (e.g. in a long-running program after a big
/// report).
void release_cached_big_blocks() noexcept;
/// True when allocate_big_block() maps blocks itself (Linux, not a sanitizer build).
[[nodiscard]] bool big_blocks_mapped() noexcept;

/// Small blocks: big blocks cut into 32 blocks of 64 KiB, for containers of many small
/// chunks (FCR's buckets): populated memory, as a big block, instead of a page fault per
/// 4 KiB of fresh malloc'd memory. Freed small blocks are kept for reuse, up to
/// big_block_cache_bytes of them (besides the kept big blocks), else unmapped. Sanitizer
/// builds and other systems use operator new.
inline constexpr std::size_t small_block_bytes = std::size_t{64} << 10;
/// A block of small_block_bytes (its contents unspecified: a kept small block, or a piece of
/// a big block, new or kept). Thread-safe. Throws std::bad_alloc.
[[nodiscard]] void* allocate_small_block();
/// Releases a block of allocate_small_block(). Thread-safe.
void deallocate_small_block(void* block) noexcept;

/// The number of T that fill a small block.
template <class T>
inline constexpr std::size_t small_block_elements = small_block_bytes / sizeof(T);

/// std::allocator, except that an allocation of exactly small_block_elements<T> comes from
/// allocate_small_block(): for ChunkedVector<T, small_block_elements<T>,
/// SmallBlockAllocator<T>>, whose chunks are reserved at that size.
template <class T>
struct SmallBlockAllocator {
  using value_type = T;

  SmallBlockAllocator() noexcept = default;
  template <class U>
  explicit(false) SmallBlockAllocator(const SmallBlockAllocator<U>& /*other*/) noexcept {}

  [[nodiscard]] T* allocate(std::size_t n) {
    if (n == small_block_elements<T>) return static_cast<T*>(allocate_small_block());
    return std::allocator<T>{}.allocate(n);
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (n == small_block_elements<T>) {
      deallocate_small_block(p);
    } else {
      std::allocator<T>{}.deallocate(p, n);
    }
  }

  template <class U>
  friend bool operator==(const SmallBlockAllocator& /*a*/,
                         const SmallBlockAllocator<U>& /*b*/) noexcept {
    return true;
  }
};

/// std::allocator, except that blocks of big_block_bytes or more (or less than one element
/// short of it) come from allocate_big_block().
template <class T>
struct BigBlockAllocator {
  using value_type = T;

  BigBlockAllocator() noexcept = default;
  template <class U>
  explicit(false) BigBlockAllocator(const BigBlockAllocator<U>& /*other*/) noexcept {}

  [[nodiscard]] T* allocate(std::size_t n) {
    if (n > std::numeric_limits<std::size_t>::max() / sizeof(T)) throw std::bad_array_new_length{};
    if (use_block(n)) return static_cast<T*>(allocate_big_block(n * sizeof(T)));
    return std::allocator<T>{}.allocate(n);
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (use_block(n)) {
      deallocate_big_block(p, n * sizeof(T));
    } else {
      std::allocator<T>{}.deallocate(p, n);
    }
  }

  template <class U>
  friend bool operator==(const BigBlockAllocator& /*a*/,
                         const BigBlockAllocator<U>& /*b*/) noexcept {
    return true;
  }

 private:
  /// From big_block_bytes, or less than one element short of it (as a chunk of
  /// big_block_bytes / sizeof(T) elements is: see chunked_vector.hpp).
  [[nodiscard]] static bool use_block(std::size_t n) noexcept {
    return n * sizeof(T) > big_block_bytes - sizeof(T) && big_blocks_mapped();
  }
};

}  // namespace contactkpi::detail
