// SPDX-License-Identifier: MIT
// contactkpi: the command-line report of SPEC §4.
//
//     contactkpi report --contacts F [--interactions F] [--surveys F] [--segments F]
//                       [--by DIM]... [--from T] [--to T] [--tz ZONE] [--as-of T]
//                       [--format text|json|csv] [KPI options]
//
// Exit codes: 0 ok; 2 bad input (a loader error, printed as Error::to_string()) or bad
// usage; 1 internal error. See README.md for every flag.
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <sys/resource.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "bands.hpp"
#include "cli_options.hpp"
#include "contactkpi/io/loader.hpp"
#include "contactkpi/report.hpp"
#include "output.hpp"

#ifndef CONTACTKPI_EXAMPLES_DATA_DIR
#define CONTACTKPI_EXAMPLES_DATA_DIR ""
#endif
#ifndef CONTACTKPI_VERSION
#define CONTACTKPI_VERSION "unknown"
#endif

namespace {

namespace fs = std::filesystem;
using namespace contactkpi;
using cli::UsageError;

// The raw command line of `report`, before validation (members in the order of --help, not
// packed: there is one).
struct ReportArgs {  // NOLINT(clang-analyzer-optin.performance.Padding)
  std::string contacts, interactions, surveys, segments;
  std::vector<std::string> by;
  std::string from, to, tz, as_of;
  std::string format = "text";
  std::vector<std::string> sl_threshold;
  std::string sl_formula = "standard";
  bool sl_exclusive = false;
  double sl_target = 80.0;
  std::string short_abandon = "0";
  std::string fcr_method = "repeat-window";
  std::string fcr_window = "7d";
  bool fcr_any_reason = false;
  bool fcr_include_open = false;
  std::string csat_mode = "top2";
  int csat_top_box = 4;
  std::string ces_scale = "ces2";
  std::string ces_mode = "mean";
  bool contact_rate_net = false;
  std::string aht_direction, aht_channel;
  std::vector<std::string> bands;
  std::string fcr_industry;
  bool skip_invalid = false;
  unsigned threads = 0;  // 0 = all cores
  bool timings = false;
};

// --timings: wall-clock seconds of each step, the CPU seconds (user + system, all threads)
// it used, and the peak resident memory so far, on stderr. CPU ÷ wall shows how many cores
// a step kept busy.
class StepTimer {
 public:
  explicit StepTimer(bool on) : on_{on} {}
  void step(const char* name) {
    if (!on_) return;
    const auto now = std::chrono::steady_clock::now();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);  // ru_maxrss: KiB on Linux
    const double cpu = seconds(usage.ru_utime) + seconds(usage.ru_stime);
    std::fprintf(stderr, "contactkpi: %-12s %8.3f s  cpu %7.3f s  peak %6ld MiB\n", name,
                 std::chrono::duration<double>(now - last_).count(), cpu - last_cpu_,
                 usage.ru_maxrss / 1024);
    last_ = now;
    last_cpu_ = cpu;
  }

 private:
  static double seconds(const timeval& t) noexcept {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
  }
  bool on_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
  double last_cpu_ = 0.0;
};

// The sample data: the source tree's examples/data (compile definition), else
// ./examples/data relative to the working directory.
fs::path sample_data_dir() {
  fs::path built_in{CONTACTKPI_EXAMPLES_DATA_DIR};
  std::error_code ec;
  if (!built_in.empty() && fs::exists(built_in / "contacts.csv", ec)) return built_in;
  fs::path local = fs::path{"examples"} / "data";
  if (fs::exists(local / "contacts.csv", ec)) return local;
  throw UsageError("no --contacts given and no sample data found (looked in " +
                   (built_in.empty() ? std::string{} : built_in.string() + " and ") +
                   local.string() + ")");
}

