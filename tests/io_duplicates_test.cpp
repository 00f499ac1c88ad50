// SPDX-License-Identifier: MIT
// The duplicate-id check when the id set refers to the file instead of copying ids: ids in
// plain fields, quoted fields, quoted fields with "" (copied), long ids (copied), on the
// sequential and the parallel path, with duplicates far apart.
#include <catch2/catch.hpp>

#include <algorithm>
#include <mutex>
#include <string>
#include <vector>

#include "contactkpi/io/loader.hpp"

using namespace contactkpi;

namespace {

constexpr std::string_view header = "contact_id,channel,direction,arrived_at,ended_at,abandoned\n";

std::string row(std::string_view id) {
  return std::string{id} + ",voice,inbound,2026-03-02T09:00:00Z,2026-03-02T09:01:00Z,true\n";
}

}  // namespace

TEST_CASE("Duplicate contact ids are found in every spelling, on both load paths",
          "[io][duplicates]") {
  const std::string long_id(300, 'L');  // longer than an id kept as a file reference
  std::string csv{header};
  csv += row("C5");
  csv += row("\"X\"\"1\"");  // the id X"1, unescaped into a scratch buffer
  csv += row(long_id);
  for (int i = 0; i < 20'000; ++i) csv += row("N" + std::to_string(i));  // about 1.3 MB
  csv += row("\"C5\"");      // duplicate of C5 (row 20 005), quoted
  csv += row("\"X\"\"1\"");  // duplicate of X"1 (row 20 006)
  csv += row(long_id);       // duplicate of the long id (row 20 007)
  csv += row("N19999");      // duplicate (row 20 008)
  csv += row("C5x");         // not a duplicate

  const unsigned threads = GENERATE(1U, 2U);
  CAPTURE(threads);
  io::LoadOptions options;
  options.on_error = io::OnError::skip;
  options.threads = threads;
  options.chunk_bytes = std::size_t{64} * 1024;  // many chunks on the parallel path
  std::mutex m;
  std::vector<std::string> ids;
  const io::LoadStats stats = io::for_each_contact(
      "dup.csv", csv, false, io::ParallelSink<Contact>{[&](unsigned, const Contact& c) {
        const std::lock_guard lock{m};
        ids.push_back(c.contact_id);
      }},
      options);
  // 3 + 20 000 + 5 rows; the 4 duplicates skipped.
  CHECK(stats.rows_read == 20'008);
  CHECK(stats.rows_skipped == 4);
  CHECK(stats.skipped_by_reason.at("duplicate_id") == 4);
  CHECK(stats.rows_used == 20'004);
  REQUIRE(stats.errors.size() == 4);
  CHECK(stats.errors[0].line == 20'005);  // header is line 1, C5 line 2, ... N19999 line 20 004
  CHECK(stats.errors[0].value == "C5");
  CHECK(stats.errors[1].value == "X\"1");
  CHECK(stats.errors[2].value == long_id.substr(0, stats.errors[2].value.size()));
  CHECK(stats.errors[3].value == "N19999");
  CHECK(std::count(ids.begin(), ids.end(), "C5x") == 1);
  CHECK(ids.size() == 20'004);
}

TEST_CASE("The duplicate check stays exact when the row estimate is far too low",
          "[io][duplicates]") {
  // The id set is sized from the first MiB of the file. Here that MiB holds 400 long rows
  // (an ignored column of 2 500 bytes), and 60 000 short rows follow: the table must grow
  // several times, re-reading every id kept as a reference into the file.
  std::string csv = "contact_id,note,channel,direction,arrived_at,ended_at,abandoned\n";
  const std::string note(2500, 'n');
  const auto line = [&](const std::string& id, const std::string& n) {
    return id + ',' + n + ",voice,inbound,2026-03-02T09:00:00Z,2026-03-02T09:01:00Z,true\n";
  };
  for (int i = 0; i < 400; ++i) csv += line("L" + std::to_string(i), note);
  for (int i = 0; i < 60'000; ++i) csv += line("S" + std::to_string(i), "");
  csv += line("L7", "");      // duplicate of row 9 (line 9)
  csv += line("S59999", "");  // duplicate of the last short row
  csv += line("S60000", "");  // new
  const unsigned threads = GENERATE(1U, 2U);
  CAPTURE(threads);
  io::LoadOptions options;
  options.on_error = io::OnError::skip;
  options.threads = threads;
  options.chunk_bytes = std::size_t{256} * 1024;
  const io::LoadStats stats = io::for_each_contact(
      "grow.csv", csv, false, io::ParallelSink<Contact>{[](unsigned, const Contact&) {}}, options);
  CHECK(stats.rows_read == 60'403);
  CHECK(stats.rows_used == 60'401);
  REQUIRE(stats.errors.size() == 2);
  CHECK(stats.errors[0].value == "L7");
  CHECK(stats.errors[1].value == "S59999");
}

TEST_CASE("Without the duplicate check, repeated ids are delivered like other rows",
          "[io][duplicates]") {
  // LoadOptions::check_duplicates = false: the same file as above in miniature, CSV on both
  // paths and JSON Lines; by hand: 3 distinct ids and 2 repeats, all 5 rows used.
  std::string csv{header};
  for (const char* id : {"A", "B", "\"A\"", "C", "B"}) csv += row(id);
  std::string jsonl;
  for (const char* id : {"A", "B", "A", "C", "B"}) {
    jsonl += std::string{R"({"contact_id":")"} + id +
             R"(","channel":"voice","direction":"inbound","arrived_at":"2026-03-02T09:00:00Z",)"
             R"("ended_at":"2026-03-02T09:01:00Z","abandoned":true})" +
             "\n";
  }
  const unsigned threads = GENERATE(1U, 2U);
  const bool json = GENERATE(false, true);
  CAPTURE(threads, json);
  for (const bool check : {true, false}) {
    io::LoadOptions options;
    options.on_error = io::OnError::skip;
    options.threads = threads;
    options.chunk_bytes = 64;  // a piece per row or so on the parallel path
    options.check_duplicates = check;
    std::mutex m;
    std::vector<std::string> ids;
    const io::LoadStats stats =
        io::for_each_contact(json ? "dup.jsonl" : "dup.csv", json ? jsonl : csv, json,
                             io::ParallelSink<Contact>{[&](unsigned, const Contact& c) {
                               const std::lock_guard lock{m};
                               ids.push_back(c.contact_id);
                             }},
                             options);
    std::sort(ids.begin(), ids.end());
    CHECK(stats.rows_read == 5);
    if (check) {
      CHECK(stats.rows_used == 3);
      CHECK(stats.skipped_by_reason.at("duplicate_id") == 2);
      CHECK(ids == std::vector<std::string>{"A", "B", "C"});
    } else {
      CHECK(stats.rows_used == 5);
      CHECK(stats.rows_skipped == 0);
      CHECK(ids == std::vector<std::string>{"A", "A", "B", "B", "C"});
    }
  }
}

TEST_CASE("Without the duplicate check, failed rows are skipped or stop the load in file order",
          "[io][duplicates][parallel]") {
  // The parallel path lists only the failed rows of a piece when ids are not checked; the
  // good ones before, between and after them must still arrive, once each, and the counts
  // and the first error be those of the sequential path. By hand: 17 rows (lines 2-18),
  // G1-G5, a bad timestamp (line 7), G6-G10, a row of 5 fields instead of 6 (line 13),
  // G11-G15: 15 used in skip mode; the load stops at line 7 in stop mode. Rows are about 60
  // bytes: pieces of 16 bytes hold one row each, of 150 and 400 bytes several, with the
  // failed rows inside them.
  std::string csv{header};
  const auto good = [&](int from, int to) {
    for (int i = from; i <= to; ++i) csv += row("G" + std::to_string(i));
  };
  good(1, 5);
  csv += "B1,voice,inbound,yesterday,2026-03-02T09:01:00Z,true\n";
  good(6, 10);
  csv += "B2,voice,inbound,2026-03-02T09:00:00Z,true\n";
  good(11, 15);
  const unsigned threads = GENERATE(1U, 2U, 3U);
  const std::size_t chunk = GENERATE(std::size_t{16}, std::size_t{150}, std::size_t{400});
  CAPTURE(threads, chunk);
  io::LoadOptions options;
  options.threads = threads;
  options.chunk_bytes = chunk;
  options.check_duplicates = false;
  std::mutex m;
  std::vector<std::string> ids;
  const io::ParallelSink<Contact> sink{[&](unsigned, const Contact& c) {
    const std::lock_guard lock{m};
    ids.push_back(c.contact_id);
  }};

  options.on_error = io::OnError::skip;
  const io::LoadStats stats = io::for_each_contact("mixed.csv", csv, false, sink, options);
  CHECK(stats.rows_read == 17);
  CHECK(stats.rows_used == 15);
  CHECK(stats.rows_skipped == 2);
  CHECK(stats.skipped_by_reason.at("bad_timestamp") == 1);
  CHECK(stats.skipped_by_reason.at("field_count") == 1);
  REQUIRE(stats.errors.size() == 2);
  CHECK(stats.errors[0].line == 7);
  CHECK(stats.errors[1].line == 13);
  std::vector<std::string> expected;
  for (int i = 1; i <= 15; ++i) expected.push_back("G" + std::to_string(i));
  std::sort(ids.begin(), ids.end());
  std::sort(expected.begin(), expected.end());
  CHECK(ids == expected);

  options.on_error = io::OnError::stop;
  ids.clear();
  try {
    (void)io::for_each_contact("mixed.csv", csv, false, sink, options);
    FAIL("the load must stop at line 7");
  } catch (const io::ParseError& e) {
    CHECK(e.error().line == 7);
    CHECK(e.error().reason == "bad_timestamp");
  }
  // What reached the sink before the error: rows before line 7 only (G1-G5), each at most
  // once.
  std::sort(ids.begin(), ids.end());
  CHECK(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
  const std::vector<std::string> before{"G1", "G2", "G3", "G4", "G5"};
  for (const std::string& id : ids) {
    CAPTURE(id);
    CHECK(std::find(before.begin(), before.end(), id) != before.end());
  }
}
