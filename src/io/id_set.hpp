// SPDX-License-Identifier: MIT
// Private: the set of ids seen in a file, for the duplicate check.
//
// Memory matters at 10M rows, so this is not an unordered_set<string> (about 70 bytes per
// id plus the string). Ids are copied into an arena of 1 MiB blocks, each behind a
// one-byte (or varint) length; the table is open addressing with linear probing over one
// 64-bit word per slot: a 20-bit hash tag, a 24-bit block index and a 20-bit offset. A hit on
// the tag is confirmed by comparing the stored bytes, so the check is exact (no false
// duplicates from hash collisions). For 10M ids of 12 bytes: about 130 MB of arena plus
// 128 MB of table (16M slots at load ≤ 0.7), ~26 bytes per id.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace contactkpi::detail {

class IdSet {
 public:
  /// Inserts `id`; false when it was already there.
  bool insert(std::string_view id);
  [[nodiscard]] std::size_t size() const noexcept { return size_; }

 private:
  static constexpr std::size_t block_bytes = std::size_t{1} << 20;

  [[nodiscard]] std::string_view stored(std::uint64_t slot) const noexcept;
  std::uint64_t store(std::string_view id, std::uint64_t tag);
  void grow();

  std::vector<std::uint64_t> table_;
  std::size_t size_ = 0;
  std::vector<std::unique_ptr<char[]>> blocks_;  // NOLINT(*-avoid-c-arrays)
  std::size_t used_in_last_ = block_bytes;       // forces a first block
};

}  // namespace contactkpi::detail
