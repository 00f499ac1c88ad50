// SPDX-License-Identifier: MIT
// Shared body of fuzz_csv and fuzz_json: one input through the buffer entry points of
// contactkpi/io/loader.hpp, for every record type, in both OnError modes.
//
// Invariants checked (a violation aborts, which libFuzzer and the replay test report):
//   - the loaders throw nothing but io::ParseError, and a ParseError names the file;
//   - rows_read = rows_used + rows_skipped, and the sink sees exactly rows_used records;
//   - OnError::stop never skips: when it returns, rows_skipped = 0 and no errors are listed;
//   - OnError::skip counts every skipped row under a reason (Σ skipped_by_reason =
//     rows_skipped) and lists at most 100 errors, in line order;
//   - when OnError::stop fails on a row that OnError::skip then skips, skip's first error
//     is the same error (same line, column and reason); when skip mode fails on the whole
//     file, stop mode failed on the same error or on an earlier line;
//   - CSV contacts: the multi-threaded path (3 workers, pieces of a few dozen bytes) gives
//     the same stats, errors and records as the single-threaded one ("results never depend
//     on it", loader.hpp);
//   - contacts without the duplicate-id check (LoadOptions::check_duplicates = false, as the
//     CLI loads first): in skip mode the same rows but for the repeats, which are delivered,
//     and a report of them says may_repeat_contact_ids() exactly when the checked load
//     skipped a duplicate (the CLI's condition for loading again with the check); in stop
//     mode it fails only where the checked load fails at the same or an earlier line.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "contactkpi/io/loader.hpp"
#include "contactkpi/report.hpp"

namespace contactkpi::fuzz {

/// Prints `what` and aborts when `ok` is false.
inline void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
    std::abort();
  }
}

inline void check_error(const io::Error& e, std::string_view name) {
  check(e.file == name, "ParseError names the input");
  check(e.line >= 0, "error line >= 0");
  check(!e.reason.empty(), "error has a reason code");
  check(e.value.size() <= 1024, "error value is truncated");
  const std::string text = e.to_string();
  check(text.find(std::string{name}) != std::string::npos, "to_string names the input");
}

inline bool same_error(const io::Error& a, const io::Error& b) {
  return a.line == b.line && a.column == b.column && a.reason == b.reason && a.value == b.value;
}

/// Loads `bytes` with `load(name, bytes, json, sink, options)` in both modes.
template <class Record, class Load>
void run_one(std::string_view name, std::string_view bytes, bool json, Load load) {
  std::optional<io::Error> stop_error;
  std::int64_t stop_used = -1;
  {
    std::int64_t seen = 0;
    try {
      const io::LoadStats s = load(
          name, bytes, json, [&](const Record&) { ++seen; },
          io::LoadOptions{.on_error = io::OnError::stop});
      check(s.rows_read == s.rows_used + s.rows_skipped, "stop: read = used + skipped");
      check(s.rows_skipped == 0, "stop: nothing skipped");
      check(s.errors.empty(), "stop: no errors listed");
      check(seen == s.rows_used, "stop: sink saw rows_used records");
      stop_used = s.rows_used;
    } catch (const io::ParseError& e) {
      check_error(e.error(), name);
      stop_error = e.error();
    }
  }
  {
    std::int64_t seen = 0;
    try {
      const io::LoadStats s = load(
          name, bytes, json, [&](const Record&) { ++seen; },
          io::LoadOptions{.on_error = io::OnError::skip});
      check(s.rows_read == s.rows_used + s.rows_skipped, "skip: read = used + skipped");
      check(seen == s.rows_used, "skip: sink saw rows_used records");
      std::int64_t by_reason = 0;
      for (const auto& [reason, n] : s.skipped_by_reason) {
        check(!reason.empty() && n > 0, "skip: reason counts are positive");
        by_reason += n;
      }
      check(by_reason == s.rows_skipped, "skip: sum of skipped_by_reason = rows_skipped");
      check(s.errors.size() <= 100, "skip: at most 100 errors listed");
      check(s.errors.empty() == (s.rows_skipped == 0), "skip: errors listed iff rows skipped");
      for (std::size_t i = 0; i < s.errors.size(); ++i) {
        check_error(s.errors[i], name);
        if (i > 0) check(s.errors[i - 1].line <= s.errors[i].line, "skip: errors in line order");
      }
      if (stop_used >= 0) {
        check(s.rows_skipped == 0 && s.rows_used == stop_used, "skip = stop on a clean input");
      }
      if (stop_error) {
        check(!s.errors.empty(), "skip lists the error that stopped the stop mode");
        const io::Error& first = s.errors.front();
        check(first.line == stop_error->line && first.column == stop_error->column &&
                  first.reason == stop_error->reason,
              "skip's first error = stop's error");
      }
    } catch (const io::ParseError& e) {
      check_error(e.error(), name);
      // A file-level error: stop mode stopped on it too, or earlier, on a row error that
      // skip mode skipped (a JSON array is read as a stream: a syntax error late in the file
      // comes after the rows before it).
      check(stop_error.has_value(), "skip throws only when stop threw");
      check(same_error(e.error(), *stop_error) || stop_error->line <= e.error().line,
            "skip's fatal error = stop's error, or comes after it");
    }
  }
}

