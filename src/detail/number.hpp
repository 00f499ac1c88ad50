// SPDX-License-Identifier: MIT
// Private number formatting for messages and compact text forms. Never installed.
#pragma once

#include <array>
#include <charconv>
#include <string>

namespace contactkpi::detail {

/// The shortest text that reads back as the same double ("80", "79.999999", "1e+300"),
/// independent of the locale.
[[nodiscard]] inline std::string format_number(double x) {
  std::array<char, 32> buf{};
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), x);
  if (ec != std::errc{}) return "?";
  return std::string(buf.data(), end);
}

}  // namespace contactkpi::detail
