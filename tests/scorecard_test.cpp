// SPDX-License-Identifier: MIT
// The QA scorecard (SPEC §2): rescaling, weights, N/A, the critical rule, validation, and the
// accumulator over reviews. Expected values are worked by hand in the comments.
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "contactkpi/scorecard.hpp"
#include "support.hpp"

namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;
using contactkpi::Scorecard;
using contactkpi::ScorecardAccumulator;
using contactkpi::ScorecardCategory;
using contactkpi::ScorecardReview;
using Ratings = std::vector<std::optional<double>>;

constexpr std::optional<double> na = std::nullopt;

ScorecardCategory category(std::string name, double weight, double lo, double hi,
                           bool critical = false) {
  ScorecardCategory c;
  c.name = std::move(name);
  c.weight = weight;
  c.scale_min = lo;
  c.scale_max = hi;
  c.critical = critical;
  return c;
}

// greeting (weight 1, 1..5), resolution (weight 3, 1..5), compliance (weight 1, 0..1, critical).
Scorecard sample_card() {
  return Scorecard{{category("greeting", 1, 1, 5), category("resolution", 3, 1, 5),
                    category("compliance", 1, 0, 1, true)}};
}

}  // namespace

TEST_CASE("a review's score is the weighted mean of ratings rescaled to 0..100", "[scorecard]") {
  const Scorecard card = sample_card();
  REQUIRE(card.size() == 3);

  SECTION("every category rated") {
    // greeting (5 − 1)/4·100 = 100; resolution (4 − 1)/4·100 = 75; compliance 1/1·100 = 100;
    // (1·100 + 3·75 + 1·100) / (1 + 3 + 1) = 425 / 5 = 85.
    const ScorecardReview r = card.evaluate({5.0, 4.0, 1.0});
    REQUIRE(r.score.has_value());
    CHECK_THAT(*r.score, WithinAbs(85.0, 1e-12));
    CHECK_THAT(*r.weighted_mean, WithinAbs(85.0, 1e-12));
    CHECK_FALSE(r.critical_failed);
    CHECK(r.rated == 3);
  }
  SECTION("the lowest ratings give 0, the highest 100") {
    CHECK_THAT(*card.score({1.0, 1.0, 0.0}), WithinAbs(0.0, 1e-12));
    CHECK_THAT(*card.score({5.0, 5.0, 1.0}), WithinAbs(100.0, 1e-12));
  }
  SECTION("N/A categories are left out and the other weights renormalised") {
    // resolution only: (3 − 1)/4·100 = 50, weight 3 / 3.
    CHECK_THAT(*card.score({na, 3.0, na}), WithinAbs(50.0, 1e-12));
    // greeting 25 (weight 1), resolution 100 (weight 3): (25 + 300) / 4 = 81.25.
    const ScorecardReview r = card.evaluate({2.0, 5.0, na});
    CHECK_THAT(*r.score, WithinAbs(81.25, 1e-12));
    CHECK(r.rated == 2);
    CHECK_FALSE(r.critical_failed);  // the critical category is N/A: no auto-fail
  }
  SECTION("every category N/A: no score, not 0") {
    const ScorecardReview r = card.evaluate({na, na, na});
    CHECK_FALSE(r.score.has_value());
    CHECK_FALSE(r.weighted_mean.has_value());
    CHECK(r.rated == 0);
    CHECK_FALSE(card.score({na, na, na}).has_value());
  }
  SECTION("a span of ratings works as well as a braced list") {
    const Ratings ratings{5.0, 4.0, 1.0};
    CHECK(card.evaluate(ratings) == card.evaluate({5.0, 4.0, 1.0}));
  }
  SECTION("a non-integer scale: −2..2, rating 0 is 50") {
    const Scorecard c{{category("tone", 2, -2, 2)}};
    CHECK_THAT(*c.score({0.0}), WithinAbs(50.0, 1e-12));  // (0 + 2)/4·100
    CHECK_THAT(*c.score({1.5}), WithinAbs(87.5, 1e-12));  // 3.5/4·100
  }
}

