// SPDX-License-Identifier: MIT
// CSAT, NPS and CES (SPEC §2). Expected values are worked by hand in the comments; t
// quantiles are the textbook t(0.975, df) values (df 3: 3.182446, df 5: 2.570582).
#include <algorithm>
#include <optional>
#include <random>
#include <span>
#include <vector>

#include <catch2/catch.hpp>

#include "contactkpi/survey.hpp"
#include "support.hpp"

namespace {

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using contactkpi::CesMode;
using contactkpi::CesOptions;
using contactkpi::CesScale;
using contactkpi::CsatMode;
using contactkpi::CsatOptions;
using contactkpi::Result;
using contactkpi::Survey;
using contactkpi::Unit;

std::vector<Survey> csat_answers(const std::vector<int>& xs) {
  std::vector<Survey> out;
  for (const int x : xs) {
    Survey s;
    s.csat = x;
    out.push_back(s);
  }
  return out;
}
std::vector<Survey> nps_answers(const std::vector<int>& xs) {
  std::vector<Survey> out;
  for (const int x : xs) {
    Survey s;
    s.nps = x;
    out.push_back(s);
  }
  return out;
}
std::vector<Survey> ces_answers(const std::vector<int>& xs) {
  std::vector<Survey> out;
  for (const int x : xs) {
    Survey s;
    s.ces = x;
    out.push_back(s);
  }
  return out;
}

// Surveys with every field drawn at random, including empty and out-of-scale answers.
std::vector<Survey> random_surveys(unsigned seed, std::size_t n) {
  std::mt19937 rng{seed};
  std::uniform_int_distribution<int> csat{-1, 7};
  std::uniform_int_distribution<int> nps{-2, 12};
  std::uniform_int_distribution<int> ces{-1, 9};
  std::bernoulli_distribution present{0.8};
  std::vector<Survey> out(n);
  for (Survey& s : out) {
    if (present(rng)) s.csat = csat(rng);
    if (present(rng)) s.nps = nps(rng);
    if (present(rng)) s.ces = ces(rng);
  }
  return out;
}

void check_interval(const Result& r, double lo, double hi) {
  REQUIRE(r.ci95.has_value());
  CHECK_THAT(r.ci95->lo, WithinAbs(lo, 1e-6));
  CHECK_THAT(r.ci95->hi, WithinAbs(hi, 1e-6));
}

}  // namespace

TEST_CASE("survey KPIs are noexcept and parse their CLI values", "[survey]") {
  STATIC_REQUIRE(noexcept(contactkpi::customer_satisfaction({})));
  STATIC_REQUIRE(noexcept(contactkpi::net_promoter_score({})));
  STATIC_REQUIRE(noexcept(contactkpi::customer_effort_score({})));
  STATIC_REQUIRE(noexcept(contactkpi::parse_csat_mode("")));
  STATIC_REQUIRE(noexcept(contactkpi::parse_ces_scale("")));

  CHECK(contactkpi::parse_csat_mode("top2") == CsatMode::top2);
  CHECK(contactkpi::parse_csat_mode("mean") == CsatMode::mean);
  CHECK(contactkpi::parse_csat_mode("MEAN") == CsatMode::mean);  // ASCII case-insensitive
  CHECK_FALSE(contactkpi::parse_csat_mode("top-2").has_value());
  CHECK_FALSE(contactkpi::parse_csat_mode("").has_value());
  CHECK(contactkpi::parse_ces_scale("ces2") == CesScale::ces2);
  CHECK(contactkpi::parse_ces_scale("ces1") == CesScale::ces1);
  CHECK(contactkpi::parse_ces_scale("CES1") == CesScale::ces1);
  CHECK_FALSE(contactkpi::parse_ces_scale("ces3").has_value());
  CHECK_FALSE(contactkpi::parse_ces_scale("").has_value());
}

