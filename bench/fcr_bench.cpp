// SPDX-License-Identifier: MIT
// FCR (repeat-window) at 1M contacts: adding (interning customer and reason ids) and the
// repeat check in result() (counting sort by customer, then each customer's contacts by
// arrival). Also the merge of two worker halves by move, and the bulk add() of the report.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "bench_data.hpp"
#include "contactkpi/fcr.hpp"

namespace {

using namespace contactkpi;

const std::vector<Contact>& contacts(std::size_t n) {
  static std::vector<Contact> data;  // benchmark fixture data, built once per size
  if (data.size() != n) data = bench::make_contacts(n);
  return data;
}

void BM_Fcr_Add(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& cs = contacts(n);
  for (auto _ : state) {
    FcrAccumulator acc;
    for (const Contact& c : cs) acc.add(c);
    benchmark::DoNotOptimize(acc.as_of());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

// The bulk add() the report uses: spans of 256 contacts (the loader's run length on one
// thread), customer ids interned together with prefetching.
void BM_Fcr_AddBulk(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& cs = contacts(n);
  constexpr std::size_t run = 256;
  const std::vector<std::uint32_t> groups(run, 0);
  const std::vector<std::uint8_t> counted(run, 1);
  for (auto _ : state) {
    FcrAccumulator acc;
    for (std::size_t first = 0; first < cs.size(); first += run) {
      const std::size_t k = std::min(run, cs.size() - first);
      acc.add(std::span<const Contact>{cs}.subspan(first, k),
              std::span<const std::uint32_t>{groups}.first(k),
              std::span<const std::uint8_t>{counted}.first(k));
    }
    benchmark::DoNotOptimize(acc.as_of());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_Fcr_Result(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  FcrAccumulator acc;
  for (const Contact& c : contacts(n)) acc.add(c);
  for (auto _ : state) benchmark::DoNotOptimize(acc.result());
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_Fcr_MergeHalvesByMove(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& cs = contacts(n);
  for (auto _ : state) {
    state.PauseTiming();
    FcrAccumulator left;
    FcrAccumulator right;
    for (std::size_t i = 0; i < n; ++i) (i < n / 2 ? left : right).add(cs[i]);
    state.ResumeTiming();
    left.merge(std::move(right));
    benchmark::DoNotOptimize(left.as_of());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

constexpr std::int64_t million = 1'000'000;

}  // namespace

BENCHMARK(BM_Fcr_Add)->Arg(million)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Fcr_AddBulk)->Arg(million)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Fcr_Result)->Arg(million)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Fcr_MergeHalvesByMove)->Arg(million)->Unit(benchmark::kMillisecond)->Iterations(3);
