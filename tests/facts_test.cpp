// SPDX-License-Identifier: MIT
// ContactFacts (facts.hpp): the columnar form and the accumulators' batch add().
//
// The batch add() must give exactly what add(const Contact&) gives for the same contacts in
// the same order: counts and µs sums equal, and the Result equal with ==, i.e. the double sums
// bit for bit. Checked on hand-built contacts and on random queues for every option.
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <vector>

#include "contactkpi/abandon_rate.hpp"
#include "contactkpi/facts.hpp"
#include "contactkpi/handle_time.hpp"
#include "contactkpi/quality.hpp"
#include "contactkpi/service_level.hpp"
#include "contactkpi/transfer_rate.hpp"
#include "support.hpp"

using namespace contactkpi;
using namespace contactkpi::test;

namespace {

/// Random contacts: every outcome, both directions, all channels; waits on a 1 s grid around
/// the thresholds used below (so many land exactly on T, just below and just above), plus
/// sub-second offsets; about half evaluated with fractional QA scores.
std::vector<Contact> random_contacts(std::uint32_t seed, std::size_t n) {
  std::mt19937_64 rng{seed};
  std::uniform_int_distribution<int> pick(0, 99);
  std::uniform_int_distribution<int> wait_s(0, 70);
  std::uniform_int_distribution<int> micro(-1, 1);
  std::uniform_int_distribution<int> part_s(0, 900);
  std::uniform_int_distribution<int> channel(0, static_cast<int>(channel_count) - 1);
  std::uniform_real_distribution<double> score(0.0, 100.0);
  std::vector<Contact> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Duration wait = std::chrono::seconds{wait_s(rng)} + Duration{micro(rng)};
    const int outcome = pick(rng);
    Contact c = outcome < 60   ? answered("a", wait, std::chrono::seconds{part_s(rng)},
                                          std::chrono::seconds{part_s(rng) / 10},
                                          std::chrono::seconds{part_s(rng) / 5} + Duration{7})
                : outcome < 85 ? abandoned("b", wait)
                               : unanswered("u", wait);
    c.direction = pick(rng) < 80 ? Direction::inbound : Direction::outbound;
    c.channel = static_cast<Channel>(channel(rng));
    c.transferred = pick(rng) < 20;
    if (pick(rng) < 50) c.qa_score = score(rng);
    out.push_back(std::move(c));
  }
  return out;
}

ContactFacts facts_of(const std::vector<Contact>& contacts) {
  ContactFacts facts;
  facts.reserve(contacts.size());
  for (const Contact& c : contacts) facts.push_back(c);
  return facts;
}

/// `make()` builds an accumulator; per-record add over `contacts` and batch add over `facts`
/// (whole, and in blocks of 1, 7 and 4096 rows) must give the same state.
template <class Make, class Same>
void check_batch(const std::vector<Contact>& contacts, const ContactFacts& facts, Make make,
                 Same same) {
  auto per_record = make();
  for (const Contact& c : contacts) per_record.add(c);
  auto whole = make();
  whole.add(facts.view());
  same(whole, per_record);
  for (const std::size_t block : {std::size_t{1}, std::size_t{7}, std::size_t{4096}}) {
    CAPTURE(block);
    auto blocked = make();
    for (const ContactFactsView& b : facts.view().blocks(block)) blocked.add(b);
    same(blocked, per_record);
  }
}

}  // namespace