TEST_CASE("a critical category below 50 makes the review 0", "[scorecard]") {
  // greeting 1..5 weight 1; accuracy 1..5 weight 1, critical. Critical edge: rescaled 50 is
  // rating 3 ((3 − 1)/4 = 0.5).
  const Scorecard card{{category("greeting", 1, 1, 5), category("accuracy", 1, 1, 5, true)}};
  SECTION("exactly 50 passes") {
    // greeting 100, accuracy 50: (100 + 50)/2 = 75.
    const ScorecardReview r = card.evaluate({5.0, 3.0});
    CHECK_FALSE(r.critical_failed);
    CHECK_THAT(*r.score, WithinAbs(75.0, 1e-12));
  }
  SECTION("just below 50 fails") {
    // (2.999999 − 1)/4·100 = 49.999975 < 50 -> 0; the weighted mean is kept for reports:
    // (100 + 49.999975)/2 = 74.9999875.
    const ScorecardReview r = card.evaluate({5.0, 2.999999});
    CHECK(r.critical_failed);
    CHECK(*r.score == 0.0);
    CHECK_THAT(*r.weighted_mean, WithinAbs(74.9999875, 1e-9));
  }
  SECTION("just above 50 passes") {
    const ScorecardReview r = card.evaluate({5.0, 3.000001});
    CHECK_FALSE(r.critical_failed);
    CHECK_THAT(*r.score, WithinAbs(75.0000125, 1e-9));  // (100 + 50.000025)/2
  }
  SECTION("a non-critical category below 50 does not fail the review") {
    CHECK_THAT(*card.score({1.0, 5.0}), WithinAbs(50.0, 1e-12));  // (0 + 100)/2
  }
  SECTION("the critical category alone rated and failing") {
    const ScorecardReview r = card.evaluate({na, 1.0});
    CHECK(r.critical_failed);
    CHECK(*r.score == 0.0);
  }
}

TEST_CASE("ratings outside their scale are rejected, naming the category", "[scorecard]") {
  const Scorecard card = sample_card();
  CHECK_THROWS_WITH(card.score({5.5, 4.0, 1.0}), Contains("greeting") && Contains("5.5"));
  CHECK_THROWS_WITH(card.score({5.0, 0.999, 1.0}), Contains("resolution"));
  CHECK_THROWS_WITH(card.score({5.0, 4.0, 2.0}), Contains("compliance"));
  CHECK_THROWS_AS(card.score({5.0, 4.0, -0.0001}), std::invalid_argument);
  CHECK_THROWS_AS(card.score({std::numeric_limits<double>::quiet_NaN(), 4.0, 1.0}),
                  std::invalid_argument);
  // Scale ends are inside.
  CHECK_NOTHROW(card.score({1.0, 5.0, 0.0}));
  SECTION("the number of ratings must match the categories") {
    CHECK_THROWS_WITH(card.score({5.0, 4.0}), Contains("expected 3 ratings, got 2"));
    CHECK_THROWS_AS(card.score({5.0, 4.0, 1.0, 1.0}), std::invalid_argument);
  }
}

TEST_CASE("the scorecard constructor validates its categories", "[scorecard]") {
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  using V = std::vector<ScorecardCategory>;
  CHECK_THROWS_WITH(Scorecard{V{}}, Contains("at least one category"));
  CHECK_THROWS_WITH(Scorecard{V{category("", 1, 1, 5)}}, Contains("empty name"));
  CHECK_THROWS_WITH((Scorecard{V{category("a", 1, 1, 5), category("a", 2, 0, 1)}}),
                    Contains("\"a\" appears twice"));
  CHECK_THROWS_WITH(Scorecard{V{category("w", 0, 1, 5)}}, Contains("\"w\"") && Contains("weight"));
  CHECK_THROWS_AS(Scorecard{V{category("w", -1, 1, 5)}}, std::invalid_argument);
  CHECK_THROWS_AS(Scorecard{V{category("w", nan, 1, 5)}}, std::invalid_argument);
  CHECK_THROWS_AS(Scorecard{V{category("w", inf, 1, 5)}}, std::invalid_argument);
  CHECK_THROWS_WITH(Scorecard{V{category("s", 1, 5, 5)}}, Contains("\"s\"") && Contains("scale"));
  CHECK_THROWS_AS(Scorecard{V{category("s", 1, 5, 1)}}, std::invalid_argument);
  CHECK_THROWS_AS(Scorecard{V{category("s", 1, nan, 5)}}, std::invalid_argument);
  CHECK_THROWS_AS(Scorecard{V{category("s", 1, 0, inf)}}, std::invalid_argument);
  CHECK_NOTHROW(Scorecard{V{category("tiny weight", 1e-9, 0, 1)}});
}

