// SPDX-License-Identifier: MIT
// Bands and benchmarks (SPEC §3, seeds 000, 001, 002, 004): every documented edge on, just
// below and just above it, the SPEC examples, the user-band grammar, and the benchmarks.
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "contactkpi/banding.hpp"

namespace {

using Catch::Matchers::Contains;
using contactkpi::Band;
using contactkpi::BandDirection;
using contactkpi::Banded;
using contactkpi::BandScheme;
using contactkpi::BandState;
using contactkpi::Cut;
using contactkpi::EdgeOwner;
using contactkpi::KpiId;
using contactkpi::RangePosition;

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

BandScheme documented(KpiId kpi) {
  auto s = contactkpi::default_bands(kpi);
  REQUIRE(s.has_value());
  return *s;
}

std::string label(const BandScheme& s, double x) {
  const Banded b = s.classify(std::optional<double>{x});
  REQUIRE(b.state == BandState::in_band);
  CHECK(b.label == s.label_of(x));  // both overloads agree
  return std::string{b.label};
}

}  // namespace

TEST_CASE("classification is noexcept", "[banding]") {
  const BandScheme s = BandScheme::half_open({"low", "high"}, {1.0});
  STATIC_REQUIRE(noexcept(s.classify(1.0)));
  STATIC_REQUIRE(noexcept(s.classify(std::optional<double>{})));
  STATIC_REQUIRE(noexcept(s.classify(contactkpi::Result{})));
  STATIC_REQUIRE(noexcept(contactkpi::benchmarks(KpiId::ccqs)));
  STATIC_REQUIRE(noexcept(contactkpi::compare_to_range(1.0, contactkpi::Benchmark{})));
}

TEST_CASE("CCQS: Excellent >= 80, Good 70 <= x < 80, Poor < 70", "[banding][ccqs]") {
  const BandScheme s = documented(KpiId::ccqs);
  const auto [value, expected] = GENERATE(table<double, std::string>({
      {0.0, "Poor"},
      {69.999999, "Poor"},  // just below the 70 edge
      {70.0, "Good"},       // on it: "70%–79% – Good" names 70
      {70.000001, "Good"},
      {79.5, "Good"},  // SPEC §3 example: between 79 and 80 goes to the nearest edge, Good
      {79.999999, "Good"},
      {80.0, "Excellent"},  // "80% and above"
      {80.000001, "Excellent"},
      {100.0, "Excellent"},
  }));
  CAPTURE(value);
  CHECK(label(s, value) == expected);
}

TEST_CASE("CCQS bands carry the seed's interpretation lines verbatim", "[banding][ccqs]") {
  const BandScheme s = documented(KpiId::ccqs);
  REQUIRE(s.size() == 3);
  CHECK(s.bands()[0] ==
        Band{"Poor", "Poor; immediate action needed to address service deficiencies."});
  CHECK(s.bands()[1] == Band{"Good", "Good; room for improvement exists in specific areas."});
  CHECK(
      s.bands()[2] ==
      Band{"Excellent", "Excellent; indicates high customer satisfaction and effective service."});
  CHECK(s.direction() == BandDirection::higher_is_better);
  CHECK(s.source() == "KPI Depot: Customer Contact Quality Score");
  const Banded b = s.classify(std::optional<double>{85.0});
  CHECK(b.index == 2);  // best
  CHECK(b.interpretation ==
        "Excellent; indicates high customer satisfaction and effective service.");
  CHECK(s.range_text(0) == "x < 70");
  CHECK(s.range_text(1) == "70 <= x < 80");
  CHECK(s.range_text(2) == "x >= 80");
}

TEST_CASE("CQIS: Excellent 80..100, Acceptable 60 <= x < 80, Critical < 60", "[banding][cqis]") {
  const BandScheme s = documented(KpiId::cqis);
  const auto [value, expected] = GENERATE(table<double, std::string>({
      {0.0, "Critical"},
      {59.5, "Critical"},  // nearest edge of "Below 60" / "60-79" is 60: below it
      {59.999999, "Critical"},
      {60.0, "Acceptable"},
      {60.000001, "Acceptable"},
      {79.5, "Acceptable"},
      {79.999999, "Acceptable"},
      {80.0, "Excellent"},
      {80.000001, "Excellent"},
      {100.0, "Excellent"},
  }));
  CAPTURE(value);
  CHECK(label(s, value) == expected);
}

