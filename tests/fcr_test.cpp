// SPDX-License-Identifier: MIT
// FCR (first contact resolution): hand-worked cases for every rule and option of SPEC §2.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "contactkpi/detail/interner.hpp"
#include "contactkpi/fcr.hpp"

using namespace std::chrono_literals;
using Catch::Matchers::WithinAbs;
using contactkpi::Contact;
using contactkpi::Duration;
using contactkpi::FcrAccumulator;
using contactkpi::FcrMethod;
using contactkpi::FcrOptions;
using contactkpi::FcrOutcome;
using contactkpi::Ratio;
using contactkpi::Survey;
using contactkpi::Timestamp;

namespace {

// 2026-03-02T00:00:00Z, a Monday.
const Timestamp t0{std::chrono::sys_days{std::chrono::year{2026} / 3 / 2}};
constexpr Duration us1{1};

/// A handled inbound contact of `customer`, from t0 + arrive to t0 + end.
Contact handled(std::string customer, Duration arrive, Duration end, std::string reason = "") {
  // Member by member: GCC's -Wmissing-field-initializers flags designated initialisers
  // that skip the std::string members.
  Contact c;
  c.contact_id = "c";
  c.customer_id = std::move(customer);
  c.reason = std::move(reason);
  c.arrived_at = t0 + arrive;
  c.answered_at = t0 + arrive;
  c.ended_at = t0 + end;
  return c;
}

/// An inbound contact that was never answered (abandoned).
Contact abandoned(std::string customer, Duration arrive, Duration end, std::string reason = "") {
  Contact c = handled(std::move(customer), arrive, end, std::move(reason));
  c.answered_at.reset();
  c.abandoned = true;
  return c;
}

Contact outbound(std::string customer, Duration arrive, Duration end) {
  Contact c = handled(std::move(customer), arrive, end);
  c.direction = contactkpi::Direction::outbound;
  return c;
}

FcrOutcome outcome(std::int64_t numerator, std::int64_t denominator, std::int64_t open = 0) {
  return FcrOutcome{.ratio = Ratio{numerator, denominator}, .open_windows = open};
}

/// A window that is surely over: as-of far in the future.
FcrOptions closed(FcrOptions options = {}) {
  options.as_of = t0 + std::chrono::days{365};
  return options;
}

}  // namespace

TEST_CASE("FCR method names round-trip", "[fcr]") {
  CHECK(contactkpi::to_string(FcrMethod::repeat_window) == "repeat-window");
  CHECK(contactkpi::to_string(FcrMethod::agent_flag) == "agent-flag");
  CHECK(contactkpi::to_string(FcrMethod::survey) == "survey");
  CHECK(contactkpi::parse_fcr_method("repeat-window") == FcrMethod::repeat_window);
  CHECK(contactkpi::parse_fcr_method("Agent-Flag") == FcrMethod::agent_flag);
  CHECK(contactkpi::parse_fcr_method("SURVEY") == FcrMethod::survey);
  CHECK_FALSE(contactkpi::parse_fcr_method("repeat_window").has_value());
  CHECK_FALSE(contactkpi::parse_fcr_method("").has_value());
}

TEST_CASE("FCR of no contacts is no data", "[fcr]") {
  for (const auto method : {FcrMethod::repeat_window, FcrMethod::agent_flag, FcrMethod::survey}) {
    CAPTURE(contactkpi::to_string(method));
    const FcrAccumulator acc{{.method = method}};
    CHECK(acc.result() == outcome(0, 0));
    CHECK_FALSE(acc.result().result().has_data());
    CHECK(acc.results_by_group().empty());
    CHECK_FALSE(acc.as_of().has_value());
    CHECK(contactkpi::first_contact_resolution({}, {.method = method}) == outcome(0, 0));
  }
}

TEST_CASE("FCR of a single contact: its own window decides", "[fcr]") {
  // One handled contact 09:00-09:10. Default as-of = its latest timestamp, 09:10, and its
  // window ends 7 days later: open, so left out of both counts.
  const std::vector contacts{handled("A", 9h, 9h + 10min)};
  CHECK(contactkpi::first_contact_resolution(contacts) == outcome(0, 0, 1));
  CHECK_FALSE(contactkpi::first_contact_resolution(contacts).result().has_data());

  // include_open: counted, no repeat → 1/1 = 100 %.
  const auto open = contactkpi::first_contact_resolution(contacts, {.include_open = true});
  CHECK(open == outcome(1, 1));
  CHECK_THAT(*open.result().value, WithinAbs(100.0, 1e-12));

  // as-of exactly at ended_at + 7 d: the window is over → 1/1.
  const Timestamp window_end = t0 + 9h + 10min + std::chrono::days{7};
  CHECK(contactkpi::first_contact_resolution(contacts, {.as_of = window_end}) == outcome(1, 1));
  // 1 µs earlier the window still runs → left out.
  CHECK(contactkpi::first_contact_resolution(contacts, {.as_of = window_end - us1}) ==
        outcome(0, 0, 1));

  FcrAccumulator acc;
  acc.add(contacts[0]);
  CHECK(acc.as_of() == t0 + 9h + 10min);
  FcrAccumulator explicit_as_of{{.as_of = window_end}};
  explicit_as_of.add(contacts[0]);
  CHECK(explicit_as_of.as_of() == window_end);
}

