// SPDX-License-Identifier: MIT
// Field parsers: hand-written, locale-free, allocation-free.
#include "contactkpi/io/parse.hpp"

#include <array>
#include <bit>
#include <charconv>
#include <cstring>
#include <system_error>

#include "detail/text.hpp"

namespace contactkpi::io {

namespace {

constexpr bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}
constexpr int digit(char c) noexcept {
  return c - '0';
}

/// Two digits at s[i], s[i+1]; -1 when either is not a digit.
constexpr int two_digits(std::string_view s, std::size_t i) noexcept {
  if (!is_digit(s[i]) || !is_digit(s[i + 1])) return -1;
  return digit(s[i]) * 10 + digit(s[i + 1]);
}

constexpr bool is_leap(int y) noexcept {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

constexpr int days_in_month(int y, int m) noexcept {
  constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[static_cast<std::size_t>(m - 1)];
}

/// Days since 1970-01-01 of a proleptic Gregorian date of the years 0000..9999 (H. Hinnant's
/// days_from_civil, with the year moved up by one 400-year era so that every quotient is of
/// non-negative numbers: unsigned divisions by constants, no sign fix-ups).
constexpr std::int64_t days_from_civil(int y, int m, int d) noexcept {
  const auto yy = static_cast<unsigned>(y + 400 - (m <= 2 ? 1 : 0));
  const unsigned era = yy / 400;
  const unsigned yoe = yy - era * 400;
  const auto mp = static_cast<unsigned>(m > 2 ? m - 3 : m + 9);
  const unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(d) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + doe - 719468 - 146097;
}

static_assert(days_from_civil(1970, 1, 1) == 0);
// 0000 is a leap year: 1970 years of 365 days plus 478 leap days (1969/4 + 1 for year 0,
// minus 19 centuries, plus 4 of those divisible by 400) = 719528 days before 1970.
static_assert(days_from_civil(0, 1, 1) == -719528);
// 253402300799 s = 9999-12-31T23:59:59Z, the largest time_t of a four-digit year.
static_assert(days_from_civil(9999, 12, 31) == 253402300799 / 86400);
static_assert(days_from_civil(2000, 3, 1) == 11017);

/// The 8 bytes at p as an integer, p[0] in the low byte, whatever the machine's byte order.
inline std::uint64_t load_le8(const char* p) noexcept {
  std::uint64_t x = 0;
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(&x, p, sizeof x);
  } else {
    for (unsigned i = 0; i < 8; ++i) {
      x |= std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
    }
  }
  return x;
}

constexpr std::uint64_t ones = 0x0101010101010101;

/// SWAR check of 8 bytes at once: every byte of `x` under `digits` (0xFF bytes) is '0'..'9',
/// and every byte under `sep_mask` equals that byte of `sep`.
constexpr bool shape_ok(std::uint64_t x, std::uint64_t digits, std::uint64_t sep_mask,
                        std::uint64_t sep) noexcept {
  // The digit values (and 0 elsewhere): a byte is a digit iff its value v is < 16 and v + 6
  // is < 16. No carry crosses bytes unless some v >= 16, which already fails the check.
  const std::uint64_t v = (x ^ (ones * '0')) & digits;
  return ((v | (v + ones * 6)) & (ones * 0xF0)) == 0 && (x & sep_mask) == sep;
}

/// Byte i of `t` holds 10 × (byte i of v) + (byte i + 1 of v), for bytes of v that are 0..9.
constexpr std::uint64_t pairs(std::uint64_t v) noexcept {
  return v * 10 + (v >> 8);
}

constexpr int byte_at(std::uint64_t x, unsigned i) noexcept {
  return static_cast<int>((x >> (8 * i)) & 0xFF);
}

/// Validates the shape of a plain decimal (optional '-', digits, optional '.' digits, at
/// least one digit). Returns false for anything else.
constexpr bool is_plain_decimal(std::string_view s) noexcept {
  std::size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  bool any_digit = false;
  bool seen_dot = false;
  for (; i < s.size(); ++i) {
    if (is_digit(s[i])) {
      any_digit = true;
    } else if (s[i] == '.' && !seen_dot) {
      seen_dot = true;
    } else {
      return false;
    }
  }
  return any_digit;
}

}  // namespace