TEST_CASE("ContactFact::from keeps the additive fields of a contact", "[facts]") {
  Contact c = answered("a1", 12s, 100s, 20s, 30s);  // handle 100 + 20 + 30 = 150 s
  c.channel = Channel::chat;
  c.transferred = true;
  c.qa_score = 87.5;
  const ContactFact f = ContactFact::from(c);
  CHECK(f.flags == (FactBits::inbound | FactBits::answered | FactBits::transferred |
                    FactBits::handled | FactBits::evaluated));
  CHECK(f.channel == static_cast<std::uint8_t>(Channel::chat));
  CHECK(f.wait_us == 12'000'000);     // 12 s
  CHECK(f.handle_us == 150'000'000);  // 150 s
  CHECK(f.qa_score == 87.5);

  Contact b = abandoned("b1", 3s);
  b.direction = Direction::outbound;
  const ContactFact g = ContactFact::from(b);
  CHECK(g.flags == FactBits::abandoned);  // not inbound, not answered, so not handled
  CHECK(g.wait_us == 3'000'000);          // ended_at − arrived_at = 3 s
  CHECK(g.handle_us == 0);
  CHECK(g.qa_score == 0.0);  // not evaluated

  Contact both = answered("x", 5s);  // answered and abandoned: answered, but not handled
  both.abandoned = true;
  CHECK(ContactFact::from(both).flags ==
        (FactBits::inbound | FactBits::answered | FactBits::abandoned));
}

TEST_CASE("ContactFacts columns, views, slices and blocks", "[facts]") {
  const std::vector<Contact> contacts = random_contacts(7, 10);
  ContactFacts facts = facts_of(contacts);
  REQUIRE(facts.size() == 10);
  for (std::size_t i = 0; i < contacts.size(); ++i)
    CHECK(facts[i] == ContactFact::from(contacts[i]));

  const ContactFactsView v = facts.view();
  CHECK(v.slice(8, 5).size() == 2);  // clipped: rows 8 and 9
  CHECK(v.slice(8, 5)[1] == facts[9]);
  CHECK(v.slice(10, 1).empty());
  CHECK(v.slice(99, 1).empty());
  const auto blocks = v.blocks(4);
  REQUIRE(blocks.size() == 3);  // 4 + 4 + 2
  CHECK(blocks[2].size() == 2);
  CHECK(blocks[1][0] == facts[4]);
  CHECK(v.blocks(0).size() == 10);  // block size 0 is taken as 1
  CHECK(ContactFactsView{}.blocks(8).empty());

  ContactFacts twice = facts;
  twice.append(v);
  CHECK(twice.size() == 20);
  CHECK(twice[13] == facts[3]);
  twice.clear();
  CHECK(twice.empty());
}

TEST_CASE("Batch add on no rows gives no data", "[facts]") {
  const ContactFactsView none{};
  ServiceLevelAccumulator sl;
  sl.add(none);
  CHECK_FALSE(sl.result().has_data());
  CHECK(sl.counts() == QueueCounts{});
  AbandonRateAccumulator ab;
  ab.add(none);
  CHECK_FALSE(ab.result().has_data());
  TransferRateAccumulator tr;
  tr.add(none);
  CHECK_FALSE(tr.result().has_data());
  AhtAccumulator aht;
  aht.add(none);
  CHECK_FALSE(aht.result().has_data());
  CcqsAccumulator q;
  q.add(none);
  CHECK_FALSE(q.result().has_data());
}

TEST_CASE("Batch add on the hand-built queue of service_level_test", "[facts]") {
  // a1 answered 10 s, a2 answered 20 s, b1 abandoned 3 s, b2 abandoned 40 s, o1 outbound
  // answered 0 s. T = 20 s, wait ≤ T, short abandon 5 s:
  //   offered 4 (a1 a2 b1 b2), answered 2, within 2 (a1 a2), abandoned 2, abandoned within 1
  //   (b1), short 1 (b1), removed within 3 (a1 a2 b1).
  std::vector<Contact> v{answered("a1", 10s), answered("a2", 20s), abandoned("b1", 3s),
                         abandoned("b2", 40s), answered("o1", 0s)};
  v[4].direction = Direction::outbound;
  const ContactFacts facts = facts_of(v);
  ServiceLevelAccumulator sl{{.short_abandon = 5s}};
  sl.add(facts.view());
  const QueueCounts expected{.offered = 4,
                             .answered = 2,
                             .answered_within = 2,
                             .abandoned = 2,
                             .abandoned_within = 1,
                             .short_abandoned = 1,
                             .removed_within = 3};
  CHECK(sl.counts() == expected);
  // standard: 2 / (2 + 2 − 1) = 2/3
  CHECK(sl.ratio() == Ratio{2, 3});
  // abandon rate: (2 − 1) / (4 − 1) = 1/3
  AbandonRateAccumulator ab{{.short_abandon = 5s}};
  ab.add(facts.view());
  CHECK(ab.ratio() == Ratio{1, 3});
  // exclusive: a2 (20 s) is no longer within: answered within 1
  ServiceLevelAccumulator sl_x{{.exclusive = true}};
  sl_x.add(facts.view());
  CHECK(sl_x.counts().answered_within == 1);
}

