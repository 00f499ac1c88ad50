// SPDX-License-Identifier: MIT
// Private: the set of ids seen in a file, for the duplicate check.
//
// Memory matters at 10M rows, so this is not an unordered_set<string> (about 70 bytes per
// id plus the string). The table is open addressing with linear probing over one 64-bit word
// per slot: the top 24 bits of the id's 64-bit hash, a mode bit and a 39-bit reference:
//   - an id that lies in the file being read (the usual case: an unquoted field, or a quoted
//     one without "", of at most 127 bytes, in the first 4 GiB) is not copied at all: the
//     reference is its length (7 bits) and its offset in the file (32 bits);
//   - any other id is copied into an arena of 1 MiB blocks behind a varint length, and the
//     reference is its arena position (16-bit block, 20-bit offset).
// A hit on the tag (24 bits of a remix of the hash, independent of the slot index, so about
// one probe in 16 million compares keys in vain) is confirmed by comparing the bytes (in the
// file, which may have been paged out and is then read back), so the check is exact: no
// false duplicates from hash collisions. Growing the table hashes every key again, reading
// it back: the loader reserve()s room for its estimate of the rows up front.
// The table is at most 75% full, and not a power of two (the slot index is the hash's top
// 32 bits scaled to the table size), so that it is not twice the size it needs at worst:
// for 10M contact ids from a CSV file, 13.5M slots, 108 MB, about 11 bytes per id. A big
// table is a whole number of 2 MiB blocks (big_blocks.hpp).
//
// The table is far larger than the caches, so an insert is one cache miss; callers that
// know the id early hash it and prefetch() its slot, then insert() later.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "contactkpi/detail/big_blocks.hpp"

namespace contactkpi::detail {

class IdSet {
 public:
  IdSet() = default;
  /// Ids inside `data` may be kept as references into it (see the file comment); `data`
  /// must stay readable (it may be paged out) for the lifetime of the set.
  explicit IdSet(std::string_view data) noexcept : data_{data} {}

  [[nodiscard]] static std::uint64_t hash(std::string_view id) noexcept;
  /// Room for `ids` ids without growing the table.
  void reserve(std::size_t ids);
  /// Starts loading the slot where `hash` would go.
  void prefetch(std::uint64_t hash) const noexcept {
    if (!table_.empty()) __builtin_prefetch(&table_[index_of(hash)]);
  }
  /// Inserts `id`; false when it was already there. `hash` must be hash(id). `where`, if
  /// not null, points to the same bytes inside the data given to the constructor.
  bool insert(std::string_view id, std::uint64_t hash, const char* where = nullptr);
  bool insert(std::string_view id) { return insert(id, hash(id)); }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }

 private:
  static constexpr std::size_t block_bytes = std::size_t{1} << 20;

  /// The slot where `hash` is looked for first: its top 32 bits scaled to the table size.
  [[nodiscard]] std::size_t index_of(std::uint64_t hash) const noexcept {
    return static_cast<std::size_t>(((hash >> 32U) * table_.size()) >> 32U);
  }
  [[nodiscard]] std::string_view stored(std::uint64_t slot) const noexcept;
  std::uint64_t store(std::string_view id, std::uint64_t hash, const char* where);
  void grow(std::size_t capacity);

  std::string_view data_{};
  using Table = std::vector<std::uint64_t, BigBlockAllocator<std::uint64_t>>;
  Table table_;  // 12 MB at 1M ids, read at random; a big block
  std::size_t size_ = 0;
  std::vector<std::unique_ptr<char[]>> blocks_;  // NOLINT(*-avoid-c-arrays)
  std::size_t used_in_last_ = block_bytes;       // forces a first block
};

}  // namespace contactkpi::detail
