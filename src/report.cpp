// SPDX-License-Identifier: MIT
#include "contactkpi/report.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <functional>
#include <future>
#include <limits>
#include <map>
#include <stdexcept>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "contactkpi/abandon_rate.hpp"
#include "contactkpi/contact_rate.hpp"
#include "contactkpi/detail/chunked_vector.hpp"
#include "contactkpi/detail/hash.hpp"
#include "contactkpi/detail/prefetch.hpp"
#include "contactkpi/fcr.hpp"
#include "contactkpi/handle_time.hpp"
#include "contactkpi/quality.hpp"
#include "contactkpi/service_level.hpp"
#include "contactkpi/survey.hpp"
#include "contactkpi/transfer_rate.hpp"

namespace contactkpi {

namespace {

constexpr std::array<std::string_view, dimension_count> dimension_names{
    "segment", "channel", "queue", "agent", "reason", "day", "week", "month"};

constexpr std::uint32_t no_group = std::numeric_limits<std::uint32_t>::max();
constexpr std::uint32_t out_of_range_group = no_group - 1;
// Where an interaction or survey goes besides a group (see State::route).
constexpr std::uint32_t to_extra = no_group - 2;  // the overall result only
constexpr std::uint32_t to_nowhere = no_group - 3;

// ---- contact rate: the one place that knows ContactRateAccumulator's interface ----------
using ContactRate = ContactRateAccumulator;

// ---- the KPI accumulators of one group ----------------------------------------------------
// The KPIs that interactions and surveys feed: what a Feeder keeps per group.
struct FollowUpKpis {
  explicit FollowUpKpis(const ReportOptions& o) : csat{o.csat}, ces{o.ces} {}

  void add(const InteractionView& i) noexcept { cqis.add(i); }
  void add(const SurveyView& s) noexcept {
    csat.add(s);
    nps.add(s);
    ces.add(s);
  }
  void merge(const FollowUpKpis& o) noexcept {
    cqis.merge(o.cqis);
    csat.merge(o.csat);
    nps.merge(o.nps);
    ces.merge(o.ces);
  }

  CqisAccumulator cqis;
  CsatAccumulator csat;
  NpsAccumulator nps;
  CesAccumulator ces;
};

struct GroupKpis : FollowUpKpis {
  explicit GroupKpis(const ReportOptions& o)
      : FollowUpKpis{o},
        aht{o.aht},
        service_level{o.service_level},
        abandon{o.abandon},
        contact_rate{o.contact_rate} {}

  /// `local_day`: the contact's day in the report's time zone, when one is set.
  void add(const ContactView& c, std::optional<std::chrono::sys_days> local_day) {
    ccqs.add(c);
    aht.add(c);
    service_level.add(c);
    abandon.add(c);
    transfer.add(c);
    if (local_day) {
      contact_rate.add(c, *local_day);
    } else {
      contact_rate.add(c);
    }
  }
  using FollowUpKpis::add;
  void merge(const GroupKpis& o) {
    FollowUpKpis::merge(o);
    ccqs.merge(o.ccqs);
    aht.merge(o.aht);
    service_level.merge(o.service_level);
    abandon.merge(o.abandon);
    transfer.merge(o.transfer);
    contact_rate.merge(o.contact_rate);
  }