TEST_CASE("FCR window edge: a repeat at exactly ended_at + window counts, 1 µs later does not",
          "[fcr]") {
  // X ends at 00:10; window 3 days → repeat window up to and including day 3, 00:10.
  const Duration window = std::chrono::days{3};
  const Duration x_end = 10min;
  const auto run = [&](Duration y_arrival) {
    const std::vector contacts{handled("A", 0min, x_end),
                               abandoned("A", y_arrival, y_arrival + 1min)};
    return contactkpi::first_contact_resolution(contacts, closed({.window = window}));
  };
  CHECK(run(x_end + window) == outcome(0, 1));        // on the edge: repeat, 0/1
  CHECK(run(x_end + window - us1) == outcome(0, 1));  // inside: repeat, 0/1
  CHECK(run(x_end + window + us1) == outcome(1, 1));  // just outside: no repeat, 1/1
  // A repeat while X is still running (arrived after X, before X ended) is a repeat too.
  CHECK(run(5min) == outcome(0, 1));
}

TEST_CASE("FCR as-of edge: a window ending exactly at as-of is over, 1 µs later is open", "[fcr]") {
  // X 00:00-00:10, window 7 d → ends day 7, 00:10. Y (another customer) sets the default
  // as-of with its ended_at; Y's own window is open in every case below.
  const Timestamp x_window_end = t0 + 10min + std::chrono::days{7};
  const auto run = [&](Timestamp latest) {
    const std::vector contacts{handled("X", 0min, 10min),
                               handled("Y", latest - t0 - 1min, latest - t0)};
    return contactkpi::first_contact_resolution(contacts);
  };
  CHECK(run(x_window_end) == outcome(1, 1, 1));        // X over: 1/1; Y open
  CHECK(run(x_window_end - us1) == outcome(0, 0, 2));  // X ends 1 µs after as-of: open
  CHECK(run(x_window_end + us1) == outcome(1, 1, 1));
}

TEST_CASE("FCR counts only handled inbound counted contacts", "[fcr]") {
  // Candidates: handled + inbound + counted. Success: not transferred, resolved != false,
  // no repeat. Every customer differs, so there are no repeats here.
  Contact transferred = handled("T", 0min, 10min);
  transferred.transferred = true;
  Contact unresolved = handled("U", 0min, 10min);
  unresolved.resolved = false;
  Contact resolved = handled("R", 0min, 10min);
  resolved.resolved = true;
  const Contact unknown = handled("K", 0min, 10min);  // resolved unknown: still a success
  const std::vector contacts{transferred,
                             unresolved,
                             resolved,
                             unknown,
                             abandoned("Q", 0min, 1min),
                             outbound("O", 0min, 10min)};
  // candidates: T, U, R, K = 4; successes: R, K = 2 → 2/4 = 50 %.
  const auto fcr = contactkpi::first_contact_resolution(contacts, closed());
  CHECK(fcr == outcome(2, 4));
  CHECK_THAT(*fcr.result().value, WithinAbs(50.0, 1e-12));

  // counted = false: not a candidate.
  FcrAccumulator acc{closed()};
  acc.add(resolved, 0, false);
  CHECK(acc.result() == outcome(0, 0));
}

TEST_CASE("FCR repeats: who can be a repeat", "[fcr]") {
  const auto first = handled("A", 0min, 10min, "billing");
  SECTION("an unanswered inbound contact is a repeat") {
    const std::vector contacts{first, abandoned("A", 1h, 1h + 1min)};
    CHECK(contactkpi::first_contact_resolution(contacts, closed()) == outcome(0, 1));
  }
  SECTION("an uncounted contact is a repeat") {
    FcrAccumulator acc{closed()};
    acc.add(first);
    acc.add(handled("A", 1h, 2h), 0, false);
    CHECK(acc.result() == outcome(0, 1));  // only `first` is a candidate, and it failed
  }
  SECTION("an outbound contact is never a repeat") {
    const std::vector contacts{first, outbound("A", 1h, 2h)};
    CHECK(contactkpi::first_contact_resolution(contacts, closed()) == outcome(1, 1));
  }
  SECTION("another customer's contact is not a repeat") {
    const std::vector contacts{first, abandoned("B", 1h, 2h)};
    CHECK(contactkpi::first_contact_resolution(contacts, closed()) == outcome(1, 1));
  }
  SECTION("an earlier contact is not a repeat") {
    // B ends at 00:10, A starts at 00:05 and ends at 00:20: A is B's repeat, not vice versa.
    const std::vector contacts{handled("A", 0min, 10min), handled("A", 5min, 20min)};
    // first: repeat → fail; second: nothing later → success → 1/2.
    CHECK(contactkpi::first_contact_resolution(contacts, closed()) == outcome(1, 2));
  }
  SECTION("contacts that arrived at the same instant are not repeats of each other") {
    const std::vector contacts{handled("A", 0min, 10min), handled("A", 0min, 15min),
                               handled("A", 0min, 20min)};
    CHECK(contactkpi::first_contact_resolution(contacts, closed()) == outcome(3, 3));
  }
  SECTION("contacts without a customer_id have no repeats but are candidates") {
    const std::vector contacts{handled("", 0min, 10min), handled("", 1h, 2h)};
    CHECK(contactkpi::first_contact_resolution(contacts, closed()) == outcome(2, 2));
  }
}

