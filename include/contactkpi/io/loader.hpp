// SPDX-License-Identifier: MIT
// contactkpi/io/loader.hpp: CSV and JSON loaders for the interchange files of SPEC §1.
//
// Strict: every rejected value produces an Error naming file, line, column and value.
// By default the first error stops the load (ParseError is thrown); with
// OnError::skip the row is skipped, counted by reason, and the load goes on, so that
// rows read = rows used + rows skipped, always.
//
// Streaming: the for_each_* functions hand each record to a callback and keep only what
// validation needs (the set of contact ids seen, for the duplicate check), so a file of any
// size can feed accumulators. The load_* functions collect vectors for callers who want them.
//
// Format: chosen by the file name: .json (an array of objects, or JSON Lines), .jsonl /
// .ndjson (JSON Lines); anything else is CSV (RFC 4180).
//
// Example:
//
//     contactkpi::AhtAccumulator aht;
//     auto stats = contactkpi::io::for_each_contact("contacts.csv",
//         [&](const contactkpi::Contact& c) { aht.add(c); });
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "contactkpi/survey.hpp"
#include "contactkpi/types.hpp"

namespace contactkpi::io {

/// One rejected value (or row, or file).
struct Error {
  std::string file;
  std::int64_t line = 0;   ///< 1-based physical line where the row starts; 0 = whole file
  std::string column;      ///< column (field) name; empty when not about one column
  std::string value;       ///< the offending value, as read (at most 200 bytes, see truncated)
  std::string reason;      ///< stable reason code, e.g. "bad_timestamp", "duplicate_id"
  std::string message;     ///< human text, e.g. "answered_at is before arrived_at"
  bool truncated = false;  ///< value was longer than 200 bytes and is cut there

  /// One line of text: `file:line: column 'c': message 'value' (reason)`, without the line
  /// part when line is 0, the column part when column is empty and the value part when
  /// value is empty. Control bytes and bytes that are not valid UTF-8 in the value are
  /// shown as `\xNN`; a truncated value ends with `...`.
  ///
  /// Example:
  ///
  ///     contacts.csv:12: column 'arrived_at': bad timestamp (out of range)
  ///         '2026-13-01T00:00:00Z' (bad_timestamp)          [on one line]
  [[nodiscard]] std::string to_string() const;
};

/// Thrown by the loaders in OnError::stop mode (and for files that cannot be read at all).
class ParseError : public std::runtime_error {
 public:
  explicit ParseError(Error error);
  [[nodiscard]] const Error& error() const noexcept { return error_; }

 private:
  Error error_;
};

enum class OnError : std::uint8_t { stop, skip };

struct LoadOptions {
  OnError on_error = OnError::stop;
  /// CES answers are validated against this scale (SPEC: never mix scales).
  CesScale ces_scale = CesScale::ces2;
  /// CSAT answers are validated against this scale.
  int csat_min = 1;
  int csat_max = 5;
  /// Worker threads for large CSV files (1 = the calling thread only). Records are then
  /// handed to the callback from several threads at once, with the worker index.
  unsigned threads = 1;
  /// Target size of the pieces a multi-threaded CSV load is cut into (0 = automatic: about
  /// 4 MiB). Exposed for tests and tuning; results never depend on it.
  std::size_t chunk_bytes = 0;
};

/// What a load did. rows_read = rows_used + rows_skipped.
struct LoadStats {
  std::string file;
  std::int64_t rows_read = 0;
  std::int64_t rows_used = 0;
  std::int64_t rows_skipped = 0;
  std::map<std::string, std::int64_t> skipped_by_reason;
  std::vector<std::string> unknown_columns;  ///< reported once each, then ignored
  std::vector<Error> errors;                 ///< the first errors (at most 100), in line order
};

template <class Record>
using Sink = std::function<void(const Record&)>;
/// For multi-threaded loads: the worker index (0..threads−1) comes with each record.
template <class Record>
using ParallelSink = std::function<void(unsigned worker, const Record&)>;

LoadStats for_each_contact(const std::filesystem::path& file, const Sink<Contact>& sink,
                           const LoadOptions& options = {});
LoadStats for_each_contact(const std::filesystem::path& file, const ParallelSink<Contact>& sink,
                           const LoadOptions& options);
LoadStats for_each_interaction(const std::filesystem::path& file, const Sink<Interaction>& sink,
                               const LoadOptions& options = {});
LoadStats for_each_survey(const std::filesystem::path& file, const Sink<Survey>& sink,
                          const LoadOptions& options = {});
LoadStats for_each_segment(const std::filesystem::path& file, const Sink<Segment>& sink,
                           const LoadOptions& options = {});

/// Parses a buffer instead of a file; `name` is used in errors. `json` picks the JSON
/// reader. Used by the fuzz targets and by tests.
LoadStats for_each_contact(std::string_view name, std::string_view bytes, bool json,
                           const Sink<Contact>& sink, const LoadOptions& options = {});
LoadStats for_each_contact(std::string_view name, std::string_view bytes, bool json,
                           const ParallelSink<Contact>& sink, const LoadOptions& options);
LoadStats for_each_interaction(std::string_view name, std::string_view bytes, bool json,
                               const Sink<Interaction>& sink, const LoadOptions& options = {});
LoadStats for_each_survey(std::string_view name, std::string_view bytes, bool json,
                          const Sink<Survey>& sink, const LoadOptions& options = {});
LoadStats for_each_segment(std::string_view name, std::string_view bytes, bool json,
                           const Sink<Segment>& sink, const LoadOptions& options = {});

/// Vectors, for callers who want the whole file in memory.
template <class Record>
struct Loaded {
  std::vector<Record> records;
  LoadStats stats;
};
[[nodiscard]] Loaded<Contact> load_contacts(const std::filesystem::path& file,
                                            const LoadOptions& options = {});
[[nodiscard]] Loaded<Interaction> load_interactions(const std::filesystem::path& file,
                                                    const LoadOptions& options = {});
[[nodiscard]] Loaded<Survey> load_surveys(const std::filesystem::path& file,
                                          const LoadOptions& options = {});
[[nodiscard]] Loaded<Segment> load_segments(const std::filesystem::path& file,
                                            const LoadOptions& options = {});

}  // namespace contactkpi::io
