// SPDX-License-Identifier: MIT
// contactkpi/report.hpp: the report engine: every KPI at once, overall and per group.
//
// A ReportAccumulator takes the four kinds of records of SPEC §1 one at a time (contacts
// first, then interactions and surveys; segments at any time), sorts each contact into a
// group (the values of the `group_by` dimensions, nested in the given order) and feeds the
// KPI accumulators of that group. result() gives the overall KPIs and the KPIs per group.
//
// Pooling, never averaging (SPEC §2): every group has its own accumulators, and the overall
// result comes from merging them (plus the records that belong to no group, see below),
// i.e. from adding counts and sums, never from averaging the groups' percentages.
//
// Reporting range: `from` / `to` select contacts by arrived_at, half-open [from, to).
// Contacts outside are not counted anywhere, but are still fed to FCR (counted = false) so
// that they can be the repeat of a counted contact.
//
// Interactions and surveys reach a contact's group through their contact_id. Those whose
// contact_id matches no contact are counted as *unmatched* (see ReportCounts) and:
//   - without from/to they count in the overall result (they are real interactions and
//     answers, only their contact is missing), and in no group;
//   - with from/to they count nowhere, because their date is unknown.
// Interactions and surveys of a contact outside [from, to) count nowhere (out_of_range).
// Relationship surveys (empty contact_id) count in the overall result, with from/to only
// when responded_at is in [from, to); they belong to no group.
//
// Segment sizes: with from/to, only the segments.csv rows whose period overlaps [from, to)
// (in local days) size the segments, plus the all-time rows: a period row counts with its
// customers even when no contact falls in it. Invalid segment rows (see contact_rate.hpp)
// make result() throw std::invalid_argument.
//
// Memory: no Contact is kept. Per contact the engine keeps FCR's compact entry and, when
// needed (grouping, from/to, or `track_unmatched`), a contact-id index of 20 bytes (28 with
// grouping or a range): a 64-bit hash of the contact_id (and the group) in the order the
// contacts came, and the hash with the contact's position sorted for searches. Two
// different ids with the same 64-bit hash would be confused; at 10 million contacts the
// probability of any such pair is about 3e-6.
//
// Threads: a ReportAccumulator is not thread-safe. For a parallel load, make one per worker
// with make_parts() (they get disjoint FCR group numbers), feed the contacts, merge() them
// into the first; then take one Feeder per worker from the merged one (feeder()), add the
// interactions and surveys to the feeders from the workers, and merge() the feeders back.
// Feeders only read the report, so any number of them can run at once.
//
// Example:
//
//     contactkpi::ReportOptions options;
//     options.group_by = {contactkpi::Dimension::channel};
//     contactkpi::ReportAccumulator report{options};
//     for (const auto& c : contacts) report.add(c);
//     for (const auto& s : surveys) report.add(s);
//     contactkpi::ReportResult r = report.result();
//     // r.overall[contactkpi::KpiId::fcr], r.groups[0].key == {"chat"}, ...
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "contactkpi/abandon_rate.hpp"
#include "contactkpi/contact_rate.hpp"
#include "contactkpi/fcr.hpp"
#include "contactkpi/handle_time.hpp"
#include "contactkpi/kpi_id.hpp"
#include "contactkpi/result.hpp"
#include "contactkpi/service_level.hpp"
#include "contactkpi/survey.hpp"
#include "contactkpi/types.hpp"

namespace contactkpi {

/// A dimension to group a report by.
enum class Dimension : std::uint8_t { segment, channel, queue, agent, reason, day, week, month };
inline constexpr std::size_t dimension_count = 8;

/// "segment", "channel", "queue", "agent", "reason", "day", "week", "month".
[[nodiscard]] std::string_view to_string(Dimension dimension) noexcept;
/// The inverse of to_string (exact, lower case); nullopt for anything else.
[[nodiscard]] std::optional<Dimension> parse_dimension(std::string_view text) noexcept;

/// A UTC offset and the span of instants [begin, end) over which it holds.
struct UtcOffsetSpan {
  Timestamp begin = Timestamp::min();
  Timestamp end = Timestamp::max();
  std::chrono::seconds offset{0};
};

/// Gives the UTC offset in force at an instant, and how long it holds (e.g. from a time-zone
/// database). The engine caches the last span, so the lookup runs about once per offset
/// change, not once per contact. Must be callable from several threads at once when parts
/// of a report run in parallel.
using UtcOffsetLookup = std::function<UtcOffsetSpan(Timestamp)>;

/// Everything that shapes a report.
///
/// Each KPI reads its own options struct: the short-abandon threshold, for instance, is
/// `service_level.short_abandon` for service level and `abandon.short_abandon` for the
/// abandon rate (the command line sets both from one flag).
struct ReportOptions {
  ServiceLevelOptions service_level{};
  AbandonOptions abandon{};
  AhtOptions aht{};
  FcrOptions fcr{};
  CsatOptions csat{};
  CesOptions ces{};
  ContactRateOptions contact_rate{};