  CcqsAccumulator ccqs;
  AhtAccumulator aht;
  ServiceLevelAccumulator service_level;
  AbandonRateAccumulator abandon;
  TransferRateAccumulator transfer;
  ContactRate contact_rate;
};

void add_counts(ReportCounts& c, const ReportCounts& d) noexcept {
  c.contacts += d.contacts;
  c.contacts_out_of_range += d.contacts_out_of_range;
  c.interactions += d.interactions;
  c.interactions_unmatched += d.interactions_unmatched;
  c.interactions_out_of_range += d.interactions_out_of_range;
  c.surveys += d.surveys;
  c.surveys_unmatched += d.surveys_unmatched;
  c.surveys_out_of_range += d.surveys_out_of_range;
  c.surveys_relationship += d.surveys_relationship;
  c.segments += d.segments;
}

// All segments pooled: Σ contacts ÷ Σ customers × 100, with the interval contact_rate.hpp
// documents (Wilson for the net rate, Poisson for the gross rate).
Result pooled_contact_rate(const std::vector<SegmentRate>& rates, bool net) {
  std::int64_t contacts = 0;
  std::int64_t customers = 0;
  for (const auto& r : rates) {
    if (r.customers <= 0) continue;
    contacts += r.contacts;
    customers += r.customers;
  }
  Result result{.numerator = static_cast<double>(contacts),
                .denominator = static_cast<double>(customers),
                .unit = Unit::percent};
  if (customers <= 0) return result;
  const auto n = static_cast<double>(customers);
  const auto k = static_cast<double>(contacts);
  result.value = k / n * 100.0;
  if (net && contacts <= customers) {
    if (const auto w = wilson_interval(contacts, customers)) {
      result.ci95 = Interval{w->lo * 100.0, w->hi * 100.0};
    }
  } else {
    const double half = 1.96 * std::sqrt(k);
    result.ci95 = Interval{std::max(0.0, (k - half) / n * 100.0), (k + half) / n * 100.0};
  }
  return result;
}

// `all_segments`: list every sized segment (the overall result); a group lists only the
// segments it has contacts from, so that e.g. the group "gold" does not show "silver 0%".
KpiResults kpi_results(const GroupKpis& g, const FcrOutcome& fcr,
                       const std::vector<Segment>& segments, bool net, bool all_segments) {
  KpiResults out;
  out[KpiId::ccqs] = g.ccqs.result();
  out[KpiId::cqis] = g.cqis.result();
  out[KpiId::aht] = g.aht.result();
  out[KpiId::service_level] = g.service_level.result();
  out[KpiId::abandon_rate] = g.abandon.result();
  out[KpiId::transfer_rate] = g.transfer.result();
  out[KpiId::csat] = g.csat.result();
  out[KpiId::nps] = g.nps.result();
  out[KpiId::ces] = g.ces.result();
  out[KpiId::fcr] = fcr.result();
  out.fcr_open_windows = fcr.open_windows;
  out.contact_rate = g.contact_rate.results(segments);
  if (!all_segments) {
    std::erase_if(out.contact_rate,
                  [](const SegmentRate& r) { return r.contacts == 0 && r.unmatched == 0; });
  }
  out[KpiId::contact_rate] = pooled_contact_rate(out.contact_rate, net);
  return out;
}

// ---- calendar keys ------------------------------------------------------------------------
using std::chrono::days;
using std::chrono::sys_days;

std::string two(unsigned v) {
  std::string s(2, '0');
  s[0] = static_cast<char>('0' + (v / 10) % 10);
  s[1] = static_cast<char>('0' + v % 10);
  return s;
}

std::string day_label(std::int32_t day) {
  const std::chrono::year_month_day ymd{sys_days{days{day}}};
  return std::to_string(static_cast<int>(ymd.year())) + "-" +
         two(static_cast<unsigned>(ymd.month())) + "-" + two(static_cast<unsigned>(ymd.day()));
}

// ISO 8601 week: the week belongs to the year of its Thursday.
std::pair<int, unsigned> iso_week(std::int32_t day) {
  const sys_days d{days{day}};
  const unsigned iso_weekday = std::chrono::weekday{d}.iso_encoding();  // 1 = Monday
  const sys_days thursday = d + days{4 - static_cast<int>(iso_weekday)};
  const std::chrono::year y = std::chrono::year_month_day{thursday}.year();
  const auto jan1 = sys_days{y / std::chrono::January / 1};
  const auto week = static_cast<unsigned>((thursday - jan1).count() / 7 + 1);
  return {static_cast<int>(y), week};
}

std::string week_label(std::int32_t day) {
  const auto [y, w] = iso_week(day);
  return std::to_string(y) + "-W" + two(w);
}

std::string month_label(std::int32_t day) {
  const std::chrono::year_month_day ymd{sys_days{days{day}}};
  return std::to_string(static_cast<int>(ymd.year())) + "-" +
         two(static_cast<unsigned>(ymd.month()));
}

// Heterogeneous lookup, so that the per-contact path looks a key up without allocating.
struct KeyHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};

struct IndexEntry {
  std::uint64_t hash;
  std::uint32_t group;
};

// An allocator that leaves the elements a container makes without a value uninitialized
// (resize(n) of trivial elements then writes no zeros before the caller fills them).
template <class Base>
struct Uninitialized : Base {
  using Base::Base;
  template <class U>
  struct rebind {
    using other = Uninitialized<typename std::allocator_traits<Base>::template rebind_alloc<U>>;
  };
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;  // default-initialized: no zeros for a trivial U
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

// The contact-id index: the 64-bit hash of each contact id with its group, for matching
// interactions and surveys to contacts. While every contact is in group 0 (a report without
// grouping or range) only the hashes are kept; otherwise the groups too.
// The hashes stay where they were added, in chunked storage (growth and merging never copy
// everything), in the order of the contacts: of each loader piece, in file order. The first
// lookup sorts slots of 12 bytes (the hash and the contact's position) by hash, with a
// directory on the top bits of the hash, so that a search reads one directory slot and a
// few neighbouring slots. Per contact: 8 bytes (16 with groups) in order, 12 sorted.
// Interactions and surveys mostly come in the order of their contacts, so a lookup first
// tries the few contacts from the one the last lookup found (a Cursor): memory read in
// order instead of two cache misses at random. Lookups in no such order (two misses of the
// cursor in a row) search straight away, trying the cursor only every 16th lookup.
class ContactIndex {
 public:
  // Where the last lookup found its contact, and whether the lookups follow the contacts
  // (one per reader: route_all() keeps one).
  struct Cursor {
    std::size_t position = 0;
    std::uint32_t lookups = 0;
    std::uint32_t misses = 0;  // of the cursor in a row
    [[nodiscard]] bool scattered() const noexcept { return misses >= 2; }
  };

  void add(std::uint64_t hash, std::uint32_t group) {
    if (group != 0 && !grouped_) ungroup();
    if (grouped_) {
      pending_entries_.push_back({hash, group});
    } else {
      pending_hashes_.push_back(hash);
    }
    if (!directory_.empty()) unsort();
  }

  // False when two contacts have the same hash (then the cursor is not used: see prepare()).
  // Precondition: prepare_lookups() since the last add.
  [[nodiscard]] bool unique() const noexcept { return unique_; }

  // Sorts what was added since the last lookup; find() needs it.
  void prepare_lookups() {
    if (directory_.empty() && size() != 0) prepare();
  }

  // Lookups in two steps ahead of a search: the directory slot of `hash`, then (once that
  // slot is in cache) the slots it points to. Preconditions as find().
  void prefetch_directory(std::uint64_t hash) const noexcept {
    if (!directory_.empty()) detail::prefetch(&directory_[bucket_of(hash)]);
  }
  void prefetch_slots(std::uint64_t hash) const noexcept {
    if (directory_.empty()) return;
    const std::size_t first = directory_[bucket_of(hash)];
    if (first < slots_.size()) detail::prefetch(&slots_[first]);
  }

  // The group of `hash`, or `missing`; `cursor` moves to the contact found. Precondition:
  // prepare_lookups() since the last add.
  [[nodiscard]] std::uint32_t find(std::uint64_t hash, std::uint32_t missing,
                                   Cursor& cursor) const noexcept {
    constexpr std::uint32_t probe_every = 16;
    if (unique_ && (!cursor.scattered() || ++cursor.lookups % probe_every == 0)) {
      // The contact of the last lookup and the next 15: contacts without interactions
      // (abandoned ones) lie between, and only about one contact in five has a survey (in
      // the generated data 96% of the gaps between surveyed contacts are below 16).
      constexpr std::size_t near = 16;
      const std::size_t last = std::min(size(), cursor.position + near);
      for (std::size_t p = cursor.position; p < last; ++p) {
        if (hash_at(p) == hash) {
          cursor.position = p;
          cursor.misses = 0;
          return group_at(p);
        }
      }
      ++cursor.misses;
    }
    if (directory_.empty()) return missing;
    const std::size_t bucket = bucket_of(hash);
    const Slot* const first = slots_.data() + directory_[bucket];
    const Slot* const slot = lower_bound(first, directory_[bucket + 1] - directory_[bucket], hash);
    if (slot == nullptr) return missing;
    cursor.position = slot->position;
    return group_at(slot->position);
  }

