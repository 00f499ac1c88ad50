// SPDX-License-Identifier: MIT
// contactkpi/io/parse.hpp: the field parsers behind the loaders (SPEC §1.1), for the CLI
// (--from / --to / --as-of) and the fuzz targets.
//
// Every parser is locale-free, allocation-free, never throws, reads the whole text (no
// leading or trailing blanks are skipped) and returns a ParseResult: a value or a reason.
//
// Example:
//
//     using namespace contactkpi::io;
//     if (auto t = parse_timestamp("2026-03-02T10:15:00+01:00")) {
//       // *t == sys_days{2026y/March/2} + 9h + 15min
//     } else {
//       std::puts(to_string(t.error()).data());   // e.g. "missing UTC offset"
//     }
#pragma once

#include <cstdint>
#include <string_view>

#include "contactkpi/types.hpp"

namespace contactkpi::io {

/// Why a field could not be parsed.
enum class ParseErrc : std::uint8_t {
  empty,           ///< the text is empty
  syntax,          ///< not in the expected form (letters in a number, wrong separators...)
  out_of_range,    ///< a component or the value is outside its range (month 13, score 101...)
  no_such_day,     ///< a valid month but no such day in it (2026-02-29, 2026-04-31)
  missing_offset,  ///< a timestamp without `Z` or a numeric UTC offset
  negative,        ///< a negative value where only values ≥ 0 are allowed
};

/// Short English text for a reason, e.g. "missing UTC offset".
[[nodiscard]] std::string_view to_string(ParseErrc error) noexcept;

/// A parsed value or the reason it could not be parsed (`std::expected`-style names).
template <class T>
class ParseResult {
 public:
  constexpr ParseResult(T value) noexcept : value_{value} {}  // NOLINT: implicit on purpose
  constexpr ParseResult(ParseErrc error) noexcept : error_{error}, ok_{false} {}  // NOLINT

  [[nodiscard]] constexpr bool has_value() const noexcept { return ok_; }
  constexpr explicit operator bool() const noexcept { return ok_; }
  /// Precondition: has_value().
  [[nodiscard]] constexpr const T& value() const noexcept { return value_; }
  [[nodiscard]] constexpr const T& operator*() const noexcept { return value_; }
  /// Precondition: !has_value().
  [[nodiscard]] constexpr ParseErrc error() const noexcept { return error_; }
  [[nodiscard]] constexpr T value_or(T fallback) const noexcept { return ok_ ? value_ : fallback; }

 private:
  T value_{};
  ParseErrc error_ = ParseErrc::empty;
  bool ok_ = true;
};

/// Parses an ISO-8601 / RFC 3339 timestamp `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM|±HHMM)`
/// into UTC.
///
/// - `T` and `Z` may also be lower case (RFC 3339 §5.6); no other separator is accepted.
/// - Year 0000..9999, month 01..12, the day must exist (Feb 29 only in leap years:
///   `no_such_day`), hour 00..23, minute 00..59, second 00..59 (no leap second 60).
/// - The fraction has 1 to 9 digits; digits beyond the sixth (microseconds) are
///   **truncated**, i.e. the time is rounded down to the microsecond, never up into the next
///   second, so `.9999999` stays in its second.
/// - The offset is required (`missing_offset` otherwise): `Z`, `±HH:MM` or `±HHMM`, at most
///   ±18:00 (the range of java.time / .NET offsets; real zones use −12:00..+14:00), minutes
///   00..59. `-00:00` is accepted as UTC.
///
/// Complexity: one pass over at most 35 characters.
///
/// Example:
///
///     parse_timestamp("2026-03-02T09:15:00.25Z")     // 09:15:00.250000 UTC
///     parse_timestamp("2026-03-02T09:15:00")         // ParseErrc::missing_offset
[[nodiscard]] ParseResult<Timestamp> parse_timestamp(std::string_view text) noexcept;

/// Parses a non-negative decimal number of seconds (`12`, `12.5`, `.5`, `12.`) into
/// microseconds. No sign other than a leading `-` (reported as `negative` when the rest is a
/// valid non-zero number; `-0` is 0), no exponent, no blanks, no thousands separators.
/// Digits beyond the sixth decimal are truncated (rounded towards zero). At most
/// 10^12 seconds (`out_of_range` above).
///
/// Example:
///
///     parse_seconds("312.25")   // 312'250'000 µs
///     parse_seconds("-1")       // ParseErrc::negative
[[nodiscard]] ParseResult<Duration> parse_seconds(std::string_view text) noexcept;

/// Parses a boolean: true/false, 1/0, yes/no, y/n, ASCII case-insensitive. Nothing else
/// (not t/f, on/off or blanks around the word).
///
/// Example:
///
///     parse_bool("Yes")   // true
///     parse_bool("2")     // ParseErrc::syntax
[[nodiscard]] ParseResult<bool> parse_bool(std::string_view text) noexcept;

/// Parses a plain decimal number: optional leading `-`, digits with an optional `.`
/// fraction (at least one digit in all). No exponent, `inf` or `nan`, no `+`, no blanks.
/// The result is the nearest double (std::from_chars).
///
/// Example:
///
///     parse_number("87.5")   // 87.5
///     parse_number("1e2")    // ParseErrc::syntax
[[nodiscard]] ParseResult<double> parse_number(std::string_view text) noexcept;

/// parse_number restricted to 0..100 inclusive (QA and quality scores); `out_of_range`
/// outside.
///
/// Example:
///
///     parse_score("100")     // 100.0
///     parse_score("100.01")  // ParseErrc::out_of_range
[[nodiscard]] ParseResult<double> parse_score(std::string_view text) noexcept;

/// Parses a whole decimal integer: optional leading `-`, then digits only (no `+`, no
/// fraction, no blanks). `out_of_range` when it does not fit in 64 bits.
///
/// Example:
///
///     parse_int("1200")   // 1200
///     parse_int("12.0")   // ParseErrc::syntax
[[nodiscard]] ParseResult<std::int64_t> parse_int(std::string_view text) noexcept;

}  // namespace contactkpi::io
