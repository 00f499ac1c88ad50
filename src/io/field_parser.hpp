// SPDX-License-Identifier: MIT
// Private: the field parsers of contactkpi/io/parse.hpp as the row builders call them, with
// fast paths for fields that lie inside a larger buffer. Never installed.
//
// A CSV field is a view into the file's body, with more bytes after it: a parser may then
// load 16 bytes at once from the field's start (reading past its end, never past the
// buffer's) instead of assembling the field from loads of its exact length. The builder
// tells which memory may be read so (set_readable()); any other field (a JSON value, a CSV
// field unescaped into the reader's scratch buffer, one near the end of the body) takes the
// public parsers. Results, values and errors, are those of the public parsers for every text.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "contactkpi/io/parse.hpp"
#include "contactkpi/types.hpp"
#include "io/timestamp_parser.hpp"

namespace contactkpi::detail {

/// Parses fields exactly as io::parse_timestamp, io::parse_seconds, io::parse_bool,
/// io::parse_number and io::parse_score do (same values, same errors), faster for fields
/// inside the readable buffer. One object per thread, as TimestampParser (which it holds).
///
/// Complexity: constant per field of up to 15 bytes on the fast paths, else as the public
/// parsers.
///
/// Example:
///
///     FieldParser parse;
///     parse.set_readable(body);            // the CSV file's body: fields view into it
///     parse.seconds(field)                 // io::parse_seconds(field), from 16-byte loads
class FieldParser {
 public:
  /// `best`: SSE4.1 code where the CPU has it (asked once per process), else 64-bit words;
  /// `baseline`: always the 64-bit words (for tests). Same results either way; the timestamp
  /// parser is chosen the same way.
  using Simd = TimestampParser::Simd;

  explicit FieldParser(Simd simd = Simd::best) noexcept
      : times_{simd}, sse_{simd == Simd::best && TimestampParser::cpu_has_sse41()} {
#if defined(CONTACTKPI_TIMESTAMP_SSE)
    if (sse_) {
      seconds_ = &seconds_sse;
      seconds3_ = &seconds3_sse;
      number_ = &number_sse;
    }
#endif
  }

  /// Lets the fast paths read up to 16 bytes from the start of any field that starts in
  /// `data` at least 16 bytes before its end. `data` must stay readable while fields are
  /// parsed (until the next call); an empty view allows nothing (the default).
  void set_readable(std::string_view data) noexcept {
    begin_ = reinterpret_cast<std::uintptr_t>(data.data());  // NOLINT(*-reinterpret-cast)
    span_ = data.size() >= 16 ? data.size() - 15 : 0;
  }

  /// True when the 16 bytes from text.data() are readable (see set_readable()).
  [[nodiscard]] bool padded(std::string_view text) const noexcept {
    const auto at = reinterpret_cast<std::uintptr_t>(text.data());  // NOLINT(*-reinterpret-cast)
    return at - begin_ < span_;
  }

  /// True when the fast paths use SSE4.1.
  [[nodiscard]] bool uses_sse() const noexcept {
    return sse_;
  }

  /// io::parse_timestamp(text), with the month cache of TimestampParser.
  [[nodiscard]] io::ParseResult<Timestamp> timestamp(std::string_view text) noexcept {
    return times_.parse(text);
  }

  /// io::parse_seconds(text).
  [[nodiscard]] io::ParseResult<Duration> seconds(std::string_view text) const noexcept {
    if (padded(text)) {
      const std::int64_t micros = seconds_(text.data(), text.size());
      if (micros >= 0) return Duration{micros};
    }
    return io::parse_seconds(text);
  }

  /// Three texts as the row builders read durations: io::parse_seconds, but empty = 0. True
  /// with their values in a, b, c when the fast paths take all three; else false, with a, b
  /// and c unchanged (parse each with seconds() for its value or error).
  [[nodiscard]] bool seconds3(const std::string_view* texts, Duration& a, Duration& b,
                              Duration& c) const noexcept {
    return seconds3_(*this, texts, a, b, c);
  }

  /// io::parse_bool(text).
  [[nodiscard]] io::ParseResult<bool> boolean(std::string_view text) const noexcept {
    const std::size_t n = text.size();
    if (padded(text) && n < 8) {
      // "true" and "false" in any case, compared whole: OR 0x20 lower-cases a letter and maps
      // no other byte onto a lower-case letter but its upper case (nor onto 0).
      const std::uint64_t w = (load8(text.data()) | 0x2020'2020'2020'2020) & bool_masks[n];
      if (w == bool_words[n]) return n == 4;
    }
    return io::parse_bool(text);
  }

  /// io::parse_number(text).
  [[nodiscard]] io::ParseResult<double> number(std::string_view text) const noexcept {
    if (padded(text)) {
      const double value = number_(text.data(), text.size());
      if (value >= 0) return value;
    }
    return io::parse_number(text);
  }

  /// io::parse_score(text).
  [[nodiscard]] io::ParseResult<double> score(std::string_view text) const noexcept {
    if (padded(text)) {
      const double value = number_(text.data(), text.size());
      if (value >= 0) {  // never -0 (no sign on the fast paths)
        if (value <= 100.0) return value;
        return io::ParseErrc::out_of_range;
      }
    }
    return io::parse_score(text);
  }

 private:
  /// The 8 bytes at p, p[0] in the low byte, whatever the machine's byte order.
  static std::uint64_t load8(const char* p) noexcept {
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

  /// By length: the bytes boolean() compares, and what they must be (1 never matches).
  static constexpr std::array<std::uint64_t, 8> bool_masks{0, 0, 0, 0, 0xFFFF'FFFF, 0xFF'FFFF'FFFF,
                                                           0, 0};
  static constexpr std::array<std::uint64_t, 8> bool_words{
      1, 1, 1, 1, 0x6575'7274 /* "true" */, 0x65'736C'6166 /* "false" */, 1, 1};

  // The fast paths of a text of n bytes at p, p[0, 16) readable: its value (microseconds, a
  // double), or -1 for a text they do not take (invalid or of a rare form).
  using SecondsFast = std::int64_t (*)(const char* p, std::size_t n) noexcept;
  using NumberFast = double (*)(const char* p, std::size_t n) noexcept;
  using Seconds3Fast = bool (*)(const FieldParser& self, const std::string_view* texts, Duration& a,
                                Duration& b, Duration& c) noexcept;
  static std::int64_t seconds_swar(const char* p, std::size_t n) noexcept;
  static bool seconds3_swar(const FieldParser& self, const std::string_view* texts, Duration& a,
                            Duration& b, Duration& c) noexcept;
  static double number_swar(const char* p, std::size_t n) noexcept;
#if defined(CONTACTKPI_TIMESTAMP_SSE)
  __attribute__((target("sse4.1"))) static std::int64_t seconds_sse(const char* p,
                                                                    std::size_t n) noexcept;
  __attribute__((target("sse4.1"))) static bool seconds3_sse(const FieldParser& self,
                                                             const std::string_view* texts,
                                                             Duration& a, Duration& b,
                                                             Duration& c) noexcept;
  __attribute__((target("sse4.1"))) static double number_sse(const char* p, std::size_t n) noexcept;
#endif

  TimestampParser times_;
  std::uintptr_t begin_ = 0;
  std::size_t span_ = 0;  ///< fields starting in [begin_, begin_ + span_) are padded
  SecondsFast seconds_ = &seconds_swar;
  Seconds3Fast seconds3_ = &seconds3_swar;
  NumberFast number_ = &number_swar;
  bool sse_;
};

}  // namespace contactkpi::detail