TEST_CASE("FCR reason matching", "[fcr]") {
  using Row = std::tuple<std::string, std::string, bool, std::int64_t>;
  // (first reason, repeat reason, match_reason, expected successes of 1 candidate)
  const auto [x_reason, y_reason, match, successes] =
      GENERATE(table<std::string, std::string, bool, std::int64_t>({
          Row{"billing", "tech", true, 1},     // both known and different: not a repeat
          Row{"billing", "tech", false, 0},    // any reason: repeat
          Row{"billing", "billing", true, 0},  // same reason: repeat
          Row{"billing", "", true, 0},         // repeat's reason unknown: repeat
          Row{"", "tech", true, 0},            // first reason unknown: repeat
          Row{"", "", true, 0},
      }));
  CAPTURE(x_reason, y_reason, match);
  const std::vector contacts{handled("A", 0min, 10min, x_reason),
                             abandoned("A", 1h, 1h + 1min, y_reason)};
  CHECK(contactkpi::first_contact_resolution(contacts, closed({.match_reason = match})) ==
        outcome(successes, 1));
}

TEST_CASE("FCR reason matching finds a matching repeat behind a non-matching one", "[fcr]") {
  // X billing; later: tech (1 h), tech (2 h), billing (3 h), all within the window.
  // match on: billing at 3 h repeats X → X fails; the two tech contacts: the second repeats
  // the first (tech, 2 h) → first fails; second tech has no later tech/unknown → succeeds;
  // billing at 3 h: nothing later → succeeds. 2 of 4.
  const std::vector contacts{
      handled("A", 0min, 10min, "billing"), handled("A", 1h, 1h + 5min, "tech"),
      handled("A", 2h, 2h + 5min, "tech"), handled("A", 3h, 3h + 5min, "billing")};
  CHECK(contactkpi::first_contact_resolution(contacts, closed()) == outcome(2, 4));
  // match off: every contact but the last has a later one → 1 of 4.
  CHECK(contactkpi::first_contact_resolution(contacts, closed({.match_reason = false})) ==
        outcome(1, 4));
}

TEST_CASE("FCR explicit as-of and include_open", "[fcr]") {
  // X 00:00-00:10 (A), repeat Y at day 2 (A, abandoned), Z at day 20 (B) sets the default
  // as-of far beyond X's window.
  const std::vector contacts{handled("A", 0min, 10min),
                             abandoned("A", std::chrono::days{2}, std::chrono::days{2} + 1min),
                             handled("B", std::chrono::days{20}, std::chrono::days{20} + 1min)};
  // default as-of = day 20 00:01: X closed with a repeat (0/1); Z open.
  CHECK(contactkpi::first_contact_resolution(contacts) == outcome(0, 1, 1));
  // include_open: Z counted as a success → 1/2, nothing left out.
  CHECK(contactkpi::first_contact_resolution(contacts, {.include_open = true}) == outcome(1, 2));
  // as-of day 1: X's window (to day 7 00:10) is open, Z arrived after as-of: both open.
  const FcrOptions day1{.as_of = t0 + std::chrono::days{1}};
  CHECK(contactkpi::first_contact_resolution(contacts, day1) == outcome(0, 0, 2));
  // ... with include_open X is judged on repeats up to as-of: Y (day 2) came after day 1,
  // so no repeat yet → success; Z no repeat → success: 2/2.
  FcrOptions day1_open = day1;
  day1_open.include_open = true;
  CHECK(contactkpi::first_contact_resolution(contacts, day1_open) == outcome(2, 2));
  // as-of day 3, include_open: Y (day 2) arrived by as-of → X fails; Z success → 1/2.
  const FcrOptions day3_open{.as_of = t0 + std::chrono::days{3}, .include_open = true};
  CHECK(contactkpi::first_contact_resolution(contacts, day3_open) == outcome(1, 2));
}

TEST_CASE("FCR agent-flag method", "[fcr]") {
  // success = resolved == true and not transferred, over handled inbound counted contacts.
  Contact yes = handled("A", 0min, 10min);
  yes.resolved = true;
  Contact yes_transferred = yes;
  yes_transferred.transferred = true;
  Contact no = handled("A", 1h, 2h);  // and it would be a repeat: irrelevant here
  no.resolved = false;
  const Contact unknown = handled("B", 0min, 10min);
  Contact yes_abandoned = abandoned("C", 0min, 1min);
  yes_abandoned.resolved = true;
  Contact yes_outbound = outbound("D", 0min, 1min);
  yes_outbound.resolved = true;
  const std::vector contacts{yes, yes_transferred, no, unknown, yes_abandoned, yes_outbound};
  // candidates: yes, yes_transferred, no, unknown = 4; successes: yes = 1 → 25 %.
  const auto fcr =
      contactkpi::first_contact_resolution(contacts, {.method = FcrMethod::agent_flag});
  CHECK(fcr == outcome(1, 4));
  CHECK_THAT(*fcr.result().value, WithinAbs(25.0, 1e-12));

  FcrAccumulator acc{{.method = FcrMethod::agent_flag}};
  acc.add(yes, 1);
  acc.add(yes, 1, false);  // not counted
  acc.add(unknown, 0);
  const std::vector<FcrOutcome> expected{outcome(0, 1), outcome(1, 1)};
  CHECK(acc.results_by_group() == expected);
  CHECK(acc.result() == outcome(1, 2));
}

