// SPDX-License-Identifier: MIT
#include "output.hpp"

#include <cmath>
#include <string>

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <nlohmann/json.hpp>

#include "cli_options.hpp"

namespace contactkpi::cli {

namespace {

// ordered_json keeps keys in the order written: kpis first, then groups, input, ...
using json = nlohmann::ordered_json;

// ---- shared --------------------------------------------------------------------------------

// Counts (and whole sums) print as integers, everything else as the shortest exact double.
json number(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 9.0e15) {
    return static_cast<std::int64_t>(v);
  }
  return v;
}

// "7d", "90m", "20s", "1.5s": the largest whole unit.
std::string duration_text(Duration d) {
  const auto us = d.count();
  constexpr std::int64_t second = 1'000'000;
  if (us != 0 && us % (86400 * second) == 0) return fmt::format("{}d", us / (86400 * second));
  if (us != 0 && us % (3600 * second) == 0) return fmt::format("{}h", us / (3600 * second));
  if (us != 0 && us % (60 * second) == 0) return fmt::format("{}m", us / (60 * second));
  return fmt::format("{}s", std::chrono::duration<double>(d).count());
}

std::string fcr_summary(const ReportDocument& doc) {
  const auto& o = doc.options.fcr;
  std::string s{to_string(o.method)};
  if (o.method == FcrMethod::repeat_window) {
    s += fmt::format(", window {}{}", duration_text(o.window),
                     o.match_reason ? ", same reason" : ", any reason");
    if (doc.result.fcr_as_of) s += ", as of " + format_time(*doc.result.fcr_as_of);
    if (o.include_open) s += ", open windows included";
  }
  return s;
}

// ---- text ----------------------------------------------------------------------------------

std::string value_text(const Result& r, double v) {
  switch (r.unit) {
    case Unit::percent:
      return fmt::format("{:.1f}%", v);
    case Unit::seconds:
      return fmt::format("{:.1f} s", v);
    case Unit::score:
      return fmt::format("{:.2f}", v);
    case Unit::nps:
      return fmt::format("{:+.1f}", v);
  }
  return fmt::format("{}", v);
}

std::string count_text(double v) {
  if (v == std::floor(v) && std::fabs(v) < 9.0e15) {
    return fmt::format("{}", static_cast<std::int64_t>(v));
  }
  return fmt::format("{:.1f}", v);
}

std::string n_text(const Result& r) {
  if (r.unit == Unit::percent) {
    return count_text(r.numerator) + "/" + count_text(r.denominator);
  }
  return "n=" + count_text(r.denominator);
}

// Display text for a key value: names from the input can be empty or carry control bytes.
std::string key_text(std::string_view v) {
  if (v.empty()) return "(none)";
  std::string out;
  for (const char c : v) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      out += fmt::format("\\x{:02x}", u);
    } else {
      out += c;
    }
  }
  return out;
}

void text_row(std::ostream& out, std::string_view indent, std::string_view name, const Result& r,
              const BandView& band, bool with_benchmark) {
  std::string value = "no data";
  std::string ci = "-";
  if (r.value) {
    value = value_text(r, *r.value);
    if (r.ci95) ci = "[" + value_text(r, r.ci95->lo) + ", " + value_text(r, r.ci95->hi) + "]";
  }
  const std::string band_text = band.label.empty() ? "-" : band.label;
  fmt::print(out, "{}{:<40} {:>10} {:>13} {:>22}  {}\n", indent, name, value, n_text(r), ci,
             band_text);
  if (with_benchmark && !band.benchmark.empty()) {
    fmt::print(out, "{}{:<40} benchmark: {}\n", indent, "", band.benchmark);
  }
}

