// SPDX-License-Identifier: MIT
// The loader's field parsers, the CSV tokenizer and the CSV contact reader, in memory (no disk):
// items/s and bytes/s. The CSV text is 1M synthetic contacts in the SPEC §1.1 layout
// (bench_data.hpp).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

#include "bench_data.hpp"
#include "contactkpi/io/loader.hpp"
#include "contactkpi/io/parse.hpp"
#include "io/csv_reader.hpp"
#include "io/field_parser.hpp"
#include "io/timestamp_parser.hpp"

namespace {

using namespace contactkpi;

/// A fixed pseudo-random sequence (64-bit LCG, high bits), so every run parses the same texts.
class Lcg {
 public:
  unsigned next(unsigned bound) noexcept {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<unsigned>((state_ >> 33) % bound);
  }

 private:
  std::uint64_t state_ = 42;
};

/// `n` digits drawn from `rng`.
std::string digits(Lcg& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += static_cast<char>('0' + rng.next(10));
  return s;
}

/// Picks a form by weight: `weights` are percentages (summing to 100).
template <std::size_t N>
std::size_t pick(Lcg& rng, const int (&weights)[N]) {
  int r = static_cast<int>(rng.next(100));
  for (std::size_t k = 0; k < N; ++k) {
    if (r < weights[k]) return k;
    r -= weights[k];
  }
  return N - 1;
}

/// Timestamps in the mix of bench/data/c1M/contacts.csv (bench/run.sh's generator): ±HH:MM
/// offsets without a fraction (27%) or with milliseconds (47%), Z without (20%) or with
/// milliseconds (5%), microseconds with an offset (1%); the day and time vary.
std::vector<std::string> timestamps(std::size_t n) {
  Lcg rng;
  static constexpr int weights[] = {27, 24, 23, 20, 5, 1};
  std::vector<std::string> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    char buf[20];
    std::snprintf(buf, sizeof buf, "2026-03-%02uT%02u:%02u:%02u", 1 + rng.next(28), rng.next(24),
                  rng.next(60), rng.next(60));
    std::string s = buf;
    const std::string offset = (rng.next(2) == 0 ? "+0" : "-0") + digits(rng, 1) + ":30";
    switch (pick(rng, weights)) {
      case 0:
        s += offset;
        break;
      case 1:
      case 2:
        s += '.' + digits(rng, 3) + offset;
        break;
      case 3:
        s += 'Z';
        break;
      case 4:
        s += '.' + digits(rng, 3) + 'Z';
        break;
      default:
        s += '.' + digits(rng, 6) + offset;
        break;
    }
    out.push_back(std::move(s));
  }
  return out;
}

/// Parses every text once per iteration. The texts lie back to back in one buffer, as fields
/// do in a CSV file, and are many (100,000), so that the branch predictor cannot learn the
/// sequence, as in a file of a million rows.
/// Views of `texts` laid back to back in `buffer` (which must not change afterwards).
std::vector<std::string_view> back_to_back(const std::vector<std::string>& texts,
                                           std::string& buffer) {
  buffer.clear();
  for (const auto& t : texts) buffer += t;
  std::vector<std::string_view> views;
  std::size_t at = 0;
  for (const auto& t : texts) {
    views.emplace_back(buffer.data() + at, t.size());
    at += t.size();
  }
  return views;
}

template <class Parse>
void parse_all(benchmark::State& state, const std::vector<std::string>& texts, Parse parse) {
  std::string buffer;
  const std::vector<std::string_view> views = back_to_back(texts, buffer);
  for (auto _ : state) {
    for (const std::string_view t : views) benchmark::DoNotOptimize(parse(t));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(views.size()));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(buffer.size()));
}

