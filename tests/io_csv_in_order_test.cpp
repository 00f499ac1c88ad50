// SPDX-License-Identifier: MIT
// CSV loader: a header in SPEC order (every column, in the order of SPEC §1.1) takes a path of
// its own (the row's fields are copied to the record's at once); the same rows under the same
// header in reverse order (the column-by-column path) must give the same records, stats and
// errors, and the texts written here.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "contactkpi/io/loader.hpp"

using contactkpi::Contact;
namespace io = contactkpi::io;

namespace {

// SPEC §1.1, contacts.csv, in order.
const std::vector<std::string> spec_columns = {
    "contact_id", "customer_id", "segment",    "channel",     "direction", "queue",
    "agent_id",   "reason",      "arrived_at", "answered_at", "ended_at",  "talk_s",
    "hold_s",     "acw_s",       "abandoned",  "transferred", "resolved",  "qa_score"};

using Row = std::vector<std::string>;

/// A row of every column; `queue`, `reason` and `contact_id` vary.
Row row(std::string id, std::string queue, std::string reason) {
  return {std::move(id),
          "CU1",
          "premium",
          "voice",
          "inbound",
          std::move(queue),
          "A1",
          std::move(reason),
          "2026-03-02T09:00:00Z",
          "2026-03-02T09:00:20Z",
          "2026-03-02T09:05:00Z",
          "270",
          "10",
          "20",
          "false",
          "false",
          "true",
          "90"};
}

/// The CSV text of `rows` under the SPEC header, its columns in the order `order` gives.
std::string csv(const std::vector<std::size_t>& order, const std::vector<Row>& rows) {
  std::string out;
  for (std::size_t k = 0; k < order.size(); ++k) out += (k > 0 ? "," : "") + spec_columns[order[k]];
  out += "\n";
  for (const Row& r : rows) {
    for (std::size_t k = 0; k < order.size(); ++k) out += (k > 0 ? "," : "") + r[order[k]];
    out += "\n";
  }
  return out;
}

struct Got {
  std::vector<Contact> records;
  io::LoadStats stats;
};

Got load(const std::string& text, unsigned threads) {
  Got got;
  got.stats = io::for_each_contact(
      "contacts.csv", text, false, [&](const Contact& c) { got.records.push_back(c); },
      {.on_error = io::OnError::skip, .threads = threads, .chunk_bytes = 256});
  return got;
}

}  // namespace

TEST_CASE("CSV: a header in SPEC order gives what the same columns in another order give",
          "[io][csv]") {
  std::vector<std::size_t> in_order(spec_columns.size());
  for (std::size_t k = 0; k < in_order.size(); ++k) in_order[k] = k;
  std::vector<std::size_t> reversed(in_order.rbegin(), in_order.rend());

  const std::vector<Row> rows = {
      row("c1", "sales", "billing"),
      row("c2", "ventes \xC3\xA9t\xC3\xA9", "\"a, \"\"b\"\"\""),  // é, and a quoted field with ""
      row("c3", "sal\xC3\x28s", "x"),                             // invalid UTF-8 in queue
      row("c4", "q", "r\xFF"),                                    // invalid UTF-8 in reason
      row("c5", "\"multi\nline\"", "y"),
      row("c6", "plain", "\xF0\x9F\x93\x9E"),  // a valid 4-byte character
  };
  for (const unsigned threads : {1U, 2U}) {
    CAPTURE(threads);
    const Got a = load(csv(in_order, rows), threads);
    const Got b = load(csv(reversed, rows), threads);
    CHECK(a.records == b.records);
    CHECK(a.stats.rows_read == b.stats.rows_read);
    CHECK(a.stats.rows_skipped == b.stats.rows_skipped);
    CHECK(a.stats.skipped_by_reason == b.stats.skipped_by_reason);
    REQUIRE(a.stats.errors.size() == b.stats.errors.size());
    // The texts written above: c3 and c4 are rejected, the others kept as written.
    REQUIRE(a.records.size() == 4);
    CHECK(a.records[0].queue == "sales");
    CHECK(a.records[0].reason == "billing");
    CHECK(a.records[1].queue == "ventes \xC3\xA9t\xC3\xA9");
    CHECK(a.records[1].reason == "a, \"b\"");
    CHECK(a.records[2].queue == "multi\nline");
    CHECK(a.records[3].reason == "\xF0\x9F\x93\x9E");
    CHECK(a.stats.skipped_by_reason.at("bad_utf8") == 2);
    REQUIRE(a.stats.errors.size() == 2);
    CHECK(a.stats.errors[0].column == "queue");
    CHECK(a.stats.errors[1].column == "reason");
    CHECK(b.stats.errors[0].column == "queue");
    CHECK(b.stats.errors[1].column == "reason");
  }
}