ReportOptions build_options(const ReportArgs& a) {
  ReportOptions o;
  for (const auto& d : a.by) {
    const auto dim = parse_dimension(d);
    if (!dim) {
      throw UsageError("--by: unknown dimension '" + d +
                       "' (segment, channel, queue, agent, reason, day, week, month)");
    }
    for (const auto seen : o.group_by) {
      if (seen == *dim) throw UsageError("--by: dimension '" + d + "' given twice");
    }
    o.group_by.push_back(*dim);
  }
  if (!a.tz.empty()) o.utc_offset = cli::zone_lookup(a.tz);
  if (!a.from.empty()) o.from = cli::parse_time("--from", a.from, a.tz);
  if (!a.to.empty()) o.to = cli::parse_time("--to", a.to, a.tz);
  if (o.from && o.to && *o.to < *o.from) throw UsageError("--to is before --from");

  // Service level and abandon rate share the short-abandon threshold.
  for (const auto& t : a.sl_threshold) {
    const auto setting = cli::parse_threshold(t);
    if (setting.channel) {
      o.service_level.channel_threshold[static_cast<std::size_t>(*setting.channel)] =
          setting.threshold;
    } else {
      o.service_level.threshold = setting.threshold;
    }
  }
  const auto formula = parse_sl_formula(a.sl_formula);
  if (!formula) {
    throw UsageError("--sl-formula: unknown formula '" + a.sl_formula +
                     "' (standard, answered-only, ignore-abandons-within-t, "
                     "abandons-within-t-met, short-abandons-met, amazon-connect)");
  }
  o.service_level.formula = *formula;
  o.service_level.exclusive = a.sl_exclusive;
  o.service_level.target_percent = a.sl_target;
  const Duration short_abandon = cli::parse_duration("--short-abandon", a.short_abandon);
  o.service_level.short_abandon = short_abandon;
  o.abandon.short_abandon = short_abandon;

  const auto method = parse_fcr_method(a.fcr_method);
  if (!method) {
    throw UsageError("--fcr-method: unknown method '" + a.fcr_method +
                     "' (repeat-window, agent-flag, survey)");
  }
  o.fcr.method = *method;
  o.fcr.window = cli::parse_duration("--fcr-window", a.fcr_window);
  o.fcr.match_reason = !a.fcr_any_reason;
  o.fcr.include_open = a.fcr_include_open;
  if (!a.as_of.empty()) o.fcr.as_of = cli::parse_time("--as-of", a.as_of, a.tz);

  const auto csat = parse_csat_mode(a.csat_mode);
  if (!csat) throw UsageError("--csat-mode: unknown mode '" + a.csat_mode + "' (top2, mean)");
  o.csat.mode = *csat;
  if (a.csat_top_box < o.csat.scale_min || a.csat_top_box > o.csat.scale_max) {
    throw UsageError("--csat-top-box: must be within the CSAT scale 1..5");
  }
  o.csat.top_box_cut = a.csat_top_box;
  const auto ces = parse_ces_scale(a.ces_scale);
  if (!ces) throw UsageError("--ces-scale: unknown scale '" + a.ces_scale + "' (ces2, ces1)");
  o.ces.scale = *ces;
  if (a.ces_mode == "mean") {
    o.ces.mode = CesMode::mean;
  } else if (a.ces_mode == "low-effort") {
    o.ces.mode = CesMode::low_effort;
  } else {
    throw UsageError("--ces-mode: unknown mode '" + a.ces_mode + "' (mean, low-effort)");
  }
  o.contact_rate.net = a.contact_rate_net;
  if (!a.aht_direction.empty()) {
    o.aht.direction = parse_direction(a.aht_direction);
    if (!o.aht.direction) {
      throw UsageError("--aht-direction: unknown direction '" + a.aht_direction +
                       "' (inbound, outbound)");
    }
  }
  if (!a.aht_channel.empty()) {
    o.aht.channel = parse_channel(a.aht_channel);
    if (!o.aht.channel) throw UsageError("--aht-channel: unknown channel '" + a.aht_channel + "'");
  }
  return o;
}

// Loads interactions or surveys into `report` (whose contacts are all in) in runs of
// records, with `options.threads` workers each adding to its own feeder (one worker adds to
// the report itself); `load` is io::for_each_interaction or io::for_each_survey.
template <class Record, class Load>
io::LoadStats load_follow_ups(ReportAccumulator& report, const fs::path& path,
                              const io::LoadOptions& options, const Load& load) {
  if (options.threads <= 1) {
    return load(path, io::BatchSink<Record>{[&](unsigned, std::span<const Record> batch) {
                  report.add(batch);
                }},
                options);
  }
  std::vector<ReportAccumulator::Feeder> feeders;
  for (unsigned w = 0; w < options.threads; ++w) feeders.push_back(report.feeder());
  io::LoadStats stats =
      load(path, io::BatchSink<Record>{[&](unsigned w, std::span<const Record> batch) {
             feeders[w % feeders.size()].add(batch);
           }},
           options);
  for (auto& f : feeders) report.merge(std::move(f));
  return stats;
}

