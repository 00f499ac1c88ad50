// SPDX-License-Identifier: MIT
// contactkpi/contact_rate.hpp: contact rate by customer segment.
//
// rate = inbound contacts from the segment ÷ customers in the segment × 100 (per 100
// customers, unit percent). Net rate (`net`): unique contacting customers instead of contacts.
//
// Periods: a segments.csv row may carry a period ("YYYY-MM", "YYYY-MM-DD", "YYYY-Www"); the
// row then sizes the segment for that period only, and only contacts whose arrived_at falls
// in it (UTC unless the caller passes period keys) are matched with it. Rows without a
// period size the segment for all time. A segment's rate pools its periods: Σ matched
// contacts ÷ Σ customers over the periods that have a size (contacts per customer-period).
// Contacts of a segment (or period) without a size are counted in `unmatched`, never dropped
// silently.
//
// Intervals: the net rate is a proportion (Wilson). The gross rate is a count per customer,
// so its interval is Poisson-based: (count ± 1.96·sqrt(count)) ÷ customers × 100,
// clipped at 0.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "contactkpi/result.hpp"
#include "contactkpi/types.hpp"

namespace contactkpi {

enum class PeriodKind : std::uint8_t { all, day, week, month };

/// The period key of a time, UTC: "2026-03" (month), "2026-03-02" (day), "2026-W10" (ISO
/// week), "" (all).
[[nodiscard]] std::string period_key(Timestamp t, PeriodKind kind);
/// The kind of a segments.csv period key; nullopt when it is not one of the three forms.
[[nodiscard]] std::optional<PeriodKind> period_kind_of(std::string_view key) noexcept;

struct ContactRateOptions {
  /// Unique contacting customers instead of contacts.
  bool net = false;
};

struct SegmentRate {
  std::string segment;
  Result result{};
  std::int64_t contacts = 0;   ///< matched contacts (or customers, for net)
  std::int64_t customers = 0;  ///< Σ customers over matched periods
  std::int64_t unmatched = 0;  ///< inbound contacts with no segment size for their period
  friend bool operator==(const SegmentRate&, const SegmentRate&) = default;
};

class ContactRateAccumulator;  // defined in contact_rate.cpp's header section below

}  // namespace contactkpi
