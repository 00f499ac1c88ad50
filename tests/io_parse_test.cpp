// SPDX-License-Identifier: MIT
// Field parsers. Expected timestamps come from <chrono>'s calendar (an independent method).
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "contactkpi/io/parse.hpp"
#include "io/field_parser.hpp"
#include "io/timestamp_parser.hpp"

using namespace std::chrono;
using namespace std::chrono_literals;
using contactkpi::Duration;
using contactkpi::Timestamp;
using contactkpi::detail::TimestampParser;
using contactkpi::io::parse_bool;
using contactkpi::io::parse_int;
using contactkpi::io::parse_number;
using contactkpi::io::parse_score;
using contactkpi::io::parse_seconds;
using contactkpi::io::parse_timestamp;
using contactkpi::io::ParseErrc;

namespace {

Timestamp at(year_month_day d, hours h = 0h, minutes m = 0min, seconds s = 0s,
             microseconds us = 0us) {
  return Timestamp{sys_days{d}} + h + m + s + us;
}

ParseErrc error_of(std::string_view text) {
  return parse_timestamp(text).error();
}

}  // namespace

TEST_CASE("parse_timestamp reads UTC and numeric offsets", "[io][parse]") {
  CHECK(*parse_timestamp("2026-03-02T09:15:00Z") == at(2026y / March / 2, 9h, 15min));
  CHECK(*parse_timestamp("2026-03-02t09:15:00z") == at(2026y / March / 2, 9h, 15min));
  // 10:15 at +01:00 is 09:15 UTC.
  CHECK(*parse_timestamp("2026-03-02T10:15:00+01:00") == at(2026y / March / 2, 9h, 15min));
  CHECK(*parse_timestamp("2026-03-02T10:15:00+0100") == at(2026y / March / 2, 9h, 15min));
  // 23:30 at −05:30 is 05:00 UTC the next day.
  CHECK(*parse_timestamp("2026-03-01T23:30:00-05:30") == at(2026y / March / 2, 5h));
  CHECK(*parse_timestamp("2026-03-02T09:15:00-00:00") == at(2026y / March / 2, 9h, 15min));
  CHECK(*parse_timestamp("1970-01-01T00:00:00Z") == Timestamp{});
  CHECK(*parse_timestamp("0000-01-01T00:00:00Z") == at(year{0} / January / 1));
  CHECK(*parse_timestamp("9999-12-31T23:59:59Z") == at(9999y / December / 31, 23h, 59min, 59s));
}

TEST_CASE("parse_timestamp keeps microseconds and truncates further digits", "[io][parse]") {
  const auto base = at(2026y / March / 2, 9h, 15min);
  CHECK(*parse_timestamp("2026-03-02T09:15:00.5Z") == base + 500000us);
  CHECK(*parse_timestamp("2026-03-02T09:15:00.123456Z") == base + 123456us);
  CHECK(*parse_timestamp("2026-03-02T09:15:00.1234567Z") == base + 123456us);    // 7th dropped
  CHECK(*parse_timestamp("2026-03-02T09:15:00.999999999Z") == base + 999999us);  // not rounded up
  CHECK(error_of("2026-03-02T09:15:00.1234567891Z") == ParseErrc::syntax);       // 10 digits
  CHECK(error_of("2026-03-02T09:15:00.Z") == ParseErrc::syntax);
}

TEST_CASE("parse_timestamp rejects what is not a full ISO-8601 instant", "[io][parse]") {
  const auto [text, expected] = GENERATE(table<std::string, ParseErrc>({
      {"", ParseErrc::empty},
      {"2026-03-02T09:15:00", ParseErrc::missing_offset},
      {"2026-03-02T09:15:00.25", ParseErrc::missing_offset},
      {"2026-03-02 09:15:00Z", ParseErrc::syntax},
      {"2026-3-02T09:15:00Z", ParseErrc::syntax},
      {"2026-03-02T09:15Z", ParseErrc::syntax},
      {"2026-03-02", ParseErrc::syntax},
      {" 2026-03-02T09:15:00Z", ParseErrc::syntax},
      {"2026-03-02T09:15:00Z ", ParseErrc::syntax},
      {"2026-03-02T09:15:00+1", ParseErrc::syntax},
      {"2026-03-02T09:15:00+01:0", ParseErrc::syntax},
      {"2026-03-02T09:15:00+01:00:00", ParseErrc::syntax},
      {"2026-03-02T09:15:00UTC", ParseErrc::syntax},
      {"2026-13-01T00:00:00Z", ParseErrc::out_of_range},
      {"2026-00-01T00:00:00Z", ParseErrc::out_of_range},
      {"2026-01-00T00:00:00Z", ParseErrc::out_of_range},
      {"2026-01-32T00:00:00Z", ParseErrc::out_of_range},
      {"2026-01-01T24:00:00Z", ParseErrc::out_of_range},
      {"2026-01-01T23:60:00Z", ParseErrc::out_of_range},
      {"2026-01-01T23:59:60Z", ParseErrc::out_of_range},  // no leap seconds
      {"2026-02-29T00:00:00Z", ParseErrc::no_such_day},   // 2026 is not a leap year
      {"1900-02-29T00:00:00Z", ParseErrc::no_such_day},   // divisible by 100, not by 400
      {"2026-04-31T00:00:00Z", ParseErrc::no_such_day},
      {"2026-03-02T09:15:00+18:01", ParseErrc::out_of_range},
      {"2026-03-02T09:15:00-19:00", ParseErrc::out_of_range},
      {"2026-03-02T09:15:00+05:60", ParseErrc::out_of_range},
  }));
  CAPTURE(text);
  const auto r = parse_timestamp(text);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error() == expected);
}

TEST_CASE("parse_timestamp accepts leap days and the ±18:00 offset edges", "[io][parse]") {
  CHECK(*parse_timestamp("2024-02-29T00:00:00Z") == at(2024y / February / 29));
  CHECK(*parse_timestamp("2000-02-29T00:00:00Z") == at(2000y / February / 29));
  // 18:00 at +18:00 is 00:00 UTC the same day; 00:00 at −18:00 is 18:00 UTC.
  CHECK(*parse_timestamp("2026-03-02T18:00:00+18:00") == at(2026y / March / 2));
  CHECK(*parse_timestamp("2026-03-02T00:00:00-18:00") == at(2026y / March / 2, 18h));
  CHECK(*parse_timestamp("2026-03-02T00:00:00+14:00") == at(2026y / March / 1, 10h));
}

TEST_CASE("parse_timestamp checks every byte of the fixed part", "[io][parse]") {
  // The 19 bytes YYYY-MM-DDTHH:MM:SS are checked eight at a time: a wrong byte at any position
  // is a syntax error. The replacements are just outside '0'..'9' ('/' and ':'), digits with
  // another high nibble (0x10+d, 'p', 0xB0+d), letters and the other separators.
  const std::string good = "2026-03-02T09:15:47Z";
  for (std::size_t i = 0; i < 19; ++i) {
    const bool is_digit_position = i != 4 && i != 7 && i != 10 && i != 13 && i != 16;
    for (const char c : {'/', ':', '\x13', 'p', '\xB5', '@', 'A', '-', 'T', ' ', '\0', '5'}) {
      std::string t = good;
      t[i] = c;
      const bool digit = c >= '0' && c <= '9';
      const bool same = (is_digit_position && digit) || c == good[i];
      CAPTURE(i, c);
      if (!same) CHECK(error_of(t) == ParseErrc::syntax);
    }
  }
  // The date/time separator: 'T' or 't' only ('T' ± 0x20 / 0x80 are other bytes).
  for (const char c : {'T', 't'}) {
    std::string t = good;
    t[10] = c;
    CHECK(*parse_timestamp(t) == at(2026y / March / 2, 9h, 15min, 47s));
  }
  for (const char c : {'\x14', '\x34', '\xD4', '\xF4', 'U', 'S', 'u'}) {
    std::string t = good;
    t[10] = c;
    CAPTURE(c);
    CHECK(error_of(t) == ParseErrc::syntax);
  }
  // Every digit value in every digit position reads as itself (values worked by hand).
  CHECK(*parse_timestamp("1987-06-25T14:38:29Z") == at(1987y / June / 25, 14h, 38min, 29s));
  CHECK(*parse_timestamp("2019-11-30T23:59:58Z") == at(2019y / November / 30, 23h, 59min, 58s));
  CHECK(*parse_timestamp("3456-10-19T20:07:16Z") == at(year{3456} / October / 19, 20h, 7min, 16s));
  // Too short for the fixed part, whatever follows.
  CHECK(error_of("2026-03-02T09:15:4") == ParseErrc::syntax);
  CHECK(error_of("2026-03-02T09:15:4Z") == ParseErrc::syntax);
}

