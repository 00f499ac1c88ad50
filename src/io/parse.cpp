// SPDX-License-Identifier: MIT
// Field parsers: hand-written, locale-free, allocation-free.
#include "contactkpi/io/parse.hpp"

#include <array>
#include <bit>
#include <cfloat>
#include <charconv>
#include <cstring>
#include <system_error>

#include "detail/text.hpp"
#include "io/field_parser.hpp"
#include "io/timestamp_parser.hpp"

#if defined(CONTACTKPI_TIMESTAMP_SSE)
#include <immintrin.h>
#endif

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

/// The sizeof(Word) bytes at p as an integer, p[0] in the low byte, whatever the machine's
/// byte order.
template <class Word>
inline std::uint64_t load_le(const char* p) noexcept {
  Word x = 0;
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(&x, p, sizeof x);
  } else {
    for (unsigned i = 0; i < sizeof x; ++i) {
      x |= static_cast<Word>(Word{static_cast<unsigned char>(p[i])} << (8 * i));
    }
  }
  return x;
}
inline std::uint64_t load_le8(const char* p) noexcept {
  return load_le<std::uint64_t>(p);
}
inline std::uint64_t load_le4(const char* p) noexcept {
  return load_le<std::uint32_t>(p);
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

/// The n bytes at p (1 <= n <= 8) as an integer, p[0] in the low byte, zero above byte n - 1.
/// Reads only p[0..n-1]: two overlapping 4-byte loads, or three single bytes when n < 4.
inline std::uint64_t load_le_upto8(const char* p, std::size_t n) noexcept {
  if (n >= 4) return load_le4(p) | (load_le4(p + n - 4) << (8 * (n - 4)));
  const auto byte = [p](std::size_t k) {
    return std::uint64_t{static_cast<unsigned char>(p[k])} << (8 * k);
  };
  return byte(0) | byte(n >> 1) | byte(n - 1);
}

/// The low n bytes set, 0 <= n <= 8.
constexpr std::uint64_t low_bytes(std::size_t n) noexcept {
  return n == 0 ? 0 : ~std::uint64_t{0} >> (8 * (8 - n));
}

/// Non-zero high nibbles in the bytes of x that are not '0'..'9'. The lowest flagged byte is
/// exact; a flag above it may be spurious (a carry out of a non-digit), which never matters
/// to a "first non-digit" or "all digits" test.
constexpr std::uint64_t non_digits(std::uint64_t x) noexcept {
  const std::uint64_t v = x ^ (ones * '0');
  return (v | (v + ones * 6)) & (ones * 0xF0);
}

/// Index of the lowest flagged byte of a non-zero flag word.
inline std::size_t first_flagged(std::uint64_t flags) noexcept {
  return static_cast<std::size_t>(std::countr_zero(flags)) / 8;
}

/// The number written by the 8 digit values (0..9) in the bytes of v, byte 0 the most
/// significant digit (the eight-digit conversion of fast_float and simdjson).
constexpr std::uint64_t eight_digits(std::uint64_t v) noexcept {
  v = (v * (10 * 256 + 1)) >> 8;
  v = ((v & 0x00FF'00FF'00FF'00FF) * (100 * 65536 + 1)) >> 16;
  return ((v & 0x0000'FFFF'0000'FFFF) * ((std::uint64_t{10000} << 32) + 1)) >> 32;
}

static_assert(eight_digits(0x0807'0605'0403'0201) == 12345678);
static_assert(eight_digits(0x0909'0909'0909'0909) == 99999999);
static_assert(eight_digits(0x0900'0000'0000'0000) == 9);

/// A short unsigned decimal read eight bytes at once: 1 to 8 bytes of digits with at most
/// one '.' and at most 6 digits after it (`ok` false for anything else). `micros` is the
/// value × 10^6, exact (below 10^14); `dot` the index of the '.' (the length without one),
/// `fraction` the number of digits after it.
struct ShortDecimal {
  std::int64_t micros;
  std::size_t dot;
  std::size_t fraction;
  bool ok;
};

/// short_decimal of the n bytes of x (1 <= n <= 8), zero above byte n - 1.
inline ShortDecimal short_decimal_word(std::uint64_t x, std::size_t n) noexcept {
  const std::uint64_t valid = low_bytes(n);
  // The first '.': the lowest zero byte of x ^ "........" (exact, as for non_digits).
  const std::uint64_t e = x ^ (ones * '.');
  const std::uint64_t dots = (e - ones) & ~e & (ones * 0x80) & valid;
  const bool has_dot = dots != 0;
  const std::size_t dot = has_dot ? first_flagged(dots) : n;
  // The '.' byte made a '0', so that only the other bytes are checked for digits.
  const std::uint64_t digits = has_dot ? x ^ (std::uint64_t{'.' ^ '0'} << (8 * dot)) : x;
  const std::size_t fraction = has_dot ? n - dot - 1 : 0;
  const bool ok = (non_digits(digits) & valid) == 0 && fraction <= 6 && n > (has_dot ? 1U : 0U);
  const std::uint64_t v = digits ^ (ones * '0');  // digit values in the valid bytes
  // Integer digits (bytes 0..dot-1) moved to the top: leading zero digits below them.
  const std::uint64_t whole = dot == 0 ? 0 : v << (8 * (8 - dot));
  // Fraction digits (bytes dot+1..) moved to bytes 2..: 8 digits = 00 + 6 of microseconds.
  const std::uint64_t frac =
      fraction == 0 ? 0 : ((v >> (8 * dot) >> 8) & low_bytes(fraction)) << 16;
  const auto micros =
      static_cast<std::int64_t>(eight_digits(whole) * 1'000'000 + eight_digits(frac));
  return {micros, dot, fraction, ok};
}

inline ShortDecimal short_decimal(std::string_view s) noexcept {
  const std::size_t n = s.size();
  if (n - 1 >= 8) return {0, 0, 0, false};  // n == 0 or n > 8 (unsigned wrap)
  return short_decimal_word(load_le_upto8(s.data(), n), n);
}

/// short_decimal of a text whose 8 bytes from s.data() are readable: one load.
inline ShortDecimal short_decimal_padded(std::string_view s) noexcept {
  const std::size_t n = s.size();
  if (n - 1 >= 8) return {0, 0, 0, false};  // n == 0 or n > 8 (unsigned wrap)
  return short_decimal_word(load_le8(s.data()) & low_bytes(n), n);
}

/// The short decimals parse_number takes from short_decimal: digits before the '.' and after
/// it if there is one, at most 6 decimals. Then value × 10^6 is an integer below 10^14 < 2^53,
/// exact in a double as is 10^6, and IEEE division rounds their quotient correctly: the
/// nearest double to the text, what std::from_chars returns. (Only where doubles are
/// evaluated as doubles: not with x87 extended precision.)
constexpr bool number_fast(const ShortDecimal& d, std::size_t n) noexcept {
  return FLT_EVAL_METHOD == 0 && (d.ok & (d.dot > 0) & ((d.fraction > 0) | (d.dot == n)));
}

/// parse_score's range check of a parse_number result.
constexpr ParseResult<double> score_of(ParseResult<double> n) noexcept {
  if (!n) return n;
  if (!(*n >= 0.0 && *n <= 100.0)) return ParseErrc::out_of_range;
  return *n == 0.0 ? 0.0 : *n;  // "-0" is 0
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

namespace {

/// The whole grammar of parse_timestamp, with every error in its order: the fast path below
/// hands over everything it does not handle itself.
ParseResult<Timestamp> timestamp_general(std::string_view text) noexcept {
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

/// The whole grammar of parse_seconds (see timestamp_general).
ParseResult<Duration> seconds_general(std::string_view text) noexcept {
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

/// The whole grammar of parse_bool (see timestamp_general).
ParseResult<bool> bool_general(std::string_view text) noexcept {
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

/// Days from January 1 to the first day of each month of a common year.
constexpr std::array<int, 16> days_before_month{0,   31,  59,  90,  120, 151, 181, 212,
                                                243, 273, 304, 334, 0,   0,   0,   0};
/// Days in each month of a common year, 0 for the month numbers 13..16 / 0 (index 15).
constexpr std::array<int, 16> month_days{31, 28, 31, 30, 31, 30, 31, 31,
                                         30, 31, 30, 31, 0,  0,  0,  0};

/// Days since 1970-01-01 of the first day of year 100 × century + rest (0 <= rest <= 99):
/// 365 a year plus the leap years before it, ceil(y/4) - ceil(y/100) + ceil(y/400), each a
/// shift once the year is split at the century (ceil(y/400) = ceil((century + [rest > 0]) / 4)
/// as 100 × (century mod 4) + rest - 1 < 400).
constexpr int days_before_year(int century, int rest) noexcept {
  const int past_century = rest > 0 ? 1 : 0;
  const int leaps = 25 * century + ((rest + 3) >> 2) - (century + past_century) +
                    ((century + past_century + 3) >> 2);
  return 365 * (100 * century + rest) + leaps - 719528;
}

static_assert(days_before_year(19, 70) == 0);
static_assert(days_before_year(0, 0) == days_from_civil(0, 1, 1));
static_assert(days_before_year(0, 1) == days_from_civil(1, 1, 1));
static_assert(days_before_year(1, 0) == days_from_civil(100, 1, 1));
static_assert(days_before_year(1, 1) == days_from_civil(101, 1, 1));
static_assert(days_before_year(4, 1) == days_from_civil(401, 1, 1));
static_assert(days_before_year(20, 0) == days_from_civil(2000, 1, 1));
static_assert(days_before_year(20, 26) == days_from_civil(2026, 1, 1));
static_assert(days_before_year(99, 99) == days_from_civil(9999, 1, 1));

}  // namespace

ParseResult<Timestamp> parse_timestamp(std::string_view text) noexcept {
  return detail::TimestampParser{}.parse(text);
}

ParseResult<Duration> parse_seconds(std::string_view text) noexcept {
  // Fast path: up to 8 bytes of digits and one '.', at most 6 decimals (no overflow possible).
  const ShortDecimal d = short_decimal(text);
  if (d.ok) return Duration{d.micros};
  return seconds_general(text);
}

ParseResult<bool> parse_bool(std::string_view text) noexcept {
  // Fast path for the four- and five-letter words, compared whole: OR 0x20 lower-cases a
  // letter and maps no other byte onto a lower-case letter but its upper case.
  const std::size_t n = text.size();
  if (n - 4 <= 1) {  // 4 or 5 (unsigned wrap)
    constexpr std::uint64_t lower = 0x2020'2020;
    const std::uint64_t head = load_le4(text.data()) | lower;
    const std::uint64_t end = load_le4(text.data() + n - 4) | lower;
    const bool is_true = (n == 4) & (head == 0x6575'7274);                          // "true"
    const bool is_false = (n == 5) & (head == 0x736C'6166) & (end == 0x6573'6C61);  // "fals" "alse"
    // A table rather than branches or a result built field by field: GCC builds a 3-byte
    // result with two byte stores and one wider load, which stalls store forwarding.
    static constexpr std::array<ParseResult<bool>, 4> results{
        ParseResult<bool>{ParseErrc::syntax}, ParseResult<bool>{false}, ParseResult<bool>{true},
        ParseResult<bool>{true}};
    return results[(is_true ? 2U : 0U) | (is_false ? 1U : 0U)];
  }
  return bool_general(text);
}

namespace {

/// parse_number without its fast path.
ParseResult<double> number_general(std::string_view text) noexcept {
  if (text.empty()) return ParseErrc::empty;
  if (!is_plain_decimal(text)) return ParseErrc::syntax;
  double value = 0;
  const char* const last = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), last, value, std::chars_format::fixed);
  if (ec == std::errc::result_out_of_range) return ParseErrc::out_of_range;
  if (ec != std::errc{} || ptr != last) return ParseErrc::syntax;
  return value;
}

}  // namespace

ParseResult<double> parse_number(std::string_view text) noexcept {
  // Fast path: up to 8 bytes (see number_fast).
  const ShortDecimal d = short_decimal(text);
  if (number_fast(d, text.size())) return static_cast<double>(d.micros) / 1e6;
  return number_general(text);
}

ParseResult<double> parse_score(std::string_view text) noexcept {
  return score_of(parse_number(text));
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

namespace contactkpi::detail {

using io::ParseResult;

bool TimestampParser::load_month(std::uint64_t yyyy_mm) noexcept {
  using namespace io;  // NOLINT(google-build-using-namespace): this file's private helpers
  constexpr std::uint64_t date_digits = 0x00FF'FF00'FFFF'FFFF;  // bytes 0-3, 5-6
  if (!shape_ok(yyyy_mm, date_digits, 0xFF00'00FF'0000'0000, 0x2D00'002D'0000'0000)) {
    return false;  // '-' at bytes 4 and 7
  }
  const std::uint64_t p0 = pairs((yyyy_mm ^ (ones * '0')) & date_digits);
  const int century = byte_at(p0, 0);
  const int rest = byte_at(p0, 2);
  const int month = byte_at(p0, 5);
  if (month < 1 || month > 12) return false;
  const bool leap = (rest & 3) == 0 && (rest != 0 || (century & 3) == 0);
  const auto m = static_cast<std::size_t>(month - 1);
  const int first = days_before_year(century, rest) + days_before_month[m] +
                    (month > 2 && leap ? 1 : 0);  // days since 1970 of the 1st
  key_ = yyyy_mm;
  day_zero_seconds_ = (std::int64_t{first} - 1) * 86400;
  days_ = static_cast<unsigned>(month_days[m] + (month == 2 && leap ? 1 : 0));
  limits_[0] = last_day_key(days_);
  return true;
}

ParseResult<Timestamp> TimestampParser::parse_general(std::string_view text) noexcept {
  ++general_;
  return io::timestamp_general(text);
}

ParseResult<Timestamp> TimestampParser::parse_swar(std::string_view text) noexcept {
  using namespace io;  // NOLINT(google-build-using-namespace): this file's private helpers
  // Fast path for well-formed texts: YYYY-MM- of a valid month (the cached one, or checked
  // and cached now), DDTHH:MM:SS, a fraction of 1..7 digits, Z / ±HH:MM / ±HHMM, every value
  // in range. Its only branch on the text is good or not: fraction and offset forms come in
  // random order in real files. Anything else, every error included, goes to
  // timestamp_general, which decides.
  const std::size_t n = text.size();
  if (n < 20) return parse_general(text);
  const char* const p = text.data();
  const std::uint64_t w0 = load_le8(p);
  if (w0 != key_) [[unlikely]] {
    if (!load_month(w0)) return parse_general(text);
  }
  const std::uint64_t w1 = load_le8(p + 8);        // DDTHH:MM (only DDT is checked here)
  const std::uint64_t w2 = load_le8(p + 11);       // HH:MM:SS
  const std::uint64_t tail = load_le8(p + n - 8);  // the offset in the top bytes

  // Offset: ±HHMM in bytes 3-7 of o (±HH:MM has its ':' dropped, bytes 0-4 moved up one),
  // ignored after a Z. Selections by masks, not branches (GCC turns ?: into jumps here).
  const std::uint64_t zulu = ((tail >> 56) | 0x20) == 'z' ? 1 : 0;
  const std::uint64_t colon = ((tail >> 40) & 0xFF) == ':' ? 1 : 0;
  const std::uint64_t squeezed = (tail & 0xFFFF'0000'0000'0000) | ((tail << 8) & 0xFFFF'FFFF'FF00);
  const std::uint64_t o = tail ^ ((squeezed ^ tail) & (0 - colon));
  const std::size_t offset_size = 5 + colon - zulu * (4 + colon);  // 1, 5 or 6
  const std::uint64_t vo = (o >> 32) ^ (ones * '0' >> 32);         // the 4 digit values
  const std::uint64_t po = pairs(vo);                              // HH in byte 0, MM in byte 2
  const std::int64_t om = byte_at(po, 2);
  const std::int64_t offset = std::int64_t{byte_at(po, 0)} * 60 + om;
  const std::uint64_t sign = (o >> 24) & 0xFF;
  std::uint64_t bad = ((vo | (vo + 0x0606'0606)) & 0xF0F0'F0F0) |
                      ((sign - '+') & ~std::uint64_t{2}) |  // '+' or '-'
                      static_cast<std::uint64_t>((om > 59) | (offset > std::int64_t{18} * 60));
  bad &= zulu - 1;  // none of it counts after a Z
  const std::int64_t negative = sign == '-' ? -1 : 0;
  const std::int64_t offset_minutes =
      ((offset ^ negative) - negative) & static_cast<std::int64_t>(zulu - 1);

  // Fraction: bytes 19 .. n - offset_size, none or '.' and 1..7 digits. The 8 bytes that end
  // there hold the digits at the top; rotated so that the first six land in bytes 2..7 (a
  // 7th wraps round to byte 0), masked and read as eight digits: microseconds.
  const std::size_t size = n - offset_size - 19;  // wraps round when the text is too short
  const std::size_t dot = p[19] == '.' ? 1 : 0;   // else p[19] is the offset (never a '.')
  const std::size_t fraction = size <= 8 ? size : 0;
  const std::size_t has_fraction = (fraction + 7) >> 3;  // fraction != 0, without a branch
  bad |= static_cast<std::uint64_t>((size > 8) | (size == 1) | (dot ^ has_fraction));
  const std::size_t digits = (fraction - dot) & 7;  // 0..7 when good
  const std::uint64_t f = load_le8(p + 11 + fraction);
  bad |= non_digits(f) & ~(~std::uint64_t{0} >> (8 * digits));  // the top `digits` bytes
  static constexpr std::array<std::uint64_t, 8> kept{0,
                                                     0x0000'0000'00FF'0000,
                                                     0x0000'0000'FFFF'0000,
                                                     0x0000'00FF'FFFF'0000,
                                                     0x0000'FFFF'FFFF'0000,
                                                     0x00FF'FFFF'FFFF'0000,
                                                     0xFFFF'FFFF'FFFF'0000,
                                                     0xFFFF'FFFF'FFFF'0000};
  const std::uint64_t micros =
      eight_digits(std::rotr(f ^ (ones * '0'), 8 * (6 - static_cast<int>(digits))) & kept[digits]);

  // Day and time: digits, separators, values in range. pairs() puts 10 × digit + next digit
  // in a byte: the day in byte 0 of pairs(vd), hour, minute, second in bytes 0, 3, 6 of t.
  constexpr std::uint64_t time_digits = 0xFFFF'00FF'FF00'FFFF;  // bytes 0-1, 3-4, 6-7
  const std::uint64_t vd = (w1 ^ (ones * '0')) & 0xFFFF;
  const std::uint64_t vt = (w2 ^ (ones * '0')) & time_digits;
  bad |= (vd | (vd + ones * 6) | vt | (vt + ones * 6)) & (ones * 0xF0);
  bad |= ((w1 & 0xDF'0000) ^ 0x54'0000) |                         // 'T' or 't'
         ((w2 & 0x0000'FF00'00FF'0000) ^ 0x0000'3A00'003A'0000);  // ':' ':'
  const auto day = static_cast<unsigned>(pairs(vd) & 0xFF);
  const std::uint64_t t = pairs(vt);
  // Bytes of at most 99: + (127 - limit) sets bit 7 exactly above the limit, no carry.
  constexpr std::uint64_t hms = 0x00FF'0000'FF00'00FF;
  bad |= ((t & hms) + 0x0044'0000'4400'0068) & 0x0080'0000'8000'0080;  // 59, 59, 23
  bad |= static_cast<std::uint64_t>(day - 1 >= days_);

  if (bad != 0) return parse_general(text);
  const auto hour = static_cast<std::int64_t>(t & 0xFF);
  const auto minute = static_cast<std::int64_t>((t >> 24) & 0xFF);
  const auto second = static_cast<std::int64_t>((t >> 48) & 0xFF);
  const std::int64_t secs = day_zero_seconds_ + std::int64_t{day} * 86400 +
                            (hour * 60 + minute - offset_minutes) * 60 + second;
  return Timestamp{Duration{secs * 1'000'000 + static_cast<std::int64_t>(micros)}};
}

#if defined(CONTACTKPI_TIMESTAMP_SSE)

namespace {

// The SSE4.1 fast path reads a text of 20..32 bytes with two 16-byte loads, a = text[0, 16)
// and b = text[n - 16, n): a holds the fixed "YYYY-MM-DDTHH:MM", b the rest (":SS", the
// fraction and the offset at its end) wherever the length puts it. Each byte is checked
// against its class at once: v = (x | lower) - base, and the byte is bad when v > limit
// (unsigned), i.e. lower 0x20 for a letter of either case, base '0' and limit 9 for a digit,
// base c and limit 0 for a separator c, limit 0xFF for a byte the other load checks (and for
// the offset's sign, checked apart). v is then the digit values: shuffles gather them into t
// (two digits a 16-bit lane, the tens in the high byte, so that a lane compares as the
// two-digit text does) and the offset into o, under t's hour and minute; the offset's sign
// (+1 or -1) negates o or not, and t + o is the UTC time as digits (values -9..18), which
// maddubs / madd / phaddd weigh into seconds and microseconds. Ranges are checked on t and o,
// before their sum: the day against the cached month, the hour, the offset (as one 32-bit
// lane), the minutes and seconds by their tens digit.

/// 16 bytes, aligned so that SSE instructions take them as memory operands.
using Vec = std::array<std::uint8_t, 16>;

constexpr std::uint8_t zero_byte = 0x80;  ///< a pshufb index that gives 0

/// The checks and shuffles of text[0, 16): "YYYY-MM-DDTHH:MM".
struct alignas(16) HeadTable {
  Vec lower{};
  Vec base{};
  Vec limit{};
  Vec to_t{};  ///< day, hour, minute digits into bytes 0-5 of t
};

/// The checks and shuffles of text[n - 16, n) for one length n and one form of offset.
struct alignas(16) TailTable {
  Vec lower{};
  Vec base{};
  Vec limit{};
  Vec to_t{};      ///< second and fraction digits into bytes 6-13 of t
  Vec to_o{};      ///< offset hour and minute digits into bytes 2-5 of o (under t's hour, minute)
  Vec to_sign{};   ///< the sign's v (±1) into bytes 2-5, under o's digits; zeros elsewhere
  Vec sign_abs{};  ///< |v| of a good sign in those bytes: 1 (0 for a Z)
  Vec padding{};   ///< to 128 bytes: an index is one shift
};

constexpr HeadTable make_head() {
  HeadTable h{};
  constexpr std::string_view form = "0000-00-00T00:00";
  for (std::size_t i = 0; i < 16; ++i) {
    const char c = form[i];
    h.base[i] = static_cast<std::uint8_t>(c == 'T' ? 't' : c);
    h.lower[i] = c == 'T' ? 0x20 : 0;
    h.limit[i] = c == '0' ? 9 : 0;
    h.to_t[i] = zero_byte;
  }
  h.limit[14] = 5;  // minute tens
  // Day in lane 0, hour in lane 1, minute in lane 2: units digit in the low byte.
  const std::array<std::uint8_t, 6> from{9, 8, 12, 11, 15, 14};
  for (std::size_t i = 0; i < from.size(); ++i) h.to_t[i] = from[i];
  return h;
}

/// The table of tail shapes, index (n - 20) * 8 + 4 * zulu + colon: zulu when text[n - 1] is
/// 'Z' or 'z' (then colon does not matter), else colon when text[n - 3] is ':' (±HH:MM) or not
/// (±HHMM). A shape the grammar has no text for (a fraction of no digit or of more than 9, an
/// offset longer than the tail) fails every text, and so do the unused indexes 2, 3, 6, 7.
constexpr std::size_t tail_shapes = std::size_t{13} * 8;

constexpr TailTable make_tail(std::size_t index) {
  TailTable t{};
  const int n = 20 + static_cast<int>(index / 8);
  const bool zulu = (index & 4) != 0;
  const bool colon = (index & 1) != 0;
  const bool unused = (index & 2) != 0;
  for (std::size_t i = 0; i < 16; ++i) {
    t.limit[i] = 0xFF;  // checked in a
    t.to_t[i] = zero_byte;
    t.to_o[i] = zero_byte;
    t.to_sign[i] = zero_byte;
  }
  const auto at = [n](int text_index) {
    const int lane = text_index - n + 16;
    return static_cast<std::size_t>(lane);
  };
  const auto expect = [&t, &at](int text_index, char c, std::uint8_t limit) {
    t.base[at(text_index)] = static_cast<std::uint8_t>(c);
    t.limit[at(text_index)] = limit;
  };
  const int offset_size = zulu ? 1 : colon ? 6 : 5;
  const int fraction = n - 19 - offset_size;  // '.' and digits
  if (unused || (fraction != 0 && (fraction < 2 || fraction > 10))) {
    t.lower[15] = 0xFF;  // v = 0xFF > limit 0 whatever the byte
    t.base[15] = 0;
    t.limit[15] = 0;
    return t;
  }
  expect(16, ':', 0);
  expect(17, '0', 5);
  expect(18, '0', 9);
  t.to_t[6] = static_cast<std::uint8_t>(at(18));
  t.to_t[7] = static_cast<std::uint8_t>(at(17));
  if (fraction > 0) {
    expect(19, '.', 0);
    for (int k = 1; k < fraction; ++k) {
      expect(19 + k, '0', 9);
      // Digits 1..6 as three pairs in lanes 4-6 of t; further digits are only checked.
      if (k <= 6) {
        const int lane = 8 + 2 * ((k - 1) / 2) + (k % 2);
        t.to_t[static_cast<std::size_t>(lane)] = static_cast<std::uint8_t>(at(19 + k));
      }
    }
  }
  const int o = 19 + fraction;
  if (zulu) {
    t.lower[at(o)] = 0x20;
    expect(o, 'z', 0);
    return t;
  }
  // The sign: v = x - ',' is -1 for '+' and +1 for '-', checked apart (through to_sign).
  expect(o, ',', 0xFF);
  for (std::size_t i = 2; i < 6; ++i) {
    t.to_sign[i] = static_cast<std::uint8_t>(at(o));
    t.sign_abs[i] = 1;
  }
  expect(o + 1, '0', 9);
  expect(o + 2, '0', 9);
  if (colon) expect(o + 3, ':', 0);
  const int minutes = o + 3 + (colon ? 1 : 0);
  expect(minutes, '0', 5);
  expect(minutes + 1, '0', 9);
  t.to_o[2] = static_cast<std::uint8_t>(at(o + 2));
  t.to_o[3] = static_cast<std::uint8_t>(at(o + 1));
  t.to_o[4] = static_cast<std::uint8_t>(at(minutes + 1));
  t.to_o[5] = static_cast<std::uint8_t>(at(minutes));
  return t;
}

constexpr std::array<TailTable, tail_shapes> make_tails() {
  std::array<TailTable, tail_shapes> tails{};
  for (std::size_t i = 0; i < tail_shapes; ++i) tails[i] = make_tail(i);
  return tails;
}

static_assert(sizeof(HeadTable) == std::size_t{4} * 16 && sizeof(TailTable) == std::size_t{8} * 16);

constexpr HeadTable head_table = make_head();
constexpr std::array<TailTable, tail_shapes> tail_table = make_tails();

/// Constants of the arithmetic, as 16-bit or 32-bit lanes.
struct alignas(16) SseConstants {
  /// b | shape_lower == shape in byte 13 for a ':' and in byte 15 for a 'Z' or 'z', in no
  /// other byte (0xFF | x is never 0).
  std::array<std::uint8_t, 16> shape_lower{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                           0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0,    0xFF, 0x20};
  std::array<std::uint8_t, 16> shape{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ':', 0, 'z'};
  std::array<std::uint16_t, 8> day_one{1, 0, 0, 0, 0, 0, 0, 0};
  /// o's offset digits as one 32-bit lane (after pshuflw), tens of hours in the high byte:
  /// more than "1800" is out of range. Lane 0 holds the hours alone, below 0x7FFFFFFF.
  std::array<std::int32_t, 4> offset_limit{0x7FFF'FFFF, 0x0108'0000, 0, 0};
  /// maddubs weights: units × 1 + tens × 10 in every lane, but the day's × 4 (4 × 21600 is
  /// 86400, and madd weights are below 2^15).
  std::array<std::uint8_t, 16> tens{4, 40, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10};
  /// madd weights: 4 × day × 21600 + hour × 3600, minute × 60 + second, fraction digits 1-2
  /// × 10000 + digits 3-4 × 100, digits 5-6.
  std::array<std::int16_t, 8> units{21600, 3600, 60, 1, 10000, 100, 1, 0};
};

constexpr SseConstants sse_constants{};

template <class T>
__attribute__((target("sse4.1"))) inline __m128i load(const T& v) noexcept {
  // Every table member is 16 bytes at a multiple of 16 in an alignas(16) struct.
  static_assert(sizeof(T) == 16);
  return _mm_load_si128(reinterpret_cast<const __m128i*>(&v));
}

}  // namespace

ParseResult<Timestamp> TimestampParser::parse_new_month(std::string_view text) noexcept {
  if (!load_month(io::load_le8(text.data()))) return parse_general(text);
  return parse_sse(text);  // a hit now
}

ParseResult<Timestamp> TimestampParser::parse_sse(std::string_view text) noexcept {
  const std::size_t n = text.size();
  if (n - 20 > 12) return parse_swar(text);  // n < 20 or n > 32 (unsigned wrap)
  const char* const p = text.data();
  const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + n - 16));
  if (static_cast<std::uint64_t>(_mm_cvtsi128_si64(a)) != key_) [[unlikely]] {
    return parse_new_month(text);
  }
  // The tail's shape: its length, and whether text[n - 1] is a 'Z' / 'z' (bit 2) and
  // text[n - 3] a ':' (bit 0) as bits 15 and 13 of a byte mask.
  const auto shape =
      static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(
          _mm_or_si128(b, load(sse_constants.shape_lower)), load(sse_constants.shape)))) >>
      13;
  const TailTable& tail = tail_table[n * 8 + shape - std::size_t{20} * 8];
  const HeadTable& head = head_table;
  const SseConstants& k = sse_constants;

  // Every byte in its class; digits as values.
  const __m128i va = _mm_sub_epi8(_mm_or_si128(a, load(head.lower)), load(head.base));
  const __m128i vb = _mm_sub_epi8(_mm_or_si128(b, load(tail.lower)), load(tail.base));
  __m128i bad =
      _mm_or_si128(_mm_subs_epu8(va, load(head.limit)), _mm_subs_epu8(vb, load(tail.limit)));

  // t: day, hour, minute, second, three pairs of fraction digits; o: offset hour, minute.
  const __m128i t =
      _mm_or_si128(_mm_shuffle_epi8(va, load(head.to_t)), _mm_shuffle_epi8(vb, load(tail.to_t)));
  const __m128i o = _mm_shuffle_epi8(vb, load(tail.to_o));
  // The sign as ±1 under o's digits (0 without one): any other value is a bad sign byte.
  const __m128i sign = _mm_shuffle_epi8(vb, load(tail.to_sign));
  bad = _mm_or_si128(bad, _mm_xor_si128(_mm_abs_epi8(sign), load(tail.sign_abs)));
  // Day 01..days of the month, hour 00..23 (minutes and seconds: by their tens digit above).
  bad = _mm_or_si128(bad, _mm_subs_epu16(_mm_sub_epi16(t, load(k.day_one)), load(limits_)));
  // Offset at most 18:00 (its minutes: by their tens digit).
  bad = _mm_or_si128(
      bad, _mm_cmpgt_epi32(_mm_shufflelo_epi16(o, _MM_SHUFFLE(1, 2, 1, 0)), load(k.offset_limit)));
  if (_mm_testz_si128(bad, bad) == 0) return parse_general(text);

  // Local time minus the offset, digit by digit: '+' (-1) subtracts, '-' (+1) adds.
  const __m128i utc = _mm_add_epi8(t, _mm_sign_epi8(o, sign));
  // Lanes of 32 bits: day × 86400 + hour × 3600, minute × 60 + second, then the fraction's
  // digits 1-4 and 5-6 as microseconds; added in pairs.
  const __m128i sums = _mm_madd_epi16(_mm_maddubs_epi16(load(k.tens), utc), load(k.units));
  const auto both = static_cast<std::uint64_t>(_mm_cvtsi128_si64(_mm_hadd_epi32(sums, sums)));
  const auto seconds = static_cast<std::int32_t>(static_cast<std::uint32_t>(both));  // maybe < 0
  const auto micros = static_cast<std::int64_t>(both >> 32);
  const std::int64_t secs = day_zero_seconds_ + seconds;
  return Timestamp{Duration{secs * 1'000'000 + micros}};
}

#endif  // CONTACTKPI_TIMESTAMP_SSE

// ---- FieldParser -------------------------------------------------------------------------
// The portable fast paths are those of the public parsers with one 8-byte load instead of
// load_le_upto8's; the SSE4.1 ones take fields of up to 15 bytes (see decimal_sse).

std::int64_t FieldParser::seconds_swar(const char* p, std::size_t n) noexcept {
  const io::ShortDecimal d = io::short_decimal_padded({p, n});
  return d.ok ? d.micros : -1;
}

bool FieldParser::seconds3_swar(const FieldParser& self, const std::string_view* texts, Duration& a,
                                Duration& b, Duration& c) noexcept {
  std::array<std::int64_t, 3> micros{};
  for (std::size_t i = 0; i < 3; ++i) {
    if (texts[i].empty()) continue;
    if (!self.padded(texts[i])) return false;
    micros[i] = seconds_swar(texts[i].data(), texts[i].size());
    if (micros[i] < 0) return false;
  }
  a = Duration{micros[0]};
  b = Duration{micros[1]};
  c = Duration{micros[2]};
  return true;
}

double FieldParser::number_swar(const char* p, std::size_t n) noexcept {
  const io::ShortDecimal d = io::short_decimal_padded({p, n});
  return io::number_fast(d, n) ? static_cast<double>(d.micros) / 1e6 : -1.0;
}

#if defined(CONTACTKPI_TIMESTAMP_SSE)

namespace {

// A decimal of up to 15 bytes from one 16-byte load x = text[0, 16). `dot` is the index of
// the first '.' (n without one): the number of integer digits. A table entry for (dot, n)
// gathers (pshufb) the values x - '0' of the integer digits right-aligned into bytes 0-7 and
// of the first 8 fraction digits into bytes 8-15, zeros elsewhere; ORed with the entry's
// poison, 0 or 0xFF in every byte, they must all be 0..9. So every byte of the text but the
// first '.' is checked as a digit (a second '.' is gathered as one), and a (dot, n) the fast
// path does not take (more than 8 integer or fraction digits, "." alone) is poisoned. The
// empty text is 0 (seconds3's rule; the one-text paths leave it to the public parsers).
// maddubs / madd / packs / madd weigh the bytes into the integer (32-bit lane 0)
// and the microseconds (lane 1: the 7th and 8th decimals weigh 0, truncated).

/// One (dot, n) entry of decimal_table.
struct alignas(16) DecimalEntry {
  Vec gather{};
  Vec poison{};
};

/// The entry for a text of n bytes whose first '.' is at dot (dot == n without one).
constexpr DecimalEntry make_decimal_entry(std::size_t dot, std::size_t n) {
  DecimalEntry e{};
  for (std::size_t i = 0; i < 16; ++i) e.gather[i] = zero_byte;
  const std::size_t fraction = dot < n ? n - dot - 1 : 0;
  // 1 to 15 bytes, at most 8 integer digits and 8 decimals, at least one digit ("." is not).
  const bool taken = (n == 0 && dot == 0) || (dot <= n && n >= 1 && n <= 15 && dot <= 8 &&
                                              fraction <= 8 && dot + fraction >= 1);
  if (!taken) {
    for (std::size_t i = 0; i < 16; ++i) e.poison[i] = 0xFF;
    return e;
  }
  for (std::size_t k = 0; k < dot; ++k) e.gather[8 - dot + k] = static_cast<std::uint8_t>(k);
  for (std::size_t k = 0; k < fraction; ++k) {
    e.gather[8 + k] = static_cast<std::uint8_t>(dot + 1 + k);
  }
  return e;
}

/// decimal_table[dot * 16 + n]: every dot and n below 16 (dot > n never happens).
using DecimalTable = std::array<DecimalEntry, 256>;

constexpr DecimalTable make_decimal_table() {
  DecimalTable t{};
  for (std::size_t dot = 0; dot < 16; ++dot) {
    for (std::size_t n = 0; n < 16; ++n) t[dot * 16 + n] = make_decimal_entry(dot, n);
  }
  return t;
}

constexpr DecimalTable decimal_table = make_decimal_table();

/// The constants of decimal_sse.
struct alignas(16) DecimalConstants {
  Vec zero{'0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0'};
  Vec nine{9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9};
  Vec dot{'.', '.', '.', '.', '.', '.', '.', '.', '.', '.', '.', '.', '.', '.', '.', '.'};
  /// maddubs: tens and units of the integer's 4 pairs, of the first 3 fraction pairs; the 4th
  /// (decimals 7 and 8) weighs 0.
  Vec pairs{10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 0, 0};
  /// madd: the integer's two 4-digit halves; decimals 1-4, and 5-6 (× 1, its pair of zeros × 0).
  std::array<std::int16_t, 8> quads{100, 1, 100, 1, 100, 1, 1, 0};
  /// madd after packs: integer = high half × 10^4 + low half; micros = decimals 1-4 × 100 + 5-6.
  std::array<std::int16_t, 8> halves{10000, 1, 100, 1, 10000, 1, 100, 1};
};

constexpr DecimalConstants decimal_constants{};

static_assert(sizeof(DecimalEntry) == 32 && sizeof(DecimalConstants) == std::size_t{16} * 6);
// "108.91": dot 3, n 6 → bytes 5-7 from 0-2, bytes 8-9 from 4-5.
static_assert(decimal_table[3 * 16 + 6].gather[5] == 0 &&
              decimal_table[3 * 16 + 6].gather[7] == 2 &&
              decimal_table[3 * 16 + 6].gather[8] == 4 &&
              decimal_table[3 * 16 + 6].gather[9] == 5 &&
              decimal_table[3 * 16 + 6].gather[10] == zero_byte &&
              decimal_table[3 * 16 + 6].poison[0] == 0);
// "." alone, 9 integer digits, 9 decimals: poisoned; the empty text is 0.
static_assert(decimal_table[0 * 16 + 1].poison[0] == 0xFF && decimal_table[0].poison[0] == 0 &&
              decimal_table[9 * 16 + 9].poison[0] == 0xFF &&
              decimal_table[1 * 16 + 11].poison[0] == 0xFF &&
              decimal_table[1 * 16 + 10].poison[0] == 0);

/// A decimal_sse result: `micros` the value × 10^6 (exact: below 10^14), `dot` the index of
/// the '.' (n without one); ok false when the text is not 1 to 8 integer digits and 0 to 8
/// fraction digits, with at least one digit, nor empty (then micros means nothing).
struct SseDecimal {
  std::uint64_t micros;
  std::size_t dot;
  bool ok;
};

/// Precondition: n <= 15 and p[0, 16) readable. Decimals after the 6th are checked but add
/// nothing (truncated, as parse_seconds does). The empty text is 0, dot 0.
__attribute__((target("sse4.1"))) inline SseDecimal decimal_sse(const char* p,
                                                                std::size_t n) noexcept {
  const DecimalConstants& k = decimal_constants;
  const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const auto dots = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, load(k.dot))));
  const auto dot = static_cast<unsigned>(std::countr_zero(dots | (1U << n)));
  const DecimalEntry& e = decimal_table[(dot << 4) | static_cast<unsigned>(n)];
  const __m128i g =
      _mm_or_si128(_mm_shuffle_epi8(_mm_sub_epi8(x, load(k.zero)), load(e.gather)), load(e.poison));
  const bool ok = _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(g, load(k.nine)), g)) == 0xFFFF;
  const __m128i quads = _mm_madd_epi16(_mm_maddubs_epi16(g, load(k.pairs)), load(k.quads));
  const __m128i both = _mm_madd_epi16(_mm_packs_epi32(quads, quads), load(k.halves));
  const auto lanes = static_cast<std::uint64_t>(_mm_cvtsi128_si64(both));
  return {(lanes & 0xFFFF'FFFF) * 1'000'000 + (lanes >> 32), dot, ok};
}

}  // namespace

std::int64_t FieldParser::seconds_sse(const char* p, std::size_t n) noexcept {
  if (n - 1 >= 15) return -1;  // n == 0 or n > 15 (unsigned wrap)
  const SseDecimal d = decimal_sse(p, n);
  return d.ok ? static_cast<std::int64_t>(d.micros) : -1;
}

bool FieldParser::seconds3_sse(const FieldParser& self, const std::string_view* texts, Duration& a,
                               Duration& b, Duration& c) noexcept {
  std::array<std::int64_t, 3> micros{};
#pragma GCC unroll 3
  for (std::size_t i = 0; i < 3; ++i) {
    const std::size_t n = texts[i].size();
    if (n > 15 || !self.padded(texts[i])) return false;
    const SseDecimal d = decimal_sse(texts[i].data(), n);  // the empty text is 0
    if (!d.ok) return false;
    micros[i] = static_cast<std::int64_t>(d.micros);
  }
  a = Duration{micros[0]};
  b = Duration{micros[1]};
  c = Duration{micros[2]};
  return true;
}

double FieldParser::number_sse(const char* p, std::size_t n) noexcept {
  if (FLT_EVAL_METHOD != 0 || n > 15) return -1.0;
  const SseDecimal d = decimal_sse(p, n);
  // As number_fast: digits before the '.' and, if there is one, 1 to 6 after it. n - dot is
  // 0 without a '.', 1 for a trailing '.', 2..7 for 1..6 decimals.
  if (!d.ok || d.dot == 0 || ((0xFDU >> (n - d.dot)) & 1U) == 0) return -1.0;
  return static_cast<double>(d.micros) / 1e6;
}

#endif  // CONTACTKPI_TIMESTAMP_SSE

}  // namespace contactkpi::detail
