// SPDX-License-Identifier: MIT
// Confidence intervals and result types. Expected values are textbook numbers or worked by
// hand in the comments.
#include <catch2/catch.hpp>

#include "contactkpi/result.hpp"

using Catch::Matchers::WithinAbs;
using contactkpi::Mean;
using contactkpi::NpsTally;
using contactkpi::Ratio;
using contactkpi::Unit;

TEST_CASE("Student t 97.5% quantiles match published tables", "[result]") {
  // Values from any t table (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2).
  CHECK_THAT(contactkpi::student_t_975(1), WithinAbs(12.706205, 1e-5));
  CHECK_THAT(contactkpi::student_t_975(2), WithinAbs(4.302653, 1e-5));
  CHECK_THAT(contactkpi::student_t_975(10), WithinAbs(2.228139, 1e-5));
  CHECK_THAT(contactkpi::student_t_975(30), WithinAbs(2.042272, 1e-5));
  CHECK_THAT(contactkpi::student_t_975(100), WithinAbs(1.983972, 1e-5));
  // Large df tends to the normal quantile 1.959964.
  CHECK_THAT(contactkpi::student_t_975(1'000'000), WithinAbs(1.959966, 1e-5));
}

TEST_CASE("Wilson interval", "[result]") {
  SECTION("no trials: no interval") {
    CHECK_FALSE(contactkpi::wilson_interval(0, 0));
  }
  SECTION("0 of 10: [0, 0.2775] (the classic example)") {
    // centre = (0 + 3.8416/20) / (1 + 0.38416) = 0.19208 / 1.38416 = 0.138770
    // half   = 1.96 · sqrt(0 + 3.8416/400) / 1.38416 = 1.96 · 0.098 / 1.38416 = 0.138770
    const auto ci = contactkpi::wilson_interval(0, 10);
    REQUIRE(ci);
    CHECK_THAT(ci->lo, WithinAbs(0.0, 1e-12));
    CHECK_THAT(ci->hi, WithinAbs(0.277540, 1e-6));
  }
  SECTION("12 of 240") {
    // p = 0.05, z² = 3.8416, denom = 1 + 3.8416/240 = 1.01600667
    // centre = (0.05 + 3.8416/480) / denom = 0.05800333 / 1.01600667 = 0.05708952
    // half = 1.96 · sqrt(0.05·0.95/240 + 3.8416/230400) / denom
    //      = 1.96 · sqrt(0.00019791667 + 0.00001667361) / denom = 0.02825950
    // → [0.02883002, 0.08534902]
    const auto ci = contactkpi::wilson_interval(12, 240);
    REQUIRE(ci);
    CHECK_THAT(ci->lo, WithinAbs(0.02883002, 1e-7));
    CHECK_THAT(ci->hi, WithinAbs(0.08534902, 1e-7));
  }
  SECTION("all successes stays inside [0, 1]") {
    const auto ci = contactkpi::wilson_interval(5, 5);
    REQUIRE(ci);
    CHECK(ci->hi <= 1.0);
    CHECK(ci->lo > 0.5);
  }
}

TEST_CASE("Ratio pools counts and reports percent", "[result]") {
  STATIC_REQUIRE(Ratio{1, 2} + Ratio{3, 4} == Ratio{4, 6});
  STATIC_REQUIRE_FALSE(Ratio{}.share().has_value());
  const auto empty = Ratio{}.percent();
  CHECK_FALSE(empty.has_data());
  CHECK_FALSE(empty.ci95);
  CHECK(empty.unit == Unit::percent);
  const auto r = Ratio{12, 240}.percent();
  REQUIRE(r.value);
  CHECK_THAT(*r.value, WithinAbs(5.0, 1e-12));  // 12/240 = 0.05
  CHECK(r.numerator == 12);
  CHECK(r.denominator == 240);
  REQUIRE(r.ci95);
  CHECK_THAT(r.ci95->lo, WithinAbs(100 * (0.02883002), 1e-5));
}