// Benchmarks are printed once, in the overall table (`with_benchmark`), not in every group.
void text_kpis(std::ostream& out, std::string_view indent, const KpiResults& k,
               const BandTable& bands, bool with_benchmark) {
  fmt::print(out, "{}{:<40} {:>10} {:>13} {:>22}  {}\n", indent, "KPI", "value", "n", "95% CI",
             "band");
  for (const KpiId id : all_kpis) {
    if (id == KpiId::contact_rate) {
      if (k.contact_rate.empty()) {
        text_row(out, indent, display_name(id), k[id], bands.classify(id, k[id]), false);
      }
      for (const auto& seg : k.contact_rate) {
        const std::string name = fmt::format("Contact rate: {}", key_text(seg.segment));
        if (!seg.result.has_data() && seg.unmatched > 0) {
          fmt::print(out, "{}{:<40} {:>10} {:>13}\n", indent, name, "no size",
                     fmt::format("{} contacts", seg.unmatched));
          continue;
        }
        text_row(out, indent, name, seg.result, bands.classify(id, seg.result), false);
      }
      continue;
    }
    text_row(out, indent, display_name(id), k[id], bands.classify(id, k[id]), with_benchmark);
  }
  if (k.fcr_open_windows > 0) {
    fmt::print(out, "{}FCR: {} contact(s) left out, repeat window still open.\n", indent,
               k.fcr_open_windows);
  }
}

// ---- JSON ----------------------------------------------------------------------------------

json kpi_json(KpiId id, const Result& r, const BandTable& bands) {
  json o = json::object();
  o["value"] = r.value ? json(*r.value) : json(nullptr);
  o["numerator"] = number(r.numerator);
  o["denominator"] = number(r.denominator);
  o["unit"] = std::string{to_string(r.unit)};
  o["ci95"] = r.ci95 ? json::array({r.ci95->lo, r.ci95->hi}) : json(nullptr);
  const BandView band = bands.classify(id, r);
  o["band"] = band.label.empty() ? json(nullptr) : json(band.label);
  return o;
}

json kpis_json(const KpiResults& k, const BandTable& bands) {
  json o = json::object();
  for (const KpiId id : all_kpis) {
    if (id == KpiId::contact_rate) {
      // Segment names are unique in k.contact_rate, so append without ordered_json's linear
      // key search (operator[] made this O(segments²): 100 k segments took 55 s).
      json rates = json::object();
      auto& entries = static_cast<json::object_t::Container&>(rates.get_ref<json::object_t&>());
      entries.reserve(k.contact_rate.size());
      for (const auto& seg : k.contact_rate) {
        entries.emplace_back(seg.segment, kpi_json(id, seg.result, bands));
      }
      o[std::string{to_string(id)}] = std::move(rates);
    } else {
      o[std::string{to_string(id)}] = kpi_json(id, k[id], bands);
    }
  }
  return o;
}

// ---- CSV -----------------------------------------------------------------------------------

std::string csv_number(double v) {
  return fmt::format("{}", v);
}

std::string csv_quote(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string{text};
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace

std::string csv_text_cell(std::string_view text) {
  if (!text.empty()) {
    const char c = text.front();
    if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') {
      return csv_quote("'" + std::string{text});
    }
  }
  return csv_quote(text);
}