TEST_CASE("CQIS interpretations are the seed's lines verbatim", "[banding][cqis]") {
  const BandScheme s = documented(KpiId::cqis);
  CHECK(s.bands()[0].interpretation ==
        "Critical; immediate action required to address customer concerns");
  CHECK(s.bands()[1].interpretation == "Acceptable; room for improvement in service quality");
  CHECK(s.bands()[2].interpretation ==
        "Excellent; indicates strong customer satisfaction and loyalty");
}

TEST_CASE("contact rate: Optimal <= 5, Acceptable 5 < x <= 10, Concern > 10 (lower is better)",
          "[banding][contact_rate]") {
  const BandScheme s = documented(KpiId::contact_rate);
  CHECK(s.direction() == BandDirection::lower_is_better);
  const auto [value, expected, index] = GENERATE(table<double, std::string, std::size_t>({
      {0.0, "Optimal", 2},
      {4.999999, "Optimal", 2},
      {5.0, "Optimal", 2},  // "0–5% – Optimal" names 5
      {5.000001, "Acceptable", 1},
      {5.5, "Acceptable", 1},  // SPEC §3 example
      {9.999999, "Acceptable", 1},
      {10.0, "Acceptable", 1},  // "6–10% – Acceptable" names 10
      {10.000001, "Concern", 0},
      {10.5, "Concern", 0},   // SPEC §3 example
      {250.0, "Concern", 0},  // contacts per 100 customers can exceed 100
  }));
  CAPTURE(value);
  CHECK(label(s, value) == expected);
  CHECK(s.classify(value) == index);  // index 0 is the worst band whatever the direction
}

TEST_CASE("contact rate interpretations and range texts", "[banding][contact_rate]") {
  const BandScheme s = documented(KpiId::contact_rate);
  CHECK(s.bands()[0] == Band{"Concern", "Concern; investigate root causes"});
  CHECK(s.bands()[1] == Band{"Acceptable", "Acceptable; monitor for emerging issues"});
  CHECK(s.bands()[2] == Band{"Optimal", "Optimal; indicates strong service efficiency"});
  CHECK(s.range_text(2) == "x <= 5");
  CHECK(s.range_text(1) == "5 < x <= 10");
  CHECK(s.range_text(0) == "x > 10");
}

TEST_CASE("service level: Met at or above the target, Missed below", "[banding][service_level]") {
  SECTION("default target 80 %") {
    const BandScheme s = documented(KpiId::service_level);
    CHECK(s == contactkpi::service_level_bands(80.0));
    CHECK(label(s, 0.0) == "Missed");
    CHECK(label(s, 79.999999) == "Missed");
    CHECK(label(s, 80.0) == "Met");
    CHECK(label(s, 80.000001) == "Met");
    CHECK(label(s, 100.0) == "Met");
    CHECK(s.source().find("https://pegamento.nl/") != std::string::npos);
  }
  SECTION("a configured target of 90 %") {
    const BandScheme s = contactkpi::service_level_bands(90.0);
    CHECK(label(s, 89.999999) == "Missed");
    CHECK(label(s, 90.0) == "Met");
    CHECK(label(s, 90.000001) == "Met");
    CHECK(s.bands()[1].interpretation.find("90%") != std::string::npos);
  }
  SECTION("targets outside 0..100 are rejected") {
    CHECK_THROWS_AS(contactkpi::service_level_bands(100.5), std::invalid_argument);
    CHECK_THROWS_AS(contactkpi::service_level_bands(-1.0), std::invalid_argument);
    CHECK_THROWS_AS(contactkpi::service_level_bands(not_a_number), std::invalid_argument);
    CHECK_NOTHROW(contactkpi::service_level_bands(100.0));
    CHECK_NOTHROW(contactkpi::service_level_bands(0.0));
  }
}

TEST_CASE("KPIs without documented bands have no default scheme", "[banding]") {
  for (const KpiId kpi : {KpiId::fcr, KpiId::aht, KpiId::abandon_rate, KpiId::transfer_rate,
                          KpiId::csat, KpiId::nps, KpiId::ces}) {
    CAPTURE(contactkpi::to_string(kpi));
    CHECK_FALSE(contactkpi::default_bands(kpi).has_value());
  }
}

