// SPDX-License-Identifier: MIT
#include "contactkpi/abandon_rate.hpp"

namespace contactkpi {

void AbandonRateAccumulator::add(const Contact& contact) noexcept {
  if (!contact.is_inbound()) return;
  // A short abandon leaves both counts: (abandoned − short) / (offered − short).
  if (contact.is_short_abandon(options_.short_abandon)) return;
  ++ratio_.denominator;
  if (contact.abandoned) ++ratio_.numerator;
}

Result abandon_rate(std::span<const Contact> contacts, const AbandonOptions& options) noexcept {
  AbandonRateAccumulator acc{options};
  for (const Contact& c : contacts) acc.add(c);
  return acc.result();
}

}  // namespace contactkpi