/// CSV contacts through the single-threaded and the multi-threaded path: same outcome, with
/// and without the duplicate-id check (the parallel loader lists every row for the check,
/// only the failed ones without it).
inline void run_parallel_contacts(std::string_view bytes, std::size_t chunk_bytes) {
  const std::string_view name = "fuzz.csv";
  using Key = std::tuple<std::string, std::int64_t, std::int64_t>;
  const auto key = [](const Contact& c) {
    return Key{c.contact_id, c.arrived_at.time_since_epoch().count(),
               c.ended_at.time_since_epoch().count()};
  };
  for (const bool check_ids : {true, false})
    for (const auto mode : {io::OnError::stop, io::OnError::skip}) {
      std::vector<Key> one;
      std::optional<io::LoadStats> one_stats;
      std::optional<io::Error> one_error;
      try {
        one_stats = io::for_each_contact(
            name, bytes, false, [&](const Contact& c) { one.push_back(key(c)); },
            io::LoadOptions{.on_error = mode, .check_duplicates = check_ids});
      } catch (const io::ParseError& e) {
        one_error = e.error();
      }
      constexpr unsigned workers = 3;
      std::vector<std::vector<Key>> per_worker(workers);
      std::optional<io::LoadStats> many_stats;
      std::optional<io::Error> many_error;
      try {
        many_stats = io::for_each_contact(
            name, bytes, false, io::ParallelSink<Contact>{[&](unsigned worker, const Contact& c) {
              check(worker < workers, "parallel: worker index < threads");
              per_worker[worker].push_back(key(c));
            }},
            io::LoadOptions{.on_error = mode,
                            .threads = workers,
                            .chunk_bytes = chunk_bytes,
                            .check_duplicates = check_ids});
      } catch (const io::ParseError& e) {
        many_error = e.error();
      }
      check(one_error.has_value() == many_error.has_value(), "parallel: throws iff serial throws");
      if (one_error) {
        check(same_error(*one_error, *many_error), "parallel: the same first error");
        continue;
      }
      const io::LoadStats& a = *one_stats;
      const io::LoadStats& b = *many_stats;
      check(a.rows_read == b.rows_read && a.rows_used == b.rows_used &&
                a.rows_skipped == b.rows_skipped && a.skipped_by_reason == b.skipped_by_reason,
            "parallel: the same counts");
      check(a.errors.size() == b.errors.size(), "parallel: the same number of errors");
      for (std::size_t i = 0; i < a.errors.size() && i < b.errors.size(); ++i) {
        check(same_error(a.errors[i], b.errors[i]), "parallel: the same errors in order");
      }
      std::vector<Key> many;
      for (const auto& w : per_worker) many.insert(many.end(), w.begin(), w.end());
      std::sort(one.begin(), one.end());
      std::sort(many.begin(), many.end());
      check(one == many, "parallel: the same records");
    }
}

