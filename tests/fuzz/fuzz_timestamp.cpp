// SPDX-License-Identifier: MIT
// libFuzzer target: the field parsers of contactkpi/io/parse.hpp on arbitrary text.
//
// Every parser must return (never crash, never throw: they are noexcept) and, where a value
// comes back, the cheap properties hold:
//   - parse_timestamp: the value printed back as YYYY-MM-DDTHH:MM:SS.ffffffZ parses to the
//     same instant (years 0000..9999 after the offset is applied); detail::TimestampParser
//     gives the same result (value or error) with the text's YYYY-MM- cached (after a parse
//     of the 1st of that month) and without, with its SSE fast path and its portable one, as
//     parse_timestamp does;
//   - parse_seconds: 0 ≤ value ≤ 10^12 s, and "S.ffffff" parses back to the same value;
//   - parse_bool: "true"/"false" parse back to the same value;
//   - parse_number: finite; its shortest fixed-notation text parses back to the same double;
//   - parse_score: ok exactly when parse_number is ok and the value is in 0..100;
//   - parse_int: its decimal text parses back; an int is also a number;
//   - detail::FieldParser (the row builders' parsers, which read a field inside a larger
//     buffer with 16-byte loads past its end): for every prefix of the input up to 20 bytes,
//     read inside the whole input, the same result (value or error) as the public parser,
//     with its SSE path and its portable one; seconds3 on the input's first three
//     comma-separated texts: parse_seconds' values (empty = 0) when it takes them, nothing
//     written when not. The input is an exact-size buffer, so that a load past the readable
//     bytes shows under AddressSanitizer.
#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

#include "contactkpi/io/parse.hpp"
#include "fuzz_loader.hpp"
#include "io/field_parser.hpp"
#include "io/timestamp_parser.hpp"