  // Appends `other`'s entries, with groups renumbered by `map_group`; `other` is emptied.
  template <class MapGroup>
  void append(ContactIndex&& other, MapGroup map_group) {
    if (!directory_.empty()) unsort();
    if (other.size() == 0) return;
    // The other side's ungrouped hashes are all in its group 0 (it has contacts, so it has
    // that group).
    if (!other.grouped_ && !grouped_ && map_group(std::uint32_t{0}) == 0) {
      pending_hashes_.append(std::move(other.pending_hashes_));
      other = ContactIndex{};
      return;
    }
    if (!grouped_) ungroup();
    if (!other.pending_hashes_.empty()) {
      const std::uint32_t group = map_group(std::uint32_t{0});
      other.pending_hashes_.for_each([&](std::uint64_t h) {
        pending_entries_.push_back({h, group});
      });
    }
    other.pending_entries_.for_each([&](const IndexEntry& e) {
      pending_entries_.push_back({e.hash, map_group(e.group)});
    });
    other = ContactIndex{};
  }

 private:
  // A contact in hash order: its hash in two halves (12 bytes, not 16) and its position.
  struct Slot {
    std::uint32_t hash_low;
    std::uint32_t hash_high;
    std::uint32_t position;
    [[nodiscard]] std::uint64_t hash() const noexcept {
      return (std::uint64_t{hash_high} << 32U) | hash_low;
    }
  };

  [[nodiscard]] std::size_t size() const noexcept {
    return grouped_ ? pending_entries_.size() : pending_hashes_.size();
  }
  [[nodiscard]] std::uint64_t hash_at(std::size_t p) const noexcept {
    return grouped_ ? pending_entries_[p].hash : pending_hashes_[p];
  }
  [[nodiscard]] std::uint32_t group_at(std::size_t p) const noexcept {
    return grouped_ ? pending_entries_[p].group : 0;
  }
  [[nodiscard]] std::size_t bucket_of(std::uint64_t hash) const noexcept {
    return static_cast<std::size_t>(hash >> (64U - bits_));
  }

  // The first slot of [begin, begin + n) (sorted by hash) whose hash is `hash`, or nullptr.
  // A binary search without branches on the data (a bucket's few slots make
  // std::lower_bound's branches unpredictable: about two mispredictions per lookup).
  static const Slot* lower_bound(const Slot* begin, std::size_t n, std::uint64_t hash) noexcept {
    if (n == 0) return nullptr;
    const Slot* const end = begin + n;
    const Slot* base = begin;
    while (n > 1) {
      const std::size_t half = n / 2;
      base = base[half].hash() < hash ? base + half : base;  // a conditional move
      n -= half;
    }
    base += base->hash() < hash ? 1 : 0;  // the first slot with a hash >= `hash`
    return base != end && base->hash() == hash ? base : nullptr;
  }

  // Keeps group numbers from now on (the hashes so far are all in group 0).
  void ungroup() {
    pending_hashes_.for_each([&](std::uint64_t h) { pending_entries_.push_back({h, 0}); });
    pending_hashes_ = {};
    grouped_ = true;
    unsort();
  }
  // Drops the sorted slots (after an add): the next lookup sorts again.
  void unsort() {
    slots_ = {};
    directory_ = {};
  }

  // Sorts the slots by hash with one counting pass over the top bits (hashes are uniform,
  // so buckets hold about four slots each) and an insertion sort of each bucket: O(n),
  // where a comparison sort of 10M hashes takes about a second on the one thread that adds.
  void prepare() {
    const std::size_t n = size();
    if (n > 0xFFFF'FFFFU) throw std::length_error{"ContactIndex: more than 2^32 contacts"};
    bits_ = 4;  // about four slots per bucket: 2^bits ≥ n / 4
    while (bits_ < 26 && (std::size_t{1} << (bits_ + 2)) < n) ++bits_;
    directory_.assign((std::size_t{1} << bits_) + 1, 0);
    const auto each_hash = [&](auto f) {
      if (grouped_) {
        pending_entries_.for_range(0, n, [&](std::size_t p, const IndexEntry& e) { f(p, e.hash); });
      } else {
        pending_hashes_.for_range(0, n, [&](std::size_t p, std::uint64_t h) { f(p, h); });
      }
    };
    // directory_[b + 1] counts bucket b, then is where bucket b starts (the sum of the
    // counts before it); placing the bucket's slots advances it to bucket b's end, so that
    // directory_[b] .. directory_[b + 1] is bucket b in the end (no second array).
    each_hash([&](std::size_t /*p*/, std::uint64_t h) { ++directory_[bucket_of(h) + 1]; });
    std::uint32_t start = 0;
    for (std::size_t b = 1; b < directory_.size(); ++b) {
      const std::uint32_t count = directory_[b];
      directory_[b] = start;
      start += count;
    }
    slots_.resize(n);  // not zeroed first: every slot is written below
    // The slots are written at random: each one's cache line is fetched 16 contacts ahead.
    constexpr std::size_t ahead = 16;
    each_hash([&](std::size_t p, std::uint64_t h) {
      if (p + ahead < n) {
        const std::uint32_t at = directory_[bucket_of(hash_at(p + ahead)) + 1];
        if (at < n) detail::prefetch(&slots_[at]);
      }
      slots_[directory_[bucket_of(h) + 1]++] = {static_cast<std::uint32_t>(h),
                                                static_cast<std::uint32_t>(h >> 32U),
                                                static_cast<std::uint32_t>(p)};
    });
    // Buckets hold about four slots: an insertion sort each, inline (std::sort's set-up per
    // call cost more than the sorting). Stable: equal hashes stay in order of position.
    bool unique = true;
    for (std::size_t b = 0; b + 1 < directory_.size(); ++b) {
      const auto first = slots_.begin() + static_cast<std::ptrdiff_t>(directory_[b]);
      const auto last = slots_.begin() + static_cast<std::ptrdiff_t>(directory_[b + 1]);
      for (auto it = first + (first != last ? 1 : 0); it < last; ++it) {
        const Slot value = *it;
        auto hole = it;
        for (; hole != first && value.hash() < (hole - 1)->hash(); --hole) *hole = *(hole - 1);
        *hole = value;
        if (hole != first && (hole - 1)->hash() == value.hash()) unique = false;
      }
    }
    // Two contact ids with one hash: a lookup finds the first of them, as the search does,
    // so the cursor (which may stand on the second) is not used.
    unique_ = unique;
  }

  bool grouped_ = false;
  bool unique_ = true;
  // In order of the contacts (read in order by the cursor; at random only by its rare probes).
  detail::ChunkedVector<std::uint64_t> pending_hashes_;  // !grouped_
  detail::ChunkedVector<IndexEntry> pending_entries_;    // grouped_
  // Read at random by the searches; a big block (big_blocks.hpp).
  std::vector<Slot, Uninitialized<detail::BigBlockAllocator<Slot>>> slots_;
  std::vector<std::uint32_t> directory_;
  unsigned bits_ = 4;
};

std::uint64_t id_hash(std::string_view id) noexcept {
  // detail::hash_bytes: a few multiplications for an id of up to 16 bytes. Lookups of ids
  // in the order of the contacts read the index in order through its cursor, so the hash
  // need not keep numbered ids together (FNV-1a did, byte by byte: a chain of 8
  // multiplications for an 8-byte id).
  return detail::hash_bytes(id);
}

// The days [first, last] (days since 1970-01-01) a segments.csv period covers: "YYYY-MM",
// "YYYY-MM-DD" or "YYYY-Www"; nullopt for "" (all time) or a malformed key (left for
// ContactRateAccumulator::results() to reject with its own message).
std::optional<std::pair<std::int32_t, std::int32_t>> period_days(std::string_view key) {
  const auto digits = [&](std::size_t pos, std::size_t n) -> std::optional<int> {
    if (pos + n > key.size()) return std::nullopt;
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
      if (key[i] < '0' || key[i] > '9') return std::nullopt;
      v = v * 10 + (key[i] - '0');
    }
    return v;
  };
  const auto day_number = [](sys_days d) {
    return static_cast<std::int32_t>(d.time_since_epoch().count());
  };
  const auto y = digits(0, 4);
  if (!y || key.size() < 7 || key[4] != '-') return std::nullopt;
  const std::chrono::year year{*y};
  if (key.size() == 8 && key[5] == 'W') {
    const auto w = digits(6, 2);
    if (!w || *w < 1 || *w > 53) return std::nullopt;
    // Week 1 is the week with 4 January; weeks start on Monday.
    const sys_days jan4{year / std::chrono::January / 4};
    const auto iso = static_cast<int>(std::chrono::weekday{jan4}.iso_encoding());
    const sys_days first = jan4 - days{iso - 1} + days{7 * (*w - 1)};
    return std::pair{day_number(first), day_number(first + days{6})};
  }
  const auto m = digits(5, 2);
  if (!m || *m < 1 || *m > 12) return std::nullopt;
  const std::chrono::month month{static_cast<unsigned>(*m)};
  if (key.size() == 7) {
    return std::pair{day_number(sys_days{year / month / 1}),
                     day_number(sys_days{year / month / std::chrono::last})};
  }
  const auto d = digits(8, 2);
  if (key.size() != 10 || key[7] != '-' || !d) return std::nullopt;
  const std::chrono::year_month_day ymd{year, month, std::chrono::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  return std::pair{day_number(sys_days{ymd}), day_number(sys_days{ymd})};
}

}  // namespace

std::string_view to_string(Dimension dimension) noexcept {
  return dimension_names[static_cast<std::size_t>(dimension)];
}

std::optional<Dimension> parse_dimension(std::string_view text) noexcept {
  for (std::size_t i = 0; i < dimension_count; ++i) {
    if (dimension_names[i] == text) return static_cast<Dimension>(i);
  }
  return std::nullopt;
}

struct ReportAccumulator::State {
  struct Group {
    std::string code;              // encoded key, as in group_of_code
    std::vector<std::string> key;  // display values
    GroupKpis kpis;
    std::uint32_t local_fcr_id = no_group;  // the FCR group number this part uses for it
  };

