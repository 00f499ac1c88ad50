// SPDX-License-Identifier: MIT
// Contact rate by segment: hand-worked values, period matching, ISO weeks and errors.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <span>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "contactkpi/contact_rate.hpp"

using namespace std::chrono_literals;
using Catch::Matchers::WithinAbs;
using contactkpi::Contact;
using contactkpi::ContactRateAccumulator;
using contactkpi::ContactRateOptions;
using contactkpi::PeriodKind;
using contactkpi::Segment;
using contactkpi::SegmentRate;
using contactkpi::Timestamp;
using std::chrono::sys_days;
using std::chrono::year;

namespace {

constexpr contactkpi::Duration us1{1};

Timestamp at(int y, unsigned m, unsigned d, std::chrono::microseconds time_of_day = 12h) {
  return Timestamp{sys_days{year{y} / std::chrono::month{m} / std::chrono::day{d}}} + time_of_day;
}

Contact contact(std::string segment, std::string customer, Timestamp arrived) {
  Contact c;
  c.contact_id = "c";
  c.segment = std::move(segment);
  c.customer_id = std::move(customer);
  c.arrived_at = arrived;
  c.ended_at = arrived + 5min;
  return c;
}

Segment size(std::string segment, std::int64_t customers, std::string period = "") {
  Segment s;
  s.segment = std::move(segment);
  s.customers = customers;
  s.period = std::move(period);
  return s;
}

void check_row(const SegmentRate& row, const std::string& segment, std::int64_t contacts,
               std::int64_t customers, std::int64_t unmatched, std::int64_t anonymous = 0) {
  CAPTURE(row.segment);
  CHECK(row.segment == segment);
  CHECK(row.contacts == contacts);
  CHECK(row.customers == customers);
  CHECK(row.unmatched == unmatched);
  CHECK(row.anonymous == anonymous);
  CHECK(row.result.numerator == static_cast<double>(contacts));
  CHECK(row.result.denominator == static_cast<double>(customers));
  CHECK(row.result.unit == contactkpi::Unit::percent);
}

}  // namespace

TEST_CASE("period_key formats days, months and ISO weeks", "[contact_rate]") {
  const Timestamp t = at(2026, 3, 2, 9h);  // a Monday
  CHECK(contactkpi::period_key(t, PeriodKind::day) == "2026-03-02");
  CHECK(contactkpi::period_key(t, PeriodKind::month) == "2026-03");
  // 2026-01-01 is a Thursday, so week 1 is Mon 2025-12-29 .. Sun 2026-01-04; Mon 2026-03-02
  // is 8 weeks after Mon 2026-01-05 (week 2) → week 10.
  CHECK(contactkpi::period_key(t, PeriodKind::week) == "2026-W10");
  CHECK(contactkpi::period_key(t, PeriodKind::all).empty());
  // The last microsecond of a day is still that day (UTC).
  CHECK(contactkpi::period_key(at(2026, 3, 8, 24h - us1), PeriodKind::day) == "2026-03-08");
  CHECK(contactkpi::period_key(at(2026, 3, 8, 24h - us1), PeriodKind::week) == "2026-W10");
  CHECK(contactkpi::period_key(at(2026, 3, 9, 0h), PeriodKind::week) == "2026-W11");
  CHECK(contactkpi::period_key(sys_days{year{2026} / 12 / 31}, PeriodKind::month) == "2026-12");
}

TEST_CASE("ISO weeks follow the ISO-8601 week-year at year boundaries", "[contact_rate]") {
  // The week belongs to the year of its Thursday.
  const auto [y, m, d, expected] = GENERATE(table<int, unsigned, unsigned, std::string>({
      {2020, 12, 31, "2020-W53"},  // Thu: 2020 began on a Wednesday in a leap year → 53 weeks
      {2021, 1, 3, "2020-W53"},    // Sun of that week
      {2021, 1, 4, "2021-W01"},    // Mon
      {2024, 12, 29, "2024-W52"},  // Sun
      {2024, 12, 30, "2025-W01"},  // Mon: its Thursday is 2025-01-02
      {2026, 1, 1, "2026-W01"},    // Thu
      {2025, 12, 29, "2026-W01"},  // Mon of the same week
      {2026, 12, 28, "2026-W53"},  // 2026 began on a Thursday → 53 weeks
      {2027, 1, 3, "2026-W53"},    // Sun
      {2027, 1, 4, "2027-W01"},
  }));
  CAPTURE(y, m, d);
  CHECK(contactkpi::period_key(at(y, m, d), PeriodKind::week) == expected);
}

