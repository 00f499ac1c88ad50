// SPDX-License-Identifier: MIT
// Bands and benchmarks (SPEC §3). See contactkpi/banding.hpp and docs/bands.md.
#include "contactkpi/banding.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <system_error>

#include "detail/number.hpp"
#include "detail/text.hpp"

namespace contactkpi {

namespace {

[[noreturn]] void fail(const std::string& what) {
  throw std::invalid_argument("band scheme: " + what);
}

std::vector<Band> bands_from_labels(const std::vector<std::string>& labels) {
  std::vector<Band> bands;
  bands.reserve(labels.size());
  for (const std::string& l : labels) bands.push_back(Band{l, {}});
  return bands;
}

std::vector<Cut> half_open_cuts(const std::vector<double>& values) {
  std::vector<Cut> cuts;
  cuts.reserve(values.size());
  for (const double v : values) cuts.push_back(Cut{v, EdgeOwner::upper});
  return cuts;
}

}  // namespace

std::string_view to_string(BandState state) noexcept {
  switch (state) {
    case BandState::no_data:
      return "no_data";
    case BandState::out_of_range:
      return "out_of_range";
    case BandState::in_band:
      return "in_band";
  }
  return "no_data";
}

// ---- BandScheme --------------------------------------------------------------------------

BandScheme::BandScheme(std::vector<Band> bands, std::vector<Cut> cuts, BandDirection direction,
                       Interval domain, std::string source)
    : bands_{std::move(bands)},
      cuts_{std::move(cuts)},
      direction_{direction},
      domain_{domain},
      source_{std::move(source)} {
  if (bands_.size() < 2) fail("needs at least two bands");
  if (cuts_.size() + 1 != bands_.size()) {
    fail(std::to_string(bands_.size()) + " bands need " + std::to_string(bands_.size() - 1) +
         " cut points, got " + std::to_string(cuts_.size()));
  }
  for (std::size_t i = 0; i < bands_.size(); ++i) {
    if (bands_[i].label.empty()) fail("band " + std::to_string(i + 1) + " has an empty label");
    for (std::size_t j = 0; j < i; ++j) {
      if (bands_[j].label == bands_[i].label) fail("label \"" + bands_[i].label + "\" repeats");
    }
  }
  if (!(domain_.lo < domain_.hi)) fail("the domain must have lo < hi");
  for (std::size_t i = 0; i < cuts_.size(); ++i) {
    const double v = cuts_[i].value;
    if (!std::isfinite(v)) fail("cut point " + std::to_string(i + 1) + " is not finite");
    if (i > 0 && !(cuts_[i - 1].value < v)) {
      fail("cut points must be strictly increasing (" + detail::format_number(cuts_[i - 1].value) +
           " then " + detail::format_number(v) + ")");
    }
    if (v < domain_.lo || v > domain_.hi) {
      fail("cut point " + detail::format_number(v) + " is outside the domain " +
           detail::format_number(domain_.lo) + ".." + detail::format_number(domain_.hi));
    }
  }
}

BandScheme BandScheme::half_open(const std::vector<std::string>& labels,
                                 const std::vector<double>& cuts, BandDirection direction) {
  return BandScheme{bands_from_labels(labels), half_open_cuts(cuts), direction};
}

// The slot is the band's position in value order (0 = lowest values): the number of cut
// points the value lies above, where "above" includes equality when the upper band owns
// the edge.
std::size_t BandScheme::slot_of(double value) const noexcept {
  std::size_t slot = 0;
  for (const Cut& c : cuts_) {
    const bool above = c.owner == EdgeOwner::upper ? value >= c.value : value > c.value;
    if (!above) break;
    ++slot;
  }
  return slot;
}

std::size_t BandScheme::index_of_slot(std::size_t slot) const noexcept {
  return direction_ == BandDirection::higher_is_better ? slot : bands_.size() - 1 - slot;
}

std::size_t BandScheme::classify(double value) const noexcept {
  if (std::isnan(value)) return 0;
  return index_of_slot(slot_of(value));
}

std::string_view BandScheme::label_of(double value) const noexcept {
  return bands_[classify(value)].label;
}

Banded BandScheme::classify(std::optional<double> value) const noexcept {
  Banded b;
  if (!value) return b;
  const double x = *value;
  if (!(x >= domain_.lo && x <= domain_.hi)) {  // NaN fails both comparisons
    b.state = BandState::out_of_range;
    return b;
  }
  b.state = BandState::in_band;
  b.index = classify(x);
  b.label = bands_[b.index].label;
  b.interpretation = bands_[b.index].interpretation;
  return b;
}

Banded BandScheme::classify(const Result& result) const noexcept {
  return classify(result.value);
}

std::string BandScheme::range_text(std::size_t index) const {
  const std::size_t slot =
      direction_ == BandDirection::higher_is_better ? index : bands_.size() - 1 - index;
  std::string lower;
  std::string upper;
  if (slot > 0) {
    const Cut& c = cuts_[slot - 1];
    lower = detail::format_number(c.value) + (c.owner == EdgeOwner::upper ? " <= " : " < ");
  }
  if (slot < cuts_.size()) {
    const Cut& c = cuts_[slot];
    upper = (c.owner == EdgeOwner::lower ? " <= " : " < ") + detail::format_number(c.value);
  }
  if (lower.empty()) return "x" + upper;
  if (upper.empty()) {
    // "x >= 80" reads better than "80 <= x" for the top band.
    const Cut& c = cuts_[slot - 1];
    return std::string{"x "} + (c.owner == EdgeOwner::upper ? ">= " : "> ") +
           detail::format_number(c.value);
  }
  return lower + "x" + upper;
}

// ---- Compact text form -------------------------------------------------------------------

namespace {

struct Rel {
  bool less = true;  ///< '<' family (ascending) or '>' family (descending)
  bool inclusive = false;
};

class SchemeParser {
 public:
  explicit SchemeParser(std::string_view text) : text_{text} {}