TEST_CASE("no data and out-of-range values never get a band", "[banding]") {
  const BandScheme ccqs = documented(KpiId::ccqs);
  const BandScheme rate = documented(KpiId::contact_rate);
  CHECK(ccqs.classify(std::optional<double>{}) == Banded{});  // no_data
  CHECK(ccqs.classify(contactkpi::Result{}).state == BandState::no_data);
  CHECK(ccqs.classify(std::optional<double>{100.000001}).state == BandState::out_of_range);
  CHECK(ccqs.classify(std::optional<double>{-0.000001}).state == BandState::out_of_range);
  CHECK(ccqs.classify(std::optional<double>{not_a_number}).state == BandState::out_of_range);
  CHECK(rate.classify(std::optional<double>{-0.5}).state == BandState::out_of_range);
  CHECK(rate.classify(std::optional<double>{inf}).state == BandState::in_band);  // domain [0, ∞]
  const Banded oor = ccqs.classify(std::optional<double>{not_a_number});
  CHECK(oor.label.empty());
  CHECK(oor.interpretation.empty());
  // The plain overload clamps to the end bands and sends NaN to band 0 (documented).
  CHECK(ccqs.classify(150.0) == 2);
  CHECK(ccqs.classify(not_a_number) == 0);
  CHECK(rate.classify(not_a_number) == 0);
  contactkpi::Result r;
  r.value = 72.0;
  CHECK(ccqs.classify(r).label == "Good");
  CHECK(contactkpi::to_string(BandState::no_data) == "no_data");
  CHECK(contactkpi::to_string(BandState::out_of_range) == "out_of_range");
  CHECK(contactkpi::to_string(BandState::in_band) == "in_band");
}

TEST_CASE("the shorthand scheme is half-open with inclusive lower edges", "[banding]") {
  const BandScheme csat = BandScheme::half_open({"red", "amber", "green"}, {70.0, 85.0},
                                                BandDirection::higher_is_better);
  const auto [value, expected] = GENERATE(table<double, std::string>(
      {{0.0, "red"}, {69.99, "red"}, {70.0, "amber"}, {84.99, "amber"}, {85.0, "green"}}));
  CAPTURE(value);
  CHECK(csat.label_of(value) == expected);
  CHECK(csat.bands()[0].interpretation.empty());
  CHECK(csat.cuts()[0] == Cut{70.0, EdgeOwner::upper});
}

TEST_CASE("band index is monotonic in the value", "[banding][property]") {
  const BandScheme up = documented(KpiId::ccqs);
  const BandScheme down = documented(KpiId::contact_rate);
  std::size_t last_up = 0;
  std::size_t last_down = 2;
  for (int i = 0; i <= 2000; ++i) {
    const double x = 0.05 * static_cast<double>(i);  // 0..100
    CHECK(up.classify(x) >= last_up);
    CHECK(down.classify(x) <= last_down);
    last_up = up.classify(x);
    last_down = down.classify(x);
  }
  CHECK(last_up == 2);
  CHECK(last_down == 0);
}