TEST_CASE("period_kind_of recognises the three forms and rejects the rest", "[contact_rate]") {
  CHECK(contactkpi::period_kind_of("") == PeriodKind::all);
  CHECK(contactkpi::period_kind_of("2026-03") == PeriodKind::month);
  CHECK(contactkpi::period_kind_of("2026-12") == PeriodKind::month);
  CHECK(contactkpi::period_kind_of("2026-03-02") == PeriodKind::day);
  CHECK(contactkpi::period_kind_of("2024-02-29") == PeriodKind::day);  // leap day
  CHECK(contactkpi::period_kind_of("2026-W10") == PeriodKind::week);
  CHECK(contactkpi::period_kind_of("2026-W01") == PeriodKind::week);
  CHECK(contactkpi::period_kind_of("2020-W53") == PeriodKind::week);
  CHECK(contactkpi::period_kind_of("2026-W53") == PeriodKind::week);
  for (const char* bad : {"2021-W53",  // 2021 has 52 weeks
                          "2026-W00", "2026-W54", "2026-w10", "2026-13", "2026-00", "2023-02-29",
                          "2026-04-31", "2026-03-00", "2026-3", "26-03", "2026/03", "2026-03-02T",
                          "2026-03-2", "x026-03", "2026-W1", "all"}) {
    CAPTURE(bad);
    CHECK_FALSE(contactkpi::period_kind_of(bad).has_value());
  }
}

TEST_CASE("contact rate of nothing", "[contact_rate]") {
  const ContactRateAccumulator acc;
  CHECK(acc.results({}).empty());
  // Rows without contacts: 0 contacts per 100 customers; 0 customers is no data.
  const std::vector rows{size("gold", 100), size("zero", 0)};
  const auto out = acc.results(rows);
  REQUIRE(out.size() == 2);
  check_row(out[0], "gold", 0, 100, 0);
  CHECK(out[0].result.value == 0.0);
  // Poisson score interval at k = 0: (0 + 1.9208 ± 1.96·sqrt(0.9604)) / 100 × 100
  // = (1.9208 ± 1.9208) → [0, 3.8416].
  REQUIRE(out[0].result.ci95.has_value());
  CHECK_THAT(out[0].result.ci95->lo, WithinAbs(0.0, 1e-12));
  CHECK_THAT(out[0].result.ci95->hi, WithinAbs(3.8416, 1e-12));
  check_row(out[1], "zero", 0, 0, 0);
  CHECK_FALSE(out[1].result.has_data());
  CHECK_FALSE(out[1].result.ci95.has_value());
}

TEST_CASE("contact rate of a single contact", "[contact_rate]") {
  const std::vector contacts{contact("gold", "u1", at(2026, 3, 2))};
  const std::vector rows{size("gold", 50)};
  for (const bool net : {false, true}) {
    CAPTURE(net);
    const auto out = contactkpi::contact_rate_by_segment(contacts, rows, {.net = net});
    REQUIRE(out.size() == 1);
    check_row(out[0], "gold", 1, 50, 0);
    CHECK_THAT(*out[0].result.value, WithinAbs(2.0, 1e-12));  // 1 / 50 × 100
  }
  // Without a size row it is unmatched, not dropped, and the rate is no data.
  const auto unsized = contactkpi::contact_rate_by_segment(contacts, {});
  REQUIRE(unsized.size() == 1);
  check_row(unsized[0], "gold", 0, 0, 1);
  CHECK_FALSE(unsized[0].result.has_data());
}

