// SPDX-License-Identifier: MIT
#include "contactkpi/service_level.hpp"

#include <stdexcept>

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

void ServiceLevelAccumulator::add(const Contact& contact) noexcept {
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
