// SPDX-License-Identifier: MIT
// Property tests: seeded random records through every accumulator, checking invariants that
// must hold for any input, not just hand-built queues:
//   - the result does not depend on record order (three seeded shuffles and the reverse);
//   - any split merged equals the whole (random 2-way split points, random 3-way splits,
//     merged in both associations);
//   - rates lie within 0..100 with numerator ≤ denominator, means within their scale, NPS
//     within −100..100; the 95% interval contains the value.
// The generator is a fixed-seed std::mt19937_64; the seeds come from GENERATE, so every run
// sees the same records and a failure names its seed.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <random>
#include <vector>

#include "contactkpi/abandon_rate.hpp"
#include "contactkpi/contact_rate.hpp"
#include "contactkpi/fcr.hpp"
#include "contactkpi/handle_time.hpp"
#include "contactkpi/quality.hpp"
#include "contactkpi/service_level.hpp"
#include "contactkpi/survey.hpp"
#include "contactkpi/transfer_rate.hpp"
#include "support.hpp"

using namespace contactkpi;
using namespace contactkpi::test;

namespace {

constexpr std::size_t contact_count = 4000;
constexpr std::size_t interaction_count = 3000;
constexpr std::size_t survey_count = 5000;

/// Closed range a KPI value must lie in.
struct Bounds {
  double lo;
  double hi;
};
constexpr Bounds percent_bounds{0.0, 100.0};

/// A duration in whole microseconds, uniform in [0, max_s] seconds; a quarter of the draws
/// come from a list of edge values around the default thresholds (20 s, 5 s short abandon).
Duration random_wait(std::mt19937_64& rng, double max_s) {
  static constexpr std::array<std::int64_t, 9> edges_us{
      0, 1, 4'999'999, 5'000'000, 5'000'001, 19'999'999, 20'000'000, 20'000'001, 60'000'000};
  std::uniform_int_distribution<int> pick{0, 3};
  if (pick(rng) == 0) {
    std::uniform_int_distribution<std::size_t> e{0, edges_us.size() - 1};
    return Duration{edges_us[e(rng)]};
  }
  std::uniform_int_distribution<std::int64_t> us{0, static_cast<std::int64_t>(max_s * 1e6)};
  return Duration{us(rng)};
}

/// `n` valid contacts (the loaders' rules hold: answered_at ≥ arrived_at, ended_at ≥ both,
/// never abandoned and answered, durations ≥ 0, qa_score in 0..100).
std::vector<Contact> random_contacts(std::uint64_t seed, std::size_t n) {
  std::mt19937_64 rng{seed};
  std::uniform_int_distribution<std::size_t> channel{0, channel_count - 1};
  std::uniform_int_distribution<int> percent{0, 99};
  std::uniform_int_distribution<std::int64_t> start_us{0, 30LL * 86'400 * 1'000'000};
  std::uniform_real_distribution<double> qa{0.0, 100.0};
  std::vector<Contact> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    Contact c;
    c.contact_id = "c" + std::to_string(i);
    c.customer_id = "u" + std::to_string(percent(rng) * 7);
    c.channel = all_channels[channel(rng)];
    c.direction = percent(rng) < 15 ? Direction::outbound : Direction::inbound;
    c.arrived_at = at(Duration{start_us(rng)});
    const Duration wait = random_wait(rng, 120.0);
    const int outcome = percent(rng);
    if (outcome < 70) {  // answered
      c.answered_at = c.arrived_at + wait;
      c.talk = random_wait(rng, 900.0);
      c.hold = percent(rng) < 30 ? random_wait(rng, 120.0) : Duration::zero();
      c.acw = random_wait(rng, 60.0);
      c.ended_at = *c.answered_at + c.talk + c.hold;
      c.transferred = percent(rng) < 12;
      if (percent(rng) < 50) c.resolved = percent(rng) < 80;
    } else if (outcome < 92) {  // abandoned
      c.abandoned = true;
      c.ended_at = c.arrived_at + wait;
    } else {  // left the queue unanswered without abandoning (timeout, callback)
      c.ended_at = c.arrived_at + wait;
    }
    if (percent(rng) < 40) {
      // Mostly decimals, sometimes the exact scale ends.
      const int edge = percent(rng);
      c.qa_score = edge < 5 ? 0.0 : edge < 10 ? 100.0 : qa(rng);
    }
    // Drawn last, so that the fields above keep the values of earlier seeds' records.
    static constexpr std::array<const char*, 4> reasons{"", "billing", "outage", "move"};
    static constexpr std::array<const char*, 3> segments{"", "retail", "business"};
    c.reason = reasons[static_cast<std::size_t>(percent(rng)) % reasons.size()];
    c.segment = segments[static_cast<std::size_t>(percent(rng)) % segments.size()];
    if (percent(rng) < 5) c.customer_id.clear();  // anonymous: no repeat check, no net rate
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<Interaction> random_interactions(std::uint64_t seed, std::size_t n) {
  std::mt19937_64 rng{seed};
  std::uniform_int_distribution<int> percent{0, 99};
  std::uniform_real_distribution<double> score{0.0, 100.0};
  std::vector<Interaction> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    Interaction x;
    x.contact_id = "c" + std::to_string(i / 2);
    x.agent_id = "a" + std::to_string(percent(rng) % 13);
    if (percent(rng) < 70) {
      const int edge = percent(rng);
      x.quality_score = edge < 5 ? 0.0 : edge < 10 ? 100.0 : score(rng);
    }
    x.talk = random_wait(rng, 600.0);
    out.push_back(std::move(x));
  }
  return out;
}

/// `n` survey answers: each score present with probability 70%, whole numbers on the CSAT
/// 1..5, NPS 0..10 and CES 1..7 scales; 2% of CSAT and CES answers fall outside the scale
/// (0, 6, 8: what a loader with another scale setting might pass on), which the
/// accumulators must count as out of scale, never as answers.
std::vector<Survey> random_surveys(std::uint64_t seed, std::size_t n) {
  std::mt19937_64 rng{seed};
  std::uniform_int_distribution<int> percent{0, 99};
  std::uniform_int_distribution<int> csat{1, 5};
  std::uniform_int_distribution<int> nps{0, 10};
  std::uniform_int_distribution<int> ces{1, 7};
  std::vector<Survey> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    Survey s;
    s.contact_id = percent(rng) < 20 ? "" : "c" + std::to_string(i);
    s.customer_id = "u" + std::to_string(i % 997);
    if (percent(rng) < 70) s.csat = percent(rng) < 2 ? (percent(rng) < 50 ? 0 : 6) : csat(rng);
    if (percent(rng) < 70) s.nps = nps(rng);
    if (percent(rng) < 70) s.ces = percent(rng) < 2 ? 8 : ces(rng);
    if (percent(rng) < 50) s.resolved = percent(rng) < 70;
    out.push_back(std::move(s));
  }
  return out;
}

/// The value lies in `bounds`, the interval (if any) contains it, and for percentages the
/// counts are a proper share.
void check_bounds(const Result& r, Bounds bounds) {
  if (!r.has_data()) {
    CHECK(r.denominator == 0.0);
    return;
  }
  CHECK(*r.value >= bounds.lo);
  CHECK(*r.value <= bounds.hi);
  if (r.unit == Unit::percent) {
    CHECK(r.numerator >= 0.0);
    CHECK(r.numerator <= r.denominator);
  }
  if (r.ci95) {
    CHECK(r.ci95->lo <= *r.value);
    CHECK(*r.value <= r.ci95->hi);
    if (r.unit == Unit::percent || r.unit == Unit::nps) {
      CHECK(r.ci95->lo >= bounds.lo);
      CHECK(r.ci95->hi <= bounds.hi);
    }
  }
}

template <class Record, class Make>
auto accumulate(const std::vector<Record>& records, std::size_t begin, std::size_t end, Make make) {
  auto acc = make();
  for (std::size_t i = begin; i < end; ++i) acc.add(records[i]);
  return acc;
}

/// Order independence, split/merge invariance and bounds for one accumulator type.
/// `make()` returns a fresh accumulator; its result() must return a Result.
template <class Record, class Make>
void check_properties(const std::vector<Record>& records, Make make, Bounds bounds,
                      std::uint64_t seed) {
  const std::size_t n = records.size();
  const Result whole = accumulate(records, 0, n, make).result();
  REQUIRE(whole.has_data());  // the generator always produces some qualifying records
  check_bounds(whole, bounds);

  // Order: the reverse and three seeded shuffles.
  std::mt19937_64 rng{seed ^ 0x9e3779b97f4a7c15ULL};
  std::vector<Record> shuffled = records;
  std::reverse(shuffled.begin(), shuffled.end());
  require_same(accumulate(shuffled, 0, n, make).result(), whole);
  for (int round = 0; round < 3; ++round) {
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    require_same(accumulate(shuffled, 0, n, make).result(), whole);
  }

  // 2-way splits: the ends (empty part) and five random points; each part within bounds.
  std::uniform_int_distribution<std::size_t> point{0, n};
  std::vector<std::size_t> points{0, n, 1, n - 1};
  for (int i = 0; i < 5; ++i) points.push_back(point(rng));
  for (std::size_t k : points) {
    auto left = accumulate(shuffled, 0, k, make);
    const auto right = accumulate(shuffled, k, n, make);
    check_bounds(left.result(), bounds);
    check_bounds(right.result(), bounds);
    left.merge(right);
    require_same(left.result(), whole);
  }

  // 3-way splits, merged as (a + b) + c and as a + (b + c).
  for (int i = 0; i < 4; ++i) {
    std::size_t k1 = point(rng);
    std::size_t k2 = point(rng);
    if (k1 > k2) std::swap(k1, k2);
    auto a = accumulate(shuffled, 0, k1, make);
    auto b = accumulate(shuffled, k1, k2, make);
    const auto c = accumulate(shuffled, k2, n, make);
    auto left_first = a;
    left_first.merge(b);
    left_first.merge(c);
    require_same(left_first.result(), whole);
    b.merge(c);
    a.merge(b);
    require_same(a.result(), whole);
  }

  // Merging an empty accumulator changes nothing.
  auto with_empty = accumulate(shuffled, 0, n, make);
  with_empty.merge(make());
  require_same(with_empty.result(), whole);
}

}  // namespace