std::string_view to_string(ParseErrc error) noexcept {
  switch (error) {
    case ParseErrc::empty:
      return "empty";
    case ParseErrc::syntax:
      return "syntax error";
    case ParseErrc::out_of_range:
      return "out of range";
    case ParseErrc::no_such_day:
      return "no such day";
    case ParseErrc::missing_offset:
      return "missing UTC offset";
    case ParseErrc::negative:
      return "negative";
  }
  return "unknown";
}

ParseResult<Timestamp> parse_timestamp(std::string_view text) noexcept {
  if (text.empty()) return ParseErrc::empty;
  // Fixed part: YYYY-MM-DDTHH:MM:SS (19 characters), checked as three overlapping 8-byte
  // words: "YYYY-MM-" (0..7), "DDTHH:MM" (8..15, 'T' or 't') and "HH:MM:SS" (11..18).
  if (text.size() < 19) return ParseErrc::syntax;
  const std::uint64_t w0 = load_le8(text.data());
  const std::uint64_t w1 = load_le8(text.data() + 8);
  const std::uint64_t w2 = load_le8(text.data() + 11);
  constexpr std::uint64_t date_digits = 0x00FF'FF00'FFFF'FFFF;  // bytes 0-3, 5-6
  constexpr std::uint64_t time_digits = 0xFFFF'00FF'FF00'FFFF;  // bytes 0-1, 3-4, 6-7
  if (!shape_ok(w0, date_digits, 0xFF00'00FF'0000'0000, 0x2D00'002D'0000'0000) ||  // '-' '-'
      !shape_ok(w1, time_digits, 0x0000'FF00'00DF'0000, 0x0000'3A00'0054'0000) ||  // 'T'/'t' ':'
      !shape_ok(w2, time_digits, 0x0000'FF00'00FF'0000, 0x0000'3A00'003A'0000)) {  // ':' ':'
    return ParseErrc::syntax;
  }
  const std::uint64_t p0 = pairs((w0 ^ (ones * '0')) & date_digits);
  const std::uint64_t p1 = pairs((w1 ^ (ones * '0')) & time_digits);
  const std::uint64_t p2 = pairs((w2 ^ (ones * '0')) & time_digits);
  const int year = byte_at(p0, 0) * 100 + byte_at(p0, 2);
  const int month = byte_at(p0, 5);
  const int day = byte_at(p1, 0);
  const int hour = byte_at(p1, 3);
  const int minute = byte_at(p1, 6);
  const int second = byte_at(p2, 6);

  std::size_t i = 19;
  std::int64_t micros = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    const std::size_t first = i;
    int kept = 0;
    while (i < text.size() && is_digit(text[i])) {
      if (kept < 6) {
        micros = micros * 10 + digit(text[i]);
        ++kept;
      }
      ++i;
    }
    const std::size_t n = i - first;
    if (n == 0 || n > 9) return ParseErrc::syntax;
    for (; kept < 6; ++kept) micros *= 10;
  }

  // Offset.
  if (i == text.size()) return ParseErrc::missing_offset;
  int offset_minutes = 0;
  if (text[i] == 'Z' || text[i] == 'z') {
    ++i;
  } else if (text[i] == '+' || text[i] == '-') {
    const int sign = text[i] == '-' ? -1 : 1;
    ++i;
    const std::size_t rest = text.size() - i;
    int oh = -1;
    int om = -1;
    if (rest == 5 && text[i + 2] == ':') {
      oh = two_digits(text, i);
      om = two_digits(text, i + 3);
    } else if (rest == 4) {
      oh = two_digits(text, i);
      om = two_digits(text, i + 2);
    } else {
      return ParseErrc::syntax;
    }
    if (oh < 0 || om < 0) return ParseErrc::syntax;
    if (om > 59 || oh * 60 + om > 18 * 60) return ParseErrc::out_of_range;
    offset_minutes = sign * (oh * 60 + om);
    i = text.size();
  } else {
    return ParseErrc::syntax;
  }
  if (i != text.size()) return ParseErrc::syntax;

  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
    return ParseErrc::out_of_range;
  }
  if (day > days_in_month(year, month)) return ParseErrc::no_such_day;

  const std::int64_t days = days_from_civil(year, month, day);
  const std::int64_t secs = days * 86400 + std::int64_t{hour} * 3600 + std::int64_t{minute} * 60 +
                            second - std::int64_t{offset_minutes} * 60;
  return Timestamp{Duration{secs * 1'000'000 + micros}};
}

