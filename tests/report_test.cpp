// SPDX-License-Identifier: MIT
// The report engine: grouping, pooling, range, unmatched records, local days, merging.
#include "contactkpi/report.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "support.hpp"

namespace {

using namespace contactkpi;
using namespace std::chrono_literals;
using Catch::Matchers::WithinAbs;
using test::at;

Contact make(std::string id, std::string customer, Channel channel, Duration arrival_offset,
             Duration wait, bool abandon = false) {
  Contact c;
  c.contact_id = std::move(id);
  c.customer_id = std::move(customer);
  c.channel = channel;
  c.segment = "gold";
  c.reason = "billing";
  c.arrived_at = at(arrival_offset);
  if (abandon) {
    c.abandoned = true;
    c.ended_at = c.arrived_at + wait;
  } else {
    c.answered_at = c.arrived_at + wait;
    c.ended_at = *c.answered_at + 100s;
    c.talk = 100s;
    c.resolved = true;
  }
  return c;
}

const GroupResult& group(const ReportResult& r, const std::vector<std::string>& key) {
  for (const auto& g : r.groups) {
    if (g.key == key) return g;
  }
  FAIL("no group " << key.size());
  throw std::logic_error("unreachable");
}

// Five contacts used by several tests (T = 20 s):
//   v1 voice wait 10 (within), v2 voice wait 30, v3 voice abandoned after 5,
//   h1 chat wait 15 (within), h2 chat wait 40.
std::vector<Contact> five() {
  return {make("v1", "k1", Channel::voice, 0s, 10s), make("v2", "k2", Channel::voice, 1h, 30s),
          make("v3", "k3", Channel::voice, 2h, 5s, true), make("h1", "k4", Channel::chat, 3h, 15s),
          make("h2", "k5", Channel::chat, 4h, 40s)};
}

/// Every KPI of the overall result and of each group of `got` is that of `want` (the same
/// groups, in the same order).
void require_same_report(const ReportResult& got, const ReportResult& want) {
  for (std::size_t k = 0; k < kpi_count; ++k) {
    test::require_same(got.overall.kpis[k], want.overall.kpis[k]);
  }
  REQUIRE(got.groups.size() == want.groups.size());
  for (std::size_t g = 0; g < got.groups.size(); ++g) {
    for (std::size_t k = 0; k < kpi_count; ++k) {
      test::require_same(got.groups[g].kpis.kpis[k], want.groups[g].kpis.kpis[k]);
    }
  }
}

}  // namespace

TEST_CASE("dimension names round-trip", "[report]") {
  for (std::size_t i = 0; i < dimension_count; ++i) {
    const auto d = static_cast<Dimension>(i);
    CHECK(parse_dimension(to_string(d)) == d);
  }
  CHECK(parse_dimension("Channel") == std::nullopt);
  CHECK(parse_dimension("") == std::nullopt);
}

TEST_CASE("an empty report has no data anywhere", "[report]") {
  const ReportAccumulator report;
  const ReportResult r = report.result();
  for (const KpiId id : all_kpis) CHECK_FALSE(r.overall[id].has_data());
  CHECK(r.groups.empty());
  CHECK(r.overall.contact_rate.empty());
  CHECK(r.counts.contacts == 0);
}

TEST_CASE("groups pool into the overall result", "[report]") {
  ReportOptions options;
  options.group_by = {Dimension::channel};
  ReportAccumulator report{options};
  for (const auto& c : five()) report.add(c);
  const ReportResult r = report.result();
  REQUIRE(r.groups.size() == 2);
  CHECK(r.groups[0].key == std::vector<std::string>{"chat"});  // sorted by key
  // voice: v1 within of 2 answered + 1 abandoned = 1/3; chat: h1 of 2 = 1/2.
  const Result& voice = group(r, {"voice"}).kpis[KpiId::service_level];
  CHECK(voice.numerator == 1);
  CHECK(voice.denominator == 3);
  const Result& chat = group(r, {"chat"}).kpis[KpiId::service_level];
  CHECK(chat.numerator == 1);
  CHECK(chat.denominator == 2);
  // Overall = (1 + 1) / (3 + 2) = 40%, not the mean of 33.3% and 50%.
  const Result& all = r.overall[KpiId::service_level];
  CHECK(all.numerator == 2);
  CHECK(all.denominator == 5);
  CHECK_THAT(*all.value, WithinAbs(40.0, 1e-9));
}

TEST_CASE("nested groups follow the given order", "[report]") {
  ReportOptions options;
  options.group_by = {Dimension::segment, Dimension::channel};
  ReportAccumulator report{options};
  auto contacts = five();
  contacts[4].segment = "silver";  // h2
  for (const auto& c : contacts) report.add(c);
  const ReportResult r = report.result();
  REQUIRE(r.groups.size() == 3);
  CHECK(r.groups[0].key == std::vector<std::string>{"gold", "chat"});
  CHECK(r.groups[1].key == std::vector<std::string>{"gold", "voice"});
  CHECK(r.groups[2].key == std::vector<std::string>{"silver", "chat"});
  // gold/chat = h1 only: SL 1/1.
  CHECK(r.groups[0].kpis[KpiId::service_level].denominator == 1);
}

TEST_CASE("from/to select contacts on arrived_at, half-open", "[report]") {
  ReportOptions options;
  options.from = at(1h);  // v2 arrives exactly at from: in
  options.to = at(3h);    // h1 arrives exactly at to: out
  ReportAccumulator report{options};
  for (const auto& c : five()) report.add(c);
  const ReportResult r = report.result();
  CHECK(r.counts.contacts == 5);
  CHECK(r.counts.contacts_out_of_range == 3);  // v1, h1, h2
  // In range: v2 (wait 30, not within), v3 abandoned: SL 0/2, abandon 1/2.
  CHECK(r.overall[KpiId::service_level].numerator == 0);
  CHECK(r.overall[KpiId::service_level].denominator == 2);
  CHECK(r.overall[KpiId::abandon_rate].numerator == 1);
  CHECK(r.overall[KpiId::abandon_rate].denominator == 2);
}