TEST_CASE("Service level batch add equals per-record add on random queues", "[facts]") {
  const auto seed = GENERATE(take(4, random(1U, 1'000'000U)));
  CAPTURE(seed);
  const std::vector<Contact> contacts = random_contacts(seed, 3000);
  const ContactFacts facts = facts_of(contacts);
  const auto formula = GENERATE(
      SlFormula::standard, SlFormula::answered_only, SlFormula::ignore_abandons_within_t,
      SlFormula::abandons_within_t_met, SlFormula::short_abandons_met, SlFormula::amazon_connect);
  const bool exclusive = GENERATE(false, true);
  const bool per_channel = GENERATE(false, true);
  ServiceLevelOptions o{
      .threshold = 20s, .exclusive = exclusive, .short_abandon = 5s, .formula = formula};
  if (per_channel) {
    o.channel_threshold[static_cast<std::size_t>(Channel::chat)] = 60s;
    o.channel_threshold[static_cast<std::size_t>(Channel::email)] = 30s;
  }
  CAPTURE(to_string(formula), exclusive, per_channel);
  check_batch(
      contacts, facts, [&] { return ServiceLevelAccumulator{o}; },
      [](const ServiceLevelAccumulator& a, const ServiceLevelAccumulator& b) {
        REQUIRE(a.counts() == b.counts());
        REQUIRE(a.result() == b.result());
      });
}

TEST_CASE("Abandon and transfer rate batch add equal per-record add on random queues", "[facts]") {
  const auto seed = GENERATE(take(4, random(1U, 1'000'000U)));
  CAPTURE(seed);
  const std::vector<Contact> contacts = random_contacts(seed, 3000);
  const ContactFacts facts = facts_of(contacts);
  const auto short_abandon = GENERATE(Duration{0}, Duration{5'000'000}, Duration{5'000'001});
  CAPTURE(short_abandon.count());
  check_batch(
      contacts, facts, [&] { return AbandonRateAccumulator{{.short_abandon = short_abandon}}; },
      [](const AbandonRateAccumulator& a, const AbandonRateAccumulator& b) {
        REQUIRE(a.ratio() == b.ratio());
        REQUIRE(a.result() == b.result());
      });
  check_batch(
      contacts, facts, [] { return TransferRateAccumulator{}; },
      [](const TransferRateAccumulator& a, const TransferRateAccumulator& b) {
        REQUIRE(a.ratio() == b.ratio());
        REQUIRE(a.result() == b.result());
      });
}

TEST_CASE("AHT batch add equals per-record add bit for bit, for every filter", "[facts]") {
  const auto seed = GENERATE(take(4, random(1U, 1'000'000U)));
  CAPTURE(seed);
  const std::vector<Contact> contacts = random_contacts(seed, 3000);
  const ContactFacts facts = facts_of(contacts);
  const auto direction = GENERATE(std::optional<Direction>{}, std::optional{Direction::inbound},
                                  std::optional{Direction::outbound});
  const auto channel = GENERATE(std::optional<Channel>{}, std::optional{Channel::voice},
                                std::optional{Channel::other});
  const AhtOptions o{.direction = direction, .channel = channel};
  check_batch(
      contacts, facts, [&] { return AhtAccumulator{o}; },
      [](const AhtAccumulator& a, const AhtAccumulator& b) {
        REQUIRE(a.count() == b.count());
        REQUIRE(a.total() == b.total());
        REQUIRE(a.result() == b.result());  // Σx² bit for bit, hence the interval too
      });
}