ParseResult<Duration> parse_seconds(std::string_view text) noexcept {
  if (text.empty()) return ParseErrc::empty;
  bool negative = false;
  std::size_t i = 0;
  if (text[0] == '-') {
    negative = true;
    ++i;
  }
  constexpr std::int64_t max_seconds = 1'000'000'000'000;  // 10^12 text, about 31,700 years
  std::int64_t whole = 0;
  bool any_digit = false;
  bool overflow = false;
  for (; i < text.size() && is_digit(text[i]); ++i) {
    any_digit = true;
    whole = whole * 10 + digit(text[i]);
    if (whole > max_seconds) {
      overflow = true;
      whole = max_seconds + 1;  // keep scanning for syntax, without overflowing
    }
  }
  std::int64_t micros = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    int kept = 0;
    for (; i < text.size() && is_digit(text[i]); ++i) {
      any_digit = true;
      if (kept < 6) {
        micros = micros * 10 + digit(text[i]);
        ++kept;
      }
    }
    for (; kept < 6; ++kept) micros *= 10;
  }
  if (i != text.size() || !any_digit) return ParseErrc::syntax;
  if (negative && (whole != 0 || micros != 0)) return ParseErrc::negative;
  if (overflow || (whole == max_seconds && micros > 0)) return ParseErrc::out_of_range;
  return Duration{whole * 1'000'000 + micros};
}

ParseResult<bool> parse_bool(std::string_view text) noexcept {
  // The length picks the one spelling the text can be; then one comparison.
  using detail::iequals;
  switch (text.size()) {
    case 0:
      return ParseErrc::empty;
    case 1:
      if (text == "1" || iequals(text, "y")) return true;
      if (text == "0" || iequals(text, "n")) return false;
      break;
    case 2:
      if (iequals(text, "no")) return false;
      break;
    case 3:
      if (iequals(text, "yes")) return true;
      break;
    case 4:
      if (iequals(text, "true")) return true;
      break;
    case 5:
      if (iequals(text, "false")) return false;
      break;
    default:
      break;
  }
  return ParseErrc::syntax;
}

ParseResult<double> parse_number(std::string_view text) noexcept {
  if (text.empty()) return ParseErrc::empty;
  if (!is_plain_decimal(text)) return ParseErrc::syntax;
  double value = 0;
  const char* const last = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), last, value, std::chars_format::fixed);
  if (ec == std::errc::result_out_of_range) return ParseErrc::out_of_range;
  if (ec != std::errc{} || ptr != last) return ParseErrc::syntax;
  return value;
}

ParseResult<double> parse_score(std::string_view text) noexcept {
  const auto n = parse_number(text);
  if (!n) return n;
  if (!(*n >= 0.0 && *n <= 100.0)) return ParseErrc::out_of_range;
  return *n == 0.0 ? 0.0 : *n;  // "-0" is 0
}

ParseResult<std::int64_t> parse_int(std::string_view text) noexcept {
  if (text.empty()) return ParseErrc::empty;
  std::size_t i = text[0] == '-' ? 1 : 0;
  if (i == text.size()) return ParseErrc::syntax;
  for (std::size_t j = i; j < text.size(); ++j) {
    if (!is_digit(text[j])) return ParseErrc::syntax;
  }
  std::int64_t value = 0;
  const char* const last = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), last, value);
  if (ec == std::errc::result_out_of_range) return ParseErrc::out_of_range;
  if (ec != std::errc{} || ptr != last) return ParseErrc::syntax;
  return value;
}

}  // namespace contactkpi::io
