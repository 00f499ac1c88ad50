// SPDX-License-Identifier: MIT
// contactkpi/banding.hpp: performance bands and published benchmarks for the KPIs (SPEC §3).
//
// A BandScheme cuts the value axis into N bands with N − 1 strictly increasing cut points.
// Bands are listed worst → best whatever the direction; `index` 0 is always the worst band,
// so a report can colour by index without knowing whether higher is better.
//
// Edge policy: each cut point says which of its two neighbouring bands owns the point itself
// (EdgeOwner::upper: the band above it, i.e. the band's lower edge is inclusive,
// "Good 70 ≤ x < 80"; EdgeOwner::lower: the band below it, "Optimal ≤ 5"). The documented
// schemes follow SPEC §3: the edge belongs to the band whose text names it; values between
// the documents' integer ranges fall in the band whose edge is nearest in that reading
// (CCQS 79.5 → Good, contact rate 5.5 → Acceptable, 10.5 → Concern).
//
// Documented schemes (default_bands): CCQS, CQIS, contact rate by segment, service level
// (target 80 %, configurable with service_level_bands). Other KPIs take user-supplied bands,
// written compactly (parse_band_scheme) — labels worst first, operators give direction and
// edge ownership:
//
//     Poor<70<=Good<80<=Excellent             higher is better; 70 and 80 open the upper band
//     Concern>10>=Acceptable>5>=Optimal       lower is better; 5 and 10 belong to the lower band
//
// Example:
//
//     const auto ccqs = contactkpi::default_bands(contactkpi::KpiId::ccqs);
//     contactkpi::Banded b = ccqs->classify(contactkpi::customer_contact_quality_score(contacts));
//     if (b.in_band()) fmt::print("{} ({})\n", b.label, b.interpretation);
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "contactkpi/kpi_id.hpp"
#include "contactkpi/result.hpp"

namespace contactkpi {

/// Which end of the value axis is good. (Not `Direction`: that is a contact's inbound /
/// outbound in types.hpp.)
enum class BandDirection : std::uint8_t { higher_is_better, lower_is_better };

/// Which neighbouring band, in value order, owns a cut point itself.
enum class EdgeOwner : std::uint8_t {
  upper,  ///< x == cut falls in the band above: its lower edge is inclusive (x ≥ cut)
  lower,  ///< x == cut falls in the band below: its upper edge is inclusive (x ≤ cut)
};

/// A cut point between two adjacent bands.
struct Cut {
  double value = 0;
  EdgeOwner owner = EdgeOwner::upper;
  friend bool operator==(const Cut&, const Cut&) = default;
};

/// One band: a short label and, for the documented schemes, the source's interpretation
/// line verbatim (empty for user-supplied bands).
struct Band {
  std::string label{};
  std::string interpretation{};
  friend bool operator==(const Band&, const Band&) = default;
};

/// The outcome of classifying a possibly missing value.
enum class BandState : std::uint8_t {
  no_data,       ///< no value (empty input, zero denominator)
  out_of_range,  ///< NaN, or outside the scheme's domain (e.g. a score above 100)
  in_band,       ///< `index`, `label` and `interpretation` are set
};
/// "no_data", "out_of_range", "in_band".
[[nodiscard]] std::string_view to_string(BandState state) noexcept;

/// A classified value. `label` and `interpretation` view the scheme's strings: they are
/// valid while the scheme is alive and unchanged, and empty unless state == in_band.
struct Banded {
  BandState state = BandState::no_data;
  std::size_t index = 0;  ///< 0 = worst band; meaningful only when in_band
  std::string_view label{};
  std::string_view interpretation{};

  [[nodiscard]] constexpr bool in_band() const noexcept { return state == BandState::in_band; }
  friend bool operator==(const Banded&, const Banded&) = default;
};

/// The whole real line: the domain of a scheme that accepts any finite value.
inline constexpr Interval unbounded_domain{-std::numeric_limits<double>::infinity(),
                                           std::numeric_limits<double>::infinity()};

/// Bands over a KPI value, in the unit of the KPI's Result (percent 0..100, seconds for AHT,
/// score, NPS points). Immutable after construction.
class BandScheme {
 public:
  /// `bands` worst → best; `cuts` in strictly increasing value order, one fewer than bands.
  /// Values in [domain.lo, domain.hi] are in range; the others classify as out_of_range.
  ///
  /// Throws: std::invalid_argument when there are fewer than two bands, the counts do not
  /// match, a label is empty or repeated, a cut point is not finite, the cut points are not
  /// strictly increasing, the domain is empty (lo ≥ hi or NaN), or a cut point lies outside
  /// the domain. The message names the rule.
  BandScheme(std::vector<Band> bands, std::vector<Cut> cuts,
             BandDirection direction = BandDirection::higher_is_better,
             Interval domain = unbounded_domain, std::string source = {});