// Memory freed by one step of a report (the contacts' per-worker state, the index's pending
// hashes) is kept by malloc for the next ones (interactions, surveys) instead of going back
// to the system: a page the system hands out afresh costs a page fault and its zeroing,
// which on a VM is the largest kernel cost of a report (docs/performance.md). Glibc's
// defaults map blocks from 128 KiB up on their own and unmap them when freed, and give
// every new thread an arena of its own (up to 8 per core), where memory freed in another
// arena is out of its reach. Called before any thread starts.
void reuse_freed_memory([[maybe_unused]] unsigned threads) {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  mallopt(M_ARENA_MAX, static_cast<int>(std::min(std::max(threads, 2U), 64U)));
#endif
}

// --skip-invalid: which rows were skipped, on stderr (the report has the counts per reason):
// the first few errors of each file, then how many more there were.
void report_skipped(const std::vector<cli::InputFile>& inputs) {
  constexpr std::size_t shown = 10;
  for (const auto& input : inputs) {
    const io::LoadStats& st = input.stats;
    std::size_t k = 0;
    for (; k < st.errors.size() && k < shown; ++k) {
      std::fprintf(stderr, "contactkpi: skipped %s\n", st.errors[k].to_string().c_str());
    }
    const auto more = st.rows_skipped - static_cast<std::int64_t>(k);
    if (more > 0) {
      std::fprintf(stderr,
                   "contactkpi: skipped %lld more row(s) of %s (counts per reason in the report)\n",
                   static_cast<long long>(more), st.file.c_str());
    }
  }
}

std::string display_path(const fs::path& p) {
  return p.lexically_normal().string();
}

