// SPDX-License-Identifier: MIT
// The loader's field parsers and the CSV contact reader, in memory (no disk): items/s and
// bytes/s. The CSV text is 1M synthetic contacts in the SPEC §1.1 layout (bench_data.hpp).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>
#include <vector>

#include "bench_data.hpp"
#include "contactkpi/io/loader.hpp"
#include "contactkpi/io/parse.hpp"

namespace {

using namespace contactkpi;

/// Timestamps as the generator writes them: Z and offsets, with and without fractions.
std::vector<std::string> timestamps(std::size_t n) {
  static constexpr const char* forms[] = {"2026-03-02T09:15:00Z", "2026-03-02T10:15:00+01:00",
                                          "2026-03-02T09:15:00.439Z",
                                          "2026-03-02T05:47:35.125+05:30"};
  std::vector<std::string> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::string s = forms[i % 4];
    s[18] = static_cast<char>('0' + static_cast<int>(i % 10));  // vary the seconds digit
    out.push_back(std::move(s));
  }
  return out;
}

template <class Parse>
void parse_all(benchmark::State& state, const std::vector<std::string>& texts, Parse parse) {
  std::size_t bytes = 0;
  for (const auto& t : texts) bytes += t.size();
  for (auto _ : state) {
    for (const auto& t : texts) benchmark::DoNotOptimize(parse(t));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(texts.size()));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes));
}

void BM_ParseTimestamp(benchmark::State& state) {
  static const auto texts = timestamps(100'000);
  parse_all(state, texts, [](const std::string& t) { return io::parse_timestamp(t); });
}

void BM_ParseSeconds(benchmark::State& state) {
  static const std::vector<std::string> texts = [] {
    std::vector<std::string> v;
    for (int i = 0; i < 100'000; ++i) {
      v.push_back(std::to_string(i % 900) + (i % 2 == 0 ? ".125" : ""));
    }
    return v;
  }();
  parse_all(state, texts, [](const std::string& t) { return io::parse_seconds(t); });
}

void BM_ParseBool(benchmark::State& state) {
  static const std::vector<std::string> texts = [] {
    std::vector<std::string> v;
    for (int i = 0; i < 100'000; ++i) v.emplace_back(i % 3 == 0 ? "true" : "false");
    return v;
  }();
  parse_all(state, texts, [](const std::string& t) { return io::parse_bool(t); });
}

void BM_ParseScore(benchmark::State& state) {
  static const std::vector<std::string> texts = [] {
    std::vector<std::string> v;
    for (int i = 0; i < 100'000; ++i) v.push_back(std::to_string(i % 100) + ".5");
    return v;
  }();
  parse_all(state, texts, [](const std::string& t) { return io::parse_score(t); });
}

/// contacts.csv text for `n` synthetic contacts.
const std::string& contacts_csv(std::size_t n) {
  static std::string csv;
  if (!csv.empty()) return csv;
  const auto contacts = bench::make_contacts(n);
  const auto stamp = [](Timestamp t) {
    const auto day = std::chrono::floor<std::chrono::days>(t);
    const std::chrono::year_month_day ymd{day};
    const std::chrono::hh_mm_ss<Duration> hms{t - day};
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ld.%03ldZ",
                  static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()), static_cast<long>(hms.hours().count()),
                  static_cast<long>(hms.minutes().count()),
                  static_cast<long>(hms.seconds().count()),
                  static_cast<long>(hms.subseconds().count() / 1000));
    return std::string{buf};
  };
  const auto secs = [](Duration d) { return std::to_string(d.count() / 1'000'000); };
  csv =
      "contact_id,customer_id,segment,channel,direction,queue,agent_id,reason,arrived_at,"
      "answered_at,ended_at,talk_s,hold_s,acw_s,abandoned,transferred,resolved,qa_score\n";
  for (const Contact& c : contacts) {
    csv += c.contact_id + ',' + c.customer_id + ",consumer," + std::string{to_string(c.channel)} +
           ',' + std::string{to_string(c.direction)} + ",general,A01," + c.reason + ',' +
           stamp(c.arrived_at) + ',' + (c.answered_at ? stamp(*c.answered_at) : "") + ',' +
           stamp(c.ended_at) + ',' + secs(c.talk) + ',' + secs(c.hold) + ',' + secs(c.acw) + ',' +
           (c.abandoned ? "true" : "false") + ',' + (c.transferred ? "true" : "false") + ',' +
           (c.resolved ? (*c.resolved ? "true" : "false") : "") + ',' +
           (c.qa_score ? std::to_string(static_cast<int>(*c.qa_score)) : "") + '\n';
  }
  return csv;
}

void BM_CsvContacts(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::string& csv = contacts_csv(n);
  io::LoadOptions options;
  options.threads = static_cast<unsigned>(state.range(1));
  struct alignas(64) Count {  // one cache line per worker: no sharing between threads
    std::int64_t rows = 0;
  };
  for (auto _ : state) {
    std::vector<Count> rows(options.threads);
    const auto stats = io::for_each_contact(
        "bench.csv", csv, false,
        io::ParallelSink<Contact>{[&](unsigned w, const Contact&) { ++rows[w].rows; }}, options);
    benchmark::DoNotOptimize(stats.rows_used);
    benchmark::DoNotOptimize(rows.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(csv.size()));
}

}  // namespace

BENCHMARK(BM_ParseTimestamp);
BENCHMARK(BM_ParseSeconds);
BENCHMARK(BM_ParseBool);
BENCHMARK(BM_ParseScore);
BENCHMARK(BM_CsvContacts)
    ->Args({1'000'000, 1})
    ->Args({1'000'000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
