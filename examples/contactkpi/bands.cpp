// SPDX-License-Identifier: MIT
// The program's banding goes through contactkpi/banding.hpp: the documented schemes of
// SPEC §3 by default, user schemes from --bands, FCR against an industry range on request.
#include "bands.hpp"

#include <array>
#include <cmath>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "cli_options.hpp"
#include "contactkpi/banding.hpp"

namespace contactkpi::cli {

namespace {

std::string number_text(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15)
    return fmt::format("{}", static_cast<long long>(v));
  return fmt::format("{}", v);
}

std::string benchmark_text(const Benchmark& b) {
  std::string range = number_text(b.low);
  if (b.is_open_ended()) {
    range += "+";
  } else if (b.is_range()) {
    range += "-" + number_text(b.high);
  }
  if (b.kind == BenchmarkKind::target) return fmt::format("{} ({})", b.description, b.source);
  return fmt::format("{}: {} ({})", b.description, range, b.source);
}

}  // namespace

struct BandTable::Impl {
  std::array<std::optional<BandScheme>, kpi_count> schemes{};
  std::array<bool, kpi_count> user{};
  std::optional<FcrIndustry> fcr_industry{};
};

BandTable::BandTable() : impl_{std::make_unique<Impl>()} {
  for (const KpiId id : all_kpis) impl_->schemes[static_cast<std::size_t>(id)] = default_bands(id);
}
BandTable::~BandTable() = default;
BandTable::BandTable(BandTable&&) noexcept = default;
BandTable& BandTable::operator=(BandTable&&) noexcept = default;

void BandTable::set_service_level_target(double target_percent) {
  const auto i = static_cast<std::size_t>(KpiId::service_level);
  if (impl_->user[i]) return;
  try {
    impl_->schemes[i] = service_level_bands(target_percent);
  } catch (const std::invalid_argument& e) {
    throw UsageError(fmt::format("--sl-target: {}", e.what()));
  }
}

void BandTable::set_fcr_industry(std::string_view name) {
  impl_->fcr_industry = parse_fcr_industry(name);
  if (!impl_->fcr_industry) {
    throw UsageError(
        fmt::format("--fcr-industry: unknown industry '{}' (b2b-services, technical-support, "
                    "simple-transactional)",
                    name));
  }
}

void BandTable::set_user_bands(std::string_view kpi_equals_spec) {
  try {
    auto [kpi, scheme] = parse_band_assignment(kpi_equals_spec);
    const auto i = static_cast<std::size_t>(kpi);
    impl_->schemes[i] = std::move(scheme);
    impl_->user[i] = true;
  } catch (const std::invalid_argument& e) {
    throw UsageError(fmt::format("--bands: {}: '{}'", e.what(), kpi_equals_spec));
  }
}

BandView BandTable::classify(KpiId kpi, const Result& result) const {
  const auto i = static_cast<std::size_t>(kpi);
  BandView view;
  view.benchmark = benchmark(kpi);
  if (!result.value) return view;
  if (kpi == KpiId::fcr && impl_->fcr_industry && !impl_->user[i]) {
    const Benchmark& range = fcr_industry_range(*impl_->fcr_industry);
    if (const auto pos = compare_to_range(result, range)) {
      view.label = std::string{to_string(*pos)};
      view.interpretation = fmt::format("{} the {} range", view.label, range.description);
    }
    return view;
  }
  if (!impl_->schemes[i]) return view;
  const Banded b = impl_->schemes[i]->classify(result);
  if (b.in_band()) {
    view.label = std::string{b.label};
    view.interpretation = std::string{b.interpretation};
  } else if (b.state == BandState::out_of_range) {
    view.interpretation = "outside the band scale";
  }
  return view;
}

std::string BandTable::benchmark(KpiId kpi) const {
  if (kpi == KpiId::fcr && impl_->fcr_industry) {
    return benchmark_text(fcr_industry_range(*impl_->fcr_industry));
  }
  std::string out;
  for (const Benchmark& b : benchmarks(kpi)) {
    if (b.kind == BenchmarkKind::improvement_per_quarter) continue;
    if (!out.empty()) out += "; ";
    out += benchmark_text(b);
  }
  return out;
}

}  // namespace contactkpi::cli
