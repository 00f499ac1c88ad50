// SPDX-License-Identifier: MIT
// Service level, abandon rate, transfer rate and AHT over one hand-built queue.
//
// The queue (T = 20 s unless a test says otherwise), inbound unless noted:
//   id  outcome      wait  channel   handle (talk+hold+acw)  transferred
//   a1  answered     10 s  voice     100+20+30 = 150 s        no
//   a2  answered     20 s  voice     200 s                    no     (exactly on T)
//   a3  answered     30 s  voice     90+10 = 100 s            yes
//   b1  abandoned     3 s  voice     —                        —
//   b2  abandoned    15 s  voice     —                        —
//   b3  abandoned    40 s  voice     —                        —
//   u1  unanswered   25 s  voice     —                        —      (queue timeout)
//   o1  outbound      0 s  voice     300 s                    yes    (never in SL/abandon)
//   c1  answered     50 s  chat      50+0+10 = 60 s           no
//
// Counts (T = 20, wait ≤ T, no short abandons): offered 8 (all inbound);
// answered 4 (a1 a2 a3 c1), answered within T 2 (a1 a2); abandoned 3, abandoned within T
// 2 (b1 b2); left the queue within T 4 (a1 a2 b1 b2).
#include <catch2/catch.hpp>

#include "contactkpi/abandon_rate.hpp"
#include "contactkpi/handle_time.hpp"
#include "contactkpi/service_level.hpp"
#include "contactkpi/transfer_rate.hpp"
#include "support.hpp"

using Catch::Matchers::WithinAbs;
using namespace contactkpi;
using namespace contactkpi::test;

namespace {

std::vector<Contact> queue() {
  std::vector<Contact> v{answered("a1", 10s, 100s, 20s, 30s),
                         answered("a2", 20s, 200s),
                         answered("a3", 30s, 90s, 10s),
                         abandoned("b1", 3s),
                         abandoned("b2", 15s),
                         abandoned("b3", 40s),
                         unanswered("u1", 25s),
                         answered("o1", 0s, 300s),
                         answered("c1", 50s, 50s, 0s, 10s)};
  v[2].transferred = true;
  v[7].direction = Direction::outbound;
  v[7].transferred = true;
  v[8].channel = Channel::chat;
  return v;
}

void check_percent(const Result& r, std::int64_t num, std::int64_t den) {
  REQUIRE(r.value);
  CHECK(r.numerator == static_cast<double>(num));
  CHECK(r.denominator == static_cast<double>(den));
  CHECK_THAT(*r.value,
             WithinAbs(100.0 * static_cast<double>(num) / static_cast<double>(den), 1e-12));
}

}  // namespace