TEST_CASE("CSAT top-2-box counts 4 and 5 of 1..5 with a Wilson interval", "[survey][csat]") {
  SECTION("no surveys: no data") {
    const Result r = contactkpi::customer_satisfaction({});
    CHECK_FALSE(r.has_data());
    CHECK_FALSE(r.ci95.has_value());
    CHECK(r.denominator == 0);
  }
  SECTION("surveys without a csat answer: no data, nothing out of scale") {
    std::vector<Survey> surveys(2);
    surveys[0].nps = 9;
    surveys[1].ces = 3;
    contactkpi::CsatAccumulator acc;
    for (const auto& s : surveys) acc.add(s);
    CHECK_FALSE(acc.result().has_data());
    CHECK(acc.out_of_scale() == 0);
  }
  SECTION("a single answer of 5: 100 %, Wilson [20.654, 100]") {
    // k = n = 1: centre = (1 + 1.96²/2) / (1 + 1.96²) = 2.9208 / 4.8416 = 0.603273,
    // half = 1.96·sqrt(1.96²/4) / 4.8416 = 1.9208 / 4.8416 = 0.396727 -> [0.206546, 1].
    const Result r = contactkpi::customer_satisfaction(csat_answers({5}));
    REQUIRE(r.has_data());
    CHECK(*r.value == 100.0);
    CHECK(r.unit == Unit::percent);
    check_interval(r, 20.654329, 100.0);
  }
  SECTION("5, 4, 3, 2, 1, 4: 3 of 6 = 50 %") {
    // Wilson, k = 3, n = 6: p = 0.5 so the centre stays 0.5;
    // half = 1.96·sqrt(0.25/6 + 3.8416/144) / (1 + 3.8416/6) = 0.512388 / 1.640267 = 0.312387.
    const Result r = contactkpi::customer_satisfaction(csat_answers({5, 4, 3, 2, 1, 4}));
    CHECK(*r.value == 50.0);
    CHECK(r.numerator == 3);
    CHECK(r.denominator == 6);
    check_interval(r, 18.761281, 81.238719);
  }
  SECTION("the top-box cut edge: 3 is not satisfied, 4 is") {
    CHECK(*contactkpi::customer_satisfaction(csat_answers({3})).value == 0.0);
    CHECK(*contactkpi::customer_satisfaction(csat_answers({4})).value == 100.0);
  }
  SECTION("answers outside 1..5 are excluded and counted") {
    contactkpi::CsatAccumulator acc;
    for (const auto& s : csat_answers({0, 6, 7, -1, 5, 1})) acc.add(s);
    CHECK(acc.out_of_scale() == 4);        // 0, 6, 7, −1
    CHECK(acc.result().denominator == 2);  // 5 and 1
    CHECK(*acc.result().value == 50.0);    // 1 of 2
  }
  SECTION("top-1-box: top_box_cut = 5") {
    const CsatOptions o{.top_box_cut = 5};
    // 5 only: 1 of 4 = 25 %.
    const Result r = contactkpi::customer_satisfaction(csat_answers({5, 4, 4, 3}), o);
    CHECK(*r.value == 25.0);
    check_interval(r, 4.558606, 69.936395);  // Wilson k = 1, n = 4
  }
  SECTION("a 1..10 scale with cut 9") {
    const CsatOptions o{.scale_min = 1, .scale_max = 10, .top_box_cut = 9};
    contactkpi::CsatAccumulator acc{o};
    for (const auto& s : csat_answers({10, 9, 8, 7, 11, 0})) acc.add(s);
    CHECK(acc.out_of_scale() == 2);      // 11, 0
    CHECK(*acc.result().value == 50.0);  // 10, 9 of 10, 9, 8, 7
  }
}

