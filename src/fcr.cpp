// SPDX-License-Identifier: MIT
#include "contactkpi/fcr.hpp"

#include <algorithm>
#include <future>
#include <limits>
#include <span>
#include <stdexcept>
#include <thread>
#include <vector>

#include "contactkpi/detail/big_blocks.hpp"
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

void FcrAccumulator::add(const ContactView& contact, std::uint32_t group, bool counted) {
  Entry entry{};
  if (!make_entry(contact, group, counted, entry)) return;
  if (!contact.customer_id.empty()) entry.customer = customers_.intern(contact.customer_id);
  entries_.push_back(entry);
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
  // Entries first, their customers looked up together after (intern_all prefetches).
  std::vector<std::string_view> keys;
  std::vector<Entry*> where;  // the entry of keys[k] (entries never move: chunked_vector.hpp)
  keys.reserve(contacts.size());
  where.reserve(contacts.size());
  // The reason's bytes (in a cache line of the Contact nothing before FCR reads, or on the
  // heap) are fetched a few contacts ahead: missing them was most of make_entry's time.
  constexpr std::size_t ahead = 8;
  for (std::size_t i = 0; i < contacts.size(); ++i) {
    if (i + ahead < contacts.size()) detail::prefetch(contacts[i + ahead].reason.data());
    Entry entry{};
    if (!make_entry(contacts[i], groups[i], counted[i] != 0, entry)) continue;
    Entry& stored = entries_.push_back(entry);
    if (!contacts[i].customer_id.empty()) {
      keys.push_back(contacts[i].customer_id);
      where.push_back(&stored);
    }
  }
  std::vector<std::uint32_t> ids(keys.size());
  customers_.intern_all(keys, ids);
  for (std::size_t k = 0; k < keys.size(); ++k) where[k]->customer = ids[k];
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
  other.entries_.for_each([&](Entry e) {
    adopt(e, other, customer_map, reason_map);
    entries_.push_back(e);
  });
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
  other.entries_.for_each_mutable([&](Entry& e) { adopt(e, other, customer_map, reason_map); });
  entries_.append(std::move(other.entries_));
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

  // Order the entries by (customer, arrived_at) through a permutation, not a sorted copy:
  // 4 bytes per entry instead of 24. Customer ids are dense (0..customers − 1), so a
  // counting sort groups them in O(n + customers); then each customer's few contacts are
  // sorted by arrival. Contacts without a customer can have no repeat: judged right away.
  // With many entries, two threads count and place one half of the entries each (the
  // first half's entries of a customer before the second half's, so `order` keeps entry
  // order within a customer, as with one thread).
  // Customers are independent too: the judging below is split the same way. Counts are
  // integers, so the split does not change the result.
  constexpr std::size_t parallel_from = std::size_t{1} << 18;
  const std::size_t n = entries_.size();
  const bool parallel = n >= parallel_from && std::thread::hardware_concurrency() > 1;
  const std::size_t parts = parallel ? 2 : 1;
  const auto part_range = [&](std::size_t p) {
    return std::pair{n / parts * p, p + 1 == parts ? n : n / parts * (p + 1)};
  };
  // Runs f(0) on a second thread and f(1) here, or f(0) here alone.
  const auto on_parts = [&](auto f) {
    if (parts == 1) return f(0);
    auto first = std::async(std::launch::async, [&] { f(0); });
    f(1);
    first.get();
  };
  const std::size_t customer_count = customers_.size();
  // The scratch arrays, the customers' (12 bytes per customer with two parts) in one block
  // and the entries' (4 bytes each) in another: from 2 MiB on, big blocks freed earlier
  // (big_blocks.hpp) rather than fresh memory.
  using Scratch = std::vector<std::uint32_t, detail::BigBlockAllocator<std::uint32_t>>;
  Scratch scratch((parts + 1) * customer_count + 1, 0);
  const auto piece = [&](std::size_t offset, std::size_t size) {
    return std::span<std::uint32_t>{scratch.data() + offset, size};
  };
  std::vector<std::span<std::uint32_t>> cursor;  // per part: counts, then positions
  for (std::size_t p = 0; p < parts; ++p)
    cursor.push_back(piece(p * customer_count, customer_count));
  std::vector<std::vector<FcrOutcome>> customerless(parts, std::vector<FcrOutcome>(out.size()));
  on_parts([&](std::size_t p) {
    const std::span<std::uint32_t> count = cursor[p];
    const auto [from, to] = part_range(p);
    entries_.for_range(from, to, [&](std::size_t /*i*/, const Entry& e) {
      if (e.customer == Interner::npos) {
        judge(customerless[p], e, never);
      } else {
        ++count[e.customer];
      }
    });
  });
  for (const auto& outcomes : customerless) {
    for (std::size_t g = 0; g < out.size(); ++g) out[g] += outcomes[g];
  }
  // next_slot[c]: where customer c's entries end (customer c + 1's start); the parts'
  // counts become their first positions within each customer.
  const std::span<std::uint32_t> next_slot = piece(parts * customer_count, customer_count + 1);
  std::uint32_t at = 0;
  for (std::size_t c = 0; c < customer_count; ++c) {
    for (std::size_t p = 0; p < parts; ++p) {
      const std::uint32_t k = cursor[p][c];
      cursor[p][c] = at;
      at += k;
    }
    next_slot[c] = at;
  }
  next_slot[customer_count] = at;
  Scratch order_block(at);
  const std::span<std::uint32_t> order{order_block};
  on_parts([&](std::size_t p) {
    const std::span<std::uint32_t> position = cursor[p];
    const auto [from, to] = part_range(p);
    entries_.for_range(from, to, [&](std::size_t i, const Entry& e) {
      if (e.customer != Interner::npos)
        order[position[e.customer]++] = static_cast<std::uint32_t>(i);
    });
  });
  // Now customer c's entries are order[next_slot[c − 1] .. next_slot[c]) (from 0 for c = 0).

  // Customers [first_customer, last_customer) into `outcomes`: sort each one's entries by
  // arrival, then one backward pass per customer over blocks of equal arrived_at: a block is
  // judged against the contacts after it (strictly later arrivals), then becomes "after"
  // for the blocks before it. For each candidate the earliest later arrival that can be a
  // repeat is the earliest of: any later contact (no reason matching, or the candidate's
  // reason is unknown); else a later contact with unknown reason or with the same reason.
  // same_reason[r] holds, for reason r, (customer, earliest later arrival); the customer
  // stamp makes stale values from other customers invisible without clearing the table.
  struct Seen {
    std::uint32_t customer = Interner::npos;
    std::int64_t arrived_us = never;
  };
  const bool match_reason = options_.match_reason;
  const auto pass = [&](std::size_t first_customer, std::size_t last_customer,
                        std::vector<FcrOutcome>& outcomes) {
    std::vector<Seen> same_reason(match_reason ? reasons_.size() : 0);
    std::vector<const Entry*> mine;  // the entries of the customer being judged
    // The entries are in arrival order, a customer's scattered over all of them: fetch the
    // entries of the customer `ahead` places on while this one is judged.
    constexpr std::size_t ahead = 8;
    const auto slots_of = [&](std::size_t c) {
      return std::pair{c == 0 ? std::size_t{0} : std::size_t{next_slot[c - 1]},
                       std::size_t{next_slot[c]}};
    };
    for (std::size_t c = first_customer; c < last_customer; ++c) {
      if (c + ahead < last_customer) {
        const auto [from, to] = slots_of(c + ahead);
        for (std::size_t k = from; k < to; ++k) detail::prefetch(&entries_[order[k]]);
      }
      const auto [from, to] = slots_of(c);
      if (to - from == 1) {  // a customer's only contact has no repeat
        judge(outcomes, entries_[order[from]], never);
        continue;
      }
      // The customer's entries, by address: each is located in its chunk once.
      mine.resize(to - from);
      for (std::size_t k = from; k < to; ++k) mine[k - from] = &entries_[order[k]];
      const auto first = mine.begin();
      const auto last = mine.end();
      // Usually sorted already (files in time order give entries in arrival order, and
      // `order` keeps entry order): a check is cheaper than std::sort's mispredictions.
      const auto by_arrival = [](const Entry* a, const Entry* b) {
        return a->arrived_us < b->arrived_us;
      };
      if (last - first > 1 && !std::is_sorted(first, last, by_arrival)) {
        std::sort(first, last, by_arrival);
      }
      const auto customer = static_cast<std::uint32_t>(c);
      std::int64_t next_any = never;
      std::int64_t next_unknown = never;
      auto end = last;
      while (end != first) {
        const std::int64_t arrived = (*(end - 1))->arrived_us;
        auto begin = end - 1;
        while (begin != first && (*(begin - 1))->arrived_us == arrived) --begin;
        for (auto it = begin; it != end; ++it) {
          const Entry& x = **it;
          std::int64_t first_repeat = next_any;
          if (match_reason && x.reason != Interner::npos) {
            const Seen& same = same_reason[x.reason];
            first_repeat =
                std::min(next_unknown, same.customer == customer ? same.arrived_us : never);
          }
          judge(outcomes, x, first_repeat);
        }
        for (auto it = begin; it != end; ++it) {
          const Entry& y = **it;
          next_any = arrived;
          if (y.reason == Interner::npos) {
            next_unknown = arrived;
          } else if (match_reason) {
            same_reason[y.reason] = Seen{customer, arrived};
          }
        }
        end = begin;
      }
    }
  };

  // The customers split where half of the entries are behind.
  if (parallel) {
    const auto mid_it = std::lower_bound(next_slot.begin(), next_slot.end() - 1,
                                         static_cast<std::uint32_t>(order.size() / 2));
    const auto mid = static_cast<std::size_t>(mid_it - next_slot.begin());
    std::vector<FcrOutcome> first_half(out.size());
    auto worker = std::async(std::launch::async, [&] { pass(0, mid, first_half); });
    pass(mid, customer_count, out);
    worker.get();
    for (std::size_t g = 0; g < out.size(); ++g) out[g] += first_half[g];
  } else {
    pass(0, customer_count, out);
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
