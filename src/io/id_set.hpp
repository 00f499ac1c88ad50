// SPDX-License-Identifier: MIT
// Private: the set of ids seen in a file, for the duplicate check.
//
// Memory matters at 10M rows, so this is not an unordered_set<string> (about 70 bytes per
// id plus the string). Ids are copied into an arena of 1 MiB blocks, each behind a varint
// length; the table is open addressing with linear probing over one 64-bit word per slot:
// the top 28 bits of the id's 64-bit hash and a 36-bit arena position (16-bit block, 20-bit
// offset: 64 GiB of ids). A hit on the hash bits is confirmed by comparing the stored bytes,
// so the check is exact (no false duplicates from hash collisions). The slot index is taken
// from the top bits of the hash, so growing the table (up to 2^28 slots) needs only the
// slots, never the arena. For 10M ids of 12 bytes: about 130 MB of arena plus 128 MB of
// table (16M slots at load ≤ 0.7), ~26 bytes per id.
//
// The table is far larger than the caches, so an insert is one cache miss; callers that
// know the id early hash it and prefetch() its slot, then insert() later.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace contactkpi::detail {

class IdSet {
 public:
  [[nodiscard]] static std::uint64_t hash(std::string_view id) noexcept;
  /// Starts loading the slot where `hash` would go.
  void prefetch(std::uint64_t hash) const noexcept {
    if (!table_.empty()) __builtin_prefetch(&table_[hash >> shift_]);
  }
  /// Inserts `id`; false when it was already there. `hash` must be hash(id).
  bool insert(std::string_view id, std::uint64_t hash);
  bool insert(std::string_view id) { return insert(id, hash(id)); }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }

 private:
  static constexpr std::size_t block_bytes = std::size_t{1} << 20;

  [[nodiscard]] std::string_view stored(std::uint64_t slot) const noexcept;
  std::uint64_t store(std::string_view id, std::uint64_t hash);
  void grow();

  std::vector<std::uint64_t> table_;
  unsigned shift_ = 64;  // index = hash >> shift_
  std::size_t size_ = 0;
  std::vector<std::unique_ptr<char[]>> blocks_;  // NOLINT(*-avoid-c-arrays)
  std::size_t used_in_last_ = block_bytes;       // forces a first block
};

}  // namespace contactkpi::detail
