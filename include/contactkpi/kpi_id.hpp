// SPDX-License-Identifier: MIT
// contactkpi/kpi_id.hpp: the identifiers of the KPIs, as used in reports and JSON (SPEC §4).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace contactkpi {

enum class KpiId : std::uint8_t {
  ccqs,
  cqis,
  contact_rate,
  fcr,
  aht,
  service_level,
  abandon_rate,
  transfer_rate,
  csat,
  nps,
  ces,
};
inline constexpr std::size_t kpi_count = 11;
inline constexpr std::array<KpiId, kpi_count> all_kpis{
    KpiId::ccqs, KpiId::cqis,          KpiId::contact_rate, KpiId::fcr,
    KpiId::aht,  KpiId::service_level, KpiId::abandon_rate, KpiId::transfer_rate,
    KpiId::csat, KpiId::nps,           KpiId::ces};

/// The JSON key: "ccqs", "cqis", "contact_rate", "fcr", "aht", "service_level",
/// "abandon_rate", "transfer_rate", "csat", "nps", "ces".
[[nodiscard]] constexpr std::string_view to_string(KpiId id) noexcept {
  constexpr std::array<std::string_view, kpi_count> names{
      "ccqs",         "cqis",          "contact_rate", "fcr", "aht", "service_level",
      "abandon_rate", "transfer_rate", "csat",         "nps", "ces"};
  return names[static_cast<std::size_t>(id)];
}

/// The display name: "Customer Contact Quality Score (CCQS)", ...
[[nodiscard]] constexpr std::string_view display_name(KpiId id) noexcept {
  constexpr std::array<std::string_view, kpi_count> names{"Customer Contact Quality Score (CCQS)",
                                                          "Interaction quality (CQIS)",
                                                          "Contact rate by segment",
                                                          "First contact resolution (FCR)",
                                                          "Average handle time (AHT)",
                                                          "Service level",
                                                          "Abandon rate",
                                                          "Transfer rate",
                                                          "Customer satisfaction (CSAT)",
                                                          "Net Promoter Score (NPS)",
                                                          "Customer effort score (CES)"};
  return names[static_cast<std::size_t>(id)];
}

[[nodiscard]] constexpr std::optional<KpiId> parse_kpi_id(std::string_view text) noexcept {
  for (const KpiId id : all_kpis) {
    if (to_string(id) == text) return id;
  }
  return std::nullopt;
}

}  // namespace contactkpi
