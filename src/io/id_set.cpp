// SPDX-License-Identifier: MIT
#include "io/id_set.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "contactkpi/detail/hash.hpp"

namespace contactkpi::detail {

namespace {

// Slot: hash >> 40 (24 bits) | mode (1 bit) | reference (39 bits); 0 = empty.
//   mode 1, in the data: length (7 bits, 1..127) | offset in the data (32 bits);
//   mode 0, in the arena: block (16 bits) | offset in the block (20 bits, never 0).
constexpr unsigned offset_bits = 20;
constexpr unsigned block_bits = 16;
constexpr unsigned hash_shift = 40;  // the slot keeps tag_of(hash) >> 40
constexpr std::uint64_t in_data_bit = std::uint64_t{1} << 39;
constexpr unsigned data_offset_bits = 32;
constexpr std::uint64_t data_offset_mask = (std::uint64_t{1} << data_offset_bits) - 1;
constexpr std::size_t max_in_data = 127;
constexpr std::uint64_t offset_mask = (std::uint64_t{1} << offset_bits) - 1;
constexpr std::uint64_t block_mask = (std::uint64_t{1} << block_bits) - 1;

/// The bits kept in a slot to skip most key comparisons. The slot index comes from the top
/// bits of the hash, so the tag must not: neighbouring slots would share most of their tag
/// and every probe would compare keys (reading the file back for ids kept there).
constexpr std::uint64_t tag_of(std::uint64_t hash) noexcept {
  hash ^= hash >> 31U;
  hash *= 0xBF58476D1CE4E5B9ULL;
  return (hash ^ (hash >> 29U)) >> hash_shift;
}

/// Slots for `ids` ids at a load of at most 75%: at least 1024, a multiple of 1024, and
/// of a big block's worth of slots (2 MiB) once the table is a big block (big_blocks.hpp
/// rounds it up to whole ones anyway). At most 2^32 (index_of() scales 32 bits).
std::size_t capacity_for(std::size_t ids) {
  constexpr std::size_t block_slots = big_block_bytes / sizeof(std::uint64_t);
  constexpr std::size_t max_slots = std::size_t{1} << 32U;
  if (ids > max_slots / 4 * 3) throw std::length_error{"IdSet: too many ids"};
  const std::size_t slots = std::max<std::size_t>(1024, (ids * 4 + 2) / 3);
  const std::size_t step = slots >= block_slots ? block_slots : 1024;
  return std::min(max_slots, (slots + step - 1) / step * step);
}

}  // namespace

std::uint64_t IdSet::hash(std::string_view id) noexcept {
  return hash_bytes(id);
}

std::string_view IdSet::stored(std::uint64_t slot) const noexcept {
  if ((slot & in_data_bit) != 0) {
    const auto length = static_cast<std::size_t>((slot >> data_offset_bits) & max_in_data);
    return {data_.data() + (slot & data_offset_mask), length};
  }
  const auto block = static_cast<std::size_t>((slot >> offset_bits) & block_mask);
  const auto offset = static_cast<std::size_t>(slot & offset_mask);
  const char* p = blocks_[block].get() + offset;
  // Varint length (7 bits per byte, low first).
  std::size_t length = 0;
  unsigned shift = 0;
  for (;;) {
    const auto b = static_cast<unsigned char>(*p++);
    length |= static_cast<std::size_t>(b & 0x7FU) << shift;
    if ((b & 0x80U) == 0) break;
    shift += 7;
  }
  return {p, length};
}

std::uint64_t IdSet::store(std::string_view id, std::uint64_t hash, const char* where) {
  // `where` may point anywhere (e.g. a reader's scratch buffer): compare addresses as integers.
  const auto at = reinterpret_cast<std::uintptr_t>(where);            // NOLINT(*-reinterpret-cast)
  const auto begin = reinterpret_cast<std::uintptr_t>(data_.data());  // NOLINT(*-reinterpret-cast)
  if (where != nullptr && !id.empty() && id.size() <= max_in_data && at >= begin &&
      at - begin + id.size() <= data_.size() && at - begin <= data_offset_mask) {
    return (tag_of(hash) << hash_shift) | in_data_bit |
           (std::uint64_t{id.size()} << data_offset_bits) | static_cast<std::uint64_t>(at - begin);
  }
  const std::size_t need = id.size() + 10;  // 10 bytes is the longest varint of a size_t
  if (need > block_bytes - used_in_last_) {
    // A new block (an id too long for one gets a block of its own size). Offset 0 is never
    // used, so that no slot is 0, the mark of an empty slot.
    if (blocks_.size() > block_mask) throw std::length_error{"IdSet: more than 64 GiB of ids"};
    // Not zeroed (make_unique would write the whole MiB): its pages are touched as filled.
    blocks_.push_back(
        std::make_unique_for_overwrite<char[]>(std::max(need + 1, block_bytes)));  // NOLINT
    used_in_last_ = 1;
  }
  const std::size_t block = blocks_.size() - 1;
  const std::size_t offset = used_in_last_;
  char* p = blocks_.back().get() + offset;
  std::size_t length = id.size();
  do {
    auto b = static_cast<unsigned char>(length & 0x7FU);
    length >>= 7U;
    if (length != 0) b = static_cast<unsigned char>(b | 0x80U);
    *p++ = static_cast<char>(b);
  } while (length != 0);
  if (!id.empty()) std::memcpy(p, id.data(), id.size());
  p += id.size();
  used_in_last_ =
      need + 1 > block_bytes ? block_bytes : static_cast<std::size_t>(p - blocks_.back().get());
  return (tag_of(hash) << hash_shift) | (static_cast<std::uint64_t>(block) << offset_bits) |
         static_cast<std::uint64_t>(offset);
}

void IdSet::reserve(std::size_t ids) {
  const std::size_t capacity = capacity_for(ids);
  if (capacity > table_.size()) grow(capacity);
}

void IdSet::grow(std::size_t capacity) {
  Table old(capacity, 0);
  old.swap(table_);
  const std::size_t end = table_.size();
  // Every key is hashed again (read back from the arena or the file): reserve() avoids this.
  for (const std::uint64_t slot : old) {
    if (slot == 0) continue;
    std::size_t i = index_of(hash(stored(slot)));
    while (table_[i] != 0) i = i + 1 == end ? 0 : i + 1;
    table_[i] = slot;
  }
}

bool IdSet::insert(std::string_view id, std::uint64_t hash, const char* where) {
  if ((size_ + 1) * 4 > table_.size() * 3) grow(capacity_for(2 * size_ + 1));
  const std::uint64_t bits = tag_of(hash);
  const std::size_t end = table_.size();
  std::size_t i = index_of(hash);
  while (table_[i] != 0) {
    if ((table_[i] >> hash_shift) == bits && equal_bytes(stored(table_[i]), id)) return false;
    i = i + 1 == end ? 0 : i + 1;
  }
  table_[i] = store(id, hash, where);
  ++size_;
  return true;
}

}  // namespace contactkpi::detail