TEST_CASE("gross and net contact rate for an all-time row", "[contact_rate]") {
  // gold, 200 customers: u1 twice, u2 once, one anonymous contact, one outbound (ignored).
  auto outbound = contact("gold", "u3", at(2026, 3, 4));
  outbound.direction = contactkpi::Direction::outbound;
  const std::vector contacts{
      contact("gold", "u1", at(2026, 3, 2)), contact("gold", "u1", at(2026, 3, 20)),
      contact("gold", "u2", at(2026, 4, 5)), contact("gold", "", at(2026, 3, 3)), outbound};
  const std::vector rows{size("gold", 200)};

  const auto gross = contactkpi::contact_rate_by_segment(contacts, rows);
  REQUIRE(gross.size() == 1);
  check_row(gross[0], "gold", 4, 200, 0, 1);
  CHECK_THAT(*gross[0].result.value, WithinAbs(2.0, 1e-12));  // 4 / 200 × 100
  // Poisson score interval: centre 4 + 3.8416/2 = 5.9208; half 1.96·sqrt(4 + 0.9604)
  // = 1.96 · 2.2271955 = 4.3653032 → (5.9208 ± 4.3653032) / 200 × 100 = [0.777748, 5.143052].
  REQUIRE(gross[0].result.ci95.has_value());
  CHECK_THAT(gross[0].result.ci95->lo, WithinAbs(0.777748, 1e-6));
  CHECK_THAT(gross[0].result.ci95->hi, WithinAbs(5.143052, 1e-6));

  const auto net = contactkpi::contact_rate_by_segment(contacts, rows, {.net = true});
  REQUIRE(net.size() == 1);
  check_row(net[0], "gold", 2, 200, 0, 1);                  // u1, u2; the anonymous one aside
  CHECK_THAT(*net[0].result.value, WithinAbs(1.0, 1e-12));  // 2 / 200 × 100
  // Wilson, k = 2, n = 200, z² = 3.8416: denominator 1.019208, centre 0.019604 / 1.019208 =
  // 0.0192345, half-width 1.96·sqrt(0.0000495 + 0.00002401) / 1.019208 = 0.0164882
  // → [0.2746 %, 3.5723 %].
  REQUIRE(net[0].result.ci95.has_value());
  CHECK_THAT(net[0].result.ci95->lo, WithinAbs(0.2746, 1e-4));
  CHECK_THAT(net[0].result.ci95->hi, WithinAbs(3.5723, 1e-4));
}

TEST_CASE("gross interval for a single contact stays above 0", "[contact_rate]") {
  // 1 contact, 10 customers: centre 2.9208, half 1.96·sqrt(1.9604) = 2.7442799
  // → (2.9208 ± 2.7442799) / 10 × 100 = [1.765201, 56.650800].
  const std::vector contacts{contact("s", "u", at(2026, 3, 2))};
  const std::vector rows{size("s", 10)};
  const auto out = contactkpi::contact_rate_by_segment(contacts, rows);
  REQUIRE(out.size() == 1);
  REQUIRE(out[0].result.ci95.has_value());
  CHECK_THAT(out[0].result.ci95->lo, WithinAbs(1.765201, 1e-6));
  CHECK_THAT(out[0].result.ci95->hi, WithinAbs(56.650800, 1e-6));
}

TEST_CASE("net rate above 100 % has a value but no interval", "[contact_rate]") {
  // 3 distinct customers in a segment sized 2: 150 %, inconsistent sizes → no Wilson interval.
  const std::vector contacts{contact("s", "a", at(2026, 3, 2)), contact("s", "b", at(2026, 3, 2)),
                             contact("s", "c", at(2026, 3, 2))};
  const std::vector rows{size("s", 2)};
  const auto out = contactkpi::contact_rate_by_segment(contacts, rows, {.net = true});
  REQUIRE(out.size() == 1);
  CHECK_THAT(*out[0].result.value, WithinAbs(150.0, 1e-12));
  CHECK_FALSE(out[0].result.ci95.has_value());
}