  /// Group dimensions, nested in this order; empty = overall only.
  std::vector<Dimension> group_by{};
  /// Reporting range on arrived_at, half-open [from, to); empty = unbounded.
  std::optional<Timestamp> from{};
  std::optional<Timestamp> to{};
  /// Local time for day / week / month groups; empty = UTC.
  UtcOffsetLookup utc_offset{};
  /// Keep the contact-id index even without grouping or from/to, so that interactions and
  /// surveys without a contact are detected and counted (20 bytes per contact).
  bool track_unmatched = true;

  /// True when [from, to) excludes anything.
  [[nodiscard]] bool has_range() const noexcept { return from.has_value() || to.has_value(); }
  /// True when a report with these options keeps the contact-id index (grouping, a range or
  /// track_unmatched): then may_repeat_contact_ids() can tell whether ids repeat.
  [[nodiscard]] bool keeps_contact_index() const noexcept {
    return !group_by.empty() || has_range() || track_unmatched;
  }
};

/// The KPIs of one group (or of the whole report).
struct KpiResults {
  /// One result per KpiId, indexed by static_cast<std::size_t>(id). For contact_rate this
  /// is all segments pooled (Σ contacts ÷ Σ customers); per segment see `contact_rate`.
  std::array<Result, kpi_count> kpis{};
  /// Contact rate per segment, sorted by segment name (unsegmented "" first). A segment
  /// with contacts but no size row has no value; its contacts are in `unmatched`. The
  /// overall result lists every segment with a size or a contact; a group lists only the
  /// segments it has inbound contacts from (so the group "gold" does not show "silver 0%").
  std::vector<SegmentRate> contact_rate{};
  /// Contacts left out of FCR because their repeat window was still open.
  std::int64_t fcr_open_windows = 0;

  [[nodiscard]] const Result& operator[](KpiId id) const noexcept {
    return kpis[static_cast<std::size_t>(id)];
  }
  [[nodiscard]] Result& operator[](KpiId id) noexcept { return kpis[static_cast<std::size_t>(id)]; }
};

/// One group: its key (one value per dimension, in group_by order) and its KPIs.
struct GroupResult {
  std::vector<std::string> key;
  KpiResults kpis;
};

/// What the engine did with the records it was given.
struct ReportCounts {
  std::int64_t contacts = 0;                   ///< contacts added
  std::int64_t contacts_out_of_range = 0;      ///< of which outside [from, to) (FCR repeats only)
  std::int64_t interactions = 0;               ///< interactions added
  std::int64_t interactions_unmatched = 0;     ///< contact_id matches no contact
  std::int64_t interactions_out_of_range = 0;  ///< their contact is outside [from, to)
  std::int64_t surveys = 0;                    ///< surveys added
  std::int64_t surveys_unmatched = 0;          ///< contact_id matches no contact
  std::int64_t surveys_out_of_range = 0;       ///< contact (or responded_at) outside [from, to)
  std::int64_t surveys_relationship = 0;       ///< empty contact_id
  std::int64_t segments = 0;                   ///< segment rows added
  /// False when no contact-id index was kept (no grouping, no range, !track_unmatched):
  /// the unmatched counts are then 0 because they were not checked.
  bool unmatched_checked = true;
};

/// The result of a report.
struct ReportResult {
  std::vector<Dimension> dimensions;  ///< the group_by dimensions
  KpiResults overall;
  std::vector<GroupResult> groups;  ///< sorted by key; empty without group_by
  ReportCounts counts;
  std::optional<Timestamp> fcr_as_of;  ///< the as-of time FCR used
};

/// Accumulates every KPI of a report, overall and per group. See the file comment.
class ReportAccumulator {
 public:
  /// A report with default options: overall only, UTC, no range.
  ReportAccumulator();
  explicit ReportAccumulator(ReportOptions options);
  /// One part of a report computed in `parts` pieces (0 ≤ part < parts): parts get disjoint
  /// FCR group numbers, so they can be merged. Throws std::invalid_argument if part ≥ parts.
  ReportAccumulator(ReportOptions options, unsigned part, unsigned parts);
  ~ReportAccumulator();
  ReportAccumulator(ReportAccumulator&& other) noexcept;
  ReportAccumulator& operator=(ReportAccumulator&& other) noexcept;
  ReportAccumulator(const ReportAccumulator&) = delete;
  ReportAccumulator& operator=(const ReportAccumulator&) = delete;

  /// `parts` accumulators ready for merge(), one per worker thread.
  [[nodiscard]] static std::vector<ReportAccumulator> make_parts(const ReportOptions& options,
                                                                 unsigned parts);

  class Feeder;
  /// A feeder for interactions and surveys, for one worker thread: it matches records to
  /// the contacts added so far (reading this report, which must then not change until the
  /// feeder is merged back) and keeps its own sums. Take feeders after the last contact.
  [[nodiscard]] Feeder feeder();

