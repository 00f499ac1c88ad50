// SPDX-License-Identifier: MIT
#include "contactkpi/contact_rate.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <stdexcept>
#include <tuple>
#include <utility>

namespace contactkpi {

namespace {

using namespace std::chrono;

// A period as an integer, unique within its kind: the day number, year·12 + month − 1, or
// ISO year·64 + week. Keys are compared only between rows and days of one kind.
using PeriodId = std::int64_t;

struct IsoWeek {
  int year;
  int week;
};

[[nodiscard]] IsoWeek iso_week(sys_days day) noexcept {
  // The ISO week belongs to the year of its Thursday; week 1 holds the year's first Thursday.
  const auto iso_weekday = static_cast<int>(weekday{day}.iso_encoding());  // Mon 1 .. Sun 7
  const sys_days thursday = day + days{4 - iso_weekday};
  const year y = year_month_day{thursday}.year();
  const auto week = static_cast<int>((thursday - sys_days{y / January / 1}).count() / 7 + 1);
  return {static_cast<int>(y), week};
}

[[nodiscard]] int iso_weeks_in(int y) noexcept {
  // December 28th is always in the year's last ISO week.
  return iso_week(sys_days{year{y} / December / 28}).week;
}

[[nodiscard]] PeriodId period_id(sys_days day, PeriodKind kind) noexcept {
  switch (kind) {
    case PeriodKind::all:
      return 0;
    case PeriodKind::day:
      return day.time_since_epoch().count();
    case PeriodKind::week: {
      const IsoWeek w = iso_week(day);
      return PeriodId{w.year} * 64 + w.week;
    }
    case PeriodKind::month: {
      const year_month_day ymd{day};
      return PeriodId{static_cast<int>(ymd.year())} * 12 +
             static_cast<PeriodId>(static_cast<unsigned>(ymd.month())) - 1;
    }
  }
  return 0;
}

// Parses `text[pos, pos + n)` as decimal digits; -1 when any is not a digit.
[[nodiscard]] int digits(std::string_view text, std::size_t pos, std::size_t n) noexcept {
  int value = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

struct ParsedPeriod {
  PeriodKind kind;
  PeriodId id;
};

[[nodiscard]] std::optional<ParsedPeriod> parse_period(std::string_view key) noexcept {
  if (key.empty()) return ParsedPeriod{PeriodKind::all, 0};
  if (key.size() < 7 || key[4] != '-') return std::nullopt;
  const int y = digits(key, 0, 4);
  if (y < 0) return std::nullopt;
  if (key.size() == 8 && key[5] == 'W') {
    const int w = digits(key, 6, 2);
    if (w < 1 || w > iso_weeks_in(y)) return std::nullopt;
    return ParsedPeriod{PeriodKind::week, PeriodId{y} * 64 + w};
  }
  const int m = digits(key, 5, 2);
  if (m < 1 || m > 12) return std::nullopt;
  if (key.size() == 7) return ParsedPeriod{PeriodKind::month, PeriodId{y} * 12 + m - 1};
  if (key.size() != 10 || key[7] != '-') return std::nullopt;
  const int d = digits(key, 8, 2);
  if (d < 1) return std::nullopt;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return ParsedPeriod{PeriodKind::day, sys_days{ymd}.time_since_epoch().count()};
}

// Zero-padded decimal, with a '-' for negative numbers (years before 0000).
void append_padded(std::string& out, int value, int width) {
  if (value < 0) {
    out += '-';
    value = -value;
  }
  std::array<char, 12> buffer{};
  std::size_t n = 0;
  do {
    buffer[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value > 0);
  for (int i = static_cast<int>(n); i < width; ++i) out += '0';
  while (n > 0) out += buffer[--n];
}

[[nodiscard]] std::uint64_t day_key(std::uint32_t segment, std::int32_t day) noexcept {
  return (std::uint64_t{segment} << 32U) | std::uint64_t{static_cast<std::uint32_t>(day)};
}

[[nodiscard]] std::int32_t day_number(sys_days day) noexcept {
  return static_cast<std::int32_t>(day.time_since_epoch().count());
}

[[nodiscard]] Result rate_result(std::int64_t count, std::int64_t customers, bool net) {
  Result r;
  r.unit = Unit::percent;
  r.numerator = static_cast<double>(count);
  r.denominator = static_cast<double>(customers);
  if (customers <= 0) return r;
  const auto n = static_cast<double>(customers);
  const auto k = static_cast<double>(count);
  r.value = 100.0 * k / n;
  if (net) {
    if (count <= customers) {
      if (const auto ci = wilson_interval(count, customers)) {
        r.ci95 = Interval{100.0 * ci->lo, 100.0 * ci->hi};
      }
    }
  } else {
    // Score interval for a Poisson count (the Poisson analogue of Wilson's): the k that
    // solve (k − λ)² = z²·λ, i.e. (k + z²/2 ± z·sqrt(k + z²/4)). Never below 0, and not
    // degenerate at k = 0 (upper end z² = 3.84 contacts), unlike k ± z·sqrt(k).
    constexpr double z = 1.96;
    const double centre = k + z * z / 2.0;
    const double half = z * std::sqrt(k + z * z / 4.0);
    r.ci95 = Interval{std::max(0.0, 100.0 * (centre - half) / n), 100.0 * (centre + half) / n};
  }
  return r;
}

[[noreturn]] void invalid_rows(const std::string& segment, const std::string& what) {
  throw std::invalid_argument("segment sizes: segment \"" + segment + "\": " + what);
}

}  // namespace

std::string period_key(sys_days day, PeriodKind kind) {
  std::string out;
  switch (kind) {
    case PeriodKind::all:
      break;
    case PeriodKind::week: {
      const IsoWeek w = iso_week(day);
      append_padded(out, w.year, 4);
      out += "-W";
      append_padded(out, w.week, 2);
      break;
    }
    case PeriodKind::day:
    case PeriodKind::month: {
      const year_month_day ymd{day};
      append_padded(out, static_cast<int>(ymd.year()), 4);
      out += '-';
      append_padded(out, static_cast<int>(static_cast<unsigned>(ymd.month())), 2);
      if (kind == PeriodKind::day) {
        out += '-';
        append_padded(out, static_cast<int>(static_cast<unsigned>(ymd.day())), 2);
      }
      break;
    }
  }
  return out;
}

std::string period_key(Timestamp t, PeriodKind kind) {
  return period_key(floor<days>(t), kind);
}

std::optional<PeriodKind> period_kind_of(std::string_view key) noexcept {
  if (const auto parsed = parse_period(key)) return parsed->kind;
  return std::nullopt;
}

void ContactRateAccumulator::add(const ContactView& contact) {
  add_on(contact, day_number(floor<days>(contact.arrived_at)));
}

void ContactRateAccumulator::add(const ContactView& contact, sys_days local_day) {
  add_on(contact, day_number(local_day));
}

ContactRateAccumulator::Counts& ContactRateAccumulator::counts_of(std::uint32_t segment,
                                                                  std::int32_t day) {
  const auto [it, inserted] =
      by_day_.try_emplace(day_key(segment, day), static_cast<std::uint32_t>(counts_.size()));
  if (inserted) counts_.emplace_back();
  return counts_[it->second];
}

std::uint32_t ContactRateAccumulator::segment_of(std::string_view name) {
  const std::uint32_t id = segment_memo_.intern(segments_, name);
  if (id >= last_day_.size()) last_day_.resize(std::size_t{id} + 1, {no_day, 0});
  return id;
}

void ContactRateAccumulator::add_on(const ContactView& contact, std::int32_t day) {
  if (!contact.is_inbound()) return;
  // The segment through the memo, then its last day before the map.
  const std::uint32_t segment = segment_of(contact.segment);
  LastDay& last = last_day_[segment];
  if (last.day != day) {
    Counts& first = counts_of(segment, day);
    last = {day, static_cast<std::uint32_t>(&first - counts_.data())};
  }
  Counts& counts = counts_[last.index];
  ++counts.contacts;
  if (contact.customer_id.empty()) {
    ++counts.anonymous;
  } else if (options_.net) {
    customer_days_.push_back({segment, customers_.intern(contact.customer_id), day});
    // Compacting whenever the vector has doubled keeps memory within 2x the distinct
    // triples at an amortised O(log n) per add.
    constexpr std::size_t min_compaction = std::size_t{1} << 16U;
    if (customer_days_.size() >= std::max(2 * compacted_size_, min_compaction)) compact();
  }
}

void ContactRateAccumulator::compact() {
  std::sort(
      customer_days_.begin(), customer_days_.end(), [](const CustomerDay& a, const CustomerDay& b) {
        return std::tie(a.segment, a.customer, a.day) < std::tie(b.segment, b.customer, b.day);
      });
  customer_days_.erase(std::unique(customer_days_.begin(), customer_days_.end()),
                       customer_days_.end());
  compacted_size_ = customer_days_.size();
}

void ContactRateAccumulator::merge(const ContactRateAccumulator& other) {
  if (&other == this) {  // the loops below read what they extend
    // NOLINTNEXTLINE(performance-unnecessary-copy-initialization): a snapshot of *this
    const ContactRateAccumulator copy = other;
    merge(copy);
    return;
  }
  const auto segment_map = segments_.absorb(other.segments_);
  for (const auto& [key, index] : other.by_day_) {
    const auto day = static_cast<std::int32_t>(static_cast<std::uint32_t>(key));
    const Counts& counts = other.counts_[index];
    Counts& mine = counts_of(segment_map[key >> 32U], day);
    mine.contacts += counts.contacts;
    mine.anonymous += counts.anonymous;
  }
  if (other.customer_days_.empty()) return;
  const auto customer_map = customers_.absorb(other.customers_);
  customer_days_.reserve(customer_days_.size() + other.customer_days_.size());
  for (const CustomerDay& t : other.customer_days_) {
    customer_days_.push_back({segment_map[t.segment], customer_map[t.customer], t.day});
  }
  compact();
}

std::vector<SegmentRate> ContactRateAccumulator::results(std::span<const Segment> segments) const {
  // ---- validate the rows into one plan per segment name
  struct Plan {
    PeriodKind kind = PeriodKind::all;
    std::vector<std::pair<PeriodId, std::string_view>> periods;  // id, key (for messages)
    std::int64_t customers = 0;
    [[nodiscard]] bool covers(PeriodId id) const {
      const auto it = std::lower_bound(periods.begin(), periods.end(), id,
                                       [](const auto& p, PeriodId v) { return p.first < v; });
      return it != periods.end() && it->first == id;
    }
  };
  std::map<std::string, Plan, std::less<>> plans;
  for (const Segment& row : segments) {
    const auto parsed = parse_period(row.period);
    if (!parsed) invalid_rows(row.segment, "malformed period \"" + row.period + "\"");
    if (row.customers < 0) {
      invalid_rows(row.segment, "negative customers (" + std::to_string(row.customers) + ")");
    }
    auto [it, inserted] = plans.try_emplace(row.segment);
    Plan& plan = it->second;
    if (inserted) {
      plan.kind = parsed->kind;
    } else if (plan.kind != parsed->kind) {
      invalid_rows(row.segment, plan.kind == PeriodKind::all || parsed->kind == PeriodKind::all
                                    ? "an all-time row beside period rows"
                                    : "period rows of different kinds (day, week, month)");
    }
    plan.periods.emplace_back(parsed->id, row.period);
    plan.customers += row.customers;
  }
  for (auto& [name, plan] : plans) {
    std::sort(plan.periods.begin(), plan.periods.end());
    const auto dup =
        std::adjacent_find(plan.periods.begin(), plan.periods.end(),
                           [](const auto& a, const auto& b) { return a.first == b.first; });
    if (dup != plan.periods.end()) {
      invalid_rows(name, dup->second.empty()
                             ? std::string{"more than one all-time row"}
                             : "duplicate period \"" + std::string{dup->second} + "\"");
    }
  }

  // ---- one output row per sized or contacted segment
  std::map<std::string, SegmentRate, std::less<>> rows;
  for (const auto& [name, plan] : plans) {
    SegmentRate& row = rows[name];
    row.segment = name;
    row.customers = plan.customers;
  }
  const auto names = segments_.keys();
  std::vector<SegmentRate*> row_of(names.size());
  std::vector<const Plan*> plan_of(names.size(), nullptr);
  for (std::size_t id = 0; id < names.size(); ++id) {
    auto [it, inserted] = rows.try_emplace(std::string{names[id]});
    if (inserted) it->second.segment = it->first;
    row_of[id] = &it->second;
    if (const auto p = plans.find(names[id]); p != plans.end()) plan_of[id] = &p->second;
  }

  // ---- match day counters with periods
  const auto matches = [&](std::uint32_t segment, std::int32_t day) {
    const Plan* plan = plan_of[segment];
    return plan != nullptr && plan->covers(period_id(sys_days{days{day}}, plan->kind));
  };
  for (const auto& [key, index] : by_day_) {
    const Counts& counts = counts_[index];
    const auto segment = static_cast<std::uint32_t>(key >> 32U);
    const auto day = static_cast<std::int32_t>(static_cast<std::uint32_t>(key));
    SegmentRate& row = *row_of[segment];
    if (matches(segment, day)) {
      if (!options_.net) row.contacts += counts.contacts;
      row.anonymous += counts.anonymous;
    } else {
      row.unmatched += counts.contacts;
    }
  }
  if (options_.net) {
    // Distinct (segment, period, customer) among matched contacts.
    std::vector<std::tuple<std::uint32_t, PeriodId, std::uint32_t>> keys;
    keys.reserve(customer_days_.size());
    for (const CustomerDay& t : customer_days_) {
      if (!matches(t.segment, t.day)) continue;
      keys.emplace_back(t.segment, period_id(sys_days{days{t.day}}, plan_of[t.segment]->kind),
                        t.customer);
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    for (const auto& k : keys) ++row_of[std::get<0>(k)]->contacts;
  }

  std::vector<SegmentRate> out;
  out.reserve(rows.size());
  for (auto& [name, row] : rows) {
    row.result = rate_result(row.contacts, row.customers, options_.net);
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<SegmentRate> contact_rate_by_segment(std::span<const Contact> contacts,
                                                 std::span<const Segment> segments,
                                                 const ContactRateOptions& options) {
  ContactRateAccumulator acc{options};
  for (const auto& contact : contacts) acc.add(contact);
  return acc.results(segments);
}

}  // namespace contactkpi
