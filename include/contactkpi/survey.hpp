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
/// "top2" or "mean" (the `--csat-mode` values), ASCII case-insensitive; nullopt otherwise.
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
/// "ces2" or "ces1" (the `--ces-scale` values), ASCII case-insensitive; nullopt otherwise.
[[nodiscard]] std::optional<CesScale> parse_ces_scale(std::string_view text) noexcept;

struct CesOptions {
  CesScale scale = CesScale::ces2;
  CesMode mode = CesMode::mean;
  [[nodiscard]] static constexpr int scale_min() noexcept { return 1; }
  [[nodiscard]] constexpr int scale_max() const noexcept { return scale == CesScale::ces2 ? 7 : 5; }
};

/// Accumulates CSAT over surveys with a csat answer; surveys without one are ignored, answers
/// outside [scale_min, scale_max] are counted in out_of_scale() and nowhere else.
/// merge() is exact (counts and sums); both sides must use the same options.
class CsatAccumulator {
 public:
  CsatAccumulator() = default;
  explicit CsatAccumulator(const CsatOptions& options) : options_{options} {}
  void add(const SurveyView& survey) noexcept;
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

/// Accumulates NPS: 9–10 promoters, 7–8 passives, 0–6 detractors; any other answer is
/// counted in out_of_scale() only. merge() is exact.
class NpsAccumulator {
 public:
  void add(const SurveyView& survey) noexcept;
  void merge(const NpsAccumulator& other) noexcept;
  [[nodiscard]] Result result() const noexcept { return tally_.result(); }
  [[nodiscard]] const NpsTally& tally() const noexcept { return tally_; }
  [[nodiscard]] std::int64_t out_of_scale() const noexcept { return out_of_scale_; }

 private:
  NpsTally tally_{};
  std::int64_t out_of_scale_ = 0;
};

/// Accumulates CES on one scale (never mixed): answers outside the scale are counted in
/// out_of_scale() only. Result: mean (score, t-interval) or low-effort share (percent,
/// Wilson). merge() is exact; both sides must use the same options.
class CesAccumulator {
 public:
  CesAccumulator() = default;
  explicit CesAccumulator(const CesOptions& options) : options_{options} {}
  void add(const SurveyView& survey) noexcept;
  void merge(const CesAccumulator& other) noexcept;
  [[nodiscard]] Result result() const noexcept;
  [[nodiscard]] std::int64_t out_of_scale() const noexcept { return out_of_scale_; }

 private:
  CesOptions options_{};
  Ratio low_effort_{};
  Mean mean_{};
  std::int64_t out_of_scale_ = 0;
};

/// Customer satisfaction (CSAT) over `surveys`. No data when no survey has an in-scale csat.
/// One pass, no allocation.
///
/// Example:
///
///     auto top2 = contactkpi::customer_satisfaction(surveys);            // percent 4..5 of 1..5
///     auto mean = contactkpi::customer_satisfaction(surveys, {.mode =
///     contactkpi::CsatMode::mean});
[[nodiscard]] Result customer_satisfaction(std::span<const Survey> surveys,
                                           const CsatOptions& options = {}) noexcept;
/// Net Promoter Score (NPS), −100..100, numerator promoters − detractors, denominator
/// responses. No data when no survey has an nps in 0..10. One pass, no allocation.
///
/// Example:
///
///     contactkpi::Result nps = contactkpi::net_promoter_score(surveys);  // e.g. 30 ± 48.4
[[nodiscard]] Result net_promoter_score(std::span<const Survey> surveys) noexcept;
/// Customer effort score (CES): mean, or % low effort with `mode = CesMode::low_effort`.
/// No data when no survey has an in-scale ces. One pass, no allocation.
///
/// Example:
///
///     auto ces1 = contactkpi::customer_effort_score(surveys, {.scale =
///     contactkpi::CesScale::ces1});
[[nodiscard]] Result customer_effort_score(std::span<const Survey> surveys,
                                           const CesOptions& options = {}) noexcept;

}  // namespace contactkpi
