// SPDX-License-Identifier: MIT
// JSON loader: arrays and JSON Lines, native types, line numbers, syntax and type errors.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
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
using contactkpi::Segment;
using contactkpi::Survey;
using contactkpi::SurveyView;
using contactkpi::Timestamp;
namespace io = contactkpi::io;

namespace {

const std::string data_dir = CONTACTKPI_TEST_DATA_DIR;

struct Got {
  std::vector<Contact> records;
  io::LoadStats stats;
};

Got json_contacts(std::string_view json, io::LoadOptions options = {}) {
  Got got;
  got.stats = io::for_each_contact(
      "c.json", json, true, [&](const Contact& c) { got.records.push_back(c); }, options);
  return got;
}

std::string json_error(std::string_view json, io::LoadOptions options = {}) {
  try {
    (void)json_contacts(json, options);
  } catch (const io::ParseError& e) {
    return e.error().to_string();
  }
  return "";
}

const std::string times =
    R"("arrived_at": "2026-03-02T09:00:00Z", "ended_at": "2026-03-02T09:05:00Z")";

}  // namespace

TEST_CASE("JSON: an array and JSON Lines give the same records", "[io][json]") {
  const auto array = io::load_contacts(data_dir + "/contacts.json");
  const auto lines = io::load_contacts(data_dir + "/contacts.jsonl");
  REQUIRE(array.records.size() == 2);
  CHECK(array.records == lines.records);
  const Contact& c1 = array.records[0];
  CHECK(c1.contact_id == "c1");
  CHECK(c1.talk == 280500ms);            // native number 280.5
  CHECK(*c1.qa_score == 90.0);           // native integer
  CHECK_FALSE(c1.abandoned);             // native bool
  CHECK_FALSE(c1.resolved.has_value());  // null = empty
  CHECK(*c1.answered_at == Timestamp{sys_days{2026y / March / 2}} + 9h + 20s);
  const Contact& c2 = array.records[1];
  CHECK(c2.abandoned);  // "yes" as a string
  CHECK(c2.channel == Channel::chat);
  // "extra" holds an object: an unknown field, reported once and skipped whole.
  CHECK(array.stats.unknown_columns == std::vector<std::string>{"extra"});
  CHECK(lines.stats.unknown_columns == std::vector<std::string>{"extra"});
  CHECK(array.stats.rows_read == 2);
  CHECK(lines.stats.rows_used == 2);
}

TEST_CASE("JSON: errors carry the line where the object starts", "[io][json]") {
  // Array: objects start on lines 2 and 3.
  const std::string array = "[\n  {\"contact_id\": \"c1\", " + times +
                            "},\n"
                            "  {\"contact_id\": \"c2\",\n"
                            "   \"arrived_at\": \"2026-03-02T09:00:00\", \"ended_at\": \"x\"}\n]";
  CHECK(json_error(array) ==
        "c.json:3: column 'arrived_at': bad timestamp (missing UTC offset) "
        "'2026-03-02T09:00:00' (bad_timestamp)");
  // JSON Lines: blank lines count.
  const std::string lines = "{\"contact_id\": \"c1\", " + times + "}\n\n  \n" +
                            "{\"contact_id\": \"c1\", " + times + "}\n";
  CHECK(json_error(lines) ==
        "c.json:4: column 'contact_id': duplicate contact_id 'c1' (duplicate_id)");
}

TEST_CASE("JSON: line numbers in an array ignore newlines inside strings", "[io][json]") {
  const std::string array = "[{\"contact_id\": \"c1\", \"reason\": \"a\\nb\", " + times +
                            "},\n{\"contact_id\": \"c1\", " + times + "}]";
  CHECK(json_error(array) ==
        "c.json:2: column 'contact_id': duplicate contact_id 'c1' (duplicate_id)");
  const auto got = json_contacts(R"([{"contact_id": "c1", "reason": "a\nb", )" + times + "}]");
  CHECK(got.records.at(0).reason == "a\nb");
}

TEST_CASE("JSON: wrong types are row errors naming the field", "[io][json]") {
  const auto one = [](std::string_view fields) {
    return "[{\"contact_id\": \"c1\", " + times + ", " + std::string{fields} + "}]";
  };
  CHECK(json_error(R"([{"contact_id": "c1", "arrived_at": 1772442000, "ended_at": "x"}])") ==
        "c.json:1: column 'arrived_at': wrong JSON type: expected a string '1772442000' "
        "(wrong_type)");
  CHECK(json_error(one(R"("queue": true)")) ==
        "c.json:1: column 'queue': wrong JSON type: expected a string or a number 'true' "
        "(wrong_type)");
  CHECK(json_error(one(R"("talk_s": false)")) ==
        "c.json:1: column 'talk_s': wrong JSON type: expected a number or a string 'false' "
        "(wrong_type)");
  CHECK(json_error(one(R"("segment": {"name": "retail"})")) ==
        "c.json:1: column 'segment': wrong JSON type: expected a string or a number, got an "
        "object or array (wrong_type)");
  CHECK(json_error(one(R"("qa_score": [90])")) ==
        "c.json:1: column 'qa_score': wrong JSON type: expected a number or a string, got an "
        "object or array (wrong_type)");
  CHECK(json_error(one(R"("queue": "a", "queue": "b")")) ==
        "c.json:1: column 'queue': field appears twice in the object (duplicate_column)");
  CHECK(json_error(one(R"("queue": "a\u0000b")")) ==
        "c.json:1: column 'queue': NUL character 'a\\x00b' (nul_byte)");
  CHECK(json_error("[1]") == "c.json:1: array element is not an object '1' (wrong_type)");
  CHECK(json_error("[[{}]]") == "c.json:1: array element is not an object (wrong_type)");
  CHECK(json_error("\n\"text\"") == "c.json:2: line is not a JSON object 'text' (wrong_type)");
  CHECK(json_error("{\"contact_id\": \"c1\", " + times + "}\n[1, 2]") ==
        "c.json:2: line is not a JSON object (wrong_type)");
}

