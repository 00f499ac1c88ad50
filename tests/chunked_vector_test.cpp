// SPDX-License-Identifier: MIT
// detail::ChunkedVector (per-contact storage without reallocation copies) and the FCR merge
// that moves its entries instead of copying them.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "contactkpi/detail/chunked_vector.hpp"
#include "contactkpi/fcr.hpp"

using contactkpi::detail::ChunkedVector;

namespace {

constexpr std::size_t chunk_rows = ChunkedVector<int>::chunk_size;

ChunkedVector<std::uint32_t> iota(std::uint32_t first, std::size_t n) {
  ChunkedVector<std::uint32_t> v;
  for (std::size_t i = 0; i < n; ++i) v.push_back(first + static_cast<std::uint32_t>(i));
  return v;
}

std::vector<std::uint32_t> sorted_values(const ChunkedVector<std::uint32_t>& v) {
  std::vector<std::uint32_t> out;
  v.for_each([&](std::uint32_t x) { out.push_back(x); });
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("ChunkedVector keeps order and indexes across chunks", "[chunked_vector]") {
  const auto v = iota(0, 2 * chunk_rows + 3);  // two full chunks and 3 more
  REQUIRE(v.size() == 2 * chunk_rows + 3);
  CHECK(v[0] == 0);
  CHECK(v[chunk_rows - 1] == chunk_rows - 1);
  CHECK(v[chunk_rows] == chunk_rows);
  CHECK(v[2 * chunk_rows + 2] == 2 * chunk_rows + 2);
  std::uint32_t expected = 0;
  bool in_order = true;
  v.for_each([&](std::uint32_t x) { in_order = in_order && x == expected++; });
  CHECK(in_order);
  CHECK(ChunkedVector<int>{}.empty());
}

TEST_CASE("ChunkedVector append moves every element, whatever the partial chunks",
          "[chunked_vector]") {
  // Sizes on both sides: empty, partial, exactly one chunk_rows, one chunk_rows and a bit.
  const std::size_t a_size = GENERATE(std::size_t{0}, std::size_t{5}, chunk_rows, chunk_rows + 7);
  const std::size_t b_size =
      GENERATE(std::size_t{0}, std::size_t{9}, chunk_rows, 2 * chunk_rows + 1);
  CAPTURE(a_size, b_size);
  auto a = iota(0, a_size);
  auto b = iota(1'000'000, b_size);
  a.append(std::move(b));
  REQUIRE(a.size() == a_size + b_size);
  CHECK(b.empty());  // NOLINT(bugprone-use-after-move): append leaves it empty
  std::vector<std::uint32_t> expected;
  for (std::size_t i = 0; i < a_size; ++i) expected.push_back(static_cast<std::uint32_t>(i));
  for (std::size_t i = 0; i < b_size; ++i)
    expected.push_back(1'000'000 + static_cast<std::uint32_t>(i));
  CHECK(sorted_values(a) == expected);
  // Indexing sees every element once (all chunks but the last are full).
  std::vector<std::uint32_t> by_index;
  for (std::size_t i = 0; i < a.size(); ++i) by_index.push_back(a[i]);
  std::sort(by_index.begin(), by_index.end());
  CHECK(by_index == expected);

  std::vector<std::uint32_t> drained{42};
  a.drain_into(drained);
  CHECK(a.empty());
  REQUIRE(drained.size() == expected.size() + 1);
  CHECK(drained.front() == 42);
}

TEST_CASE("FCR merge by move equals merge by copy and the whole", "[fcr][chunked_vector]") {
  using namespace contactkpi;
  using namespace std::chrono_literals;
  const auto seed = GENERATE(take(3, random(1U, 1'000'000U)));
  CAPTURE(seed);
  std::mt19937 rng{seed};
  // 50,000 contacts per part: several flushes of pending entries (16,384 at a time) per
  // part and a partial one left pending; 20,000 customers: five buckets of 4,096 customer
  // ids, which the parts number differently (each its own interner), so that merging moves
  // entries between buckets. 3 reasons.
  const Timestamp t0{std::chrono::sys_days{std::chrono::year{2026} / 3 / 2}};
  std::vector<Contact> contacts;
  for (int i = 0; i < 150'000; ++i) {
    Contact c;
    c.contact_id = std::to_string(i);
    c.customer_id = rng() % 10 == 0 ? "" : "cust" + std::to_string(rng() % 20'000);
    c.reason = std::vector<std::string>{"", "billing", "tech"}[rng() % 3];
    c.arrived_at = t0 + std::chrono::minutes{rng() % (60ULL * 24 * 30)};
    if (rng() % 5 != 0) c.answered_at = c.arrived_at + 10s;
    c.ended_at = c.arrived_at + 5min;
    c.transferred = rng() % 7 == 0;
    contacts.push_back(std::move(c));
  }
  FcrAccumulator whole;
  for (const Contact& c : contacts) whole.add(c);
  const FcrOutcome expected = whole.result();
  REQUIRE(expected.ratio.denominator > 0);

  std::vector<FcrAccumulator> parts(3);
  for (std::size_t i = 0; i < contacts.size(); ++i) parts[(i * 7) % 3].add(contacts[i]);
  FcrAccumulator by_copy;
  for (const auto& p : parts) by_copy.merge(p);
  CHECK(by_copy.result() == expected);
  FcrAccumulator by_move = std::move(parts[0]);
  by_move.merge(std::move(parts[1]));
  by_move.merge(std::move(parts[2]));
  CHECK(by_move.result() == expected);
  CHECK(parts[1].result() == FcrOutcome{});  // NOLINT(bugprone-use-after-move): emptied
}

TEST_CASE("FCR on many entries (two threads) equals the sum over customer partitions",
          "[fcr][chunked_vector]") {
  using namespace contactkpi;
  using namespace std::chrono_literals;
  // 400 000 contacts: above the size from which the repeat check runs on two threads. FCR is
  // per customer, so partitions by customer (each small enough for one thread), with the
  // same as-of time, must add up to the whole.
  std::mt19937 rng{2026};
  const Timestamp t0{std::chrono::sys_days{std::chrono::year{2026} / 3 / 2}};
  const FcrOptions options{.as_of = t0 + std::chrono::days{25}};
  FcrAccumulator whole{options};
  std::vector<FcrAccumulator> parts(4, FcrAccumulator{options});
  for (int i = 0; i < 400'000; ++i) {
    Contact c;
    const auto customer = rng() % 60'000;
    c.customer_id = "cust" + std::to_string(customer);
    c.reason = std::vector<std::string>{"", "billing", "tech"}[rng() % 3];
    c.arrived_at = t0 + std::chrono::minutes{rng() % (60UL * 24 * 30)};
    if (rng() % 5 != 0) c.answered_at = c.arrived_at + 10s;
    c.ended_at = c.arrived_at + 5min;
    c.transferred = rng() % 7 == 0;
    whole.add(c);
    parts[customer % 4].add(c);
  }
  FcrOutcome sum;
  for (const auto& p : parts) sum += p.result();
  CHECK(whole.result() == sum);
  CHECK(sum.ratio.denominator > 100'000);
}

TEST_CASE("ChunkedVector with a chunk size that is not a power of two", "[chunked_vector]") {
  // Chunks of 1000: 2500 elements fill two chunks and half a third; element i is i.
  ChunkedVector<std::uint32_t, 1000> a;
  for (std::uint32_t i = 0; i < 2500; ++i) a.push_back(i);
  ChunkedVector<std::uint32_t, 1000> b;
  for (std::uint32_t i = 2500; i < 3200; ++i) b.push_back(i);
  a.append(std::move(b));  // a's 500 + b's 700 partial elements: 1000 in a chunk, 200 in a new one
  REQUIRE(a.size() == 3200);
  std::vector<std::uint32_t> by_index;
  for (std::size_t i = 0; i < a.size(); ++i) by_index.push_back(a[i]);
  CHECK(by_index[999] == 999);    // the last of the first chunk
  CHECK(by_index[1000] == 1000);  // the first of the second
  std::sort(by_index.begin(), by_index.end());
  std::vector<std::uint32_t> expected(3200);
  for (std::uint32_t i = 0; i < 3200; ++i) expected[i] = i;
  CHECK(by_index == expected);
}

TEST_CASE("ChunkedVector::for_range visits from..to in order, across chunks", "[chunked_vector]") {
  // Chunks of 1000, elements 0..2499 equal to their index: every range (empty, within a
  // chunk, across one or two chunk edges, to the end) visits exactly its indices, in order.
  ChunkedVector<std::uint32_t, 1000> v;
  for (std::uint32_t i = 0; i < 2500; ++i) v.push_back(i);
  const std::vector<std::pair<std::size_t, std::size_t>> ranges{
      {0, 0}, {5, 5}, {0, 10}, {990, 1010}, {999, 2001}, {1000, 2000}, {0, 2500}, {2400, 2500}};
  for (const auto& [from, to] : ranges) {
    CAPTURE(from, to);
    std::vector<std::size_t> seen;
    v.for_range(from, to, [&](std::size_t i, std::uint32_t value) {
      CHECK(value == i);
      seen.push_back(i);
    });
    REQUIRE(seen.size() == to - from);
    for (std::size_t k = 0; k < seen.size(); ++k) CHECK(seen[k] == from + k);
  }
}

TEST_CASE("ChunkedVector::append of a range fills chunk by chunk; drain visits and frees all",
          "[chunked_vector]") {
  // Chunks of 1000. Ranges of 0, 1, 999, 1000 and 2501 elements appended after 0, 1 or 999
  // elements: the result is the two sequences one after the other (element i at index i),
  // every chunk but the last full (checked through indexing, which assumes it).
  const std::size_t before = GENERATE(std::size_t{0}, std::size_t{1}, std::size_t{999});
  const std::size_t added = GENERATE(std::size_t{0}, std::size_t{1}, std::size_t{999},
                                     std::size_t{1000}, std::size_t{2501});
  CAPTURE(before, added);
  ChunkedVector<std::uint32_t, 1000> v;
  for (std::uint32_t i = 0; i < before; ++i) v.push_back(i);
  std::vector<std::uint32_t> range(added);
  for (std::size_t i = 0; i < added; ++i) range[i] = static_cast<std::uint32_t>(before + i);
  v.append(range.data(), range.size());
  REQUIRE(v.size() == before + added);
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] != i) FAIL("element " << i << " is " << v[i]);
  }
  // drain: every element once, in order, with write access; then empty, and usable again.
  std::vector<std::uint32_t> seen;
  v.drain([&](std::uint32_t& x) {
    seen.push_back(x);
    x = 0;
  });
  CHECK(v.empty());
  REQUIRE(seen.size() == before + added);
  for (std::size_t i = 0; i < seen.size(); ++i) CHECK(seen[i] == i);
  v.push_back(7);
  CHECK(v.size() == 1);
  CHECK(v[0] == 7);
}