TEST_CASE("Properties: service level over 4000 random contacts x 3 seeds, every formula",
          "[properties]") {
  const std::uint64_t seed = GENERATE(as<std::uint64_t>{}, 1, 2, 3);
  const auto formula = GENERATE(
      SlFormula::standard, SlFormula::answered_only, SlFormula::ignore_abandons_within_t,
      SlFormula::abandons_within_t_met, SlFormula::short_abandons_met, SlFormula::amazon_connect);
  const bool exclusive = GENERATE(false, true);
  CAPTURE(seed, to_string(formula), exclusive);
  ServiceLevelOptions options{
      .exclusive = exclusive, .short_abandon = std::chrono::seconds{5}, .formula = formula};
  options.channel_threshold[static_cast<std::size_t>(Channel::chat)] = std::chrono::seconds{60};
  const auto contacts = random_contacts(seed, contact_count);
  REQUIRE(contacts.size() == contact_count);
  check_properties(
      contacts, [&] { return ServiceLevelAccumulator{options}; }, percent_bounds, seed);
}

TEST_CASE("Properties: abandon rate over 4000 random contacts x 3 seeds", "[properties]") {
  const std::uint64_t seed = GENERATE(as<std::uint64_t>{}, 4, 5, 6);
  const auto short_abandon = GENERATE(Duration::zero(), Duration{std::chrono::seconds{5}});
  CAPTURE(seed, short_abandon.count());
  const AbandonOptions options{.short_abandon = short_abandon};
  check_properties(
      random_contacts(seed, contact_count), [&] { return AbandonRateAccumulator{options}; },
      percent_bounds, seed);
}

