// SPDX-License-Identifier: MIT
// The program's one door to banding: the band label of a KPI value, the benchmark it is
// compared with, and user-supplied bands (--bands KPI=SPEC). Kept behind these two
// functions so that the report writers never depend on the banding API directly.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "contactkpi/kpi_id.hpp"
#include "contactkpi/result.hpp"

namespace contactkpi::cli {

/// The band of one value: label ("Good"), a one-line interpretation and the benchmark text
/// ("industry average 75 (Forrester)"). Empty label = no band (no data, or none defined).
struct BandView {
  std::string label;
  std::string interpretation;
  std::string benchmark;
};

/// The bands in force: the documented defaults of SPEC §3, overridden per KPI by the user.
class BandTable {
 public:
  BandTable();
  ~BandTable();
  BandTable(BandTable&&) noexcept;
  BandTable& operator=(BandTable&&) noexcept;

  /// The service-level target (percent) of the default "Met"/"Missed" bands.
  void set_service_level_target(double target_percent);

  /// Compares FCR with one industry range of SPEC §3 ("b2b-services", "technical-support",
  /// "simple-transactional"): the band is then "below", "within" or "above" that range
  /// (unless --bands sets FCR bands). UsageError for an unknown name.
  void set_fcr_industry(std::string_view name);

  /// Parses one --bands value, "KPI=SPEC" (SPEC as the banding library reads it); throws
  /// UsageError naming the value when it cannot be parsed.
  void set_user_bands(std::string_view kpi_equals_spec);

  /// The band of `result` for `kpi`; empty label when the result has no data or the KPI
  /// has no bands.
  [[nodiscard]] BandView classify(KpiId kpi, const Result& result) const;

  /// The benchmark text quoted for a KPI (may be empty).
  [[nodiscard]] std::string benchmark(KpiId kpi) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace contactkpi::cli
