// SPDX-License-Identifier: MIT
// libFuzzer target: the value parsers of the `contactkpi` command line
// (examples/contactkpi/cli_options.hpp, bands.hpp) and the option-name parsers they use.
// The program's argument handling itself is CLI11 plus these parsers; main.cpp's
// build_options() is private to the program, so its parts are fuzzed here one by one.
//
// Properties:
//   - the parsers throw nothing but cli::UsageError, and a UsageError names its flag;
//   - parse_duration: 0 ≤ value ≤ 10^17 µs; a value up to 10^12 µs printed back as
//     "S.ffffff" parses to the same duration, and with an "s" suffix too;
//   - parse_threshold: a value that parses has the duration of its text after '=';
//   - parse_time (UTC and a named zone): format_time(t) parses back to t (years 0000..9999);
//   - name parsers (dimension, SL formula, FCR method, CSAT mode, CES scale, channel,
//     direction): a name that parses prints back (to_string) as a name that parses to it.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>

#include "bands.hpp"
#include "cli_options.hpp"
#include "contactkpi/fcr.hpp"
#include "contactkpi/report.hpp"
#include "contactkpi/service_level.hpp"
#include "contactkpi/survey.hpp"
#include "contactkpi/types.hpp"
#include "fuzz_loader.hpp"

namespace {

using namespace contactkpi;
using contactkpi::fuzz::check;

/// Runs `f`; UsageError must name `flag`; any other exception is a bug.
template <class F>
bool usage(std::string_view flag, F f) {
  try {
    f();
    return true;
  } catch (const cli::UsageError& e) {
    check(std::string_view{e.what()}.find(flag) != std::string_view::npos,
          "UsageError names its flag");
    return false;
  }
}

void duration(std::string_view text) {
  Duration d{};
  if (!usage("--fcr-window", [&] { d = cli::parse_duration("--fcr-window", text); })) return;
  const auto us = d.count();
  check(us >= 0, "duration: not negative");
  check(us <= 100'000'000'000'000'000LL, "duration: at most 10^17 us");
  if (us > 1'000'000'000'000LL) return;
  char buf[64];
  const int n =
      std::snprintf(buf, sizeof buf, "%lld.%06lld", static_cast<long long>(us / 1'000'000),
                    static_cast<long long>(us % 1'000'000));
  const std::string again{buf, static_cast<std::size_t>(n)};
  check(cli::parse_duration("--fcr-window", again) == d, "duration: round trip");
  check(cli::parse_duration("--fcr-window", again + "s") == d, "duration: round trip with s");
}

void threshold(std::string_view text) {
  cli::ThresholdSetting t;
  if (!usage("--sl-threshold", [&] { t = cli::parse_threshold(text); })) return;
  const auto eq = text.find('=');
  const auto rest = eq == std::string_view::npos ? text : text.substr(eq + 1);
  check(t.channel.has_value() == (eq != std::string_view::npos), "threshold: channel iff '='");
  check(cli::parse_duration("--sl-threshold", rest) == t.threshold, "threshold: its duration");
}

void time_in(std::string_view text, const std::string& zone) {
  Timestamp t{};
  if (!usage("--from", [&] { t = cli::parse_time("--from", text, zone); })) return;
  const auto year = static_cast<int>(
      std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(t)}.year());
  if (year < 0 || year > 9999) return;
  const std::string again = cli::format_time(t);
  Timestamp back{};
  check(usage("--from", [&] { back = cli::parse_time("--from", again, ""); }),
        "time: format_time output parses");
  check(back == t, "time: round trip");
}

template <class Parse, class Print>
void name(std::string_view text, Parse parse, Print print) {
  const auto v = parse(text);
  if (!v) return;
  const auto again = parse(print(*v));
  check(again.has_value() && *again == *v, "name: round trip");
}

void names(std::string_view text) {
  name(text, parse_sl_formula, [](SlFormula f) { return to_string(f); });
  name(text, parse_fcr_method, [](FcrMethod m) { return to_string(m); });
  name(text, parse_channel, [](Channel c) { return to_string(c); });
  name(text, parse_direction, [](Direction d) { return to_string(d); });
  (void)parse_dimension(text);
  (void)parse_csat_mode(text);
  (void)parse_ces_scale(text);
}

void bands(std::string_view text) {
  cli::BandTable table;
  (void)usage("--bands", [&] { table.set_user_bands(text); });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text{reinterpret_cast<const char*>(data), size};
  duration(text);
  threshold(text);
  time_in(text, "");
  time_in(text, "Europe/Paris");
  names(text);
  bands(text);
  return 0;
}