TEST_CASE("FCR survey method", "[fcr]") {
  Survey yes;
  yes.resolved = true;
  Survey no;
  no.resolved = false;
  Survey unanswered;
  unanswered.csat = 5;
  const std::vector surveys{yes, yes, no, unanswered};
  const std::vector contacts{handled("A", 0min, 10min)};  // ignored by this method
  // answered the question: 3; resolved true: 2 → 66.67 %.
  const auto fcr =
      contactkpi::first_contact_resolution(contacts, {.method = FcrMethod::survey}, surveys);
  CHECK(fcr == outcome(2, 3));
  CHECK_THAT(*fcr.result().value, WithinAbs(200.0 / 3.0, 1e-9));

  // Surveys are ignored by the other methods.
  CHECK(contactkpi::first_contact_resolution({}, {}, surveys) == outcome(0, 0));

  FcrAccumulator acc{{.method = FcrMethod::survey}};
  acc.add(yes, 2);
  acc.add(no, 0);
  const std::vector<FcrOutcome> expected{outcome(0, 1), outcome(0, 0), outcome(1, 1)};
  CHECK(acc.results_by_group() == expected);
}

namespace {

struct Record {
  Contact contact;
  std::uint32_t group = 0;
  bool counted = true;
};

Contact with(Contact c, std::optional<bool> resolved, bool transferred = false) {
  c.resolved = resolved;
  c.transferred = transferred;
  return c;
}

// 20 records worked by hand below. Days are offsets from t0; latest timestamp = g1's end,
// day 25 10:10, which is the default as-of.
std::vector<Record> twenty_records() {
  using std::chrono::days;
  return {
      {handled("A", 9h, 9h + 10min, "billing"), 0},                         // a1
      {abandoned("A", days{3} + 10h, days{3} + 10h + 1min, "billing"), 0},  // a2
      {handled("A", days{20}, days{20} + 10min, "tech"), 1},                // a3
      {handled("B", days{1} + 8h, days{1} + 8h + 5min, "tech"), 0},         // b1
      {handled("B", days{2} + 8h, days{2} + 8h + 5min, "billing"), 1},      // b2
      {handled("B", days{5} + 12h, days{5} + 12h + 30min, "billing"), 0},   // b3
      {with(handled("C", 10h, 10h + 20min), std::nullopt, true), 1},        // c1
      {with(handled("C", days{10}, days{10} + 5min), false), 0},            // c2
      {with(handled("C", days{12}, days{12} + 5min), true), 0},             // c3
      {handled("D", days{2} + 9h, days{2} + 9h + 10min), 0},                // d1
      {outbound("D", days{4} + 9h, days{4} + 9h + 5min), 0},                // d2
      {handled("E", days{6} + 14h, days{6} + 14h + 10min), 1},              // e1
      {handled("E", days{6} + 14h, days{6} + 14h + 15min), 1},              // e2
      {handled("", days{7}, days{7} + 5min), 0},                            // n1
      {with(handled("", days{7} + 1h, days{7} + 1h + 5min), false), 0},     // n2
      {handled("F", days{1}, days{1} + 5min), 0, false},                    // f1
      {handled("F", days{5}, days{5} + 5min), 0},                           // f2
      {handled("G", days{25} + 10h, days{25} + 10h + 10min), 1},            // g1
      {handled("H", days{18} + 10h, days{18} + 10h + 10min), 0},            // h1
      {abandoned("", days{8}, days{8} + 1min), 0},                          // i1
  };
}

FcrAccumulator accumulate(std::span<const Record> records, const FcrOptions& options) {
  FcrAccumulator acc{options};
  for (const auto& r : records) acc.add(r.contact, r.group, r.counted);
  return acc;
}

/// The same through the bulk add(), in spans of `batch` records.
FcrAccumulator accumulate_in_bulk(std::span<const Record> records, const FcrOptions& options,
                                  std::size_t batch) {
  FcrAccumulator acc{options};
  for (std::size_t first = 0; first < records.size(); first += batch) {
    const auto part = records.subspan(first, std::min(batch, records.size() - first));
    std::vector<Contact> contacts;
    std::vector<std::uint32_t> groups;
    std::vector<std::uint8_t> counted;
    for (const Record& r : part) {
      contacts.push_back(r.contact);
      groups.push_back(r.group);
      counted.push_back(r.counted ? 1 : 0);
    }
    acc.add(contacts, groups, counted);
  }
  return acc;
}

}  // namespace