TEST_CASE("Properties: transfer rate over 4000 random contacts x 3 seeds", "[properties]") {
  const std::uint64_t seed = GENERATE(as<std::uint64_t>{}, 7, 8, 9);
  CAPTURE(seed);
  check_properties(
      random_contacts(seed, contact_count), [] { return TransferRateAccumulator{}; },
      percent_bounds, seed);
}

TEST_CASE("Properties: AHT over 4000 random contacts x 3 seeds, every filter", "[properties]") {
  const std::uint64_t seed = GENERATE(as<std::uint64_t>{}, 10, 11, 12);
  const AhtOptions options =
      GENERATE(AhtOptions{}, AhtOptions{.direction = Direction::inbound},
               AhtOptions{.direction = Direction::outbound}, AhtOptions{.channel = Channel::voice},
               AhtOptions{.direction = Direction::inbound, .channel = Channel::chat});
  CAPTURE(seed);
  // Handle time per contact is at most 900 + 120 + 60 s by construction (random_contacts).
  check_properties(
      random_contacts(seed, contact_count), [&] { return AhtAccumulator{options}; },
      Bounds{0.0, 1080.0}, seed);
}

TEST_CASE("Properties: CCQS over 4000 random contacts x 3 seeds", "[properties]") {
  const std::uint64_t seed = GENERATE(as<std::uint64_t>{}, 13, 14, 15);
  CAPTURE(seed);
  check_properties(
      random_contacts(seed, contact_count), [] { return CcqsAccumulator{}; }, Bounds{0.0, 100.0},
      seed);
}

