// SPDX-License-Identifier: MIT
#include "contactkpi/quality.hpp"

#include <bit>
#include <cstdint>

namespace contactkpi {

void CcqsAccumulator::add(const ContactView& contact) noexcept {
  if (contact.qa_score) mean_.add(*contact.qa_score);
}

void CcqsAccumulator::add(const ContactFactsView& facts) noexcept {
  static_assert(FactBits::evaluated == 1U << 5U);
  const std::uint8_t* flags = facts.flags.data();
  const double* score = facts.qa_score.data();
  const std::size_t n = facts.size();
  std::int64_t count = 0;
  for (std::size_t i = 0; i < n; ++i) count += (flags[i] >> 5) & 1;
  // Same additions as Mean::add in row order; unevaluated rows add +0.0 (bit-identical, as
  // the sums of 0..100 scores are never −0.0).
  double sum = mean_.sum;
  double sum_squares = mean_.sum_squares;
  for (std::size_t i = 0; i < n; ++i) {
    // x, or +0.0 when not evaluated, by a bit mask: no branch to mispredict.
    const std::uint64_t keep = 0 - static_cast<std::uint64_t>((flags[i] >> 5) & 1);
    const auto x = std::bit_cast<double>(std::bit_cast<std::uint64_t>(score[i]) & keep);
    sum += x;
    sum_squares += x * x;
  }
  mean_.count += count;
  mean_.sum = sum;
  mean_.sum_squares = sum_squares;
}

void CqisAccumulator::add(const InteractionView& interaction) noexcept {
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