TEST_CASE("JSON: native values convert like their text", "[io][json]") {
  const auto got = json_contacts(R"([{"contact_id": 12345, "abandoned": 1, "talk_s": 1e-3, )" +
                                 times + R"(, "qa_score": 87.25, "hold_s": null, "acw_s": 30}])");
  REQUIRE(got.records.size() == 1);
  const Contact& c = got.records[0];
  CHECK(c.contact_id == "12345");
  CHECK(c.abandoned);
  CHECK(c.talk == 1ms);  // 1e-3 s
  CHECK(*c.qa_score == 87.25);
  CHECK(c.hold == 0s);
  CHECK(c.acw == 30s);
  CHECK(json_error(R"([{"contact_id": "c1", "abandoned": 2, )" + times + "}]") ==
        "c.json:1: column 'abandoned': bad boolean (true/false, 1/0, yes/no, y/n) '2' "
        "(bad_bool)");
  CHECK(json_error(R"([{"contact_id": "c1", "talk_s": -4.5, )" + times + "}]") ==
        "c.json:1: column 'talk_s': negative duration '-4.5' (negative_duration)");
  CHECK(json_error(R"([{"contact_id": null, )" + times + "}]") ==
        "c.json:1: column 'contact_id': missing value (missing_value)");
  CHECK(json_error(R"([{)" + times + "}]") ==
        "c.json:1: column 'contact_id': missing value (missing_value)");
}

TEST_CASE("JSON: syntax errors", "[io][json]") {
  SECTION("a truncated array stops the load even in skip mode") {
    const std::string truncated =
        "[\n{\"contact_id\": \"c1\", " + times + "},\n{\"contact_id\": \"c2\", ";
    const std::string text = json_error(truncated, {.on_error = io::OnError::skip});
    CHECK(text.rfind("c.json:3: invalid JSON: syntax error while parsing object key", 0) == 0);
    CHECK(text.find("(bad_json)") != std::string::npos);
  }
  SECTION("trailing text after the array") {
    CHECK(json_error("[]\nx").rfind("c.json:2: invalid JSON: syntax error", 0) == 0);
  }
  SECTION("a bad JSON Lines line is a row error; skip mode goes on") {
    const std::string lines = "{\"contact_id\": \"c1\", " + times + "}\n" +
                              "{\"contact_id\": \"c2\", \n" +                   // truncated line 2
                              "{\"contact_id\": \"c3\", " + times + "} {}\n" +  // two objects
                              "{\"contact_id\": \"c4\", " + times + "}";
    const std::string text = json_error(lines);
    CHECK(text.rfind("c.json:2: invalid JSON: syntax error", 0) == 0);
    CHECK(text.find("'{\"contact_id\": \"c2\", ' (bad_json)") != std::string::npos);
    const auto got = json_contacts(lines, {.on_error = io::OnError::skip});
    CHECK(got.stats.rows_read == 4);
    CHECK(got.stats.rows_used == 2);
    CHECK(got.stats.rows_skipped == 2);
    CHECK(got.stats.skipped_by_reason == std::map<std::string, std::int64_t>{{"bad_json", 2}});
    REQUIRE(got.stats.errors.size() == 2);
    CHECK(got.stats.errors[1].line == 3);
    REQUIRE(got.records.size() == 2);
    CHECK(got.records[1].contact_id == "c4");
  }
}

TEST_CASE("JSON: empty input, empty array, BOM", "[io][json]") {
  CHECK(json_contacts("").stats.rows_read == 0);
  CHECK(json_contacts(" \n\n").stats.rows_read == 0);
  CHECK(json_contacts("[]").stats.rows_read == 0);
  CHECK(json_contacts("\xEF\xBB\xBF[{\"contact_id\": \"c1\", " + times + "}]").records.size() == 1);
}

