// SPDX-License-Identifier: MIT
// Private text helpers shared by the library's sources. Never installed.
#pragma once

#include <string_view>

namespace contactkpi::detail {

/// ASCII case-insensitive equality (no locale).
[[nodiscard]] constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

/// iequals(text, name) for a `name` made only of the letters a-z: each byte is folded with
/// | 0x20, which maps exactly 'A'-'Z' and 'a'-'z' onto a-z (no other byte lands on a
/// letter), and the differences are collected without a branch per byte.
[[nodiscard]] constexpr bool iequals_letters(std::string_view text,
                                             std::string_view name) noexcept {
  if (text.size() != name.size()) return false;
  unsigned diff = 0;
  for (std::size_t i = 0; i < name.size(); ++i) {
    diff |= static_cast<unsigned>(static_cast<unsigned char>(text[i]) | 0x20U) ^
            static_cast<unsigned char>(name[i]);
  }
  return diff == 0;
}

}  // namespace contactkpi::detail
