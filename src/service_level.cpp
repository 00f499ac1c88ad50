// SPDX-License-Identifier: MIT
#include "contactkpi/service_level.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "detail/simd.hpp"

namespace contactkpi {

namespace {
struct FormulaName {
  SlFormula formula;
  std::string_view name;
};
constexpr std::array<FormulaName, 6> formula_names{{
    {SlFormula::standard, "standard"},
    {SlFormula::answered_only, "answered-only"},
    {SlFormula::ignore_abandons_within_t, "ignore-abandons-within-t"},
    {SlFormula::abandons_within_t_met, "abandons-within-t-met"},
    {SlFormula::short_abandons_met, "short-abandons-met"},
    {SlFormula::amazon_connect, "amazon-connect"},
}};
}  // namespace

std::string_view to_string(SlFormula formula) noexcept {
  return formula_names[static_cast<std::size_t>(formula)].name;
}

std::optional<SlFormula> parse_sl_formula(std::string_view text) noexcept {
  for (const auto& f : formula_names) {
    if (f.name == text) return f.formula;
  }
  return std::nullopt;
}

ServiceLevelOptions ServiceLevelOptions::genesys_cloud(Duration t, Duration short_abandon) {
  return {.threshold = t, .short_abandon = short_abandon, .formula = SlFormula::standard};
}

ServiceLevelOptions ServiceLevelOptions::icmi(int formula_number, Duration t,
                                              Duration short_abandon) {
  // ICMI's service-level formulas, with A = answered within T, B = abandoned within T,
  // C = answered after T, D = abandoned after T:
  //   1: (A + B) / (A + B + C + D)   2: A / (A + C)   3: A / (A + B + C + D)
  //   4: A / (A + C + D)             5: (A + short abandons) / (A + B + C + D)
  constexpr std::array<SlFormula, 5> by_number{
      SlFormula::abandons_within_t_met, SlFormula::answered_only, SlFormula::standard,
      SlFormula::ignore_abandons_within_t, SlFormula::short_abandons_met};
  if (formula_number < 1 || formula_number > 5) {
    throw std::invalid_argument("ICMI service-level formula must be 1..5");
  }
  ServiceLevelOptions o{.threshold = t,
                        .formula = by_number[static_cast<std::size_t>(formula_number - 1)]};
  // Formula 3 as ICMI states it counts every abandon; formula 5 needs a short-abandon cut.
  if (o.formula == SlFormula::short_abandons_met) o.short_abandon = short_abandon;
  return o;
}

ServiceLevelOptions ServiceLevelOptions::amazon_connect(Duration t) {
  return {.threshold = t, .formula = SlFormula::amazon_connect};
}

QueueCounts& QueueCounts::operator+=(const QueueCounts& o) noexcept {
  offered += o.offered;
  answered += o.answered;
  answered_within += o.answered_within;
  abandoned += o.abandoned;
  abandoned_within += o.abandoned_within;
  short_abandoned += o.short_abandoned;
  removed_within += o.removed_within;
  return *this;
}

void ServiceLevelAccumulator::add(const ContactView& contact) noexcept {
  if (!contact.is_inbound()) return;
  const Duration t = options_.threshold_for(contact.channel);
  const Duration wait = contact.wait();
  const bool within = options_.exclusive ? wait < t : wait <= t;
  ++counts_.offered;
  if (within) ++counts_.removed_within;
  if (contact.abandoned) {
    ++counts_.abandoned;
    if (within) ++counts_.abandoned_within;
    if (wait < options_.short_abandon) ++counts_.short_abandoned;
  } else if (contact.is_answered()) {
    ++counts_.answered;
    if (within) ++counts_.answered_within;
  }
}

namespace {

// One pass over the fact columns with per-row 0/1 masks instead of branches, so that the
// compiler vectorises it. `limits[channel]` is the largest wait that is within T on that
// channel (inclusive form: wait < T is wait ≤ T − 1 µs on integer microseconds); when
// `uniform`, limits[0] applies to every row and the channel column is not read.
CONTACTKPI_SIMD_CLONES void count_facts(const std::uint8_t* flags, const std::uint8_t* channel,
                                        const std::int64_t* wait, std::size_t n,
                                        const std::int64_t* limits, bool uniform,
                                        std::int64_t short_abandon, QueueCounts& counts) noexcept {
  std::int64_t offered = 0;
  std::int64_t answered = 0;
  std::int64_t answered_within = 0;
  std::int64_t abandoned = 0;
  std::int64_t abandoned_within = 0;
  std::int64_t short_abandoned = 0;
  std::int64_t removed_within = 0;
  const std::int64_t limit0 = limits[0];
  const auto body = [&](std::size_t i, std::int64_t limit) {
    const std::int64_t f = flags[i];
    const std::int64_t w = wait[i];
    const std::int64_t inbound = f & FactBits::inbound;
    const std::int64_t is_abandoned = inbound & (f >> 2);  // FactBits::abandoned
    const std::int64_t is_answered = inbound & (f >> 4);   // FactBits::handled
    const auto within = static_cast<std::int64_t>(w <= limit);
    const auto is_short = static_cast<std::int64_t>(w < short_abandon);
    offered += inbound;
    removed_within += inbound & within;
    abandoned += is_abandoned;
    abandoned_within += is_abandoned & within;
    short_abandoned += is_abandoned & is_short;
    answered += is_answered;
    answered_within += is_answered & within;
  };
  if (uniform) {
    for (std::size_t i = 0; i < n; ++i) body(i, limit0);
  } else {
    for (std::size_t i = 0; i < n; ++i) body(i, limits[channel[i] & 7U]);
  }
  counts.offered += offered;
  counts.answered += answered;
  counts.answered_within += answered_within;
  counts.abandoned += abandoned;
  counts.abandoned_within += abandoned_within;
  counts.short_abandoned += short_abandoned;
  counts.removed_within += removed_within;
}

[[nodiscard]] std::int64_t inclusive_limit(Duration threshold, bool exclusive) noexcept {
  const std::int64_t t = threshold.count();
  return exclusive ? (t == std::numeric_limits<std::int64_t>::min() ? t : t - 1) : t;
}

}  // namespace

void ServiceLevelAccumulator::add(const ContactFactsView& facts) noexcept {
  static_assert(FactBits::abandoned == 1U << 2U && FactBits::handled == 1U << 4U);
  const bool per_channel =
      std::any_of(options_.channel_threshold.begin(), options_.channel_threshold.end(),
                  [](const auto& t) { return t.has_value(); });
  // A channel byte outside 0..6 is not a Channel; index 7 keeps the lookup in bounds.
  std::array<std::int64_t, 8> limits{};
  for (std::size_t ch = 0; ch < limits.size(); ++ch) {
    const Duration t =
        ch < channel_count ? options_.threshold_for(static_cast<Channel>(ch)) : options_.threshold;
    limits[ch] = inclusive_limit(t, options_.exclusive);
  }
  count_facts(facts.flags.data(), facts.channel.data(), facts.wait_us.data(), facts.size(),
              limits.data(), !per_channel, options_.short_abandon.count(), counts_);
}

Ratio ServiceLevelAccumulator::ratio() const noexcept {
  const QueueCounts& c = counts_;
  switch (options_.formula) {
    case SlFormula::standard:
      return {c.answered_within, c.answered + c.abandoned - c.short_abandoned};
    case SlFormula::answered_only:
      return {c.answered_within, c.answered};
    case SlFormula::ignore_abandons_within_t:
      return {c.answered_within, c.answered + c.abandoned - c.abandoned_within};
    case SlFormula::abandons_within_t_met:
      return {c.answered_within + c.abandoned_within, c.answered + c.abandoned};
    case SlFormula::short_abandons_met:
      return {c.answered_within + c.short_abandoned, c.answered + c.abandoned};
    case SlFormula::amazon_connect:
      return {c.removed_within, c.offered};
  }
  return {};
}

Result service_level(std::span<const Contact> contacts,
                     const ServiceLevelOptions& options) noexcept {
  ServiceLevelAccumulator acc{options};
  for (const Contact& c : contacts) acc.add(c);
  return acc.result();
}

}  // namespace contactkpi