TEST_CASE("parse_timestamp: fractions of 1 to 9 digits with every offset form", "[io][parse]") {
  // Offsets worked by hand: 12:00:00 local at +05:30 is 06:30 UTC, at -0945 is 21:45 UTC.
  const auto noon = at(2026y / March / 2, 12h);
  const std::string digits = "987654321";
  for (std::size_t n = 1; n <= 9; ++n) {
    // The first min(n, 6) digits of 987654 as microseconds: .9 = 900000, .98 = 980000, ...
    const std::array<std::int64_t, 7> kept{0, 900000, 980000, 987000, 987600, 987650, 987654};
    const microseconds frac{kept[std::min<std::size_t>(n, 6)]};
    const std::string text = "2026-03-02T12:00:00." + digits.substr(0, n);
    CAPTURE(n);
    CHECK(*parse_timestamp(text + "Z") == noon + frac);
    CHECK(*parse_timestamp(text + "z") == noon + frac);
    CHECK(*parse_timestamp(text + "+05:30") == noon - 5h - 30min + frac);
    CHECK(*parse_timestamp(text + "+0530") == noon - 5h - 30min + frac);
    CHECK(*parse_timestamp(text + "-09:45") == noon + 9h + 45min + frac);
    CHECK(*parse_timestamp(text + "-0945") == noon + 9h + 45min + frac);
    CHECK(error_of(text) == ParseErrc::missing_offset);
    CHECK(error_of(text + "+05:3") == ParseErrc::syntax);
    CHECK(error_of(text + "Z0") == ParseErrc::syntax);
  }
  CHECK(error_of("2026-03-02T12:00:00.0123456789Z") == ParseErrc::syntax);  // 10 digits
  CHECK(error_of("2026-03-02T12:00:00.12a4Z") == ParseErrc::syntax);
  CHECK(*parse_timestamp("2026-03-02T12:00:00.000000001Z") == noon);
  // Offsets past ±18:00 are out of range; a non-digit in one is a syntax error.
  CHECK(error_of("2026-03-02T12:00:00+18:30") == ParseErrc::out_of_range);
  CHECK(error_of("2026-03-02T12:00:00+1a:00") == ParseErrc::syntax);
}

TEST_CASE("parse_timestamp: the calendar matches <chrono> on every day tried", "[io][parse]") {
  // <chrono>'s civil calendar is the independent reference: every day of 1999-2001 and
  // 2023-2029 (leap years 2000, 2024, 2028 around their Feb 29), and every 97th day from
  // 0000-01-01 to 9999-12-31 (all months, both sides of every century rule).
  const auto check_day = [](sys_days d) {
    const year_month_day ymd{d};
    std::array<char, 32> buf{};
    std::snprintf(buf.data(), buf.size(), "%04d-%02u-%02uT23:59:59Z", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    const std::string_view text{buf.data()};
    const auto t = parse_timestamp(text);
    CAPTURE(text);
    REQUIRE(t.has_value());
    CHECK(*t == Timestamp{d} + 23h + 59min + 59s);
  };
  for (sys_days d = sys_days{1999y / January / 1}; d <= sys_days{2001y / December / 31};
       d += days{1})
    check_day(d);
  for (sys_days d = sys_days{2023y / January / 1}; d <= sys_days{2029y / December / 31};
       d += days{1})
    check_day(d);
  for (sys_days d = sys_days{year{0} / January / 1}; d <= sys_days{9999y / December / 31};
       d += days{97})
    check_day(d);
  // Year 0 is a leap year (divisible by 400), 2100 is not.
  CHECK(*parse_timestamp("0000-02-29T00:00:00Z") == at(year{0} / February / 29));
  CHECK(*parse_timestamp("0000-03-01T00:00:00Z") == at(year{0} / March / 1));
  CHECK(error_of("2100-02-29T00:00:00Z") == ParseErrc::no_such_day);
  CHECK(error_of("2026-06-31T00:00:00Z") == ParseErrc::no_such_day);
  CHECK(error_of("2026-12-32T00:00:00Z") == ParseErrc::out_of_range);
}

TEST_CASE("parse_seconds reads decimal seconds into microseconds", "[io][parse]") {
  CHECK(*parse_seconds("0") == Duration{0});
  CHECK(*parse_seconds("312") == 312s);
  CHECK(*parse_seconds("312.25") == 312250000us);
  CHECK(*parse_seconds(".5") == 500000us);
  CHECK(*parse_seconds("5.") == 5s);
  CHECK(*parse_seconds("0.000001") == 1us);
  CHECK(*parse_seconds("0.0000019") == 1us);  // truncated
  CHECK(*parse_seconds("-0") == Duration{0});
  CHECK(*parse_seconds("1000000000000") == 1'000'000'000'000s);
  CHECK(parse_seconds("-1").error() == ParseErrc::negative);
  CHECK(parse_seconds("-0.5").error() == ParseErrc::negative);
  CHECK(parse_seconds("").error() == ParseErrc::empty);
  CHECK(parse_seconds("1000000000000.1").error() == ParseErrc::out_of_range);
  CHECK(parse_seconds("99999999999999999999999").error() == ParseErrc::out_of_range);
  for (const char* bad :
       {"1e3", "+1", " 1", "1 ", "1,5", "1.2.3", ".", "-", "abc", "0x10", "inf", "nan", "--1"}) {
    CAPTURE(bad);
    CHECK(parse_seconds(bad).error() == ParseErrc::syntax);
  }
}

TEST_CASE("parse_bool accepts six spellings in any case", "[io][parse]") {
  for (const char* t : {"true", "TRUE", "True", "1", "yes", "YES", "y", "Y"}) {
    CAPTURE(t);
    CHECK(*parse_bool(t));
  }
  for (const char* f : {"false", "FALSE", "0", "no", "No", "n", "N"}) {
    CAPTURE(f);
    CHECK_FALSE(*parse_bool(f));
  }
  for (const char* bad : {"t", "f", "on", "off", "2", " true", "yes ", "tru"}) {
    CAPTURE(bad);
    CHECK(parse_bool(bad).error() == ParseErrc::syntax);
  }
  CHECK(parse_bool("").error() == ParseErrc::empty);
}

TEST_CASE("parse_channel and parse_direction: the names in any case, nothing else", "[io][parse]") {
  using contactkpi::Channel;
  using contactkpi::Direction;
  using contactkpi::parse_channel;
  using contactkpi::parse_direction;
  CHECK(parse_channel("voice") == Channel::voice);
  CHECK(parse_channel("VOICE") == Channel::voice);
  CHECK(parse_channel("Chat") == Channel::chat);
  CHECK(parse_channel("eMail") == Channel::email);
  CHECK(parse_channel("SMS") == Channel::sms);
  CHECK(parse_channel("sociaL") == Channel::social);
  CHECK(parse_channel("Video") == Channel::video);  // same length and first letter as voice
  CHECK(parse_channel("OTHER") == Channel::other);
  // A first byte that is not the letter in either case does not match, even one bit away
  // from it ('6' = 'v' - 0x40, 0x16 = 'v' - 0x60).
  for (const char* bad : {"", "v", "voic", "voices", "\x16oice", "6oice", "Vo1ce", "chat ", " chat",
                          "e-mail", "phone", "vidéo"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_channel(bad).has_value());
  }
  CHECK(parse_direction("inbound") == Direction::inbound);
  CHECK(parse_direction("OutBound") == Direction::outbound);
  for (const char* bad : {"", "in", "inbound ", "outbond", "0utbound"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_direction(bad).has_value());
  }
}

TEST_CASE("parse_bool: every length, near misses of each spelling", "[io][parse]") {
  for (const char* bad : {"Z", "2", "\x19", "9", "nO!", "ye", "yess", "trUe.", "fals", "falsey",
                          "\x14rue", "4rue", "noo", "00", "11", "tRuE\n"}) {
    CAPTURE(bad);
    CHECK(parse_bool(bad).error() == ParseErrc::syntax);
  }
  CHECK(*parse_bool("yEs"));
  CHECK(*parse_bool("tRuE"));
  CHECK_FALSE(*parse_bool("nO"));
  CHECK_FALSE(*parse_bool("FaLsE"));
}

TEST_CASE("parse_number and parse_score accept plain decimals only", "[io][parse]") {
  using Catch::Matchers::WithinAbs;
  CHECK_THAT(*parse_number("87.5"), WithinAbs(87.5, 1e-12));
  CHECK_THAT(*parse_number("-3"), WithinAbs(-3.0, 1e-12));
  CHECK_THAT(*parse_number(".25"), WithinAbs(0.25, 1e-12));
  for (const char* bad : {"1e2", "+1", "inf", "nan", "1,5", " 1", "", "-", "."}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_number(bad).has_value());
  }
  CHECK_THAT(*parse_score("0"), WithinAbs(0.0, 1e-12));
  CHECK_THAT(*parse_score("100"), WithinAbs(100.0, 1e-12));
  CHECK_THAT(*parse_score("99.99"), WithinAbs(99.99, 1e-12));
  CHECK(parse_score("100.01").error() == ParseErrc::out_of_range);
  CHECK(parse_score("-0.01").error() == ParseErrc::out_of_range);
  CHECK(parse_score("x").error() == ParseErrc::syntax);
}

