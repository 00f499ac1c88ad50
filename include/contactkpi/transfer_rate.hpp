// SPDX-License-Identifier: MIT
// contactkpi/transfer_rate.hpp: transfer rate.
//
// transfer rate = handled contacts with transferred = true / handled contacts (both
// directions). Abandoned contacts are in neither count.
#pragma once

#include <span>

#include "contactkpi/facts.hpp"
#include "contactkpi/result.hpp"
#include "contactkpi/types.hpp"

namespace contactkpi {

class TransferRateAccumulator {
 public:
  void add(const ContactView& contact) noexcept;
  /// Adds every row of `facts`; the same result as `add(contact)` for each contact in order,
  /// bit for bit, in one branch-free pass (see facts.hpp). O(n), no allocation.
  void add(const ContactFactsView& facts) noexcept;
  void merge(const TransferRateAccumulator& other) noexcept { ratio_ += other.ratio_; }
  [[nodiscard]] Result result() const noexcept { return ratio_.percent(); }
  [[nodiscard]] const Ratio& ratio() const noexcept { return ratio_; }

 private:
  Ratio ratio_{};
};

[[nodiscard]] Result transfer_rate(std::span<const Contact> contacts) noexcept;

}  // namespace contactkpi
