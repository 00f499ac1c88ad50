// SPDX-License-Identifier: MIT
// contactkpi/result.hpp: KPI results that keep their counts, and their confidence intervals.
//
// Every accumulator keeps sufficient statistics (counts and sums) and derives the headline
// number only when asked. That is what makes results poolable: two days, two segments or two
// threads are combined by adding counts, never by averaging percentages (SPEC §2).
//
// Example:
//
//     contactkpi::Ratio transferred{.numerator = 12, .denominator = 240};
//     contactkpi::Result r = transferred.percent();  // value 5.0, ci95 Wilson [2.9, 8.5]
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace contactkpi {

/// What a KPI value is measured in.
enum class Unit : std::uint8_t {
  percent,  ///< 0..100 (may exceed 100 for contact rate: contacts per 100 customers)
  seconds,  ///< a mean duration
  score,    ///< a mean on a rating scale (QA 0..100, CSAT 1..5, CES 1..7)
  nps,      ///< Net Promoter Score points, −100..100
};
[[nodiscard]] std::string_view to_string(Unit unit) noexcept;

/// A closed interval [lo, hi].
struct Interval {
  double lo = 0;
  double hi = 0;
  friend constexpr bool operator==(const Interval&, const Interval&) = default;
};

/// A KPI value ready for a report: value, the counts behind it, unit and 95% interval.
///
/// `value` is empty when the denominator is zero ("no data"): never 0, 100 or NaN.
/// For rates, numerator/denominator are counts; for means, numerator is the sum and
/// denominator the sample size.
struct Result {
  std::optional<double> value{};
  double numerator = 0;
  double denominator = 0;
  Unit unit = Unit::percent;
  std::optional<Interval> ci95{};  ///< empty when no interval is defined (no data, n = 1 mean)

  [[nodiscard]] bool has_data() const noexcept { return value.has_value(); }
  friend bool operator==(const Result&, const Result&) = default;
};

/// 95% Wilson score interval (z = 1.96) for k successes in n trials, as shares in [0, 1].
/// Requires 0 ≤ k ≤ n; nullopt when n == 0.
[[nodiscard]] std::optional<Interval> wilson_interval(std::int64_t k, std::int64_t n,
                                                      double z = 1.96) noexcept;

/// Two-sided 97.5% quantile of Student's t with `df` degrees of freedom (df ≥ 1).
[[nodiscard]] double student_t_975(std::int64_t df) noexcept;

/// 95% t-interval for a mean from n, Σx and Σx²; nullopt when n < 2.
[[nodiscard]] std::optional<Interval> t_interval(std::int64_t n, double sum,
                                                 double sum_squares) noexcept;

/// A count-based share, e.g. "12 of 240 handled contacts were transferred".
struct Ratio {
  std::int64_t numerator = 0;
  std::int64_t denominator = 0;

  /// numerator / denominator in [0, 1]; nullopt when the denominator is zero.
  [[nodiscard]] constexpr std::optional<double> share() const noexcept {
    if (denominator == 0) return std::nullopt;
    return static_cast<double>(numerator) / static_cast<double>(denominator);
  }
  /// As a percentage with a Wilson interval.
  [[nodiscard]] Result percent() const noexcept;

  constexpr Ratio& operator+=(const Ratio& other) noexcept {
    numerator += other.numerator;
    denominator += other.denominator;
    return *this;
  }
  friend constexpr bool operator==(const Ratio&, const Ratio&) = default;
};

/// Pools two ratios: (a.n + b.n) / (a.d + b.d). Never average percentages.
[[nodiscard]] constexpr Ratio operator+(Ratio a, const Ratio& b) noexcept {
  return a += b;
}

/// Sufficient statistics of a mean: n, Σx, Σx².
struct Mean {
  std::int64_t count = 0;
  double sum = 0;
  double sum_squares = 0;

  constexpr void add(double x) noexcept {
    ++count;
    sum += x;
    sum_squares += x * x;
  }
  [[nodiscard]] constexpr std::optional<double> value() const noexcept {
    if (count == 0) return std::nullopt;
    return sum / static_cast<double>(count);
  }
  /// The mean with a t-interval, in `unit`. The interval is clipped to `scale` (e.g. 1..7
  /// for CES, 0..100 for QA scores, 0.. for durations): the mean of values on a scale
  /// cannot leave it, though the t-interval's normal approximation would.
  [[nodiscard]] Result result(Unit unit, Interval scale = {-1e308, 1e308}) const noexcept;

  constexpr Mean& operator+=(const Mean& other) noexcept {
    count += other.count;
    sum += other.sum;
    sum_squares += other.sum_squares;
    return *this;
  }
  friend constexpr bool operator==(const Mean&, const Mean&) = default;
};

[[nodiscard]] constexpr Mean operator+(Mean a, const Mean& b) noexcept {
  return a += b;
}

/// Promoters (9–10), passives (7–8) and detractors (0–6) of an NPS question.
struct NpsTally {
  std::int64_t promoters = 0;
  std::int64_t passives = 0;
  std::int64_t detractors = 0;

  [[nodiscard]] constexpr std::int64_t responses() const noexcept {
    return promoters + passives + detractors;
  }
  /// % promoters − % detractors with the interval of SPEC §2:
  /// SE = 100·sqrt(((p+d) − (p−d)²)/n), ±1.96·SE clipped to −100..100.
  /// numerator = promoters − detractors, denominator = responses.
  [[nodiscard]] Result result() const noexcept;

  constexpr NpsTally& operator+=(const NpsTally& other) noexcept {
    promoters += other.promoters;
    passives += other.passives;
    detractors += other.detractors;
    return *this;
  }
  friend constexpr bool operator==(const NpsTally&, const NpsTally&) = default;
};

[[nodiscard]] constexpr NpsTally operator+(NpsTally a, const NpsTally& b) noexcept {
  return a += b;
}

}  // namespace contactkpi
