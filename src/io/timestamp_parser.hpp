// SPDX-License-Identifier: MIT
// Private: io::parse_timestamp with a one-entry cache of the last month it read, for the row
// builders, which parse millions of timestamps of the same few months. Never installed.
#pragma once

#include <cstdint>
#include <string_view>

#include "contactkpi/io/parse.hpp"
#include "contactkpi/types.hpp"

namespace contactkpi::detail {

/// Parses timestamps exactly as io::parse_timestamp does (same values, same errors), and
/// remembers the `YYYY-MM-` of the last valid month it saw: a text of that month skips the
/// checks and the calendar arithmetic of its year and month. One object per thread (it is a
/// plain value, not synchronised); io::parse_timestamp uses a fresh one for each call.
///
/// Complexity: constant (one pass over at most 35 characters).
///
/// Example:
///
///     TimestampParser times;
///     times.parse("2026-03-02T09:15:00Z");        // fills the cache with 2026-03
///     times.parse("2026-03-31T23:59:59+05:30");   // a cache hit
///     times.parse("2026-03-32T00:00:00Z");        // ParseErrc::out_of_range, as ever
class TimestampParser {
 public:
  /// io::parse_timestamp(text), using and updating the cached month.
  [[nodiscard]] io::ParseResult<Timestamp> parse(std::string_view text) noexcept;

 private:
  /// "YYYY-MM-" as 8 little-endian bytes (text[0] in the low byte).
  static constexpr std::uint64_t key_of(std::string_view yyyy_mm) noexcept {
    std::uint64_t key = 0;
    for (std::size_t i = 0; i < 8; ++i) {
      key |= std::uint64_t{static_cast<unsigned char>(yyyy_mm[i])} << (8 * i);
    }
    return key;
  }

  /// Checks the 8 bytes `YYYY-MM-` of a text and caches their month; false (cache unchanged)
  /// when they are not a valid year and month.
  bool load_month(std::uint64_t yyyy_mm) noexcept;

  // Initially 1970-01, a valid month, so that a hit always means a valid month.
  std::uint64_t key_ = key_of("1970-01-");
  std::int64_t day_zero_seconds_ = -86400;  ///< the day before the 1st, in seconds since 1970
  unsigned days_ = 31;                      ///< days in the month
};

}  // namespace contactkpi::detail