// Hand calculation for twenty_records(), window 7 d, as-of = day 25 10:10:
// candidates (handled inbound counted): all but a2 (abandoned), d2 (outbound), f1 (not
// counted), i1 (abandoned) = 16.
// open (end + 7 d > day 25 10:10): a3 (ends day 27 00:10), g1 → 2. h1 ends exactly at as-of:
// over. Closed: 14.
//   a1 fail: a2 (billing, day 3) is a repeat (day 3 ≤ day 7 09:10).
//   b1 (tech): later b2, b3 are billing → match on: no repeat, success; match off: fail.
//   b2 (billing): b3 (billing, day 5) repeat → fail.   b3: nothing later → success.
//   c1 transferred → fail. c2 resolved false → fail. c3 resolved true, nothing later → success.
//   d1: d2 is outbound → success. e1, e2 arrived together → both success.
//   n1 success; n2 resolved false → fail. f2: f1 is earlier → success. h1 success.
// match on: successes b1 b3 c3 d1 e1 e2 n1 f2 h1 = 9 of 14, open 2.
//   group 0 candidates: a1 b1 b3 c2 c3 d1 n1 n2 f2 h1 → successes b1 b3 c3 d1 n1 f2 h1 = 7/10.
//   group 1: a3 (open) b2 c1 e1 e2 g1 (open) → e1 e2 = 2/4, open 2.
TEST_CASE("FCR worked example of 20 records, by group and option", "[fcr]") {
  const auto records = twenty_records();
  SECTION("defaults") {
    const auto acc = accumulate(records, {});
    CHECK(acc.as_of() == t0 + std::chrono::days{25} + 10h + 10min);
    CHECK(acc.result() == outcome(9, 14, 2));
    CHECK_THAT(*acc.result().result().value, WithinAbs(900.0 / 14.0, 1e-9));  // 64.29 %
    const std::vector<FcrOutcome> groups{outcome(7, 10), outcome(2, 4, 2)};
    CHECK(acc.results_by_group() == groups);
  }
  SECTION("any reason: b1 now fails") {
    const auto acc = accumulate(records, {.match_reason = false});
    CHECK(acc.result() == outcome(8, 14, 2));
    const std::vector<FcrOutcome> groups{outcome(6, 10), outcome(2, 4, 2)};
    CHECK(acc.results_by_group() == groups);
  }
  SECTION("include_open: a3 and g1 counted as successes") {
    const auto acc = accumulate(records, {.include_open = true});
    const std::vector<FcrOutcome> groups{outcome(7, 10), outcome(4, 6)};
    CHECK(acc.results_by_group() == groups);
    CHECK(acc.result() == outcome(11, 16));
  }
  SECTION("as-of 1 µs before h1's window ends: h1 open too") {
    const auto acc = accumulate(records, {.as_of = t0 + std::chrono::days{25} + 10h + 10min - us1});
    CHECK(acc.result() == outcome(8, 13, 3));
  }
  SECTION("window 2 days: a2 (day 3 10:00) is after a1's window (day 2 09:10)") {
    // as-of day 25 10:10 → open iff end > day 23 10:10: only g1. a3 closed, success.
    // a1 success now; b2 (ends day 2 08:05, window to day 4 08:05): b3 at day 5 → success.
    // c2 (day 10) → c3 (day 12) is within 2 d 00:05 → irrelevant (c2 fails anyway).
    // successes: a1 a3 b1 b2 b3 c3 d1 e1 e2 n1 f2 h1 = 12 of 15, open 1.
    const auto acc = accumulate(records, {.window = std::chrono::days{2}});
    CHECK(acc.result() == outcome(12, 15, 1));
  }
  SECTION("agent-flag: only c3 is resolved = true and not transferred") {
    // candidates 16 (windows do not matter), successes: c3 → 1/16.
    CHECK(accumulate(records, {.method = FcrMethod::agent_flag}).result() == outcome(1, 16));
  }
}

TEST_CASE("FCR merge: any split merged equals the whole", "[fcr][property]") {
  const auto records = twenty_records();
  for (const FcrOptions& options :
       {FcrOptions{}, FcrOptions{.match_reason = false}, FcrOptions{.include_open = true},
        FcrOptions{.method = FcrMethod::agent_flag}}) {
    const auto whole = accumulate(records, options);
    for (std::size_t split = 0; split <= records.size(); ++split) {
      CAPTURE(split);
      const std::span<const Record> all{records};
      auto left = accumulate(all.first(split), options);
      const auto right = accumulate(all.subspan(split), options);
      auto right_first = right;
      right_first.merge(left);
      left.merge(right);
      CHECK(left.results_by_group() == whole.results_by_group());
      CHECK(right_first.results_by_group() == whole.results_by_group());
      CHECK(left.as_of() == whole.as_of());
    }
  }
  // Three-way merge into an empty accumulator.
  FcrAccumulator empty;
  const std::span<const Record> all{records};
  empty.merge(accumulate(all.subspan(0, 7), {}));
  empty.merge(accumulate(all.subspan(7, 6), {}));
  empty.merge(accumulate(all.subspan(13), {}));
  CHECK(empty.result() == outcome(9, 14, 2));
}

TEST_CASE("FCR is independent of record order", "[fcr][property]") {
  auto records = twenty_records();
  std::reverse(records.begin(), records.end());
  CHECK(accumulate(records, {}).result() == outcome(9, 14, 2));
  std::mt19937 rng{20261122};
  for (int i = 0; i < 10; ++i) {
    std::shuffle(records.begin(), records.end(), rng);
    const auto acc = accumulate(records, {});
    CHECK(acc.result() == outcome(9, 14, 2));
    const std::vector<FcrOutcome> groups{outcome(7, 10), outcome(2, 4, 2)};
    CHECK(acc.results_by_group() == groups);
    CHECK(accumulate(records, {.match_reason = false}).result() == outcome(8, 14, 2));
  }
}

