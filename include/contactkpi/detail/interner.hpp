// SPDX-License-Identifier: MIT
// contactkpi/detail/interner.hpp: string → dense id table used by the accumulators.
//
// Not part of the API: it lives in a public header only because accumulators keep one as a
// private member. Lookups take a string_view and never allocate; a first-seen key is
// appended to one contiguous buffer (amortised growth).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <string_view>
#include <vector>

namespace contactkpi::detail {

/// Maps strings to ids 0, 1, 2, ... in order of first appearance.
///
/// Open addressing with linear probing over a power-of-two table of (hash tag, id, key
/// position) slots, at most half full; the keys live back to back in one buffer, each as
/// (4-byte length, bytes). A lookup touches one slot and one key record, where
/// std::unordered_map<std::string, ...> walks a bucket, a node and a heap string; per key it
/// stores the bytes plus about 44 bytes instead of a node and a string.
class Interner {
 public:
  /// The id that stands for "no key" (e.g. an empty customer_id).
  static constexpr std::uint32_t npos = std::numeric_limits<std::uint32_t>::max();

  /// The id of `key`, adding it when first seen. Amortised O(1).
  /// Precondition: key.size() < 2^32 and fewer than 2^32 − 1 distinct keys.
  std::uint32_t intern(std::string_view key) {
    if (2 * (size() + 1) > slots_.size()) grow();
    const std::size_t hash = std::hash<std::string_view>{}(key);
    const std::size_t mask = slots_.size() - 1;
    const std::uint32_t tag = tag_of(hash);
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.id == npos) {
        slot = Slot{tag, static_cast<std::uint32_t>(size()), chars_.size()};
        append(key);
        return slot.id;
      }
      if (slot.tag == tag && key_at(slot.begin) == key) return slot.id;
    }
  }
  /// The id of `key`, or npos when it was never interned.
  [[nodiscard]] std::uint32_t find(std::string_view key) const noexcept {
    if (slots_.empty()) return npos;
    const std::size_t hash = std::hash<std::string_view>{}(key);
    const std::size_t mask = slots_.size() - 1;
    const std::uint32_t tag = tag_of(hash);
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      const Slot& slot = slots_[i];
      if (slot.id == npos) return npos;
      if (slot.tag == tag && key_at(slot.begin) == key) return slot.id;
    }
  }
  [[nodiscard]] std::size_t size() const noexcept { return begins_.size(); }
  /// The key of `id` (a view into this interner, valid until the next intern()).
  /// Precondition: id < size().
  [[nodiscard]] std::string_view key(std::uint32_t id) const noexcept {
    return key_at(begins_[id]);
  }
  /// The keys indexed by id (views into this interner, valid until the next intern()).
  [[nodiscard]] std::vector<std::string_view> keys() const {
    std::vector<std::string_view> out;
    out.reserve(size());
    for (std::uint32_t id = 0; id < size(); ++id) out.push_back(key(id));
    return out;
  }
  /// For each id of `other`, the id of the same key in this interner (adding missing keys).
  [[nodiscard]] std::vector<std::uint32_t> absorb(const Interner& other) {
    std::vector<std::uint32_t> remap(other.size());
    if (&other == this) {  // interning could move the keys being read
      for (std::uint32_t id = 0; id < size(); ++id) remap[id] = id;
      return remap;
    }
    for (std::uint32_t id = 0; id < other.size(); ++id) remap[id] = intern(other.key(id));
    return remap;
  }

 private:
  using Length = std::uint32_t;
  struct Slot {
    std::uint32_t tag = 0;    ///< high bits of the key's hash, to skip most key compares
    std::uint32_t id = npos;  ///< npos = empty
    std::size_t begin = 0;    ///< the key's record in chars_
  };
  [[nodiscard]] static std::uint32_t tag_of(std::size_t hash) noexcept {
    return static_cast<std::uint32_t>(static_cast<std::uint64_t>(hash) >> 32U);
  }
  void append(std::string_view key) {
    const auto length = static_cast<Length>(key.size());
    begins_.push_back(chars_.size());
    std::array<char, sizeof length> bytes{};
    std::memcpy(bytes.data(), &length, sizeof length);
    chars_.insert(chars_.end(), bytes.begin(), bytes.end());
    chars_.insert(chars_.end(), key.begin(), key.end());
  }
  [[nodiscard]] std::string_view key_at(std::size_t begin) const noexcept {
    Length length = 0;
    std::memcpy(&length, chars_.data() + begin, sizeof length);
    return {chars_.data() + begin + sizeof length, length};
  }
  void grow() {
    std::vector<Slot> table(slots_.empty() ? 16 : 2 * slots_.size());
    const std::size_t mask = table.size() - 1;
    for (const Slot& slot : slots_) {
      if (slot.id == npos) continue;
      std::size_t i = std::hash<std::string_view>{}(key_at(slot.begin)) & mask;
      while (table[i].id != npos) i = (i + 1) & mask;
      table[i] = slot;
    }
    slots_.swap(table);
  }

  std::vector<Slot> slots_;
  std::vector<char> chars_;          ///< key records (length, bytes), back to back
  std::vector<std::size_t> begins_;  ///< begins_[id] = the key's record in chars_
};

}  // namespace contactkpi::detail