/// Contacts with and without the duplicate-id check (see the file comment).
inline void run_unchecked_contacts(std::string_view name, std::string_view bytes, bool json) {
  for (const auto mode : {io::OnError::stop, io::OnError::skip}) {
    std::multiset<std::string> checked;
    std::multiset<std::string> unchecked;
    ReportAccumulator report;  // track_unmatched: it keeps the contact-id index
    std::optional<io::LoadStats> checked_stats;
    std::optional<io::LoadStats> unchecked_stats;
    std::optional<io::Error> checked_error;
    std::optional<io::Error> unchecked_error;
    try {
      checked_stats = io::for_each_contact(
          name, bytes, json, [&](const Contact& c) { checked.insert(c.contact_id); },
          io::LoadOptions{.on_error = mode});
    } catch (const io::ParseError& e) {
      checked_error = e.error();
    }
    try {
      unchecked_stats = io::for_each_contact(
          name, bytes, json,
          [&](const Contact& c) {
            unchecked.insert(c.contact_id);
            report.add(c);
          },
          io::LoadOptions{.on_error = mode, .check_duplicates = false});
    } catch (const io::ParseError& e) {
      unchecked_error = e.error();
    }
    if (unchecked_error) {
      check(checked_error.has_value() && checked_error->line <= unchecked_error->line,
            "unchecked: fails only where the checked load fails first");
      continue;
    }
    if (mode == io::OnError::stop) {
      // Without an error the checked load had no repeat either: the same records. (With one,
      // a duplicate_id the unchecked load passes, the CLI loads again with the check.)
      if (!checked_error) check(checked == unchecked, "unchecked: the same records (stop)");
      continue;
    }
    if (checked_error) continue;  // a whole-file problem the unchecked load did not hit
    const io::LoadStats& a = *checked_stats;
    const io::LoadStats& b = *unchecked_stats;
    const auto at = [](const io::LoadStats& s, const std::string& reason) {
      const auto it = s.skipped_by_reason.find(reason);
      return it == s.skipped_by_reason.end() ? std::int64_t{0} : it->second;
    };
    const std::int64_t repeats = at(a, "duplicate_id");
    check(at(b, "duplicate_id") == 0, "unchecked: no duplicate_id");
    check(b.rows_read == a.rows_read, "unchecked: the same rows read");
    check(b.rows_used == a.rows_used + repeats, "unchecked: the repeats are used");
    check(static_cast<std::int64_t>(unchecked.size()) == b.rows_used, "unchecked: sink count");
    std::multiset<std::string> distinct;
    for (const std::string& id : unchecked) {
      if (distinct.count(id) == 0) distinct.insert(id);
    }
    check(distinct == checked, "unchecked: the checked records are the first of each id");
    check(report.may_repeat_contact_ids() == (repeats > 0),
          "unchecked: may_repeat_contact_ids() exactly when there are repeats");
  }
}

/// Every record type through the buffer entry point, as CSV (`json` false) or JSON.
inline void run_all(std::string_view bytes, bool json) {
  const std::string_view name = json ? "fuzz.json" : "fuzz.csv";
  run_unchecked_contacts(name, bytes, json);
  run_one<Contact>(name, bytes, json,
                   [](std::string_view n, std::string_view b, bool j, const io::Sink<Contact>& s,
                      const io::LoadOptions& o) { return io::for_each_contact(n, b, j, s, o); });
  run_one<Interaction>(
      name, bytes, json,
      [](std::string_view n, std::string_view b, bool j, const io::Sink<Interaction>& s,
         const io::LoadOptions& o) { return io::for_each_interaction(n, b, j, s, o); });
  run_one<Survey>(name, bytes, json,
                  [](std::string_view n, std::string_view b, bool j, const io::Sink<Survey>& s,
                     const io::LoadOptions& o) { return io::for_each_survey(n, b, j, s, o); });
  run_one<Segment>(name, bytes, json,
                   [](std::string_view n, std::string_view b, bool j, const io::Sink<Segment>& s,
                      const io::LoadOptions& o) { return io::for_each_segment(n, b, j, s, o); });
}

}  // namespace contactkpi::fuzz
