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