TEST_CASE("the interner behind FCR and contact rate gives dense, stable ids", "[fcr][interner]") {
  using contactkpi::detail::Interner;
  Interner names;
  CHECK(names.find("a") == Interner::npos);
  CHECK(names.intern("a") == 0);
  CHECK(names.intern("b") == 1);
  CHECK(names.intern("a") == 0);
  CHECK(names.intern("") == 2);  // the empty key is a key like any other
  // Past several table growths (16 slots at first, at most half full).
  for (int i = 0; i < 1000; ++i)
    CHECK(names.intern("k" + std::to_string(i)) == 3U + static_cast<unsigned>(i));
  CHECK(names.size() == 1003);
  CHECK(names.find("k999") == 1002);
  CHECK(names.key(1) == "b");
  CHECK(names.keys()[1002] == "k999");
  const Interner copy = names;  // a copy is independent
  names.intern("new");
  CHECK(copy.size() == 1003);
  CHECK(copy.find("new") == Interner::npos);

  Interner other;
  other.intern("k5");   // 8 in `names`
  other.intern("zzz");  // new: 1004 (after "new" = 1003)
  other.intern("a");    // 0
  const std::vector<std::uint32_t> remap{8, 1004, 0};
  CHECK(names.absorb(other) == remap);
  CHECK(names.key(1004) == "zzz");
}

TEST_CASE("FCR merge with itself doubles every record", "[fcr]") {
  // Two copies of each record: the copies arrive at the same instant, so they are not
  // repeats of each other; counts double: 9/14 → 18/28, open 2 → 4.
  const auto records = twenty_records();
  auto acc = accumulate(records, {});
  acc.merge(acc);
  CHECK(acc.result() == outcome(18, 28, 4));
}

namespace {

// The rules of fcr.hpp, written out directly: O(n²), for comparison only.
FcrOutcome brute_force_fcr(const std::vector<Record>& records, const FcrOptions& options) {
  Timestamp as_of{};
  for (const auto& r : records) {
    as_of = std::max({as_of, r.contact.arrived_at, r.contact.ended_at,
                      r.contact.answered_at.value_or(r.contact.arrived_at)});
  }
  if (options.as_of) as_of = *options.as_of;
  FcrOutcome out;
  for (const auto& x : records) {
    const Contact& c = x.contact;
    if (!x.counted || !c.is_inbound() || !c.answered_at || c.abandoned) continue;
    const Timestamp window_end = c.ended_at + options.window;
    const bool open = window_end > as_of;
    if (open && !options.include_open) {
      ++out.open_windows;
      continue;
    }
    bool repeat = false;
    for (const auto& y : records) {
      const Contact& d = y.contact;
      const bool reasons_clash =
          options.match_reason && !c.reason.empty() && !d.reason.empty() && c.reason != d.reason;
      repeat = repeat || (d.is_inbound() && !c.customer_id.empty() &&
                          d.customer_id == c.customer_id && d.arrived_at > c.arrived_at &&
                          d.arrived_at <= window_end && d.arrived_at <= as_of && !reasons_clash);
    }
    ++out.ratio.denominator;
    if (!c.transferred && c.resolved != false && !repeat) ++out.ratio.numerator;
  }
  return out;
}

std::vector<Record> random_records(std::mt19937& rng, int n) {
  // Few customers, reasons and distinct instants, so repeats, ties and edges are common.
  const std::vector<std::string> customers{"", "A", "B", "C"};
  const std::vector<std::string> reasons{"", "billing", "tech"};
  const auto pick = [&](int k) {
    return static_cast<std::size_t>(rng() % static_cast<unsigned>(k));
  };
  std::vector<Record> records;
  for (int i = 0; i < n; ++i) {
    const Duration arrive = std::chrono::hours{static_cast<int>(pick(24 * 12))};
    const Duration end = arrive + std::chrono::hours{static_cast<int>(pick(3))};
    Contact c = pick(4) == 0 ? abandoned(customers[pick(4)], arrive, end, reasons[pick(3)])
                             : handled(customers[pick(4)], arrive, end, reasons[pick(3)]);
    if (pick(8) == 0) c.direction = contactkpi::Direction::outbound;
    if (pick(6) == 0) c.transferred = true;
    const std::size_t resolved = pick(3);
    if (resolved < 2) c.resolved = resolved == 1;
    records.push_back({c, static_cast<std::uint32_t>(pick(3)), pick(5) != 0});
  }
  return records;
}

}  // namespace

TEST_CASE("FCR agrees with a direct O(n²) reading of the rules", "[fcr][property]") {
  const auto seed = GENERATE(take(40, random(0U, 1'000'000U)));
  CAPTURE(seed);
  std::mt19937 rng{seed};
  const auto records = random_records(rng, 60);
  const Timestamp mid = t0 + std::chrono::days{6};
  for (const FcrOptions& options :
       {FcrOptions{}, FcrOptions{.match_reason = false}, FcrOptions{.include_open = true},
        FcrOptions{.window = std::chrono::days{2}}, FcrOptions{.as_of = mid},
        FcrOptions{.window = 5h, .match_reason = false, .as_of = mid, .include_open = true}}) {
    CHECK(accumulate(records, options).result() == brute_force_fcr(records, options));
    // The bulk add() in spans of 1, 7 and all records: the same outcomes, group by group.
    for (const std::size_t batch : {std::size_t{1}, std::size_t{7}, records.size()}) {
      CHECK(accumulate_in_bulk(records, options, batch).results_by_group() ==
            accumulate(records, options).results_by_group());
    }
  }
}

