// SPDX-License-Identifier: MIT
// contactkpi/scorecard.hpp: the QA scorecard (SPEC §2): one review's score from category
// ratings, and the mean over reviews.
//
// A Scorecard is a list of categories, each with a weight (> 0), a rating scale
// [scale_min, scale_max] (scale_min < scale_max) and a critical flag. A review gives each
// category one optional rating (nullopt = N/A). Its score:
//
//   1. each rating is rescaled to 0..100: (x − scale_min) / (scale_max − scale_min) × 100;
//   2. score = Σ weight·rescaled / Σ weight over the rated categories (N/A excluded, so the
//      weights of the rated categories are renormalised);
//   3. if any critical category is rated and its rescaled rating is below 50, the score is 0
//      (an "auto-fail"; exactly 50 passes). A critical category rated N/A does not fail;
//   4. every category N/A: no score (nullopt), not 0.
//
// Example:
//
//     const contactkpi::Scorecard card{{
//         {.name = "greeting", .weight = 1, .scale_min = 1, .scale_max = 5},
//         {.name = "resolution", .weight = 3, .scale_min = 1, .scale_max = 5},
//         {.name = "compliance", .weight = 1, .scale_min = 0, .scale_max = 1, .critical = true},
//     }};
//     std::optional<double> s = card.score({5.0, 4.0, 1.0});  // (100 + 3·75 + 100) / 5 = 85
//     contactkpi::ScorecardAccumulator reviews;
//     reviews.add(s);
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "contactkpi/result.hpp"

namespace contactkpi {

/// One category of a QA scorecard.
struct ScorecardCategory {
  std::string name{};      ///< non-empty, unique in the scorecard
  double weight = 1.0;     ///< > 0, finite
  double scale_min = 1.0;  ///< rating scale, scale_min < scale_max, both finite
  double scale_max = 5.0;
  bool critical = false;  ///< a rescaled rating below 50 makes the whole review 0

  friend bool operator==(const ScorecardCategory&, const ScorecardCategory&) = default;
};

/// One review scored: the score and how it came about.
struct ScorecardReview {
  /// The review's score, 0..100; nullopt when every category was N/A.
  std::optional<double> score{};
  /// The weighted mean before the critical rule (equals `score` unless `critical_failed`).
  std::optional<double> weighted_mean{};
  /// A rated critical category was below 50 after rescaling, so `score` is 0.
  bool critical_failed = false;
  /// Categories rated (not N/A).
  std::size_t rated = 0;

  friend bool operator==(const ScorecardReview&, const ScorecardReview&) = default;
};

/// A validated QA scorecard. Immutable after construction.
class Scorecard {
 public:
  /// Validates and keeps `categories`.
  ///
  /// Throws: std::invalid_argument when the list is empty, a name is empty or repeated, a
  /// weight is not > 0 and finite, or a scale is not finite with scale_min < scale_max. The
  /// message names the category and the rule.
  explicit Scorecard(std::vector<ScorecardCategory> categories);

  /// Scores one review; `ratings[i]` rates `categories()[i]`, nullopt = N/A. See the file
  /// comment for the rule. One pass, no allocation.
  ///
  /// Throws: std::invalid_argument when ratings.size() != categories().size(), or a rating
  /// is NaN or outside its category's scale (the message names the category).
  ///
  /// Example:
  ///
  ///     auto r = card.evaluate({2.0, std::nullopt, 5.0});
  ///     if (r.critical_failed) std::puts("auto-fail");
  [[nodiscard]] ScorecardReview evaluate(std::span<const std::optional<double>> ratings) const;
  [[nodiscard]] ScorecardReview evaluate(
      std::initializer_list<std::optional<double>> ratings) const {
    return evaluate(std::span<const std::optional<double>>{ratings.begin(), ratings.size()});
  }

  /// evaluate(ratings).score: the review's score 0..100, nullopt when every category is N/A.
  /// Throws as evaluate().
  [[nodiscard]] std::optional<double> score(std::span<const std::optional<double>> ratings) const {
    return evaluate(ratings).score;
  }
  [[nodiscard]] std::optional<double> score(
      std::initializer_list<std::optional<double>> ratings) const {
    return evaluate(ratings).score;
  }

  [[nodiscard]] std::span<const ScorecardCategory> categories() const noexcept {
    return categories_;
  }
  [[nodiscard]] std::size_t size() const noexcept { return categories_.size(); }

 private:
  std::vector<ScorecardCategory> categories_;
};

/// Accumulates review scores: their mean (unit score, 0..100, t-interval), plus how many
/// reviews had no score (all N/A) and how many were critical fails. merge() is exact.
///
/// Example:
///
///     contactkpi::ScorecardAccumulator acc;
///     for (const auto& ratings : reviews) acc.add(card.evaluate(ratings));
///     contactkpi::Result qa = acc.result();
class ScorecardAccumulator {
 public:
  /// Adds one review score; nullopt counts in unscored() only.
  /// Precondition: the score is within 0..100 (asserted in debug builds).
  void add(std::optional<double> review_score) noexcept;
  /// Adds a scored review, counting critical fails too.
  void add(const ScorecardReview& review) noexcept;
  void merge(const ScorecardAccumulator& other) noexcept;

  /// Mean review score, unit score, t-interval (none for one review); no data when no
  /// review had a score.
  [[nodiscard]] Result result() const noexcept { return mean_.result(Unit::score, {0.0, 100.0}); }
  [[nodiscard]] const Mean& tally() const noexcept { return mean_; }
  [[nodiscard]] std::int64_t unscored() const noexcept { return unscored_; }
  [[nodiscard]] std::int64_t critical_fails() const noexcept { return critical_fails_; }

 private:
  Mean mean_{};
  std::int64_t unscored_ = 0;
  std::int64_t critical_fails_ = 0;
};

}  // namespace contactkpi
