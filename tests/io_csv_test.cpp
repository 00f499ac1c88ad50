// SPDX-License-Identifier: MIT
// CSV loader: RFC 4180 structure, the validation rules of SPEC §1.2 with their exact error
// text, skip mode accounting, file entry points and the parallel path.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "contactkpi/io/loader.hpp"
#include "support.hpp"

using namespace std::chrono;
using namespace std::chrono_literals;
using contactkpi::Channel;
using contactkpi::Contact;
using contactkpi::ContactView;
using contactkpi::Interaction;
using contactkpi::Segment;
using contactkpi::Survey;
using contactkpi::Timestamp;
namespace io = contactkpi::io;

namespace {

const std::string data_dir = CONTACTKPI_TEST_DATA_DIR;

Timestamp at(year_month_day d, hours h = 0h, minutes m = 0min, seconds s = 0s) {
  return Timestamp{sys_days{d}} + h + m + s;
}

template <class Record>
struct Got {
  std::vector<Record> records;
  io::LoadStats stats;
};

Got<Contact> contacts(std::string_view csv, io::LoadOptions options = {}) {
  Got<Contact> got;
  got.stats = io::for_each_contact(
      "contacts.csv", csv, false, [&](const Contact& c) { got.records.push_back(c); }, options);
  return got;
}

Got<Survey> surveys(std::string_view csv, io::LoadOptions options = {}) {
  Got<Survey> got;
  got.stats = io::for_each_survey(
      "surveys.csv", csv, false, [&](const Survey& s) { got.records.push_back(s); }, options);
  return got;
}

Got<Segment> segments(std::string_view csv, io::LoadOptions options = {}) {
  Got<Segment> got;
  got.stats = io::for_each_segment(
      "segments.csv", csv, false, [&](const Segment& s) { got.records.push_back(s); }, options);
  return got;
}

/// The text of the error a stop-mode load throws ("" when none).
template <class F>
std::string error_text(F&& load) {
  try {
    load();
  } catch (const io::ParseError& e) {
    CHECK(e.what() == e.error().to_string());
    return e.error().to_string();
  }
  return "";
}

std::string contact_error(std::string_view csv) {
  return error_text([&] { (void)contacts(csv); });
}

const std::string header = "contact_id,arrived_at,answered_at,ended_at,talk_s,hold_s,abandoned\n";
// A good row of that header: answered after 20 s, ended after 5 min.
const std::string good_row =
    "c1,2026-03-02T09:00:00Z,2026-03-02T09:00:20Z,2026-03-02T09:05:00Z,270,10,no\n";

void check_accounting(const io::LoadStats& s) {
  CHECK(s.rows_read == s.rows_used + s.rows_skipped);
  std::int64_t by_reason = 0;
  for (const auto& [reason, n] : s.skipped_by_reason) by_reason += n;
  CHECK(by_reason == s.rows_skipped);
}

}  // namespace

// ---- structure ---------------------------------------------------------------------------

TEST_CASE("CSV: a minimal file gives its records with defaults for absent columns", "[io][csv]") {
  const auto got = contacts(header + good_row);
  REQUIRE(got.records.size() == 1);
  const Contact& c = got.records[0];
  CHECK(c.contact_id == "c1");
  CHECK(c.arrived_at == at(2026y / March / 2, 9h));
  REQUIRE(c.answered_at.has_value());
  CHECK(*c.answered_at == at(2026y / March / 2, 9h, 0min, 20s));
  CHECK(c.ended_at == at(2026y / March / 2, 9h, 5min));
  CHECK(c.talk == 270s);
  CHECK(c.hold == 10s);
  CHECK(c.acw == 0s);  // absent column: 0
  CHECK(c.channel == Channel::voice);
  CHECK(c.is_inbound());
  CHECK_FALSE(c.abandoned);
  CHECK_FALSE(c.resolved.has_value());
  CHECK_FALSE(c.qa_score.has_value());
  CHECK(got.stats.rows_read == 1);
  CHECK(got.stats.rows_used == 1);
  CHECK(got.stats.file == "contacts.csv");
}

TEST_CASE("CSV: BOM, CRLF, any column order, quoted commas, quotes and newlines", "[io][csv]") {
  // tests/data/contacts_mixed.csv: BOM, CRLF, columns in another order, an unknown column
  // "notes", a field with a comma, one with "" quotes, one spanning lines 3-4, and a last
  // line (5) without a line terminator.
  const auto loaded = io::load_contacts(data_dir + "/contacts_mixed.csv");
  const auto& r = loaded.records;
  REQUIRE(r.size() == 3);
  CHECK(r[0].contact_id == "c1");
  CHECK(r[0].reason == "say \"hi\"");
  CHECK(r[0].talk == 280500ms);
  CHECK(r[1].contact_id == "c2");
  CHECK(r[1].reason == "two\r\nlines");
  CHECK(r[1].channel == Channel::chat);
  CHECK(r[1].abandoned);
  CHECK(r[1].ended_at == at(2026y / March / 2, 9h, 5min));  // 10:05+01:00
  CHECK(r[2].contact_id == "c3");
  CHECK(r[2].channel == Channel::email);  // "EMAIL": case-insensitive
  CHECK(loaded.stats.unknown_columns == std::vector<std::string>{"notes"});
  CHECK(loaded.stats.rows_read == 3);
}

TEST_CASE("CSV: line numbers count the lines inside quoted fields", "[io][csv]") {
  const std::string csv =
      "contact_id,reason,arrived_at,ended_at\n"                                 // line 1
      "c1,\"multi\nline\nreason\",2026-03-02T09:00:00Z,2026-03-02T09:01:00Z\n"  // lines 2-4
      "c2,x,2026-03-02T09:00:00,2026-03-02T09:01:00Z\n";                        // line 5
  CHECK(contact_error(csv) ==
        "contacts.csv:5: column 'arrived_at': bad timestamp (missing UTC offset) "
        "'2026-03-02T09:00:00' (bad_timestamp)");
  const auto got = contacts(csv, {.on_error = io::OnError::skip});
  REQUIRE(got.records.size() == 1);
  CHECK(got.records[0].reason == "multi\nline\nreason");
  REQUIRE(got.stats.errors.size() == 1);
  CHECK(got.stats.errors[0].line == 5);
}

TEST_CASE("CSV: blank lines are not rows, and line numbers still count them", "[io][csv]") {
  const auto got = contacts(header + "\n" + good_row + "\r\n\n", {.on_error = io::OnError::skip});
  CHECK(got.stats.rows_read == 1);
  CHECK(contact_error(header + "\n\nc1,x,,2026-03-02T09:05:00Z,,,\n") ==
        "contacts.csv:4: column 'arrived_at': bad timestamp 'x' (bad_timestamp)");
}