TEST_CASE("Properties: CQIS over 3000 random interactions x 3 seeds", "[properties]") {
  const std::uint64_t seed = GENERATE(as<std::uint64_t>{}, 16, 17, 18);
  CAPTURE(seed);
  const auto interactions = random_interactions(seed, interaction_count);
  REQUIRE(interactions.size() == interaction_count);
  check_properties(
      interactions, [] { return CqisAccumulator{}; }, Bounds{0.0, 100.0}, seed);
}

TEST_CASE("Properties: the random generator keeps the loaders' record rules", "[properties]") {
  // A guard on the generator itself, so that the properties above are about valid input.
  for (const Contact& c : random_contacts(99, contact_count)) {
    CHECK(c.ended_at >= c.arrived_at);
    if (c.answered_at) {
      CHECK(*c.answered_at >= c.arrived_at);
      CHECK(c.ended_at >= *c.answered_at);
      CHECK_FALSE(c.abandoned);
    }
    CHECK(c.talk >= Duration::zero());
    CHECK(c.hold >= Duration::zero());
    CHECK(c.acw >= Duration::zero());
    if (c.qa_score) {
      CHECK(*c.qa_score >= 0.0);
      CHECK(*c.qa_score <= 100.0);
    }
  }
}

TEST_CASE("Properties: CSAT over 5000 random surveys x 3 seeds, both modes", "[properties]") {
  const std::uint64_t seed = GENERATE(as<std::uint64_t>{}, 19, 20, 21);
  const auto mode = GENERATE(CsatMode::top2, CsatMode::mean);
  CAPTURE(seed, mode == CsatMode::top2);
  const CsatOptions options{.mode = mode};
  const auto surveys = random_surveys(seed, survey_count);
  REQUIRE(surveys.size() == survey_count);
  // top2: a percentage; mean: a mean on the 1..5 scale.
  const Bounds bounds = mode == CsatMode::top2 ? percent_bounds : Bounds{1.0, 5.0};
  check_properties(
      surveys, [&] { return CsatAccumulator{options}; }, bounds, seed);
  // Out-of-scale answers are counted apart, and that count pools too.
  const auto whole = accumulate(surveys, 0, survey_count, [&] { return CsatAccumulator{options}; });
  CHECK(whole.out_of_scale() > 0);
  auto left = accumulate(surveys, 0, survey_count / 3, [&] { return CsatAccumulator{options}; });
  left.merge(accumulate(surveys, survey_count / 3, survey_count,
                        [&] { return CsatAccumulator{options}; }));
  CHECK(left.out_of_scale() == whole.out_of_scale());
}

TEST_CASE("Properties: NPS over 5000 random surveys x 3 seeds", "[properties]") {
  const std::uint64_t seed = GENERATE(as<std::uint64_t>{}, 22, 23, 24);
  CAPTURE(seed);
  const auto surveys = random_surveys(seed, survey_count);
  check_properties(
      surveys, [] { return NpsAccumulator{}; }, Bounds{-100.0, 100.0}, seed);
  const auto whole = accumulate(surveys, 0, survey_count, [] { return NpsAccumulator{}; });
  // Every answer is 0..10 here, so each lands in exactly one of the three bins.
  std::int64_t answered = 0;
  for (const Survey& s : surveys) answered += s.nps ? 1 : 0;
  CHECK(whole.tally().responses() == answered);
  CHECK(whole.out_of_scale() == 0);
}

TEST_CASE("Properties: CES over 5000 random surveys x 3 seeds, both scales and modes",
          "[properties]") {
  const std::uint64_t seed = GENERATE(as<std::uint64_t>{}, 25, 26, 27);
  const auto scale = GENERATE(CesScale::ces2, CesScale::ces1);
  const auto mode = GENERATE(CesMode::mean, CesMode::low_effort);
  CAPTURE(seed, scale == CesScale::ces2, mode == CesMode::mean);
  const CesOptions options{.scale = scale, .mode = mode};
  const Bounds bounds = mode == CesMode::low_effort
                            ? percent_bounds
                            : Bounds{static_cast<double>(options.scale_min()),
                                     static_cast<double>(options.scale_max())};
  const auto surveys = random_surveys(seed, survey_count);
  check_properties(
      surveys, [&] { return CesAccumulator{options}; }, bounds, seed);
  const auto whole = accumulate(surveys, 0, survey_count, [&] { return CesAccumulator{options}; });
  CHECK(whole.out_of_scale() > 0);  // the 8s (and, on the 1..5 scale, every 6 and 7)
}

