// SPDX-License-Identifier: MIT
#include "contactkpi/fcr.hpp"

#include <algorithm>
#include <future>
#include <limits>
#include <span>
#include <stdexcept>
#include <thread>
#include <vector>

#include "contactkpi/detail/prefetch.hpp"
#include "detail/text.hpp"

namespace contactkpi {

namespace {

using detail::Interner;

// Entry::group_flags: group << 2 | flags; the group part all ones when the group is in long_.
constexpr std::uint8_t candidate_flag = 1;  // handled inbound counted contact
constexpr std::uint8_t clean_flag = 2;      // not transferred, resolved != false
constexpr std::uint32_t flag_bits = 2;
constexpr std::uint32_t group_in_long = std::numeric_limits<std::uint32_t>::max() >> flag_bits;
// Entry::span: ended_at − arrived_at in µs below 2^31; whole seconds (below 2^30) with the
// top bits 10; the index of a Long entry with the top bits 11.
constexpr std::uint32_t seconds_tag = 2U << 30U;
constexpr std::uint32_t long_tag = 3U << 30U;
constexpr std::uint32_t payload_mask = (1U << 30U) - 1;
constexpr std::int64_t us_per_s = 1'000'000;

constexpr std::int64_t never = std::numeric_limits<std::int64_t>::max();

[[nodiscard]] constexpr std::int64_t saturating_add(std::int64_t a, std::int64_t b) noexcept {
  // b >= 0 here (the window is clamped), so only overflow upwards is possible.
  return a > never - b ? never : a + b;
}

[[nodiscard]] constexpr Ratio one_outcome(bool success) noexcept {
  return {.numerator = success ? 1 : 0, .denominator = 1};
}

/// A stable counting sort: the values that each(f) visits (calling f(value) for each, twice),
/// by key(value) < keys, into `out`. Afterwards ends[k] is where key k's values end in `out`:
/// they are out[ends[k − 1] .. ends[k]) (from 0 for k = 0).
template <class T, class Each, class Key>
void counting_sort(std::size_t keys, Each each, Key key, std::vector<T>& out,
                   std::vector<std::uint32_t>& ends) {
  ends.assign(keys + 1, 0);
  each([&](const T& v) { ++ends[key(v) + 1]; });
  for (std::size_t k = 1; k <= keys; ++k) ends[k] += ends[k - 1];
  out.resize(ends[keys]);
  each([&](const T& v) { out[ends[key(v)]++] = v; });  // ends[k]: key k's start, then end
}

[[nodiscard]] constexpr std::int64_t us(Timestamp t) noexcept {
  return t.time_since_epoch().count();
}

}  // namespace

std::string_view to_string(FcrMethod method) noexcept {
  switch (method) {
    case FcrMethod::repeat_window:
      return "repeat-window";
    case FcrMethod::agent_flag:
      return "agent-flag";
    case FcrMethod::survey:
      return "survey";
  }
  return "repeat-window";
}

std::optional<FcrMethod> parse_fcr_method(std::string_view text) noexcept {
  for (const auto method : {FcrMethod::repeat_window, FcrMethod::agent_flag, FcrMethod::survey}) {
    if (detail::iequals(text, to_string(method))) return method;
  }
  return std::nullopt;
}

void FcrAccumulator::note_group(std::uint32_t group) noexcept {
  group_count_ = std::max(group_count_, std::size_t{group} + 1);
}

void FcrAccumulator::count_direct(std::uint32_t group, const Ratio& counts) {
  if (direct_.size() <= group) direct_.resize(std::size_t{group} + 1);
  direct_[group].ratio += counts;
}

bool FcrAccumulator::make_entry(const ContactView& contact, std::uint32_t group, bool counted,
                                Entry& entry) {
  note_group(group);
  Timestamp latest = std::max(contact.arrived_at, contact.ended_at);
  if (contact.answered_at) latest = std::max(latest, *contact.answered_at);
  if (!latest_ || *latest_ < latest) latest_ = latest;

  if (!contact.is_inbound()) return false;  // outbound contacts are never candidates nor repeats
  const bool candidate = counted && contact.is_handled();
  const bool clean = !contact.transferred && contact.resolved != false;

  switch (options_.method) {
    case FcrMethod::survey:
      return false;
    case FcrMethod::agent_flag:
      if (candidate) {
        count_direct(group, one_outcome(contact.resolved == true && !contact.transferred));
      }
      return false;
    case FcrMethod::repeat_window:
      break;
  }
  // Without a customer a contact can neither have nor be a repeat: keep it only if counted.
  if (contact.customer_id.empty() && !candidate) return false;
  entry.arrived_us = us(contact.arrived_at);
  entry.customer = Interner::npos;
  entry.reason =
      contact.reason.empty() ? Interner::npos : reason_memo_.intern(reasons_, contact.reason);
  const auto flags = static_cast<std::uint8_t>((candidate ? candidate_flag : 0) |
                                               (candidate && clean ? clean_flag : 0));
  // The usual case inline: a duration from 0 to 2^31 µs (about 36 minutes), a small group
  // (a negative duration is 2^63 or more as unsigned).
  std::int64_t span = 0;
  const bool overflow = __builtin_sub_overflow(us(contact.ended_at), entry.arrived_us, &span);
  if (!overflow && static_cast<std::uint64_t>(span) < seconds_tag && group < group_in_long)
      [[likely]] {
    entry.group_flags = (group << flag_bits) | flags;
    entry.span = static_cast<std::uint32_t>(span);
  } else {
    set_end(entry, us(contact.ended_at), group, flags);
  }
  return true;
}

void FcrAccumulator::set_end(Entry& entry, std::int64_t ended_us, std::uint32_t group,
                             std::uint8_t flags) {
  std::int64_t d = 0;
  const bool fits = !__builtin_sub_overflow(ended_us, entry.arrived_us, &d) && d >= 0;
  if (group < group_in_long && fits && d % us_per_s == 0 &&
      d / us_per_s <= std::int64_t{payload_mask}) {
    entry.group_flags = (group << flag_bits) | flags;
    entry.span = seconds_tag | static_cast<std::uint32_t>(d / us_per_s);
    return;
  }
  // Rare: a long contact with a fraction of a second, a negative duration, a huge group.
  if (long_.size() > payload_mask)
    throw std::length_error{"FcrAccumulator: too many long contacts"};
  entry.group_flags = (group_in_long << flag_bits) | flags;
  entry.span = long_tag | static_cast<std::uint32_t>(long_.size());
  long_.push_back({ended_us, group});
}

std::int64_t FcrAccumulator::ended_us(const Entry& entry) const noexcept {
  if (entry.span < seconds_tag) return entry.arrived_us + std::int64_t{entry.span};
  if (entry.span < long_tag)
    return entry.arrived_us + std::int64_t{entry.span & payload_mask} * us_per_s;
  return long_[entry.span & payload_mask].ended_us;
}

std::uint32_t FcrAccumulator::group_of(const Entry& entry) const noexcept {
  const std::uint32_t group = entry.group_flags >> flag_bits;
  return group != group_in_long ? group : long_[entry.span & payload_mask].group;
}

void FcrAccumulator::adopt(Entry& entry, const FcrAccumulator& other,
                           const std::vector<std::uint32_t>& customers,
                           const std::vector<std::uint32_t>& reasons) {
  if (entry.customer != Interner::npos) entry.customer = customers[entry.customer];
  if (entry.reason != Interner::npos) entry.reason = reasons[entry.reason];
  if (entry.span >= long_tag) {
    if (long_.size() > payload_mask) {
      throw std::length_error{"FcrAccumulator: too many long contacts"};
    }
    long_.push_back(other.long_[entry.span & payload_mask]);
    entry.span = long_tag | static_cast<std::uint32_t>(long_.size() - 1);
  }
}

void FcrAccumulator::store(const Entry& entry) {
  if (entry.customer == Interner::npos) {
    customerless_.push_back(entry);
    return;
  }
  pending_.push_back(entry);
  if (pending_.size() >= pending_limit) flush();
}

void FcrAccumulator::flush() {
  if (pending_.empty()) return;
  // Every pending customer id is below customers_.size().
  const std::size_t count = ((customers_.size() - 1) >> bucket_shift) + 1;
  if (buckets_.size() < count) buckets_.resize(count);
  std::vector<std::uint32_t> end;
  counting_sort(
      count, [this](auto f) { std::for_each(pending_.begin(), pending_.end(), f); },
      [](const Entry& e) { return e.customer >> bucket_shift; }, flushed_, end);
  std::uint32_t from = 0;
  for (std::size_t b = 0; b < count; ++b) {
    if (end[b] != from) buckets_[b].append(flushed_.data() + from, end[b] - from);
    from = end[b];
  }
  pending_.clear();
}

void FcrAccumulator::add(const ContactView& contact, std::uint32_t group, bool counted) {
  Entry entry{};
  if (!make_entry(contact, group, counted, entry)) return;
  if (!contact.customer_id.empty()) entry.customer = customers_.intern(contact.customer_id);
  store(entry);
}

void FcrAccumulator::add(std::span<const Contact> contacts, std::span<const std::uint32_t> groups,
                         std::span<const std::uint8_t> counted) {
  const std::vector<ContactView> views(contacts.begin(), contacts.end());
  add(views, groups, counted);
}

void FcrAccumulator::add(std::span<const ContactView> contacts,
                         std::span<const std::uint32_t> groups,
                         std::span<const std::uint8_t> counted) {
  if (groups.size() != contacts.size() || counted.size() != contacts.size()) {
    throw std::invalid_argument("FcrAccumulator::add: spans of different sizes");
  }
  if (contacts.size() == 1) {  // nothing to gain from the bulk lookup
    add(contacts[0], groups[0], counted[0] != 0);
    return;
  }
  // Entries first, straight into pending_ (at most pending_limit contacts at a time), their
  // customers looked up together after (intern_all prefetches).
  std::vector<std::string_view> keys;
  keys.reserve(std::min(contacts.size(), pending_limit));
  // The reason's bytes (in a cache line of the Contact nothing before FCR reads, or on the
  // heap) are fetched a few contacts ahead: missing them was most of make_entry's time.
  constexpr std::size_t ahead = 8;
  for (std::size_t base = 0; base < contacts.size(); base += pending_limit) {
    const std::size_t stop = std::min(contacts.size(), base + pending_limit);
    const std::size_t first = pending_.size();
    keys.clear();
    for (std::size_t i = base; i < stop; ++i) {
      if (i + ahead < contacts.size()) detail::prefetch(contacts[i + ahead].reason.data());
      Entry entry{};
      if (!make_entry(contacts[i], groups[i], counted[i] != 0, entry)) continue;
      if (contacts[i].customer_id.empty()) {
        customerless_.push_back(entry);
      } else {
        keys.push_back(contacts[i].customer_id);
        pending_.push_back(entry);
      }
    }
    std::vector<std::uint32_t> ids(keys.size());
    customers_.intern_all(keys, ids);
    for (std::size_t k = 0; k < keys.size(); ++k) pending_[first + k].customer = ids[k];
    if (pending_.size() >= pending_limit) flush();
  }
}

void FcrAccumulator::add(const SurveyView& survey, std::uint32_t group) {
  note_group(group);
  if (options_.method != FcrMethod::survey || !survey.resolved) return;
  count_direct(group, one_outcome(*survey.resolved));
}

void FcrAccumulator::add_counts(const Ratio& counts, std::uint32_t group) {
  note_group(group);
  if (options_.method != FcrMethod::repeat_window) count_direct(group, counts);
}

void FcrAccumulator::merge_counts(const FcrAccumulator& other) {
  group_count_ = std::max(group_count_, other.group_count_);
  if (other.latest_ && (!latest_ || *latest_ < *other.latest_)) latest_ = other.latest_;
  if (direct_.size() < other.direct_.size()) direct_.resize(other.direct_.size());
  for (std::size_t g = 0; g < other.direct_.size(); ++g) direct_[g] += other.direct_[g];
}

void FcrAccumulator::merge(const FcrAccumulator& other) {
  if (&other == this) {  // the loops below read what they extend
    // NOLINTNEXTLINE(performance-unnecessary-copy-initialization): a snapshot of *this
    const FcrAccumulator copy = other;
    merge(copy);
    return;
  }
  merge_counts(other);
  const auto customer_map = customers_.absorb(other.customers_);
  const auto reason_map = reasons_.absorb(other.reasons_);
  const auto copy_in = [&](Entry e) {
    adopt(e, other, customer_map, reason_map);
    store(e);
  };
  for (const Bucket& bucket : other.buckets_) bucket.for_each(copy_in);
  for (const Entry& e : other.pending_) copy_in(e);
  other.customerless_.for_each(copy_in);
}

void FcrAccumulator::merge(FcrAccumulator&& other) {
  if (&other == this) {
    merge(static_cast<const FcrAccumulator&>(other));
    return;
  }
  merge_counts(other);
  const auto customer_map = customers_.absorb(other.customers_);
  const auto reason_map = reasons_.absorb(other.reasons_);
  other.customers_ = {};
  other.reasons_ = {};
  // The other side's customers have this side's ids now, which put their entries in other
  // buckets: each is stored again, and the other side's chunks are freed as they are read.
  const auto move_in = [&](Entry& e) {
    adopt(e, other, customer_map, reason_map);
    store(e);
  };
  for (Bucket& bucket : other.buckets_) bucket.drain(move_in);
  for (Entry& e : other.pending_) move_in(e);
  other.customerless_.drain(move_in);
  other.buckets_ = {};
  other.pending_ = {};
  other.flushed_ = {};
  other.long_ = {};
}

std::optional<Timestamp> FcrAccumulator::as_of() const noexcept {
  return options_.as_of ? options_.as_of : latest_;
}

std::vector<FcrOutcome> FcrAccumulator::results_by_group() const {
  std::vector<FcrOutcome> out(group_count_);
  if (options_.method != FcrMethod::repeat_window) {
    for (std::size_t g = 0; g < direct_.size(); ++g) out[g] = direct_[g];
    return out;
  }
  const auto cutoff = as_of();
  if (!cutoff) return out;  // no contacts at all
  const std::int64_t as_of_us = us(*cutoff);
  const std::int64_t window_us = std::max<std::int64_t>(0, options_.window.count());

  // Judges candidate `x`, whose earliest possible repeat arrived at `first_repeat` (never
  // when none), into `outcomes`.
  const auto judge = [&](std::vector<FcrOutcome>& outcomes, const Entry& x,
                         std::int64_t first_repeat) {
    if ((x.group_flags & candidate_flag) == 0) return;
    FcrOutcome& outcome = outcomes[group_of(x)];
    const std::int64_t window_end = saturating_add(ended_us(x), window_us);
    std::int64_t limit = window_end;
    if (window_end > as_of_us) {  // open window
      if (!options_.include_open) {
        ++outcome.open_windows;
        return;
      }
      limit = as_of_us;
    }
    ++outcome.ratio.denominator;
    if ((x.group_flags & clean_flag) != 0 && first_repeat > limit) ++outcome.ratio.numerator;
  };

  // Contacts without a customer can have no repeat: judged right away.
  customerless_.for_each([&](const Entry& e) { judge(out, e, never); });

  // The others a bucket at a time (the pending ones with their buckets): a counting sort of
  // the bucket's entries by customer (on the low bucket_shift bits of the id) into `mine`,
  // which keeps entry order within a customer, then one backward pass per customer, its
  // few contacts sorted by arrival first, over blocks of equal arrived_at: a block is
  // judged against the contacts after it (strictly later arrivals), then becomes "after"
  // for the blocks before it. For each candidate the earliest later arrival that can be a
  // repeat is the earliest of: any later contact (no reason matching, or the candidate's
  // reason is unknown); else a later contact with unknown reason or with the same reason.
  // same_reason[r] holds, for reason r, (customer, earliest later arrival); the customer
  // stamp makes stale values from other customers invisible without clearing the table.
  // What a bucket's check reads and writes is the bucket's (L2-sized); until session 9 a
  // permutation of all the entries had the check fetch each entry from anywhere in them, a
  // TLB and a cache miss per entry.
  const std::size_t bucket_count =
      customers_.size() == 0 ? 0 : ((customers_.size() - 1) >> bucket_shift) + 1;
  // The pending entries by bucket: bucket b's are pending[pending_end[b − 1] .. pending_end[b]).
  std::vector<Entry> pending;
  std::vector<std::uint32_t> pending_end;
  counting_sort(
      bucket_count, [this](auto f) { std::for_each(pending_.begin(), pending_.end(), f); },
      [](const Entry& e) { return e.customer >> bucket_shift; }, pending, pending_end);
  const auto bucket_of = [&](std::size_t b) -> const Bucket* {
    return b < buckets_.size() ? &buckets_[b] : nullptr;
  };
  const auto pending_of = [&](std::size_t b) {
    const std::uint32_t from = b == 0 ? 0 : pending_end[b - 1];
    return std::span<const Entry>{pending.data() + from, pending_end[b] - from};
  };

  struct Seen {
    std::uint32_t customer = Interner::npos;
    std::int64_t arrived_us = never;
  };
  const bool match_reason = options_.match_reason;
  constexpr std::size_t per_bucket = std::size_t{1} << bucket_shift;
  constexpr std::size_t mask = per_bucket - 1;
  const auto by_arrival = [](const Entry& a, const Entry& b) {
    return a.arrived_us < b.arrived_us;
  };
  // Buckets [first_bucket, last_bucket) into `outcomes`.
  const auto pass = [&](std::size_t first_bucket, std::size_t last_bucket,
                        std::vector<FcrOutcome>& outcomes) {
    std::vector<Seen> same_reason(match_reason ? reasons_.size() : 0);
    // starts[k]: where customer k of the bucket ends in `mine` (counting_sort()).
    std::vector<std::uint32_t> starts;
    std::vector<Entry> mine;
    for (std::size_t b = first_bucket; b < last_bucket; ++b) {
      const Bucket* const bucket = bucket_of(b);
      const std::span<const Entry> waiting = pending_of(b);
      const auto each = [&](auto f) {
        if (bucket != nullptr) bucket->for_each(f);
        for (const Entry& e : waiting) f(e);
      };
      counting_sort(
          per_bucket, each, [](const Entry& e) { return e.customer & mask; }, mine, starts);
      // Now customer k's entries are mine[starts[k − 1] .. starts[k]) (from 0 for k = 0).
      std::uint32_t from = 0;
      for (std::size_t k = 0; k < per_bucket; ++k) {
        const std::uint32_t to = starts[k];
        if (to == from) continue;
        const auto first = mine.begin() + from;
        const auto last = mine.begin() + to;
        from = to;
        if (last - first == 1) {  // a customer's only contact has no repeat
          judge(outcomes, *first, never);
          continue;
        }
        // Usually sorted already (files in time order give entries in arrival order): a
        // check is cheaper than std::sort's mispredictions.
        if (!std::is_sorted(first, last, by_arrival)) std::sort(first, last, by_arrival);
        const std::uint32_t customer = first->customer;
        std::int64_t next_any = never;
        std::int64_t next_unknown = never;
        auto end = last;
        while (end != first) {
          const std::int64_t arrived = (end - 1)->arrived_us;
          auto begin = end - 1;
          while (begin != first && (begin - 1)->arrived_us == arrived) --begin;
          for (auto it = begin; it != end; ++it) {
            std::int64_t first_repeat = next_any;
            if (match_reason && it->reason != Interner::npos) {
              const Seen& same = same_reason[it->reason];
              first_repeat =
                  std::min(next_unknown, same.customer == customer ? same.arrived_us : never);
            }
            judge(outcomes, *it, first_repeat);
          }
          for (auto it = begin; it != end; ++it) {
            next_any = arrived;
            if (it->reason == Interner::npos) {
              next_unknown = arrived;
            } else if (match_reason) {
              same_reason[it->reason] = Seen{customer, arrived};
            }
          }
          end = begin;
        }
      }
    }
  };

  // With many entries, two threads take half of the buckets each, split where half of the
  // entries are behind. Counts are integers, so the split does not change the result.
  constexpr std::size_t parallel_from = std::size_t{1} << 18;
  std::vector<std::size_t> bucket_end(bucket_count);  // the entries of buckets 0..b
  std::size_t n = 0;
  for (std::size_t b = 0; b < bucket_count; ++b) {
    const Bucket* const bucket = bucket_of(b);
    n += (bucket != nullptr ? bucket->size() : 0) + pending_of(b).size();
    bucket_end[b] = n;
  }
  if (n >= parallel_from && bucket_count > 1 && std::thread::hardware_concurrency() > 1) {
    const auto mid = static_cast<std::size_t>(
        std::lower_bound(bucket_end.begin(), bucket_end.end(), n / 2) - bucket_end.begin());
    std::vector<FcrOutcome> first_half(out.size());
    auto worker = std::async(std::launch::async, [&] { pass(0, mid, first_half); });
    pass(mid, bucket_count, out);
    worker.get();
    for (std::size_t g = 0; g < out.size(); ++g) out[g] += first_half[g];
  } else {
    pass(0, bucket_count, out);
  }
  return out;
}

FcrOutcome FcrAccumulator::result() const {
  FcrOutcome total;
  for (const auto& outcome : results_by_group()) total += outcome;
  return total;
}

FcrOutcome first_contact_resolution(std::span<const Contact> contacts, const FcrOptions& options,
                                    std::span<const Survey> surveys) {
  FcrAccumulator acc{options};
  for (const auto& contact : contacts) acc.add(contact);
  for (const auto& survey : surveys) acc.add(survey);
  return acc.result();
}

}  // namespace contactkpi
