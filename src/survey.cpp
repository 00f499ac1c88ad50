// SPDX-License-Identifier: MIT
// CSAT, NPS and CES: the customer's voice (SPEC §2). See contactkpi/survey.hpp.
#include "contactkpi/survey.hpp"

#include "detail/text.hpp"

namespace contactkpi {

std::optional<CsatMode> parse_csat_mode(std::string_view text) noexcept {
  if (detail::iequals(text, "top2")) return CsatMode::top2;
  if (detail::iequals(text, "mean")) return CsatMode::mean;
  return std::nullopt;
}

std::optional<CesScale> parse_ces_scale(std::string_view text) noexcept {
  if (detail::iequals(text, "ces2")) return CesScale::ces2;
  if (detail::iequals(text, "ces1")) return CesScale::ces1;
  return std::nullopt;
}

// ---- CSAT ------------------------------------------------------------------------------

void CsatAccumulator::add(const SurveyView& survey) noexcept {
  if (!survey.csat) return;
  const int x = *survey.csat;
  if (x < options_.scale_min || x > options_.scale_max) {
    ++out_of_scale_;
    return;
  }
  // Both tallies are kept whatever the mode: they are cheap, and merge stays a plain sum.
  ++top_box_.denominator;
  if (x >= options_.top_box_cut) ++top_box_.numerator;
  mean_.add(static_cast<double>(x));
}

void CsatAccumulator::merge(const CsatAccumulator& other) noexcept {
  top_box_ += other.top_box_;
  mean_ += other.mean_;
  out_of_scale_ += other.out_of_scale_;
}

Result CsatAccumulator::result() const noexcept {
  if (options_.mode == CsatMode::mean) {
    return mean_.result(Unit::score, {static_cast<double>(options_.scale_min),
                                      static_cast<double>(options_.scale_max)});
  }
  return top_box_.percent();
}

Result customer_satisfaction(std::span<const Survey> surveys, const CsatOptions& options) noexcept {
  CsatAccumulator acc{options};
  for (const Survey& s : surveys) acc.add(s);
  return acc.result();
}

// ---- NPS -------------------------------------------------------------------------------

void NpsAccumulator::add(const SurveyView& survey) noexcept {
  if (!survey.nps) return;
  const int x = *survey.nps;
  if (x < 0 || x > 10) {
    ++out_of_scale_;
  } else if (x >= 9) {
    ++tally_.promoters;
  } else if (x >= 7) {
    ++tally_.passives;
  } else {
    ++tally_.detractors;
  }
}

void NpsAccumulator::merge(const NpsAccumulator& other) noexcept {
  tally_ += other.tally_;
  out_of_scale_ += other.out_of_scale_;
}

Result net_promoter_score(std::span<const Survey> surveys) noexcept {
  NpsAccumulator acc;
  for (const Survey& s : surveys) acc.add(s);
  return acc.result();
}

// ---- CES -------------------------------------------------------------------------------

void CesAccumulator::add(const SurveyView& survey) noexcept {
  if (!survey.ces) return;
  const int x = *survey.ces;
  if (x < CesOptions::scale_min() || x > options_.scale_max()) {
    ++out_of_scale_;
    return;
  }
  ++low_effort_.denominator;
  // CES 2.0 ("made it easy", 1..7): agreement 5..7 is low effort. CES 1.0 (1..5, effort
  // asked directly): 1..2 is low effort.
  const bool low = options_.scale == CesScale::ces2 ? x >= 5 : x <= 2;
  if (low) ++low_effort_.numerator;
  mean_.add(static_cast<double>(x));
}

void CesAccumulator::merge(const CesAccumulator& other) noexcept {
  low_effort_ += other.low_effort_;
  mean_ += other.mean_;
  out_of_scale_ += other.out_of_scale_;
}

Result CesAccumulator::result() const noexcept {
  if (options_.mode == CesMode::low_effort) return low_effort_.percent();
  return mean_.result(Unit::score, {static_cast<double>(CesOptions::scale_min()),
                                    static_cast<double>(options_.scale_max())});
}

Result customer_effort_score(std::span<const Survey> surveys, const CesOptions& options) noexcept {
  CesAccumulator acc{options};
  for (const Survey& s : surveys) acc.add(s);
  return acc.result();
}

}  // namespace contactkpi
