// SPDX-License-Identifier: MIT
// Additive KPI accumulators over records already in memory: per record (Contact, ~250 bytes
// with strings) against the columnar batch path (ContactFacts, 26 bytes; facts.hpp).
// Target (issue 5): all additive KPIs together at ≥ 200M records/s per core.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <vector>

#include "bench_data.hpp"
#include "contactkpi/abandon_rate.hpp"
#include "contactkpi/facts.hpp"
#include "contactkpi/handle_time.hpp"
#include "contactkpi/quality.hpp"
#include "contactkpi/service_level.hpp"
#include "contactkpi/transfer_rate.hpp"

namespace {

using namespace contactkpi;

constexpr std::size_t block_rows = 4096;

const std::vector<Contact>& contacts(std::size_t n) {
  static std::vector<Contact> data;  // benchmark fixture data, built once per size
  if (data.size() != n) data = bench::make_contacts(n);
  return data;
}

const ContactFacts& facts(std::size_t n) {
  static ContactFacts data;
  if (data.size() != n) data = bench::make_facts(contacts(n));
  return data;
}

// Bytes of a column set, per row: flags 1, channel 1, wait 8, handle 8, qa 8.
void report(benchmark::State& state, std::size_t rows, std::size_t bytes_per_row) {
  const auto n = static_cast<std::int64_t>(rows);
  state.SetItemsProcessed(state.iterations() * n);
  state.SetBytesProcessed(state.iterations() * n * static_cast<std::int64_t>(bytes_per_row));
}

template <class Acc>
void per_record(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& cs = contacts(n);
  for (auto _ : state) {
    Acc acc;
    for (const Contact& c : cs) acc.add(c);
    benchmark::DoNotOptimize(acc.result());
  }
  report(state, n, sizeof(Contact));
}

template <class Acc>
void batch(benchmark::State& state, std::size_t bytes_per_row) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const ContactFactsView v = facts(n).view();
  for (auto _ : state) {
    Acc acc;
    acc.add(v);
    benchmark::DoNotOptimize(acc.result());
  }
  report(state, n, bytes_per_row);
}

void BM_ServiceLevel_PerRecord(benchmark::State& s) {
  per_record<ServiceLevelAccumulator>(s);
}
void BM_ServiceLevel_Batch(benchmark::State& s) {
  batch<ServiceLevelAccumulator>(s, 9);
}
void BM_AbandonRate_PerRecord(benchmark::State& s) {
  per_record<AbandonRateAccumulator>(s);
}
void BM_AbandonRate_Batch(benchmark::State& s) {
  batch<AbandonRateAccumulator>(s, 9);
}
void BM_TransferRate_PerRecord(benchmark::State& s) {
  per_record<TransferRateAccumulator>(s);
}
void BM_TransferRate_Batch(benchmark::State& s) {
  batch<TransferRateAccumulator>(s, 1);
}
void BM_Aht_PerRecord(benchmark::State& s) {
  per_record<AhtAccumulator>(s);
}
void BM_Aht_Batch(benchmark::State& s) {
  batch<AhtAccumulator>(s, 10);
}
void BM_Ccqs_PerRecord(benchmark::State& s) {
  per_record<CcqsAccumulator>(s);
}
void BM_Ccqs_Batch(benchmark::State& s) {
  batch<CcqsAccumulator>(s, 9);
}

/// Service level with per-channel thresholds (the table-lookup path).
void BM_ServiceLevel_PerChannel_Batch(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const ContactFactsView v = facts(n).view();
  ServiceLevelOptions o;
  o.channel_threshold[static_cast<std::size_t>(Channel::chat)] = std::chrono::seconds{60};
  o.channel_threshold[static_cast<std::size_t>(Channel::email)] = std::chrono::hours{24};
  for (auto _ : state) {
    ServiceLevelAccumulator acc{o};
    acc.add(v);
    benchmark::DoNotOptimize(acc.result());
  }
  report(state, n, 10);
}

