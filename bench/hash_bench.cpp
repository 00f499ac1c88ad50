// SPDX-License-Identifier: MIT
// detail::hash_bytes (the hash of the interner, the duplicate-id set) against
// std::hash<std::string_view>, over 1M numbered ids (8 bytes) and 1M reason-like names
// (30-31 bytes): items/s and bytes/s. And detail::BasicInterner::intern_all over 1M customer
// ids drawn from 286k (as FCR interns them at 1M contacts), into a new interner (growth and
// first-seen keys included) or one that has them all (lookups only).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "contactkpi/detail/hash.hpp"
#include "contactkpi/detail/interner.hpp"

namespace {

std::vector<std::string> keys(bool long_keys) {
  std::vector<std::string> out;
  out.reserve(1'000'000);
  for (int i = 1; i <= 1'000'000; ++i) {
    std::string n = std::to_string(i);
    n.insert(0, 7 - n.size(), '0');
    out.push_back((long_keys ? "complaint: late delivery " : "C") + n);
  }
  return out;
}

template <class Hash>
void hash_all(benchmark::State& state, Hash hash) {
  static const std::vector<std::string> ids = keys(false);
  static const std::vector<std::string> names = keys(true);
  const std::vector<std::string>& texts = state.range(0) != 0 ? names : ids;
  std::size_t bytes = 0;
  for (const auto& t : texts) bytes += t.size();
  for (auto _ : state) {
    for (const auto& t : texts) benchmark::DoNotOptimize(hash(std::string_view{t}));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(texts.size()));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes));
}

void BM_HashBytes(benchmark::State& state) {
  hash_all(state, [](std::string_view s) { return contactkpi::detail::hash_bytes(s); });
}
void BM_StdHash(benchmark::State& state) {
  hash_all(state, [](std::string_view s) { return std::hash<std::string_view>{}(s); });
}

/// 1M customer ids of `width` bytes ("CU" and digits), drawn from 286k at random (fixed
/// seed), as FCR's customer ids are at 1M contacts.
std::vector<std::string> customer_ids(std::size_t width) {
  std::vector<std::string> out;
  out.reserve(1'000'000);
  std::uint64_t state = 42;
  for (int i = 0; i < 1'000'000; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    std::string n = std::to_string((state >> 33U) % 286'000);
    n.insert(0, width - 2 - n.size(), '0');
    out.push_back("CU" + n);
  }
  return out;
}

// Arg 0: key width (8 and 9 bytes are kept in the slots, 20 in records); arg 1: 0 for a new
// interner each time, 1 for one that already has every key. Spans of 4096 keys.
void BM_InternAll(benchmark::State& state) {
  const std::vector<std::string> texts = customer_ids(static_cast<std::size_t>(state.range(0)));
  const std::vector<std::string_view> views(texts.begin(), texts.end());
  std::vector<std::uint32_t> ids(views.size());
  const auto intern_all = [&](contactkpi::detail::BasicInterner<false>& interner) {
    constexpr std::size_t span = 4096;
    for (std::size_t first = 0; first < views.size(); first += span) {
      const std::size_t n = std::min(span, views.size() - first);
      interner.intern_all(std::span{views}.subspan(first, n), std::span{ids}.subspan(first, n));
    }
  };
  contactkpi::detail::BasicInterner<false> filled;
  intern_all(filled);
  for (auto _ : state) {
    if (state.range(1) != 0) {
      intern_all(filled);
    } else {
      contactkpi::detail::BasicInterner<false> fresh;
      intern_all(fresh);
      benchmark::DoNotOptimize(fresh.size());
    }
    benchmark::DoNotOptimize(ids.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(views.size()));
}

}  // namespace

// Arg 0: 8-byte ids ("C0000001"); 1: 32-byte names ("complaint: late delivery 0000001").
BENCHMARK(BM_HashBytes)->Arg(0)->Arg(1);
BENCHMARK(BM_StdHash)->Arg(0)->Arg(1);
BENCHMARK(BM_InternAll)->ArgsProduct({{8, 9, 20}, {0, 1}})->Unit(benchmark::kMillisecond);
