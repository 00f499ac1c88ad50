// SPDX-License-Identifier: MIT
// Embedding example (a): compute an NPS from answers held in code, and band it.
#include <cstdio>
#include <vector>

#include "contactkpi/banding.hpp"
#include "contactkpi/survey.hpp"

int main() {
  // Ten answers to "How likely are you to recommend us?" (0..10).
  const std::vector<int> answers{10, 9, 9, 8, 7, 6, 3, 10, 0, 9};
  std::vector<contactkpi::Survey> surveys;
  surveys.reserve(answers.size());
  for (const int a : answers) surveys.push_back(contactkpi::Survey{.nps = a});

  // 5 promoters (9-10), 2 passives (7-8), 3 detractors (0-6): 50% - 30% = +20.
  const contactkpi::Result nps = contactkpi::net_promoter_score(surveys);
  if (!nps.has_data()) {
    std::puts("NPS: no data");
    return 1;
  }
  std::printf("NPS %+.1f from %.0f answers", *nps.value, nps.denominator);
  if (nps.ci95) std::printf(", 95%% CI [%+.1f, %+.1f]", nps.ci95->lo, nps.ci95->hi);
  std::printf("\n");

  // NPS has no documented bands (SPEC §3), so the application supplies its own, worst band
  // first: below 0 "Poor", 0 up to 30 "Good", 30 and above "Great" (lower edges inclusive).
  const contactkpi::BandScheme bands = contactkpi::parse_band_scheme("Poor<0<=Good<30<=Great");
  const contactkpi::Banded band = bands.classify(nps);
  std::printf("band: %.*s\n", static_cast<int>(band.label.size()), band.label.data());
  return 0;
}
