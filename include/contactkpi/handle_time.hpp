// SPDX-License-Identifier: MIT
// contactkpi/handle_time.hpp: AHT, average handle time.
//
// AHT = Σ (talk + hold + acw) / handled contacts, in seconds (SPEC §2). handled = answered
// and not abandoned. Sums (and the sum of squares behind the interval) are kept in integer
// microseconds, so pooling is exact and independent of order.
//
// Example:
//
//     auto aht = contactkpi::average_handle_time(contacts, {.direction = Direction::inbound});
#pragma once

#include <optional>
#include <span>

#include "contactkpi/facts.hpp"
#include "contactkpi/result.hpp"
#include "contactkpi/types.hpp"

namespace contactkpi {

struct AhtOptions {
  /// Only contacts of this direction; empty = both.
  std::optional<Direction> direction{};
  /// Only contacts of this channel; empty = all.
  std::optional<Channel> channel{};
};

class AhtAccumulator {
 public:
  AhtAccumulator() = default;
  explicit AhtAccumulator(const AhtOptions& options) : options_{options} {}

  void add(const ContactView& contact) noexcept;
  /// Adds every row of `facts`; the same result as `add(contact)` for each contact in order,
  /// bit for bit, in one branch-free pass (see facts.hpp). O(n), no allocation.
  void add(const ContactFactsView& facts) noexcept;
  void merge(const AhtAccumulator& other) noexcept;
  /// Mean handle time in seconds with a t-interval; numerator = total handle seconds.
  [[nodiscard]] Result result() const noexcept;

  [[nodiscard]] std::int64_t count() const noexcept { return count_; }
  [[nodiscard]] Duration total() const noexcept { return total_; }

 private:
  AhtOptions options_{};
  std::int64_t count_ = 0;
  Duration total_{};
  // Σ (handle µs)² for the interval, as an exact 128-bit integer (low and high 64 bits): the
  // sum does not depend on the order of addition, so any split merged gives exactly the whole
  // and the batch add() can vectorise it. Exact while Σ h² < 2^128 µs² (always, in practice).
  std::uint64_t sum_squares_lo_ = 0;
  std::uint64_t sum_squares_hi_ = 0;
};

[[nodiscard]] Result average_handle_time(std::span<const Contact> contacts,
                                         const AhtOptions& options = {}) noexcept;

}  // namespace contactkpi
