// SPDX-License-Identifier: MIT
// Field parsers: hand-written, locale-free, allocation-free.
#include "contactkpi/io/parse.hpp"

#include <array>
#include <charconv>
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

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
constexpr std::int64_t days_from_civil(int y, int m, int d) noexcept {
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

static_assert(days_from_civil(1970, 1, 1) == 0);
static_assert(days_from_civil(2000, 3, 1) == 11017);

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
  // Fixed part: YYYY-MM-DDTHH:MM:SS (19 characters).
  if (text.size() < 19) return ParseErrc::syntax;
  for (const std::size_t i : {0U, 1U, 2U, 3U}) {
    if (!is_digit(text[i])) return ParseErrc::syntax;
  }
  if (text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't') || text[13] != ':' ||
      text[16] != ':') {
    return ParseErrc::syntax;
  }
  const int year =
      digit(text[0]) * 1000 + digit(text[1]) * 100 + digit(text[2]) * 10 + digit(text[3]);
  const int month = two_digits(text, 5);
  const int day = two_digits(text, 8);
  const int hour = two_digits(text, 11);
  const int minute = two_digits(text, 14);
  const int second = two_digits(text, 17);
  if (month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return ParseErrc::syntax;

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
  if (text.empty()) return ParseErrc::empty;
  using detail::iequals;
  if (text == "1" || iequals(text, "true") || iequals(text, "yes") || iequals(text, "y"))
    return true;
  if (text == "0" || iequals(text, "false") || iequals(text, "no") || iequals(text, "n"))
    return false;
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