void write_text(std::ostream& out, const ReportDocument& doc, const BandTable& bands) {
  const ReportResult& r = doc.result;
  const ReportCounts& c = r.counts;
  fmt::print(out, "contactkpi report\n\n");
  for (const auto& in : doc.inputs) {
    fmt::print(out, "{:<13} {}: {} rows read, {} used, {} skipped", in.role + ":", in.stats.file,
               in.stats.rows_read, in.stats.rows_used, in.stats.rows_skipped);
    if (!in.stats.skipped_by_reason.empty()) {
      std::string reasons;
      for (const auto& [reason, n] : in.stats.skipped_by_reason) {
        reasons += fmt::format("{}{} {}", reasons.empty() ? "" : ", ", reason, n);
      }
      fmt::print(out, " ({})", reasons);
    }
    fmt::print(out, "\n");
  }
  const auto& o = doc.options;
  fmt::print(out, "Range:        {} .. {} (arrived_at; day/week/month in {})\n",
             o.from ? format_time(*o.from) : "start", o.to ? format_time(*o.to) : "end",
             doc.zone.empty() ? "UTC" : doc.zone);
  if (c.contacts_out_of_range > 0) {
    fmt::print(out,
               "              {} contact(s) outside the range (used only as FCR repeats), "
               "{} interaction(s), {} survey(s) with them\n",
               c.contacts_out_of_range, c.interactions_out_of_range, c.surveys_out_of_range);
  }
  fmt::print(out, "FCR:          {}\n", fcr_summary(doc));
  std::string thresholds = duration_text(o.service_level.threshold);
  for (const Channel ch : all_channels) {
    if (const auto& t = o.service_level.channel_threshold[static_cast<std::size_t>(ch)]) {
      thresholds += fmt::format(", {} {}", to_string(ch), duration_text(*t));
    }
  }
  fmt::print(out, "Service level: T = {} ({}), formula {}, target {}%", thresholds,
             o.service_level.exclusive ? "wait < T" : "wait <= T",
             to_string(o.service_level.formula), o.service_level.target_percent);
  if (o.service_level.short_abandon > Duration::zero()) {
    fmt::print(out, ", short abandon < {}", duration_text(o.service_level.short_abandon));
  }
  fmt::print(out, "\n");
  if (c.interactions_unmatched + c.surveys_unmatched > 0) {
    fmt::print(out, "Unmatched:    {} interaction(s) and {} survey(s) name no known contact{}\n",
               c.interactions_unmatched, c.surveys_unmatched,
               o.has_range() ? " (left out)" : " (counted in the overall result only)");
  }
  fmt::print(out, "\nOverall\n");
  text_kpis(out, "  ", r.overall, bands, true);
  if (!r.dimensions.empty()) {
    std::string dims;
    for (const auto d : r.dimensions)
      dims += fmt::format("{}{}", dims.empty() ? "" : ", ", to_string(d));
    fmt::print(out, "\nGroups by {} ({})\n", dims, r.groups.size());
    for (const auto& g : r.groups) {
      std::string key;
      for (std::size_t i = 0; i < g.key.size() && i < r.dimensions.size(); ++i) {
        key += fmt::format("{}{}={}", i == 0 ? "" : ", ", to_string(r.dimensions[i]),
                           key_text(g.key[i]));
      }
      fmt::print(out, "\n  {}\n", key);
      text_kpis(out, "    ", g.kpis, bands, false);
    }
  }
}

