// SPDX-License-Identifier: MIT
// Private: io::parse_timestamp with a one-entry cache of the last month it read, for the row
// builders, which parse millions of timestamps of the same few months. Never installed.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "contactkpi/io/parse.hpp"
#include "contactkpi/types.hpp"

// An SSE4.1 version of the fast path, chosen at run time (GCC and Clang on x86-64; building
// with -DCONTACTKPI_NO_SIMD_CLONES leaves it out, as for detail/simd.hpp). A plain branch on a
// flag set at construction, not an ifunc: it works under ThreadSanitizer too, so the macro
// detail/simd.hpp defines itself there does not count (every file must see one class).
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && \
    (!defined(CONTACTKPI_NO_SIMD_CLONES) || defined(__SANITIZE_THREAD__))
#define CONTACTKPI_TIMESTAMP_SSE 1
#endif

namespace contactkpi::detail {

/// Parses timestamps exactly as io::parse_timestamp does (same values, same errors), and
/// remembers the `YYYY-MM-` of the last valid month it saw: a text of that month skips the
/// checks and the calendar arithmetic of its year and month. One object per thread (it is a
/// plain value, not synchronised); io::parse_timestamp uses a fresh one for each call.
/// Two fast paths, the same results: SSE4.1 code where the CPU has it (about 60 instructions
/// a text), else 64-bit words; each hands what it does not take to the general parser.
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
  /// Which fast path parses: `best` is the SSE4.1 one when the CPU has SSE4.1 (asked once per
  /// process), else the portable 64-bit one; `baseline` is always the portable one (for
  /// tests). Same results either way.
  enum class Simd : std::uint8_t { best, baseline };

  /// A parser with 1970-01 cached. Never throws.
  explicit TimestampParser(Simd simd = Simd::best) noexcept
      : sse_{simd == Simd::best && cpu_has_sse41()} {}

  /// io::parse_timestamp(text), using and updating the cached month.
  [[nodiscard]] io::ParseResult<Timestamp> parse(std::string_view text) noexcept {
#if defined(CONTACTKPI_TIMESTAMP_SSE)
    if (sse_) return parse_sse(text);
#endif
    return parse_swar(text);
  }

  /// True when this parser uses the SSE4.1 fast path.
  [[nodiscard]] bool uses_sse() const noexcept {
    return sse_;
  }

  /// How many texts the fast path left to the general parser: the invalid ones, and valid
  /// ones of a rare form (more than 32 bytes for the SSE path, more than 7 fraction digits for
  /// the portable one). For tests: the forms of real files must all take the fast path.
  [[nodiscard]] std::uint64_t general_count() const noexcept {
    return general_;
  }

  /// True when the CPU has SSE4.1 (so SSSE3) and this build has the SSE fast path.
  [[nodiscard]] static bool cpu_has_sse41() noexcept {
#if defined(CONTACTKPI_TIMESTAMP_SSE)
    static const bool has = __builtin_cpu_supports("sse4.1") != 0;
    return has;
#else
    return false;
#endif
  }

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

  /// The portable fast path (64-bit words), parse_general() for anything it does not take.
  io::ParseResult<Timestamp> parse_swar(std::string_view text) noexcept;
  /// The general parser (every error, every form), counted. A member, so that the fast paths
  /// hand over in a tail call that keeps their argument registers.
  __attribute__((noinline, cold)) io::ParseResult<Timestamp> parse_general(
      std::string_view text) noexcept;
#if defined(CONTACTKPI_TIMESTAMP_SSE)
  /// The SSE4.1 fast path (only when cpu_has_sse41()): texts of 20..32 bytes, every form of
  /// the grammar; parse_swar() for other lengths, parse_general() for anything it rejects.
  __attribute__((target("sse4.1"))) io::ParseResult<Timestamp> parse_sse(
      std::string_view text) noexcept;
  /// parse_sse() of a text whose YYYY-MM- is not the cached one: out of line, so that
  /// parse_sse() needs no stack frame.
  __attribute__((noinline, cold)) io::ParseResult<Timestamp> parse_new_month(
      std::string_view text) noexcept;
#endif

  /// The day digits of the last day of a month as the SSE path compares them: the tens digit
  /// in the high byte, the units in the low one ("31" is 0x0301), minus 1.
  static constexpr std::uint16_t last_day_key(unsigned days) noexcept {
    return static_cast<std::uint16_t>(((days / 10) << 8 | days % 10) - 1);
  }

  // Initially 1970-01, a valid month, so that a hit always means a valid month.
  std::uint64_t key_ = key_of("1970-01-");
  std::int64_t day_zero_seconds_ = -86400;  ///< the day before the 1st, in seconds since 1970
  /// Upper limits of the SSE path's 16-bit lanes: the day (as last_day_key), the hour digits
  /// (0x0203: "23"), the rest unchecked there.
  alignas(16) std::array<std::uint16_t, 8> limits_{last_day_key(31), 0x0203, 0xFFFF, 0xFFFF,
                                                   0xFFFF,           0xFFFF, 0xFFFF, 0xFFFF};
  std::uint64_t general_ = 0;  ///< see general_count()
  unsigned days_ = 31;         ///< days in the month
  bool sse_;                   ///< parse with parse_sse()
};

}  // namespace contactkpi::detail