namespace {

using namespace contactkpi;
using contactkpi::fuzz::check;

std::string iso_utc(Timestamp t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const auto us = (t - day).count();  // microseconds into the day
  std::array<char, 64> buf{};
  const int n = std::snprintf(
      buf.data(), buf.size(), "%04d-%02u-%02uT%02lld:%02lld:%02lld.%06lldZ",
      static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
      static_cast<unsigned>(ymd.day()), static_cast<long long>(us / 3'600'000'000LL),
      static_cast<long long>(us / 60'000'000LL % 60), static_cast<long long>(us / 1'000'000LL % 60),
      static_cast<long long>(us % 1'000'000LL));
  return {buf.data(), static_cast<std::size_t>(n)};
}

/// The same result from a parser that has the text's month cached (when it is a valid one),
/// and from one without, with each fast path (SSE where the CPU has it, and the portable one).
void cached_timestamp(std::string_view text, const io::ParseResult<Timestamp>& expected) {
  using Simd = detail::TimestampParser::Simd;
  for (const Simd simd : {Simd::best, Simd::baseline}) {
    detail::TimestampParser times{simd};
    detail::TimestampParser fresh{simd};
    if (text.size() >= 8) {
      std::string first{text.substr(0, 8)};
      first += "01T00:00:00Z";
      (void)times.parse(first);
    }
    for (detail::TimestampParser* parser : {&times, &fresh}) {
      const auto t = parser->parse(text);
      check(t.has_value() == expected.has_value(), "timestamp: cached month, same outcome");
      if (t) {
        check(*t == *expected, "timestamp: cached month, same value");
      } else {
        check(t.error() == expected.error(), "timestamp: cached month, same error");
      }
    }
  }
}

void timestamp(std::string_view text) {
  const auto t = io::parse_timestamp(text);
  cached_timestamp(text, t);
  if (!t) {
    check(!io::to_string(t.error()).empty(), "timestamp: a reason has a text");
    return;
  }
  const auto year = static_cast<int>(
      std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(*t)}.year());
  check(year >= -1 && year <= 10000, "timestamp: year within 0000..9999 ± an offset");
  if (year < 0 || year > 9999) return;
  const std::string again = iso_utc(*t);
  const auto back = io::parse_timestamp(again);
  check(back.has_value(), "timestamp: printed value parses");
  check(*back == *t, "timestamp: round trip");
}

void seconds(std::string_view text) {
  const auto d = io::parse_seconds(text);
  if (!d) return;
  const auto us = (*d).count();
  check(us >= 0, "seconds: never negative");
  check(us <= 1'000'000'000'000LL * 1'000'000LL, "seconds: at most 10^12 s");
  std::array<char, 64> buf{};
  const int n =
      std::snprintf(buf.data(), buf.size(), "%lld.%06lld", static_cast<long long>(us / 1'000'000),
                    static_cast<long long>(us % 1'000'000));
  const auto back = io::parse_seconds(std::string_view{buf.data(), static_cast<std::size_t>(n)});
  check(back.has_value() && *back == *d, "seconds: round trip");
}

void boolean(std::string_view text) {
  const auto b = io::parse_bool(text);
  if (!b) return;
  const auto back = io::parse_bool(*b ? "true" : "false");
  check(back.has_value() && *back == *b, "bool: round trip");
}

void number(std::string_view text) {
  const auto v = io::parse_number(text);
  const auto score = io::parse_score(text);
  if (score) {
    check(v.has_value() && *v == *score, "score: is a number");
    check(*score >= 0.0 && *score <= 100.0, "score: within 0..100");
  }
  if (!v) return;
  check(std::isfinite(*v), "number: finite");
  if (!score) check(*v < 0.0 || *v > 100.0, "score: rejected only out of range");
  std::array<char, 400> buf{};
  const auto [end, ec] =
      std::to_chars(buf.data(), buf.data() + buf.size(), *v, std::chars_format::fixed);
  check(ec == std::errc{}, "number: printable");
  const auto back =
      io::parse_number(std::string_view{buf.data(), static_cast<std::size_t>(end - buf.data())});
  check(back.has_value() && *back == *v, "number: round trip");
}

void integer(std::string_view text) {
  const auto i = io::parse_int(text);
  if (!i) return;
  const std::string again = std::to_string(*i);
  const auto back = io::parse_int(again);
  check(back.has_value() && *back == *i, "int: round trip");
  check(io::parse_number(text).has_value(), "int: is a number");
}

template <class T>
bool same(const io::ParseResult<T>& a, const io::ParseResult<T>& b) {
  if (a.has_value() != b.has_value()) return false;
  if (!a) return a.error() == b.error();
  if constexpr (std::is_same_v<T, double>) {
    return std::memcmp(&a.value(), &b.value(), sizeof(double)) == 0;  // -0 is not 0
  } else {
    return *a == *b;
  }
}

void fields(std::string_view input) {
  using Simd = detail::FieldParser::Simd;
  for (const Simd simd : {Simd::best, Simd::baseline}) {
    detail::FieldParser parse{simd};
    parse.set_readable(input);
    for (std::size_t n = 0; n <= std::min<std::size_t>(input.size(), 20); ++n) {
      const std::string_view text = input.substr(0, n);
      check(parse.padded(text) == (input.size() >= 16), "fields: padded exactly when readable");
      check(same(parse.seconds(text), io::parse_seconds(text)), "fields: seconds");
      check(same(parse.boolean(text), io::parse_bool(text)), "fields: bool");
      check(same(parse.number(text), io::parse_number(text)), "fields: number");
      check(same(parse.score(text), io::parse_score(text)), "fields: score");
      check(same(parse.timestamp(text), io::parse_timestamp(text)), "fields: timestamp");
    }
    // seconds3 on the input split at its first two commas (missing texts are empty): when it
    // takes them, each value is parse_seconds' (empty = 0); when not, nothing is written.
    std::array<std::string_view, 3> texts{};
    std::string_view rest = input;
    for (std::size_t i = 0; i < 3; ++i) {
      const std::size_t comma = i < 2 ? rest.find(',') : std::string_view::npos;
      texts[i] = rest.substr(0, comma);
      rest = comma == std::string_view::npos ? rest.substr(rest.size()) : rest.substr(comma + 1);
    }
    constexpr Duration untouched{-7};
    std::array<Duration, 3> got{untouched, untouched, untouched};
    const bool taken = parse.seconds3(texts.data(), got[0], got[1], got[2]);
    for (std::size_t i = 0; i < 3; ++i) {
      if (!taken) {
        check(got[i] == untouched, "fields: seconds3 writes nothing when it does not take them");
        continue;
      }
      const auto want =
          texts[i].empty() ? io::ParseResult<Duration>{Duration{0}} : io::parse_seconds(texts[i]);
      check(want.has_value() && *want == got[i], "fields: seconds3");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text{reinterpret_cast<const char*>(data), size};
  timestamp(text);
  seconds(text);
  boolean(text);
  number(text);
  integer(text);
  fields(text);
  return 0;
}
