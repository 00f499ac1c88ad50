// SPDX-License-Identifier: MIT
// The QA scorecard (SPEC §2). See contactkpi/scorecard.hpp.
#include "contactkpi/scorecard.hpp"

#include <cassert>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

#include "detail/number.hpp"

namespace contactkpi {

namespace {

[[noreturn]] void fail(const std::string& what) {
  throw std::invalid_argument("scorecard: " + what);
}

std::string quoted(const std::string& name) {
  return "category \"" + name + "\"";
}

}  // namespace

Scorecard::Scorecard(std::vector<ScorecardCategory> categories)
    : categories_{std::move(categories)} {
  if (categories_.empty()) fail("needs at least one category");
  for (std::size_t i = 0; i < categories_.size(); ++i) {
    const ScorecardCategory& c = categories_[i];
    if (c.name.empty()) fail("category " + std::to_string(i + 1) + " has an empty name");
    for (std::size_t j = 0; j < i; ++j) {
      if (categories_[j].name == c.name) fail(quoted(c.name) + " appears twice");
    }
    if (!std::isfinite(c.weight) || !(c.weight > 0.0)) {
      fail(quoted(c.name) + ": weight must be > 0 and finite");
    }
    if (!std::isfinite(c.scale_min) || !std::isfinite(c.scale_max) ||
        !(c.scale_min < c.scale_max)) {
      fail(quoted(c.name) + ": scale must be finite with min < max");
    }
  }
}

ScorecardReview Scorecard::evaluate(std::span<const std::optional<double>> ratings) const {
  if (ratings.size() != categories_.size()) {
    fail("expected " + std::to_string(categories_.size()) + " ratings, got " +
         std::to_string(ratings.size()));
  }
  ScorecardReview review;
  double weighted_sum = 0.0;
  double weight_sum = 0.0;
  for (std::size_t i = 0; i < categories_.size(); ++i) {
    if (!ratings[i]) continue;
    const ScorecardCategory& c = categories_[i];
    const double x = *ratings[i];
    // Written as !(inside) so that NaN is rejected too.
    if (!(x >= c.scale_min && x <= c.scale_max)) {
      fail(quoted(c.name) + ": rating " + detail::format_number(x) + " is outside its scale " +
           detail::format_number(c.scale_min) + ".." + detail::format_number(c.scale_max));
    }
    const double rescaled = (x - c.scale_min) / (c.scale_max - c.scale_min) * 100.0;
    if (c.critical && rescaled < 50.0) review.critical_failed = true;
    weighted_sum += c.weight * rescaled;
    weight_sum += c.weight;
    ++review.rated;
  }
  if (review.rated == 0) return review;
  review.weighted_mean = weighted_sum / weight_sum;
  review.score = review.critical_failed ? 0.0 : *review.weighted_mean;
  return review;
}

void ScorecardAccumulator::add(std::optional<double> review_score) noexcept {
  if (!review_score) {
    ++unscored_;
    return;
  }
  assert(*review_score >= 0.0 && *review_score <= 100.0);
  mean_.add(*review_score);
}

void ScorecardAccumulator::add(const ScorecardReview& review) noexcept {
  add(review.score);
  if (review.critical_failed) ++critical_fails_;
}

void ScorecardAccumulator::merge(const ScorecardAccumulator& other) noexcept {
  mean_ += other.mean_;
  unscored_ += other.unscored_;
  critical_fails_ += other.critical_fails_;
}

}  // namespace contactkpi