  State(ReportOptions o, unsigned part_, unsigned parts_)
      : options{std::move(o)},
        part{part_},
        parts{parts_},
        use_index{options.keeps_contact_index()},
        extra{options},
        fcr_state{options.fcr} {
    if (parts == 0 || part >= parts) throw std::invalid_argument("report part out of range");
    extra_fcr_id = allocate_fcr_id();
  }

  std::uint32_t allocate_fcr_id() {
    const std::uint64_t id = std::uint64_t{next_slot++} * parts + part;
    if (id >= no_group - 1) throw std::length_error("too many report groups");
    return static_cast<std::uint32_t>(id);
  }

  [[nodiscard]] bool in_range(Timestamp t) const noexcept {
    return (!options.from || t >= *options.from) && (!options.to || t < *options.to);
  }

  // The local day of t without touching the cache (for the few calls of result()).
  [[nodiscard]] std::int32_t local_day_uncached(Timestamp t) const {
    const std::chrono::seconds offset =
        options.utc_offset ? options.utc_offset(t).offset : std::chrono::seconds{0};
    return static_cast<std::int32_t>(
        std::chrono::floor<days>(t + offset).time_since_epoch().count());
  }

  // The segment rows that size the reporting range: all-time rows, and the period rows
  // that overlap [from, to) in local days. (A period row counts with its customers even
  // when no contact falls in it, so rows outside the range must not be passed on.)
  [[nodiscard]] std::vector<Segment> segments_in_range() const {
    if (!options.has_range()) return segments;
    const std::int32_t first =
        options.from ? local_day_uncached(*options.from) : std::numeric_limits<std::int32_t>::min();
    const std::int32_t last = options.to ? local_day_uncached(*options.to - Duration{1})
                                         : std::numeric_limits<std::int32_t>::max();
    std::vector<Segment> out;
    for (const Segment& seg : segments) {
      const auto span = period_days(seg.period);
      if (seg.period.empty() || !span || (span->second >= first && span->first <= last)) {
        out.push_back(seg);
      }
    }
    return out;
  }

  std::int32_t local_day(Timestamp t) {
    std::chrono::seconds offset{0};
    if (options.utc_offset) {
      if (!(t >= offset_span.begin && t < offset_span.end) || !offset_known) {
        offset_span = options.utc_offset(t);
        offset_known = true;
      }
      offset = offset_span.offset;
    }
    return static_cast<std::int32_t>(
        std::chrono::floor<days>(t + offset).time_since_epoch().count());
  }

  static void put_text(std::string& code, std::string_view text) {
    const auto n = static_cast<std::uint32_t>(text.size());
    std::array<char, sizeof n> len{};
    std::memcpy(len.data(), &n, sizeof n);
    code.append(len.data(), len.size());
    code.append(text);
  }
  static void put_int(std::string& code, std::int32_t v) {
    std::array<char, sizeof v> bytes{};
    std::memcpy(bytes.data(), &v, sizeof v);
    code.append(bytes.data(), bytes.size());
  }

