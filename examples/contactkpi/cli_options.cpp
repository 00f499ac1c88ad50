// SPDX-License-Identifier: MIT
#include "cli_options.hpp"

#include <charconv>
#include <cmath>
#include <string>

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

namespace contactkpi::cli {

namespace {

[[noreturn]] void bad(std::string_view flag, std::string_view text, std::string_view why) {
  throw UsageError(fmt::format("{}: {} '{}'", flag, why, text));
}

std::optional<double> to_number(std::string_view text) {
  double v = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc{} || ptr != end || !std::isfinite(v)) return std::nullopt;
  return v;
}

// Reads `digits` decimal digits at text[pos]; advances pos.
std::optional<int> read_int(std::string_view text, std::size_t& pos, std::size_t digits) {
  if (pos + digits > text.size()) return std::nullopt;
  int v = 0;
  for (std::size_t i = 0; i < digits; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  pos += digits;
  return v;
}

}  // namespace

Duration parse_duration(std::string_view flag, std::string_view text) {
  if (text.empty()) bad(flag, text, "empty duration");
  double scale = 1.0;
  std::string_view number = text;
  switch (text.back()) {
    case 's':
      number.remove_suffix(1);
      break;
    case 'm':
      scale = 60.0;
      number.remove_suffix(1);
      break;
    case 'h':
      scale = 3600.0;
      number.remove_suffix(1);
      break;
    case 'd':
      scale = 86400.0;
      number.remove_suffix(1);
      break;
    default:
      break;
  }
  const auto v = to_number(number);
  if (!v) bad(flag, text, "not a duration (use a number with an optional s, m, h or d suffix):");
  if (*v < 0) bad(flag, text, "negative duration");
  const double us = std::round(*v * scale * 1e6);
  if (us > 1e17) bad(flag, text, "duration too long");
  return Duration{static_cast<Duration::rep>(us)};
}

ThresholdSetting parse_threshold(std::string_view text) {
  ThresholdSetting out;
  if (const auto eq = text.find('='); eq != std::string_view::npos) {
    const auto name = text.substr(0, eq);
    out.channel = parse_channel(name);
    if (!out.channel) {
      bad("--sl-threshold", name,
          "unknown channel (voice, chat, email, sms, social, video, other):");
    }
    text.remove_prefix(eq + 1);
  }
  out.threshold = parse_duration("--sl-threshold", text);
  return out;
}

Timestamp parse_time(std::string_view flag, std::string_view text, const std::string& zone) {
  std::size_t pos = 0;
  const auto fail = [&]() {
    bad(flag, text, "not a time (use 2026-03-02, 2026-03-02T09:15:00 or 2026-03-02T09:15:00Z):");
  };
  const auto y = read_int(text, pos, 4);
  if (!y || pos >= text.size() || text[pos++] != '-') fail();
  const auto mo = read_int(text, pos, 2);
  if (!mo || pos >= text.size() || text[pos++] != '-') fail();
  const auto d = read_int(text, pos, 2);
  if (!d) fail();
  const date::year_month_day ymd{date::year{*y}, date::month{static_cast<unsigned>(*mo)},
                                 date::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) fail();
  Duration time_of_day{};
  std::optional<std::chrono::minutes> offset;
  if (pos < text.size()) {
    if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ') fail();
    ++pos;
    const auto h = read_int(text, pos, 2);
    if (!h || *h > 23 || pos >= text.size() || text[pos++] != ':') fail();
    const auto mi = read_int(text, pos, 2);
    if (!mi || *mi > 59) fail();
    int sec = 0;
    Duration frac{};
    if (pos < text.size() && text[pos] == ':') {
      ++pos;
      const auto s = read_int(text, pos, 2);
      if (!s || *s > 60) fail();
      sec = *s;
      if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
        ++pos;
        std::int64_t scale = 100000;
        std::int64_t us = 0;
        const std::size_t start = pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
          us += (text[pos] - '0') * scale;
          scale /= 10;
          ++pos;
        }
        if (pos == start) fail();
        frac = Duration{us};
      }
    }
    time_of_day =
        std::chrono::hours{*h} + std::chrono::minutes{*mi} + std::chrono::seconds{sec} + frac;
    if (pos < text.size()) {
      if (text[pos] == 'Z' || text[pos] == 'z') {
        offset = std::chrono::minutes{0};
        ++pos;
      } else if (text[pos] == '+' || text[pos] == '-') {
        const int sign = text[pos] == '-' ? -1 : 1;
        ++pos;
        const auto oh = read_int(text, pos, 2);
        if (!oh) fail();
        if (pos < text.size() && text[pos] == ':') ++pos;
        const auto om = read_int(text, pos, 2);
        if (!om || *oh > 23 || *om > 59) fail();
        offset = std::chrono::minutes{sign * (*oh * 60 + *om)};
      }
    }
    if (pos != text.size()) fail();
  }
  const auto day = date::sys_days{ymd};
  if (offset) return Timestamp{day.time_since_epoch()} + time_of_day - *offset;
  if (zone.empty()) return Timestamp{day.time_since_epoch()} + time_of_day;
  const date::time_zone* tz = nullptr;
  try {
    tz = date::locate_zone(zone);
  } catch (const std::exception&) {
    throw UsageError(fmt::format("--tz: unknown time zone '{}'", zone));
  }
  const date::local_time<Duration> local{day.time_since_epoch() + time_of_day};
  // A local time that does not exist (spring forward) or exists twice (fall back) takes
  // the earlier instant.
  // (For a nonexistent time, `first` is the offset before the gap.)
  const auto info = tz->get_info(date::floor<std::chrono::seconds>(local));
  return Timestamp{local.time_since_epoch()} - info.first.offset;
}

UtcOffsetLookup zone_lookup(const std::string& zone) {
  const date::time_zone* tz = nullptr;
  try {
    tz = date::locate_zone(zone);
  } catch (const std::exception&) {
    throw UsageError(fmt::format("--tz: unknown time zone '{}'", zone));
  }
  // time_zone::get_info is const and reads immutable data: safe from several threads.
  return [tz](Timestamp t) {
    using std::chrono::seconds;
    const auto info = tz->get_info(date::floor<seconds>(t));
    UtcOffsetSpan span;
    span.offset = info.offset;
    const auto lo = std::chrono::ceil<seconds>(Timestamp::min());
    const auto hi = std::chrono::floor<seconds>(Timestamp::max());
    if (info.begin > lo && info.begin < hi) span.begin = Timestamp{info.begin};
    if (info.end > lo && info.end < hi) span.end = Timestamp{info.end};
    return span;
  };
}

std::string format_time(Timestamp t) {
  const auto secs = date::floor<std::chrono::seconds>(t);
  if (secs == t) return date::format("%FT%TZ", secs);
  std::string text = date::format("%FT%T", t);  // six fractional digits
  while (text.back() == '0') text.pop_back();
  return text + "Z";
}

}  // namespace contactkpi::cli
