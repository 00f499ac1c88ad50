// SPDX-License-Identifier: MIT
// contactkpi/survey.hpp: the customer's voice: CSAT, NPS and CES.
//
// CSAT (top2, default): responses at or above `top_box_cut` (4 on 1..5) ÷ responses with a
//   csat, × 100, Wilson interval. CSAT (mean): mean csat on its scale, t-interval.
// NPS: % promoters (9–10) − % detractors (0–6), −100..100, interval of SPEC §2.
// CES (mean, default): mean ces on the scale; CES 2.0 = 1..7, higher = less effort;
//   CES 1.0 = 1..5, lower = less effort. CES (low-effort): share of low-effort answers
//   (5..7 on CES 2.0; 1..2 on CES 1.0). Scales are never mixed: an answer outside the
//   chosen scale is not counted and is reported by out_of_scale() (the loaders reject it).
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "contactkpi/result.hpp"
#include "contactkpi/types.hpp"

namespace contactkpi {

enum class CsatMode : std::uint8_t { top2, mean };
[[nodiscard]] std::optional<CsatMode> parse_csat_mode(std::string_view text) noexcept;

struct CsatOptions {
  CsatMode mode = CsatMode::top2;
  int scale_min = 1;
  int scale_max = 5;
  /// Answers ≥ this count as satisfied (top-2-box on 1..5).
  int top_box_cut = 4;
};

enum class CesScale : std::uint8_t { ces2, ces1 };
enum class CesMode : std::uint8_t { mean, low_effort };
[[nodiscard]] std::optional<CesScale> parse_ces_scale(std::string_view text) noexcept;

struct CesOptions {
  CesScale scale = CesScale::ces2;
  CesMode mode = CesMode::mean;
  [[nodiscard]] constexpr int scale_min() const noexcept { return 1; }
  [[nodiscard]] constexpr int scale_max() const noexcept { return scale == CesScale::ces2 ? 7 : 5; }
};

class CsatAccumulator {
 public:
  CsatAccumulator() = default;
  explicit CsatAccumulator(const CsatOptions& options) : options_{options} {}
  void add(const Survey& survey) noexcept;
  void merge(const CsatAccumulator& other) noexcept;
  /// top2: percent with Wilson interval; mean: score with t-interval.
  [[nodiscard]] Result result() const noexcept;
  [[nodiscard]] std::int64_t out_of_scale() const noexcept { return out_of_scale_; }

 private:
  CsatOptions options_{};
  Ratio top_box_{};
  Mean mean_{};
  std::int64_t out_of_scale_ = 0;
};

class NpsAccumulator {
 public:
  void add(const Survey& survey) noexcept;
  void merge(const NpsAccumulator& other) noexcept;
  [[nodiscard]] Result result() const noexcept { return tally_.result(); }
  [[nodiscard]] const NpsTally& tally() const noexcept { return tally_; }
  [[nodiscard]] std::int64_t out_of_scale() const noexcept { return out_of_scale_; }

 private:
  NpsTally tally_{};
  std::int64_t out_of_scale_ = 0;
};

class CesAccumulator {
 public:
  CesAccumulator() = default;
  explicit CesAccumulator(const CesOptions& options) : options_{options} {}
  void add(const Survey& survey) noexcept;
  void merge(const CesAccumulator& other) noexcept;
  [[nodiscard]] Result result() const noexcept;
  [[nodiscard]] std::int64_t out_of_scale() const noexcept { return out_of_scale_; }

 private:
  CesOptions options_{};
  Ratio low_effort_{};
  Mean mean_{};
  std::int64_t out_of_scale_ = 0;
};

[[nodiscard]] Result customer_satisfaction(std::span<const Survey> surveys,
                                           const CsatOptions& options = {}) noexcept;
[[nodiscard]] Result net_promoter_score(std::span<const Survey> surveys) noexcept;
[[nodiscard]] Result customer_effort_score(std::span<const Survey> surveys,
                                           const CesOptions& options = {}) noexcept;

}  // namespace contactkpi
