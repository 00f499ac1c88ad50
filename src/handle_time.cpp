// SPDX-License-Identifier: MIT
#include "contactkpi/handle_time.hpp"

#include <algorithm>
#include <cstdint>

#include "detail/simd.hpp"

namespace contactkpi {

namespace {

constexpr double micros_per_second = 1e6;

// GCC and Clang have a 128-bit integer; it stays in this file (the header keeps two halves).
__extension__ using Uint128 = unsigned __int128;

[[nodiscard]] Uint128 join(std::uint64_t lo, std::uint64_t hi) noexcept {
  return (static_cast<Uint128>(hi) << 64U) | lo;
}

[[nodiscard]] std::uint64_t magnitude(std::int64_t x) noexcept {
  const auto u = static_cast<std::uint64_t>(x);
  return x < 0 ? 0 - u : u;
}

[[nodiscard]] Uint128 square(std::int64_t x) noexcept {
  const std::uint64_t m = magnitude(x);
  return static_cast<Uint128>(m) * m;
}

// The batch path splits a handle time h < 2^42 µs (50 days) into h = hi·2^21 + lo with
// hi, lo < 2^21, so h² = hi²·2^42 + hi·lo·2^22 + lo² is three 32×32→64-bit products that SIMD
// units multiply directly. Each product is < 2^42, so a block of up to 2^20 rows sums in
// 64 bits without overflow. A block with a larger (or negative) h is redone exactly in 128 bits.
constexpr unsigned split_bits = 21;
constexpr std::uint64_t split_mask = (std::uint64_t{1} << split_bits) - 1;
constexpr std::uint64_t fast_limit = std::uint64_t{1} << (2 * split_bits);
constexpr std::size_t max_block = std::size_t{1} << 20;

}  // namespace

void AhtAccumulator::add(const ContactView& contact) noexcept {
  if (!contact.is_handled()) return;
  if (options_.direction && contact.direction != *options_.direction) return;
  if (options_.channel && contact.channel != *options_.channel) return;
  const Duration handle = contact.handle_time();
  ++count_;
  total_ += handle;
  const Uint128 s = join(sum_squares_lo_, sum_squares_hi_) + square(handle.count());
  sum_squares_lo_ = static_cast<std::uint64_t>(s);
  sum_squares_hi_ = static_cast<std::uint64_t>(s >> 64U);
}

namespace {

// Which rows count: handled, and of the chosen direction and channel.
struct RowFilter {
  std::int64_t any_direction = 1;
  std::int64_t want_inbound = 0;
  std::int64_t any_channel = 1;
  std::int64_t channel = 0;
};

[[nodiscard]] inline std::int64_t row_mask(std::int64_t flags, std::int64_t channel,
                                           const RowFilter& r) noexcept {
  const std::int64_t dir_ok =
      r.any_direction | static_cast<std::int64_t>((flags & FactBits::inbound) == r.want_inbound);
  const std::int64_t ch_ok = r.any_channel | static_cast<std::int64_t>(channel == r.channel);
  return ((flags >> 4) & 1) & dir_ok & ch_ok;  // FactBits::handled
}

struct BlockSums {
  std::int64_t count = 0;
  std::int64_t total = 0;
  std::uint64_t high_high = 0;
  std::uint64_t high_low = 0;
  std::uint64_t low_low = 0;
  std::uint64_t seen = 0;  ///< OR of every counted h: ≥ 2^42 when one is out of the fast range
};

// One block of at most max_block rows, branch-free.
CONTACTKPI_SIMD_CLONES void sum_block(const std::uint8_t* flags, const std::uint8_t* channel,
                                      const std::int64_t* handle, std::size_t n,
                                      const RowFilter& filter, BlockSums& out) noexcept {
  const RowFilter r = filter;
  BlockSums s;
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t m = row_mask(flags[i], channel[i], r);
    const std::int64_t h = handle[i] & -m;
    const auto u = static_cast<std::uint64_t>(h);
    const auto hi = static_cast<std::uint32_t>(u >> split_bits);
    const auto lo = static_cast<std::uint32_t>(u & split_mask);
    s.count += m;
    s.total += h;
    s.seen |= u;
    s.high_high += static_cast<std::uint64_t>(hi) * hi;
    s.high_low += static_cast<std::uint64_t>(hi) * lo;
    s.low_low += static_cast<std::uint64_t>(lo) * lo;
  }
  out = s;
}

}  // namespace

void AhtAccumulator::add(const ContactFactsView& facts) noexcept {
  static_assert(FactBits::handled == 1U << 4U);
  RowFilter filter;
  if (options_.direction) {
    filter.any_direction = 0;
    filter.want_inbound = *options_.direction == Direction::inbound ? FactBits::inbound : 0;
  }
  if (options_.channel) {
    filter.any_channel = 0;
    filter.channel = static_cast<std::int64_t>(*options_.channel);
  }
  Uint128 sum_squares = join(sum_squares_lo_, sum_squares_hi_);
  std::int64_t count = 0;
  std::int64_t total = 0;
  for (std::size_t first = 0; first < facts.size(); first += max_block) {
    const std::size_t n = std::min(facts.size() - first, max_block);
    BlockSums s;
    sum_block(facts.flags.data() + first, facts.channel.data() + first,
              facts.handle_us.data() + first, n, filter, s);
    count += s.count;
    total += s.total;
    if (s.seen < fast_limit) {
      sum_squares += (static_cast<Uint128>(s.high_high) << (2 * split_bits)) +
                     (static_cast<Uint128>(s.high_low) << (split_bits + 1)) + s.low_low;
    } else {
      for (std::size_t i = first; i < first + n; ++i) {
        if (row_mask(facts.flags[i], facts.channel[i], filter) != 0) {
          sum_squares += square(facts.handle_us[i]);
        }
      }
    }
  }
  count_ += count;
  total_ += Duration{total};
  sum_squares_lo_ = static_cast<std::uint64_t>(sum_squares);
  sum_squares_hi_ = static_cast<std::uint64_t>(sum_squares >> 64U);
}

void AhtAccumulator::merge(const AhtAccumulator& other) noexcept {
  count_ += other.count_;
  total_ += other.total_;
  const Uint128 s =
      join(sum_squares_lo_, sum_squares_hi_) + join(other.sum_squares_lo_, other.sum_squares_hi_);
  sum_squares_lo_ = static_cast<std::uint64_t>(s);
  sum_squares_hi_ = static_cast<std::uint64_t>(s >> 64U);
}

Result AhtAccumulator::result() const noexcept {
  const double seconds_squared = static_cast<double>(join(sum_squares_lo_, sum_squares_hi_)) /
                                 (micros_per_second * micros_per_second);
  const Mean mean{.count = count_,
                  .sum = static_cast<double>(total_.count()) / micros_per_second,
                  .sum_squares = seconds_squared};
  return mean.result(Unit::seconds, {0.0, 1e308});
}

Result average_handle_time(std::span<const Contact> contacts, const AhtOptions& options) noexcept {
  AhtAccumulator acc{options};
  for (const Contact& c : contacts) acc.add(c);
  return acc.result();
}

}  // namespace contactkpi