TEST_CASE("CSV: a last line without a newline is read", "[io][csv]") {
  std::string csv = header + good_row;
  csv.pop_back();
  CHECK(contacts(csv).records.size() == 1);
  // ... even when its last field is empty, or quoted.
  // "...,270,10," : abandoned empty = false
  CHECK(contacts(header + good_row.substr(0, good_row.size() - 3)).records.size() == 1);
  const std::string quoted =
      "contact_id,arrived_at,ended_at\n\"c1\",2026-03-02T09:00:00Z,"
      "\"2026-03-02T09:05:00Z\"";
  CHECK(contacts(quoted).records.size() == 1);
}

TEST_CASE("CSV: header-only file gives no rows; empty file is an error", "[io][csv]") {
  const auto got = contacts(header);
  CHECK(got.records.empty());
  CHECK(got.stats.rows_read == 0);
  CHECK(contact_error("") ==
        "contacts.csv: empty file: the header row is missing (missing_header)");
  CHECK(contact_error("\xEF\xBB\xBF\r\n") ==
        "contacts.csv: empty file: the header row is missing (missing_header)");
  // Even in skip mode: a file without a header cannot be read at all.
  CHECK_THROWS_AS(contacts("", {.on_error = io::OnError::skip}), io::ParseError);
}

TEST_CASE("CSV: header problems stop the load whatever OnError says", "[io][csv]") {
  CHECK(contact_error("contact_id,arrived_at,ended_at,arrived_at\n") ==
        "contacts.csv:1: column 'arrived_at': duplicate column in the header "
        "(duplicate_column)");
  CHECK(contact_error("contact_id,arrived_at\nc1,2026-03-02T09:00:00Z\n") ==
        "contacts.csv:1: column 'ended_at': required column is missing (missing_column)");
  CHECK(error_text([] { (void)segments("segment,period\n", {.on_error = io::OnError::skip}); }) ==
        "segments.csv:1: column 'customers': required column is missing (missing_column)");
  CHECK(error_text([] {
          (void)io::for_each_interaction("interactions.csv", "agent_id\n", false,
                                         [](const Interaction&) {});
        }) ==
        "interactions.csv:1: column 'contact_id': required column is missing (missing_column)");
  // Surveys have no required column.
  CHECK(surveys("comment\nhello\n").records.size() == 1);
}

TEST_CASE("CSV: unknown columns are reported once and ignored", "[io][csv]") {
  const auto got = contacts(
      "contact_id,site,arrived_at,ended_at,Channel\n"
      "c1,paris,2026-03-02T09:00:00Z,2026-03-02T09:01:00Z,fax\n"
      "c2,rome,2026-03-02T09:00:00Z,2026-03-02T09:01:00Z,fax\n");
  CHECK(got.records.size() == 2);  // "Channel" is not "channel": unknown, so "fax" is ignored
  CHECK(got.stats.unknown_columns == std::vector<std::string>{"site", "Channel"});
}

TEST_CASE("CSV: malformed rows", "[io][csv]") {
  SECTION("wrong number of fields") {
    CHECK(contact_error(header + "c1,2026-03-02T09:00:00Z,,2026-03-02T09:05:00Z\n") ==
          "contacts.csv:2: row has 4 fields, the header has 7 "
          "'c1,2026-03-02T09:00:00Z,,2026-03-02T09:05:00Z' (field_count)");
  }
  SECTION("a stray quote inside an unquoted field") {
    CHECK(contact_error("contact_id,arrived_at,ended_at\nc\"1\",x,y\nc2,x,y\n") ==
          "contacts.csv:2: stray quote (inside an unquoted field, or after a closing quote) "
          "'c\"1\",x,y' (bad_quote)");
    // An odd stray quote does not open a quoted field: the malformed record ends with its
    // line, and the next line is a row of its own (csv_reader.hpp).
    CHECK(contact_error("contact_id,arrived_at,ended_at\nc\"1,x,y\nc2,x,y\n") ==
          "contacts.csv:2: stray quote (inside an unquoted field, or after a closing quote) "
          "'c\"1,x,y' (bad_quote)");
    // In skip mode: line 2 skipped, lines 3 and 4 read and used; the quotes of line 4 are
    // those of a well-formed quoted field.
    const auto got = contacts(header + "c1,2026-03-02T09:00:00Z,,2026-03-02T09:05:00Z,5\" x,,\n" +
                                  good_row + "\"c3\"" + good_row.substr(2),
                              {.on_error = io::OnError::skip});
    check_accounting(got.stats);
    CHECK(got.stats.rows_read == 3);
    CHECK(got.stats.rows_skipped == 1);
    REQUIRE(got.records.size() == 2);
    CHECK(got.records[0].contact_id == "c1");
    CHECK(got.records[1].contact_id == "c3");
    REQUIRE(got.stats.errors.size() == 1);
    CHECK(got.stats.errors[0].line == 2);
    CHECK(got.stats.errors[0].value == "c1,2026-03-02T09:00:00Z,,2026-03-02T09:05:00Z,5\" x,,");
  }
  SECTION("a stray quote after a quoted field that spans lines ends with the line it is on") {
    // Line 2 opens a quoted contact_id that closes on line 3, followed by 'x': the record
    // is lines 2–3; line 4 is read as a row again.
    const auto got = contacts(header + "\"c\n1\"x,2026-03-02T09:00:00Z,,,,,\"\n" + good_row,
                              {.on_error = io::OnError::skip});
    check_accounting(got.stats);
    CHECK(got.stats.rows_read == 2);
    CHECK(got.stats.rows_skipped == 1);
    REQUIRE(got.records.size() == 1);
    CHECK(got.records[0].contact_id == "c1");
    REQUIRE(got.stats.errors.size() == 1);
    CHECK(got.stats.errors[0].line == 2);
    CHECK(got.stats.errors[0].reason == "bad_quote");
    CHECK(got.stats.errors[0].value == "\"c\n1\"x,2026-03-02T09:00:00Z,,,,,\"");
  }
  SECTION("text after a closing quote") {
    CHECK(contact_error("contact_id,arrived_at,ended_at\n\"c1\"x,a,b\n") ==
          "contacts.csv:2: stray quote (inside an unquoted field, or after a closing quote) "
          "'\"c1\"x,a,b' (bad_quote)");
  }
  SECTION("an unterminated quoted field runs to the end of the file") {
    const std::string csv = "contact_id,arrived_at,ended_at\n\"c1,a,b\nc2,a,b\n";
    CHECK(contact_error(csv) ==
          "contacts.csv:2: unterminated quoted field; the malformed record runs on to line 3, "
          "so the 1 line(s) after line 2 are part of it and are not read as rows "
          "'\"c1,a,b\\x0Ac2,a,b\\x0A' (bad_quote)");
    const auto got = contacts(csv, {.on_error = io::OnError::skip});
    CHECK(got.stats.rows_read == 1);
    CHECK(got.stats.rows_skipped == 1);
  }
  SECTION("a NUL byte") {
    const std::string csv =
        std::string{"contact_id,arrived_at,ended_at\nc"} + '\0' + "1,a,b\n" + "c2,a,b\n";
    CHECK(contact_error(csv) == "contacts.csv:2: NUL byte 'c\\x001,a,b' (nul_byte)");
  }
  SECTION("invalid UTF-8 in a field") {
    // \xC3\x28: a lead byte followed by a non-continuation byte.
    CHECK(contact_error("contact_id,arrived_at,ended_at,queue\n"
                        "c1,2026-03-02T09:00:00Z,2026-03-02T09:01:00Z,sal\xC3\x28s\n") ==
          "contacts.csv:2: column 'queue': invalid UTF-8 'sal\\xC3(s' (bad_utf8)");
    // Valid multi-byte UTF-8 is kept as is.
    const auto got = contacts(
        "contact_id,arrived_at,ended_at,queue\n"
        "c1,2026-03-02T09:00:00Z,2026-03-02T09:01:00Z,ventes \xC3\xA9t\xC3\xA9 \xF0\x9F\x93\x9E\n");
    REQUIRE(got.records.size() == 1);
    CHECK(got.records[0].queue == "ventes \xC3\xA9t\xC3\xA9 \xF0\x9F\x93\x9E");
  }
  SECTION("of two invalid fields, the first in column order is reported") {
    // Columns: queue (valid é), agent_id (\xFF: never valid), then reason (\xC3(: invalid).
    CHECK(
        contact_error("contact_id,arrived_at,ended_at,queue,agent_id,reason\n"
                      "c1,2026-03-02T09:00:00Z,2026-03-02T09:01:00Z,\xC3\xA9,a\xFF,r\xC3\x28\n") ==
        "contacts.csv:2: column 'agent_id': invalid UTF-8 'a\\xFF' (bad_utf8)");
  }
  SECTION("an overlong encoding and a surrogate are invalid UTF-8") {
    for (const char* bad : {"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82"}) {
      CAPTURE(bad);
      const auto got = contacts(std::string{"contact_id,arrived_at,ended_at\n"} + bad +
                                    ",2026-03-02T09:00:00Z,2026-03-02T09:01:00Z\n",
                                {.on_error = io::OnError::skip});
      CHECK(got.stats.skipped_by_reason.at("bad_utf8") == 1);
    }
  }
}