void BM_ParseTimestamp(benchmark::State& state) {
  static const auto texts = timestamps(100'000);
  parse_all(state, texts, [](std::string_view t) { return io::parse_timestamp(t); });
}

/// The same texts through one detail::TimestampParser, as the loaders parse them: the month
/// (2026-03, as in the texts) is cached after the first.
void BM_ParseTimestampCached(benchmark::State& state) {
  static const auto texts = timestamps(100'000);
  detail::TimestampParser times;
  parse_all(state, texts, [&times](std::string_view t) { return times.parse(t); });
}

/// BM_ParseTimestampCached with the portable fast path (64-bit words), whatever the CPU: the
/// SSE path's gain on this machine.
void BM_ParseTimestampCachedBaseline(benchmark::State& state) {
  static const auto texts = timestamps(100'000);
  detail::TimestampParser times{detail::TimestampParser::Simd::baseline};
  parse_all(state, texts, [&times](std::string_view t) { return times.parse(t); });
}

/// Durations in the mix of contacts.csv's talk_s / hold_s / acw_s: whole seconds of 1 to 3
/// digits (70%), 1 to 4 integer digits with 2, 3 or 6 decimals (30%).
const std::vector<std::string>& seconds_texts() {
  static const std::vector<std::string> texts = [] {
    Lcg rng;
    // "9" "99" "999" "99.999" "999.999" "99.99" "999.99" "9999.999" "9.999" "99.999999"
    static constexpr int weights[] = {30, 21, 18, 10, 9, 3, 3, 3, 2, 1};
    static constexpr int whole[] = {1, 2, 3, 2, 3, 2, 3, 4, 1, 2};
    static constexpr int frac[] = {0, 0, 0, 3, 3, 2, 2, 3, 3, 6};
    std::vector<std::string> v;
    for (int i = 0; i < 100'000; ++i) {
      const std::size_t k = pick(rng, weights);
      std::string s = digits(rng, whole[k]);
      if (frac[k] > 0) s += '.' + digits(rng, frac[k]);
      v.push_back(std::move(s));
    }
    return v;
  }();
  return texts;
}

void BM_ParseSeconds(benchmark::State& state) {
  parse_all(state, seconds_texts(), [](std::string_view t) { return io::parse_seconds(t); });
}

/// contacts.csv's flags: "false" 72%, "true" 28%.
const std::vector<std::string>& bool_texts() {
  static const std::vector<std::string> texts = [] {
    Lcg rng;
    std::vector<std::string> v;
    for (int i = 0; i < 100'000; ++i) v.emplace_back(rng.next(100) < 72 ? "false" : "true");
    return v;
  }();
  return texts;
}

void BM_ParseBool(benchmark::State& state) {
  parse_all(state, bool_texts(), [](std::string_view t) { return io::parse_bool(t); });
}

/// qa_score / quality_score: "87" and "92.5" about equally often, a few "100".
const std::vector<std::string>& score_texts() {
  static const std::vector<std::string> texts = [] {
    Lcg rng;
    std::vector<std::string> v;
    for (int i = 0; i < 100'000; ++i) {
      const unsigned r = rng.next(100);
      std::string s = r == 0 ? "100" : std::to_string(50 + rng.next(50));
      if (r >= 50) s += '.' + digits(rng, 1);
      v.push_back(std::move(s));
    }
    return v;
  }();
  return texts;
}

void BM_ParseScore(benchmark::State& state) {
  parse_all(state, score_texts(), [](std::string_view t) { return io::parse_score(t); });
}

/// parse_all through a detail::FieldParser, as the CSV loader parses fields: the buffer of
/// texts is readable with 16 bytes to spare after the last one, so every text takes the padded
/// fast paths. Arg 0: the best path for the CPU (SSE4.1); 1: the portable one.
template <class Parse>
void parse_fields(benchmark::State& state, const std::vector<std::string>& texts, Parse parse) {
  std::string buffer;
  buffer.reserve(std::accumulate(texts.begin(), texts.end(), std::size_t{16},
                                 [](std::size_t n, const std::string& t) { return n + t.size(); }));
  const std::vector<std::string_view> views = back_to_back(texts, buffer);
  const std::size_t size = buffer.size();
  buffer.append(16, ',');  // within the reserved capacity: the views stay valid
  detail::FieldParser fields{state.range(0) == 0 ? detail::FieldParser::Simd::best
                                                 : detail::FieldParser::Simd::baseline};
  fields.set_readable(buffer);
  for (auto _ : state) {
    for (const std::string_view t : views) benchmark::DoNotOptimize(parse(fields, t));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(views.size()));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(size));
}

void BM_ParseSecondsPadded(benchmark::State& state) {
  parse_fields(state, seconds_texts(),
               [](const detail::FieldParser& f, std::string_view t) { return f.seconds(t); });
}

void BM_ParseBoolPadded(benchmark::State& state) {
  parse_fields(state, bool_texts(),
               [](const detail::FieldParser& f, std::string_view t) { return f.boolean(t); });
}

void BM_ParseScorePadded(benchmark::State& state) {
  parse_fields(state, score_texts(),
               [](const detail::FieldParser& f, std::string_view t) { return f.score(t); });
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

/// The tokenizer alone over the same text: fields/s. Arg 0: the best SIMD the CPU has (AVX2
/// or SSE2), 1: SSE2.
void BM_CsvTokenize(benchmark::State& state) {
  const std::string& csv = contacts_csv(1'000'000);
  const auto simd =
      state.range(0) == 0 ? detail::CsvReader::Simd::best : detail::CsvReader::Simd::baseline;
  std::int64_t fields = 0;
  for (auto _ : state) {
    detail::CsvReader r{csv, 1, simd};
    std::size_t bytes = 0;
    while (r.next()) {
      fields += static_cast<std::int64_t>(r.size());
      bytes += r.field(0).size();
    }
    benchmark::DoNotOptimize(bytes);
  }
  state.SetItemsProcessed(fields);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(csv.size()));
}

}  // namespace

BENCHMARK(BM_ParseTimestamp);
BENCHMARK(BM_ParseTimestampCached);
BENCHMARK(BM_ParseTimestampCachedBaseline);
BENCHMARK(BM_ParseSeconds);
BENCHMARK(BM_ParseBool);
BENCHMARK(BM_ParseScore);
BENCHMARK(BM_ParseSecondsPadded)->Arg(0)->Arg(1);
BENCHMARK(BM_ParseBoolPadded)->Arg(0)->Arg(1);
BENCHMARK(BM_ParseScorePadded)->Arg(0)->Arg(1);
BENCHMARK(BM_CsvTokenize)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CsvContacts)
    ->Args({1'000'000, 1})
    ->Args({1'000'000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