TEST_CASE("the BandScheme constructor validates", "[banding]") {
  using Bands = std::vector<Band>;
  using Cuts = std::vector<Cut>;
  const Bands two{{"a", ""}, {"b", ""}};
  CHECK_THROWS_WITH((BandScheme{Bands{{"a", ""}}, Cuts{}}), Contains("at least two bands"));
  CHECK_THROWS_WITH((BandScheme{two, Cuts{}}), Contains("2 bands need 1 cut points, got 0"));
  CHECK_THROWS_AS((BandScheme{two, Cuts{{1.0}, {2.0}}}), std::invalid_argument);
  CHECK_THROWS_WITH((BandScheme{Bands{{"a", ""}, {"", ""}}, Cuts{{1.0}}}), Contains("empty label"));
  CHECK_THROWS_WITH((BandScheme{Bands{{"a", ""}, {"a", ""}}, Cuts{{1.0}}}), Contains("repeats"));
  CHECK_THROWS_WITH((BandScheme{Bands{{"a", ""}, {"b", ""}, {"c", ""}}, Cuts{{2.0}, {2.0}}}),
                    Contains("strictly increasing (2 then 2)"));
  CHECK_THROWS_AS((BandScheme{Bands{{"a", ""}, {"b", ""}, {"c", ""}}, Cuts{{3.0}, {2.0}}}),
                  std::invalid_argument);
  CHECK_THROWS_WITH((BandScheme{two, Cuts{{not_a_number}}}), Contains("not finite"));
  CHECK_THROWS_AS((BandScheme{two, Cuts{{inf}}}), std::invalid_argument);
  CHECK_THROWS_WITH((BandScheme{two, Cuts{{1.0}}, BandDirection::higher_is_better, {5.0, 5.0}}),
                    Contains("lo < hi"));
  CHECK_THROWS_WITH((BandScheme{two, Cuts{{101.0}}, BandDirection::higher_is_better, {0.0, 100.0}}),
                    Contains("outside the domain"));
}

TEST_CASE("user bands: the compact grammar", "[banding][parse]") {
  SECTION("ascending: higher is better, '<=' on the right gives the edge to the upper band") {
    const BandScheme s = contactkpi::parse_band_scheme("Poor<70<=Good<80<=Excellent");
    CHECK(s.direction() == BandDirection::higher_is_better);
    CHECK(s.cuts()[0] == Cut{70.0, EdgeOwner::upper});
    CHECK(s.cuts()[1] == Cut{80.0, EdgeOwner::upper});
    CHECK(s.label_of(69.999999) == "Poor");
    CHECK(s.label_of(70.0) == "Good");
    CHECK(s.label_of(70.000001) == "Good");
    CHECK(s.label_of(79.999999) == "Good");
    CHECK(s.label_of(80.0) == "Excellent");
    CHECK(s.domain() == contactkpi::unbounded_domain);
    CHECK(s.source().empty());
  }
  SECTION("ascending with '<=' on the left: the lower band owns the edge") {
    const BandScheme s = contactkpi::parse_band_scheme("Poor<=70<Good");
    CHECK(s.cuts()[0] == Cut{70.0, EdgeOwner::lower});
    CHECK(s.label_of(70.0) == "Poor");
    CHECK(s.label_of(70.000001) == "Good");
  }
  SECTION("descending: lower is better; reproduces the documented contact-rate edges") {
    const BandScheme s = contactkpi::parse_band_scheme("Concern>10>=Acceptable>5>=Optimal");
    const BandScheme doc = documented(KpiId::contact_rate);
    CHECK(s.direction() == BandDirection::lower_is_better);
    CHECK(std::vector<Cut>(s.cuts().begin(), s.cuts().end()) ==
          std::vector<Cut>(doc.cuts().begin(), doc.cuts().end()));
    for (const double x : {4.999999, 5.0, 5.000001, 5.5, 9.999999, 10.0, 10.000001, 10.5}) {
      CAPTURE(x);
      CHECK(s.label_of(x) == doc.label_of(x));
    }
  }
  SECTION("descending with '>=' on the left: the upper band owns the edge") {
    // AHT in seconds: Slow above 600 (600 itself is Slow), Fast at or below 300.
    const BandScheme s = contactkpi::parse_band_scheme("Slow>=600>OK>300>=Fast");
    CHECK(s.label_of(600.0) == "Slow");
    CHECK(s.label_of(599.999) == "OK");
    CHECK(s.label_of(300.000001) == "OK");
    CHECK(s.label_of(300.0) == "Fast");
    CHECK(s.classify(300.0) == 2);  // best
  }
  SECTION("whitespace, '%', decimals, negatives and multi-word labels") {
    const BandScheme s =
        contactkpi::parse_band_scheme("  Needs work < -20.5% <= So so <1e1<= Very good ");
    REQUIRE(s.size() == 3);
    CHECK(s.bands()[0].label == "Needs work");
    CHECK(s.bands()[1].label == "So so");
    CHECK(s.bands()[2].label == "Very good");
    CHECK(s.cuts()[0].value == -20.5);
    CHECK(s.cuts()[1].value == 10.0);
    CHECK(s.label_of(-20.5) == "So so");
  }
}

