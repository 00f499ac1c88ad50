// SPDX-License-Identifier: MIT
#include "contactkpi/abandon_rate.hpp"

#include "detail/simd.hpp"

namespace contactkpi {

void AbandonRateAccumulator::add(const ContactView& contact) noexcept {
  if (!contact.is_inbound()) return;
  // A short abandon leaves both counts: (abandoned − short) / (offered − short).
  if (contact.is_short_abandon(options_.short_abandon)) return;
  ++ratio_.denominator;
  if (contact.abandoned) ++ratio_.numerator;
}

namespace {

CONTACTKPI_SIMD_CLONES void count_facts(const std::uint8_t* flags, const std::int64_t* wait,
                                        std::size_t n, std::int64_t short_abandon,
                                        Ratio& ratio) noexcept {
  static_assert(FactBits::abandoned == 1U << 2U);
  std::int64_t numerator = 0;
  std::int64_t denominator = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t f = flags[i];
    const std::int64_t inbound = f & FactBits::inbound;
    const std::int64_t is_abandoned = (f >> 2) & 1;
    const std::int64_t is_short = is_abandoned & static_cast<std::int64_t>(wait[i] < short_abandon);
    const std::int64_t counted = inbound & (is_short ^ 1);
    denominator += counted;
    numerator += counted & is_abandoned;
  }
  ratio.numerator += numerator;
  ratio.denominator += denominator;
}

}  // namespace

void AbandonRateAccumulator::add(const ContactFactsView& facts) noexcept {
  count_facts(facts.flags.data(), facts.wait_us.data(), facts.size(),
              options_.short_abandon.count(), ratio_);
}

Result abandon_rate(std::span<const Contact> contacts, const AbandonOptions& options) noexcept {
  AbandonRateAccumulator acc{options};
  for (const Contact& c : contacts) acc.add(c);
  return acc.result();
}

}  // namespace contactkpi