  std::uint32_t group_of(const ContactView& c) {
    if (options.group_by.empty()) {
      if (groups.empty()) create_group(std::string{}, {});
      return 0;
    }
    scratch.clear();
    std::int32_t day = 0;
    bool have_day = false;
    for (const Dimension d : options.group_by) {
      switch (d) {
        case Dimension::segment:
          put_text(scratch, c.segment);
          break;
        case Dimension::channel:
          scratch.push_back(static_cast<char>(c.channel));
          break;
        case Dimension::queue:
          put_text(scratch, c.queue);
          break;
        case Dimension::agent:
          put_text(scratch, c.agent_id);
          break;
        case Dimension::reason:
          put_text(scratch, c.reason);
          break;
        case Dimension::day:
        case Dimension::week:
        case Dimension::month:
          if (!have_day) {
            day = local_day(c.arrived_at);
            have_day = true;
          }
          put_int(scratch, day_bucket(d, day));
          break;
      }
    }
    if (const auto it = group_of_code.find(std::string_view{scratch}); it != group_of_code.end()) {
      return it->second;
    }
    std::vector<std::string> key;
    key.reserve(options.group_by.size());
    for (const Dimension d : options.group_by) {
      switch (d) {
        case Dimension::segment:
          key.emplace_back(c.segment);
          break;
        case Dimension::channel:
          key.emplace_back(to_string(c.channel));
          break;
        case Dimension::queue:
          key.emplace_back(c.queue);
          break;
        case Dimension::agent:
          key.emplace_back(c.agent_id);
          break;
        case Dimension::reason:
          key.emplace_back(c.reason);
          break;
        case Dimension::day:
          key.push_back(day_label(day));
          break;
        case Dimension::week:
          key.push_back(week_label(day));
          break;
        case Dimension::month:
          key.push_back(month_label(day));
          break;
      }
    }
    return create_group(scratch, std::move(key));
  }

  // The bucket number of a local day: the day itself, the Monday of its ISO week, or
  // year * 12 + month.
  static std::int32_t day_bucket(Dimension d, std::int32_t day) {
    if (d == Dimension::day) return day;
    const sys_days sd{days{day}};
    if (d == Dimension::week) {
      const auto iso = static_cast<int>(std::chrono::weekday{sd}.iso_encoding());
      return day - (iso - 1);
    }
    const std::chrono::year_month_day ymd{sd};
    return static_cast<std::int32_t>(static_cast<int>(ymd.year()) * 12 +
                                     static_cast<int>(static_cast<unsigned>(ymd.month())) - 1);
  }

  std::uint32_t create_group(const std::string& code, std::vector<std::string> key) {
    const auto position = static_cast<std::uint32_t>(groups.size());
    groups.push_back(Group{code, std::move(key), GroupKpis{options}});
    group_of_code.emplace(code, position);
    return position;
  }

  std::uint32_t fcr_id_of(std::uint32_t group) {
    Group& g = groups[group];
    if (g.local_fcr_id == no_group) {
      g.local_fcr_id = allocate_fcr_id();
      claim_fcr_id(g.local_fcr_id, group);
    }
    return g.local_fcr_id;
  }

  void claim_fcr_id(std::uint32_t id, std::uint32_t group) {
    const auto [it, inserted] = fcr_owner.emplace(id, group);
    if (!inserted && it->second != group) {
      throw std::invalid_argument(
          "ReportAccumulator::merge: FCR group numbers clash; make the parts with make_parts()");
    }
  }

  // Makes group 0 and the contact index ready for route(), which does not change *this
  // (feeders call it from several threads).
  void prepare_routes() {
    if (!use_index && groups.empty()) create_group(std::string{}, {});
    index.prepare_lookups();
    start_fcr_outcomes();
  }

  // Where an interaction or survey counts: a group index, to_extra or to_nowhere (see the
  // comment at the top of report.hpp); counts it in `c`. Precondition: prepare_routes()
  // since the last contact was added.
  // `hash` is id_hash(record.contact_id).
  [[nodiscard]] std::uint32_t route(const InteractionView& /*interaction*/, std::uint64_t hash,
                                    ReportCounts& c, ContactIndex::Cursor& cursor) const noexcept {
    ++c.interactions;
    return route_to_contact(hash, c.interactions_out_of_range, c.interactions_unmatched, cursor);
  }
  [[nodiscard]] std::uint32_t route(const SurveyView& survey, std::uint64_t hash, ReportCounts& c,
                                    ContactIndex::Cursor& cursor) const noexcept {
    ++c.surveys;
    if (survey.contact_id.empty()) {
      ++c.surveys_relationship;
      if (!options.has_range() || (survey.responded_at && in_range(*survey.responded_at))) {
        return to_extra;
      }
      ++c.surveys_out_of_range;
      return to_nowhere;
    }
    return route_to_contact(hash, c.surveys_out_of_range, c.surveys_unmatched, cursor);
  }
  [[nodiscard]] std::uint32_t route_to_contact(std::uint64_t hash, std::int64_t& out_of_range,
                                               std::int64_t& unmatched,
                                               ContactIndex::Cursor& cursor) const noexcept {
    if (!use_index) return 0;
    const std::uint32_t g = index.find(hash, no_group, cursor);
    if (g == out_of_range_group) {
      ++out_of_range;
      return to_nowhere;
    }
    if (g == no_group) {
      ++unmatched;
      return options.has_range() ? to_nowhere : to_extra;
    }
    return g;
  }

  // route() of each record into `targets`, through one cursor (ContactIndex). While the
  // lookups are scattered (not in the contacts' order), the index memory of the records 16
  // and 8 places ahead is fetched meanwhile: their searches are cache misses.
  template <class Record>
  void route_all(std::span<const Record> records, ReportCounts& c,
                 std::vector<std::uint64_t>& hashes, std::vector<std::uint32_t>& targets) const {
    const std::size_t n = records.size();
    hashes.resize(n);
    targets.resize(n);
    for (std::size_t i = 0; i < n; ++i) hashes[i] = id_hash(records[i].contact_id);
    ContactIndex::Cursor cursor;
    constexpr std::size_t directory_ahead = 16;
    constexpr std::size_t slots_ahead = 8;
    for (std::size_t i = 0; i < n; ++i) {
      if (use_index && cursor.scattered()) {
        if (i + directory_ahead < n) index.prefetch_directory(hashes[i + directory_ahead]);
        if (i + slots_ahead < n) index.prefetch_slots(hashes[i + slots_ahead]);
      }
      targets[i] = route(records[i], hashes[i], c, cursor);
    }
  }