TEST_CASE("CSAT mean mode averages the answers with a t-interval", "[survey][csat]") {
  const CsatOptions mean{.mode = CsatMode::mean};
  SECTION("empty: no data") {
    CHECK_FALSE(contactkpi::customer_satisfaction({}, mean).has_data());
  }
  SECTION("one answer: the answer, no interval") {
    const Result r = contactkpi::customer_satisfaction(csat_answers({4}), mean);
    CHECK(*r.value == 4.0);
    CHECK(r.unit == Unit::score);
    CHECK_FALSE(r.ci95.has_value());
  }
  SECTION("5, 4, 3, 2, 1, 4") {
    // Σx = 19, mean = 19/6 = 3.166667; Σx² = 71; s² = (71 − 19²/6)/5 = 2.166667;
    // half = 2.570582·sqrt(2.166667/6) = 1.544727 -> [1.621939, 4.711394].
    const Result r = contactkpi::customer_satisfaction(csat_answers({5, 4, 3, 2, 1, 4, 9}), mean);
    CHECK_THAT(*r.value, WithinRel(19.0 / 6.0, 1e-12));
    CHECK(r.numerator == 19);   // the sum
    CHECK(r.denominator == 6);  // 9 is out of scale
    check_interval(r, 1.621939, 4.711394);
  }
}

TEST_CASE("NPS is % promoters − % detractors with the SPEC interval", "[survey][nps]") {
  SECTION("empty: no data") {
    const Result r = contactkpi::net_promoter_score({});
    CHECK_FALSE(r.has_data());
    CHECK(r.unit == Unit::nps);
  }
  SECTION("5 promoters, 3 passives, 2 detractors") {
    // (5 − 2)/10 = 30; p = 0.5, d = 0.2: SE = 100·sqrt((0.7 − 0.09)/10) = 24.698178,
    // CI = 30 ± 1.96·24.698178 = 30 ± 48.408429.
    const Result r = contactkpi::net_promoter_score(nps_answers({9, 10, 9, 10, 9, 7, 8, 7, 0, 6}));
    REQUIRE(r.has_data());
    CHECK_THAT(*r.value, WithinAbs(30.0, 1e-12));
    CHECK(r.numerator == 3);
    CHECK(r.denominator == 10);
    check_interval(r, 30.0 - 48.408429, 30.0 + 48.408429);
  }
  SECTION("category edges: 6 detractor, 7 and 8 passive, 9 promoter") {
    contactkpi::NpsAccumulator acc;
    for (const auto& s : nps_answers({0, 6, 7, 8, 9, 10})) acc.add(s);
    CHECK(acc.tally() == contactkpi::NpsTally{.promoters = 2, .passives = 2, .detractors = 2});
    CHECK_THAT(*acc.result().value, WithinAbs(0.0, 1e-12));  // (2 − 2)/6
  }
  SECTION("a single promoter: 100, SE 0") {
    const Result r = contactkpi::net_promoter_score(nps_answers({10}));
    CHECK(*r.value == 100.0);
    check_interval(r, 100.0, 100.0);  // (p + d) − (p − d)² = 1 − 1 = 0
  }
  SECTION("a single detractor: −100") {
    CHECK(*contactkpi::net_promoter_score(nps_answers({3})).value == -100.0);
  }
  SECTION("the interval is clipped to −100..100") {
    // 9 promoters, 1 detractor: 80; SE = 100·sqrt((1.0 − 0.64)/10) = 18.973666,
    // 80 + 37.188 > 100 -> 100; 80 − 37.188385 = 42.811615.
    const Result r = contactkpi::net_promoter_score(nps_answers({9, 9, 9, 9, 9, 9, 9, 9, 9, 0}));
    CHECK_THAT(*r.value, WithinAbs(80.0, 1e-12));
    check_interval(r, 42.811615, 100.0);
  }
  SECTION("answers outside 0..10 are excluded and counted") {
    contactkpi::NpsAccumulator acc;
    for (const auto& s : nps_answers({-1, 11, 100, 10})) acc.add(s);
    CHECK(acc.out_of_scale() == 3);
    CHECK(acc.tally().responses() == 1);
    CHECK(*acc.result().value == 100.0);
  }
}