TEST_CASE("parse_int reads 64-bit integers", "[io][parse]") {
  CHECK(*parse_int("0") == 0);
  CHECK(*parse_int("1200") == 1200);
  CHECK(*parse_int("-7") == -7);
  CHECK(*parse_int("9223372036854775807") == INT64_MAX);
  CHECK(parse_int("9223372036854775808").error() == ParseErrc::out_of_range);
  for (const char* bad : {"12.0", "+1", "1e3", " 1", "-", "0x1"}) {
    CAPTURE(bad);
    CHECK(parse_int(bad).error() == ParseErrc::syntax);
  }
}

TEST_CASE("parsers are noexcept and allocation-free value types", "[io][parse]") {
  STATIC_REQUIRE(noexcept(parse_timestamp("")));
  STATIC_REQUIRE(noexcept(parse_seconds("")));
  STATIC_REQUIRE(noexcept(parse_bool("")));
  STATIC_REQUIRE(noexcept(parse_int("")));
  STATIC_REQUIRE(std::is_trivially_copyable_v<contactkpi::io::ParseResult<Timestamp>>);
  CHECK(contactkpi::io::to_string(ParseErrc::missing_offset) == "missing UTC offset");
}

// ---------------------------------------------------------------------------------------------
// Differential test: the parsers (with their fast paths) against straightforward reference
// implementations written here, byte by byte in the order of the documented grammar, with
// <chrono> for the calendar and std::from_chars for doubles. Results and error codes must be
// identical on hand-picked edge cases and on a few million deterministic mutations of valid
// texts. Each text is parsed from a heap block of exactly its size, so that a read past the
// end shows under AddressSanitizer (the asan preset).
namespace {

namespace ref {

bool digit(char c) {
  return c >= '0' && c <= '9';
}

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

/// Value of the decimal digits s[from, to).
std::int64_t number(std::string_view s, std::size_t from, std::size_t to) {
  std::int64_t v = 0;
  for (std::size_t k = from; k < to; ++k) v = v * 10 + (s[k] - '0');
  return v;
}

/// The first six fraction digits as microseconds (fewer are padded with zeros).
std::int64_t micros_of(std::string_view digits) {
  std::int64_t v = 0;
  for (std::size_t k = 0; k < 6; ++k) v = v * 10 + (k < digits.size() ? digits[k] - '0' : 0);
  return v;
}

struct Result {
  bool ok = false;
  std::int64_t value = 0;  // microseconds, a bool (0/1) or a double's bits
  ParseErrc error = ParseErrc::empty;
  friend bool operator==(const Result&, const Result&) = default;
};

Result fail(ParseErrc e) {
  return {false, 0, e};
}
Result good(std::int64_t v) {
  return {true, v, ParseErrc::empty};
}

Result timestamp(std::string_view s) {
  if (s.empty()) return fail(ParseErrc::empty);
  if (s.size() < 19) return fail(ParseErrc::syntax);
  for (std::size_t k = 0; k < 19; ++k) {
    const char c = s[k];
    bool ok = false;
    if (k == 4 || k == 7) {
      ok = c == '-';
    } else if (k == 10) {
      ok = c == 'T' || c == 't';
    } else if (k == 13 || k == 16) {
      ok = c == ':';
    } else {
      ok = digit(c);
    }
    if (!ok) return fail(ParseErrc::syntax);
  }
  std::size_t i = 19;
  std::int64_t micros = 0;
  if (i < s.size() && s[i] == '.') {
    const std::size_t first = ++i;
    while (i < s.size() && digit(s[i])) ++i;
    if (i == first || i - first > 9) return fail(ParseErrc::syntax);
    micros = micros_of(s.substr(first, i - first));
  }
  if (i == s.size()) return fail(ParseErrc::missing_offset);
  std::int64_t offset_minutes = 0;
  const char c = s[i];
  if (c == 'Z' || c == 'z') {
    if (i + 1 != s.size()) return fail(ParseErrc::syntax);
  } else if (c == '+' || c == '-') {
    const std::string_view o = s.substr(i + 1);
    std::int64_t oh = 0;
    std::int64_t om = 0;
    if (o.size() == 5 && digit(o[0]) && digit(o[1]) && o[2] == ':' && digit(o[3]) && digit(o[4])) {
      oh = number(o, 0, 2);
      om = number(o, 3, 5);
    } else if (o.size() == 4 && digit(o[0]) && digit(o[1]) && digit(o[2]) && digit(o[3])) {
      oh = number(o, 0, 2);
      om = number(o, 2, 4);
    } else {
      return fail(ParseErrc::syntax);
    }
    if (om > 59 || oh * 60 + om > std::int64_t{18} * 60) return fail(ParseErrc::out_of_range);
    offset_minutes = (c == '-' ? -1 : 1) * (oh * 60 + om);
  } else {
    return fail(ParseErrc::syntax);
  }
  const auto y = static_cast<int>(number(s, 0, 4));
  const auto mo = static_cast<unsigned>(number(s, 5, 7));
  const auto d = static_cast<unsigned>(number(s, 8, 10));
  const std::int64_t h = number(s, 11, 13);
  const std::int64_t mi = number(s, 14, 16);
  const std::int64_t se = number(s, 17, 19);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59) {
    return fail(ParseErrc::out_of_range);
  }
  const year_month_day ymd{year{y}, month{mo}, day{d}};
  if (!ymd.ok()) return fail(ParseErrc::no_such_day);
  const auto t =
      sys_days{ymd} + hours{h} + minutes{mi - offset_minutes} + seconds{se} + microseconds{micros};
  return good(duration_cast<microseconds>(t.time_since_epoch()).count());
}

Result seconds_(std::string_view s) {
  if (s.empty()) return fail(ParseErrc::empty);
  const bool negative = s[0] == '-';
  std::string_view rest = negative ? s.substr(1) : s;
  const std::size_t dot = rest.find('.');
  const std::string_view whole = rest.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? "" : rest.substr(dot + 1);
  const auto all_digits = [](std::string_view t) { return std::all_of(t.begin(), t.end(), digit); };
  if (!all_digits(whole) || !all_digits(fraction) || whole.size() + fraction.size() == 0) {
    return fail(ParseErrc::syntax);
  }
  // 10^12 s at most: compare the integer part as text, without leading zeros.
  const std::string_view significant =
      whole.substr(std::min(whole.find_first_not_of('0'), whole.size()));
  const std::int64_t micros = micros_of(fraction);
  const bool zero = significant.empty() && micros == 0;
  if (negative && !zero) return fail(ParseErrc::negative);
  const std::string_view limit = "1000000000000";
  if (significant.size() > limit.size() ||
      (significant.size() == limit.size() && (significant > limit || micros > 0))) {
    return fail(ParseErrc::out_of_range);
  }
  return good(number(significant, 0, significant.size()) * 1'000'000 + micros);
}

Result boolean(std::string_view s) {
  if (s.empty()) return fail(ParseErrc::empty);
  std::string l;
  for (const char c : s) l += lower(c);
  if (l == "true" || l == "1" || l == "yes" || l == "y") return good(1);
  if (l == "false" || l == "0" || l == "no" || l == "n") return good(0);
  return fail(ParseErrc::syntax);
}

Result number_(std::string_view s) {
  if (s.empty()) return fail(ParseErrc::empty);
  const std::string_view body = s[0] == '-' ? s.substr(1) : s;
  if (std::count(body.begin(), body.end(), '.') > 1 ||
      !std::all_of(body.begin(), body.end(), [](char c) { return digit(c) || c == '.'; }) ||
      std::none_of(body.begin(), body.end(), digit)) {
    return fail(ParseErrc::syntax);
  }
  double v = 0;
  const auto [ptr, ec] =
      std::from_chars(s.data(), s.data() + s.size(), v, std::chars_format::fixed);
  if (ec == std::errc::result_out_of_range) return fail(ParseErrc::out_of_range);
  if (ec != std::errc{} || ptr != s.data() + s.size()) return fail(ParseErrc::syntax);
  return good(std::bit_cast<std::int64_t>(v));
}

Result score(std::string_view s) {
  const Result r = number_(s);
  if (!r.ok) return r;
  const auto v = std::bit_cast<double>(r.value);
  if (!(v >= 0.0 && v <= 100.0)) return fail(ParseErrc::out_of_range);
  return good(std::bit_cast<std::int64_t>(v == 0.0 ? 0.0 : v));
}

}  // namespace ref