  // FCR to read: once the merge running on its own thread (if any) is done.
  [[nodiscard]] const FcrAccumulator& fcr_read() const {
    if (fcr_task.valid()) std::shared_future<void>{fcr_task}.get();
    return fcr_state;
  }
  // FCR to change: every task is done and the outcomes computed ahead are dropped.
  FcrAccumulator& fcr() {
    fcr_outcomes = {};  // the last future of its task: waits for it
    if (fcr_task.valid()) {
      const std::shared_future<void> task = std::move(fcr_task);
      fcr_task = {};
      task.get();  // rethrows what the merge threw
    }
    return fcr_state;
  }
  // Repeat-window FCR needs nothing from interactions and surveys: once routes are prepared
  // or the last part is merged (the contacts are in), its repeat check of every entry starts
  // on a thread of its own, after the pending merge, so that result() finds it done. Only
  // for many contacts.
  void start_fcr_outcomes() {
    constexpr std::int64_t ahead_from = 1 << 16;  // contacts
    if (fcr_outcomes.valid() || options.fcr.method != FcrMethod::repeat_window ||
        counts.contacts < ahead_from || std::thread::hardware_concurrency() < 2) {
      return;
    }
    fcr_outcomes = std::async(std::launch::async, [this, task = fcr_task] {
                     if (task.valid()) task.get();
                     return fcr_state.results_by_group();
                   }).share();
  }

  // The FCR group number of a route target (survey method).
  std::uint32_t fcr_id_of_target(std::uint32_t target) {
    return target == to_extra ? extra_fcr_id : fcr_id_of(target);
  }

  ReportOptions options;
  unsigned part;
  unsigned parts;
  bool use_index;

  std::vector<Group> groups;
  std::unordered_map<std::string, std::uint32_t, KeyHash, std::equal_to<>> group_of_code;
  std::string scratch;

  GroupKpis extra;  // unmatched interactions / surveys, relationship surveys: overall only
  // FCR, with work that may still run on a thread of its own: a big merge (merge_from())
  // and the repeat check of every entry (prepare_routes()) run while the interactions and
  // surveys load, which never touch FCR under the repeat-window method. Read through
  // fcr_read(), change through fcr(): both wait for that work first.
  FcrAccumulator fcr_state;
  std::uint32_t next_slot = 0;
  std::uint32_t extra_fcr_id = 0;
  std::unordered_map<std::uint32_t, std::uint32_t> fcr_owner;  // FCR group number → group

  // After fcr_state, so that they are destroyed first (the destruction of the last future
  // of a std::async task waits for the task, which reads fcr_state). Mutable: const readers
  // wait for them (each through a copy, so that concurrent readers do not race).
  mutable std::shared_future<void> fcr_task;  // a merge into fcr_state, if any
  mutable std::shared_future<std::vector<FcrOutcome>> fcr_outcomes;  // its results_by_group()

  ContactIndex index;
  std::vector<std::uint64_t> route_hashes;  // route_all()'s scratch for direct adds
  std::vector<std::uint32_t> route_targets;
  std::vector<std::uint32_t> fcr_groups;  // add()'s scratch: per contact, its FCR group number
  std::vector<std::uint8_t> fcr_counted;  // ... and whether it is counted

  std::vector<Segment> segments;
  ReportCounts counts;

