// SPDX-License-Identifier: MIT
// The bad-input corpus (tests/data/bad/, one fault per file, listed in MANIFEST.tsv; see
// make_corpus.py there) through the loaders:
//   - OnError::stop: a ParseError naming the file, the line, the column and the reason of
//     the manifest, through the file entry point and the buffer entry point alike;
//   - OnError::skip: for a row fault, the load goes on, rows_read = rows_used + rows_skipped
//     with the manifest's counts, the reason is counted and the error listed; for a
//     whole-file fault, the same ParseError as in stop mode.
// Plus the good edge cases (tests/data/edge/) that must NOT be errors, and a 10 MB field
// generated here rather than committed.
#include <array>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "contactkpi/io/loader.hpp"

using namespace contactkpi;
namespace fs = std::filesystem;

namespace {

const fs::path bad_dir = fs::path{CONTACTKPI_TEST_DATA_DIR} / "bad";
const fs::path edge_dir = fs::path{CONTACTKPI_TEST_DATA_DIR} / "edge";

struct ManifestRow {
  std::string file;
  std::string record;
  std::int64_t line = 0;
  std::string column;  ///< "" when the manifest says '-'
  std::string reason;
  bool row_scope = false;
  std::int64_t read = 0;
  std::int64_t skipped = 0;
};

std::vector<ManifestRow> read_manifest() {
  std::ifstream in{bad_dir / "MANIFEST.tsv"};
  REQUIRE(in);
  std::vector<ManifestRow> rows;
  std::string text;
  std::getline(in, text);  // header
  while (std::getline(in, text)) {
    if (text.empty()) continue;
    std::vector<std::string> f;
    std::stringstream ss{text};
    for (std::string cell; std::getline(ss, cell, '\t');) f.push_back(cell);
    REQUIRE(f.size() == 8);
    ManifestRow r;
    r.file = f[0];
    r.record = f[1];
    r.line = std::stoll(f[2]);
    r.column = f[3] == "-" ? "" : f[3];
    r.reason = f[4];
    r.row_scope = f[5] == "row";
    if (r.row_scope) {
      r.read = std::stoll(f[6]);
      r.skipped = std::stoll(f[7]);
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

std::string read_bytes(const fs::path& file) {
  std::ifstream in{file, std::ios::binary};
  return {std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

bool is_json(const fs::path& file) {
  const auto ext = file.extension();
  return ext == ".json" || ext == ".jsonl" || ext == ".ndjson";
}

/// Loads one file of `record` type; `from_buffer` picks the buffer entry point. Counts the
/// records handed to the sink in `seen`.
io::LoadStats load(const std::string& record, const fs::path& file, bool from_buffer,
                   io::OnError mode, std::int64_t& seen) {
  const io::LoadOptions options{.on_error = mode};
  const std::string name = file.string();
  const std::string bytes = from_buffer ? read_bytes(file) : std::string{};
  const bool json = is_json(file);
  auto count = [&](const auto&) { ++seen; };
  if (record == "contacts") {
    const io::Sink<Contact> sink = count;
    return from_buffer ? io::for_each_contact(name, bytes, json, sink, options)
                       : io::for_each_contact(file, sink, options);
  }
  if (record == "interactions") {
    const io::Sink<Interaction> sink = count;
    return from_buffer ? io::for_each_interaction(name, bytes, json, sink, options)
                       : io::for_each_interaction(file, sink, options);
  }
  if (record == "surveys") {
    const io::Sink<Survey> sink = count;
    return from_buffer ? io::for_each_survey(name, bytes, json, sink, options)
                       : io::for_each_survey(file, sink, options);
  }
  REQUIRE(record == "segments");
  const io::Sink<Segment> sink = count;
  return from_buffer ? io::for_each_segment(name, bytes, json, sink, options)
                     : io::for_each_segment(file, sink, options);
}

/// The error is the manifest's: file, line, column, reason; and to_string names them.
void check_error(const io::Error& e, const ManifestRow& row, const fs::path& file) {
  CHECK(e.file == file.string());
  CHECK(e.line == row.line);
  CHECK(e.column == row.column);
  CHECK(e.reason == row.reason);
  CHECK_FALSE(e.message.empty());
  const std::string text = e.to_string();
  CHECK_THAT(text, Catch::Matchers::Contains(row.file));
  if (row.line > 0) {
    CHECK_THAT(text, Catch::Matchers::Contains(row.file + ":" + std::to_string(row.line)));
  }
  if (!row.column.empty()) CHECK_THAT(text, Catch::Matchers::Contains(row.column));
}

}  // namespace

TEST_CASE("Bad input: the corpus has at least 45 one-fault files, all listed", "[bad_input]") {
  const auto rows = read_manifest();
  CHECK(rows.size() >= 45);
  std::int64_t listed_files = 0;
  for (const auto& row : rows) {
    CAPTURE(row.file);
    CHECK(fs::is_regular_file(bad_dir / row.file));
    ++listed_files;
  }
  // Every data file in the folder is in the manifest (no orphan, no silent case).
  std::int64_t on_disk = 0;
  for (const auto& entry : fs::directory_iterator{bad_dir}) {
    const auto ext = entry.path().extension();
    if (ext == ".csv" || ext == ".json" || ext == ".jsonl") ++on_disk;
  }
  CHECK(on_disk == listed_files);
}

TEST_CASE("Bad input: OnError::stop names file, line, column and reason", "[bad_input]") {
  for (const auto& row : read_manifest()) {
    for (const bool from_buffer : {false, true}) {
      CAPTURE(row.file, row.record, from_buffer);
      const fs::path file = bad_dir / row.file;
      std::int64_t seen = 0;
      try {
        const auto stats = load(row.record, file, from_buffer, io::OnError::stop, seen);
        FAIL_CHECK("no ParseError; rows read " << stats.rows_read << ", used " << stats.rows_used);
      } catch (const io::ParseError& e) {
        check_error(e.error(), row, file);
        // Stop means stop: nothing after the faulty row reached the sink.
        if (row.row_scope) CHECK(seen <= row.read - row.skipped);
      }
    }
  }
}

namespace {

/// Skip mode on one manifest row, through the file and the buffer entry points.
void check_skip(const ManifestRow& row) {
  for (const bool from_buffer : {false, true}) {
    CAPTURE(row.file, row.record, from_buffer);
    const fs::path file = bad_dir / row.file;
    std::int64_t seen = 0;
    if (!row.row_scope) {
      // A file that cannot be read at all fails the same way in both modes.
      try {
        (void)load(row.record, file, from_buffer, io::OnError::skip, seen);
        FAIL_CHECK("whole-file fault loaded in skip mode");
      } catch (const io::ParseError& e) {
        check_error(e.error(), row, file);
      }
      continue;
    }
    io::LoadStats stats;
    try {
      stats = load(row.record, file, from_buffer, io::OnError::skip, seen);
    } catch (const io::ParseError& e) {
      FAIL_CHECK("ParseError in skip mode: " << e.error().to_string());
      continue;
    }
    CHECK(stats.rows_read == stats.rows_used + stats.rows_skipped);
    CHECK(stats.rows_read == row.read);
    CHECK(stats.rows_skipped == row.skipped);
    CHECK(seen == stats.rows_used);
    CHECK(stats.skipped_by_reason[row.reason] == row.skipped);
    REQUIRE(stats.errors.size() == static_cast<std::size_t>(row.skipped));
    check_error(stats.errors.front(), row, file);
  }
}

}  // namespace

TEST_CASE("Bad input: OnError::skip skips the row, counts it, and read = used + skipped",
          "[bad_input]") {
  for (const auto& row : read_manifest()) check_skip(row);
}

TEST_CASE("A stray quote costs its own row only", "[bad_input]") {
  // `c3,...,bill"ing,...` on line 4, then `c4,...` on line 5: the odd quote inside an unquoted
  // field does not open a quoted field, so the malformed record is line 4 alone and c4 is
  // read and used: rows read 4 (c1–c4), used 3, skipped 1.
  const fs::path file = bad_dir / "contacts_stray_quote.csv";
  io::LoadStats stats =
      io::for_each_contact(file, [](const Contact&) {}, {.on_error = io::OnError::skip});
  CHECK(stats.rows_read == 4);
  CHECK(stats.rows_used == 3);
  REQUIRE(stats.errors.size() == 1);
  CHECK(stats.errors.front().line == 4);
  CHECK(stats.errors.front().reason == "bad_quote");
  CHECK_THAT(stats.errors.front().message, !Catch::Matchers::Contains("runs on to line"));
}

TEST_CASE("Bad input: good edge cases load cleanly (mixed LF/CRLF, BOM, header only)",
          "[bad_input]") {
  // SPEC §1.1: "optional BOM, LF or CRLF". Mixed line ends are both, so accepted; a header
  // with no rows is a valid empty file (no data), not an error; so is an empty .json file (an
  // empty JSON Lines file), while an empty CSV lacks its required header.
  struct Case {
    const char* file;
    std::int64_t rows;
  };
  const std::array<Case, 8> cases{{{"contacts_header_only.csv", 0},
                                   {"contacts_header_only_no_newline.csv", 0},
                                   {"contacts_mixed_line_endings.csv", 4},
                                   {"contacts_bom_crlf.csv", 4},
                                   {"contacts_reordered_columns.csv", 4},
                                   {"contacts_empty_array.json", 0},
                                   {"contacts_empty.json", 0},  // an empty JSON Lines file
                                   {"contacts_number_for_id.json", 4}}};
  for (const auto& c : cases) {
    CAPTURE(c.file);
    std::vector<Contact> got;
    io::LoadStats stats;
    REQUIRE_NOTHROW(stats = io::for_each_contact(edge_dir / c.file,
                                                 [&](const Contact& x) { got.push_back(x); }));
    CHECK(stats.rows_read == c.rows);
    CHECK(stats.rows_used == c.rows);
    CHECK(stats.rows_skipped == 0);
    CHECK(stats.unknown_columns.empty());
    REQUIRE(got.size() == static_cast<std::size_t>(c.rows));
    if (c.rows == 0) continue;
    // No stray '\r' or BOM in any value: the first and last rows read back exactly.
    CHECK(got.front().contact_id == "c1");
    CHECK(got.front().queue == "billing");
    CHECK(got.back().contact_id == "c4");
    REQUIRE(got.back().qa_score.has_value());
    CHECK(*got.back().qa_score == 85.0);  // last column of the last line (before CR LF)
    CHECK(got[1].abandoned);
    // JSON numbers are accepted for string fields: the id 3 reads as "3".
    if (std::string_view{c.file} == "contacts_number_for_id.json") CHECK(got[2].contact_id == "3");
    CHECK_FALSE(got[1].answered_at.has_value());
  }
}

TEST_CASE("Bad input: a 10 MB field is read whole, with its line", "[bad_input]") {
  // Generated here rather than committed. SPEC sets no field length limit, so a 10 MB
  // reason (quoted, with embedded quotes, commas and newlines) is a valid value.
  constexpr std::size_t size = std::size_t{10} * 1024 * 1024;
  std::string big;
  big.reserve(size);
  while (big.size() < size) big += "x,\"y\"\n";
  big.resize(size);
  std::string quoted = "\"";
  for (const char ch : big) {
    if (ch == '"') quoted += '"';
    quoted += ch;
  }
  quoted += '"';
  const std::string header = "contact_id,channel,direction,reason,arrived_at,ended_at,abandoned\n";
  const std::string row1 =
      "c1,voice,inbound," + quoted + ",2026-03-02T09:00:00Z,2026-03-02T09:01:00Z,false\n";
  // The line count of row1: one plus the newlines inside the field.
  const auto newlines = static_cast<std::int64_t>(std::count(big.begin(), big.end(), '\n'));
  SECTION("accepted") {
    const std::string bytes =
        header + row1 + "c2,voice,inbound,x,2026-03-02T09:00:00Z," + "2026-03-02T09:01:00Z,false\n";
    std::vector<Contact> got;
    const auto stats =
        io::for_each_contact("big.csv", bytes, false, [&](const Contact& c) { got.push_back(c); });
    CHECK(stats.rows_read == 2);
    REQUIRE(got.size() == 2);
    CHECK(got[0].reason.size() == size);
    CHECK(got[0].reason == big);
    CHECK(got[1].reason == "x");
  }
  SECTION("an error after it names the right line") {
    // Row 2 starts on physical line 2 + 1 + newlines (header 1, row1 2..2+newlines).
    const std::string bytes =
        header + row1 + "c2,fax,inbound,x,2026-03-02T09:00:00Z," + "2026-03-02T09:01:00Z,false\n";
    try {
      (void)io::for_each_contact("big.csv", bytes, false, [](const Contact&) {});
      FAIL("no ParseError");
    } catch (const io::ParseError& e) {
      CHECK(e.error().line == 3 + newlines);
      CHECK(e.error().column == "channel");
      CHECK(e.error().reason == "bad_enum");
    }
  }
  SECTION("a 10 MB contact_id, twice: the duplicate check holds it and finds it") {
    // Longer than the id set's 1 MiB arena blocks, so it gets a block of its own.
    const std::string id(size, 'i');
    const std::string bytes = header + id + ",voice,inbound,x,2026-03-02T09:00:00Z," +
                              "2026-03-02T09:01:00Z,false\n" + id +
                              ",voice,inbound,x,2026-03-02T09:00:00Z,2026-03-02T09:01:00Z,false\n";
    std::int64_t seen = 0;
    const auto stats = io::for_each_contact(
        "big.csv", bytes, false, [&](const Contact&) { ++seen; },
        io::LoadOptions{.on_error = io::OnError::skip});
    CHECK(stats.rows_read == 2);
    CHECK(seen == 1);
    CHECK(stats.skipped_by_reason.at("duplicate_id") == 1);
    REQUIRE(stats.errors.size() == 1);
    CHECK(stats.errors[0].line == 3);
    CHECK(stats.errors[0].value.size() <= 200);
  }
  SECTION("an error in it is reported with a truncated value") {
    // arrived_at followed by 10 MB of digits: one bad timestamp, one row.
    const std::string bytes = header + "c1,voice,inbound,x,2026-03-02T09:00:00Z" +
                              std::string(size, '9') + ",2026-03-02T09:01:00Z,false\n";
    try {
      (void)io::for_each_contact("big.csv", bytes, false, [](const Contact&) {});
      FAIL("no ParseError");
    } catch (const io::ParseError& e) {
      CHECK(e.error().line == 2);
      CHECK(e.error().column == "arrived_at");
      CHECK(e.error().reason == "bad_timestamp");
      CHECK(e.error().value.size() <= 200);
      CHECK(e.error().to_string().size() < 2000);
    }
  }
}
