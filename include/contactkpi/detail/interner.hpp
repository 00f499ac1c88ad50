// SPDX-License-Identifier: MIT
// contactkpi/detail/interner.hpp: string → dense id table used by the accumulators.
//
// Not part of the API: it lives in a public header only because accumulators keep one as a
// private member. Lookups take a string_view and never allocate; only a first-seen key is
// copied.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace contactkpi::detail {

/// Maps strings to ids 0, 1, 2, ... in order of first appearance.
class Interner {
 public:
  /// The id that stands for "no key" (e.g. an empty customer_id).
  static constexpr std::uint32_t npos = std::numeric_limits<std::uint32_t>::max();

  /// The id of `key`, adding it when first seen. Amortised O(1); allocates only for a new key.
  std::uint32_t intern(std::string_view key) {
    if (const auto it = ids_.find(key); it != ids_.end()) return it->second;
    const auto id = static_cast<std::uint32_t>(ids_.size());
    ids_.emplace(std::string{key}, id);
    return id;
  }
  /// The id of `key`, or npos when it was never interned.
  [[nodiscard]] std::uint32_t find(std::string_view key) const {
    const auto it = ids_.find(key);
    return it == ids_.end() ? npos : it->second;
  }
  [[nodiscard]] std::size_t size() const noexcept { return ids_.size(); }

  /// The keys indexed by id (views into this interner; valid while it is not modified).
  [[nodiscard]] std::vector<std::string_view> keys() const {
    std::vector<std::string_view> out(ids_.size());
    for (const auto& [key, id] : ids_) out[id] = key;
    return out;
  }
  /// For each id of `other`, the id of the same key in this interner (adding missing keys).
  [[nodiscard]] std::vector<std::uint32_t> absorb(const Interner& other) {
    std::vector<std::uint32_t> remap(other.ids_.size());
    for (const auto& [key, id] : other.ids_) remap[id] = intern(key);
    return remap;
  }

 private:
  struct Hash {
    using is_transparent = void;
    [[nodiscard]] std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> ids_;
};

}  // namespace contactkpi::detail