TEST_CASE("CCQS batch add equals per-record add bit for bit", "[facts]") {
  const auto seed = GENERATE(take(4, random(1U, 1'000'000U)));
  CAPTURE(seed);
  const std::vector<Contact> contacts = random_contacts(seed, 3000);
  const ContactFacts facts = facts_of(contacts);
  check_batch(
      contacts, facts, [] { return CcqsAccumulator{}; },
      [](const CcqsAccumulator& a, const CcqsAccumulator& b) {
        REQUIRE(a.tally() == b.tally());  // count, Σx and Σx² exactly
        REQUIRE(a.result() == b.result());
      });
}

TEST_CASE("Batch add after per-record add continues the same sums", "[facts]") {
  // Mixing both entry points on one accumulator is the same as per-record throughout.
  const std::vector<Contact> contacts = random_contacts(99, 500);
  const ContactFacts facts = facts_of(contacts);
  AhtAccumulator per_record;
  CcqsAccumulator q_per_record;
  for (const Contact& c : contacts) {
    per_record.add(c);
    q_per_record.add(c);
  }
  AhtAccumulator mixed;
  CcqsAccumulator q_mixed;
  for (std::size_t i = 0; i < 200; ++i) {
    mixed.add(contacts[i]);
    q_mixed.add(contacts[i]);
  }
  mixed.add(facts.view().slice(200, 300));
  q_mixed.add(facts.view().slice(200, 300));
  CHECK(mixed.result() == per_record.result());
  CHECK(q_mixed.tally() == q_per_record.tally());
}

TEST_CASE("AHT keeps the sum of squares exactly, also beyond the batch fast range", "[facts]") {
  // Handle times 10 s and 20 s: mean 15 s; Σx² = 100 + 400 = 500;
  // variance = (500 − 30 · 15) / 1 = 50; half width = t(0.975, 1) · sqrt(50 / 2) = 12.7062 · 5.
  std::vector<Contact> two{answered("a", 1s, 10s), answered("b", 1s, 20s)};
  AhtAccumulator aht;
  aht.add(facts_of(two).view());
  const Result r = aht.result();
  REQUIRE(r.ci95);
  CHECK_THAT(r.ci95->hi - 15.0, Catch::Matchers::WithinRel(12.7062 * 5.0, 1e-4));

  // 60 days = 5 184 000 s = 5.184e12 µs ≥ 2^42 µs: the batch add redoes that block exactly.
  std::vector<Contact> contacts = random_contacts(5, 100);
  contacts.push_back(answered("long", 1s, std::chrono::hours{24 * 60}));
  contacts.push_back(answered("short", 1s, 1s));
  const ContactFacts facts = facts_of(contacts);
  AhtAccumulator per_record;
  for (const Contact& c : contacts) per_record.add(c);
  AhtAccumulator batch;
  batch.add(facts.view());
  CHECK(batch.result() == per_record.result());
  // Independent check of the interval: Σx and Σx² in long double over the same contacts.
  long double sum = 0;
  long double sum_squares = 0;
  std::int64_t n = 0;
  for (const Contact& c : contacts) {
    if (!c.is_handled()) continue;
    const long double x = static_cast<long double>(c.handle_time().count()) / 1e6L;
    sum += x;
    sum_squares += x * x;
    ++n;
  }
  const auto expected = t_interval(n, static_cast<double>(sum), static_cast<double>(sum_squares));
  REQUIRE(expected);
  CHECK_THAT(batch.result().ci95->hi, Catch::Matchers::WithinRel(expected->hi, 1e-12));
  // Durations cannot be negative: the interval is clipped at 0 s.
  CHECK_THAT(batch.result().ci95->lo,
             Catch::Matchers::WithinRel(std::max(0.0, expected->lo), 1e-9));
}