TEST_CASE("user bands: clear errors", "[banding][parse]") {
  const auto [text, message] = GENERATE(table<std::string, std::string>({
      {"", "expected a label at offset 0"},
      {"Poor", "needs at least one cut"},
      {"Poor<70", "expected '<', '<=', '>' or '>='"},
      {"Poor<70<=", "expected a label at offset 9"},
      {"<70<=Good", "expected a label at offset 0"},
      {"Poor<x<=Good", "expected a number at offset 5"},
      {"Poor<70<Good", "exactly one side of a cut must be inclusive"},
      {"Poor<=70<=Good", "exactly one side of a cut must be inclusive"},
      {"Poor<70>=Good", "mixes '<' and '>'"},
      {"A<70<=B>80>=C", "all cuts must go the same way"},
      {"A<80<=B<70<=C", "numbers must increase left to right"},
      {"A<70<=B<70<=C", "numbers must increase left to right"},
      {"A>5>=B>10>=C", "numbers must decrease left to right"},
      {"A<70=<B", "expected '<', '<=', '>' or '>='"},
      {"A<inf<=B", "must be finite"},
      {"A<70<=A", "label \"A\" repeats"},
  }));
  CAPTURE(text);
  CHECK_THROWS_WITH(contactkpi::parse_band_scheme(text), Contains(message));
  CHECK_THROWS_AS(contactkpi::parse_band_scheme(text), std::invalid_argument);
}

TEST_CASE("to_string writes the compact form back", "[banding][parse]") {
  CHECK(contactkpi::to_string(documented(KpiId::ccqs)) == "Poor<70<=Good<80<=Excellent");
  CHECK(contactkpi::to_string(documented(KpiId::cqis)) == "Critical<60<=Acceptable<80<=Excellent");
  CHECK(contactkpi::to_string(documented(KpiId::contact_rate)) ==
        "Concern>10>=Acceptable>5>=Optimal");
  CHECK(contactkpi::to_string(documented(KpiId::service_level)) == "Missed<80<=Met");
  for (const std::string text :
       {"Poor<=70<Good", "Slow>=600>OK>300>=Fast", "a<-1.25<=b<0<=c", "x>0.1>=y"}) {
    CAPTURE(text);
    CHECK(contactkpi::to_string(contactkpi::parse_band_scheme(text)) == text);
  }
}

TEST_CASE("KPI=SCHEME assignments for a CLI flag", "[banding][parse]") {
  const auto [kpi, scheme] = contactkpi::parse_band_assignment("csat=Poor<70<=Good<85<=Great");
  CHECK(kpi == KpiId::csat);
  CHECK(scheme.label_of(85.0) == "Great");
  CHECK(contactkpi::parse_band_assignment(" aht = Slow>600>=Fast").first == KpiId::aht);
  CHECK_THROWS_WITH(contactkpi::parse_band_assignment("Poor<70<=Good"),
                    Contains("unknown KPI \"Poor<70<\""));
  CHECK_THROWS_WITH(contactkpi::parse_band_assignment("csat"), Contains("expected KPI=SCHEME"));
  CHECK_THROWS_WITH(contactkpi::parse_band_assignment("qa=Poor<70<=Good"),
                    Contains("unknown KPI \"qa\""));
  CHECK_THROWS_AS(contactkpi::parse_band_assignment("nps=Bad<0<Good"), std::invalid_argument);
}

