// SPDX-License-Identifier: MIT
// examples/generate/random.hpp: a portable, seedable random source for the data generator.
//
// Same seed => same numbers on every platform and standard library. That rules out the
// std:: distributions (their algorithms are unspecified) and the libm transcendental
// functions (log/exp/pow differ in the last bit between libraries). Everything here uses
// only integer arithmetic and IEEE-754 +, -, *, /, sqrt (correctly rounded everywhere)
// and the exact frexp/ldexp. The build turns floating-point contraction off so no FMA can
// change a rounding.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>

namespace contactkpi::generate {

/// splitmix64: seeds xoshiro and hashes small integers (Vigna, public domain).
[[nodiscard]] constexpr std::uint64_t splitmix64(std::uint64_t& state) noexcept {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31U);
}

/// A stateless hash of one integer (splitmix64's finaliser).
[[nodiscard]] constexpr std::uint64_t hash64(std::uint64_t x) noexcept {
  return splitmix64(x);
}

/// ln(x) for x > 0 from frexp and the atanh series; about 1 ulp, bit-identical everywhere.
[[nodiscard]] inline double det_log(double x) noexcept {
  int e = 0;
  double m = std::frexp(x, &e);  // x = m * 2^e, m in [0.5, 1)
  if (m < 0.70710678118654752) {
    m *= 2.0;
    --e;
  }
  const double z = (m - 1.0) / (m + 1.0);  // |z| <= 0.1716
  const double z2 = z * z;
  double term = z;
  double sum = 0.0;
  for (int k = 1; k <= 25; k += 2) {
    sum += term / static_cast<double>(k);
    term *= z2;
  }
  constexpr double ln2 = 0.69314718055994530942;
  return static_cast<double>(e) * ln2 + 2.0 * sum;
}

/// e^x from range reduction by ln 2 and a Taylor polynomial; bit-identical everywhere.
[[nodiscard]] inline double det_exp(double x) noexcept {
  if (x > 700.0) x = 700.0;
  if (x < -700.0) return 0.0;
  constexpr double ln2 = 0.69314718055994530942;
  const double k = std::floor(x / ln2 + 0.5);
  const double r = x - k * ln2;  // |r| <= ~0.35
  double term = 1.0;
  double sum = 1.0;
  for (int n = 1; n <= 20; ++n) {
    term *= r / static_cast<double>(n);
    sum += term;
  }
  return std::ldexp(sum, static_cast<int>(k));
}

/// a^b for a > 0.
[[nodiscard]] inline double det_pow(double a, double b) noexcept {
  return det_exp(b * det_log(a));
}

/// xoshiro256** (Blackman and Vigna, public domain) plus the few distributions the
/// generator needs, written out so that their output is fixed.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) noexcept {
    std::uint64_t sm = seed;
    for (auto& word : s_) word = splitmix64(sm);
  }

  [[nodiscard]] std::uint64_t next() noexcept {
    const std::uint64_t result = rotl(s_[1] * 5U, 7) * 9U;
    const std::uint64_t t = s_[1] << 17U;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  /// Uniform in [0, 1) with 53 random bits.
  [[nodiscard]] double uniform() noexcept { return static_cast<double>(next() >> 11U) * 0x1.0p-53; }
  /// Uniform in (0, 1].
  [[nodiscard]] double uniform_pos() noexcept { return 1.0 - uniform(); }
  /// Uniform in [lo, hi).
  [[nodiscard]] double uniform(double lo, double hi) noexcept { return lo + (hi - lo) * uniform(); }
  /// Uniform integer in [0, n), n > 0 (multiply-shift; bias below 2^-32 for our n).
  [[nodiscard]] std::uint64_t below(std::uint64_t n) noexcept {
    __extension__ using u128 = unsigned __int128;
    return static_cast<std::uint64_t>((static_cast<u128>(next()) * n) >> 64U);
  }
  /// true with probability p.
  [[nodiscard]] bool chance(double p) noexcept { return uniform() < p; }
  /// Exponential with the given mean.
  [[nodiscard]] double exponential(double mean) noexcept { return -mean * det_log(uniform_pos()); }
  /// Standard normal (Marsaglia's polar method; the second value is discarded).
  [[nodiscard]] double normal() noexcept {
    for (;;) {
      const double u = 2.0 * uniform() - 1.0;
      const double v = 2.0 * uniform() - 1.0;
      const double s = u * u + v * v;
      if (s > 0.0 && s < 1.0) return u * std::sqrt(-2.0 * det_log(s) / s);
    }
  }
  /// Log-normal with the given median and log-scale sigma (heavy right tail).
  [[nodiscard]] double lognormal(double median, double sigma) noexcept {
    return median * det_exp(sigma * normal());
  }
  /// Index drawn with probability proportional to integer weights.
  [[nodiscard]] std::size_t weighted(std::span<const std::uint32_t> weights) noexcept {
    std::uint64_t total = 0;
    for (const auto w : weights) total += w;
    std::uint64_t x = below(total);
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (x < weights[i]) return i;
      x -= weights[i];
    }
    return weights.size() - 1;
  }

 private:
  [[nodiscard]] static constexpr std::uint64_t rotl(std::uint64_t x, unsigned k) noexcept {
    return (x << k) | (x >> (64U - k));
  }
  std::uint64_t s_[4]{};
};

}  // namespace contactkpi::generate