  BandScheme parse() {
    std::vector<std::string> labels;
    std::vector<double> values;  // as written
    std::vector<bool> left_inclusive;
    std::optional<bool> ascending;
    labels.push_back(label());
    while (skip_space(), pos_ < text_.size()) {
      const std::size_t cut_at = pos_;
      const Rel a = rel();
      const double v = number();
      const Rel b = rel();
      if (a.less != b.less) error("a cut mixes '<' and '>'", cut_at);
      if (a.inclusive == b.inclusive) {
        error("exactly one side of a cut must be inclusive ('<=' or '>=') to own the edge", cut_at);
      }
      if (ascending && *ascending != a.less) {
        error("all cuts must go the same way (all '<' or all '>')", cut_at);
      }
      ascending = a.less;
      if (!values.empty()) {
        const double prev = values.back();
        if (a.less ? !(prev < v) : !(prev > v)) {
          error(a.less ? "numbers must increase left to right with '<'"
                       : "numbers must decrease left to right with '>'",
                cut_at);
        }
      }
      values.push_back(v);
      left_inclusive.push_back(a.inclusive);
      labels.push_back(label());
    }
    if (values.empty()) error("needs at least one cut, e.g. \"Poor<70<=Good\"", pos_);

    // Labels are written worst first. Ascending: value order = written order, and an
    // inclusive left side means the lower band owns the edge. Descending: value order is the
    // reverse, and an inclusive left side ("A >= 5 > B") means the upper band A owns it.
    std::vector<Band> bands;
    bands.reserve(labels.size());
    for (std::string& l : labels) bands.push_back(Band{std::move(l), {}});
    std::vector<Cut> cuts(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
      const bool asc = *ascending;
      const std::size_t k = asc ? i : values.size() - 1 - i;
      const bool left_owns = left_inclusive[i];
      const EdgeOwner owner = asc ? (left_owns ? EdgeOwner::lower : EdgeOwner::upper)
                                  : (left_owns ? EdgeOwner::upper : EdgeOwner::lower);
      cuts[k] = Cut{values[i], owner};
    }
    try {
      return BandScheme{
          std::move(bands), std::move(cuts),
          *ascending ? BandDirection::higher_is_better : BandDirection::lower_is_better};
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(std::string{e.what()} + " in \"" + std::string{text_} + "\"");
    }
  }