TEST_CASE("month rows match contacts of their month only", "[contact_rate]") {
  // silver: March 100, April 120 customers → 220 customer-months.
  const std::vector contacts{
      contact("silver", "u4", at(2026, 3, 1, 0h)),          // March (first µs)
      contact("silver", "u4", at(2026, 3, 31, 24h - us1)),  // March (last µs)
      contact("silver", "u4", at(2026, 4, 1, 0h)),          // April
      contact("silver", "u5", at(2026, 4, 15)),             // April
      contact("silver", "u5", at(2026, 5, 1, 0h)),          // May: no row → unmatched
      contact("silver", "", at(2026, 2, 28, 24h - us1)),    // February → unmatched
  };
  const std::vector rows{size("silver", 100, "2026-03"), size("silver", 120, "2026-04")};
  const auto gross = contactkpi::contact_rate_by_segment(contacts, rows);
  REQUIRE(gross.size() == 1);
  check_row(gross[0], "silver", 4, 220, 2);
  CHECK_THAT(*gross[0].result.value, WithinAbs(400.0 / 220.0, 1e-12));  // 1.818 %
  // net: March {u4}, April {u4, u5} → u4 counts once per month: 3 / 220.
  const auto net = contactkpi::contact_rate_by_segment(contacts, rows, {.net = true});
  REQUIRE(net.size() == 1);
  check_row(net[0], "silver", 3, 220, 2);
  CHECK_THAT(*net[0].result.value, WithinAbs(300.0 / 220.0, 1e-12));
}

TEST_CASE("ISO week rows match across the year boundary", "[contact_rate]") {
  // 2020-W53 runs Mon 2020-12-28 .. Sun 2021-01-03.
  const std::vector contacts{
      contact("b", "u1", at(2020, 12, 27, 24h - us1)),  // Sun 2020-W52 → unmatched
      contact("b", "u1", at(2020, 12, 28, 0h)),         // W53
      contact("b", "u1", at(2020, 12, 31)),             // W53
      contact("b", "u2", at(2021, 1, 3, 24h - us1)),    // W53 (Sunday)
      contact("b", "u2", at(2021, 1, 4, 0h)),           // 2021-W01
  };
  const std::vector rows{size("b", 10, "2020-W53"), size("b", 20, "2021-W01")};
  const auto gross = contactkpi::contact_rate_by_segment(contacts, rows);
  REQUIRE(gross.size() == 1);
  check_row(gross[0], "b", 4, 30, 1);
  CHECK_THAT(*gross[0].result.value, WithinAbs(400.0 / 30.0, 1e-12));  // 13.33 %
  // net: W53 {u1, u2}, W01 {u2} → 3 / 30 = 10 %.
  const auto net = contactkpi::contact_rate_by_segment(contacts, rows, {.net = true});
  REQUIRE(net.size() == 1);
  check_row(net[0], "b", 3, 30, 1);
  CHECK_THAT(*net[0].result.value, WithinAbs(10.0, 1e-12));
}

TEST_CASE("day rows and the caller's local day", "[contact_rate]") {
  const std::vector rows{size("tin", 40, "2026-03-02")};
  const Contact last_us = contact("tin", "u", at(2026, 3, 2, 24h - us1));
  const Contact next_day = contact("tin", "u", at(2026, 3, 3, 0h));
  ContactRateAccumulator utc;
  utc.add(last_us);
  utc.add(next_day);  // UTC 2026-03-03: unmatched
  const auto by_utc = utc.results(rows);
  REQUIRE(by_utc.size() == 1);
  check_row(by_utc[0], "tin", 1, 40, 1);
  CHECK_THAT(*by_utc[0].result.value, WithinAbs(2.5, 1e-12));  // 1 / 40 × 100

  // A caller at UTC−01:00 passes the local day: 2026-03-03T00:00Z is 2026-03-02 there.
  ContactRateAccumulator local;
  local.add(last_us, sys_days{year{2026} / 3 / 2});
  local.add(next_day, sys_days{year{2026} / 3 / 2});
  const auto by_local = local.results(rows);
  REQUIRE(by_local.size() == 1);
  check_row(by_local[0], "tin", 2, 40, 0);
  CHECK_THAT(*by_local[0].result.value, WithinAbs(5.0, 1e-12));  // 2 / 40 × 100
}