TEST_CASE("contacts outside the range still count as FCR repeats", "[report]") {
  // k1 calls at 09:00 (in range) and again 2 h later (outside the range): the first is not
  // resolved at first contact. as_of 30 days later closes every window.
  ReportOptions options;
  options.to = at(1h);
  options.fcr.as_of = at(24h * 30);
  ReportAccumulator report{options};
  report.add(make("a", "k1", Channel::voice, 0s, 5s));
  report.add(make("b", "k1", Channel::voice, 2h, 5s));
  const ReportResult r = report.result();
  const Result& fcr = r.overall[KpiId::fcr];
  CHECK(fcr.numerator == 0);
  CHECK(fcr.denominator == 1);  // b is not counted itself
}

TEST_CASE("unmatched interactions and surveys are counted, not dropped", "[report]") {
  SECTION("without a range they count in the overall result and in no group") {
    ReportOptions options;
    options.group_by = {Dimension::channel};
    ReportAccumulator report{options};
    for (const auto& c : five()) report.add(c);
    report.add(Interaction{.contact_id = "v1", .quality_score = 80.0});
    report.add(Interaction{.contact_id = "nope", .quality_score = 60.0});
    report.add(Survey{.contact_id = "h1", .nps = 10});
    report.add(Survey{.contact_id = "ghost", .nps = 0});
    report.add(Survey{.customer_id = "k9", .nps = 9});  // relationship survey
    const ReportResult r = report.result();
    CHECK(r.counts.interactions_unmatched == 1);
    CHECK(r.counts.surveys_unmatched == 1);
    CHECK(r.counts.surveys_relationship == 1);
    // CQIS (80 + 60) / 2 = 70 overall; voice group 80 (v1); chat group no data.
    CHECK_THAT(*r.overall[KpiId::cqis].value, WithinAbs(70.0, 1e-9));
    CHECK_THAT(*group(r, {"voice"}).kpis[KpiId::cqis].value, WithinAbs(80.0, 1e-9));
    CHECK_FALSE(group(r, {"chat"}).kpis[KpiId::cqis].has_data());
    // NPS overall: 10, 0, 9 → (2 − 1)/3 = 33.33; chat group: 10 → 100.
    CHECK(r.overall[KpiId::nps].denominator == 3);
    CHECK_THAT(*r.overall[KpiId::nps].value, WithinAbs(100.0 / 3.0, 1e-9));
    CHECK(group(r, {"chat"}).kpis[KpiId::nps].denominator == 1);
  }
  SECTION("with a range they count nowhere (their date is unknown)") {
    ReportOptions options;
    options.to = at(24h);
    ReportAccumulator report{options};
    for (const auto& c : five()) report.add(c);
    report.add(Interaction{.contact_id = "nope", .quality_score = 60.0});
    report.add(Survey{.contact_id = "ghost", .nps = 0});
    report.add(Survey{.customer_id = "k9", .responded_at = at(48h), .nps = 9});
    const ReportResult r = report.result();
    CHECK(r.counts.interactions_unmatched == 1);
    CHECK(r.counts.surveys_unmatched == 1);
    CHECK(r.counts.surveys_out_of_range == 1);  // the relationship survey, responded later
    CHECK_FALSE(r.overall[KpiId::cqis].has_data());
    CHECK_FALSE(r.overall[KpiId::nps].has_data());
  }
}

TEST_CASE("day, week and month groups use the local day of arrived_at", "[report]") {
  // 2026-03-02T23:30Z: the 2nd in UTC, the 3rd at UTC+1.
  Contact late = make("late", "k1", Channel::voice, 14h + 30min, 5s);
  SECTION("UTC by default") {
    ReportOptions options;
    options.group_by = {Dimension::day};
    ReportAccumulator report{options};
    report.add(late);
    REQUIRE(report.result().groups.size() == 1);
    CHECK(report.result().groups[0].key == std::vector<std::string>{"2026-03-02"});
  }
  SECTION("an offset lookup moves it to the next day, and is cached") {
    int calls = 0;
    ReportOptions options;
    options.group_by = {Dimension::day, Dimension::week, Dimension::month};
    options.utc_offset = [&calls](Timestamp) {
      ++calls;
      return UtcOffsetSpan{.offset = std::chrono::hours{1}};  // valid forever
    };
    ReportAccumulator report{options};
    report.add(late);
    report.add(make("early", "k2", Channel::voice, 0s, 5s));
    const ReportResult r = report.result();
    REQUIRE(r.groups.size() == 2);
    CHECK(r.groups[0].key == std::vector<std::string>{"2026-03-02", "2026-W10", "2026-03"});
    CHECK(r.groups[1].key == std::vector<std::string>{"2026-03-03", "2026-W10", "2026-03"});
    CHECK(calls == 1);
  }
}

