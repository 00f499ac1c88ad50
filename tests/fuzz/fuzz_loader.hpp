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
//     is the same error (same line, column and reason).
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "contactkpi/io/loader.hpp"

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
      // A file-level error: the same one stopped the stop mode.
      check(stop_error.has_value(), "skip throws only when stop threw");
      check(e.error().line == stop_error->line && e.error().reason == stop_error->reason,
            "skip's fatal error = stop's error");
    }
  }
}

/// Every record type through the buffer entry point, as CSV (`json` false) or JSON.
inline void run_all(std::string_view bytes, bool json) {
  const std::string_view name = json ? "fuzz.json" : "fuzz.csv";
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
