// SPDX-License-Identifier: MIT
#include "contactkpi/handle_time.hpp"

namespace contactkpi {

namespace {
constexpr double micros_per_second = 1e6;
}  // namespace

void AhtAccumulator::add(const Contact& contact) noexcept {
  if (!contact.is_handled()) return;
  if (options_.direction && contact.direction != *options_.direction) return;
  if (options_.channel && contact.channel != *options_.channel) return;
  const Duration handle = contact.handle_time();
  ++count_;
  total_ += handle;
  const double seconds = static_cast<double>(handle.count()) / micros_per_second;
  sum_squares_ += seconds * seconds;
}

void AhtAccumulator::add(const ContactFactsView& facts) noexcept {
  static_assert(FactBits::handled == 1U << 4U);
  const std::uint8_t* flags = facts.flags.data();
  const std::uint8_t* channel = facts.channel.data();
  const std::int64_t* handle = facts.handle_us.data();
  const std::size_t n = facts.size();
  // Row i counts when mask(i) == 1: handled, and of the chosen direction and channel.
  const std::int64_t want_dir = options_.direction ? 1 : 0;
  const std::int64_t want_inbound = options_.direction == Direction::inbound ? 1 : 0;
  const std::int64_t want_ch = options_.channel ? 1 : 0;
  const std::int64_t ch_value = options_.channel ? static_cast<std::int64_t>(*options_.channel) : 0;
  const auto mask = [&](std::size_t i) noexcept -> std::int64_t {
    const std::int64_t f = flags[i];
    const std::int64_t dir_ok =
        (want_dir ^ 1) | static_cast<std::int64_t>((f & FactBits::inbound) == want_inbound);
    const std::int64_t ch_ok = (want_ch ^ 1) | static_cast<std::int64_t>(channel[i] == ch_value);
    return ((f >> 4) & 1) & dir_ok & ch_ok;
  };
  // Integer part: order-free, vectorised.
  std::int64_t count = 0;
  std::int64_t total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t m = mask(i);
    count += m;
    total += handle[i] & -m;
  }
  // Σx²: the same additions as add(contact), in row order; a skipped row adds +0.0, which
  // leaves the (never negative) sum unchanged, so the result is bit-identical.
  double sum_squares = sum_squares_;
  for (std::size_t i = 0; i < n; ++i) {
    const double seconds = static_cast<double>(handle[i]) / micros_per_second;
    sum_squares += mask(i) != 0 ? seconds * seconds : 0.0;
  }
  count_ += count;
  total_ += Duration{total};
  sum_squares_ = sum_squares;
}

void AhtAccumulator::merge(const AhtAccumulator& other) noexcept {
  count_ += other.count_;
  total_ += other.total_;
  sum_squares_ += other.sum_squares_;
}

Result AhtAccumulator::result() const noexcept {
  const Mean mean{.count = count_,
                  .sum = static_cast<double>(total_.count()) / micros_per_second,
                  .sum_squares = sum_squares_};
  return mean.result(Unit::seconds);
}

Result average_handle_time(std::span<const Contact> contacts, const AhtOptions& options) noexcept {
  AhtAccumulator acc{options};
  for (const Contact& c : contacts) acc.add(c);
  return acc.result();
}

}  // namespace contactkpi
