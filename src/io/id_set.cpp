// SPDX-License-Identifier: MIT
#include "io/id_set.hpp"

#include <algorithm>
#include <cstring>
#include <functional>
#include <stdexcept>

namespace contactkpi::detail {

namespace {

constexpr unsigned offset_bits = 20;
constexpr unsigned block_bits = 24;
constexpr std::uint64_t offset_mask = (std::uint64_t{1} << offset_bits) - 1;
constexpr std::uint64_t block_mask = (std::uint64_t{1} << block_bits) - 1;
constexpr unsigned tag_shift = offset_bits + block_bits;  // 44: the top 20 bits

std::uint64_t hash_of(std::string_view id) noexcept {
  return static_cast<std::uint64_t>(std::hash<std::string_view>{}(id));
}

/// The tag kept in a slot: the hash's top 20 bits, never 0 (0 marks an empty slot).
std::uint64_t tag_of(std::uint64_t hash) noexcept {
  return (hash >> tag_shift) | 1U;
}

}  // namespace

std::string_view IdSet::stored(std::uint64_t slot) const noexcept {
  const std::size_t block = static_cast<std::size_t>((slot >> offset_bits) & block_mask);
  const std::size_t offset = static_cast<std::size_t>(slot & offset_mask);
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

std::uint64_t IdSet::store(std::string_view id, std::uint64_t tag) {
  const std::size_t need = id.size() + 10;  // 10 bytes is the longest varint of a size_t
  if (need > block_bytes - used_in_last_) {
    // A new block; an id too long for one gets a block of its own size.
    blocks_.push_back(std::make_unique<char[]>(std::max(need, block_bytes)));  // NOLINT
    used_in_last_ = 0;
    if (blocks_.size() - 1 > block_mask) throw std::length_error{"IdSet: too many ids"};
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
  used_in_last_ = static_cast<std::size_t>(p - blocks_.back().get());
  if (need > block_bytes) used_in_last_ = block_bytes;  // a block of its own is full
  return (tag << tag_shift) | (static_cast<std::uint64_t>(block) << offset_bits) |
         static_cast<std::uint64_t>(offset);
}

void IdSet::grow() {
  const std::size_t capacity = table_.empty() ? 1024 : table_.size() * 2;
  std::vector<std::uint64_t> old(capacity, 0);
  old.swap(table_);
  const std::size_t mask = capacity - 1;
  for (const std::uint64_t slot : old) {
    if (slot == 0) continue;
    std::size_t i = static_cast<std::size_t>(hash_of(stored(slot))) & mask;
    while (table_[i] != 0) i = (i + 1) & mask;
    table_[i] = slot;
  }
}

bool IdSet::insert(std::string_view id) {
  if ((size_ + 1) * 10 > table_.size() * 7) grow();
  const std::uint64_t hash = hash_of(id);
  const std::uint64_t tag = tag_of(hash);
  const std::size_t mask = table_.size() - 1;
  std::size_t i = static_cast<std::size_t>(hash) & mask;
  while (table_[i] != 0) {
    if ((table_[i] >> tag_shift) == tag && stored(table_[i]) == id) return false;
    i = (i + 1) & mask;
  }
  table_[i] = store(id, tag);
  ++size_;
  return true;
}

}  // namespace contactkpi::detail