TEST_CASE("benchmarks quoted in the seeds, with sources", "[banding][benchmarks]") {
  SECTION("CCQS: industry average 75 (Forrester), top quartile 85 (Gartner)") {
    const auto b = contactkpi::benchmarks(KpiId::ccqs);
    REQUIRE(b.size() == 2);
    CHECK(b[0].low == 75.0);
    CHECK_FALSE(b[0].is_range());
    CHECK(b[0].source == "Forrester");
    CHECK(b[0].description == "Industry average for customer service");
    CHECK(b[1].low == 85.0);
    CHECK(b[1].source == "Gartner");
  }
  SECTION("CQIS: retail 75 (Forrester), telecom 70 (Gartner), financial services 80 (J.D. Power)") {
    const auto b = contactkpi::benchmarks(KpiId::cqis);
    REQUIRE(b.size() == 3);
    CHECK((b[0].low == 75.0 && b[0].source == "Forrester"));
    CHECK((b[1].low == 70.0 && b[1].source == "Gartner"));
    CHECK((b[2].low == 80.0 && b[2].source == "J.D. Power"));
  }
  SECTION("FCR: industry ranges and the quarterly aim, from the Pegamento article") {
    const auto b = contactkpi::benchmarks(KpiId::fcr);
    REQUIRE(b.size() == 4);
    for (const auto& x : b) {
      CHECK(x.kpi == KpiId::fcr);
      CHECK(x.url ==
            "https://pegamento.nl/en/contact-center/which-customer-contact-kpis-really-matter/");
    }
    CHECK((b[0].low == 70.0 && b[0].high == 75.0));
    CHECK((b[1].low == 60.0 && b[1].high == 65.0));
    CHECK(b[2].low == 85.0);
    CHECK(b[2].is_open_ended());  // "85%+"
    CHECK(b[3].kind == contactkpi::BenchmarkKind::improvement_per_quarter);
    CHECK((b[3].low == 5.0 && b[3].high == 10.0));
  }
  SECTION("service level: 80 % within 20 s") {
    const auto b = contactkpi::benchmarks(KpiId::service_level);
    REQUIRE(b.size() == 1);
    CHECK(b[0].low == 80.0);
    CHECK(b[0].kind == contactkpi::BenchmarkKind::target);
  }
  SECTION("KPIs without quoted benchmarks") {
    for (const KpiId kpi : {KpiId::contact_rate, KpiId::aht, KpiId::abandon_rate,
                            KpiId::transfer_rate, KpiId::csat, KpiId::nps, KpiId::ces}) {
      CHECK(contactkpi::benchmarks(kpi).empty());
    }
  }
}

TEST_CASE("FCR against an industry range: below, within, above", "[banding][benchmarks]") {
  using contactkpi::FcrIndustry;
  const auto& tech = contactkpi::fcr_industry_range(FcrIndustry::technical_support);  // 60-65
  const auto [value, expected] = GENERATE(table<double, RangePosition>({
      {59.999999, RangePosition::below},
      {60.0, RangePosition::within},  // closed range: both ends are within
      {60.000001, RangePosition::within},
      {64.999999, RangePosition::within},
      {65.0, RangePosition::within},
      {65.000001, RangePosition::above},
  }));
  CAPTURE(value);
  CHECK(contactkpi::compare_to_range(value, tech) == expected);

  const auto& simple = contactkpi::fcr_industry_range(FcrIndustry::simple_transactional);  // 85+
  CHECK(contactkpi::compare_to_range(84.999999, simple) == RangePosition::below);
  CHECK(contactkpi::compare_to_range(85.0, simple) == RangePosition::within);
  CHECK(contactkpi::compare_to_range(100.0, simple) == RangePosition::within);  // never above
  const auto& b2b = contactkpi::fcr_industry_range(FcrIndustry::b2b_services);  // 70-75
  CHECK(contactkpi::compare_to_range(75.5, b2b) == RangePosition::above);

  contactkpi::Result none;
  CHECK_FALSE(contactkpi::compare_to_range(none, tech).has_value());
  contactkpi::Result r;
  r.value = 62.5;
  CHECK(contactkpi::compare_to_range(r, tech) == RangePosition::within);
  CHECK(contactkpi::to_string(RangePosition::below) == "below");
  CHECK(contactkpi::to_string(RangePosition::within) == "within");
  CHECK(contactkpi::to_string(RangePosition::above) == "above");
}

TEST_CASE("FCR industry names parse both ways", "[banding][benchmarks]") {
  using contactkpi::FcrIndustry;
  for (const FcrIndustry i : {FcrIndustry::b2b_services, FcrIndustry::technical_support,
                              FcrIndustry::simple_transactional}) {
    CHECK(contactkpi::parse_fcr_industry(contactkpi::to_string(i)) == i);
  }
  CHECK(contactkpi::parse_fcr_industry("Technical_Support") == FcrIndustry::technical_support);
  CHECK_FALSE(contactkpi::parse_fcr_industry("retail").has_value());
}