template <class T>
ref::Result as_result(const contactkpi::io::ParseResult<T>& r) {
  if (!r) return ref::fail(r.error());
  if constexpr (std::is_same_v<T, Timestamp>) {
    return ref::good(r.value().time_since_epoch().count());
  } else if constexpr (std::is_same_v<T, Duration>) {
    return ref::good(r.value().count());
  } else if constexpr (std::is_same_v<T, bool>) {
    return ref::good(*r ? 1 : 0);
  } else {
    return ref::good(std::bit_cast<std::int64_t>(*r));
  }
}

/// Runs every parser on `text` (from a heap block of exactly its size) against its reference,
/// timestamps also through `times` and `base` (the portable fast path), which keep the month
/// of the texts they saw before (a cache hit whenever the text starts with the last valid
/// YYYY-MM- they read); returns the number of disagreements (each reported).
int differ(std::string_view text, TimestampParser& times, TimestampParser& base) {
  std::vector<char> block(std::max<std::size_t>(text.size(), 1));
  std::copy(text.begin(), text.end(), block.begin());
  const std::string_view s{block.data(), text.size()};
  int bad = 0;
  const auto compare = [&](const char* what, const ref::Result& got, const ref::Result& want) {
    if (got == want) return;
    ++bad;
    if (bad > 3) return;
    UNSCOPED_INFO(what << " on \"" << std::string{text} << "\": got ok=" << got.ok
                       << " value=" << got.value << " error=" << static_cast<int>(got.error)
                       << ", want ok=" << want.ok << " value=" << want.value
                       << " error=" << static_cast<int>(want.error));
  };
  const ref::Result want_timestamp = ref::timestamp(s);
  compare("parse_timestamp", as_result(parse_timestamp(s)), want_timestamp);
  compare("TimestampParser::parse", as_result(times.parse(s)), want_timestamp);
  compare("TimestampParser::parse (baseline)", as_result(base.parse(s)), want_timestamp);
  compare("parse_seconds", as_result(parse_seconds(s)), ref::seconds_(s));
  compare("parse_bool", as_result(parse_bool(s)), ref::boolean(s));
  compare("parse_number", as_result(parse_number(s)), ref::number_(s));
  compare("parse_score", as_result(parse_score(s)), ref::score(s));
  return bad;
}

/// A fixed-seed generator (SplitMix64): the same mutations on every run.
class Mix {
 public:
  std::uint64_t next() {
    state_ += 0x9E3779B97F4A7C15;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

 private:
  std::uint64_t state_ = 20260302;
};

/// A byte for a mutation: mostly the bytes of the grammars, sometimes any byte.
char some_byte(Mix& rng) {
  static constexpr std::string_view interesting =
      "0123456789012345.-+:TtZz eE/;\x00\xFF\x10\x3A"
      "aAfFnNsSuUyY";
  if (rng.below(8) == 0) return static_cast<char>(rng.below(256));
  return interesting[rng.below(interesting.size())];
}

/// `s` with 1 to 3 random edits (replace, insert or delete one byte).
std::string mutate(std::string s, Mix& rng) {
  const std::size_t edits = 1 + rng.below(3);
  for (std::size_t e = 0; e < edits; ++e) {
    const std::size_t kind = rng.below(3);
    if (kind == 0 && !s.empty()) {
      s[rng.below(s.size())] = some_byte(rng);
    } else if (kind == 1) {
      s.insert(s.begin() + static_cast<std::ptrdiff_t>(rng.below(s.size() + 1)), some_byte(rng));
    } else if (!s.empty()) {
      s.erase(rng.below(s.size()), 1);
    }
  }
  return s;
}

}  // namespace

