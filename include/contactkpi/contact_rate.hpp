// SPDX-License-Identifier: MIT
// contactkpi/contact_rate.hpp: contact rate by customer segment.
//
// rate = inbound contacts from the segment ÷ customers in the segment × 100 (per 100
// customers, unit percent). Net rate (`net`): unique contacting customers (non-empty
// customer_id) instead of contacts. Outbound contacts are ignored.
//
// Periods: a segments.csv row may carry a period ("YYYY-MM", "YYYY-MM-DD", "YYYY-Www"); the
// row then sizes the segment for that period only, and only contacts whose day (the UTC day
// of arrived_at, or the local day the caller passes) falls in it are matched with it. Rows
// without a period size the segment for all time. A segment's rate pools its periods:
// Σ matched contacts ÷ Σ customers over all its period rows (contacts per customer-period;
// a period row without contacts counts with 0 contacts, so pass only the rows of the
// reporting range). For the net rate a customer counts once per period row (once in all for
// an all-time row). Contacts of a segment without a size row, or of a day outside the
// segment's period rows, are counted in `unmatched`, never dropped silently.
//
// Rows are validated by ContactRateAccumulator::results(): per segment, either exactly one
// all-time row or any number of period rows of one kind (day, ISO week or month), each
// period at most once, customers >= 0. Anything else (an all-time row beside period rows,
// two all-time rows, a duplicate period, mixed period kinds, a malformed period) throws
// std::invalid_argument naming the segment: mixing kinds would count a day twice.
//
// Intervals: the net rate is a proportion (Wilson; none when contacting customers exceed
// customers). The gross rate is a count per customer, so its interval is the Poisson score
// interval: (k + z²/2 ± z·sqrt(k + z²/4)) ÷ customers × 100 with k the count, z = 1.96
// (for k = 0: [0, 3.84 ÷ customers × 100], not a degenerate [0, 0]).
//
// Example:
//
//     contactkpi::ContactRateAccumulator acc{{.net = false}};
//     for (const auto& c : contacts) acc.add(c);
//     for (const auto& row : acc.results(segments)) { /* row.segment, row.result */ }
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "contactkpi/detail/interner.hpp"
#include "contactkpi/result.hpp"
#include "contactkpi/types.hpp"

namespace contactkpi {

enum class PeriodKind : std::uint8_t { all, day, week, month };

/// The period key of a time, UTC: "2026-03" (month), "2026-03-02" (day), "2026-W10" (ISO
/// week: ISO-8601 week-year, so 2021-01-03 is "2020-W53" and 2024-12-30 is "2025-W01"),
/// "" (all).
///
/// Example: `period_key(t, PeriodKind::week)` → "2026-W10".
[[nodiscard]] std::string period_key(Timestamp t, PeriodKind kind);
/// The same for a calendar day.
[[nodiscard]] std::string period_key(std::chrono::sys_days day, PeriodKind kind);
/// The kind of a segments.csv period key: "" → all, "YYYY-MM-DD" → day (a valid date),
/// "YYYY-Www" → week (01..52, or 53 in years that have one), "YYYY-MM" → month (01..12);
/// nullopt for anything else.
[[nodiscard]] std::optional<PeriodKind> period_kind_of(std::string_view key) noexcept;

struct ContactRateOptions {
  /// Unique contacting customers instead of contacts.
  bool net = false;
};

/// One segment's contact rate.
struct SegmentRate {
  std::string segment;
  /// value = contacts ÷ customers × 100; no value when customers == 0 ("no data").
  Result result{};
  std::int64_t contacts = 0;   ///< matched contacts (unique customers per period, for net)
  std::int64_t customers = 0;  ///< Σ customers over the segment's rows
  std::int64_t unmatched = 0;  ///< inbound contacts with no segment size for their period
  /// Matched contacts without a customer_id (for net, not in `contacts`).
  std::int64_t anonymous = 0;
  friend bool operator==(const SegmentRate&, const SegmentRate&) = default;
};

/// Accumulates inbound contacts per segment and day; sizes are applied in results().
///
/// Memory: one counter per distinct (segment, day); for the net rate also the distinct
/// (segment, customer, day) triples, 12 bytes each, plus interned segment and customer ids.
/// add() is amortised O(1) (gross) and allocates only for first-seen keys and vector growth.
class ContactRateAccumulator {
 public:
  ContactRateAccumulator() = default;
  explicit ContactRateAccumulator(const ContactRateOptions& options) : options_{options} {}

  /// Adds a contact on the UTC day of its arrived_at. Outbound contacts are ignored.
  void add(const ContactView& contact);
  /// Adds a contact on `local_day`, for callers who bucket by a time zone.
  void add(const ContactView& contact, std::chrono::sys_days local_day);
  /// Adds everything `other` has seen (assumes the same options). The results of any split
  /// merged back equal those of the whole.
  void merge(const ContactRateAccumulator& other);

  /// One SegmentRate per segment that has a size row or an inbound contact, sorted by
  /// segment name (the empty name, unsegmented, first). Empty when both are empty.
  ///
  /// Throws: std::invalid_argument for invalid rows (see the file comment).
  /// Complexity: O(r log r + d) for r rows and d (segment, day) counters; net adds
  /// O(t log t) for t stored triples.
  [[nodiscard]] std::vector<SegmentRate> results(std::span<const Segment> segments) const;
  [[nodiscard]] const ContactRateOptions& options() const noexcept { return options_; }

 private:
  struct Counts {
    std::int64_t contacts = 0;
    std::int64_t anonymous = 0;  ///< without customer_id
  };
  struct CustomerDay {
    std::uint32_t segment;
    std::uint32_t customer;
    std::int32_t day;  ///< days since 1970-01-01
    friend bool operator==(const CustomerDay&, const CustomerDay&) = default;
  };
  void add_on(const ContactView& contact, std::int32_t day);
  /// The interned id of a segment name.
  std::uint32_t segment_of(std::string_view name);
  /// The counts of (segment, day), made when first seen.
  Counts& counts_of(std::uint32_t segment, std::int32_t day);
  void compact();

  ContactRateOptions options_{};
  detail::Interner segments_;
  detail::Interner customers_;
  /// (segment << 32 | day as uint32) → index in counts_.
  std::unordered_map<std::uint64_t, std::uint32_t> by_day_;
  std::vector<Counts> counts_;
  /// Per segment id, the day and counts_ index of its last add (contacts come mostly in
  /// time order, so most adds skip the hash map); `no_day` before the first.
  struct LastDay {
    std::int32_t day;
    std::uint32_t index;
  };
  static constexpr std::int32_t no_day = std::numeric_limits<std::int32_t>::min();
  std::vector<LastDay> last_day_;
  detail::InternMemo segment_memo_;  ///< in front of segments_ (a handful of segments)

  /// Net only: distinct after compact(); duplicates may follow until the next compaction.
  std::vector<CustomerDay> customer_days_;
  std::size_t compacted_size_ = 0;
};

/// Contact rate per segment over a span of contacts (UTC days), see ContactRateAccumulator.
///
/// Throws: std::invalid_argument for invalid segment rows.
///
/// Example:
///
///     auto rates = contactkpi::contact_rate_by_segment(contacts, segments, {.net = true});
[[nodiscard]] std::vector<SegmentRate> contact_rate_by_segment(
    std::span<const Contact> contacts, std::span<const Segment> segments,
    const ContactRateOptions& options = {});

}  // namespace contactkpi
