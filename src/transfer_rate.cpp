// SPDX-License-Identifier: MIT
#include "contactkpi/transfer_rate.hpp"

namespace contactkpi {

void TransferRateAccumulator::add(const Contact& contact) noexcept {
  if (!contact.is_handled()) return;
  ++ratio_.denominator;
  if (contact.transferred) ++ratio_.numerator;
}

Result transfer_rate(std::span<const Contact> contacts) noexcept {
  TransferRateAccumulator acc;
  for (const Contact& c : contacts) acc.add(c);
  return acc.result();
}

}  // namespace contactkpi