TEST_CASE("FCR over 2^18 or more entries (the two-thread path) agrees with a per-customer reading",
          "[fcr][property]") {
  // results_by_group() counts, places and judges the entries in two halves on two threads
  // from 2^18 entries on. Expected: brute_force_fcr (the O(k²) reading of the rules) run on
  // each customer's records apart (a contact's repeats are its own customer's records), and
  // on every customerless record alone, summed per group.
  std::mt19937 rng{20261122};
  const auto pick = [&](unsigned k) { return static_cast<std::size_t>(rng() % k); };
  const std::vector<std::string> reasons{"", "billing", "tech"};
  // An entry per inbound record (9 in 10): 2^18 × 5/4 records give about 295,000 entries.
  constexpr std::size_t n = (std::size_t{1} << 18) / 4 * 5;
  constexpr unsigned customers = 50000;  // about 6.2 records each
  std::vector<Record> records;
  records.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Duration arrive = std::chrono::minutes{static_cast<int>(pick(60 * 24 * 20))};
    const Duration end = arrive + std::chrono::minutes{static_cast<int>(pick(90))};
    const std::string customer = pick(20) == 0 ? "" : "K" + std::to_string(pick(customers));
    Contact c = pick(6) == 0 ? abandoned(customer, arrive, end, reasons[pick(3)])
                             : handled(customer, arrive, end, reasons[pick(3)]);
    if (pick(10) == 0) c.direction = contactkpi::Direction::outbound;
    if (pick(8) == 0) c.transferred = true;
    if (pick(5) == 0) c.resolved = pick(2) == 0;
    records.push_back({c, static_cast<std::uint32_t>(pick(3)), pick(10) != 0});
  }
  // Half of the records in arrival order (the usual file), the rest shuffled in after them.
  std::sort(records.begin(), records.begin() + n / 2, [](const Record& a, const Record& b) {
    return a.contact.arrived_at < b.contact.arrived_at;
  });

  for (const FcrOptions& options :
       {FcrOptions{}, FcrOptions{.window = std::chrono::days{2}, .match_reason = false}}) {
    // The as-of time in force is the latest timestamp of all records: fix it for the parts.
    FcrOptions fixed = options;
    fixed.as_of = accumulate(records, options).as_of();
    std::map<std::string, std::vector<Record>> by_customer;
    std::vector<FcrOutcome> expected(3);
    for (const Record& r : records) {
      if (!r.contact.customer_id.empty()) {
        by_customer[r.contact.customer_id].push_back(r);
      } else {
        expected[r.group] += brute_force_fcr({r}, fixed);
      }
    }
    for (const auto& [customer, mine] : by_customer) {
      for (std::uint32_t g = 0; g < 3; ++g) {
        std::vector<Record> judged_in_g = mine;  // only group g's records count
        for (Record& r : judged_in_g) r.counted = r.counted && r.group == g;
        expected[g] += brute_force_fcr(judged_in_g, fixed);
      }
    }
    const auto got = accumulate(records, options).results_by_group();
    REQUIRE(got.size() == 3);
    for (std::uint32_t g = 0; g < 3; ++g) {
      CAPTURE(g);
      CHECK(got[g] == expected[g]);
    }
    // The bulk add() in spans of 40,000 records: each more than the 16,384 entries that the
    // accumulator gathers before it sorts them into its buckets of customers.
    CHECK(accumulate_in_bulk(records, options, 40'000).results_by_group() == expected);
    CHECK(expected[0].ratio.denominator > 20000);  // the case is not vacuous
  }
}

TEST_CASE("FCR bulk add: the worked example, and spans of different sizes throw", "[fcr]") {
  const auto records = twenty_records();
  // The 20-record example by hand (above): 9 of 14, 2 open; groups 7/10 and 2/4 (2 open).
  for (const std::size_t batch : {std::size_t{3}, std::size_t{20}}) {
    const auto acc = accumulate_in_bulk(records, {}, batch);
    CHECK(acc.result() == outcome(9, 14, 2));
    const std::vector<FcrOutcome> groups{outcome(7, 10), outcome(2, 4, 2)};
    CHECK(acc.results_by_group() == groups);
  }
  FcrAccumulator acc;
  const std::vector<Contact> two{handled("k", 0h, 1h), handled("k", 2h, 3h)};
  const std::vector<std::uint32_t> one_group{0};
  const std::vector<std::uint8_t> counted{1, 1};
  CHECK_THROWS_AS(acc.add(two, one_group, counted), std::invalid_argument);
  acc.add(std::span<const Contact>{}, {}, {});  // an empty span adds nothing
  CHECK_FALSE(acc.result().result().has_data());
}

namespace {

/// A handled inbound contact of customer A from `arrived` to `ended` (absolute times).
Contact handled_at(Timestamp arrived, Timestamp ended, std::string reason = "") {
  Contact c = handled("A", 0min, 0min, std::move(reason));
  c.arrived_at = arrived;
  c.answered_at = arrived;
  c.ended_at = ended;
  return c;
}

/// X (customer A, `arrived` to `arrived + duration`) and an abandoned Y of A at X's
/// ended_at + window + `after`; as-of 1 h after Y, so X's window is over. The outcome of X.
FcrOutcome repeat_at_window_edge(Timestamp arrived, Duration duration, Duration after) {
  const Duration window = std::chrono::days{1};
  const Timestamp ended = arrived + duration;
  Contact y = handled_at(ended + window + after, ended + window + after + 1min);
  y.answered_at.reset();
  y.abandoned = true;
  const std::vector contacts{handled_at(arrived, ended), y};
  return contactkpi::first_contact_resolution(
      contacts, {.window = window, .as_of = ended + window + after + 1h});
}

}  // namespace

TEST_CASE("FCR keeps ended_at exact for any duration and date (compact entries)", "[fcr]") {
  // An entry keeps ended_at − arrived_at in 32 bits: µs below 2^31 (about 36 min), whole
  // seconds below 2^30, else (a fraction of a second on a long contact, a negative or huge
  // duration) in a side table. Whatever the path, the window edge stays exact to the µs:
  // a repeat at ended_at + window is one (0/1), 1 µs later it is not (1/1).
  const std::vector<Timestamp> dates{
      Timestamp{std::chrono::sys_days{std::chrono::year{0} / 1 / 1}},             // year 0
      t0,                                                                         // 2026
      Timestamp{std::chrono::sys_days{std::chrono::year{9999} / 12 / 31}} + 23h,  // year 9999
  };
  const std::vector<Duration> durations{
      Duration{0},
      us1,
      Duration{(std::int64_t{1} << 31) - 1},  // the longest in µs
      Duration{std::int64_t{1} << 31},        // whole µs past it, not whole seconds: side
      std::chrono::hours{3},                  // whole seconds (an email contact)
      std::chrono::hours{3} + us1,            // a fraction of a second: side table
      std::chrono::seconds{(std::int64_t{1} << 30) - 1},  // the longest in seconds
      std::chrono::seconds{std::int64_t{1} << 30},        // one more: side table
      -1min,                                              // ended before arrived: side table
  };
  for (const Timestamp date : dates) {
    for (const Duration d : durations) {
      INFO("date " << date.time_since_epoch().count() << " µs, duration " << d.count() << " µs");
      CHECK(repeat_at_window_edge(date, d, Duration{0}) == outcome(0, 1));
      CHECK(repeat_at_window_edge(date, d, us1) == outcome(1, 1));
    }
  }
  // ended_at − arrived_at overflows 64 bits: side table. -2^62 µs to +2^62 µs, window 1 d.
  const Timestamp far_past{Duration{-(std::int64_t{1} << 62)}};
  const Duration far_span{std::numeric_limits<std::int64_t>::max()};  // 2^63 − 1 µs
  CHECK(repeat_at_window_edge(far_past, far_span, Duration{0}) == outcome(0, 1));
  CHECK(repeat_at_window_edge(far_past, far_span, us1) == outcome(1, 1));
}

TEST_CASE("FCR merge carries the side-table entries of long contacts", "[fcr]") {
  // Customer A: X1 00:00 to 03:00:00.000001 (side table), window 1 d; A's repeat Y at
  // day 1 03:00:00.000001 (on X1's edge) → X1 fails. Customer B: X2 00:00 to 04:00 + 0.5 s
  // (side table), no repeat → succeeds. Customer C: X3 00:00 to 00:10 (µs), C's repeat
  // 1 µs after its window → succeeds. As-of day 30: every window is over. Total 2/3.
  const Duration window = std::chrono::days{1};
  std::vector<Contact> contacts{
      handled("A", 0min, 3h + us1),
      abandoned("A", window + 3h + us1, window + 3h + us1 + 1min),
      handled("B", 0min, 4h + 500ms),
      handled("C", 0min, 10min),
      abandoned("C", window + 10min + us1, window + 10min + us1 + 1min),
  };
  const FcrOptions options{.window = window, .as_of = t0 + std::chrono::days{30}};
  CHECK(contactkpi::first_contact_resolution(contacts, options) == outcome(2, 3));
  // Every split, merged by copy and by move, in both orders of the sides.
  for (unsigned mask = 0; mask < (1U << contacts.size()); ++mask) {
    FcrAccumulator left{options};
    FcrAccumulator right{options};
    for (std::size_t i = 0; i < contacts.size(); ++i) {
      ((mask >> i) & 1U) != 0 ? right.add(contacts[i]) : left.add(contacts[i]);
    }
    FcrAccumulator by_copy = left;
    by_copy.merge(right);
    CHECK(by_copy.result() == outcome(2, 3));
    FcrAccumulator by_move = right;
    by_move.merge(std::move(left));
    CHECK(by_move.result() == outcome(2, 3));
  }
  // Merged with itself: two copies of each; copies arrive together, so no new repeats: 4/6.
  FcrAccumulator twice{options};
  for (const auto& c : contacts) twice.add(c);
  twice.merge(twice);
  CHECK(twice.result() == outcome(4, 6));
}

TEST_CASE("FCR: an accumulator merged away by move takes contacts again, reasons included",
          "[fcr][merge]") {
  // The moved-from side's reasons are cleared with its entries; a contact added to it
  // afterwards must be judged on its own reasons (the reason memo must not give ids of the
  // cleared reasons). By hand, window 7 d: A calls at 0 about "billing" and again at 1 h about
  // "billing" (a repeat: 0 of 1 first contacts resolved, the second is a candidate without a
  // repeat: 1 of 2 in all); with another reason, "refund", there is no repeat: 2 of 2.
  const FcrOptions options{.window = std::chrono::days{7}, .as_of = t0 + std::chrono::days{30}};
  for (const bool same_reason : {true, false}) {
    CAPTURE(same_reason);
    FcrAccumulator kept{options};
    FcrAccumulator moved{options};
    moved.add(handled("Z", 0min, 5min, "warranty"));
    moved.add(handled("Y", 0min, 5min, "billing"));
    kept.merge(std::move(moved));
    moved.add(handled("A", 0min, 10min, "billing"));
    moved.add(handled("A", 1h, 1h + 10min, same_reason ? "billing" : "refund"));
    CHECK(moved.result() == (same_reason ? outcome(1, 2) : outcome(2, 2)));
  }
}
