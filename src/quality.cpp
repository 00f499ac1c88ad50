// SPDX-License-Identifier: MIT
#include "contactkpi/quality.hpp"

namespace contactkpi {

void CcqsAccumulator::add(const Contact& contact) noexcept {
  if (contact.qa_score) mean_.add(*contact.qa_score);
}

void CqisAccumulator::add(const Interaction& interaction) noexcept {
  if (interaction.quality_score) mean_.add(*interaction.quality_score);
}

Result customer_contact_quality_score(std::span<const Contact> contacts) noexcept {
  CcqsAccumulator acc;
  for (const Contact& c : contacts) acc.add(c);
  return acc.result();
}

Result interaction_quality_score(std::span<const Interaction> interactions) noexcept {
  CqisAccumulator acc;
  for (const Interaction& i : interactions) acc.add(i);
  return acc.result();
}

}  // namespace contactkpi
