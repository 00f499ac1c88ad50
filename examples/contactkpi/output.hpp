// SPDX-License-Identifier: MIT
// The three report formats of `contactkpi report`: text, JSON (SPEC §4) and CSV.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "bands.hpp"
#include "contactkpi/io/loader.hpp"
#include "contactkpi/report.hpp"

namespace contactkpi::cli {

/// One input file as it was read: its role ("contacts", "interactions", "surveys",
/// "segments") and the loader's statistics.
struct InputFile {
  std::string role;
  io::LoadStats stats;
};

/// Everything a writer prints.
struct ReportDocument {
  ReportResult result;
  ReportOptions options;
  std::vector<InputFile> inputs;
  std::string zone;  ///< --tz, empty = UTC
};

/// A readable scorecard: per KPI value, n, 95% CI, band and benchmark; then the groups.
void write_text(std::ostream& out, const ReportDocument& doc, const BandTable& bands);

/// One JSON object (SPEC §4). Invalid UTF-8 in names from the input is replaced by U+FFFD,
/// so the output is valid JSON for any input bytes.
void write_json(std::ostream& out, const ReportDocument& doc, const BandTable& bands);

/// One row per (scope, group, KPI[, segment]). Text cells that a spreadsheet would take
/// for a formula (starting with = + - @, tab or CR) get a leading apostrophe; numeric
/// columns are written as numbers.
void write_csv(std::ostream& out, const ReportDocument& doc, const BandTable& bands);

/// The CSV cell for a text value: neutralised, then quoted per RFC 4180 when needed.
[[nodiscard]] std::string csv_text_cell(std::string_view text);

}  // namespace contactkpi::cli
