// SPDX-License-Identifier: MIT
// contactkpi/quality.hpp: CCQS (contact quality) and CQIS (interaction quality).
//
// CCQS = Σ qa_score / evaluated contacts (seed: "Sum of Individual Contact Quality Scores /
// Total Number of Contacts"; contacts never evaluated are left out, not counted as 0).
// CQIS = Σ quality_score / scored interactions. Both are means on 0..100 with a t-interval.
//
// Example:
//
//     contactkpi::Result q = contactkpi::customer_contact_quality_score(contacts);
//     if (q.has_data()) std::printf("CCQS %.1f over %.0f contacts\n", *q.value, q.denominator);
#pragma once

#include <span>

#include "contactkpi/facts.hpp"
#include "contactkpi/result.hpp"
#include "contactkpi/types.hpp"

namespace contactkpi {

/// Accumulates CCQS: the mean qa_score over evaluated contacts.
class CcqsAccumulator {
 public:
  void add(const ContactView& contact) noexcept;
  /// Adds every evaluated row of `facts`; the same result as `add(contact)` for each contact
  /// in order, bit for bit (see facts.hpp). O(n), no allocation.
  void add(const ContactFactsView& facts) noexcept;
  void merge(const CcqsAccumulator& other) noexcept { mean_ += other.mean_; }
  /// Mean, unit `score`; no data when no contact was evaluated.
  [[nodiscard]] Result result() const noexcept { return mean_.result(Unit::score, {0.0, 100.0}); }
  [[nodiscard]] const Mean& tally() const noexcept { return mean_; }

 private:
  Mean mean_;
};

/// Accumulates CQIS: the mean quality_score over scored interactions.
class CqisAccumulator {
 public:
  void add(const InteractionView& interaction) noexcept;
  void merge(const CqisAccumulator& other) noexcept { mean_ += other.mean_; }
  [[nodiscard]] Result result() const noexcept { return mean_.result(Unit::score, {0.0, 100.0}); }
  [[nodiscard]] const Mean& tally() const noexcept { return mean_; }

 private:
  Mean mean_;
};

/// Customer Contact Quality Score (CCQS). One pass, no allocation.
[[nodiscard]] Result customer_contact_quality_score(std::span<const Contact> contacts) noexcept;

/// Customer Quality Interaction Score (CQIS). One pass, no allocation.
[[nodiscard]] Result interaction_quality_score(std::span<const Interaction> interactions) noexcept;

}  // namespace contactkpi