int run_report(ReportArgs a) {
  const bool no_data_args =
      a.contacts.empty() && a.interactions.empty() && a.surveys.empty() && a.segments.empty();
  if (no_data_args) {
    const fs::path dir = sample_data_dir();
    a.contacts = display_path(dir / "contacts.csv");
    std::error_code ec;
    if (fs::exists(dir / "interactions.csv", ec))
      a.interactions = display_path(dir / "interactions.csv");
    if (fs::exists(dir / "surveys.csv", ec)) a.surveys = display_path(dir / "surveys.csv");
    if (fs::exists(dir / "segments.csv", ec)) a.segments = display_path(dir / "segments.csv");
  } else if (a.contacts.empty()) {
    throw UsageError("--contacts is required when other data files are given");
  }
  if (a.format != "text" && a.format != "json" && a.format != "csv") {
    throw UsageError("--format: unknown format '" + a.format + "' (text, json, csv)");
  }
  if (a.threads == 0) {
    a.threads = std::max(1u, std::thread::hardware_concurrency());
  }
  reuse_freed_memory(a.threads);

  cli::BandTable bands;
  bands.set_service_level_target(a.sl_target);
  if (!a.fcr_industry.empty()) bands.set_fcr_industry(a.fcr_industry);
  for (const auto& b : a.bands) bands.set_user_bands(b);

  StepTimer timer{a.timings};
  cli::ReportDocument doc;
  doc.options = build_options(a);
  // The contact-id index (16 bytes per contact) is needed only to match interactions and
  // surveys, or for grouping / a range (which keep it anyway).
  doc.options.track_unmatched = !a.interactions.empty() || !a.surveys.empty();
  doc.zone = a.tz;

  io::LoadOptions load;
  load.on_error = a.skip_invalid ? io::OnError::skip : io::OnError::stop;
  load.ces_scale = doc.options.ces.scale;
  load.csat_min = doc.options.csat.scale_min;
  load.csat_max = doc.options.csat.scale_max;

  // Contacts stream into one accumulator per loader worker; the parts are merged before the
  // interactions and surveys, which need the merged contact index.
  // When the report keeps that index (it has a 64-bit hash of every contact id), the load
  // skips its own duplicate-id check (an id set: about 5% of the time) and the index tells
  // whether two contacts may share an id; only then, or after any error in stop mode (the
  // checked load must report the first error in file order, which may be a duplicate), are
  // the contacts loaded again with the check. So the outcome is the checked load's.
  // (Timed as "contacts" and "merge"; a checked load again as "recheck".)
  const auto load_contacts = [&](bool check, const char* step) {
    std::vector<ReportAccumulator> parts = ReportAccumulator::make_parts(doc.options, a.threads);
    io::LoadOptions options = load;
    options.threads = a.threads;
    options.check_duplicates = check;
    io::LoadStats stats = io::for_each_contact_view(
        fs::path{a.contacts},
        io::BatchSink<ContactView>{[&](unsigned w, std::span<const ContactView> batch) {
          parts[w % parts.size()].add(batch);
        }},
        options);
    timer.step(step);
    for (std::size_t i = 1; i < parts.size(); ++i) parts[0].merge(std::move(parts[i]));
    return std::pair{std::move(parts[0]), std::move(stats)};
  };
  // Without the index may_repeat_contact_ids() cannot tell, so the load checks itself.
  std::optional<std::pair<ReportAccumulator, io::LoadStats>> loaded;
  if (doc.options.keeps_contact_index()) {
    try {
      loaded.emplace(load_contacts(false, "contacts"));
    } catch (const io::ParseError&) {
      // The checked load below reports the first error (or the same whole-file problem).
    }
    if (loaded && loaded->first.may_repeat_contact_ids()) loaded.reset();
    if (!loaded) loaded.emplace(load_contacts(true, "recheck"));
  } else {
    loaded.emplace(load_contacts(true, "contacts"));
  }
  ReportAccumulator& report = loaded->first;
  doc.inputs.push_back({"contacts", std::move(loaded->second)});
  timer.step("merge");

  // Interactions and surveys need the merged contact index: each worker adds its rows to its
  // own feeder of the merged report, and the feeders are merged back (load_follow_ups).
  io::LoadOptions parallel = load;
  parallel.threads = a.threads;
  if (!a.interactions.empty()) {
    doc.inputs.push_back(
        {"interactions", load_follow_ups<InteractionView>(
                             report, fs::path{a.interactions}, parallel,
                             [](const fs::path& p, const auto& sink, const io::LoadOptions& o) {
                               return io::for_each_interaction_view(p, sink, o);
                             })});
  }
  timer.step("interactions");
  if (!a.surveys.empty()) {
    doc.inputs.push_back(
        {"surveys", load_follow_ups<SurveyView>(
                        report, fs::path{a.surveys}, parallel,
                        [](const fs::path& p, const auto& sink, const io::LoadOptions& o) {
                          return io::for_each_survey_view(p, sink, o);
                        })});
  }
  if (!a.segments.empty()) {
    doc.inputs.push_back(
        {"segments", io::for_each_segment(
                         fs::path{a.segments}, [&](const Segment& s) { report.add(s); }, load)});
  }
  timer.step("surveys");
  if (a.skip_invalid) report_skipped(doc.inputs);
  try {
    doc.result = report.result();
  } catch (const std::invalid_argument& e) {
    // Inconsistent segment rows (e.g. a segment sized twice for one period): bad input,
    // found only once all rows are in.
    throw UsageError(fmt::format("{}: {}", a.segments.empty() ? "segments" : a.segments, e.what()));
  }

  timer.step("result");
  if (a.format == "json") {
    cli::write_json(std::cout, doc, bands);
  } else if (a.format == "csv") {
    cli::write_csv(std::cout, doc, bands);
  } else {
    cli::write_text(std::cout, doc, bands);
  }
  std::cout.flush();
  timer.step("output");
  if (!std::cout) {
    std::fputs("contactkpi: error writing the report\n", stderr);
    return 1;
  }
  return 0;
}