  /// Shorthand: labels worst → best, half-open bands with inclusive lower edges
  /// (EdgeOwner::upper on every cut), no interpretations, unbounded domain.
  ///
  /// A named function rather than a second constructor: with braced arguments such as
  /// `{{"low", "high"}, {1.0}}` two constructors would be ambiguous (and `{"a", "b"}` can even
  /// bind to an iterator-pair constructor of std::string / std::vector).
  ///
  /// Throws: as the constructor.
  ///
  /// Example:
  ///
  ///     const auto csat = contactkpi::BandScheme::half_open({"red", "amber", "green"}, {70, 85});
  ///     csat.label_of(85.0);  // "green"
  [[nodiscard]] static BandScheme half_open(
      const std::vector<std::string>& labels, const std::vector<double>& cuts,
      BandDirection direction = BandDirection::higher_is_better);

  /// The band index (0 = worst) of a value. Values outside the domain go to the nearest end
  /// band; NaN gives 0. Use the optional overload to tell those cases apart. O(number of
  /// cuts).
  [[nodiscard]] std::size_t classify(double value) const noexcept;
  /// The label of classify(value).
  [[nodiscard]] std::string_view label_of(double value) const noexcept;
  /// no_data for nullopt, out_of_range for NaN or a value outside the domain, else in_band
  /// with index, label and interpretation.
  [[nodiscard]] Banded classify(std::optional<double> value) const noexcept;
  /// classify(result.value).
  [[nodiscard]] Banded classify(const Result& result) const noexcept;

  [[nodiscard]] std::span<const Band> bands() const noexcept { return bands_; }
  [[nodiscard]] std::span<const Cut> cuts() const noexcept { return cuts_; }
  [[nodiscard]] BandDirection direction() const noexcept { return direction_; }
  [[nodiscard]] Interval domain() const noexcept { return domain_; }
  [[nodiscard]] std::size_t size() const noexcept { return bands_.size(); }
  /// Where the scheme comes from (a document title, URL), empty for user-supplied bands.
  [[nodiscard]] const std::string& source() const noexcept { return source_; }

  /// The range of band `index` as text, e.g. "70 <= x < 80", "x <= 5", "x >= 80".
  /// Precondition: index < size().
  [[nodiscard]] std::string range_text(std::size_t index) const;

  friend bool operator==(const BandScheme&, const BandScheme&) = default;

 private:
  [[nodiscard]] std::size_t slot_of(double value) const noexcept;
  [[nodiscard]] std::size_t index_of_slot(std::size_t slot) const noexcept;

