// SPDX-License-Identifier: MIT
// contactkpi/fcr.hpp: FCR, first contact resolution, by three methods.
//
// repeat-window (default): among handled inbound contacts, those that were not transferred,
// not marked resolved = false, and had no repeat inbound contact (answered or not) by the same
// customer within `window` after ended_at; a repeat must have the same reason when both
// reasons are known (`match_reason`). ÷ the same handled inbound contacts. A contact whose
// window is not over by the as-of time (default: the latest timestamp seen in any contact;
// a window ending exactly then is over) is left out of both counts and counted in
// `open_windows`, unless `include_open`.
//
// agent-flag: handled inbound contacts with resolved = true and not transferred ÷ handled
// inbound contacts (resolved unknown counts as not resolved).
//
// survey: survey responses with resolved = true ÷ responses that answered the question.
//
// Merging: the repeat check needs each customer's timeline, so the accumulator keeps one
// compact entry per inbound contact that has a customer or is counted (interned customer
// and reason ids, two timestamps, a group index and flags) and does the check in result(),
// after sorting by (customer, arrived_at): O(n log n). merge() adds the other side's entries,
// re-interning its ids, so any split of the contacts merged back gives exactly the whole.
//
// Example:
//
//     contactkpi::FcrAccumulator acc{{.window = std::chrono::days{3}}};
//     for (const auto& c : contacts) acc.add(c);
//     contactkpi::FcrOutcome fcr = acc.result();
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "contactkpi/detail/chunked_vector.hpp"
#include "contactkpi/detail/interner.hpp"
#include "contactkpi/result.hpp"
#include "contactkpi/types.hpp"

namespace contactkpi {

enum class FcrMethod : std::uint8_t { repeat_window, agent_flag, survey };
/// The CLI name: "repeat-window", "agent-flag" or "survey".
[[nodiscard]] std::string_view to_string(FcrMethod method) noexcept;
/// Parses a CLI name, case-insensitively; nullopt for anything else.
[[nodiscard]] std::optional<FcrMethod> parse_fcr_method(std::string_view text) noexcept;

struct FcrOptions {
  FcrMethod method = FcrMethod::repeat_window;
  /// How long after ended_at a repeat counts (inclusive). Precondition: >= 0 (a negative
  /// window is treated as 0).
  Duration window = std::chrono::days{7};
  /// A repeat must have the same reason when both reasons are known.
  bool match_reason = true;
  /// Windows ending after this are open; empty = the latest timestamp in the contacts.
  std::optional<Timestamp> as_of{};
  /// Count contacts whose window is still open (as if no repeat will come).
  bool include_open = false;
};

/// An FCR ratio plus how many contacts were left out because their window was open.
struct FcrOutcome {
  Ratio ratio{};
  std::int64_t open_windows = 0;

  [[nodiscard]] Result result() const noexcept { return ratio.percent(); }
  FcrOutcome& operator+=(const FcrOutcome& o) noexcept {
    ratio += o.ratio;
    open_windows += o.open_windows;
    return *this;
  }
  friend bool operator==(const FcrOutcome&, const FcrOutcome&) = default;
};

/// Accumulates contacts (and surveys) for FCR; poolable with merge().
///
/// Repeat-window rules, precisely (`X` a candidate, `Y` another contact):
/// - candidates are handled inbound contacts added with `counted` = true; X succeeds when it
///   is not transferred, resolved != false, and has no repeat;
/// - Y is a repeat of X when Y is inbound (answered or not, counted or not), has the same
///   non-empty customer_id, X.arrived_at < Y.arrived_at <= X.ended_at + window (both edges as
///   written: a contact at exactly ended_at + window is a repeat, one 1 µs later is not), and,
///   with `match_reason`, Y.reason == X.reason whenever both are non-empty. Contacts that
///   arrived at the same instant are not repeats of each other. A contact without a
///   customer_id is a candidate that can have no repeat. Outbound contacts are never repeats;
///   they only move the default as-of time;
/// - X's window is open when X.ended_at + window > as-of (a window ending exactly at as-of is
///   over). Open candidates are left out of both counts and counted in `open_windows`; with
///   `include_open` they are counted instead (then `open_windows` is 0), judged on the repeats
///   that arrived by as-of. Only contacts that arrived by as-of can ever be repeats.
///
/// agent-flag: handled inbound counted contacts; success = resolved == true and not
/// transferred. survey: surveys with `resolved` set; success = resolved true. Both ignore the
/// window and as-of.
///
/// Merging and order: the outcome depends only on the multiset of records added, so any split
/// of the records merged back (in any order) gives exactly the outcome of the whole.
/// merge() assumes both sides were built with the same options and keeps this side's.
///
/// Memory: one 24-byte entry per inbound contact that has a customer_id or is a candidate
/// (repeat-window only), plus one interned copy of each distinct customer_id and reason;
/// entries are kept in chunks of 64 KiB per 4,096 customers (half a chunk unused per 4,096
/// customers on average) and pass through a buffer (up to 768 KiB, and as much again while
/// it is sorted into the buckets). Other methods keep only counts per group. A record's group is
/// used as an index: keep group numbers dense (0, 1, 2, ...).
class FcrAccumulator {
 public:
  FcrAccumulator() = default;
  explicit FcrAccumulator(const FcrOptions& options) : options_{options} {}

