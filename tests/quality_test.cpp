// SPDX-License-Identifier: MIT
// CCQS and CQIS: means of QA / quality scores over evaluated records, worked by hand.
#include <catch2/catch.hpp>

#include "contactkpi/quality.hpp"
#include "support.hpp"

using Catch::Matchers::WithinAbs;
using namespace contactkpi;
using namespace contactkpi::test;

TEST_CASE("CCQS: mean qa_score over evaluated contacts", "[quality][ccqs]") {
  SECTION("empty input: no data") {
    const auto r = customer_contact_quality_score({});
    CHECK_FALSE(r.has_data());
    CHECK(r.denominator == 0);
  }
  SECTION("contacts without an evaluation are not counted as 0") {
    std::vector<Contact> v{answered("a", 5s), answered("b", 5s)};
    CHECK_FALSE(customer_contact_quality_score(v).has_data());
    v[0].qa_score = 90.0;
    const auto r = customer_contact_quality_score(v);
    REQUIRE(r.value);
    CHECK(*r.value == 90.0);  // one evaluated contact: 90 / 1
    CHECK(r.denominator == 1);
    CHECK_FALSE(r.ci95);  // n = 1: no t-interval
    CHECK(r.unit == Unit::score);
  }
  SECTION("three evaluated contacts") {
    // (70 + 80 + 90) / 3 = 80; s = 10; se = 10/√3 = 5.7735027; t(2) = 4.3026527
    // half = 24.841377 → [55.158623, 104.841377], clipped to the 0..100 scale
    std::vector<Contact> v{answered("a", 5s), answered("b", 5s), answered("c", 5s),
                           answered("d", 5s)};
    v[0].qa_score = 70.0;
    v[1].qa_score = 80.0;
    v[2].qa_score = 90.0;
    const auto r = customer_contact_quality_score(v);
    REQUIRE(r.value);
    CHECK_THAT(*r.value, WithinAbs(80.0, 1e-12));
    CHECK(r.numerator == 240.0);
    CHECK(r.denominator == 3.0);
    REQUIRE(r.ci95);
    CHECK_THAT(r.ci95->lo, WithinAbs(55.158623, 1e-5));
    CHECK(r.ci95->hi == 100.0);
    check_merge_and_order(v, [] { return CcqsAccumulator{}; });
  }
}

TEST_CASE("CQIS: mean quality_score over scored interactions", "[quality][cqis]") {
  SECTION("empty input: no data") {
    CHECK_FALSE(interaction_quality_score({}).has_data());
  }
  SECTION("single scored interaction") {
    const std::vector<Interaction> v{{.contact_id = "a", .quality_score = 59.5}};
    const auto r = interaction_quality_score(v);
    REQUIRE(r.value);
    CHECK(*r.value == 59.5);
  }
  SECTION("unscored interactions are left out") {
    // (60 + 75) / 2 = 67.5
    const std::vector<Interaction> v{{.contact_id = "a", .quality_score = 60.0},
                                     {.contact_id = "a"},
                                     {.contact_id = "b", .quality_score = 75.0}};
    const auto r = interaction_quality_score(v);
    REQUIRE(r.value);
    CHECK_THAT(*r.value, WithinAbs(67.5, 1e-12));
    CHECK(r.denominator == 2);
    check_merge_and_order(v, [] { return CqisAccumulator{}; });
  }
}