void write_json(std::ostream& out, const ReportDocument& doc, const BandTable& bands) {
  const ReportResult& r = doc.result;
  const ReportCounts& c = r.counts;
  // The document is {"kpis", "groups", "input", ...}, written in pieces so that the groups
  // are turned into JSON one at a time (a whole document of 100k groups took 1.8 GB):
  // the head {"kpis"} and the tail {"input", ...} are dumped as objects of their own and
  // joined around the groups, each dumped on its own and indented to its depth. A dump
  // never has a raw line break inside a string, so indenting line by line is safe.
  constexpr int indent = 2;
  const auto dump = [](const json& j) {
    return j.dump(indent, ' ', false, json::error_handler_t::replace);
  };
  {
    json head = json::object();
    head["kpis"] = kpis_json(r.overall, bands);
    std::string text = dump(head);
    text.resize(text.size() - 2);  // "\n}": the object goes on
    out << text;
  }
  if (!r.dimensions.empty()) {
    out << ",\n  \"groups\": [";
    bool first = true;
    for (const auto& g : r.groups) {
      json key = json::object();
      for (std::size_t i = 0; i < g.key.size() && i < r.dimensions.size(); ++i) {
        key[std::string{to_string(r.dimensions[i])}] = g.key[i];
      }
      const std::string text =
          dump(json{{"key", std::move(key)}, {"kpis", kpis_json(g.kpis, bands)}});
      out << (first ? "\n    " : ",\n    ");
      first = false;
      std::size_t from = 0;  // each line break followed by the group's indentation
      for (std::size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', from)) {
        out.write(text.data() + from, static_cast<std::streamsize>(nl + 1 - from));
        out << "    ";
        from = nl + 1;
      }
      out.write(text.data() + from, static_cast<std::streamsize>(text.size() - from));
    }
    out << (r.groups.empty() ? "]" : "\n  ]");
  }
  json root = json::object();  // the tail
  json input = json::object();
  for (const auto& in : doc.inputs) {
    json skipped = json::object();
    for (const auto& [reason, n] : in.stats.skipped_by_reason) skipped[reason] = n;
    input[in.role] = json{{"file", in.stats.file},
                          {"rows_read", in.stats.rows_read},
                          {"rows_used", in.stats.rows_used},
                          {"rows_skipped", in.stats.rows_skipped},
                          {"skipped_by_reason", std::move(skipped)},
                          {"unknown_columns", in.stats.unknown_columns}};
  }
  root["input"] = std::move(input);
  const auto& o = doc.options;
  json dims = json::array();
  for (const auto d : r.dimensions) dims.push_back(std::string{to_string(d)});
  root["range"] = json{{"from", o.from ? json(format_time(*o.from)) : json(nullptr)},
                       {"to", o.to ? json(format_time(*o.to)) : json(nullptr)},
                       {"tz", doc.zone.empty() ? std::string{"UTC"} : doc.zone},
                       {"by", std::move(dims)}};
  root["fcr"] = json{{"method", std::string{to_string(o.fcr.method)}},
                     {"window_s", std::chrono::duration<double>(o.fcr.window).count()},
                     {"match_reason", o.fcr.match_reason},
                     {"include_open", o.fcr.include_open},
                     {"as_of", r.fcr_as_of ? json(format_time(*r.fcr_as_of)) : json(nullptr)},
                     {"open_windows", r.overall.fcr_open_windows}};
  root["unmatched"] = json{{"interactions", c.interactions_unmatched},
                           {"surveys", c.surveys_unmatched},
                           {"checked", c.unmatched_checked}};
  root["out_of_range"] = json{{"contacts", c.contacts_out_of_range},
                              {"interactions", c.interactions_out_of_range},
                              {"surveys", c.surveys_out_of_range}};
  const std::string tail = dump(root);
  out << ",\n" << std::string_view{tail}.substr(2) << '\n';  // without the tail's "{\n"
}

void write_csv(std::ostream& out, const ReportDocument& doc, const BandTable& bands) {
  const ReportResult& r = doc.result;
  std::string header = "scope";
  for (const auto d : r.dimensions) header += fmt::format(",{}", to_string(d));
  header += ",kpi,segment,value,numerator,denominator,unit,ci_lo,ci_hi,band\n";
  out << header;
  const auto row = [&](std::string_view scope, const std::vector<std::string>& key, KpiId id,
                       std::string_view segment, const Result& res) {
    std::string line = csv_text_cell(scope);
    for (std::size_t i = 0; i < r.dimensions.size(); ++i) {
      line += ',';
      if (i < key.size()) line += csv_text_cell(key[i]);
    }
    line += ',' + csv_text_cell(to_string(id));
    line += ',' + csv_text_cell(segment);
    line += ',' + (res.value ? csv_number(*res.value) : std::string{});
    line += ',' + csv_number(res.numerator);
    line += ',' + csv_number(res.denominator);
    line += ',' + csv_text_cell(to_string(res.unit));
    line += ',' + (res.ci95 ? csv_number(res.ci95->lo) : std::string{});
    line += ',' + (res.ci95 ? csv_number(res.ci95->hi) : std::string{});
    line += ',' + csv_text_cell(bands.classify(id, res).label);
    out << line << '\n';
  };
  const auto rows = [&](std::string_view scope, const std::vector<std::string>& key,
                        const KpiResults& k) {
    for (const KpiId id : all_kpis) {
      if (id == KpiId::contact_rate) {
        for (const auto& seg : k.contact_rate) row(scope, key, id, seg.segment, seg.result);
      } else {
        row(scope, key, id, "", k[id]);
      }
    }
  };
  rows("overall", {}, r.overall);
  for (const auto& g : r.groups) rows("group", g.key, g.kpis);
}

}  // namespace contactkpi::cli