TEST_CASE("CSV: fields of every length and position around 16-byte blocks", "[io][csv]") {
  // The tokenizer scans 16 bytes at a time; these rows put field ends, quotes, CRs and
  // non-ASCII bytes at every offset of a block. Expected values are the texts written.
  const std::string head = "contact_id,arrived_at,ended_at,queue,agent_id\n";
  const std::string times = ",2026-03-02T09:00:00Z,2026-03-02T09:01:00Z,";
  for (std::size_t n = 0; n <= 40; ++n) {
    const std::string id = "c" + std::string(n % 17, 'i');
    const std::string queue(n, 'q');
    CAPTURE(n);
    SECTION("plain fields, LF, CRLF and no terminator") {
      for (const char* end : {"\n", "\r\n", ""}) {
        const auto got = contacts(head + id + times + queue + ",a" + std::to_string(n) + end);
        REQUIRE(got.records.size() == 1);
        CHECK(got.records[0].contact_id == id);
        CHECK(got.records[0].queue == queue);
        CHECK(got.records[0].agent_id == "a" + std::to_string(n));
      }
    }
    SECTION("an empty last field: a trailing comma, with and without a line end") {
      for (const char* end : {"\n", "\r\n", ""}) {
        const auto got = contacts(head + id + times + queue + "," + end);
        REQUIRE(got.records.size() == 1);
        CHECK(got.records[0].queue == queue);
        CHECK(got.records[0].agent_id.empty());
      }
    }
    SECTION("a lone CR is data, a CR before LF ends the row") {
      const std::string q = queue + "\r" + queue;
      const auto got = contacts(head + id + times + q + ",a\r\n" + "d" + times + ",b\n");
      REQUIRE(got.records.size() == 2);
      CHECK(got.records[0].queue == q);
      CHECK(got.records[0].agent_id == "a");
      CHECK(got.records[1].contact_id == "d");
      CHECK(got.records[1].agent_id == "b");
    }
    SECTION("a quoted field after plain ones, and plain ones after it") {
      const auto got = contacts(head + id + times + "\"" + queue + ",\"\"x\"\"\"," + queue + "\n");
      REQUIRE(got.records.size() == 1);
      CHECK(got.records[0].queue == queue + ",\"x\"");
      CHECK(got.records[0].agent_id == queue);
    }
    SECTION("a stray quote at any offset of a field") {
      const std::string q = "z" + queue + "\"x";  // not at offset 0: that is a quoted field
      const std::string row = id + times + q + ",a";
      CHECK(contact_error(head + row + "\"\n") ==
            "contacts.csv:2: stray quote (inside an unquoted field, or after a closing quote) '" +
                row + "\"' (bad_quote)");
    }
    SECTION("non-ASCII bytes are checked in their own field only") {
      // Valid UTF-8 (é = C3 A9) anywhere in queue, then invalid (C3 28) in agent_id or queue.
      const std::string q = queue + "\xC3\xA9" + queue;
      const auto got = contacts(head + id + times + q + ",a\n");
      REQUIRE(got.records.size() == 1);
      CHECK(got.records[0].queue == q);
      CHECK(contact_error(head + id + times + q + ",a\xC3(" + queue + "\n") ==
            "contacts.csv:2: column 'agent_id': invalid UTF-8 'a\\xC3(" + queue + "' (bad_utf8)");
      CHECK(contact_error(head + id + times + queue + "\xC3(,a\n") ==
            "contacts.csv:2: column 'queue': invalid UTF-8 '" + queue + "\\xC3(' (bad_utf8)");
    }
    SECTION("a NUL byte at any offset") {
      const std::string row = id + times + queue + std::string(1, '\0') + ",a";
      CHECK(contact_error(head + row + "\nx,y\n") ==
            "contacts.csv:2: NUL byte '" + id + times + queue + "\\x00,a' (nul_byte)");
    }
  }
}

TEST_CASE("CSV: line numbers stay right over many rows of plain fields", "[io][csv]") {
  // Row k (k = 0..99) is on line k + 2; row 57 has a bad timestamp.
  std::string csv = "contact_id,arrived_at,ended_at\n";
  for (int k = 0; k < 100; ++k) {
    csv += "c" + std::to_string(k) +
           (k == 57 ? std::string{",2026-03-02T09:00:00,x\n"}
                    : std::string{",2026-03-02T09:00:00Z,2026-03-02T09:01:00Z\n"});
  }
  const auto got = contacts(csv, {.on_error = io::OnError::skip});
  CHECK(got.records.size() == 99);
  REQUIRE(got.stats.errors.size() == 1);
  CHECK(got.stats.errors[0].line == 59);
}

// ---- validation rules, contacts -----------------------------------------------------------

