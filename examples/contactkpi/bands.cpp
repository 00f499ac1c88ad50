// SPDX-License-Identifier: MIT
// Until contactkpi/banding.hpp is merged this file knows no bands: every label is empty and
// --bands is rejected. The switch to the library's banding is local to this file.
#include "bands.hpp"

#include <fmt/format.h>

#include "cli_options.hpp"

namespace contactkpi::cli {

struct BandTable::Impl {};

BandTable::BandTable() : impl_{std::make_unique<Impl>()} {}
BandTable::~BandTable() = default;
BandTable::BandTable(BandTable&&) noexcept = default;
BandTable& BandTable::operator=(BandTable&&) noexcept = default;

void BandTable::set_user_bands(std::string_view kpi_equals_spec) {
  throw UsageError(
      fmt::format("--bands: user bands are not available in this build: '{}'", kpi_equals_spec));
}

BandView BandTable::classify(KpiId /*kpi*/, const Result& /*result*/) const {
  return {};
}

std::string BandTable::benchmark(KpiId /*kpi*/) const {
  return {};
}

}  // namespace contactkpi::cli