void add_report_options(CLI::App& cmd, ReportArgs& a) {
  cmd.add_option("--contacts", a.contacts, "contacts file (CSV, .json or .jsonl)");
  cmd.add_option("--interactions", a.interactions, "interactions file (CQIS)");
  cmd.add_option("--surveys", a.surveys, "surveys file (CSAT, NPS, CES; FCR survey method)");
  cmd.add_option("--segments", a.segments, "segment sizes (contact rate)");
  cmd.add_option("--by", a.by,
                 "group by segment|channel|queue|agent|reason|day|week|month; repeat (or "
                 "separate with commas) to nest, in the given order")
      ->delimiter(',');
  cmd.add_option("--from", a.from,
                 "first arrived_at included, e.g. 2026-03-01 or 2026-03-01T08:00:00Z "
                 "(no offset: local in --tz)");
  cmd.add_option("--to", a.to, "first arrived_at excluded (half-open range)");
  cmd.add_option("--tz", a.tz,
                 "IANA time zone for day/week/month groups and for --from/--to/--as-of "
                 "without an offset (default UTC), e.g. Europe/Berlin");
  cmd.add_option("--as-of", a.as_of,
                 "FCR as-of time: repeat windows ending after it are open (default: the "
                 "latest time in the contacts)");
  cmd.add_option("--format", a.format, "output format: text, json or csv")->capture_default_str();
  cmd.add_option("--sl-threshold", a.sl_threshold,
                 "service-level threshold T in seconds (default 20), or CHANNEL=T for one "
                 "channel (e.g. chat=60, email=24h); repeatable, or comma-separated")
      ->delimiter(',');
  cmd.add_option("--sl-formula", a.sl_formula,
                 "standard, answered-only, ignore-abandons-within-t, abandons-within-t-met, "
                 "short-abandons-met, amazon-connect")
      ->capture_default_str();
  cmd.add_flag("--sl-exclusive", a.sl_exclusive, "within T means wait < T (default wait <= T)");
  cmd.add_option("--sl-target", a.sl_target, "service-level target, percent")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 100.0));
  cmd.add_option("--short-abandon", a.short_abandon,
                 "abandons with wait below this many seconds are short abandons (service level "
                 "and abandon rate)")
      ->capture_default_str();
  cmd.add_option("--fcr-method", a.fcr_method, "repeat-window, agent-flag or survey")
      ->capture_default_str();
  cmd.add_option("--fcr-window", a.fcr_window, "FCR repeat window: a number with s, m, h or d")
      ->capture_default_str();
  cmd.add_flag("--fcr-any-reason", a.fcr_any_reason,
               "a repeat need not have the same contact reason");
  cmd.add_flag("--fcr-include-open", a.fcr_include_open,
               "count contacts whose repeat window is still open");
  cmd.add_option("--csat-mode", a.csat_mode, "top2 (share of 4-5) or mean")->capture_default_str();
  cmd.add_option("--csat-top-box", a.csat_top_box, "lowest satisfied CSAT answer (top2 mode)")
      ->capture_default_str();
  cmd.add_option("--ces-scale", a.ces_scale, "ces2 (1..7, higher = easier) or ces1 (1..5)")
      ->capture_default_str();
  cmd.add_option("--ces-mode", a.ces_mode, "mean or low-effort (share of easy answers)")
      ->capture_default_str();
  cmd.add_flag("--contact-rate-net", a.contact_rate_net,
               "contact rate counts unique contacting customers instead of contacts");
  cmd.add_option("--aht-direction", a.aht_direction, "AHT over inbound or outbound contacts only");
  cmd.add_option("--aht-channel", a.aht_channel, "AHT over one channel only");
  cmd.add_option("--bands", a.bands,
                 "user bands for a KPI, worst band first: KPI=SPEC, e.g. "
                 "csat=Poor<70<=Good<85<=Great or aht=Slow>600>=OK>300>=Fast (repeatable)");
  cmd.add_option("--fcr-industry", a.fcr_industry,
                 "compare FCR with an industry range: b2b-services, technical-support, "
                 "simple-transactional");
  cmd.add_flag("--skip-invalid", a.skip_invalid,
               "skip invalid rows (counted per reason in the report) instead of stopping");
  cmd.add_option("--threads", a.threads,
                 "loader threads (0 = all cores, the default; 1 = the single-threaded path)")
      ->capture_default_str();
  cmd.add_flag("--timings", a.timings,
               "print the seconds and CPU seconds each step took on stderr");
}

int run_main(int argc, char** argv) {
  CLI::App app{
      "contactkpi: contact-center KPIs from contacts, interactions, surveys and "
      "segments (exit codes: 0 ok, 2 bad input or usage, 1 internal error)",
      "contactkpi"};
  app.set_version_flag("--version", CONTACTKPI_VERSION);
  app.require_subcommand(1);
  ReportArgs args;
  CLI::App* report = app.add_subcommand(
      "report",
      "Compute every KPI, overall and per group. With no data files it reports on the sample "
      "data in examples/data.");
  add_report_options(*report, args);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    (void)app.exit(e);
    return 2;
  }

  try {
    return run_report(std::move(args));
  } catch (const io::ParseError& e) {
    std::fprintf(stderr, "%s\n", e.error().to_string().c_str());
    return 2;
  } catch (const UsageError& e) {
    std::fprintf(stderr, "contactkpi: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "contactkpi: internal error: %s\n", e.what());
    return 1;
  } catch (...) {
    std::fputs("contactkpi: internal error\n", stderr);
    return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run_main(argc, argv);
  } catch (const std::exception& e) {  // e.g. while setting up the command line
    std::fprintf(stderr, "contactkpi: internal error: %s\n", e.what());
  } catch (...) {
    std::fputs("contactkpi: internal error\n", stderr);
  }
  return 1;
}
