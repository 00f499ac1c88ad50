// SPDX-License-Identifier: MIT
#include "contactkpi/result.hpp"

#include <algorithm>
#include <cmath>

namespace contactkpi {

std::string_view to_string(Unit unit) noexcept {
  switch (unit) {
    case Unit::percent:
      return "percent";
    case Unit::seconds:
      return "seconds";
    case Unit::score:
      return "score";
    case Unit::nps:
      return "nps";
  }
  return "percent";
}

std::optional<Interval> wilson_interval(std::int64_t k, std::int64_t n, double z) noexcept {
  if (n <= 0) return std::nullopt;
  const double nn = static_cast<double>(n);
  const double p = static_cast<double>(k) / nn;
  const double z2 = z * z;
  const double denom = 1.0 + z2 / nn;
  const double centre = (p + z2 / (2.0 * nn)) / denom;
  const double half = z * std::sqrt(p * (1.0 - p) / nn + z2 / (4.0 * nn * nn)) / denom;
  return Interval{std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

namespace {

// Continued fraction for the regularized incomplete beta function (modified Lentz).
double beta_continued_fraction(double a, double b, double x) noexcept {
  constexpr int max_iterations = 300;
  constexpr double eps = 1e-15;
  constexpr double tiny = 1e-300;
  const double qab = a + b;
  const double qap = a + 1.0;
  const double qam = a - 1.0;
  double c = 1.0;
  double d = 1.0 - qab * x / qap;
  if (std::fabs(d) < tiny) d = tiny;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m <= max_iterations; ++m) {
    const double mm = static_cast<double>(m);
    const double m2 = 2.0 * mm;
    double aa = mm * (b - mm) * x / ((qam + m2) * (a + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < tiny) d = tiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + mm) * (qab + mm) * x / ((a + m2) * (qap + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < tiny) d = tiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1.0 / d;
    const double del = d * c;
    h *= del;
    if (std::fabs(del - 1.0) < eps) break;
  }
  return h;
}

// I_x(a, b), the regularized incomplete beta function.
double incomplete_beta(double a, double b, double x) noexcept {
  if (x <= 0.0) return 0.0;
  if (x >= 1.0) return 1.0;
  const double front = std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) +
                                a * std::log(x) + b * std::log1p(-x));
  if (x < (a + 1.0) / (a + b + 2.0)) return front * beta_continued_fraction(a, b, x) / a;
  return 1.0 - front * beta_continued_fraction(b, a, 1.0 - x) / b;
}

// P(T <= t) for t >= 0 with df degrees of freedom.
double student_t_cdf(double t, double df) noexcept {
  const double x = df / (df + t * t);
  return 1.0 - 0.5 * incomplete_beta(df / 2.0, 0.5, x);
}

}  // namespace

double student_t_975(std::int64_t df) noexcept {
  if (df < 1) df = 1;
  const double v = static_cast<double>(df);
  // Bisection on the CDF: monotone, and 200 halvings of [0, 1000] reach double precision.
  double lo = 0.0;
  double hi = 1000.0;
  for (int i = 0; i < 200 && hi - lo > 1e-13; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (student_t_cdf(mid, v) < 0.975) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return 0.5 * (lo + hi);
}

std::optional<Interval> t_interval(std::int64_t n, double sum, double sum_squares) noexcept {
  if (n < 2) return std::nullopt;
  const double nn = static_cast<double>(n);
  const double mean = sum / nn;
  const double variance = std::max(0.0, (sum_squares - sum * mean) / (nn - 1.0));
  const double half = student_t_975(n - 1) * std::sqrt(variance / nn);
  return Interval{mean - half, mean + half};
}

Result Ratio::percent() const noexcept {
  Result r;
  r.unit = Unit::percent;
  r.numerator = static_cast<double>(numerator);
  r.denominator = static_cast<double>(denominator);
  if (const auto s = share()) {
    r.value = 100.0 * *s;
    if (const auto ci = wilson_interval(numerator, denominator)) {
      r.ci95 = Interval{100.0 * ci->lo, 100.0 * ci->hi};
    }
  }
  return r;
}

Result Mean::result(Unit unit, Interval scale) const noexcept {
  Result r;
  r.unit = unit;
  r.numerator = sum;
  r.denominator = static_cast<double>(count);
  r.value = value();
  r.ci95 = t_interval(count, sum, sum_squares);
  if (r.ci95) r.ci95 = Interval{std::max(scale.lo, r.ci95->lo), std::min(scale.hi, r.ci95->hi)};
  return r;
}

Result NpsTally::result() const noexcept {
  Result r;
  r.unit = Unit::nps;
  const std::int64_t n = responses();
  r.numerator = static_cast<double>(promoters - detractors);
  r.denominator = static_cast<double>(n);
  if (n == 0) return r;
  const double nn = static_cast<double>(n);
  const double p = static_cast<double>(promoters) / nn;
  const double d = static_cast<double>(detractors) / nn;
  r.value = 100.0 * (p - d);
  const double se = 100.0 * std::sqrt(std::max(0.0, ((p + d) - (p - d) * (p - d)) / nn));
  r.ci95 = Interval{std::max(-100.0, *r.value - 1.96 * se), std::min(100.0, *r.value + 1.96 * se)};
  return r;
}

}  // namespace contactkpi