TEST_CASE("a customer counts once per segment in the net rate", "[contact_rate]") {
  // u contacts from two segments: one contacting customer in each.
  const std::vector contacts{contact("a", "u", at(2026, 3, 2)), contact("a", "u", at(2026, 3, 9)),
                             contact("b", "u", at(2026, 3, 2))};
  const std::vector rows{size("a", 10), size("b", 10)};
  const auto net = contactkpi::contact_rate_by_segment(contacts, rows, {.net = true});
  REQUIRE(net.size() == 2);
  check_row(net[0], "a", 1, 10, 0);
  check_row(net[1], "b", 1, 10, 0);
}

TEST_CASE("invalid segment rows throw std::invalid_argument", "[contact_rate]") {
  const ContactRateAccumulator acc;  // rows are checked even without contacts
  const auto rejects = [&](std::vector<Segment> rows) {
    CHECK_THROWS_AS(acc.results(rows), std::invalid_argument);
  };
  rejects({size("s", 10), size("s", 5, "2026-03")});               // all-time beside a period
  rejects({size("s", 5, "2026-03"), size("s", 10)});               // ... in either order
  rejects({size("s", 10), size("s", 10)});                         // two all-time rows
  rejects({size("s", 5, "2026-03"), size("s", 6, "2026-03")});     // duplicate period
  rejects({size("s", 5, "2026-03"), size("s", 6, "2026-W10")});    // mixed kinds
  rejects({size("s", 5, "2026-03-02"), size("s", 6, "2026-03")});  // mixed kinds
  rejects({size("s", 5, "March")});                                // malformed
  rejects({size("s", -1)});                                        // negative customers
  CHECK_THROWS_WITH(acc.results(std::vector{size("gold", 5, "2026-13")}),
                    Catch::Matchers::Contains("gold") && Catch::Matchers::Contains("2026-13"));
  // The same rows for different segments are fine.
  CHECK_NOTHROW(acc.results(std::vector{size("s", 10), size("t", 5, "2026-03")}));
}

namespace {

// 20 inbound contacts (one outbound) over five segments plus a sized segment without
// contacts. Hand-worked results are in the test below.
std::vector<Contact> twenty_contacts() {
  auto outbound = contact("gold", "u3", at(2026, 3, 4));
  outbound.direction = contactkpi::Direction::outbound;
  return {
      contact("gold", "u1", at(2026, 3, 2)),                // 1
      contact("gold", "u1", at(2026, 3, 20)),               // 2
      contact("gold", "u2", at(2026, 4, 5)),                // 3
      contact("gold", "", at(2026, 3, 3)),                  // 4 anonymous
      outbound,                                             // 5 ignored
      contact("silver", "u4", at(2026, 3, 1, 0h)),          // 6  March
      contact("silver", "u4", at(2026, 3, 31, 24h - us1)),  // 7  March
      contact("silver", "u4", at(2026, 4, 1, 0h)),          // 8  April
      contact("silver", "u5", at(2026, 4, 15)),             // 9  April
      contact("silver", "u5", at(2026, 5, 1)),              // 10 May: unmatched
      contact("silver", "", at(2026, 2, 28)),               // 11 February: unmatched
      contact("bronze", "u6", at(2026, 3, 2)),              // 12 Mon, W10
      contact("bronze", "u6", at(2026, 3, 8, 23h)),         // 13 Sun, W10
      contact("bronze", "u6", at(2026, 3, 9)),              // 14 Mon, W11
      contact("bronze", "u7", at(2026, 3, 1)),              // 15 Sun, W09: unmatched
      contact("", "u8", at(2026, 3, 5)),                    // 16 no rows: unmatched
      contact("", "u8", at(2026, 3, 6)),                    // 17 no rows: unmatched
      contact("tin", "u9", at(2026, 3, 10, 12h)),           // 18 day row
      contact("tin", "u9", at(2026, 3, 10, 13h)),           // 19 day row
      contact("tin", "u10", at(2026, 3, 11)),               // 20 no row for 03-11: unmatched
  };
}

std::vector<Segment> twenty_rows() {
  return {size("gold", 200),
          size("silver", 100, "2026-03"),
          size("silver", 120, "2026-04"),
          size("bronze", 50, "2026-W10"),
          size("bronze", 30, "2026-W11"),
          size("tin", 10, "2026-03-10"),
          size("platinum", 40)};
}

ContactRateAccumulator accumulate(std::span<const Contact> contacts, ContactRateOptions options) {
  ContactRateAccumulator acc{options};
  for (const auto& c : contacts) acc.add(c);
  return acc;
}

}  // namespace