  /// Adds a contact: one group lookup (a hash of the key) and a few counter updates. Keeps
  /// no view into it (a ContactView may be of a buffer reused right after).
  void add(const ContactView& contact);
  /// add() of each contact, in order: the same report, faster for many contacts (FCR looks
  /// their customer ids up together; see FcrAccumulator).
  void add(std::span<const Contact> contacts);
  /// The same for views, as io::for_each_contact_view hands them over (no copy of a text).
  void add(std::span<const ContactView> contacts);
  /// Adds an interaction to its contact's group (CQIS). Add contacts first.
  void add(const InteractionView& interaction);
  /// add() of each interaction, in order; faster for many (their contacts are looked up
  /// with the index memory prefetched).
  void add(std::span<const Interaction> interactions);
  /// The same for views, as io::for_each_interaction_view hands them over.
  void add(std::span<const InteractionView> interactions);
  /// Adds a survey to its contact's group (CSAT, NPS, CES; FCR survey method).
  void add(const SurveyView& survey);
  /// add() of each survey, in order, as for interactions.
  void add(std::span<const Survey> surveys);
  /// The same for views, as io::for_each_survey_view hands them over.
  void add(std::span<const SurveyView> surveys);
  /// Adds a segment size (contact rate). Any time before result().
  void add(const Segment& segment);

  /// Folds `other` in; any split of the records merged back gives the whole. Both must have
  /// been made with the same options; parts of one make_parts() call (or accumulators with
  /// no grouping) merge safely. Throws std::invalid_argument when the two were made with a
  /// different number of parts, or are the same part with clashing FCR group numbers (the
  /// same number used for different groups).
  void merge(const ReportAccumulator& other);
  /// The same, taking over `other`'s per-contact state (FCR entries, contact index) instead
  /// of copying it, so that merging worker parts never holds two copies; `other` is left
  /// empty (only destroy or assign to it).
  void merge(ReportAccumulator&& other);
  /// Folds in what a feeder of this report was given: the same as adding its records here
  /// (counts exactly; sums of decimal scores may differ in the last bits, being added in
  /// another order). The feeder is empty afterwards: only destroy or assign to it. Throws
  /// std::invalid_argument (and changes nothing) for a feeder of another report or an
  /// empty one.
  void merge(Feeder&& feeder);

  /// The report. O(n log n) in the contacts (FCR's repeat check); does not change *this.
  /// Threads: from 65,536 contacts on, on a machine with more than one core, the FCR part of
  /// merge(ReportAccumulator&&) and then FCR's repeat check (started by the merge of the
  /// last part of make_parts(), when the first interaction or survey is looked up, or by
  /// feeder()) run on threads of their own while the interactions and surveys are added;
  /// result(), and anything that changes FCR (a contact added later, another merge), waits
  /// for them (a contact added after the last part's merge waits for a repeat check whose
  /// outcome it then drops: add every contact before merging the last part). Nothing else
  /// changes: use the accumulator from one thread at a time, as before.
  /// Throws: std::invalid_argument for inconsistent segment rows (two all-time rows of a
  /// segment, a duplicate period, mixed period kinds, ...), from ContactRateAccumulator.
  [[nodiscard]] ReportResult result() const;

  [[nodiscard]] const ReportOptions& options() const noexcept;

  /// Whether two of the contacts added so far may have the same contact_id: false when the
  /// 64-bit hashes of their ids all differ (then no two ids are equal), true when two
  /// hashes are equal (a repeated id, or very rarely two ids with one hash) or, from two
  /// contacts on, when the report keeps no contact-id index to tell (no grouping, no range,
  /// !track_unmatched).
  /// For a load with LoadOptions::check_duplicates off: when this is true, load again with
  /// the check (the CLI does). O(contacts) the first time after contacts were added (it
  /// prepares the index for the lookups of interactions and surveys, which need it anyway),
  /// then O(1).
  [[nodiscard]] bool may_repeat_contact_ids();

 private:
  struct State;
  template <class Other>
  void merge_from(Other&& other);
  std::unique_ptr<State> state_;
};

/// Adds interactions and surveys to a ReportAccumulator from another thread; see feeder().
class ReportAccumulator::Feeder {
 public:
  ~Feeder();
  Feeder(Feeder&& other) noexcept;
  Feeder& operator=(Feeder&& other) noexcept;
  Feeder(const Feeder&) = delete;
  Feeder& operator=(const Feeder&) = delete;

  /// The same rules as ReportAccumulator::add(const InteractionView&).
  void add(const InteractionView& interaction);
  void add(std::span<const Interaction> interactions);
  void add(std::span<const InteractionView> interactions);
  /// The same rules as ReportAccumulator::add(const SurveyView&).
  void add(const SurveyView& survey);
  void add(std::span<const Survey> surveys);
  void add(std::span<const SurveyView> surveys);

 private:
  friend class ReportAccumulator;
  struct State;
  explicit Feeder(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace contactkpi