TEST_CASE("CSV contacts: every rule has its reason and exact text", "[io][csv]") {
  const auto row = [](std::string_view arrived, std::string_view answered, std::string_view ended,
                      std::string_view talk, std::string_view hold, std::string_view abandoned) {
    return header + good_row + "c2," + std::string{arrived} + "," + std::string{answered} + "," +
           std::string{ended} + "," + std::string{talk} + "," + std::string{hold} + "," +
           std::string{abandoned} + "\n";
  };
  const std::string t0 = "2026-03-02T10:00:00Z";
  const std::string t1 = "2026-03-02T10:00:30Z";
  const std::string t2 = "2026-03-02T10:04:00Z";
  CHECK(contact_error(row("2026-13-01T00:00:00Z", "", t2, "", "", "")) ==
        "contacts.csv:3: column 'arrived_at': bad timestamp (out of range) "
        "'2026-13-01T00:00:00Z' (bad_timestamp)");
  CHECK(contact_error(row(t0, "2026-02-29T10:00:00Z", t2, "", "", "")) ==
        "contacts.csv:3: column 'answered_at': bad timestamp (no such day) "
        "'2026-02-29T10:00:00Z' (bad_timestamp)");
  CHECK(contact_error(row(t0, t1, t2, "1m", "", "")) ==
        "contacts.csv:3: column 'talk_s': bad number of seconds '1m' (bad_number)");
  CHECK(contact_error(row(t0, t1, t2, "", "-5", "")) ==
        "contacts.csv:3: column 'hold_s': negative duration '-5' (negative_duration)");
  CHECK(contact_error(row(t0, t1, t2, "", "", "maybe")) ==
        "contacts.csv:3: column 'abandoned': bad boolean (true/false, 1/0, yes/no, y/n) "
        "'maybe' (bad_bool)");
  CHECK(contact_error(row("", t1, t2, "", "", "")) ==
        "contacts.csv:3: column 'arrived_at': missing value (missing_value)");
  CHECK(contact_error(row(t0, t1, "", "", "", "")) ==
        "contacts.csv:3: column 'ended_at': missing value (missing_value)");
  CHECK(contact_error(row(t1, t0, t2, "", "", "")) ==
        "contacts.csv:3: column 'answered_at': answered_at is before arrived_at "
        "'2026-03-02T10:00:00Z' (time_order)");
  CHECK(contact_error(row(t1, "", t0, "", "", "yes")) ==
        "contacts.csv:3: column 'ended_at': ended_at is before arrived_at "
        "'2026-03-02T10:00:00Z' (time_order)");
  CHECK(contact_error(row(t0, t2, t1, "", "", "")) ==
        "contacts.csv:3: column 'ended_at': ended_at is before answered_at "
        "'2026-03-02T10:00:30Z' (time_order)");
  CHECK(contact_error(row(t0, t1, t2, "", "", "true")) ==
        "contacts.csv:3: column 'abandoned': abandoned but has an answered_at 'true' "
        "(abandoned_answered)");
  // Equal times are in order: answered at arrival, ended at answer.
  CHECK(contact_error(row(t0, t0, t0, "", "", "")).empty());
}

TEST_CASE("CSV contacts: missing contact_id, duplicates, enums and qa_score", "[io][csv]") {
  const std::string h = "contact_id,arrived_at,ended_at,channel,direction,qa_score\n";
  const std::string times = ",2026-03-02T10:00:00Z,2026-03-02T10:01:00Z,";
  CHECK(contact_error(h + times + "voice,inbound,\n") ==
        "contacts.csv:2: column 'contact_id': missing value (missing_value)");
  CHECK(contact_error(h + "c1" + times + "voice,,\nc2" + times + ",,\nc1" + times + ",,\n") ==
        "contacts.csv:4: column 'contact_id': duplicate contact_id 'c1' (duplicate_id)");
  CHECK(contact_error(h + "c1" + times + "fax,,\n") ==
        "contacts.csv:2: column 'channel': bad channel (voice, chat, email, sms, social, "
        "video, other) 'fax' (bad_enum)");
  CHECK(contact_error(h + "c1" + times + ",sideways,\n") ==
        "contacts.csv:2: column 'direction': bad direction (inbound, outbound) 'sideways' "
        "(bad_enum)");
  CHECK(contact_error(h + "c1" + times + ",,100.5\n") ==
        "contacts.csv:2: column 'qa_score': out of range (0..100) '100.5' (out_of_range)");
  CHECK(contact_error(h + "c1" + times + ",,-1\n") ==
        "contacts.csv:2: column 'qa_score': out of range (0..100) '-1' (out_of_range)");
  CHECK(contact_error(h + "c1" + times + ",,high\n") ==
        "contacts.csv:2: column 'qa_score': bad number 'high' (bad_number)");
  // Edges are in range.
  const auto got = contacts(h + "c1" + times + "SMS,Outbound,0\nc2" + times + ",,100\n");
  REQUIRE(got.records.size() == 2);
  CHECK(got.records[0].channel == Channel::sms);
  CHECK_FALSE(got.records[0].is_inbound());
  CHECK(*got.records[0].qa_score == 0.0);
  CHECK(*got.records[1].qa_score == 100.0);
}

TEST_CASE("CSV: a duplicate of a skipped row is not a duplicate", "[io][csv]") {
  // Row 2 is rejected (bad timestamp), so its id was never used; row 3 may use it.
  const auto got = contacts(
      "contact_id,arrived_at,ended_at\nc1,bad,2026-03-02T10:01:00Z\n"
      "c1,2026-03-02T10:00:00Z,2026-03-02T10:01:00Z\n",
      {.on_error = io::OnError::skip});
  CHECK(got.records.size() == 1);
  CHECK(got.stats.skipped_by_reason == std::map<std::string, std::int64_t>{{"bad_timestamp", 1}});
}

TEST_CASE("CSV: skip mode counts every rejected row by reason", "[io][csv]") {
  // tests/data/contacts_bad.csv, lines 2..8: good, missing offset, answered before arrived,
  // duplicate c1, talk -1, qa 100.5, good.
  io::Loaded<Contact> l =
      io::load_contacts(data_dir + "/contacts_bad.csv", {.on_error = io::OnError::skip});
  const auto& s = l.stats;
  CHECK(s.rows_read == 7);
  CHECK(s.rows_used == 2);
  CHECK(s.rows_skipped == 5);
  check_accounting(s);
  CHECK(s.skipped_by_reason == std::map<std::string, std::int64_t>{{"bad_timestamp", 1},
                                                                   {"time_order", 1},
                                                                   {"duplicate_id", 1},
                                                                   {"negative_duration", 1},
                                                                   {"out_of_range", 1}});
  REQUIRE(s.errors.size() == 5);
  const std::vector<std::int64_t> lines{3, 4, 5, 6, 7};
  for (std::size_t i = 0; i < 5; ++i) CHECK(s.errors[i].line == lines[i]);
  CHECK(s.errors[2].to_string() ==
        data_dir +
            "/contacts_bad.csv:5: column 'contact_id': duplicate contact_id 'c1' "
            "(duplicate_id)");
  REQUIRE(l.records.size() == 2);
  CHECK(l.records[0].contact_id == "c1");
  CHECK(l.records[1].contact_id == "c6");
  // Stop mode: the first error in line order.
  CHECK(error_text([] { (void)io::load_contacts(data_dir + "/contacts_bad.csv"); }) ==
        data_dir +
            "/contacts_bad.csv:3: column 'arrived_at': bad timestamp (missing UTC offset) "
            "'2026-03-02T09:00:00' (bad_timestamp)");
}