TEST_CASE("contact rate worked example over five segments", "[contact_rate]") {
  const auto contacts = twenty_contacts();
  const auto rows = twenty_rows();
  SECTION("gross") {
    const auto out = accumulate(contacts, {}).results(rows);
    REQUIRE(out.size() == 6);  // sorted by name, the unsegmented "" first
    check_row(out[0], "", 0, 0, 2);
    CHECK_FALSE(out[0].result.has_data());
    check_row(out[1], "bronze", 3, 80, 1);  // 12, 13, 14 of 50 + 30
    CHECK_THAT(*out[1].result.value, WithinAbs(3.75, 1e-12));
    check_row(out[2], "gold", 4, 200, 0, 1);  // 1-4; 5 is outbound
    CHECK_THAT(*out[2].result.value, WithinAbs(2.0, 1e-12));
    check_row(out[3], "platinum", 0, 40, 0);
    CHECK_THAT(*out[3].result.value, WithinAbs(0.0, 1e-12));
    check_row(out[4], "silver", 4, 220, 2);  // 6-9; 10, 11 unmatched
    CHECK_THAT(*out[4].result.value, WithinAbs(400.0 / 220.0, 1e-12));
    check_row(out[5], "tin", 2, 10, 1);  // 18, 19; 20 unmatched
    CHECK_THAT(*out[5].result.value, WithinAbs(20.0, 1e-12));
  }
  SECTION("net") {
    const auto out = accumulate(contacts, {.net = true}).results(rows);
    REQUIRE(out.size() == 6);
    check_row(out[0], "", 0, 0, 2);
    check_row(out[1], "bronze", 2, 80, 1);  // W10 {u6}, W11 {u6}
    CHECK_THAT(*out[1].result.value, WithinAbs(2.5, 1e-12));
    check_row(out[2], "gold", 2, 200, 0, 1);  // {u1, u2}
    CHECK_THAT(*out[2].result.value, WithinAbs(1.0, 1e-12));
    check_row(out[3], "platinum", 0, 40, 0);
    check_row(out[4], "silver", 3, 220, 2);  // March {u4}, April {u4, u5}
    check_row(out[5], "tin", 1, 10, 1);      // {u9}
    CHECK_THAT(*out[5].result.value, WithinAbs(10.0, 1e-12));
  }
}

TEST_CASE("contact rate merge: any split merged equals the whole", "[contact_rate][property]") {
  const auto contacts = twenty_contacts();
  const auto rows = twenty_rows();
  const std::span<const Contact> all{contacts};
  for (const bool net : {false, true}) {
    CAPTURE(net);
    const auto whole = accumulate(all, {.net = net}).results(rows);
    for (std::size_t split = 0; split <= contacts.size(); ++split) {
      CAPTURE(split);
      auto left = accumulate(all.first(split), {.net = net});
      const auto right = accumulate(all.subspan(split), {.net = net});
      auto right_first = right;
      right_first.merge(left);
      left.merge(right);
      CHECK(left.results(rows) == whole);
      CHECK(right_first.results(rows) == whole);
    }
  }
}

TEST_CASE("contact rate is independent of record order", "[contact_rate][property]") {
  auto contacts = twenty_contacts();
  const auto rows = twenty_rows();
  const auto gross = accumulate(contacts, {}).results(rows);
  const auto net = accumulate(contacts, {.net = true}).results(rows);
  std::reverse(contacts.begin(), contacts.end());
  CHECK(accumulate(contacts, {}).results(rows) == gross);
  CHECK(accumulate(contacts, {.net = true}).results(rows) == net);
  std::mt19937 rng{20261122};
  for (int i = 0; i < 10; ++i) {
    std::shuffle(contacts.begin(), contacts.end(), rng);
    CHECK(accumulate(contacts, {}).results(rows) == gross);
    CHECK(accumulate(contacts, {.net = true}).results(rows) == net);
  }
}