TEST_CASE("CES on the 1..7 CES 2.0 scale", "[survey][ces]") {
  SECTION("empty: no data in both modes") {
    CHECK_FALSE(contactkpi::customer_effort_score({}).has_data());
    CHECK_FALSE(contactkpi::customer_effort_score({}, {.mode = CesMode::low_effort}).has_data());
  }
  SECTION("mean of 7, 5, 4, 1") {
    // Σx = 17, mean 4.25; Σx² = 91; s² = (91 − 17²/4)/3 = 6.25; SE = 2.5/2 = 1.25;
    // half = 3.182446·1.25 = 3.978058 -> [0.271942, 8.228058], clipped to the 1..7 scale.
    const Result r = contactkpi::customer_effort_score(ces_answers({7, 5, 4, 1}));
    CHECK(*r.value == 4.25);
    CHECK(r.unit == Unit::score);
    check_interval(r, 1.0, 7.0);
  }
  SECTION("low effort is 5..7: 4 is not, 5 is") {
    const CesOptions o{.mode = CesMode::low_effort};
    const Result r = contactkpi::customer_effort_score(ces_answers({7, 5, 4, 1}), o);
    CHECK(*r.value == 50.0);  // 7, 5 of 4
    CHECK(r.unit == Unit::percent);
    check_interval(r, 15.003571, 84.996429);  // Wilson k = 2, n = 4
    CHECK(*contactkpi::customer_effort_score(ces_answers({4}), o).value == 0.0);
    CHECK(*contactkpi::customer_effort_score(ces_answers({5}), o).value == 100.0);
  }
  SECTION("a single answer") {
    const Result r = contactkpi::customer_effort_score(ces_answers({6}));
    CHECK(*r.value == 6.0);
    CHECK_FALSE(r.ci95.has_value());
  }
  SECTION("answers outside 1..7 are excluded and counted") {
    contactkpi::CesAccumulator acc;
    for (const auto& s : ces_answers({0, 8, 7})) acc.add(s);
    CHECK(acc.out_of_scale() == 2);
    CHECK(*acc.result().value == 7.0);
  }
}

TEST_CASE("CES 1.0: 1..5, lower is less effort, low effort is 1..2", "[survey][ces]") {
  const CesOptions mean{.scale = CesScale::ces1};
  const CesOptions low{.scale = CesScale::ces1, .mode = CesMode::low_effort};
  STATIC_REQUIRE(CesOptions{.scale = CesScale::ces1}.scale_max() == 5);
  STATIC_REQUIRE(CesOptions{}.scale_max() == 7);
  SECTION("mean of 1, 2, 3, 5") {
    // Σx = 11, mean 2.75; Σx² = 39; s² = (39 − 121/4)/3 = 2.916667;
    // half = 3.182446·sqrt(2.916667/4) = 2.717531 -> [0.032469, 5.467531], clipped to the
    // CES 1.0 scale 1..5 -> [1, 5].
    const Result r = contactkpi::customer_effort_score(ces_answers({1, 2, 3, 5}), mean);
    CHECK(*r.value == 2.75);
    check_interval(r, 1.0, 5.0);
  }
  SECTION("low effort: 2 is, 3 is not") {
    CHECK(*contactkpi::customer_effort_score(ces_answers({1, 2, 3, 5}), low).value == 50.0);
    CHECK(*contactkpi::customer_effort_score(ces_answers({2}), low).value == 100.0);
    CHECK(*contactkpi::customer_effort_score(ces_answers({3}), low).value == 0.0);
  }
  SECTION("scales never mix: 6 and 7 are out of the CES 1.0 scale") {
    contactkpi::CesAccumulator acc{low};
    for (const auto& s : ces_answers({6, 7, 0, 1})) acc.add(s);
    CHECK(acc.out_of_scale() == 3);
    CHECK(acc.result().denominator == 1);
  }
}