  /// Adds a contact. `group` is the caller's group index for results_by_group() (0 when
  /// not grouping). A contact with `counted` = false (outside the reporting range) is not
  /// itself counted but can still be the repeat of a counted contact.
  /// Amortised O(1); allocates only for vector growth and first-seen ids.
  void add(const ContactView& contact, std::uint32_t group = 0, bool counted = true);
  /// add(contacts[i], groups[i], counted[i] != 0) for every i, in order: the same state,
  /// faster for many contacts (their customer ids are looked up together, with the memory
  /// prefetched). Throws std::invalid_argument unless the three spans have the same size.
  void add(std::span<const Contact> contacts, std::span<const std::uint32_t> groups,
           std::span<const std::uint8_t> counted);
  /// The same for views (as io::for_each_contact_view hands them over).
  void add(std::span<const ContactView> contacts, std::span<const std::uint32_t> groups,
           std::span<const std::uint8_t> counted);
  /// Adds a survey answer (used by the survey method only; ignored otherwise).
  void add(const SurveyView& survey, std::uint32_t group = 0);
  /// Adds outcomes counted elsewhere to `group`: `counts.numerator` successes out of
  /// `counts.denominator`, as if the records behind them had been added one by one. Used by
  /// the agent-flag and survey methods only (ignored by repeat-window, which needs the
  /// contacts themselves).
  void add_counts(const Ratio& counts, std::uint32_t group = 0);
  /// Adds everything `other` has seen, re-interning its ids. O(other's size).
  void merge(const FcrAccumulator& other);
  /// The same, taking over `other`'s entries instead of copying them (no second copy of the
  /// entries is ever resident); `other` is left empty.
  void merge(FcrAccumulator&& other);

  /// All groups pooled: the sum of results_by_group().
  ///
  /// No candidates gives a ratio 0/0, whose result() has no value ("no data").
  /// Complexity: repeat-window orders the entries by customer (counting sorts, a bucket of
  /// customers at a time) and each customer's entries by arrival, O(n log n) time at worst
  /// and one bucket's entries of extra memory; the other methods are O(groups).
  [[nodiscard]] FcrOutcome result() const;
  /// One outcome per group index, 0..the largest group passed to add() for any record
  /// (empty when nothing was added). Same complexity as result().
  [[nodiscard]] std::vector<FcrOutcome> results_by_group() const;
  /// The as-of time in force: options().as_of, else the latest arrived_at, answered_at or
  /// ended_at of any contact added (inbound or outbound, counted or not); nullopt when
  /// neither exists.
  [[nodiscard]] std::optional<Timestamp> as_of() const noexcept;
  [[nodiscard]] const FcrOptions& options() const noexcept { return options_; }