TEST_CASE("parsers agree with reference implementations on edge cases",
          "[io][parse][differential]") {
  std::vector<std::string> cases = {
      // Empty, one byte, and every spelling or near spelling of a bool.
      "", "0", "1", "2", "-", ".", "Z", "y", "Y", "n", "N", "t", "f", "\xFF", std::string(1, '\0'),
      "no", "NO", "nO", "yes", "YeS", "ye", "true", "TRUE", "tRuE", "trUe.", "false", "FALSE",
      "fAlSe", "fals", "falsy", "falsee", "\x14rue", "4rue", "trve", "Frue", "talse", "0000",
      "00000", "1111", "tru\xE5", "TRU\x05", "FALS\x05", "\x06\x01LSE",
      // Seconds and numbers: edges of the fast path (8 bytes, 6 decimals) and of 10^12.
      "812", "108.91", "15.638", "0.000001", "0.0000001", "12345678", "1234567.8", "123456789",
      "1.234567", "1.2345678", ".5", "5.", "..", "1..", ".1.", "-0", "-0.0", "-.0", "-0.",
      "-0.0000001", "-0.000001", "-1", "-1.5", "-", "-.", "1000000000000", "1000000000000.0",
      "1000000000000.000000", "1000000000000.0000001", "1000000000000.000001", "1000000000001",
      "0001000000000000", "99999999999999999999999", "-99999999999999999999", "1e3", "+1", " 1",
      "1 ", "1,5", "0x10", "inf", "nan", "100", "100.0", "100.000001", "100.01", "99.99", "-0.01",
      "87", "92.5", "00000000", "0000000.", ".0000000", "9999999.", "99999.99", "1e400", "0.1",
      "0.2", "0.3", "2.675", "9007199254740993", "1.7976931348623157",
      // NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one 360-digit literal, on purpose
      "179769313486231570000000000000000000000000000000000000000000000000000000000000000000000000"
      "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
      "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
      "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
      // Timestamps: every error code, calendar and offset edges, 0..10 fraction digits.
      "2026-03-02T05:31:14+05:30", "2026-03-02T00:01:37.296Z", "2026-03-02T12:46:03Z",
      "2026-03-02T12:46:03", "2026-03-02T12:46:03.", "2026-03-02T12:46:03.Z",
      "2026-03-02T12:46:03.1", "2026-03-02t12:46:03z", "2026-03-02T12:46:03z ",
      "2026-03-02T12:46:03Zz", "2026-03-02 12:46:03Z", "2026-03-02T12:46:3Z",
      "2024-02-29T00:00:00Z", "2023-02-29T00:00:00Z", "2000-02-29T23:59:59Z",
      "1900-02-29T00:00:00Z", "0000-02-29T00:00:00Z", "0000-01-01T00:00:00Z",
      "0000-01-01T00:00:00+18:00", "9999-12-31T23:59:59.999999999-18:00", "9999-12-31T23:59:59Z",
      "2026-04-31T00:00:00Z", "2026-04-30T00:00:00Z", "2026-12-31T00:00:00Z",
      "2026-12-32T00:00:00Z", "2026-00-10T00:00:00Z", "2026-13-10T00:00:00Z",
      "2026-01-00T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T23:60:00Z",
      "2026-01-01T23:59:60Z", "2026-13-01T00:00:00", "2026-02-30T00:00:00+19:00",
      "2026-03-02T12:00:00+18:00", "2026-03-02T12:00:00-18:00", "2026-03-02T12:00:00+18:01",
      "2026-03-02T12:00:00-1800", "2026-03-02T12:00:00-1801", "2026-03-02T12:00:00+17:59",
      "2026-03-02T12:00:00+05:60", "2026-03-02T12:00:00+0560", "2026-03-02T12:00:00-00:00",
      "2026-03-02T12:00:00+99:99", "2026-03-02T12:00:00+1:00", "2026-03-02T12:00:00+01:0",
      "2026-03-02T12:00:00+01:000", "2026-03-02T12:00:00+010", "2026-03-02T12:00:00+01000",
      "2026-03-02T12:00:00+01-00", "2026-03-02T12:00:00*01:00", "2026-03-02T12:00:00+",
      "2026-03-02T12:00:00-", "2026-03-02T12:00:00+0a:00", "2026-03-02T12:00:00+01:0a",
      "2026-03-02T12:00:00.123+0530", "2026-03-02T12:00:00.123456-09:45",
      "2026-03-02T12:00:00.12345678+05:30", "2026-03-02T12:00:00.123456789+05:30",
      "2026-03-02T12:00:00.1234567890+05:30", "2026-03-02T12:00:00.12345678Z",
      "2026-03-02T12:00:00.1234567Z", "2026-03-02T12:00:00.1234567", "2026-03-02T12:00:00.+05:30",
      "2026-03-02T12:00:00.1.2Z", "2026-03-02T12:00:00Z+05:30", "2026-03-02T12:00:00UTC",
      "2026-03-02", "2026-03-02T12:00", "2026-03-02T12:00:0", "2026-03-02T12:00:00",
      "2026-03-02T12:00:00.9", "x026-03-02T12:00:00Z", "2026/03/02T12:00:00Z"};
  // Every fraction length 1..10 with every offset form.
  for (std::size_t k = 1; k <= 10; ++k) {
    for (const char* offset : {"Z", "z", "+05:30", "-0930", "+18:00", "-18:01", "", "+5:30"}) {
      cases.push_back("2026-03-02T12:00:00." + std::string("9876543210").substr(0, k) + offset);
    }
  }
  int bad = 0;
  TimestampParser times;
  TimestampParser base{TimestampParser::Simd::baseline};
  for (const auto& c : cases) bad += differ(c, times, base);
  CHECK(bad == 0);
}

TEST_CASE("parsers agree with reference implementations on mutated texts",
          "[io][parse][differential]") {
  const std::vector<std::string> seeds = {"2026-03-02T05:31:14+05:30",
                                          "2026-03-02T00:01:37.296Z",
                                          "2026-03-02T12:46:03Z",
                                          "2026-03-02T00:13:41.210-0700",
                                          "2024-02-29T23:59:59.999999+18:00",
                                          "0000-01-01T00:00:00.123456789-18:00",
                                          "812",
                                          "0",
                                          "108.91",
                                          "15.638",
                                          "999.999999",
                                          "1000000000000",
                                          "-0.0",
                                          "true",
                                          "false",
                                          "yes",
                                          "no",
                                          "87",
                                          "92.5",
                                          "100"};
  Mix rng;
  int bad = 0;
  TimestampParser times;
  TimestampParser base{TimestampParser::Simd::baseline};
  constexpr int rounds = 2'000'000;
  for (int r = 0; r < rounds && bad == 0; ++r) {
    bad += differ(mutate(seeds[rng.below(seeds.size())], rng), times, base);
  }
  CHECK(bad == 0);
  // Random short decimals (1 to 9 bytes: digits, at most one '.', sometimes a '-'): the fast
  // paths of parse_seconds / parse_number against from_chars and the reference.
  for (int r = 0; r < 1'000'000 && bad == 0; ++r) {
    std::string s(1 + rng.below(9), '0');
    for (char& c : s) c = static_cast<char>('0' + rng.below(10));
    if (rng.below(4) != 0) s[rng.below(s.size())] = '.';
    if (rng.below(16) == 0) s[0] = '-';
    bad += differ(s, times, base);
  }
  CHECK(bad == 0);
}

TEST_CASE("TimestampParser: a cached month never lets a bad day or time through",
          "[io][parse][differential]") {
  // Each text right after one of the same YYYY-MM- (a cache hit), and again with a fresh
  // parser (a miss): both against the reference, values and errors.
  const std::vector<std::pair<std::string, std::string>> pairs = {
      // Feb 29 in a common year after a valid Feb 28; Feb 30 after a leap Feb 29.
      {"2026-02-28T12:00:00Z", "2026-02-29T12:00:00Z"},
      {"2024-02-29T12:00:00Z", "2024-02-30T12:00:00Z"},
      {"2024-02-29T12:00:00Z", "2024-02-29T23:59:59.999999-18:00"},
      {"2100-02-28T00:00:00Z", "2100-02-29T00:00:00Z"},
      {"2000-02-28T00:00:00Z", "2000-02-29T00:00:00Z"},
      // Day 00, day 31 of a 30-day month, day 32, days with a non-digit.
      {"2026-04-01T00:00:00Z", "2026-04-00T00:00:00Z"},
      {"2026-04-01T00:00:00Z", "2026-04-30T00:00:00Z"},
      {"2026-04-01T00:00:00Z", "2026-04-31T00:00:00Z"},
      {"2026-03-01T00:00:00Z", "2026-03-31T00:00:00Z"},
      {"2026-03-01T00:00:00Z", "2026-03-32T00:00:00Z"},
      {"2026-03-01T00:00:00Z", "2026-03-3aT00:00:00Z"},
      {"2026-03-01T00:00:00Z", "2026-03-/1T00:00:00Z"},
      {"2026-03-01T00:00:00Z", "2026-03-01 00:00:00Z"},
      // Time and offset errors behind a cached month.
      {"2026-03-01T00:00:00Z", "2026-03-01T24:00:00Z"},
      {"2026-03-01T00:00:00Z", "2026-03-01T23:60:00Z"},
      {"2026-03-01T00:00:00Z", "2026-03-01T23:59:60Z"},
      {"2026-03-01T00:00:00Z", "2026-03-01T23:59:59"},
      {"2026-03-01T00:00:00Z", "2026-03-01T23:59:59+18:01"},
      {"2026-03-01T00:00:00Z", "2026-03-01T23:59:59.1234567890Z"},
      {"2026-03-01T00:00:00Z", "2026-03-01T23:59:59.Z"},
      // A miss on an invalid month keeps the cached one (2026-03) for the next text.
      {"2026-13-01T00:00:00Z", "2026-03-31T00:00:00Z"},
      {"2026-00-01T00:00:00Z", "2026-03-31T00:00:00Z"},
  };
  const auto simd = GENERATE(TimestampParser::Simd::best, TimestampParser::Simd::baseline);
  CAPTURE(simd == TimestampParser::Simd::best);
  int bad = 0;
  for (const auto& [first, second] : pairs) {
    TimestampParser warm{simd};
    (void)warm.parse("2026-03-01T00:00:00Z");
    (void)warm.parse(first);
    TimestampParser fresh{simd};
    for (const std::string& text : {first, second}) {
      CAPTURE(first, text);
      const ref::Result want = ref::timestamp(text);
      CHECK(as_result(warm.parse(text)) == want);
      CHECK(as_result(fresh.parse(text)) == want);
    }
  }
  // Every day of 2023-2025 in order through one parser (hits, with a miss at each new
  // month), every time of day in steps of 7 s, every fraction and offset form by turns.
  TimestampParser times{simd};
  const std::array<std::string_view, 6> tails{"Z",          ".296Z", "+05:30",
                                              ".296-05:00", "-0930", ".296123+14:00"};
  std::size_t k = 0;
  for (sys_days d = sys_days{2023y / January / 1}; d <= sys_days{2025y / December / 31};
       d += days{1}) {
    const year_month_day ymd{d};
    for (int s = 0; s < 86400; s += 7 * 97) {
      std::array<char, 40> buf{};
      std::snprintf(buf.data(), buf.size(), "%04d-%02u-%02uT%02d:%02d:%02d%s",
                    static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                    static_cast<unsigned>(ymd.day()), s / 3600, s / 60 % 60, s % 60,
                    tails[k++ % tails.size()].data());
      const std::string_view text{buf.data()};
      if (as_result(times.parse(text)) != ref::timestamp(text)) ++bad;
    }
  }
  CHECK(bad == 0);
}

