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