 private:
  /// One inbound contact, 24 bytes. The group shares a word with the flags, ended_at is
  /// stored as a duration since arrived_at: `span` is either the microseconds (below 2^31,
  /// about 36 minutes), or whole seconds (below 2^30), or the index of a Long entry in
  /// long_ (longer contacts with a fraction of a second, an ended_at before arrived_at, or a
  /// group too large to share its word). See fcr.cpp.
  struct Entry {
    std::int64_t arrived_us;
    std::uint32_t customer;     ///< interned; npos = no customer
    std::uint32_t reason;       ///< interned; npos = unknown reason
    std::uint32_t group_flags;  ///< group << 2 | flags, or all ones (with the flags) if Long
    std::uint32_t span;         ///< ended_at − arrived_at, encoded (see above)
  };
  static_assert(sizeof(Entry) <= 24, "one compact entry per contact");
  /// ended_at and group of an entry whose span could not hold them.
  struct Long {
    std::int64_t ended_us;
    std::uint32_t group;
  };
  /// Encodes `ended_us`, `group` and `flags` into `entry` (arrived_us set already) as
  /// whole seconds or a Long entry: the cases make_entry() does not encode inline.
  void set_end(Entry& entry, std::int64_t ended_us, std::uint32_t group, std::uint8_t flags);
  [[nodiscard]] std::int64_t ended_us(const Entry& entry) const noexcept;
  [[nodiscard]] std::uint32_t group_of(const Entry& entry) const noexcept;
  /// An entry of `other` as it is in this accumulator after merging: ids renumbered, a Long
  /// entry copied to long_.
  void adopt(Entry& entry, const FcrAccumulator& other, const std::vector<std::uint32_t>& customers,
             const std::vector<std::uint32_t>& reasons);

  void note_group(std::uint32_t group) noexcept;
  /// What add() does, except the customer lookup: true when `entry` is to be stored (its
  /// customer still to be set).
  bool make_entry(const ContactView& contact, std::uint32_t group, bool counted, Entry& entry);

  void count_direct(std::uint32_t group, const Ratio& counts);
  /// The part of merge() shared by copy and move: groups, latest time, direct counts.
  void merge_counts(const FcrAccumulator& other);

  /// The entries of a range of 2^bucket_shift customer ids, in chunks of 64 KiB (small
  /// blocks, big_blocks.hpp): growth never copies.
  using Bucket = detail::ChunkedVector<Entry, detail::small_block_elements<Entry>,
                                       detail::SmallBlockAllocator<Entry>>;
  /// Stores `entry`, whose customer is set: in customerless_ without one, else in pending_
  /// (flushed to the buckets once it holds pending_limit entries or more).
  void store(const Entry& entry);
  /// Moves pending_ to the buckets: a counting sort by bucket, then one append per bucket.
  void flush();

  FcrOptions options_{};
  /// buckets_[b]: the entries of customers b * 2^bucket_shift .. (b + 1) * 2^bucket_shift − 1,
  /// about 14,000 at 3.5 contacts per customer (340 KiB): results_by_group() checks a
  /// bucket at a time, within a core's L2 cache. Entries reach the buckets through
  /// pending_, pending_limit at a time, so that a bucket grows by runs of entries rather
  /// than one entry at a time at a place that changes with every entry.
  static constexpr unsigned bucket_shift = 12;
  static constexpr std::size_t pending_limit = std::size_t{1} << 14;
  std::vector<Bucket> buckets_;
  std::vector<Entry> pending_;  ///< entries with a customer not yet in buckets_
  std::vector<Entry> flushed_;  ///< flush()'s scratch
  Bucket customerless_;         ///< candidates without a customer (they can have no repeat)
  std::vector<Long> long_;      ///< the entries whose span is an index here (few)
  detail::BasicInterner<false> customers_;  ///< no key(id): only ever absorbed
  detail::Interner reasons_;
  detail::InternMemo reason_memo_;  ///< in front of reasons_ (a handful of reasons)
  std::vector<FcrOutcome> direct_;  ///< agent-flag / survey methods: counted as they come
  std::size_t group_count_ = 0;     ///< 1 + the largest group seen
  std::optional<Timestamp> latest_{};
};

/// FCR over a span of contacts (and surveys, for the survey method), every contact counted
/// and in group 0. Same rules, empty-input behaviour and complexity as FcrAccumulator.
///
/// Example:
///
///     auto fcr = contactkpi::first_contact_resolution(contacts, {.match_reason = false});
///     if (fcr.result().has_data()) { /* fcr.ratio, fcr.open_windows */ }
[[nodiscard]] FcrOutcome first_contact_resolution(std::span<const Contact> contacts,
                                                  const FcrOptions& options = {},
                                                  std::span<const Survey> surveys = {});

}  // namespace contactkpi