TEST_CASE("the cached UTC offset is refreshed when its span ends", "[report]") {
  // Offset +1 h before 2026-03-02T12:00Z, +2 h from then on (a made-up transition).
  const Timestamp switch_at = at(3h);
  int calls = 0;
  ReportOptions options;
  options.group_by = {Dimension::day};
  options.utc_offset = [&calls, switch_at](Timestamp t) {
    ++calls;
    if (t < switch_at) return UtcOffsetSpan{.end = switch_at, .offset = std::chrono::hours{1}};
    return UtcOffsetSpan{.begin = switch_at, .offset = std::chrono::hours{2}};
  };
  ReportAccumulator report{options};
  // 2026-03-02T22:30Z: +1 h would give the 2nd (23:30), +2 h gives the 3rd (00:30).
  report.add(make("before", "k1", Channel::voice, 0s, 5s));  // 09:00Z + 1 h: the 2nd
  report.add(make("after", "k2", Channel::voice, 13h + 30min, 5s));
  report.add(make("after2", "k3", Channel::voice, 14h, 5s));  // same span: no new lookup
  const ReportResult r = report.result();
  REQUIRE(r.groups.size() == 2);
  CHECK(r.groups[0].key == std::vector<std::string>{"2026-03-02"});
  CHECK(r.groups[1].key == std::vector<std::string>{"2026-03-03"});
  CHECK(r.groups[1].kpis[KpiId::aht].denominator == 2);
  CHECK(calls == 2);
}

TEST_CASE("with a range, only the segment rows of the range size the segments", "[report]") {
  // Two inbound gold contacts on 2026-03-02; gold has 50 customers in February and 100 in
  // March (monthly rows). Whole data: 2 / (50 + 100) = 1.3333%; range March: 2 / 100 = 2%.
  const auto run = [](std::optional<Timestamp> from) {
    ReportOptions options;
    options.from = from;
    ReportAccumulator report{options};
    report.add(make("a", "k1", Channel::voice, 0s, 5s));
    report.add(make("b", "k2", Channel::voice, 1h, 5s));
    report.add(Segment{.segment = "gold", .customers = 50, .period = "2026-02"});
    report.add(Segment{.segment = "gold", .customers = 100, .period = "2026-03"});
    return report.result();
  };
  const ReportResult whole = run(std::nullopt);
  REQUIRE(whole.overall.contact_rate.size() == 1);
  CHECK(whole.overall.contact_rate[0].customers == 150);
  CHECK_THAT(*whole.overall.contact_rate[0].result.value, WithinAbs(200.0 / 150.0, 1e-9));
  const ReportResult march = run(Timestamp{std::chrono::sys_days{std::chrono::year{2026} / 3 / 1}});
  REQUIRE(march.overall.contact_rate.size() == 1);
  CHECK(march.overall.contact_rate[0].customers == 100);
  CHECK_THAT(*march.overall.contact_rate[0].result.value, WithinAbs(2.0, 1e-9));
}

TEST_CASE("inconsistent segment rows make result() throw", "[report]") {
  ReportAccumulator report;
  report.add(Segment{.segment = "gold", .customers = 100});
  report.add(Segment{.segment = "gold", .customers = 120});
  CHECK_THROWS_AS(report.result(), std::invalid_argument);
}

TEST_CASE("ISO weeks at year ends", "[report]") {
  // 2026 starts on a Thursday, so it has 53 weeks: 2027-01-01 (a Friday) is 2026-W53;
  // 2024-12-30 (a Monday) starts 2025-W01.
  ReportOptions options;
  options.group_by = {Dimension::week};
  ReportAccumulator report{options};
  Contact a = make("a", "k1", Channel::voice, 0s, 5s);
  a.arrived_at = Timestamp{std::chrono::sys_days{std::chrono::year{2027} / 1 / 1}};
  a.answered_at = a.arrived_at + 5s;
  a.ended_at = a.arrived_at + 60s;
  Contact b = a;
  b.contact_id = "b";
  b.arrived_at = Timestamp{std::chrono::sys_days{std::chrono::year{2024} / 12 / 30}};
  b.answered_at = b.arrived_at + 5s;
  b.ended_at = b.arrived_at + 60s;
  report.add(a);
  report.add(b);
  const ReportResult r = report.result();
  REQUIRE(r.groups.size() == 2);
  CHECK(r.groups[0].key == std::vector<std::string>{"2025-W01"});
  CHECK(r.groups[1].key == std::vector<std::string>{"2026-W53"});
}

TEST_CASE("parts merged give the whole", "[report][merge]") {
  ReportOptions options;
  options.group_by = {Dimension::channel};
  options.fcr.as_of = at(24h * 30);
  auto contacts = five();
  contacts.push_back(make("v4", "k1", Channel::voice, 5h, 5s));  // k1 repeat of v1
  ReportAccumulator whole{options};
  for (const auto& c : contacts) whole.add(c);
  const ReportResult expected = whole.result();

  for (std::size_t k = 0; k <= contacts.size(); ++k) {
    auto parts = ReportAccumulator::make_parts(options, 2);
    for (std::size_t i = 0; i < contacts.size(); ++i) parts[i < k ? 0 : 1].add(contacts[i]);
    parts[0].merge(parts[1]);
    parts[0].add(Interaction{.contact_id = "v2", .quality_score = 50.0});
    const ReportResult got = parts[0].result();
    REQUIRE(got.groups.size() == expected.groups.size());
    for (const KpiId id : {KpiId::fcr, KpiId::service_level, KpiId::aht, KpiId::abandon_rate}) {
      test::require_same(got.overall[id], expected.overall[id]);
      for (std::size_t g = 0; g < got.groups.size(); ++g) {
        REQUIRE(got.groups[g].key == expected.groups[g].key);
        test::require_same(got.groups[g].kpis[id], expected.groups[g].kpis[id]);
      }
    }
    // The interaction found its contact through the merged index.
    CHECK(got.counts.interactions_unmatched == 0);
    CHECK(got.groups[1].kpis[KpiId::cqis].denominator == 1);
  }
}

