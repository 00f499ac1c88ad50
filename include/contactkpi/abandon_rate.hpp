// SPDX-License-Identifier: MIT
// contactkpi/abandon_rate.hpp: abandon rate.
//
// abandon rate = (abandoned − short abandons) / (offered − short abandons), inbound only,
// where offered = every inbound contact and a short abandon is an abandon with
// wait < `short_abandon` (default 0 s: none).
//
// Example:
//
//     auto r = contactkpi::abandon_rate(contacts, {.short_abandon = std::chrono::seconds{5}});
#pragma once

#include <span>

#include "contactkpi/facts.hpp"
#include "contactkpi/result.hpp"
#include "contactkpi/types.hpp"

namespace contactkpi {

struct AbandonOptions {
  Duration short_abandon = Duration::zero();
};

class AbandonRateAccumulator {
 public:
  AbandonRateAccumulator() = default;
  explicit AbandonRateAccumulator(const AbandonOptions& options) : options_{options} {}

  void add(const ContactView& contact) noexcept;
  /// Adds every row of `facts`; the same result as `add(contact)` for each contact in order,
  /// bit for bit, in one branch-free pass (see facts.hpp). O(n), no allocation.
  void add(const ContactFactsView& facts) noexcept;
  void merge(const AbandonRateAccumulator& other) noexcept { ratio_ += other.ratio_; }
  [[nodiscard]] Result result() const noexcept { return ratio_.percent(); }
  [[nodiscard]] const Ratio& ratio() const noexcept { return ratio_; }

 private:
  AbandonOptions options_{};
  Ratio ratio_{};
};

[[nodiscard]] Result abandon_rate(std::span<const Contact> contacts,
                                  const AbandonOptions& options = {}) noexcept;

}  // namespace contactkpi