TEST_CASE("TimestampParser: best is the SSE path when the CPU has SSE4.1, baseline never",
          "[io][parse]") {
  CHECK(TimestampParser{}.uses_sse() == TimestampParser::cpu_has_sse41());
  CHECK_FALSE(TimestampParser{TimestampParser::Simd::baseline}.uses_sse());
}

TEST_CASE("TimestampParser: the forms of real files never reach the general parser",
          "[io][parse]") {
  // Not a result (the differential tests check those) but the speed: a fast path that
  // handed every text over would still be exact. Every valid text of 0..6 fraction digits
  // with each offset form takes both fast paths; the portable one also takes 7 digits with
  // any offset, and the SSE path 7..9 digits when the text has at most 32 bytes (longer
  // texts go to the portable path).
  const auto simd = GENERATE(TimestampParser::Simd::best, TimestampParser::Simd::baseline);
  TimestampParser times{simd};
  const bool sse = times.uses_sse();
  CAPTURE(sse);
  const std::array<std::string_view, 7> offsets{"Z",      "z",      "+05:30", "-0930",
                                                "+18:00", "-00:00", "-1800"};
  constexpr std::string_view digits = "123456789";
  std::uint64_t expected_general = 0;
  for (const std::string_view date : {"2026-03-02T05:31:14", "2026-03-31T23:59:59",
                                      "2024-02-29T00:00:00", "2026-04-01t12:00:00"}) {
    for (std::size_t f = 0; f <= digits.size(); ++f) {
      for (const auto offset : offsets) {
        std::string text{date};
        if (f > 0) text += "." + std::string{digits.substr(0, f)};
        text += offset;
        CAPTURE(text);
        const bool fast = f <= 7 || (sse && text.size() <= 32);
        if (!fast) ++expected_general;
        CHECK(as_result(times.parse(text)) == ref::timestamp(text));
        CHECK(times.general_count() == expected_general);
      }
    }
  }
  // Errors are the general parser's.
  CHECK_FALSE(times.parse("2026-03-32T00:00:00Z").has_value());
  CHECK(times.general_count() == expected_general + 1);
}

TEST_CASE("TimestampParser: every byte of every form, each replaced by every byte value",
          "[io][parse][differential]") {
  // Valid texts of every form the fast paths take and some they do not (lengths 20..35:
  // 0 to 9 fraction digits, Z / z / ±HH:MM / ±HHMM), at the edges of each range (the last day
  // of a leap February, 23:59:59, ±18:00, offsets whose minutes and hours both matter). Each
  // byte position is set to each of the 256 byte values, and each byte is deleted or doubled;
  // every result goes through both fast paths, warm (the month cached: the same parser for
  // every text) and cold, against the reference, values and errors.
  const std::array<std::string_view, 3> dates{"2024-02-29T23:59:59", "2026-03-01T00:00:00",
                                              "1999-12-31T12:30:45"};
  const std::array<std::string_view, 8> offsets{"Z",     "z",      "+18:00", "-17:59",
                                                "+1800", "-05:30", "-0930",  "+00:00"};
  constexpr std::string_view digits = "987654321";
  std::vector<std::string> forms;
  for (const auto date : dates) {
    for (std::size_t f = 0; f <= digits.size(); ++f) {
      for (const auto offset : offsets) {
        std::string text{date};
        if (f > 0) text += "." + std::string{digits.substr(0, f)};
        text += offset;
        forms.push_back(std::move(text));
      }
    }
  }
  TimestampParser warm;
  TimestampParser warm_base{TimestampParser::Simd::baseline};
  int bad = 0;
  std::size_t tried = 0;
  const auto check = [&](const std::string& text) {
    // From a heap block of exactly the text's size, so that a read past it shows under ASan.
    std::vector<char> block(std::max<std::size_t>(text.size(), 1));
    std::copy(text.begin(), text.end(), block.begin());
    const std::string_view s{block.data(), text.size()};
    const ref::Result want = ref::timestamp(s);
    TimestampParser cold;
    TimestampParser cold_base{TimestampParser::Simd::baseline};
    const std::array<ref::Result, 4> got{as_result(warm.parse(s)), as_result(warm_base.parse(s)),
                                         as_result(cold.parse(s)), as_result(cold_base.parse(s))};
    ++tried;
    for (std::size_t k = 0; k < got.size(); ++k) {
      if (got[k] == want) continue;
      if (++bad <= 5) {
        UNSCOPED_INFO("parser " << k << " on \"" << text << "\": got ok=" << got[k].ok << " value="
                                << got[k].value << " error=" << static_cast<int>(got[k].error)
                                << ", want ok=" << want.ok << " value=" << want.value
                                << " error=" << static_cast<int>(want.error));
      }
    }
  };
  for (const std::string& form : forms) {
    check(form);
    for (std::size_t i = 0; i < form.size(); ++i) {
      for (int byte = 0; byte < 256; ++byte) {
        std::string text = form;
        text[i] = static_cast<char>(byte);
        check(text);
      }
      std::string shorter = form;
      shorter.erase(i, 1);
      check(shorter);
      std::string longer = form;
      longer.insert(i, 1, form[i]);
      check(longer);
    }
  }
  // 240 forms of 19 + 0..10 + 1..6 bytes, each with 258 variants a byte.
  CHECK(tried > std::size_t{240} * 20 * 258);
  CHECK(bad == 0);
}

TEST_CASE("TimestampParser: a cache hit, then a day the month does not have",
          "[io][parse][differential]") {
  const auto simd = GENERATE(TimestampParser::Simd::best, TimestampParser::Simd::baseline);
  CAPTURE(simd == TimestampParser::Simd::best);
  // For every month of 2023-2025 and 2000 / 2100 (leap rules): hit the month, then each day
  // 00..39 with each tail form; the reference decides.
  const std::array<std::string_view, 4> tails{"Z", ".5+05:30", ".123456-0000", ".1234567z"};
  TimestampParser times{simd};
  int bad = 0;
  for (const int y : {2000, 2023, 2024, 2025, 2100}) {
    for (int m = 1; m <= 12; ++m) {
      for (int d = 0; d <= 39; ++d) {
        for (const auto tail : tails) {
          std::array<char, 40> first{};
          std::snprintf(first.data(), first.size(), "%04d-%02d-15T12:00:00Z", y, m);
          (void)times.parse(first.data());
          std::array<char, 48> buf{};
          std::snprintf(buf.data(), buf.size(), "%04d-%02d-%02dT23:59:59%s", y, m, d,
                        std::string{tail}.c_str());
          const std::string_view text{buf.data()};
          CAPTURE(text);
          if (as_result(times.parse(text)) != ref::timestamp(text)) ++bad;
        }
      }
    }
  }
  CHECK(bad == 0);
}

