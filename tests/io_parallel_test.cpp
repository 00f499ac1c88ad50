// SPDX-License-Identifier: MIT
// The ParallelSink overloads for interactions and surveys: the same records and stats as the
// one-thread load, from a file (memory map, pages handed back as chunks are done).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "contactkpi/io/loader.hpp"
#include "support.hpp"

using namespace contactkpi;
namespace fs = std::filesystem;

namespace {

fs::path write_file(const std::string& name, const std::string& text) {
  fs::path p = contactkpi::test::temp_file("io_parallel_" + name);
  std::ofstream{p, std::ios::binary} << text;
  return p;
}

/// A view loader (`load`) on 1 and 2 threads, in small pieces, hands over the records of the
/// one-thread loader, `want` (sorted by `by_id`), with the same stats; `copy` turns a view
/// into its record while the view is valid.
template <class View, class Record, class Less, class Load, class Copy>
void expect_views_match(const fs::path& file, const io::LoadOptions& base,
                        const std::vector<Record>& want, const io::LoadStats& want_stats,
                        Less by_id, Load load, Copy copy) {
  for (const unsigned threads : {1U, 2U}) {
    CAPTURE(threads);
    io::LoadOptions options = base;
    options.threads = threads;
    options.chunk_bytes = 4096;
    std::mutex m;
    std::vector<Record> got;
    const io::LoadStats stats =
        load(file, io::BatchSink<View>{[&](unsigned, std::span<const View> batch) {
               const std::lock_guard lock{m};
               for (const View& v : batch) got.push_back(copy(v));
             }},
             options);
    CHECK(stats.rows_used == want_stats.rows_used);
    CHECK(stats.skipped_by_reason == want_stats.skipped_by_reason);
    std::sort(got.begin(), got.end(), by_id);
    CHECK(got == want);
  }
}

}  // namespace