  std::vector<Band> bands_;
  std::vector<Cut> cuts_;
  BandDirection direction_ = BandDirection::higher_is_better;
  Interval domain_ = unbounded_domain;
  std::string source_;
};

/// Parses the compact text form of a band scheme (for `--bands kpi=TEXT` style flags).
///
/// Grammar (whitespace around tokens is ignored):
///
///     scheme := label cut label { cut label }
///     cut    := rel number rel
///     rel    := "<" | "<=" | ">" | ">="
///     number := a decimal number (std::from_chars, e.g. 70, 79.5, -20, 1e3), optional "%"
///     label  := one or more characters other than '<', '>', '='
///
/// Labels are written worst first. Ascending cuts ("<", "<=") mean higher is better and the
/// numbers must increase left to right; descending cuts (">", ">=") mean lower is better and
/// the numbers must decrease. Every cut has exactly one inclusive side, which owns the edge:
/// "Poor<70<=Good" puts 70 in Good, "Poor<=70<Good" puts 70 in Poor. A "%" after a number is
/// allowed and ignored (values are in the KPI's unit). The result has an unbounded domain, no
/// interpretations and no source.
///
/// Throws: std::invalid_argument naming the problem and its 0-based offset in the text.
///
/// Example:
///
///     auto fcr = contactkpi::parse_band_scheme("Poor<60<=Fair<70<=Good<85<=Excellent");
///     auto aht = contactkpi::parse_band_scheme("Slow>600>=OK>300>=Fast");   // seconds
[[nodiscard]] BandScheme parse_band_scheme(std::string_view text);

/// Parses "KPI=SCHEME", e.g. "csat=Poor<70<=Good<85<=Great", where KPI is a KpiId key
/// (to_string(KpiId)). Throws: std::invalid_argument for an unknown KPI, a missing '=' or a
/// bad scheme.
[[nodiscard]] std::pair<KpiId, BandScheme> parse_band_assignment(std::string_view text);

/// The compact text form of a scheme (the inverse of parse_band_scheme for schemes whose
/// labels avoid '<', '>' and '='), e.g. "Poor<70<=Good<80<=Excellent".
[[nodiscard]] std::string to_string(const BandScheme& scheme);

/// The documented scheme of a KPI (SPEC §3): CCQS, CQIS, contact rate and service level
/// (80 % target); nullopt for the KPIs without documented bands.
///
/// Example:
///
///     contactkpi::default_bands(contactkpi::KpiId::contact_rate)->label_of(5.5);  // "Acceptable"
[[nodiscard]] std::optional<BandScheme> default_bands(KpiId kpi);

/// Service level against a target: "Missed" below `target_percent`, "Met" at or above it.
/// Domain 0..100. Throws: std::invalid_argument unless 0 ≤ target_percent ≤ 100.
[[nodiscard]] BandScheme service_level_bands(double target_percent = 80.0);

// ---- Benchmarks -----------------------------------------------------------------------

enum class BenchmarkKind : std::uint8_t {
  level,                    ///< a published average or quartile value
  industry_range,           ///< a typical range for an industry (may be open-ended)
  target,                   ///< a common target / standard
  improvement_per_quarter,  ///< an improvement aim, percentage points per quarter
};

/// A published benchmark value or range, in the unit of the KPI's Result (percent / score).
/// A single value has low == high; an open-ended range ("85%+") has high = +infinity.
struct Benchmark {
  KpiId kpi = KpiId::ccqs;
  BenchmarkKind kind = BenchmarkKind::level;
  std::string_view description{};  ///< e.g. "Industry average for customer service"
  double low = 0;
  double high = 0;
  std::string_view source{};    ///< who the figure is attributed to, e.g. "Forrester"
  std::string_view cited_in{};  ///< the document quoting it
  std::string_view url{};       ///< empty when the document gives none

  [[nodiscard]] constexpr bool is_range() const noexcept { return low != high; }
  [[nodiscard]] constexpr bool is_open_ended() const noexcept {
    return high == std::numeric_limits<double>::infinity();
  }
};

/// The benchmarks quoted for a KPI (SPEC §3), empty for KPIs without any. The data is
/// constant and static; the span never dangles.
[[nodiscard]] std::span<const Benchmark> benchmarks(KpiId kpi) noexcept;

/// The FCR industry ranges of SPEC §3 (Pegamento, seed 004).
enum class FcrIndustry : std::uint8_t { b2b_services, technical_support, simple_transactional };
/// "b2b-services", "technical-support", "simple-transactional" (also with '_'), ASCII
/// case-insensitive; nullopt otherwise.
[[nodiscard]] std::optional<FcrIndustry> parse_fcr_industry(std::string_view text) noexcept;
[[nodiscard]] std::string_view to_string(FcrIndustry industry) noexcept;
/// The benchmark range of an industry (a reference into benchmarks(KpiId::fcr)).
[[nodiscard]] const Benchmark& fcr_industry_range(FcrIndustry industry) noexcept;

enum class RangePosition : std::uint8_t { below, within, above };
/// "below", "within", "above".
[[nodiscard]] std::string_view to_string(RangePosition position) noexcept;

/// Where a value lies against a benchmark's closed range [low, high] (a single value is a
/// range of one point). Precondition: value is not NaN (NaN compares as below).
[[nodiscard]] RangePosition compare_to_range(double value, const Benchmark& range) noexcept;
/// The same for a KPI result; nullopt when it has no data.
///
/// Example:
///
///     auto fcr = contactkpi::first_contact_resolution(contacts).result();
///     auto pos = contactkpi::compare_to_range(
///         fcr, contactkpi::fcr_industry_range(contactkpi::FcrIndustry::technical_support));
[[nodiscard]] std::optional<RangePosition> compare_to_range(const Result& result,
                                                            const Benchmark& range) noexcept;

}  // namespace contactkpi