TEST_CASE("parse_channel and parse_direction agree with a reference on mutated names",
          "[io][parse][differential]") {
  using contactkpi::Channel;
  using contactkpi::Direction;
  // Reference: ASCII lower-case the text byte by byte, then compare with each name.
  const std::array<std::string_view, 7> channels{"voice",  "chat",  "email", "sms",
                                                 "social", "video", "other"};
  const auto lower_all = [](std::string_view s) {
    std::string l;
    for (const char c : s) l += ref::lower(c);
    return l;
  };
  const auto want_channel = [&](std::string_view s) -> std::optional<Channel> {
    const std::string l = lower_all(s);
    for (std::size_t i = 0; i < channels.size(); ++i) {
      if (l == channels[i]) return contactkpi::all_channels[i];
    }
    return std::nullopt;
  };
  const auto want_direction = [&](std::string_view s) -> std::optional<Direction> {
    const std::string l = lower_all(s);
    if (l == "inbound") return Direction::inbound;
    if (l == "outbound") return Direction::outbound;
    return std::nullopt;
  };
  std::vector<std::string> seeds{channels.begin(), channels.end()};
  seeds.emplace_back("inbound");
  seeds.emplace_back("outbound");
  Mix rng;
  int bad = 0;
  for (int r = 0; r < 300'000 && bad < 3; ++r) {
    std::string s = seeds[rng.below(seeds.size())];
    // Random case, then (mostly) 1 to 3 edits; a byte flipped by 0x20 / 0x40 / 0x80 sometimes.
    for (char& c : s) {
      if (rng.below(2) == 0 && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    if (rng.below(4) != 0) s = mutate(s, rng);
    if (!s.empty() && rng.below(4) == 0) {
      char& flipped = s[rng.below(s.size())];
      flipped = static_cast<char>(flipped ^ (0x20 << rng.below(3)));
    }
    // From a heap block of exactly its size (reads past the end show under ASan).
    std::vector<char> block(std::max<std::size_t>(s.size(), 1));
    std::copy(s.begin(), s.end(), block.begin());
    const std::string_view text{block.data(), s.size()};
    if (contactkpi::parse_channel(text) != want_channel(text) ||
        contactkpi::parse_direction(text) != want_direction(text)) {
      ++bad;
      UNSCOPED_INFO("disagreement on \"" << s << "\"");
    }
  }
  CHECK(bad == 0);
  // Every name in every case pattern (2^6 at most), exactly.
  for (std::size_t i = 0; i < channels.size(); ++i) {
    for (unsigned m = 0; m < (1U << channels[i].size()); ++m) {
      std::string s{channels[i]};
      for (std::size_t k = 0; k < s.size(); ++k) {
        if ((m >> k) & 1U) s[k] = static_cast<char>(s[k] - 'a' + 'A');
      }
      CHECK(contactkpi::parse_channel(s) == contactkpi::all_channels[i]);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// detail::FieldParser: the row builders' parsers, which read a field that lies inside a
// larger buffer (a CSV body) with loads of 8 or 16 bytes past its end. Each text is placed at
// the start of a heap block of exactly its size plus `after` bytes of filler, the whole block
// readable: the fast paths run when 16 bytes are (after >= 16 - size), the public parsers
// otherwise, and a load past the block shows under AddressSanitizer. Results (values and
// errors) against the references above, with the SSE path and the portable one.
namespace {

using contactkpi::detail::FieldParser;

/// The FieldParser paths on `text` followed by `after` bytes of `fill`; returns the number of
/// disagreements with the references (each reported).
int differ_fields(std::string_view text, std::size_t after, char fill, FieldParser::Simd simd) {
  const std::size_t size = text.size() + after;
  std::vector<char> block(std::max<std::size_t>(size, 1), fill);
  std::copy(text.begin(), text.end(), block.begin());
  const std::string_view s{block.data(), text.size()};
  FieldParser parse{simd};
  parse.set_readable({block.data(), size});
  int bad = 0;
  const auto compare = [&](const char* what, const ref::Result& got, const ref::Result& want) {
    if (got == want) return;
    ++bad;
    if (bad > 3) return;
    UNSCOPED_INFO(what << " on \"" << std::string{text} << "\" + " << after << " × '" << fill
                       << "' (simd " << (simd == FieldParser::Simd::best) << "): got ok=" << got.ok
                       << " value=" << got.value << " error=" << static_cast<int>(got.error)
                       << ", want ok=" << want.ok << " value=" << want.value
                       << " error=" << static_cast<int>(want.error));
  };
  if (parse.padded(s) != (size >= 16)) {
    ++bad;
    UNSCOPED_INFO("padded() on \"" << std::string{text} << "\" + " << after);
  }
  compare("FieldParser::seconds", as_result(parse.seconds(s)), ref::seconds_(s));
  compare("FieldParser::boolean", as_result(parse.boolean(s)), ref::boolean(s));
  compare("FieldParser::number", as_result(parse.number(s)), ref::number_(s));
  compare("FieldParser::score", as_result(parse.score(s)), ref::score(s));
  return bad;
}

/// differ_fields with the text alone (no byte after it) and with just enough bytes after it
/// for the fast paths (16 - size, at least 0), for both paths; `all`: also with 16 bytes
/// after it and with one byte too few for the fast paths.
int differ_placed(std::string_view text, char fill, bool all = true) {
  int bad = 0;
  const std::size_t enough = text.size() < 16 ? 16 - text.size() : 0;
  for (const auto simd : {FieldParser::Simd::best, FieldParser::Simd::baseline}) {
    bad += differ_fields(text, 0, fill, simd);
    if (enough > 0) bad += differ_fields(text, enough, fill, simd);
    if (all) {
      bad += differ_fields(text, 16, fill, simd);
      if (enough > 1) bad += differ_fields(text, enough - 1, fill, simd);
    }
  }
  return bad;
}

}  // namespace

TEST_CASE("FieldParser: best is the SSE path when the CPU has SSE4.1, baseline never",
          "[io][parse]") {
  CHECK(FieldParser{}.uses_sse() == TimestampParser::cpu_has_sse41());
  CHECK_FALSE(FieldParser{FieldParser::Simd::baseline}.uses_sse());
}

TEST_CASE("FieldParser: padded() exactly for fields with 16 readable bytes", "[io][parse]") {
  const std::string body(40, '7');
  FieldParser parse;
  CHECK_FALSE(parse.padded(std::string_view{body}.substr(0, 3)));  // nothing readable yet
  parse.set_readable(body);
  const std::string_view all{body};
  CHECK(parse.padded(all.substr(0, 3)));
  CHECK(parse.padded(all.substr(24, 3)));        // 24 + 16 = 40: the last padded start
  CHECK_FALSE(parse.padded(all.substr(25, 3)));  // 25 + 16 > 40
  CHECK_FALSE(parse.padded(all.substr(40, 0)));  // the end
  const std::string other = body;
  CHECK_FALSE(parse.padded(std::string_view{other}.substr(0, 3)));  // another buffer
  // A buffer under 16 bytes has no padded field.
  parse.set_readable(all.substr(0, 15));
  CHECK_FALSE(parse.padded(all.substr(0, 1)));
  parse.set_readable(all.substr(0, 16));
  CHECK(parse.padded(all.substr(0, 1)));
  CHECK_FALSE(parse.padded(all.substr(1, 1)));
  parse.set_readable({});
  CHECK_FALSE(parse.padded(all.substr(0, 1)));
}

TEST_CASE("FieldParser: the values of real files and the edges of the fast paths",
          "[io][parse][differential]") {
  // Hand-checked values on the fast paths: 108.91 s = 108,910,000 µs; "15.638" = 15,638,000;
  // ".5" = 500,000; "5." = 5,000,000; 8 integer digits 12345678 s; 8 decimals truncated to 6:
  // "0.12345678" = 123,456 µs.
  const std::string body = "812,0,48,108.91,15.638,.5,5.,12345678,0.12345678,true,FALSE,,";
  FieldParser parse;
  parse.set_readable(body);
  const auto field = [&](std::size_t at, std::size_t n) {
    return std::string_view{body}.substr(at, n);
  };
  CHECK(parse.seconds(field(0, 3)).value() == Duration{812'000'000});
  CHECK(parse.seconds(field(4, 1)).value() == Duration{0});
  CHECK(parse.seconds(field(6, 2)).value() == Duration{48'000'000});
  CHECK(parse.seconds(field(9, 6)).value() == Duration{108'910'000});
  CHECK(parse.seconds(field(16, 6)).value() == Duration{15'638'000});
  CHECK(parse.seconds(field(23, 2)).value() == Duration{500'000});
  CHECK(parse.seconds(field(26, 2)).value() == Duration{5'000'000});
  CHECK(parse.seconds(field(29, 8)).value() == Duration{12'345'678'000'000});
  CHECK(parse.seconds(field(38, 10)).value() == Duration{123'456});
  CHECK(parse.boolean(field(49, 4)).value());
  CHECK_FALSE(parse.boolean(field(54, 5)).value());
  CHECK(parse.boolean(field(60, 0)).error() == ParseErrc::empty);
  CHECK(parse.seconds(field(60, 0)).error() == ParseErrc::empty);
  CHECK(parse.number(field(9, 6)).value() == 108.91);
  CHECK(parse.score(field(6, 2)).value() == 48.0);
  CHECK(parse.score(field(0, 3)).error() == ParseErrc::out_of_range);  // 812 > 100

  // The edge cases of the differential test above, each placed every way.
  const std::vector<std::string> cases = {"",
                                          "0",
                                          "1",
                                          "-",
                                          ".",
                                          "..",
                                          "-0",
                                          "-0.0",
                                          "-.0",
                                          "-1",
                                          ".5",
                                          "5.",
                                          "1..",
                                          ".1.",
                                          "true",
                                          "TRUE",
                                          "tRuE",
                                          "false",
                                          "FALSE",
                                          "fAlSe",
                                          "fals",
                                          "falsy",
                                          "truee",
                                          "yes",
                                          "no",
                                          "y",
                                          "n",
                                          "Y",
                                          "N",
                                          "t",
                                          "f",
                                          "812",
                                          "108.91",
                                          "15.638",
                                          "0.000001",
                                          "0.0000001",
                                          "12345678",
                                          "123456789",
                                          "1234567.8",
                                          "12345678.12345678",
                                          "12345678.123456789",
                                          "123456789.1",
                                          ".12345678",
                                          ".123456789",
                                          "00000000",
                                          "0000000.",
                                          ".0000000",
                                          "9999999.",
                                          "99999.99",
                                          "99999999.99999999",
                                          "100",
                                          "100.0",
                                          "100.000001",
                                          "100.01",
                                          "99.99",
                                          "-0.01",
                                          "87",
                                          "92.5",
                                          "1e3",
                                          "+1",
                                          " 1",
                                          "1 ",
                                          "1,5",
                                          "0x10",
                                          "inf",
                                          "nan",
                                          "1000000000000",
                                          "1000000000000.000001",
                                          "1000000000001",
                                          "0001000000000000",
                                          "999999999999999",
                                          "99999999999999.9",
                                          "9999999.99999999",
                                          "000000000000000",
                                          "0.0000000000000",
                                          std::string(1, '\0'),
                                          "\xFF",
                                          "1\xFF",
                                          "1.\xAE",
                                          "1.2.3",
                                          "1.2345678901234",
                                          "2026-03-02T12:46:03Z"};
  int bad = 0;
  for (const auto& c : cases) {
    for (const char fill : {',', '0', '.', '9', '\n', '\xFF', '\0', 'e'})
      bad += differ_placed(c, fill);
  }
  CHECK(bad == 0);
}

TEST_CASE("FieldParser: every length 0..20, each byte replaced by every byte value",
          "[io][parse][differential]") {
  // Decimals of every length 0..20 with the '.' nowhere or at each index, "true" and "false"
  // of either case, each byte of each replaced by each of the 256 byte values; every text
  // alone and followed by just enough bytes for the fast paths, the filler varying.
  std::vector<std::string> bases;
  constexpr std::string_view digits = "12345678901234567890";
  for (std::size_t n = 0; n <= 20; ++n) {
    const std::string d{digits.substr(0, n)};
    bases.push_back(d);
    for (std::size_t dot = 0; dot < n; ++dot) {
      std::string with = d;
      with[dot] = '.';
      bases.push_back(with);
    }
  }
  for (const char* word : {"true", "false", "TRUE", "FaLsE"}) bases.emplace_back(word);
  constexpr std::string_view fills = ",0.9\n\xFF";
  int bad = 0;
  std::size_t round = 0;
  for (const auto& base : bases) {
    for (std::size_t i = 0; i < base.size() && bad == 0; ++i) {
      std::string text = base;
      for (int b = 0; b < 256; ++b) {
        text[i] = static_cast<char>(b);
        bad += differ_placed(text, fills[round++ % fills.size()], false);
      }
    }
  }
  CHECK(bad == 0);
}

TEST_CASE("FieldParser: random short decimals agree with the references",
          "[io][parse][differential]") {
  // 1 to 16 bytes of digits with 0 to 2 '.' and sometimes a '-', the filler after them a
  // digit, so that an over-read would change the value.
  Mix rng;
  int bad = 0;
  for (int r = 0; r < 100'000 && bad == 0; ++r) {
    std::string s(1 + rng.below(16), '0');
    for (char& c : s) c = static_cast<char>('0' + rng.below(10));
    for (std::size_t dots = rng.below(4); dots > 0 && dots < 3; --dots) {
      s[rng.below(s.size())] = '.';
    }
    if (rng.below(16) == 0) s[0] = '-';
    bad += differ_placed(s, static_cast<char>('0' + rng.below(10)));
  }
  CHECK(bad == 0);
}

TEST_CASE("FieldParser::seconds3: three durations at once, or none", "[io][parse][differential]") {
  // Three texts "a,b,c" followed by `after` bytes of filler in an exact-size block. When
  // seconds3 takes them, each value is its reference (empty = 0, the row builders' rule) and
  // each reference is a value; when it does not, the outputs are untouched. It must take the
  // forms of real files when 16 bytes are readable after each text.
  const std::vector<std::string> texts = {"",
                                          "0",
                                          "812",
                                          "48",
                                          "108.91",
                                          "15.638",
                                          ".5",
                                          "5.",
                                          ".",
                                          "-0",
                                          "-1",
                                          "1m",
                                          "12345678",
                                          "123456789",
                                          "0.12345678",
                                          "0.123456789",
                                          "99999999.99999999",
                                          "1000000000000",
                                          "true",
                                          "000000000000000",
                                          "0000000000000000",
                                          std::string(1, '\0')};
  const auto simd = GENERATE(FieldParser::Simd::best, FieldParser::Simd::baseline);
  CAPTURE(simd == FieldParser::Simd::best);
  const Duration untouched{-7};
  int bad = 0;
  for (const auto& a : texts) {
    for (const auto& b : texts) {
      for (const auto& c : texts) {
        for (const std::size_t after : {std::size_t{0}, std::size_t{8}, std::size_t{16}}) {
          const std::string line = a + "," + b + "," + c;
          std::vector<char> block(line.size() + after, '9');
          std::copy(line.begin(), line.end(), block.begin());
          const std::string_view all{block.data(), block.size()};
          const std::array<std::string_view, 3> fields{
              all.substr(0, a.size()), all.substr(a.size() + 1, b.size()),
              all.substr(a.size() + b.size() + 2, c.size())};
          FieldParser parse{simd};
          parse.set_readable(all);
          std::array<Duration, 3> got{untouched, untouched, untouched};
          const bool taken = parse.seconds3(fields.data(), got[0], got[1], got[2]);
          bool all_good = true;
          bool real_forms = after >= 16;
          for (std::size_t i = 0; i < 3; ++i) {
            const ref::Result want = fields[i].empty() ? ref::good(0) : ref::seconds_(fields[i]);
            all_good = all_good && want.ok;
            if (taken && (!want.ok || got[i].count() != want.value)) ++bad;
            if (!taken && got[i] != untouched) ++bad;
            // 0 to 15 bytes, at most 8 integer digits and 8 decimals: taken (SSE path); at most
            // 8 bytes: taken (portable path).
            const std::size_t n = fields[i].size();
            const std::size_t dot = std::min(fields[i].find('.'), n);
            real_forms = real_forms && want.ok && fields[i].find('-') == std::string_view::npos &&
                         (parse.uses_sse() ? n <= 15 && dot <= 8 && n - dot <= 9 : n <= 8);
          }
          if (taken && !all_good) ++bad;
          if (real_forms && !taken) ++bad;
          if (bad > 0) {
            UNSCOPED_INFO("\"" << line << "\" + " << after << ": taken " << taken);
            CHECK(bad == 0);
            return;
          }
        }
      }
    }
  }
  CHECK(bad == 0);
}