TEST_CASE("JSON: skip mode accounting over every kind of row error", "[io][json]") {
  const std::string array = "[{\"contact_id\": \"c1\", " + times + "},\n" +
                            "{\"contact_id\": \"c1\", " + times + "},\n" +  // duplicate
                            "7,\n" +                                        // not an object
                            "{\"contact_id\": \"c2\", \"talk_s\": {}, " + times + "},\n" +
                            "{\"contact_id\": \"c3\", \"qa_score\": 101, " + times + "},\n" +
                            "{\"contact_id\": \"c4\", " + times + "}]";
  const auto got = json_contacts(array, {.on_error = io::OnError::skip});
  CHECK(got.stats.rows_read == 6);
  CHECK(got.stats.rows_used == 2);
  CHECK(got.stats.rows_skipped == 4);
  CHECK(got.stats.rows_read == got.stats.rows_used + got.stats.rows_skipped);
  CHECK(got.stats.skipped_by_reason == std::map<std::string, std::int64_t>{{"duplicate_id", 1},
                                                                           {"wrong_type", 2},
                                                                           {"out_of_range", 1}});
  REQUIRE(got.stats.errors.size() == 4);
  for (std::int64_t i = 0; i < 4; ++i)
    CHECK(got.stats.errors[static_cast<std::size_t>(i)].line == i + 2);
}

TEST_CASE("JSON: surveys and segments", "[io][json]") {
  std::vector<Survey> surveys;
  const auto s = io::for_each_survey(
      "s.jsonl", R"({"contact_id": "c1", "csat": 5, "nps": 10.0, "ces": "7", "resolved": true})",
      true, [&](const Survey& v) { surveys.push_back(v); });
  REQUIRE(surveys.size() == 1);
  CHECK(*surveys[0].csat == 5);
  CHECK(*surveys[0].nps == 10);
  CHECK(*surveys[0].ces == 7);
  CHECK(*surveys[0].resolved);
  CHECK(s.rows_used == 1);

  std::vector<Segment> segments;
  (void)io::for_each_segment("g.json",
                             R"([{"segment": "retail", "customers": 1200, "period": "2026-03"},
                                 {"segment": "smb", "customers": "80"}])",
                             true, [&](const Segment& v) { segments.push_back(v); });
  REQUIRE(segments.size() == 2);
  CHECK(segments[0] == Segment{.segment = "retail", .customers = 1200, .period = "2026-03"});
  CHECK(segments[1].customers == 80);
}

TEST_CASE("JSON views: for_each_contact_view reads JSON Lines as for_each_contact does",
          "[io][json]") {
  // A quote escaped as \" in a JSON string is unescaped into the reader's buffer: the view
  // must still read it in the sink.
  const std::string jsonl =
      "{\"contact_id\":\"j1\",\"reason\":\"say "
      "\\\"hi\\\"\",\"arrived_at\":\"2026-03-02T09:00:00Z\","
      "\"ended_at\":\"2026-03-02T09:05:00Z\",\"talk_s\":240}\n"
      "{\"contact_id\":\"j2\",\"customer_id\":\"cu\",\"arrived_at\":\"2026-03-02T10:00:00Z\","
      "\"ended_at\":\"2026-03-02T10:01:00Z\"}\n";
  const std::filesystem::path file = contactkpi::test::temp_file("io_views.jsonl");
  std::ofstream{file, std::ios::binary} << jsonl;
  std::vector<Contact> expected;
  (void)io::for_each_contact(file, [&](const Contact& c) { expected.push_back(c); });
  REQUIRE(expected.size() == 2);
  REQUIRE(expected[0].reason == "say \"hi\"");
  std::vector<Contact> got;
  const auto stats = io::for_each_contact_view(file,
                                               [&](unsigned, std::span<const ContactView> batch) {
                                                 for (const ContactView& v : batch)
                                                   got.push_back(v.to_contact());
                                               },
                                               {});
  CHECK(stats.rows_used == 2);
  CHECK(got == expected);
  std::filesystem::remove(file);
}

TEST_CASE("JSON views: for_each_survey_view reads JSON Lines as for_each_survey does",
          "[io][json]") {
  // A comment with \" and \n escapes is unescaped into the reader's buffer: the view must
  // still read it in the sink.
  const std::string jsonl =
      "{\"contact_id\":\"j1\",\"csat\":4,\"comment\":\"say \\\"hi\\\"\\nbye\"}\n"
      "{\"customer_id\":\"cu\",\"nps\":9,\"resolved\":true,"
      "\"responded_at\":\"2026-03-02T10:00:00Z\"}\n";
  const std::filesystem::path file = contactkpi::test::temp_file("io_survey_views.jsonl");
  std::ofstream{file, std::ios::binary} << jsonl;
  std::vector<Survey> expected;
  (void)io::for_each_survey(file, [&](const Survey& s) { expected.push_back(s); });
  REQUIRE(expected.size() == 2);
  REQUIRE(expected[0].comment == "say \"hi\"\nbye");
  std::vector<Survey> got;
  const auto stats = io::for_each_survey_view(file,
                                              [&](unsigned, std::span<const SurveyView> batch) {
                                                for (const SurveyView& v : batch)
                                                  got.push_back(v.to_survey());
                                              },
                                              {});
  CHECK(stats.rows_used == 2);
  CHECK(got == expected);
  std::filesystem::remove(file);
}