 private:
  [[noreturn]] void error(const std::string& what, std::size_t at) const {
    throw std::invalid_argument("band scheme \"" + std::string{text_} + "\": " + what +
                                " at offset " + std::to_string(at));
  }

  void skip_space() noexcept {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }

  std::string label() {
    skip_space();
    const std::size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != '<' && text_[pos_] != '>' && text_[pos_] != '=') {
      ++pos_;
    }
    std::size_t end = pos_;
    while (end > start && (text_[end - 1] == ' ' || text_[end - 1] == '\t')) --end;
    if (end == start) error("expected a label", start);
    return std::string{text_.substr(start, end - start)};
  }

  Rel rel() {
    skip_space();
    if (pos_ >= text_.size() || (text_[pos_] != '<' && text_[pos_] != '>')) {
      error("expected '<', '<=', '>' or '>='", pos_);
    }
    Rel r;
    r.less = text_[pos_] == '<';
    ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '=') {
      r.inclusive = true;
      ++pos_;
    }
    return r;
  }

  double number() {
    skip_space();
    const char* first = text_.data() + pos_;
    const char* last = text_.data() + text_.size();
    double v = 0;
    const auto [ptr, ec] = std::from_chars(first, last, v);
    if (ec != std::errc{} || ptr == first) error("expected a number", pos_);
    if (!std::isfinite(v)) error("the number must be finite", pos_);
    pos_ += static_cast<std::size_t>(ptr - first);
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == '%') ++pos_;
    return v;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

BandScheme parse_band_scheme(std::string_view text) {
  return SchemeParser{text}.parse();
}

std::pair<KpiId, BandScheme> parse_band_assignment(std::string_view text) {
  const std::size_t eq = text.find('=');
  if (eq == std::string_view::npos) {
    throw std::invalid_argument("bands \"" + std::string{text} +
                                "\": expected KPI=SCHEME, e.g. csat=Poor<70<=Good<85<=Great");
  }
  std::string_view key = text.substr(0, eq);
  while (!key.empty() && key.back() == ' ') key.remove_suffix(1);
  while (!key.empty() && key.front() == ' ') key.remove_prefix(1);
  const std::optional<KpiId> kpi = parse_kpi_id(key);
  if (!kpi) {
    throw std::invalid_argument("bands \"" + std::string{text} + "\": unknown KPI \"" +
                                std::string{key} + "\" (expected ccqs, cqis, contact_rate, " +
                                "fcr, aht, service_level, abandon_rate, transfer_rate, csat, " +
                                "nps or ces)");
  }
  return {*kpi, parse_band_scheme(text.substr(eq + 1))};
}

std::string to_string(const BandScheme& scheme) {
  const auto bands = scheme.bands();
  const auto cuts = scheme.cuts();
  const bool asc = scheme.direction() == BandDirection::higher_is_better;
  std::string out{bands[0].label};
  for (std::size_t i = 0; i < cuts.size(); ++i) {
    // Written position i is value-order cut i (ascending) or cuts.size() - 1 - i (descending).
    const Cut& c = cuts[asc ? i : cuts.size() - 1 - i];
    const bool left_owns = asc ? c.owner == EdgeOwner::lower : c.owner == EdgeOwner::upper;
    const char* const rel = asc ? "<" : ">";
    out += rel;
    if (left_owns) out += '=';
    out += detail::format_number(c.value);
    out += rel;
    if (!left_owns) out += '=';
    out += bands[i + 1].label;
  }
  return out;
}

// ---- Documented schemes ------------------------------------------------------------------

namespace {

constexpr Interval percent_domain{0.0, 100.0};
constexpr Interval non_negative_domain{0.0, std::numeric_limits<double>::infinity()};

constexpr std::string_view pegamento_title =
    "Pegamento: Which customer contact KPIs really matter?";
constexpr std::string_view pegamento_url =
    "https://pegamento.nl/en/contact-center/which-customer-contact-kpis-really-matter/";
constexpr std::string_view ccqs_title = "KPI Depot: Customer Contact Quality Score";
constexpr std::string_view cqis_title = "KPI Depot: Customer Quality Interaction Score";
constexpr std::string_view contact_rate_title =
    "KPI Depot: Customer Service Contact Rate by Segment";

BandScheme ccqs_bands() {
  // "80% and above – Excellent; ...", "70%–79% – Good; ...", "Below 70% – Poor; ...".
  return BandScheme{
      {{"Poor", "Poor; immediate action needed to address service deficiencies."},
       {"Good", "Good; room for improvement exists in specific areas."},
       {"Excellent", "Excellent; indicates high customer satisfaction and effective service."}},
      {{70.0, EdgeOwner::upper}, {80.0, EdgeOwner::upper}},
      BandDirection::higher_is_better,
      percent_domain,
      std::string{ccqs_title}};
}

BandScheme cqis_bands() {
  // "80-100 – Excellent; ...", "60-79 – Acceptable; ...", "Below 60 – Critical; ..." (the
  // source's lines end without a full stop; kept verbatim).
  return BandScheme{
      {{"Critical", "Critical; immediate action required to address customer concerns"},
       {"Acceptable", "Acceptable; room for improvement in service quality"},
       {"Excellent", "Excellent; indicates strong customer satisfaction and loyalty"}},
      {{60.0, EdgeOwner::upper}, {80.0, EdgeOwner::upper}},
      BandDirection::higher_is_better,
      percent_domain,
      std::string{cqis_title}};
}

BandScheme contact_rate_bands() {
  // "0–5% – Optimal; ...", "6–10% – Acceptable; ...", "11% and above – Concern; ...": 5 is
  // named by Optimal and 10 by Acceptable, so the lower band owns both edges (SPEC §3).
  return BandScheme{{{"Concern", "Concern; investigate root causes"},
                     {"Acceptable", "Acceptable; monitor for emerging issues"},
                     {"Optimal", "Optimal; indicates strong service efficiency"}},
                    {{5.0, EdgeOwner::lower}, {10.0, EdgeOwner::lower}},
                    BandDirection::lower_is_better,
                    non_negative_domain,
                    std::string{contact_rate_title}};
}

}  // namespace

BandScheme service_level_bands(double target_percent) {
  if (!(target_percent >= 0.0 && target_percent <= 100.0)) {
    throw std::invalid_argument("service level target must be within 0..100 percent, got " +
                                detail::format_number(target_percent));
  }
  // The source gives a target, not bands: "A common standard is 80 percent of calls within 20
  // seconds." The two interpretations are ours.
  const std::string target = detail::format_number(target_percent) + "%";
  return BandScheme{{{"Missed", "Missed; below the service-level target of " + target},
                     {"Met", "Met; at or above the service-level target of " + target}},
                    {{target_percent, EdgeOwner::upper}},
                    BandDirection::higher_is_better,
                    percent_domain,
                    std::string{pegamento_title} + " " + std::string{pegamento_url}};
}

std::optional<BandScheme> default_bands(KpiId kpi) {
  switch (kpi) {
    case KpiId::ccqs:
      return ccqs_bands();
    case KpiId::cqis:
      return cqis_bands();
    case KpiId::contact_rate:
      return contact_rate_bands();
    case KpiId::service_level:
      return service_level_bands();
    case KpiId::fcr:
    case KpiId::aht:
    case KpiId::abandon_rate:
    case KpiId::transfer_rate:
    case KpiId::csat:
    case KpiId::nps:
    case KpiId::ces:
      return std::nullopt;
  }
  return std::nullopt;
}

// ---- Benchmarks ----------------------------------------------------------------------------

namespace {

constexpr double open_end = std::numeric_limits<double>::infinity();

constexpr std::array<Benchmark, 2> ccqs_benchmarks{{
    {KpiId::ccqs, BenchmarkKind::level, "Industry average for customer service", 75.0, 75.0,
     "Forrester", ccqs_title, ""},
    {KpiId::ccqs, BenchmarkKind::level, "Top quartile performance", 85.0, 85.0, "Gartner",
     ccqs_title, ""},
}};

constexpr std::array<Benchmark, 3> cqis_benchmarks{{
    {KpiId::cqis, BenchmarkKind::level, "Retail industry average", 75.0, 75.0, "Forrester",
     cqis_title, ""},
    {KpiId::cqis, BenchmarkKind::level, "Telecommunications average", 70.0, 70.0, "Gartner",
     cqis_title, ""},
    {KpiId::cqis, BenchmarkKind::level, "Financial services average", 80.0, 80.0, "J.D. Power",
     cqis_title, ""},
}};

// Order matters: fcr_industry_range() indexes this array by FcrIndustry.
constexpr std::array<Benchmark, 4> fcr_benchmarks{{
    {KpiId::fcr, BenchmarkKind::industry_range, "B2B services", 70.0, 75.0, "Pegamento",
     pegamento_title, pegamento_url},
    {KpiId::fcr, BenchmarkKind::industry_range, "Technical support", 60.0, 65.0, "Pegamento",
     pegamento_title, pegamento_url},
    {KpiId::fcr, BenchmarkKind::industry_range, "Simple transactional services", 85.0, open_end,
     "Pegamento", pegamento_title, pegamento_url},
    {KpiId::fcr, BenchmarkKind::improvement_per_quarter,
     "Improvement aim per quarter from your own baseline", 5.0, 10.0, "Pegamento", pegamento_title,
     pegamento_url},
}};

constexpr std::array<Benchmark, 1> service_level_benchmarks{{
    {KpiId::service_level, BenchmarkKind::target, "Common standard: 80% of calls within 20 s", 80.0,
     80.0, "Pegamento", pegamento_title, pegamento_url},
}};

}  // namespace

std::span<const Benchmark> benchmarks(KpiId kpi) noexcept {
  switch (kpi) {
    case KpiId::ccqs:
      return ccqs_benchmarks;
    case KpiId::cqis:
      return cqis_benchmarks;
    case KpiId::fcr:
      return fcr_benchmarks;
    case KpiId::service_level:
      return service_level_benchmarks;
    case KpiId::contact_rate:
    case KpiId::aht:
    case KpiId::abandon_rate:
    case KpiId::transfer_rate:
    case KpiId::csat:
    case KpiId::nps:
    case KpiId::ces:
      return {};
  }
  return {};
}

std::optional<FcrIndustry> parse_fcr_industry(std::string_view text) noexcept {
  constexpr std::array<std::pair<std::string_view, FcrIndustry>, 6> names{{
      {"b2b-services", FcrIndustry::b2b_services},
      {"b2b_services", FcrIndustry::b2b_services},
      {"technical-support", FcrIndustry::technical_support},
      {"technical_support", FcrIndustry::technical_support},
      {"simple-transactional", FcrIndustry::simple_transactional},
      {"simple_transactional", FcrIndustry::simple_transactional},
  }};
  for (const auto& [name, industry] : names) {
    if (detail::iequals(text, name)) return industry;
  }
  return std::nullopt;
}

std::string_view to_string(FcrIndustry industry) noexcept {
  switch (industry) {
    case FcrIndustry::b2b_services:
      return "b2b-services";
    case FcrIndustry::technical_support:
      return "technical-support";
    case FcrIndustry::simple_transactional:
      return "simple-transactional";
  }
  return "b2b-services";
}

const Benchmark& fcr_industry_range(FcrIndustry industry) noexcept {
  return fcr_benchmarks[static_cast<std::size_t>(industry)];
}

std::string_view to_string(RangePosition position) noexcept {
  switch (position) {
    case RangePosition::below:
      return "below";
    case RangePosition::within:
      return "within";
    case RangePosition::above:
      return "above";
  }
  return "below";
}

RangePosition compare_to_range(double value, const Benchmark& range) noexcept {
  if (value > range.high) return RangePosition::above;
  if (value >= range.low) return RangePosition::within;
  return RangePosition::below;
}

std::optional<RangePosition> compare_to_range(const Result& result,
                                              const Benchmark& range) noexcept {
  if (!result.value) return std::nullopt;
  return compare_to_range(*result.value, range);
}

}  // namespace contactkpi