TEST_CASE("CSV: skip mode keeps the first 100 errors but counts all", "[io][csv]") {
  std::string csv = "contact_id,arrived_at,ended_at\n";
  for (int i = 0; i < 150; ++i) csv += "c" + std::to_string(i) + ",x,y\n";
  const auto got = contacts(csv, {.on_error = io::OnError::skip});
  CHECK(got.stats.rows_read == 150);
  CHECK(got.stats.rows_skipped == 150);
  CHECK(got.stats.errors.size() == 100);
  CHECK(got.stats.errors.front().line == 2);
  CHECK(got.stats.errors.back().line == 101);
  check_accounting(got.stats);
}

// ---- other files ---------------------------------------------------------------------------

TEST_CASE("CSV surveys: scales from LoadOptions, whole NPS 0..10", "[io][csv]") {
  const auto loaded = io::load_surveys(data_dir + "/surveys.csv");
  REQUIRE(loaded.records.size() == 3);
  CHECK(loaded.records[0].comment == "Great, thanks");
  CHECK(*loaded.records[0].csat == 5);
  CHECK(*loaded.records[0].nps == 9);
  CHECK(*loaded.records[0].ces == 6);
  CHECK(*loaded.records[0].resolved);
  CHECK(loaded.records[1].contact_id.empty());  // relationship survey
  CHECK(*loaded.records[1].nps == 0);
  CHECK_FALSE(loaded.records[1].csat.has_value());
  CHECK(*loaded.records[2].responded_at == at(2026y / March / 3, 7h));

  const std::string h = "csat,nps,ces\n";
  const auto err = [&](std::string_view row, io::LoadOptions o = {}) {
    return error_text([&] { (void)surveys(h + std::string{row} + "\n", o); });
  };
  CHECK(err("6,,") ==
        "surveys.csv:2: column 'csat': out of range (whole number 1..5) '6' "
        "(out_of_range)");
  CHECK(err("0,,") ==
        "surveys.csv:2: column 'csat': out of range (whole number 1..5) '0' "
        "(out_of_range)");
  CHECK(err("6,,", {.csat_min = 0, .csat_max = 10}).empty());
  CHECK(err(",11,") ==
        "surveys.csv:2: column 'nps': out of range (whole number 0..10) '11' "
        "(out_of_range)");
  CHECK(err(",9.5,") ==
        "surveys.csv:2: column 'nps': out of range (whole number 0..10) '9.5' "
        "(out_of_range)");
  CHECK(err(",-1,") ==
        "surveys.csv:2: column 'nps': out of range (whole number 0..10) '-1' "
        "(out_of_range)");
  CHECK(err(",nine,") == "surveys.csv:2: column 'nps': bad number 'nine' (bad_number)");
  CHECK(err(",9.0,").empty());  // a whole number written with a fraction
  CHECK(err(",,7").empty());
  CHECK(err(",,8") ==
        "surveys.csv:2: column 'ces': out of range (whole number 1..7) '8' "
        "(out_of_range)");
  CHECK(err(",,6", {.ces_scale = contactkpi::CesScale::ces1}) ==
        "surveys.csv:2: column 'ces': out of range (whole number 1..5) '6' (out_of_range)");
}

TEST_CASE("CSV segments: customers and periods", "[io][csv]") {
  const auto loaded = io::load_segments(data_dir + "/segments.csv");
  REQUIRE(loaded.records.size() == 4);
  CHECK(loaded.records[0] == Segment{.segment = "retail", .customers = 1200, .period = "2026-03"});
  CHECK(loaded.records[2].period == "2026-W10");
  CHECK(loaded.records[3].period.empty());

  const std::string h = "segment,customers,period\n";
  const auto err = [&](std::string_view rows) {
    return error_text([&] { (void)segments(h + std::string{rows}); });
  };
  CHECK(err("a,-1,\n") ==
        "segments.csv:2: column 'customers': out of range (whole number >= 0) "
        "'-1' (out_of_range)");
  CHECK(err("a,12.5,\n") ==
        "segments.csv:2: column 'customers': bad number (whole number >= 0) "
        "'12.5' (bad_number)");
  CHECK(err("a,,\n") == "segments.csv:2: column 'customers': missing value (missing_value)");
  CHECK(err(",5,\n") == "segments.csv:2: column 'segment': missing value (missing_value)");
  // ISO weeks: 2026 starts on a Thursday, so it has a week 53; 2025 (Wednesday, not leap)
  // does not; 2020 (Wednesday, leap) does.
  for (const char* ok : {"2026-01", "2026-12", "2024-02-29", "2026-W01", "2026-W53", "2020-W53"}) {
    CAPTURE(ok);
    CHECK(err(std::string{"a,1,"} + ok + "\n").empty());
  }
  for (const char* bad : {"2026-13", "2026-00", "2026-02-29", "2025-W53", "2026-W00", "2026-W54",
                          "2026/03", "2026-3", "2026-03-1", "26-03", "2026-w10", "2026-03-02T00"}) {
    CAPTURE(bad);
    CHECK(err(std::string{"a,1,"} + bad + "\n") ==
          std::string{"segments.csv:2: column 'period': bad period (YYYY-MM, YYYY-MM-DD or "
                      "YYYY-Www) '"} +
              bad + "' (bad_period)");
  }
  CHECK(err("a,1,2026-03\nb,1,2026-03\na,2,2026-03\n") ==
        "segments.csv:4: column 'segment': duplicate segment and period '2026-03' 'a' "
        "(duplicate_id)");
  CHECK(err("a,1,2026-03\na,1,2026-04\na,1,\n").empty());
}

TEST_CASE("CSV interactions: scores, times and durations", "[io][csv]") {
  const auto loaded = io::load_interactions(data_dir + "/interactions.csv");
  REQUIRE(loaded.records.size() == 2);
  CHECK(*loaded.records[0].quality_score == 88.5);
  CHECK(loaded.records[0].talk + loaded.records[0].hold + loaded.records[0].acw == 180s);
  CHECK_FALSE(loaded.records[1].quality_score.has_value());
  CHECK(loaded.records[1].hold == 0s);
  const auto err = [](std::string_view rows) {
    return error_text(
        [&] { (void)io::for_each_interaction("i.csv", rows, false, [](const Interaction&) {}); });
  };
  CHECK(err("contact_id,quality_score\nc1,101\n") ==
        "i.csv:2: column 'quality_score': out of range (0..100) '101' (out_of_range)");
  CHECK(err("contact_id,started_at,ended_at\nc1,2026-03-02T10:00:00Z,2026-03-02T09:00:00Z\n") ==
        "i.csv:2: column 'ended_at': ended_at is before started_at '2026-03-02T09:00:00Z' "
        "(time_order)");
  CHECK(err("contact_id,acw_s\nc1,-3\n") ==
        "i.csv:2: column 'acw_s': negative duration '-3' (negative_duration)");
  // The same contact may have several legs: no duplicate check.
  CHECK(err("contact_id\nc1\nc1\n").empty());
}