TEST_CASE("survey accumulators merge exactly and ignore order", "[survey][property]") {
  const auto seed = GENERATE(take(20, random(0u, 1'000'000u)));
  CAPTURE(seed);
  auto surveys = random_surveys(seed, 97);
  const auto split = GENERATE(as<std::size_t>{}, 0, 1, 40, 96, 97);
  CAPTURE(split);

  const std::vector<CsatOptions> csat_options{{}, {.mode = CsatMode::mean}, {.top_box_cut = 5}};
  const std::vector<CesOptions> ces_options{{},
                                            {.mode = CesMode::low_effort},
                                            {.scale = CesScale::ces1},
                                            {.scale = CesScale::ces1, .mode = CesMode::low_effort}};
  const std::span<const Survey> all{surveys};
  const auto left = all.first(split);
  const auto right = all.subspan(split);

  for (const auto& o : csat_options) {
    contactkpi::CsatAccumulator a{o};
    contactkpi::CsatAccumulator b{o};
    contactkpi::CsatAccumulator whole{o};
    for (const auto& s : left) a.add(s);
    for (const auto& s : right) b.add(s);
    for (const auto& s : all) whole.add(s);
    a.merge(b);
    CHECK(a.result() == whole.result());
    CHECK(a.out_of_scale() == whole.out_of_scale());
    CHECK(whole.result() == contactkpi::customer_satisfaction(surveys, o));
  }
  {
    contactkpi::NpsAccumulator a;
    contactkpi::NpsAccumulator b;
    for (const auto& s : left) a.add(s);
    for (const auto& s : right) b.add(s);
    a.merge(b);
    CHECK(a.result() == contactkpi::net_promoter_score(surveys));
    if (const auto v = a.result().value) {
      CHECK(*v >= -100.0);
      CHECK(*v <= 100.0);
    }
  }
  for (const auto& o : ces_options) {
    contactkpi::CesAccumulator a{o};
    contactkpi::CesAccumulator b{o};
    for (const auto& s : left) a.add(s);
    for (const auto& s : right) b.add(s);
    a.merge(b);
    CHECK(a.result() == contactkpi::customer_effort_score(surveys, o));
  }

  // Order independence: every tally is a sum of small integers, so results are bit-equal.
  const Result csat = contactkpi::customer_satisfaction(surveys);
  const Result csat_mean = contactkpi::customer_satisfaction(surveys, {.mode = CsatMode::mean});
  const Result nps = contactkpi::net_promoter_score(surveys);
  const Result ces = contactkpi::customer_effort_score(surveys);
  std::shuffle(surveys.begin(), surveys.end(), std::mt19937{seed + 1});
  CHECK(contactkpi::customer_satisfaction(surveys) == csat);
  CHECK(contactkpi::customer_satisfaction(surveys, {.mode = CsatMode::mean}) == csat_mean);
  CHECK(contactkpi::net_promoter_score(surveys) == nps);
  CHECK(contactkpi::customer_effort_score(surveys) == ces);
}

TEST_CASE("every split of the surveys merges back to the whole (shared helper)",
          "[survey][property]") {
  const auto surveys = random_surveys(4242, 40);
  using contactkpi::test::check_merge_and_order;
  for (const CsatOptions& o : {CsatOptions{}, CsatOptions{.mode = CsatMode::mean}}) {
    check_merge_and_order(surveys, [&] { return contactkpi::CsatAccumulator{o}; });
  }
  check_merge_and_order(surveys, [] { return contactkpi::NpsAccumulator{}; });
  for (const CesOptions& o : {CesOptions{}, CesOptions{.mode = CesMode::low_effort},
                              CesOptions{.scale = CesScale::ces1}}) {
    check_merge_and_order(surveys, [&] { return contactkpi::CesAccumulator{o}; });
  }
}