TEST_CASE("net rate stays exact past the compaction threshold", "[contact_rate]") {
  // 100 000 contacts from 1 000 customers over 10 days (all in March 2026): the triples are
  // compacted along the way; net = 1 000 distinct customers per month row of 5 000.
  ContactRateAccumulator acc{{.net = true}};
  for (int i = 0; i < 100'000; ++i) {
    acc.add(contact("s", "u" + std::to_string(i % 1000),
                    at(2026, 3, 1 + static_cast<unsigned>(i % 10))));
  }
  const std::vector rows{size("s", 5000, "2026-03")};
  const auto out = acc.results(rows);
  REQUIRE(out.size() == 1);
  check_row(out[0], "s", 1000, 5000, 0);
  CHECK_THAT(*out[0].result.value, WithinAbs(20.0, 1e-12));  // 1 000 / 5 000 × 100
}

TEST_CASE("contact rate merge with itself doubles the contacts", "[contact_rate]") {
  // gold: 4 inbound contacts → 8 of 200; net stays {u1, u2} = 2.
  const auto contacts = twenty_contacts();
  const auto rows = twenty_rows();
  auto gross = accumulate(contacts, {});
  gross.merge(gross);
  CHECK(gross.results(rows)[2].contacts == 8);
  auto net = accumulate(contacts, {.net = true});
  net.merge(net);
  CHECK(net.results(rows)[2].contacts == 2);
}

namespace {

// The matching rules written out with period_key strings and std::set: for comparison only.
std::vector<SegmentRate> brute_force_rates(const std::vector<Contact>& contacts,
                                           const std::vector<Segment>& rows, bool net) {
  std::map<std::string, PeriodKind> kind;
  std::map<std::pair<std::string, std::string>, std::int64_t> size_of;
  std::map<std::string, SegmentRate> out;
  for (const auto& r : rows) {
    kind[r.segment] = *contactkpi::period_kind_of(r.period);
    size_of[{r.segment, r.period}] = r.customers;
    out[r.segment].customers += r.customers;
  }
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  for (const auto& c : contacts) {
    if (!c.is_inbound()) continue;
    SegmentRate& row = out[c.segment];
    const auto k = kind.find(c.segment);
    const std::string key = k == kind.end() ? "" : contactkpi::period_key(c.arrived_at, k->second);
    if (k == kind.end() || !size_of.contains({c.segment, key})) {
      ++row.unmatched;
      continue;
    }
    if (c.customer_id.empty()) ++row.anonymous;
    // Gross: every contact; net: a customer's first contact in the (segment, period).
    if (!net || (!c.customer_id.empty() && seen.insert({c.segment, key, c.customer_id}).second)) {
      ++row.contacts;
    }
  }
  std::vector<SegmentRate> rates;
  for (auto& [name, row] : out) {
    row.segment = name;
    rates.push_back(row);
  }
  return rates;
}

}  // namespace

TEST_CASE("contact rate agrees with a direct reading of the rules", "[contact_rate][property]") {
  const auto seed = GENERATE(take(30, random(0U, 1'000'000U)));
  CAPTURE(seed);
  std::mt19937 rng{seed};
  const auto pick = [&](unsigned k) { return rng() % k; };
  // 2020-12-01 .. 2021-02-28 spans ISO week 2020-W53 and a year change.
  const sys_days first{year{2020} / 12 / 1};
  std::vector<Segment> rows{size("all", 100),
                            size("month", 50, "2020-12"),
                            size("month", 60, "2021-02"),
                            size("week", 7, "2020-W53"),
                            size("week", 8, "2021-W01"),
                            size("week", 9, "2021-W05"),
                            size("day", 3, "2020-12-31"),
                            size("day", 4, "2021-01-01")};
  const std::vector<std::string> segments{"all", "month", "week", "day", "none"};
  std::vector<Contact> contacts;
  for (int i = 0; i < 300; ++i) {
    const Timestamp arrived = Timestamp{first + std::chrono::days{pick(90)}} +
                              std::chrono::hours{pick(24)} + std::chrono::minutes{pick(60)};
    Contact c =
        contact(segments[pick(5)], pick(4) == 0 ? "" : "u" + std::to_string(pick(12)), arrived);
    if (pick(10) == 0) c.direction = contactkpi::Direction::outbound;
    contacts.push_back(c);
  }
  for (const bool net : {false, true}) {
    CAPTURE(net);
    const auto got = accumulate(contacts, {.net = net}).results(rows);
    const auto expected = brute_force_rates(contacts, rows, net);
    REQUIRE(got.size() == expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      check_row(got[i], expected[i].segment, expected[i].contacts, expected[i].customers,
                expected[i].unmatched, expected[i].anonymous);
    }
  }
}