TEST_CASE("ScorecardAccumulator averages review scores", "[scorecard]") {
  STATIC_REQUIRE(noexcept(std::declval<ScorecardAccumulator&>().add(std::optional<double>{})));
  STATIC_REQUIRE(noexcept(std::declval<ScorecardAccumulator&>().result()));

  SECTION("no reviews: no data") {
    const ScorecardAccumulator acc;
    CHECK_FALSE(acc.result().has_data());
    CHECK(acc.unscored() == 0);
  }
  SECTION("only unscored reviews: no data, counted") {
    ScorecardAccumulator acc;
    acc.add(std::optional<double>{});
    acc.add(sample_card().evaluate({na, na, na}));
    CHECK_FALSE(acc.result().has_data());
    CHECK(acc.unscored() == 2);
  }
  SECTION("one review: its score, no interval") {
    ScorecardAccumulator acc;
    acc.add(85.0);
    CHECK(*acc.result().value == 85.0);
    CHECK_FALSE(acc.result().ci95.has_value());
    CHECK(acc.result().unit == contactkpi::Unit::score);
  }
  SECTION("85, 0 (critical fail), 50 and one unscored") {
    // mean = 135/3 = 45; Σx² = 7225 + 0 + 2500 = 9725; s² = (9725 − 135²/3)/2 = 1825;
    // half = t(0.975, 2)·sqrt(1825/3) = 4.302653·24.664414 = 106.122410.
    const Scorecard card = sample_card();
    ScorecardAccumulator acc;
    acc.add(card.evaluate({5.0, 4.0, 1.0}));  // 85
    acc.add(card.evaluate({5.0, 4.0, 0.0}));  // critical fail: 0
    acc.add(card.evaluate({na, 3.0, na}));    // 50
    acc.add(card.evaluate({na, na, na}));     // unscored
    const auto r = acc.result();
    CHECK_THAT(*r.value, WithinAbs(45.0, 1e-12));
    CHECK(r.denominator == 3);
    CHECK(acc.unscored() == 1);
    CHECK(acc.critical_fails() == 1);
    REQUIRE(r.ci95.has_value());
    // 45 ± 106.122410 = [−61.12, 151.12], clipped to the 0..100 scale.
    CHECK(r.ci95->lo == 0.0);
    CHECK(r.ci95->hi == 100.0);
  }
}

TEST_CASE("scorecard accumulators merge exactly and ignore order", "[scorecard][property]") {
  const auto seed = GENERATE(take(20, random(0u, 1'000'000u)));
  CAPTURE(seed);
  const Scorecard card = sample_card();
  std::mt19937 rng{seed};
  std::uniform_int_distribution<int> rating{0, 5};  // 0 = N/A for the 1..5 categories
  std::vector<ScorecardReview> reviews;
  for (int i = 0; i < 60; ++i) {
    const int g = rating(rng);
    const int r = rating(rng);
    const int c = rating(rng);
    const Ratings ratings{g == 0 ? na : std::optional<double>{g},
                          r == 0 ? na : std::optional<double>{r},
                          c == 0 ? na : std::optional<double>{c % 2}};
    reviews.push_back(card.evaluate(ratings));
  }
  ScorecardAccumulator whole;
  for (const auto& r : reviews) whole.add(r);
  const auto split = GENERATE(as<std::size_t>{}, 0, 1, 31, 60);
  ScorecardAccumulator left;
  ScorecardAccumulator right;
  for (std::size_t i = 0; i < reviews.size(); ++i) (i < split ? left : right).add(reviews[i]);
  left.merge(right);
  // Scores here are multiples of 1/16 below 100 (rescaled ratings are multiples of 25, weight
  // sums 1..5), so sums and sums of squares are exact in double whatever the order.
  CHECK(left.result() == whole.result());
  CHECK(left.unscored() == whole.unscored());
  CHECK(left.critical_fails() == whole.critical_fails());

  std::shuffle(reviews.begin(), reviews.end(), std::mt19937{seed + 1});
  ScorecardAccumulator shuffled;
  for (const auto& r : reviews) shuffled.add(r);
  CHECK(shuffled.result() == whole.result());
  if (const auto v = whole.result().value) {
    CHECK(*v >= 0.0);
    CHECK(*v <= 100.0);
  }
}

TEST_CASE("every split of the reviews merges back to the whole (shared helper)",
          "[scorecard][property]") {
  const Scorecard card = sample_card();
  std::vector<ScorecardReview> reviews;
  // A fixed cycle of ratings, including N/A and critical fails.
  for (int i = 0; i < 30; ++i) {
    const Ratings ratings{i % 6 == 0 ? na : std::optional<double>{1 + i % 5},
                          i % 4 == 0 ? na : std::optional<double>{1 + (i * 7) % 5},
                          i % 3 == 0 ? na : std::optional<double>{(i / 3) % 2}};
    reviews.push_back(card.evaluate(ratings));
  }
  contactkpi::test::check_merge_and_order(reviews, [] { return ScorecardAccumulator{}; });
}
