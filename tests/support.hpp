// SPDX-License-Identifier: MIT
// Shared test helpers: record factories and the merge / order invariance check.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <vector>

#include <unistd.h>

#include "contactkpi/result.hpp"
#include "contactkpi/types.hpp"

namespace contactkpi::test {

using namespace std::chrono_literals;

/// A file name in the temporary directory that no other test process uses at the same time
/// (ctest -j, or test suites of several build trees at once): `name` plus the process id.
inline std::filesystem::path temp_file(const std::string& name) {
  return std::filesystem::temp_directory_path() /
         ("contactkpi_" + std::to_string(::getpid()) + "_" + name);
}

/// 2026-03-02T09:00:00Z plus `offset`.
inline Timestamp at(Duration offset = Duration::zero()) {
  return Timestamp{std::chrono::sys_days{std::chrono::year{2026} / 3 / 2} + 9h} + offset;
}

/// An inbound contact answered after `wait`, lasting `talk + hold + acw` after that.
inline Contact answered(std::string id, Duration wait, Duration talk = 60s, Duration hold = 0s,
                        Duration acw = 0s) {
  Contact c;
  c.contact_id = std::move(id);
  c.arrived_at = at();
  c.answered_at = at(wait);
  c.ended_at = at(wait + talk + hold);
  c.talk = talk;
  c.hold = hold;
  c.acw = acw;
  return c;
}

/// An inbound contact whose customer hung up after `wait` in the queue.
inline Contact abandoned(std::string id, Duration wait) {
  Contact c;
  c.contact_id = std::move(id);
  c.arrived_at = at();
  c.ended_at = at(wait);
  c.abandoned = true;
  return c;
}

/// An inbound contact that left the queue unanswered without abandoning (e.g. a timeout).
inline Contact unanswered(std::string id, Duration wait) {
  Contact c;
  c.contact_id = std::move(id);
  c.arrived_at = at();
  c.ended_at = at(wait);
  return c;
}

/// Results are equal: counts exactly, value and interval to 1e-12 relative (sums of doubles
/// may differ in the last bit with the order of addition).
inline void require_same(const Result& a, const Result& b) {
  REQUIRE(a.unit == b.unit);
  REQUIRE(a.has_data() == b.has_data());
  REQUIRE_THAT(a.denominator, Catch::Matchers::WithinRel(b.denominator, 1e-12));
  REQUIRE_THAT(a.numerator, Catch::Matchers::WithinRel(b.numerator, 1e-12) ||
                                Catch::Matchers::WithinAbs(b.numerator, 1e-9));
  if (a.value) REQUIRE_THAT(*a.value, Catch::Matchers::WithinRel(*b.value, 1e-12));
  REQUIRE(a.ci95.has_value() == b.ci95.has_value());
  if (a.ci95) {
    REQUIRE_THAT(a.ci95->lo, Catch::Matchers::WithinAbs(b.ci95->lo, 1e-9));
    REQUIRE_THAT(a.ci95->hi, Catch::Matchers::WithinAbs(b.ci95->hi, 1e-9));
  }
}

/// For an accumulator type made by `make()`, with result() returning a Result: every split of
/// `records` into two accumulators, merged, gives the same result as one accumulator over all;
/// and reversing or shuffling the records changes nothing.
template <class Record, class Make>
void check_merge_and_order(const std::vector<Record>& records, Make make) {
  auto whole = make();
  for (const Record& r : records) whole.add(r);
  const Result expected = whole.result();
  for (std::size_t k = 0; k <= records.size(); ++k) {
    auto left = make();
    auto right = make();
    for (std::size_t i = 0; i < records.size(); ++i) (i < k ? left : right).add(records[i]);
    left.merge(right);
    require_same(left.result(), expected);
  }
  std::vector<Record> shuffled = records;
  std::reverse(shuffled.begin(), shuffled.end());
  auto reversed_acc = make();
  for (const Record& r : shuffled) reversed_acc.add(r);
  require_same(reversed_acc.result(), expected);
  std::mt19937 rng{12345};  // fixed seed: the test is reproducible
  std::shuffle(shuffled.begin(), shuffled.end(), rng);
  auto shuffled_acc = make();
  for (const Record& r : shuffled) shuffled_acc.add(r);
  require_same(shuffled_acc.result(), expected);
}

}  // namespace contactkpi::test