  UtcOffsetSpan offset_span{};
  bool offset_known = false;
};

ReportAccumulator::ReportAccumulator() : ReportAccumulator(ReportOptions{}) {}
ReportAccumulator::ReportAccumulator(ReportOptions options)
    : ReportAccumulator(std::move(options), 0, 1) {}
ReportAccumulator::ReportAccumulator(ReportOptions options, unsigned part, unsigned parts)
    : state_{std::make_unique<State>(std::move(options), part, parts)} {}
ReportAccumulator::~ReportAccumulator() = default;
ReportAccumulator::ReportAccumulator(ReportAccumulator&&) noexcept = default;
ReportAccumulator& ReportAccumulator::operator=(ReportAccumulator&&) noexcept = default;

std::vector<ReportAccumulator> ReportAccumulator::make_parts(const ReportOptions& options,
                                                             unsigned parts) {
  std::vector<ReportAccumulator> out;
  out.reserve(parts);
  for (unsigned p = 0; p < parts; ++p) out.emplace_back(options, p, parts);
  return out;
}

bool ReportAccumulator::may_repeat_contact_ids() {
  State& s = *state_;
  if (!s.use_index) return s.counts.contacts > 1;
  s.index.prepare_lookups();
  return !s.index.unique();
}

const ReportOptions& ReportAccumulator::options() const noexcept {
  return state_->options;
}

void ReportAccumulator::add(const ContactView& contact) {
  add(std::span<const ContactView>{&contact, 1});
}

void ReportAccumulator::add(std::span<const Contact> contacts) {
  const std::vector<ContactView> views(contacts.begin(), contacts.end());
  add(views);
}

void ReportAccumulator::add(std::span<const ContactView> contacts) {
  State& s = *state_;
  // Everything but FCR contact by contact; FCR for the whole span at the end, with the FCR
  // group number and counted flag of each contact.
  FcrAccumulator& fcr = s.fcr();
  std::vector<std::uint32_t>& fcr_groups = s.fcr_groups;
  std::vector<std::uint8_t>& fcr_counted = s.fcr_counted;
  fcr_groups.clear();
  fcr_counted.clear();
  try {
    for (const ContactView& contact : contacts) {
      if (!s.in_range(contact.arrived_at)) {
        ++s.counts.contacts;
        ++s.counts.contacts_out_of_range;
        fcr_groups.push_back(s.extra_fcr_id);
        fcr_counted.push_back(0);
        if (s.use_index) s.index.add(id_hash(contact.contact_id), out_of_range_group);
        continue;
      }
      const std::uint32_t g = s.group_of(contact);
      std::optional<sys_days> local_day;
      if (s.options.utc_offset) local_day = sys_days{days{s.local_day(contact.arrived_at)}};
      const std::uint32_t fcr_id = s.fcr_id_of(g);
      if (s.use_index) s.index.add(id_hash(contact.contact_id), g);
      s.groups[g].kpis.add(contact, local_day);
      ++s.counts.contacts;
      fcr_groups.push_back(fcr_id);
      fcr_counted.push_back(1);
    }
  } catch (...) {  // keep FCR in step with the other KPIs: the contacts before this one
    fcr.add(contacts.first(fcr_groups.size()), fcr_groups, fcr_counted);
    throw;
  }
  fcr.add(contacts, fcr_groups, fcr_counted);
}

void ReportAccumulator::add(const InteractionView& interaction) {
  add(std::span<const InteractionView>{&interaction, 1});
}

void ReportAccumulator::add(std::span<const Interaction> interactions) {
  const std::vector<InteractionView> views(interactions.begin(), interactions.end());
  add(views);
}

void ReportAccumulator::add(std::span<const InteractionView> interactions) {
  State& s = *state_;
  s.prepare_routes();
  s.route_all(interactions, s.counts, s.route_hashes, s.route_targets);
  for (std::size_t i = 0; i < interactions.size(); ++i) {
    const std::uint32_t target = s.route_targets[i];
    if (target == to_extra) {
      s.extra.add(interactions[i]);
    } else if (target != to_nowhere) {
      s.groups[target].kpis.add(interactions[i]);
    }
  }
}

void ReportAccumulator::add(const SurveyView& survey) {
  add(std::span<const SurveyView>{&survey, 1});
}

void ReportAccumulator::add(std::span<const Survey> surveys) {
  const std::vector<SurveyView> views(surveys.begin(), surveys.end());
  add(views);
}

void ReportAccumulator::add(std::span<const SurveyView> surveys) {
  State& s = *state_;
  s.prepare_routes();
  s.route_all(surveys, s.counts, s.route_hashes, s.route_targets);
  const bool fcr_surveys = s.options.fcr.method == FcrMethod::survey;
  for (std::size_t i = 0; i < surveys.size(); ++i) {
    const std::uint32_t target = s.route_targets[i];
    if (target == to_nowhere) continue;
    (target == to_extra ? s.extra : s.groups[target].kpis).add(surveys[i]);
    if (fcr_surveys) s.fcr().add(surveys[i], s.fcr_id_of_target(target));
  }
}

void ReportAccumulator::add(const Segment& segment) {
  ++state_->counts.segments;
  state_->segments.push_back(segment);
}

void ReportAccumulator::merge(const ReportAccumulator& other) {
  merge_from(other);
}

void ReportAccumulator::merge(ReportAccumulator&& other) {
  merge_from(std::move(other));
}

template <class Other>
void ReportAccumulator::merge_from(Other&& other) {
  constexpr bool consume = !std::is_const_v<std::remove_reference_t<Other>>;
  State& s = *state_;
  auto& o = *other.state_;
  if (&s == &o) throw std::invalid_argument("ReportAccumulator::merge: cannot merge with itself");
  if (s.parts != o.parts) {
    throw std::invalid_argument("ReportAccumulator::merge: different number of parts");
  }
  // Map the other side's groups onto ours (by key) and check the FCR numbers first, so that
  // a clash throws before anything has changed.
  std::vector<std::uint32_t> map(o.groups.size(), no_group);
  std::unordered_map<std::uint32_t, std::uint32_t> pending;  // FCR number → our group
  auto next_new = static_cast<std::uint32_t>(s.groups.size());
  for (std::size_t i = 0; i < o.groups.size(); ++i) {
    const auto it = s.group_of_code.find(std::string_view{o.groups[i].code});
    map[i] = it != s.group_of_code.end() ? it->second : next_new++;
  }
  for (const auto& [id, og] : o.fcr_owner) {
    const std::uint32_t ours = map[og];
    const auto it = s.fcr_owner.find(id);
    if (it != s.fcr_owner.end() && it->second != ours) {
      throw std::invalid_argument(
          "ReportAccumulator::merge: FCR group numbers clash; make the parts with make_parts()");
    }
    pending.emplace(id, ours);
  }

  // A big FCR merge (it renumbers every customer id of the other side) runs on a thread of
  // its own, taking the other side's FCR state with it: the groups merge here meanwhile
  // (their contact rates renumber customer ids too), and the interactions and surveys may
  // load (see fcr_task).
  constexpr std::int64_t parallel_fcr_from = 1 << 16;  // contacts on the other side
  bool fcr_in_background = false;
  if constexpr (consume) {
    if (o.counts.contacts >= parallel_fcr_from && std::thread::hardware_concurrency() > 1) {
      FcrAccumulator& mine = s.fcr();
      s.fcr_task = std::async(std::launch::async, [&mine, theirs = std::move(o.fcr())]() mutable {
                     mine.merge(std::move(theirs));
                   }).share();
      fcr_in_background = true;
    }
  }
  for (std::size_t i = 0; i < o.groups.size(); ++i) {
    const auto& og = o.groups[i];
    if (map[i] == s.groups.size()) s.create_group(og.code, og.key);
    s.groups[map[i]].kpis.merge(og.kpis);
  }
  for (const auto& [id, ours] : pending) s.fcr_owner.emplace(id, ours);
  if (o.part == s.part) s.next_slot = std::max(s.next_slot, o.next_slot);
  s.extra.merge(o.extra);

  const auto map_group = [&map](std::uint32_t g) {
    return g != out_of_range_group && g != no_group ? map[g] : g;
  };
  if constexpr (consume) {
    s.index.append(std::move(o.index), map_group);
    if (!fcr_in_background) s.fcr().merge(std::move(o.fcr()));
  } else {
    s.fcr().merge(o.fcr_read());
    ContactIndex copy = o.index;
    s.index.append(std::move(copy), map_group);
  }
  s.use_index = s.use_index || o.use_index;
  s.segments.insert(s.segments.end(), o.segments.begin(), o.segments.end());

  add_counts(s.counts, o.counts);
  // Merging the last part (as make_parts() users do: parts 1..N-1 into part 0) means the
  // lookups of interactions and surveys come next: sort the index for them now, while the
  // FCR merge runs on the other thread, and queue FCR's repeat check behind that merge (it
  // then runs while the index is sorted, where one core had nothing else to do, and on
  // during the interactions). Otherwise, or if contacts follow after all, the first lookup
  // sorts the index as usual, and the next change to FCR drops the outcomes computed ahead.
  if (fcr_in_background && o.part + 1 == s.parts) {
    s.start_fcr_outcomes();
    s.index.prepare_lookups();
  }
}

// ---- feeders ----------------------------------------------------------------------------
struct ReportAccumulator::Feeder::State {
  explicit State(const ReportAccumulator::State& r) : report{&r}, extra{r.options} {}