TEST_CASE("Mean with a t-interval", "[result]") {
  SECTION("empty: no data") {
    const auto r = Mean{}.result(Unit::score);
    CHECK_FALSE(r.has_data());
    CHECK_FALSE(r.ci95);
  }
  SECTION("one value: a mean but no interval") {
    Mean m;
    m.add(7.5);
    const auto r = m.result(Unit::score);
    REQUIRE(r.value);
    CHECK(*r.value == 7.5);
    CHECK_FALSE(r.ci95);
  }
  SECTION("2, 4, 6") {
    // mean 4; s² = ((−2)² + 0 + 2²)/2 = 4; se = 2/√3 = 1.1547005; t(2) = 4.3026527
    // half = 4.9682754 → [−0.9682754, 8.9682754]
    Mean m;
    for (double x : {2.0, 4.0, 6.0}) m.add(x);
    const auto r = m.result(Unit::score);
    REQUIRE(r.value);
    CHECK(*r.value == 4.0);
    CHECK(r.numerator == 12.0);
    CHECK(r.denominator == 3.0);
    REQUIRE(r.ci95);
    CHECK_THAT(r.ci95->lo, WithinAbs(-0.9682754, 1e-6));
    CHECK_THAT(r.ci95->hi, WithinAbs(8.9682754, 1e-6));
  }
}

TEST_CASE("Mean interval is clipped to the scale", "[result]") {
  // 2, 4, 6 on a 0..8 scale: the t-interval [−0.9682754, 8.9682754] (worked above) is
  // clipped to [0, 8]; the value and counts are untouched.
  Mean m;
  for (double x : {2.0, 4.0, 6.0}) m.add(x);
  const auto r = m.result(Unit::score, {0.0, 8.0});
  REQUIRE(r.ci95);
  CHECK(r.ci95->lo == 0.0);
  CHECK(r.ci95->hi == 8.0);
  CHECK(*r.value == 4.0);
  // A scale wider than the interval changes nothing.
  const auto wide = m.result(Unit::score, {-10.0, 10.0});
  REQUIRE(wide.ci95);
  CHECK_THAT(wide.ci95->lo, WithinAbs(-0.9682754, 1e-6));
}

TEST_CASE("NPS tally", "[result]") {
  SECTION("empty") {
    CHECK_FALSE(NpsTally{}.result().has_data());
  }
  SECTION("5 promoters, 3 passives, 2 detractors") {
    // NPS = 100·(0.5 − 0.2) = 30; SE = 100·sqrt((0.7 − 0.09)/10) = 24.698178
    // CI = 30 ± 1.96·24.698178 = 30 ± 48.408429
    const auto r = NpsTally{5, 3, 2}.result();
    REQUIRE(r.value);
    CHECK_THAT(*r.value, WithinAbs(30.0, 1e-12));
    CHECK(r.numerator == 3);
    CHECK(r.denominator == 10);
    REQUIRE(r.ci95);
    CHECK_THAT(r.ci95->lo, WithinAbs(30 - 48.408429, 1e-5));
    CHECK_THAT(r.ci95->hi, WithinAbs(30 + 48.408429, 1e-5));
  }
  SECTION("interval clipped at 100") {
    // All promoters: NPS 100, SE = 100·sqrt((1 − 1)/n) = 0 → [100, 100].
    const auto r = NpsTally{4, 0, 0}.result();
    REQUIRE(r.ci95);
    CHECK(r.ci95->hi == 100.0);
    // 1 promoter, 1 detractor: NPS 0, SE = 100·sqrt((1 − 0)/2) = 70.71 → ±138.6 → clipped.
    const auto wide = NpsTally{1, 0, 1}.result();
    REQUIRE(wide.ci95);
    CHECK(wide.ci95->lo == -100.0);
    CHECK(wide.ci95->hi == 100.0);
  }
}