TEST_CASE("Interactions and surveys load the same on one thread and on two", "[io][parallel]") {
  std::string interactions = "contact_id,agent_id,quality_score\n";
  std::string surveys = "contact_id,customer_id,csat,nps,comment\n";
  for (int i = 0; i < 30'000; ++i) {
    interactions += "C" + std::to_string(i) + ",A" + std::to_string(i % 37) + ',' +
                    (i % 3 == 0 ? "" : std::to_string(i % 101)) + '\n';
    // Quoted comments with commas, quotes and line breaks cross chunk boundaries.
    surveys += "C" + std::to_string(i) + ",U" + std::to_string(i % 999) + ',' +
               std::to_string(1 + i % 5) + ',' + std::to_string(i % 11) +
               ",\"line 1, \"\"ok\"\"\n" + std::to_string(i) + "\"\n";
  }
  surveys += "C1,U1,9,1,bad csat\n";  // csat out of range: skipped in both loads
  const fs::path ip = write_file("interactions.csv", interactions);
  const fs::path sp = write_file("surveys.csv", surveys);

  io::LoadOptions one;
  one.on_error = io::OnError::skip;
  io::LoadOptions two = one;
  two.threads = 2;
  two.chunk_bytes = std::size_t{64} * 1024;

  using ITuple = std::tuple<std::string, std::string, double>;
  std::vector<ITuple> i1;
  std::vector<ITuple> i2;
  std::mutex m;
  const auto is1 = io::for_each_interaction(
      ip,
      [&](const Interaction& x) {
        i1.emplace_back(x.contact_id, x.agent_id, x.quality_score.value_or(-1));
      },
      one);
  const auto is2 = io::for_each_interaction(
      ip, io::ParallelSink<Interaction>{[&](unsigned, const Interaction& x) {
        const std::lock_guard lock{m};
        i2.emplace_back(x.contact_id, x.agent_id, x.quality_score.value_or(-1));
      }},
      two);
  std::sort(i1.begin(), i1.end());
  std::sort(i2.begin(), i2.end());
  CHECK(i1.size() == 30'000);
  CHECK(i1 == i2);
  CHECK(is1.rows_used == is2.rows_used);

  using STuple = std::tuple<std::string, int, int, std::string>;
  std::vector<STuple> s1;
  std::vector<STuple> s2;
  const auto ss1 = io::for_each_survey(
      sp,
      [&](const Survey& x) {
        s1.emplace_back(x.contact_id, x.csat.value_or(-1), x.nps.value_or(-1), x.comment);
      },
      one);
  const auto ss2 = io::for_each_survey(sp, io::ParallelSink<Survey>{[&](unsigned, const Survey& x) {
                                         const std::lock_guard lock{m};
                                         s2.emplace_back(x.contact_id, x.csat.value_or(-1),
                                                         x.nps.value_or(-1), x.comment);
                                       }},
                                       two);
  std::sort(s1.begin(), s1.end());
  std::sort(s2.begin(), s2.end());
  CHECK(s1.size() == 30'000);
  CHECK(s1 == s2);
  CHECK(ss1.rows_skipped == 1);
  CHECK(ss2.rows_skipped == 1);
  CHECK(ss1.errors.size() == 1);
  CHECK(ss2.errors.size() == 1);
  CHECK(ss1.errors[0].line == ss2.errors[0].line);

  // BatchSink, one thread and two: runs of records, the same set (in file order on one).
  for (io::LoadOptions options : {one, two}) {
    std::vector<ITuple> i3;
    std::vector<STuple> s3;
    const auto is3 = io::for_each_interaction(
        ip, io::BatchSink<Interaction>{[&](unsigned, std::span<const Interaction> batch) {
          const std::lock_guard lock{m};
          for (const Interaction& x : batch) {
            i3.emplace_back(x.contact_id, x.agent_id, x.quality_score.value_or(-1));
          }
        }},
        options);
    const auto ss3 = io::for_each_survey(
        sp, io::BatchSink<Survey>{[&](unsigned, std::span<const Survey> batch) {
          const std::lock_guard lock{m};
          for (const Survey& x : batch) {
            s3.emplace_back(x.contact_id, x.csat.value_or(-1), x.nps.value_or(-1), x.comment);
          }
        }},
        options);
    CHECK(is3.rows_used == is1.rows_used);
    CHECK(ss3.rows_skipped == 1);
    std::sort(i3.begin(), i3.end());
    std::sort(s3.begin(), s3.end());
    CHECK(i3 == i1);
    CHECK(s3 == s1);
  }
  fs::remove(ip);
  fs::remove(sp);
}

TEST_CASE("for_each_interaction_view hands over the records of for_each_interaction",
          "[io][parallel]") {
  // Reference: the Interaction records of the one-thread load. Every 7th agent_id is quoted
  // with "" inside (unescaped into the reader's buffer for one row only: the view must keep
  // a copy until its batch is handed over); every 13th row has a bad score (skipped).
  std::string csv = "contact_id,agent_id,quality_score,started_at,ended_at,talk_s\n";
  for (int i = 0; i < 20'000; ++i) {
    const std::string agent =
        i % 7 == 0 ? "\"A\"\"" + std::to_string(i) + "\"\"\"" : "A" + std::to_string(i % 41);
    const std::string score = i % 13 == 5 ? "101" : std::to_string(i % 100);
    csv += "C" + std::to_string(i) + "," + agent + "," + score +
           ",2026-03-02T09:00:00Z,2026-03-02T10:01:00.5+01:00," + std::to_string(i % 500) + "\n";
  }
  const fs::path file = write_file("interaction_views.csv", csv);
  const io::LoadOptions skip{.on_error = io::OnError::skip};
  std::vector<Interaction> want;
  const auto want_stats = io::for_each_interaction(
      file, [&](const Interaction& x) { want.push_back(x); }, skip);
  REQUIRE(want_stats.rows_skipped > 1000);
  REQUIRE(want_stats.rows_used > 15000);
  REQUIRE(want[0].agent_id == "A\"0\"");
  const auto by_id = [](const Interaction& a, const Interaction& b) {
    return a.contact_id < b.contact_id;
  };
  std::sort(want.begin(), want.end(), by_id);
  expect_views_match<InteractionView>(
      file, skip, want, want_stats, by_id,
      [](const fs::path& f, const io::BatchSink<InteractionView>& sink, const io::LoadOptions& o) {
        return io::for_each_interaction_view(f, sink, o);
      },
      [](const InteractionView& v) { return v.to_interaction(); });
  fs::remove(file);
}

TEST_CASE("for_each_survey_view hands over the records of for_each_survey", "[io][parallel]") {
  // Reference: the Survey records of the one-thread load. Every 5th comment is quoted with ""
  // inside and a line break (unescaped into the reader's buffer for one row only: the view
  // must keep a copy until its batch is handed over); every 11th row has an NPS of 11
  // (skipped).
  std::string csv = "contact_id,customer_id,responded_at,csat,nps,ces,resolved,comment\n";
  for (int i = 0; i < 20'000; ++i) {
    const std::string comment = i % 5 == 0 ? "\"said \"\"ok\"\"\n" + std::to_string(i) + "\""
                                           : "plain " + std::to_string(i % 17);
    const std::string nps = i % 11 == 3 ? "11" : std::to_string(i % 11);
    csv += "C" + std::to_string(i) + ",CU" + std::to_string(i % 97) + ",2026-03-02T09:00:00Z," +
           std::to_string(1 + i % 5) + "," + nps + ",," + (i % 3 == 0 ? "true" : "") + "," +
           comment + "\n";
  }
  const fs::path file = write_file("survey_views.csv", csv);
  const io::LoadOptions skip{.on_error = io::OnError::skip};
  std::vector<Survey> want;
  const auto want_stats = io::for_each_survey(
      file, [&](const Survey& x) { want.push_back(x); }, skip);
  REQUIRE(want_stats.rows_skipped > 1000);
  REQUIRE(want_stats.rows_used > 15000);
  REQUIRE(want[0].comment == "said \"ok\"\n0");
  const auto by_id = [](const Survey& a, const Survey& b) { return a.contact_id < b.contact_id; };
  std::sort(want.begin(), want.end(), by_id);
  expect_views_match<SurveyView>(
      file, skip, want, want_stats, by_id,
      [](const fs::path& f, const io::BatchSink<SurveyView>& sink, const io::LoadOptions& o) {
        return io::for_each_survey_view(f, sink, o);
      },
      [](const SurveyView& v) { return v.to_survey(); });
  fs::remove(file);
}
