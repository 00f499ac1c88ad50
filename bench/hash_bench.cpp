// SPDX-License-Identifier: MIT
// detail::hash_bytes (the hash of the interner, the duplicate-id set) against
// std::hash<std::string_view>, over 1M numbered ids (8 bytes) and 1M reason-like names
// (30-31 bytes): items/s and bytes/s.
#include <benchmark/benchmark.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "contactkpi/detail/hash.hpp"

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

}  // namespace

// Arg 0: 8-byte ids ("C0000001"); 1: 32-byte names ("complaint: late delivery 0000001").
BENCHMARK(BM_HashBytes)->Arg(0)->Arg(1);
BENCHMARK(BM_StdHash)->Arg(0)->Arg(1);