  // The sums of a route target, made on first use (out of line: the usual call is two
  // compares and an index).
  FollowUpKpis& kpis(std::uint32_t target) {
    if (target == to_extra) return extra;
    if (groups.size() <= target) grow_groups(target);
    return groups[target];
  }
  [[gnu::noinline]] void grow_groups(std::uint32_t target) {
    groups.resize(std::size_t{target} + 1, FollowUpKpis{report->options});
  }
  // The FCR survey counts of a route target (survey method only).
  Ratio& fcr_surveys(std::uint32_t target) {
    if (target == to_extra) return extra_fcr_surveys;
    if (group_fcr_surveys.size() <= target) group_fcr_surveys.resize(std::size_t{target} + 1);
    return group_fcr_surveys[target];
  }

  const ReportAccumulator::State* report;
  std::vector<FollowUpKpis> groups;  // by the report's group index
  FollowUpKpis extra;
  std::vector<Ratio> group_fcr_surveys;
  Ratio extra_fcr_surveys;
  ReportCounts counts{};
  std::vector<std::uint64_t> route_hashes;  // route_all()'s scratch
  std::vector<std::uint32_t> route_targets;
};

ReportAccumulator::Feeder::Feeder(std::unique_ptr<State> state) : state_{std::move(state)} {}
ReportAccumulator::Feeder::~Feeder() = default;
ReportAccumulator::Feeder::Feeder(Feeder&&) noexcept = default;
ReportAccumulator::Feeder& ReportAccumulator::Feeder::operator=(Feeder&&) noexcept = default;

void ReportAccumulator::Feeder::add(const InteractionView& interaction) {
  add(std::span<const InteractionView>{&interaction, 1});
}

void ReportAccumulator::Feeder::add(std::span<const Interaction> interactions) {
  const std::vector<InteractionView> views(interactions.begin(), interactions.end());
  add(views);
}

void ReportAccumulator::Feeder::add(std::span<const InteractionView> interactions) {
  State& f = *state_;
  f.report->route_all(interactions, f.counts, f.route_hashes, f.route_targets);
  for (std::size_t i = 0; i < interactions.size(); ++i) {
    const std::uint32_t target = f.route_targets[i];
    if (target != to_nowhere) f.kpis(target).add(interactions[i]);
  }
}

void ReportAccumulator::Feeder::add(const SurveyView& survey) {
  add(std::span<const SurveyView>{&survey, 1});
}

void ReportAccumulator::Feeder::add(std::span<const Survey> surveys) {
  const std::vector<SurveyView> views(surveys.begin(), surveys.end());
  add(views);
}

void ReportAccumulator::Feeder::add(std::span<const SurveyView> surveys) {
  State& f = *state_;
  f.report->route_all(surveys, f.counts, f.route_hashes, f.route_targets);
  const bool fcr_surveys = f.report->options.fcr.method == FcrMethod::survey;
  for (std::size_t i = 0; i < surveys.size(); ++i) {
    const std::uint32_t target = f.route_targets[i];
    if (target == to_nowhere) continue;
    const SurveyView& survey = surveys[i];
    f.kpis(target).add(survey);
    if (!fcr_surveys) continue;
    Ratio& r = f.fcr_surveys(target);
    if (survey.resolved) {
      ++r.denominator;
      if (*survey.resolved) ++r.numerator;
    }
  }
}

ReportAccumulator::Feeder ReportAccumulator::feeder() {
  state_->prepare_routes();
  return Feeder{std::make_unique<Feeder::State>(*state_)};
}

void ReportAccumulator::merge(Feeder&& feeder) {
  State& s = *state_;
  if (!feeder.state_ || feeder.state_->report != &s) {
    throw std::invalid_argument("ReportAccumulator::merge: the feeder belongs to another report");
  }
  Feeder::State& f = *feeder.state_;
  for (std::size_t g = 0; g < f.groups.size(); ++g)
    s.groups[g].kpis.FollowUpKpis::merge(f.groups[g]);
  s.extra.FollowUpKpis::merge(f.extra);
  // Survey method only (the counts stay empty otherwise); zero counts change nothing.
  for (std::size_t g = 0; g < f.group_fcr_surveys.size(); ++g) {
    s.fcr().add_counts(f.group_fcr_surveys[g], s.fcr_id_of_target(static_cast<std::uint32_t>(g)));
  }
  if (s.options.fcr.method == FcrMethod::survey) {
    s.fcr().add_counts(f.extra_fcr_surveys, s.extra_fcr_id);
  }
  add_counts(s.counts, f.counts);
  feeder.state_.reset();
}

ReportResult ReportAccumulator::result() const {
  const State& s = *state_;
  ReportResult out;
  out.dimensions = s.options.group_by;
  out.counts = s.counts;
  out.counts.unmatched_checked = s.use_index;
  const FcrAccumulator& fcr = s.fcr_read();
  out.fcr_as_of = fcr.as_of();

  // One repeat check (a sort of every FCR entry) serves both the groups and the whole: every
  // entry carries an FCR group number, so the numbers' outcomes add up to the pooled outcome.
  // (Computed ahead when the routes were prepared, unless contacts came after.)
  const std::vector<FcrOutcome> fcr_by_number =
      s.fcr_outcomes.valid() ? std::shared_future{s.fcr_outcomes}.get() : fcr.results_by_group();
  std::vector<FcrOutcome> fcr_by_group(s.groups.size());
  for (const auto& [id, group] : s.fcr_owner) {
    if (id < fcr_by_number.size()) fcr_by_group[group] += fcr_by_number[id];
  }
  FcrOutcome fcr_whole;
  for (const FcrOutcome& o : fcr_by_number) fcr_whole += o;

  GroupKpis whole = s.extra;
  for (const auto& g : s.groups) whole.merge(g.kpis);
  const bool net = s.options.contact_rate.net;
  const std::vector<Segment> segments = s.segments_in_range();
  out.overall = kpi_results(whole, fcr_whole, segments, net, true);

  if (!s.options.group_by.empty()) {
    out.groups.reserve(s.groups.size());
    for (std::size_t i = 0; i < s.groups.size(); ++i) {
      out.groups.push_back(GroupResult{
          s.groups[i].key, kpi_results(s.groups[i].kpis, fcr_by_group[i], segments, net, false)});
    }
    std::sort(out.groups.begin(), out.groups.end(),
              [](const GroupResult& a, const GroupResult& b) { return a.key < b.key; });
  }
  return out;
}

}  // namespace contactkpi