TEST_CASE("Service level: every formula on the hand-built queue", "[service_level]") {
  const auto v = queue();
  ServiceLevelOptions o;
  SECTION("standard (default): 2 / (4 + 3 − 0) = 2/7") {
    check_percent(service_level(v), 2, 7);
  }
  SECTION("answered-only (ICMI 2): 2 / 4") {
    o.formula = SlFormula::answered_only;
    check_percent(service_level(v, o), 2, 4);
  }
  SECTION("ignore-abandons-within-t (ICMI 4): 2 / (4 + 3 − 2)") {
    o.formula = SlFormula::ignore_abandons_within_t;
    check_percent(service_level(v, o), 2, 5);
  }
  SECTION("abandons-within-t-met (ICMI 1): (2 + 2) / 7") {
    o.formula = SlFormula::abandons_within_t_met;
    check_percent(service_level(v, o), 4, 7);
  }
  SECTION("short-abandons-met (ICMI 5) without short abandons: (2 + 0) / 7") {
    o.formula = SlFormula::short_abandons_met;
    check_percent(service_level(v, o), 2, 7);
  }
  SECTION("amazon-connect: left the queue within T 4 / queued 8") {
    o.formula = SlFormula::amazon_connect;
    check_percent(service_level(v, o), 4, 8);
  }
  SECTION("short abandons of 5 s: b1 (3 s) is short") {
    o.short_abandon = 5s;
    check_percent(service_level(v, o), 2, 6);  // standard: 2 / (7 − 1)
    o.formula = SlFormula::short_abandons_met;
    check_percent(service_level(v, o), 3, 7);  // (2 + 1) / 7
  }
  SECTION("short-abandon edge: wait exactly on the threshold is not short") {
    o.short_abandon = 3s;
    check_percent(service_level(v, o), 2, 7);
    o.short_abandon = 3s + 1us;
    check_percent(service_level(v, o), 2, 6);
  }
  SECTION("exclusive (<): a2 at exactly 20 s no longer counts") {
    o.exclusive = true;
    check_percent(service_level(v, o), 1, 7);
  }
  SECTION("threshold edges for a2 (wait 20 s)") {
    o.threshold = 20s - 1us;  // just below: a2 misses → 1/7
    check_percent(service_level(v, o), 1, 7);
    o.threshold = 20s + 1us;  // just above: a2 meets → 2/7
    check_percent(service_level(v, o), 2, 7);
  }
  SECTION("per-channel threshold: chat 60 s makes c1 (50 s) meet") {
    o.channel_threshold[static_cast<std::size_t>(Channel::chat)] = 60s;
    check_percent(service_level(v, o), 3, 7);
    o.formula = SlFormula::amazon_connect;
    check_percent(service_level(v, o), 5, 8);
  }
  SECTION("empty and outbound-only input: no data") {
    CHECK_FALSE(service_level({}).has_data());
    const std::vector<Contact> out{v[7]};
    CHECK_FALSE(service_level(out).has_data());
  }
  SECTION("single contact") {
    const std::vector<Contact> one{v[0]};
    check_percent(service_level(one), 1, 1);
  }
  SECTION("presets") {
    const auto g = ServiceLevelOptions::genesys_cloud(20s, 5s);
    check_percent(service_level(v, g), 2, 6);
    check_percent(service_level(v, ServiceLevelOptions::icmi(1)), 4, 7);
    check_percent(service_level(v, ServiceLevelOptions::icmi(2)), 2, 4);
    check_percent(service_level(v, ServiceLevelOptions::icmi(3)), 2, 7);
    check_percent(service_level(v, ServiceLevelOptions::icmi(4)), 2, 5);
    check_percent(service_level(v, ServiceLevelOptions::icmi(5, 20s, 5s)), 3, 7);
    check_percent(service_level(v, ServiceLevelOptions::amazon_connect()), 4, 8);
    CHECK_THROWS_AS(ServiceLevelOptions::icmi(6), std::invalid_argument);
  }
  SECTION("formula names round-trip") {
    for (auto f : {SlFormula::standard, SlFormula::answered_only,
                   SlFormula::ignore_abandons_within_t, SlFormula::abandons_within_t_met,
                   SlFormula::short_abandons_met, SlFormula::amazon_connect}) {
      CHECK(parse_sl_formula(to_string(f)) == f);
    }
    CHECK_FALSE(parse_sl_formula("icmi-6"));
  }
  SECTION("merge and order invariance") {
    check_merge_and_order(v, [] { return ServiceLevelAccumulator{}; });
    check_merge_and_order(v, [] {
      return ServiceLevelAccumulator{{.short_abandon = 5s, .formula = SlFormula::amazon_connect}};
    });
  }
}

TEST_CASE("Abandon rate", "[abandon_rate]") {
  const auto v = queue();
  SECTION("default: 3 abandoned of 8 offered") {
    check_percent(abandon_rate(v), 3, 8);
  }
  SECTION("short abandons leave both counts: (3 − 1) / (8 − 1)") {
    check_percent(abandon_rate(v, {.short_abandon = 5s}), 2, 7);
  }
  SECTION("edge: b1 waited exactly 3 s") {
    check_percent(abandon_rate(v, {.short_abandon = 3s}), 3, 8);
    check_percent(abandon_rate(v, {.short_abandon = 3s + 1us}), 2, 7);
  }
  SECTION("empty: no data; single abandon: 100%") {
    CHECK_FALSE(abandon_rate({}).has_data());
    const std::vector<Contact> one{abandoned("x", 10s)};
    check_percent(abandon_rate(one), 1, 1);
  }
  SECTION("all offered contacts were short abandons: no data, not 0") {
    const std::vector<Contact> shorts{abandoned("x", 1s)};
    CHECK_FALSE(abandon_rate(shorts, {.short_abandon = 2s}).has_data());
  }
  SECTION("merge and order invariance") {
    check_merge_and_order(v, [] { return AbandonRateAccumulator{{.short_abandon = 5s}}; });
  }
}