namespace {

/// FcrAccumulator behind the accumulator shape check_properties expects; its result() is
/// the pooled FCR percentage, and open_windows() the contacts left out as still open.
class FcrAdapter {
 public:
  explicit FcrAdapter(const FcrOptions& options) : acc_{options} {}
  void add(const Contact& c) { acc_.add(c); }
  void merge(const FcrAdapter& other) { acc_.merge(other.acc_); }
  [[nodiscard]] Result result() const { return acc_.result().result(); }
  [[nodiscard]] std::int64_t open_windows() const { return acc_.result().open_windows; }

 private:
  FcrAccumulator acc_;
};

}  // namespace

TEST_CASE("Properties: FCR over 4000 random contacts x 3 seeds, methods and options",
          "[properties]") {
  // 100 customers over 30 days: most handled contacts have a repeat within 7 days, some
  // do not, and the last week's windows are still open at the default as-of time.
  const std::uint64_t seed = GENERATE(as<std::uint64_t>{}, 28, 29, 30);
  const FcrOptions options = GENERATE(
      FcrOptions{}, FcrOptions{.match_reason = false}, FcrOptions{.include_open = true},
      FcrOptions{.window = std::chrono::hours{24}}, FcrOptions{.method = FcrMethod::agent_flag});
  CAPTURE(seed, to_string(options.method), options.match_reason, options.include_open);
  const auto contacts = random_contacts(seed, contact_count);
  const auto make = [&] { return FcrAdapter{options}; };
  check_properties(contacts, make, percent_bounds, seed);
  // The open-window count pools too.
  const auto whole = accumulate(contacts, 0, contact_count, make);
  auto left = accumulate(contacts, 0, contact_count / 3, make);
  left.merge(accumulate(contacts, contact_count / 3, contact_count, make));
  CHECK(left.open_windows() == whole.open_windows());
  if (options.method == FcrMethod::repeat_window && !options.include_open) {
    CHECK(whole.open_windows() > 0);
  }
}

TEST_CASE("Properties: contact rate by segment over 4000 random contacts x 3 seeds",
          "[properties]") {
  const std::uint64_t seed = GENERATE(as<std::uint64_t>{}, 31, 32, 33);
  const bool net = GENERATE(false, true);
  CAPTURE(seed, net);
  const ContactRateOptions options{.net = net};
  // "retail" has one size for all time; "business" one for March only (a segment's rows are
  // all of one period kind), so its April contacts are unmatched.
  const std::vector<Segment> segments{
      {.segment = "retail", .customers = 700},
      {.segment = "business", .customers = 90, .period = "2026-03"}};
  const auto contacts = random_contacts(seed, contact_count);
  const auto results = [&](const ContactRateAccumulator& acc) { return acc.results(segments); };
  ContactRateAccumulator whole{options};
  for (const Contact& c : contacts) whole.add(c);
  const auto expected = results(whole);
  REQUIRE_FALSE(expected.empty());
  CHECK(std::any_of(expected.begin(), expected.end(),
                    [](const SegmentRate& r) { return r.unmatched > 0; }));
  for (const SegmentRate& r : expected) {
    CAPTURE(r.segment);
    if (!r.result.has_data()) continue;
    CHECK(*r.result.value >= 0.0);  // contacts per 100 customers: may exceed 100
    CHECK(r.result.numerator >= 0.0);
    if (r.result.ci95) {
      CHECK(r.result.ci95->lo <= *r.result.value);
      CHECK(*r.result.value <= r.result.ci95->hi);
    }
  }
  std::mt19937_64 rng{seed};
  std::vector<Contact> shuffled = contacts;
  for (int round = 0; round < 3; ++round) {
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    ContactRateAccumulator acc{options};
    for (const Contact& c : shuffled) acc.add(c);
    CHECK(results(acc) == expected);
  }
  std::uniform_int_distribution<std::size_t> point{0, contact_count};
  for (int i = 0; i < 4; ++i) {
    std::size_t k1 = point(rng);
    std::size_t k2 = point(rng);
    if (k1 > k2) std::swap(k1, k2);
    std::array<ContactRateAccumulator, 3> parts{ContactRateAccumulator{options},
                                                ContactRateAccumulator{options},
                                                ContactRateAccumulator{options}};
    for (std::size_t j = 0; j < contact_count; ++j) {
      parts[j < k1 ? 0 : j < k2 ? 1 : 2].add(shuffled[j]);
    }
    parts[1].merge(parts[2]);
    parts[0].merge(parts[1]);
    CHECK(results(parts[0]) == expected);
  }
}