TEST_CASE("a big part merged by move gives the whole (FCR merged and checked on other threads)",
          "[report][merge]") {
  // 140 000 contacts of 20 000 customers, 7 each, one hour apart, over channels and
  // segments: every customer's later contacts are repeats within the 7-day window, so FCR
  // depends on the merged customer ids. Part 1 gets 70 000 contacts (more than the 65 536
  // from which merge() renumbers FCR on another thread), by id parity, so each customer's
  // contacts are split between the parts. Reference: the same contacts in one accumulator.
  ReportOptions options;
  options.group_by = {Dimension::channel, Dimension::segment};
  options.fcr.as_of = at(24h * 60);
  std::vector<Contact> contacts;
  for (int i = 0; i < 140'000; ++i) {
    Contact c = make("c" + std::to_string(i), "k" + std::to_string(i % 20'000),
                     i % 3 == 0 ? Channel::chat : Channel::voice, std::chrono::hours{i / 20'000},
                     std::chrono::seconds{i % 50}, i % 17 == 0);
    c.segment = i % 5 == 0 ? "silver" : "gold";
    contacts.push_back(std::move(c));
  }
  ReportAccumulator whole{options};
  whole.add(std::span<const Contact>{contacts});
  const ReportResult expected = whole.result();

  {
    // Merging the last part queues the FCR repeat check (after the merge still running on
    // its thread) on a thread of its own; a feeder then prepares the routes, and result()
    // takes what the check found, as often as it is called.
    auto parts = ReportAccumulator::make_parts(options, 2);
    for (std::size_t i = 0; i < contacts.size(); ++i) parts[i % 2].add(contacts[i]);
    parts[0].merge(std::move(parts[1]));
    auto feeder = parts[0].feeder();
    feeder.add(Interaction{.contact_id = "c12345", .quality_score = 80.0});
    parts[0].merge(std::move(feeder));
    for (int call = 0; call < 2; ++call) {
      const ReportResult ahead = parts[0].result();
      CHECK(ahead.overall[KpiId::fcr].numerator == 18'823);  // by hand, below
      test::require_same(ahead.overall[KpiId::fcr], expected.overall[KpiId::fcr]);
      REQUIRE(ahead.groups.size() == expected.groups.size());
      for (std::size_t g = 0; g < ahead.groups.size(); ++g) {
        test::require_same(ahead.groups[g].kpis[KpiId::fcr], expected.groups[g].kpis[KpiId::fcr]);
      }
    }
  }

  auto parts = ReportAccumulator::make_parts(options, 2);
  for (std::size_t i = 0; i < contacts.size(); ++i) parts[i % 2].add(contacts[i]);
  parts[0].merge(std::move(parts[1]));  // the last part: the merge sorts the contact index
  // Interactions are matched through the index sorted by the merge; a contact added after
  // it goes back into the index (and is found by the interaction after it).
  const Contact late = make("late", "k7", Channel::voice, 100h, 5s);
  for (ReportAccumulator* r : {&whole, parts.data()}) {
    r->add(Interaction{.contact_id = "c12345", .quality_score = 80.0});
    r->add(Interaction{.contact_id = "c99999", .quality_score = 60.0});
    r->add(Interaction{.contact_id = "nobody", .quality_score = 10.0});
    r->add(late);
    r->add(Interaction{.contact_id = "late", .quality_score = 90.0});
  }
  const ReportResult got = parts[0].result();
  // Reference for after: `late` among the contacts from the start (both accumulators above
  // had their FCR check started ahead, by the merge or by the first interaction, and must
  // drop it for `late`).
  ReportAccumulator reference{options};
  reference.add(std::span<const Contact>{contacts});
  reference.add(late);
  for (const auto* id : {"c12345", "c99999", "nobody", "late"}) {
    const double score = std::string_view{id} == "c12345"   ? 80.0
                         : std::string_view{id} == "c99999" ? 60.0
                         : std::string_view{id} == "nobody" ? 10.0
                                                            : 90.0;
    reference.add(Interaction{.contact_id = id, .quality_score = score});
  }
  const ReportResult expected_after = reference.result();
  test::require_same(whole.result().overall[KpiId::fcr], expected_after.overall[KpiId::fcr]);
  // c12345, c99999 and late are matched, "nobody" is not: without a range it still counts
  // in the overall CQIS (report.hpp), so 4 scored interactions overall, 1 unmatched.
  CHECK(got.counts.interactions_unmatched == 1);
  CHECK(expected_after.counts.interactions_unmatched == 1);
  CHECK(got.overall[KpiId::cqis].denominator == 4);
  // By hand: customer k's contacts are i = k + 20 000 j at hour j = 0..6, all with reason
  // "billing". The answered ones (i % 17 != 0) are candidates; those at hours 0..5 have a
  // repeat an hour later, so only hour 6 (i in [120 000, 140 000)) can succeed.
  // Candidates: 140 000 − (⌊139 999 / 17⌋ + 1) = 140 000 − 8 236 = 131 764.
  // Successes: 20 000 − (⌊139 999 / 17⌋ − ⌊119 999 / 17⌋) = 20 000 − (8 235 − 7 058) = 18 823.
  CHECK(expected.overall[KpiId::fcr].numerator == 18'823);
  CHECK(expected.overall[KpiId::fcr].denominator == 131'764);
  REQUIRE(got.groups.size() == expected_after.groups.size());
  for (const KpiId id : all_kpis) {
    test::require_same(got.overall[id], expected_after.overall[id]);
    for (std::size_t g = 0; g < got.groups.size(); ++g) {
      REQUIRE(got.groups[g].key == expected_after.groups[g].key);
      test::require_same(got.groups[g].kpis[id], expected_after.groups[g].kpis[id]);
    }
  }
  CHECK(got.counts.contacts == 140'001);
}

TEST_CASE("merging two same-part grouped reports with different groups throws", "[report][merge]") {
  ReportOptions options;
  options.group_by = {Dimension::channel};
  ReportAccumulator a{options};
  ReportAccumulator b{options};
  a.add(make("v1", "k1", Channel::voice, 0s, 5s));
  b.add(make("h1", "k2", Channel::chat, 0s, 5s));
  CHECK_THROWS_AS(a.merge(b), std::invalid_argument);
  // Nothing changed: a still has its one group.
  CHECK(a.result().groups.size() == 1);
  CHECK_THROWS_AS(ReportAccumulator(options, 2, 2), std::invalid_argument);
}

TEST_CASE("feeders add interactions and surveys as the report would", "[report][merge]") {
  // The unmatched-records case above, through two feeders (records dealt alternately), must
  // give the same hand-worked numbers, and for every KPI the same result as direct adds.
  for (const bool ranged : {false, true}) {
    for (const FcrMethod method : {FcrMethod::repeat_window, FcrMethod::survey}) {
      ReportOptions options;
      options.group_by = {Dimension::channel};
      options.fcr.method = method;
      if (ranged) options.to = at(3h);  // v1, v2, v3 in range; h1, h2 out of it
      const std::vector<Interaction> interactions{{.contact_id = "v1", .quality_score = 80.0},
                                                  {.contact_id = "nope", .quality_score = 60.0},
                                                  {.contact_id = "h2", .quality_score = 40.0},
                                                  {.contact_id = "v2", .quality_score = 90.0}};
      const std::vector<Survey> surveys{
          {.contact_id = "h1", .nps = 10, .resolved = true},
          {.contact_id = "ghost", .nps = 0, .resolved = false},
          {.contact_id = "v1", .csat = 5, .resolved = false},
          {.contact_id = "v2", .csat = 2, .ces = 6},
          {.customer_id = "k9", .responded_at = at(1h), .nps = 9, .resolved = true}};

      ReportAccumulator direct{options};
      ReportAccumulator fed{options};
      for (const auto& c : five()) {
        direct.add(c);
        fed.add(c);
      }
      for (const auto& i : interactions) direct.add(i);
      for (const auto& s : surveys) direct.add(s);
      std::vector<ReportAccumulator::Feeder> feeders;
      feeders.push_back(fed.feeder());
      feeders.push_back(fed.feeder());
      for (std::size_t i = 0; i < interactions.size(); ++i) feeders[i % 2].add(interactions[i]);
      for (std::size_t i = 0; i < surveys.size(); ++i) feeders[i % 2].add(surveys[i]);
      for (auto& f : feeders) fed.merge(std::move(f));

      // The same records as spans: into the report, and into two feeders (halves).
      ReportAccumulator spans{options};
      ReportAccumulator fed_spans{options};
      for (const auto& c : five()) {
        spans.add(c);
        fed_spans.add(c);
      }
      spans.add(std::span<const Interaction>{interactions});
      spans.add(std::span<const Survey>{surveys});
      auto f1 = fed_spans.feeder();
      auto f2 = fed_spans.feeder();
      f1.add(std::span<const Interaction>{interactions}.first(2));
      f2.add(std::span<const Interaction>{interactions}.subspan(2));
      f1.add(std::span<const Survey>{surveys}.first(3));
      f2.add(std::span<const Survey>{surveys}.subspan(3));
      fed_spans.merge(std::move(f2));
      fed_spans.merge(std::move(f1));

      const ReportResult want = direct.result();
      CAPTURE(ranged, to_string(method));
      for (const ReportResult& other : {spans.result(), fed_spans.result()}) {
        CHECK(other.counts.interactions_unmatched == want.counts.interactions_unmatched);
        CHECK(other.counts.surveys_out_of_range == want.counts.surveys_out_of_range);
        for (std::size_t k = 0; k < kpi_count; ++k) {
          test::require_same(other.overall.kpis[k], want.overall.kpis[k]);
        }
      }
      const ReportResult got = fed.result();
      for (std::size_t k = 0; k < kpi_count; ++k) {
        test::require_same(got.overall.kpis[k], want.overall.kpis[k]);
      }
      REQUIRE(got.groups.size() == want.groups.size());
      for (std::size_t g = 0; g < got.groups.size(); ++g) {
        REQUIRE(got.groups[g].key == want.groups[g].key);
        for (std::size_t k = 0; k < kpi_count; ++k) {
          test::require_same(got.groups[g].kpis.kpis[k], want.groups[g].kpis.kpis[k]);
        }
      }
      CHECK(got.counts.interactions == 4);
      CHECK(got.counts.surveys == 5);
      CHECK(got.counts.interactions_unmatched == 1);
      CHECK(got.counts.surveys_unmatched == 1);
      CHECK(got.counts.surveys_relationship == 1);
      if (!ranged) {
        // CQIS (80 + 60 + 40 + 90) / 4 = 67.5; voice (80 + 90) / 2 = 85; chat 40.
        CHECK_THAT(*got.overall[KpiId::cqis].value, WithinAbs(67.5, 1e-9));
        CHECK_THAT(*group(got, {"voice"}).kpis[KpiId::cqis].value, WithinAbs(85.0, 1e-9));
        CHECK_THAT(*group(got, {"chat"}).kpis[KpiId::cqis].value, WithinAbs(40.0, 1e-9));
        CHECK(got.counts.interactions_out_of_range == 0);
      } else {
        // The unmatched ones and h2, h1 (out of range) count nowhere: CQIS (80 + 90) / 2.
        CHECK_THAT(*got.overall[KpiId::cqis].value, WithinAbs(85.0, 1e-9));
        CHECK(got.counts.interactions_out_of_range == 1);
        CHECK(got.counts.surveys_out_of_range == 1);
      }
      if (method == FcrMethod::survey) {
        // resolved answers: without a range h1 true, ghost false, v1 false, k9 true → 2/4;
        // with it, ghost and h1 count nowhere: v1 false, k9 true → 1/2.
        CHECK(got.overall[KpiId::fcr].numerator == (ranged ? 1 : 2));
        CHECK(got.overall[KpiId::fcr].denominator == (ranged ? 2 : 4));
      }
    }
  }
}

TEST_CASE("a feeder merges only into its own report", "[report][merge]") {
  ReportAccumulator a;
  ReportAccumulator b;
  a.add(make("v1", "k1", Channel::voice, 0s, 5s));
  ReportAccumulator::Feeder f = a.feeder();
  f.add(Interaction{.contact_id = "v1", .quality_score = 70.0});
  // merge() takes the feeder over only when it accepts it, so f is still whole after the
  // refused merge, and empty after the accepted one (use after std::move on purpose).
  CHECK_THROWS_AS(b.merge(std::move(f)), std::invalid_argument);
  a.merge(std::move(f));  // NOLINT(bugprone-use-after-move)
  // CQIS of the one scored interaction: 70.
  CHECK_THAT(*a.result().overall[KpiId::cqis].value, WithinAbs(70.0, 1e-9));
  // NOLINTNEXTLINE(bugprone-use-after-move): already merged
  CHECK_THROWS_AS(a.merge(std::move(f)), std::invalid_argument);
}

TEST_CASE("adding a span of contacts is adding them one by one", "[report]") {
  // The independent reference is the one-by-one path (hand-checked in the cases above); the
  // span path must give every KPI of every group identically, with and without a range
  // (out-of-range contacts take the other FCR branch).
  auto contacts = five();
  contacts.push_back(make("v4", "k1", Channel::voice, 5h, 5s));  // k1's repeat of v1
  contacts.push_back(make("v5", "k2", Channel::voice, 30h, 5s));
  for (const bool ranged : {false, true}) {
    ReportOptions options;
    options.group_by = {Dimension::channel};
    options.fcr.as_of = at(24h * 30);
    if (ranged) options.to = at(24h);  // v5 is out of range
    ReportAccumulator one_by_one{options};
    for (const auto& c : contacts) one_by_one.add(c);
    ReportAccumulator spans{options};
    spans.add(std::span<const Contact>{contacts}.first(2));
    spans.add(std::span<const Contact>{contacts}.subspan(2));
    const ReportResult want = one_by_one.result();
    const ReportResult got = spans.result();
    CAPTURE(ranged);
    CHECK(got.counts.contacts == 7);
    CHECK(got.counts.contacts_out_of_range == (ranged ? 1 : 0));
    require_same_report(got, want);
    // FCR by hand: candidates v1 v2 h1 h2 v4 (+ v5 without a range; v3 was abandoned). v1
    // fails (v4, same customer k1, 5 h later) and v2 fails (v5, k2, 29 h later: a repeat
    // even when out of range), so 3 of 5 with the range and 4 of 6 without.
    CHECK(got.overall[KpiId::fcr].numerator == (ranged ? 3 : 4));
    CHECK(got.overall[KpiId::fcr].denominator == (ranged ? 5 : 6));

    // Views of the same contacts (what io::for_each_contact_view hands over): the same
    // report. The texts are copied into buffers that are overwritten right after the call,
    // as a loader's are, so nothing may keep a view.
    ReportAccumulator views{options};
    std::vector<std::string> buffers(contacts.size() * 3);
    for (std::size_t i = 0; i < contacts.size(); ++i) {
      ContactView v = contacts[i];
      buffers[3 * i] = contacts[i].contact_id;
      buffers[3 * i + 1] = contacts[i].customer_id;
      buffers[3 * i + 2] = contacts[i].reason;
      v.contact_id = buffers[3 * i];
      v.customer_id = buffers[3 * i + 1];
      v.reason = buffers[3 * i + 2];
      views.add(std::span<const ContactView>{&v, 1});
      for (std::size_t k = 0; k < 3; ++k) buffers[3 * i + k].assign(40, '#');
    }
    const ReportResult from_views = views.result();
    require_same_report(from_views, want);
  }
}

namespace {

/// The reports of five() plus `records`: added as a span of records (want), and as views,
/// one call each, whose texts are copies overwritten right after the call, into the report
/// (direct) and into a feeder (fed). `view_of(record, texts)` makes a record's view over
/// copies of its texts kept in `texts`.
struct ViewReports {
  ReportResult want;
  ReportResult direct;
  ReportResult fed;
};
template <class View, class Record, class ViewOf>
ViewReports reports_from_views(const ReportOptions& options, const std::vector<Record>& records,
                               ViewOf view_of) {
  ReportAccumulator want{options};
  ReportAccumulator direct{options};
  ReportAccumulator fed{options};
  for (const auto& c : five()) {
    want.add(c);
    direct.add(c);
    fed.add(c);
  }
  want.add(std::span<const Record>{records});
  ReportAccumulator::Feeder feeder = fed.feeder();
  std::array<std::string, 2> texts;
  for (const Record& r : records) {
    const View v = view_of(r, texts);
    direct.add(std::span<const View>{&v, 1});
    feeder.add(std::span<const View>{&v, 1});
    for (std::string& t : texts) t.assign(30, '#');
  }
  fed.merge(std::move(feeder));
  return {want.result(), direct.result(), fed.result()};
}

}  // namespace

TEST_CASE("interactions as views give the report of the interactions", "[report]") {
  // Reference: the Interaction path (hand-checked in the feeder case above). Views whose
  // texts are overwritten right after each call, into the report and into a feeder, must
  // give every KPI identically.
  ReportOptions options;
  options.group_by = {Dimension::channel};
  const std::vector<Interaction> interactions{{.contact_id = "v1", .quality_score = 80.0},
                                              {.contact_id = "nope", .quality_score = 60.0},
                                              {.contact_id = "h2", .quality_score = 40.0},
                                              {.contact_id = "v2", .quality_score = 90.0}};
  const ViewReports r = reports_from_views<InteractionView>(
      options, interactions, [](const Interaction& i, std::array<std::string, 2>& texts) {
        texts[0] = i.contact_id;
        InteractionView v = i;
        v.contact_id = texts[0];
        return v;
      });
  // By hand: "nope" matches no contact (v1, h2 and v2 do).
  CHECK(r.want.counts.interactions_unmatched == 1);
  for (const ReportResult* got : {&r.direct, &r.fed}) {
    CHECK(got->counts.interactions == 4);
    CHECK(got->counts.interactions_unmatched == 1);
    require_same_report(*got, r.want);
  }
}

TEST_CASE("surveys as views give the report of the surveys", "[report]") {
  // Reference: the Survey path (hand-checked in the feeder cases above), for both survey
  // methods. Views whose texts are overwritten right after each call, into the report and
  // into a feeder, must give every KPI identically.
  for (const FcrMethod method : {FcrMethod::repeat_window, FcrMethod::survey}) {
    CAPTURE(to_string(method));
    ReportOptions options;
    options.group_by = {Dimension::channel};
    options.fcr.method = method;
    const std::vector<Survey> surveys{
        {.contact_id = "h1", .nps = 10, .resolved = true},
        {.contact_id = "ghost", .nps = 0, .resolved = false},
        {.contact_id = "v1", .csat = 5, .resolved = false, .comment = "fine"},
        {.contact_id = "v2", .csat = 2, .ces = 6},
        {.customer_id = "k9", .responded_at = at(1h), .nps = 9, .resolved = true}};
    const ViewReports r = reports_from_views<SurveyView>(
        options, surveys, [](const Survey& s, std::array<std::string, 2>& texts) {
          texts[0] = s.contact_id;
          texts[1] = s.customer_id;
          SurveyView v = s;
          v.contact_id = texts[0];
          v.customer_id = texts[1];
          return v;
        });
    // By hand: "ghost" matches no contact; k9's has no contact_id (a relationship survey).
    CHECK(r.want.counts.surveys == 5);
    CHECK(r.want.counts.surveys_unmatched == 1);
    CHECK(r.want.counts.surveys_relationship == 1);
    for (const ReportResult* got : {&r.direct, &r.fed}) {
      CHECK(got->counts.surveys == 5);
      CHECK(got->counts.surveys_unmatched == 1);
      require_same_report(*got, r.want);
    }
  }
}

TEST_CASE("interactions find their contacts in any order and any split", "[report][index]") {
  // The contact index tries the contacts right after the last one found before it
  // searches (report.cpp, ContactIndex): interactions in the contacts' order, with gaps
  // (contacts without interactions) shorter and longer than the cursor's reach, in reverse,
  // shuffled, in runs that jump about, and in spans of any size must all find their
  // contact. Reference: the sums computed here straight from the lists (mean quality
  // score per channel; unmatched ids counted).
  constexpr int n = 3000;
  std::vector<Contact> contacts;
  for (int i = 0; i < n; ++i) {
    const auto channel =
        std::array{Channel::voice, Channel::chat, Channel::email}[static_cast<std::size_t>(i % 3)];
    contacts.push_back(make("c" + std::to_string(i), "k" + std::to_string(i), channel, i * 1s, 5s));
  }
  struct Row {
    std::string id;
    double score;
    int channel;  // index of the contact's channel, or -1 when unmatched
  };
  std::vector<Row> rows;
  for (int i = 0; i < n; ++i) {
    if (i % 7 == 3 || (i >= 1000 && i < 1010) || (i >= 2000 && i < 2004)) continue;  // gaps
    const int copies = i % 5 == 0 ? 2 : 1;  // some contacts have two interactions
    for (int k = 0; k < copies; ++k)
      rows.push_back({"c" + std::to_string(i), static_cast<double>((i * 7 + k) % 101), i % 3});
    if (i % 50 == 0) rows.push_back({"x" + std::to_string(i), 50.0, -1});  // no such contact
  }
  const auto check = [&](const std::vector<Row>& order, std::size_t span, bool grouped) {
    ReportOptions options;
    if (grouped) options.group_by = {Dimension::channel};
    ReportAccumulator report{options};
    for (const auto& c : contacts) report.add(c);
    std::vector<InteractionView> views;
    for (const Row& r : order) {
      InteractionView v;
      v.contact_id = r.id;
      v.quality_score = r.score;
      views.push_back(v);
    }
    for (std::size_t first = 0; first < views.size(); first += span) {
      report.add(std::span<const InteractionView>{views}.subspan(
          first, std::min(span, views.size() - first)));
    }
    const ReportResult got = report.result();
    std::array<double, 3> sum{};
    std::array<std::int64_t, 3> count{};
    std::int64_t unmatched = 0;
    double total = 0;
    for (const Row& r : order) {
      total += r.score;
      if (r.channel < 0) {
        ++unmatched;
      } else {
        sum[static_cast<std::size_t>(r.channel)] += r.score;
        ++count[static_cast<std::size_t>(r.channel)];
      }
    }
    CHECK(got.counts.interactions == static_cast<std::int64_t>(order.size()));
    CHECK(got.counts.interactions_unmatched == unmatched);
    CHECK(got.overall[KpiId::cqis].denominator == static_cast<double>(order.size()));
    CHECK_THAT(*got.overall[KpiId::cqis].value,
               WithinAbs(total / static_cast<double>(order.size()), 1e-9));
    if (grouped) {
      const std::array<std::string, 3> names{"voice", "chat", "email"};
      for (std::size_t g = 0; g < 3; ++g) {
        const Result& cqis = group(got, {names[g]}).kpis[KpiId::cqis];
        CHECK(cqis.denominator == static_cast<double>(count[g]));
        CHECK_THAT(*cqis.value, WithinAbs(sum[g] / static_cast<double>(count[g]), 1e-9));
      }
    }
  };
  std::vector<Row> reversed(rows.rbegin(), rows.rend());
  std::vector<Row> shuffled = rows;
  std::mt19937 rng{11};
  std::shuffle(shuffled.begin(), shuffled.end(), rng);
  std::vector<Row> runs;  // runs of 25 in order, the runs in a shuffled order
  std::vector<std::size_t> starts;
  for (std::size_t s = 0; s < rows.size(); s += 25) starts.push_back(s);
  std::shuffle(starts.begin(), starts.end(), rng);
  for (const std::size_t s : starts) {
    for (std::size_t k = s; k < std::min(rows.size(), s + 25); ++k) runs.push_back(rows[k]);
  }
  for (const bool grouped : {false, true}) {
    for (const std::size_t span : {std::size_t{1}, std::size_t{7}, rows.size()}) {
      INFO("grouped " << grouped << ", spans of " << span);
      check(rows, span, grouped);
      check(reversed, span, grouped);
      check(shuffled, span, grouped);
      check(runs, span, grouped);
    }
  }
}

TEST_CASE("contacts added after lookups are found, as are the ones before", "[report][index]") {
  // A lookup sorts the index; a contact added after it unsorts it, and the next lookup
  // sorts again (with every contact so far). By hand: c0..c99 then d0..d99, one interaction
  // each (score 10 for c, 30 for d) after each batch: CQIS (100 * 10 + 100 * 30) / 200 = 20;
  // "d5" looked up before the d contacts exist is unmatched once, found once after.
  ReportAccumulator report;
  for (int i = 0; i < 100; ++i)
    report.add(make("c" + std::to_string(i), "k", Channel::voice, i * 1s, 5s));
  for (int i = 0; i < 100; ++i)
    report.add(Interaction{.contact_id = "c" + std::to_string(i), .quality_score = 10.0});
  report.add(Interaction{.contact_id = "d5", .quality_score = 20.0});
  for (int i = 0; i < 100; ++i)
    report.add(make("d" + std::to_string(i), "k", Channel::voice, i * 1s, 5s));
  for (int i = 0; i < 100; ++i)
    report.add(Interaction{.contact_id = "d" + std::to_string(i), .quality_score = 30.0});
  const ReportResult r = report.result();
  CHECK(r.counts.interactions == 201);
  CHECK(r.counts.interactions_unmatched == 1);
  // (1000 + 20 + 3000) / 201
  CHECK_THAT(*r.overall[KpiId::cqis].value, WithinAbs(4020.0 / 201.0, 1e-9));
}

TEST_CASE("may_repeat_contact_ids tells whether two contacts may share an id", "[report][index]") {
  // By hand: distinct ids give false; a repeated id, in one part or across merged parts,
  // gives true; without the index (no grouping, no range, !track_unmatched) the answer is
  // true from two contacts on (it cannot tell).
  const auto contact = [](const std::string& id) { return make(id, "k", Channel::voice, 0s, 5s); };
  SECTION("one accumulator") {
    ReportAccumulator report;
    CHECK_FALSE(report.may_repeat_contact_ids());  // no contacts
    for (int i = 0; i < 1000; ++i) report.add(contact("c" + std::to_string(i)));
    CHECK_FALSE(report.may_repeat_contact_ids());
    report.add(Interaction{.contact_id = "c7", .quality_score = 50.0});  // a lookup: index built
    report.add(contact("c999"));  // a repeat, added after the lookup
    CHECK(report.may_repeat_contact_ids());
  }
  SECTION("parts merged, grouped") {
    ReportOptions options;
    options.group_by = {Dimension::channel};
    std::vector<ReportAccumulator> parts = ReportAccumulator::make_parts(options, 2);
    for (int i = 0; i < 500; ++i) parts[0].add(contact("c" + std::to_string(i)));
    for (int i = 500; i < 1000; ++i) parts[1].add(contact("c" + std::to_string(i)));
    const bool repeat = GENERATE(false, true);
    if (repeat) parts[1].add(contact("c3"));            // the same id as one of part 0
    CHECK(parts[1].may_repeat_contact_ids() == false);  // each part on its own has no repeat
    parts[0].merge(std::move(parts[1]));
    CHECK(parts[0].may_repeat_contact_ids() == repeat);
  }
  SECTION("without the index") {
    ReportOptions options;
    options.track_unmatched = false;
    CHECK_FALSE(options.keeps_contact_index());
    ReportOptions grouped = options;
    grouped.group_by = {Dimension::channel};
    CHECK(grouped.keeps_contact_index());  // grouping keeps it, with or without tracking
    ReportAccumulator report{options};
    report.add(contact("a"));
    CHECK_FALSE(report.may_repeat_contact_ids());
    report.add(contact("b"));
    CHECK(report.may_repeat_contact_ids());
  }
}