/// The five additive KPIs together, per record: what a report over Contact does.
void BM_AllAdditive_PerRecord(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& cs = contacts(n);
  for (auto _ : state) {
    ServiceLevelAccumulator sl;
    AbandonRateAccumulator ab;
    TransferRateAccumulator tr;
    AhtAccumulator aht;
    CcqsAccumulator q;
    for (const Contact& c : cs) {
      sl.add(c);
      ab.add(c);
      tr.add(c);
      aht.add(c);
      q.add(c);
    }
    benchmark::DoNotOptimize(sl.result());
    benchmark::DoNotOptimize(ab.result());
    benchmark::DoNotOptimize(tr.result());
    benchmark::DoNotOptimize(aht.result());
    benchmark::DoNotOptimize(q.result());
  }
  report(state, n, sizeof(Contact));
}

/// The five additive KPIs together over ContactFacts, block by block (4096 rows stay in L1/L2
/// while every accumulator reads them). This is the 200M records/s/core figure.
void BM_AllAdditive_Batch(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const ContactFactsView v = facts(n).view();
  for (auto _ : state) {
    ServiceLevelAccumulator sl;
    AbandonRateAccumulator ab;
    TransferRateAccumulator tr;
    AhtAccumulator aht;
    CcqsAccumulator q;
    for (std::size_t i = 0; i < n; i += block_rows) {
      const ContactFactsView b = v.slice(i, block_rows);
      sl.add(b);
      ab.add(b);
      tr.add(b);
      aht.add(b);
      q.add(b);
    }
    benchmark::DoNotOptimize(sl.result());
    benchmark::DoNotOptimize(ab.result());
    benchmark::DoNotOptimize(tr.result());
    benchmark::DoNotOptimize(aht.result());
    benchmark::DoNotOptimize(q.result());
  }
  report(state, n, 26);
}

/// Without CCQS (the four contact KPIs the issue names).
void BM_FourAdditive_Batch(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const ContactFactsView v = facts(n).view();
  for (auto _ : state) {
    ServiceLevelAccumulator sl;
    AbandonRateAccumulator ab;
    TransferRateAccumulator tr;
    AhtAccumulator aht;
    for (std::size_t i = 0; i < n; i += block_rows) {
      const ContactFactsView b = v.slice(i, block_rows);
      sl.add(b);
      ab.add(b);
      tr.add(b);
      aht.add(b);
    }
    benchmark::DoNotOptimize(sl.result());
    benchmark::DoNotOptimize(ab.result());
    benchmark::DoNotOptimize(tr.result());
    benchmark::DoNotOptimize(aht.result());
  }
  report(state, n, 18);
}

/// Building the facts from Contact (what a caller pays once to use the batch path).
void BM_ContactFacts_FromContacts(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& cs = contacts(n);
  for (auto _ : state) {
    ContactFacts f;
    f.reserve(n);
    for (const Contact& c : cs) f.push_back(c);
    benchmark::DoNotOptimize(f.view().flags.data());
  }
  report(state, n, sizeof(Contact));
}

constexpr std::int64_t million = 1'000'000;

}  // namespace

BENCHMARK(BM_ServiceLevel_PerRecord)->Arg(million)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ServiceLevel_Batch)->Arg(million)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ServiceLevel_PerChannel_Batch)->Arg(million)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AbandonRate_PerRecord)->Arg(million)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AbandonRate_Batch)->Arg(million)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TransferRate_PerRecord)->Arg(million)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TransferRate_Batch)->Arg(million)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Aht_PerRecord)->Arg(million)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Aht_Batch)->Arg(million)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Ccqs_PerRecord)->Arg(million)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Ccqs_Batch)->Arg(million)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AllAdditive_PerRecord)->Arg(million)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FourAdditive_Batch)->Arg(million)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AllAdditive_Batch)->Arg(million)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ContactFacts_FromContacts)->Arg(million)->Unit(benchmark::kMillisecond);