// ---- errors and files ------------------------------------------------------------------------

TEST_CASE("Error::to_string escapes and truncates values", "[io][csv]") {
  io::Error e{.file = "f.csv",
              .line = 7,
              .column = "queue",
              .value = "a\tb\x01\xFF\xC3\xA9",
              .reason = "bad_utf8",
              .message = "invalid UTF-8"};
  CHECK(e.to_string() ==
        "f.csv:7: column 'queue': invalid UTF-8 'a\\x09b\\x01\\xFF\xC3\xA9' "
        "(bad_utf8)");
  const std::string long_id(300, 'x');
  const std::string csv = "contact_id,arrived_at,ended_at\n" + long_id +
                          ",2026-03-02T10:00:00Z,2026-03-02T10:01:00Z\n" + long_id +
                          ",2026-03-02T10:00:00Z,2026-03-02T10:01:00Z\n";
  try {
    (void)contacts(csv);
    FAIL("no error");
  } catch (const io::ParseError& error) {
    CHECK(error.error().value == std::string(200, 'x'));
    CHECK(error.error().truncated);
    CHECK(error.error().to_string() ==
          "contacts.csv:3: column 'contact_id': duplicate contact_id '" + std::string(200, 'x') +
              "...' (duplicate_id)");
  }
}

TEST_CASE("Files: format by extension, unreadable files are io_error", "[io][csv]") {
  CHECK(error_text([] { (void)io::load_contacts(data_dir + "/no_such_file.csv"); }) ==
        data_dir + "/no_such_file.csv: cannot read the file: No such file or directory (io_error)");
  CHECK_THROWS_AS(io::load_contacts(data_dir), io::ParseError);  // a directory
  std::vector<std::string> ids;
  const auto stats = io::for_each_contact(data_dir + "/contacts_mixed.csv",
                                          [&](const Contact& c) { ids.push_back(c.contact_id); });
  CHECK(ids == std::vector<std::string>{"c1", "c2", "c3"});
  CHECK(stats.rows_used == 3);
}

// ---- parallel path ---------------------------------------------------------------------------

namespace {

/// A file exercising chunk boundaries: quoted reasons with commas, quotes and newlines (some
/// with a newline right after an opening quote), CRLF rows, blank lines, and rule breaks
/// including duplicates far apart.
std::string big_csv(int rows) {
  std::string csv = "contact_id,reason,arrived_at,ended_at,talk_s\n";
  for (int i = 0; i < rows; ++i) {
    const std::string id = "c" + std::to_string(i % 997 == 5 ? i - 700 : i);  // some duplicates
    std::string reason;
    switch (i % 7) {
      case 0:
        reason = "\"line one\nline \"\"two\"\",\nthree\"";
        break;
      case 1:
        reason = "\"\n\"";
        break;
      case 2:
        reason = "plain";
        break;
      case 3:
        reason = "\"a,b\"";
        break;
      default:
        reason = "";
    }
    // Malformed rows: a stray quote (the record is its line), and a NUL inside a quoted
    // field over two lines (the record runs on by quote parity and its message names the
    // lines): the parallel loader re-reads only pieces with the latter.
    if (i % 211 == 17) reason = "bad\"quote";
    if (i % 307 == 11) reason = std::string{"\"nul"} + '\0' + "\nacross\"";
    const std::string talk = i % 101 == 3 ? "-1" : std::to_string(i % 300);
    const std::string arrived = i % 89 == 7 ? "2026-03-02T09:00:00" : "2026-03-02T09:00:00Z";
    csv += id + "," + reason + "," + arrived + ",2026-03-02T09:10:00Z," + talk;
    csv += i % 5 == 0 ? "\r\n" : "\n";
    if (i % 50 == 0) csv += "\n";
  }
  return csv;
}

struct ByThread {
  std::mutex mutex;
  std::vector<Contact> records;
  std::vector<unsigned> workers;
};

std::vector<Contact> sorted(std::vector<Contact> v) {
  std::sort(v.begin(), v.end(),
            [](const Contact& a, const Contact& b) { return a.contact_id < b.contact_id; });
  return v;
}

}  // namespace

TEST_CASE("CSV parallel: same records, stats and errors as one thread", "[io][csv][parallel]") {
  const std::string csv = big_csv(3000);
  const auto chunk_bytes = GENERATE(as<std::size_t>{}, 64, 1000, 7777, 100000);
  const auto threads = GENERATE(2U, 3U);
  CAPTURE(chunk_bytes, threads);
  const io::LoadOptions serial{.on_error = io::OnError::skip};
  const auto one = contacts(csv, serial);
  REQUIRE(one.stats.rows_skipped > 30);  // the file does exercise the rules
  REQUIRE(one.stats.skipped_by_reason.at("duplicate_id") > 0);
  REQUIRE(one.stats.skipped_by_reason.at("bad_quote") > 10);
  REQUIRE(one.stats.skipped_by_reason.at("nul_byte") > 5);
  REQUIRE(one.stats.errors.size() < 100);  // every error is kept (100 at most), so compared

  ByThread got;
  io::LoadOptions parallel = serial;
  parallel.threads = threads;
  parallel.chunk_bytes = chunk_bytes;
  const auto stats = io::for_each_contact(
      "contacts.csv", csv, false,
      [&](unsigned worker, const Contact& c) {
        const std::lock_guard lock{got.mutex};
        got.records.push_back(c);
        got.workers.push_back(worker);
      },
      parallel);
  CHECK(stats.rows_read == one.stats.rows_read);
  CHECK(stats.rows_used == one.stats.rows_used);
  CHECK(stats.rows_skipped == one.stats.rows_skipped);
  CHECK(stats.skipped_by_reason == one.stats.skipped_by_reason);
  REQUIRE(stats.errors.size() == one.stats.errors.size());
  for (std::size_t i = 0; i < stats.errors.size(); ++i) {
    CHECK(stats.errors[i].to_string() == one.stats.errors[i].to_string());
  }
  CHECK(sorted(got.records) == sorted(one.records));
  CHECK(
      std::all_of(got.workers.begin(), got.workers.end(), [&](unsigned w) { return w < threads; }));
  check_accounting(stats);

  // Stop mode: the same first error.
  const std::string first = contact_error(csv);
  REQUIRE_FALSE(first.empty());
  parallel.on_error = io::OnError::stop;
  CHECK(error_text([&] {
          (void)io::for_each_contact(
              "contacts.csv", csv, false, [](unsigned, const Contact&) {}, parallel);
        }) == first);
}

