// SPDX-License-Identifier: MIT
// The report's matching of interactions to their contacts (the contact-id index): 1M
// interactions, one per contact, added to a report of 1M contacts, in the order of the
// contacts (as exports list them: the index is read in order) and shuffled (every lookup a
// search at random).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <random>
#include <span>
#include <vector>

#include "bench_data.hpp"
#include "contactkpi/report.hpp"

namespace {

using namespace contactkpi;

void BM_Report_MatchInteractions(benchmark::State& state) {
  constexpr std::size_t n = 1'000'000;
  static const std::vector<Contact> contacts = bench::make_contacts(n);
  ReportAccumulator report;  // track_unmatched: the index is kept
  const std::vector<ContactView> views(contacts.begin(), contacts.end());
  report.add(std::span<const ContactView>{views});
  std::vector<InteractionView> interactions(n);
  for (std::size_t i = 0; i < n; ++i) {
    interactions[i].contact_id = contacts[i].contact_id;
    interactions[i].talk = contacts[i].talk;
    interactions[i].quality_score = contacts[i].qa_score;
  }
  if (state.range(0) == 0) {
    std::mt19937_64 rng{7};
    std::shuffle(interactions.begin(), interactions.end(), rng);
  }
  constexpr std::size_t run = 16'384;  // a loader piece's run of rows, about
  const std::span<const InteractionView> all{interactions};
  for (auto _ : state) {
    for (std::size_t first = 0; first < n; first += run) {
      report.add(all.subspan(first, std::min(run, n - first)));
    }
  }
  benchmark::DoNotOptimize(&report);
  benchmark::ClobberMemory();
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}

BENCHMARK(BM_Report_MatchInteractions)
    ->ArgName("in_order")
    ->Arg(1)
    ->Arg(0)
    ->Unit(benchmark::kMillisecond);

// Building the index for the lookups (once, after the last contact): 1M contacts. Each
// iteration adds one contact, which drops the index, and one interaction, which builds it.
void BM_Report_BuildIndex(benchmark::State& state) {
  constexpr std::size_t n = 1'000'000;
  static const std::vector<Contact> contacts = bench::make_contacts(n);
  ReportOptions options;  // without the repeat check, which would start on each lookup
  options.fcr.method = FcrMethod::agent_flag;
  ReportAccumulator report{options};
  const std::vector<ContactView> views(contacts.begin(), contacts.end());
  report.add(std::span<const ContactView>{views});
  InteractionView interaction;
  interaction.contact_id = contacts[n / 2].contact_id;
  for (auto _ : state) {
    report.add(views[0]);  // a duplicate id is fine here: the report does not check ids
    report.add(std::span<const InteractionView>{&interaction, 1});
  }
  benchmark::DoNotOptimize(&report);
  benchmark::ClobberMemory();
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}

BENCHMARK(BM_Report_BuildIndex)->Unit(benchmark::kMillisecond);
}  // namespace
