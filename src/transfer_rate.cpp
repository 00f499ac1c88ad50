// SPDX-License-Identifier: MIT
#include "contactkpi/transfer_rate.hpp"

#include "detail/simd.hpp"

namespace contactkpi {

void TransferRateAccumulator::add(const ContactView& contact) noexcept {
  if (!contact.is_handled()) return;
  ++ratio_.denominator;
  if (contact.transferred) ++ratio_.numerator;
}

namespace {

CONTACTKPI_SIMD_CLONES void count_facts(const std::uint8_t* flags, std::size_t n,
                                        Ratio& ratio) noexcept {
  static_assert(FactBits::transferred == 1U << 3U && FactBits::handled == 1U << 4U);
  std::int64_t numerator = 0;
  std::int64_t denominator = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t f = flags[i];
    const std::int64_t handled = (f >> 4) & 1;
    denominator += handled;
    numerator += handled & (f >> 3);
  }
  ratio.numerator += numerator;
  ratio.denominator += denominator;
}

}  // namespace

void TransferRateAccumulator::add(const ContactFactsView& facts) noexcept {
  count_facts(facts.flags.data(), facts.size(), ratio_);
}

Result transfer_rate(std::span<const Contact> contacts) noexcept {
  TransferRateAccumulator acc;
  for (const Contact& c : contacts) acc.add(c);
  return acc.result();
}

}  // namespace contactkpi