TEST_CASE("CSV parallel: a file without errors, from a file on disk", "[io][csv][parallel]") {
  std::vector<std::string> ids;
  std::mutex mutex;
  const auto stats = io::for_each_contact(data_dir + "/contacts_mixed.csv",
                                          [&](unsigned, const Contact& c) {
                                            const std::lock_guard lock{mutex};
                                            ids.push_back(c.contact_id);
                                          },
                                          {.threads = 2, .chunk_bytes = 16});
  std::sort(ids.begin(), ids.end());
  CHECK(ids == std::vector<std::string>{"c1", "c2", "c3"});
  CHECK(stats.rows_used == 3);
}

TEST_CASE("CSV parallel: an exception from the sink reaches the caller", "[io][csv][parallel]") {
  const std::string csv = big_csv(500);
  CHECK_THROWS_AS(
      io::for_each_contact("contacts.csv", csv, false,
                           [](unsigned, const Contact& c) {
                             if (c.contact_id == "c400") throw std::runtime_error{"sink"};
                           },
                           {.on_error = io::OnError::skip, .threads = 2, .chunk_bytes = 500}),
      std::runtime_error);
}

TEST_CASE("CSV parallel: garbage input splits and fails exactly like one thread",
          "[io][csv][parallel][property]") {
  // Random bytes from an alphabet rich in CSV syntax: record boundaries, line numbers and
  // errors must not depend on where the chunks are cut.
  const auto seed = GENERATE(take(20, random(0U, 1'000'000U)));
  CAPTURE(seed);
  std::mt19937 rng{seed};
  const std::vector<std::string> alphabet{"a",
                                          "b",
                                          ",",
                                          ",",
                                          "\"",
                                          "\"\"",
                                          "\n",
                                          "\n",
                                          "\r\n",
                                          "\r",
                                          std::string(1, '\0'),
                                          "\xC3\xA9",
                                          "\xC3",
                                          "2026-03-02T09:00:00Z"};
  std::string csv = "contact_id,arrived_at,ended_at\n";
  std::uniform_int_distribution<std::size_t> pick{0, alphabet.size() - 1};
  for (int i = 0; i < 3000; ++i) csv += alphabet[pick(rng)];
  const io::LoadOptions skip{.on_error = io::OnError::skip};
  const auto one = contacts(csv, skip);
  check_accounting(one.stats);
  for (const std::size_t chunk_bytes : {1U, 7U, 50U, 300U}) {
    CAPTURE(chunk_bytes);
    io::LoadOptions parallel = skip;
    parallel.threads = 2;
    parallel.chunk_bytes = chunk_bytes;
    ByThread got;
    const auto stats = io::for_each_contact(
        "contacts.csv", csv, false,
        [&](unsigned, const Contact& c) {
          const std::lock_guard lock{got.mutex};
          got.records.push_back(c);
        },
        parallel);
    CHECK(stats.rows_read == one.stats.rows_read);
    CHECK(stats.rows_used == one.stats.rows_used);
    CHECK(stats.skipped_by_reason == one.stats.skipped_by_reason);
    REQUIRE(stats.errors.size() == one.stats.errors.size());
    for (std::size_t i = 0; i < stats.errors.size(); ++i) {
      CHECK(stats.errors[i].to_string() == one.stats.errors[i].to_string());
    }
    CHECK(sorted(got.records) == sorted(one.records));
  }
}

TEST_CASE("CSV: the duplicate check is exact over many and long ids", "[io][csv]") {
  // 200,000 distinct ids (the id set grows many times), then 3 repeats of known ids, then
  // an id of 2 MiB (longer than an arena block) twice.
  std::string csv = "contact_id,arrived_at,ended_at\n";
  const std::string times = ",2026-03-02T09:00:00Z,2026-03-02T09:01:00Z\n";
  for (int i = 0; i < 200000; ++i) csv += "id" + std::to_string(i) + times;
  csv += "id0" + times + "id199999" + times + "id100000" + times;
  const std::string long_id(2 << 20, 'z');
  csv += long_id + times + long_id + times + times;  // and an empty id: missing_value
  const auto got = contacts(csv, {.on_error = io::OnError::skip});
  CHECK(got.stats.rows_read == 200006);
  CHECK(got.stats.rows_used == 200001);  // 200,000 + the first long id
  CHECK(got.stats.skipped_by_reason ==
        std::map<std::string, std::int64_t>{{"duplicate_id", 4}, {"missing_value", 1}});
  REQUIRE(got.stats.errors.size() == 5);
  CHECK(got.stats.errors[0].line == 200002);  // header + 200,000 rows, then the repeats
  CHECK(got.stats.errors[3].line == 200006);
}

TEST_CASE("CSV batches: runs of records in file order, the same records as one by one",
          "[io][csv][parallel]") {
  // Reference: the one-record Sink (checked record by record in the cases above).
  const std::string csv = big_csv(3000);
  const std::filesystem::path file = contactkpi::test::temp_file("io_csv_batches.csv");
  std::ofstream{file, std::ios::binary} << csv;
  const io::LoadOptions skip{.on_error = io::OnError::skip};
  const auto one = contacts(csv, skip);
  std::map<std::string, std::size_t> position;  // contact_id → index in file order
  for (std::size_t i = 0; i < one.records.size(); ++i) position[one.records[i].contact_id] = i;

  for (const unsigned threads : {1U, 2U}) {
    CAPTURE(threads);
    std::mutex mutex;
    std::vector<Contact> got;
    std::size_t runs = 0;
    io::LoadOptions options = skip;
    options.threads = threads;
    options.chunk_bytes = 1000;
    const auto stats = io::for_each_contact(
        file, io::BatchSink<Contact>{[&](unsigned worker, std::span<const Contact> batch) {
          const std::lock_guard lock{mutex};
          CHECK(worker < threads);
          CHECK_FALSE(batch.empty());
          ++runs;
          // A run is consecutive records of the file.
          const std::size_t first = position.at(batch.front().contact_id);
          for (std::size_t k = 0; k < batch.size(); ++k) {
            REQUIRE(position.at(batch[k].contact_id) == first + k);
          }
          got.insert(got.end(), batch.begin(), batch.end());
        }},
        options);
    CHECK(stats.rows_used == one.stats.rows_used);
    CHECK(stats.skipped_by_reason == one.stats.skipped_by_reason);
    if (threads == 1) {
      CHECK(got == one.records);  // in file order
    } else {
      CHECK(sorted(got) == sorted(one.records));
    }
    CHECK(runs < got.size());  // records do come in runs
  }

  // Stop mode on one thread: every record before the first bad row is handed over (600 good
  // rows: more than one batch), none after, then the error.
  std::string stop_csv = "contact_id,arrived_at,ended_at\n";
  for (int i = 1; i <= 700; ++i) {
    stop_csv += "c" + std::to_string(i) + (i == 601 ? ",yesterday," : ",2026-03-02T09:00:00Z,") +
                "2026-03-02T09:10:00Z\n";
  }
  std::ofstream{file, std::ios::binary | std::ios::trunc} << stop_csv;
  std::size_t before_error = 0;
  CHECK_THROWS_AS(
      io::for_each_contact(file, io::BatchSink<Contact>{[&](unsigned, std::span<const Contact> b) {
                             before_error += b.size();
                           }},
                           {}),
      io::ParseError);
  CHECK(before_error == 600);
  std::filesystem::remove(file);
}