TEST_CASE("contact rate: runs of days, many segments, copies and merges between adds",
          "[contact_rate][property]") {
  // The accumulator remembers each segment's last day and the first eight segments' names;
  // these must never change a count. Twelve segments (more than eight), day rows for every
  // segment, contacts in runs of the same day that go forward, then back, and the same
  // accumulator copied and merged between adds. Reference: brute_force_rates above (period
  // keys and std::set).
  const auto seed = GENERATE(take(10, random(0U, 1'000'000U)));
  CAPTURE(seed);
  std::mt19937 rng{seed};
  const auto pick = [&](unsigned k) { return rng() % k; };
  std::vector<Segment> rows;
  std::vector<std::string> names;
  for (int s = 0; s < 12; ++s) {
    names.push_back("segment-" + std::to_string(s));
    for (unsigned d = 1; d <= 20; d += 2) {
      rows.push_back(size(names.back(), 10 + s,
                          "2026-03-" + std::string{d < 10 ? "0" : ""} + std::to_string(d)));
    }
  }
  std::vector<Contact> contacts;
  unsigned day = 1;
  for (int i = 0; i < 600; ++i) {
    if (pick(8) == 0) day = 1 + static_cast<unsigned>(pick(25));  // a jump, forward or back
    Contact c = contact(names[pick(12)], pick(5) == 0 ? "" : "u" + std::to_string(pick(9)),
                        at(2026, 3, day, std::chrono::minutes{pick(24 * 60)}));
    contacts.push_back(c);
  }
  for (const bool net : {false, true}) {
    CAPTURE(net);
    // whole: one accumulator; copy: a copy taken after the first half goes on with the
    // second; merged: two halves merged, then a third of the contacts added again on top.
    ContactRateAccumulator whole{{.net = net}};
    for (const auto& c : contacts) whole.add(c);
    ContactRateAccumulator first{{.net = net}};
    for (std::size_t i = 0; i < 300; ++i) first.add(contacts[i]);
    ContactRateAccumulator copy = first;
    for (std::size_t i = 300; i < 600; ++i) copy.add(contacts[i]);
    ContactRateAccumulator second{{.net = net}};
    for (std::size_t i = 300; i < 400; ++i) second.add(contacts[i]);
    ContactRateAccumulator merged = first;
    merged.merge(second);
    for (std::size_t i = 400; i < 600; ++i) merged.add(contacts[i]);
    const auto expected = brute_force_rates(contacts, rows, net);
    for (const ContactRateAccumulator* acc : {&whole, &copy, &merged}) {
      const auto got = acc->results(rows);
      REQUIRE(got.size() == expected.size());
      for (std::size_t i = 0; i < got.size(); ++i) {
        check_row(got[i], expected[i].segment, expected[i].contacts, expected[i].customers,
                  expected[i].unmatched, expected[i].anonymous);
      }
    }
    // first was copied from: its own counts are still those of the first half.
    const auto half = brute_force_rates({contacts.begin(), contacts.begin() + 300}, rows, net);
    const auto got = first.results(rows);
    REQUIRE(got.size() == half.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      check_row(got[i], half[i].segment, half[i].contacts, half[i].customers, half[i].unmatched,
                half[i].anonymous);
    }
  }
}