TEST_CASE("Transfer rate", "[transfer_rate]") {
  const auto v = queue();
  SECTION("handled a1 a2 a3 o1 c1; transferred a3 o1: 2/5") {
    check_percent(transfer_rate(v), 2, 5);
  }
  SECTION("an abandoned contact is in neither count") {
    auto w = v;
    w[3].transferred = true;  // b1 is abandoned
    check_percent(transfer_rate(w), 2, 5);
  }
  SECTION("empty: no data; single") {
    CHECK_FALSE(transfer_rate({}).has_data());
    const std::vector<Contact> one{v[2]};
    check_percent(transfer_rate(one), 1, 1);
  }
  SECTION("merge and order invariance") {
    check_merge_and_order(v, [] { return TransferRateAccumulator{}; });
  }
}

TEST_CASE("Average handle time", "[aht]") {
  const auto v = queue();
  SECTION("default: handled a1 a2 a3 o1 c1 = (150 + 200 + 100 + 300 + 60) / 5 = 162 s") {
    const auto r = average_handle_time(v);
    REQUIRE(r.value);
    CHECK_THAT(*r.value, WithinAbs(162.0, 1e-9));
    CHECK(r.numerator == 810.0);
    CHECK(r.denominator == 5.0);
    CHECK(r.unit == Unit::seconds);
    // s² = Σ(x − 162)²/4 = (144 + 1444 + 3844 + 19044 + 10404)/4 = 34880/4 = 8720
    // se = sqrt(8720/5) = 41.761226; t(4) = 2.776445 → half = 115.94775
    REQUIRE(r.ci95);
    CHECK_THAT(r.ci95->lo, WithinAbs(162.0 - 115.94775, 1e-4));
    CHECK_THAT(r.ci95->hi, WithinAbs(162.0 + 115.94775, 1e-4));
  }
  SECTION("inbound only: (150 + 200 + 100 + 60) / 4 = 127.5 s") {
    const auto r = average_handle_time(v, {.direction = Direction::inbound});
    REQUIRE(r.value);
    CHECK_THAT(*r.value, WithinAbs(127.5, 1e-9));
  }
  SECTION("outbound only: 300 s") {
    const auto r = average_handle_time(v, {.direction = Direction::outbound});
    REQUIRE(r.value);
    CHECK_THAT(*r.value, WithinAbs(300.0, 1e-9));
    CHECK_FALSE(r.ci95);  // n = 1
  }
  SECTION("chat only: 60 s; email: no data") {
    const auto r = average_handle_time(v, {.channel = Channel::chat});
    REQUIRE(r.value);
    CHECK_THAT(*r.value, WithinAbs(60.0, 1e-9));
    CHECK_FALSE(average_handle_time(v, {.channel = Channel::email}).has_data());
  }
  SECTION("empty: no data") {
    CHECK_FALSE(average_handle_time({}).has_data());
  }
  SECTION("fractional seconds are kept exactly (microseconds)") {
    // 0.000001 + 0.5 + 1.25 = 1.750001 s
    const std::vector<Contact> one{answered("f", 1s, 1us, 500ms, 1250ms)};
    const auto r = average_handle_time(one);
    REQUIRE(r.value);
    CHECK_THAT(*r.value, WithinAbs(1.750001, 1e-12));
  }
  SECTION("merge and order invariance") {
    check_merge_and_order(v, [] { return AhtAccumulator{}; });
  }
}