TEST_CASE("CSV views: for_each_contact_view hands over the records of for_each_contact",
          "[io][csv][parallel]") {
  // Reference: the Contact records of the one-thread load. big_csv's reasons have "" (a
  // field unescaped into the reader's buffer for one row only: the view must keep a copy
  // until the batch is handed over), quoted newlines, bad rows and duplicates.
  const std::string csv = big_csv(3000);
  const std::filesystem::path file = contactkpi::test::temp_file("io_csv_views.csv");
  std::ofstream{file, std::ios::binary} << csv;
  const io::LoadOptions skip{.on_error = io::OnError::skip};
  struct {
    std::vector<Contact> records;
    io::LoadStats stats;
  } one;
  one.stats = io::for_each_contact(
      file, [&](const Contact& c) { one.records.push_back(c); }, skip);
  REQUIRE(one.stats.rows_skipped > 30);
  REQUIRE(std::count_if(one.records.begin(), one.records.end(), [](const Contact& c) {
            return c.reason.find('"') != std::string::npos;
          }) > 100);

  const auto chunk_bytes = GENERATE(as<std::size_t>{}, 1000, 7777, 1 << 20);
  for (const unsigned threads : {1U, 2U}) {
    CAPTURE(threads, chunk_bytes);
    std::mutex mutex;
    std::vector<Contact> got;
    io::LoadOptions options = skip;
    options.threads = threads;
    options.chunk_bytes = chunk_bytes;
    const auto stats = io::for_each_contact_view(
        file,
        [&](unsigned, std::span<const ContactView> batch) {
          const std::lock_guard lock{mutex};
          for (const ContactView& v : batch) got.push_back(v.to_contact());
        },
        options);
    CHECK(stats.rows_used == one.stats.rows_used);
    CHECK(stats.skipped_by_reason == one.stats.skipped_by_reason);
    REQUIRE(stats.errors.size() == one.stats.errors.size());
    for (std::size_t i = 0; i < stats.errors.size(); ++i) {
      CHECK(stats.errors[i].to_string() == one.stats.errors[i].to_string());
    }
    if (threads == 1) {
      CHECK(got == one.records);  // in file order
    } else {
      CHECK(sorted(got) == sorted(one.records));
    }
  }

  // Stop mode: the same first error as the Contact load.
  const std::string first =
      error_text([&] { (void)io::for_each_contact(file, [](const Contact&) {}); });
  REQUIRE_FALSE(first.empty());
  CHECK(error_text([&] {
          (void)io::for_each_contact_view(file, [](unsigned, std::span<const ContactView>) {},
                                          {.threads = 2});
        }) == first);
  std::filesystem::remove(file);
}

TEST_CASE("CSV contacts: durations, flags and scores read in place, first failure in order",
          "[io][csv]") {
  // Columns in schema order: the builder parses the fields where the reader found them, with
  // loads past their end (detail::FieldParser); the last fields of the data have no 16 bytes
  // after them and take the public parsers. The same values and errors either way.
  const std::string full_header =
      "contact_id,customer_id,segment,channel,direction,queue,agent_id,reason,arrived_at,"
      "answered_at,ended_at,talk_s,hold_s,acw_s,abandoned,transferred,resolved,qa_score\n";
  const auto row = [](std::string_view id, std::string_view durations, std::string_view flags,
                      std::string_view qa) {
    return std::string{id} +
           ",,,,,,,,2026-03-02T09:00:00Z,2026-03-02T09:00:20Z,2026-03-02T09:05:00Z," +
           std::string{durations} + "," + std::string{flags} + "," + std::string{qa} + "\n";
  };
  const std::string csv = full_header + row("c1", "108.91,0,15.638", "false,TRUE,", "87.5") +
                          row("c2", ".5,,12345678.12345678", "no,1,yes", "") +
                          row("c3", "812,48,5.", ",,False", "100");
  const auto got = contacts(csv);
  REQUIRE(got.records.size() == 3);
  const Contact& c1 = got.records[0];
  CHECK(c1.talk == 108'910'000us);  // 108.91 s
  CHECK(c1.hold == 0us);
  CHECK(c1.acw == 15'638'000us);  // 15.638 s
  CHECK_FALSE(c1.abandoned);
  CHECK(c1.transferred);
  CHECK_FALSE(c1.resolved.has_value());
  CHECK(c1.qa_score == 87.5);
  const Contact& c2 = got.records[1];
  CHECK(c2.talk == 500'000us);  // .5 s
  CHECK(c2.hold == 0us);        // empty = 0
  // 12,345,678 s and .123456 (the 7th and 8th decimals truncated) = 12,345,678,123,456 µs.
  CHECK(c2.acw == 12'345'678'123'456us);
  CHECK_FALSE(c2.abandoned);
  CHECK(c2.transferred);
  CHECK(c2.resolved == true);
  CHECK_FALSE(c2.qa_score.has_value());
  const Contact& c3 = got.records[2];
  CHECK(c3.talk == 812'000'000us);
  CHECK(c3.hold == 48'000'000us);
  CHECK(c3.acw == 5'000'000us);  // "5." = 5 s
  CHECK(c3.resolved == false);
  CHECK(c3.qa_score == 100.0);

  // Several bad fields in one row: the first in column order is reported, as ever.
  const auto error = [&](std::string_view durations, std::string_view flags, std::string_view qa) {
    return contact_error(full_header + row("c1", durations, flags, qa) +
                         row("c2", "1,2,3", ",,", ""));
  };
  CHECK(error("1m,-5,x", ",,", "") ==
        "contacts.csv:2: column 'talk_s': bad number of seconds '1m' (bad_number)");
  CHECK(error("5,x,-1", ",,", "") ==
        "contacts.csv:2: column 'hold_s': bad number of seconds 'x' (bad_number)");
  CHECK(error("5,0.5,-1", ",,", "") ==
        "contacts.csv:2: column 'acw_s': negative duration '-1' (negative_duration)");
  CHECK(error("1,2,1000000000001", ",,", "") ==
        "contacts.csv:2: column 'acw_s': bad number of seconds (out of range) '1000000000001' "
        "(bad_number)");
  CHECK(error("1,.,3", "maybe,,", "") ==
        "contacts.csv:2: column 'hold_s': bad number of seconds '.' (bad_number)");
  CHECK(error("1,2,3", "true,tru,", "") ==
        "contacts.csv:2: column 'transferred': bad boolean (true/false, 1/0, yes/no, y/n) 'tru' "
        "(bad_bool)");
  CHECK(error("1,2,3", ",,", "100.5") ==
        "contacts.csv:2: column 'qa_score': out of range (0..100) '100.5' (out_of_range)");
}
