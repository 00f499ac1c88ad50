// SPDX-License-Identifier: MIT
// contactkpi/io/loader.hpp: CSV and JSON loaders for the interchange files of SPEC §1.
//
// Strict: every rejected value produces an Error naming file, line, column and value.
// By default the first error (in line order) stops the load: ParseError is thrown, after
// the rows before it were handed to the callback. With OnError::skip the row is skipped,
// counted by reason, the first 100 errors are kept, and the load goes on, so that
// rows read = rows used + rows skipped, always. Problems with the file as a whole (cannot be
// read, no header, a bad header, broken JSON array syntax) always throw.
//
// Streaming: the for_each_* functions hand each record to a callback and keep only what
// validation needs (the set of keys seen, for the duplicate check), so a file of any size
// can feed accumulators. Files are memory-mapped; fields are views into the map; the record
// passed to the callback is a reused object: copy what you keep. The load_* functions
// collect vectors for callers who want them.
//
// Format: chosen by the file name: .json, .jsonl, .ndjson are JSON (a top-level array of
// objects when the first non-blank byte is '[', JSON Lines otherwise); anything else is CSV.
//
// CSV (RFC 4180): UTF-8 with an optional BOM, LF or CRLF; a header row is required and the
// columns may come in any order (names compared exactly, after trimming blanks); quoted
// fields may hold commas, "" quotes and line breaks. Lines made only of a line break are not
// rows (they still count for line numbers). Unknown columns are listed once in
// LoadStats::unknown_columns and ignored. Required columns: contacts contact_id, arrived_at,
// ended_at; interactions contact_id; segments segment, customers; surveys none. An absent
// optional column reads as empty values. Values are not trimmed.
//
// JSON: the same field names; a value may be a string, or a native number / boolean where
// the field is numeric / boolean (numbers are also accepted for text fields such as ids);
// null is empty; a missing field is empty. A record's line is the line of its '{'.
//
// Empty values: timestamps and ids required where SPEC says so (missing_value); durations
// 0; abandoned / transferred false; channel voice; direction inbound; resolved and scores
// "unknown" (empty optional).
//
// Reason codes (Error::reason, LoadStats::skipped_by_reason), stable:
// - bad_timestamp, bad_number, bad_bool, bad_enum, bad_period: a value that cannot be
//   parsed (see contactkpi/io/parse.hpp for the accepted forms);
// - missing_value: a required value is empty;
// - negative_duration: talk_s / hold_s / acw_s below 0;
// - time_order: answered_at < arrived_at, ended_at < arrived_at or < answered_at
//   (interactions: ended_at < started_at); equal times are in order;
// - abandoned_answered: abandoned = true with an answered_at;
// - out_of_range: qa_score / quality_score outside 0..100, csat outside
//   LoadOptions::csat_min..csat_max, nps not a whole 0..10, ces not a whole number on
//   LoadOptions::ces_scale (1..7 or 1..5), segment customers below 0;
// - duplicate_id: a contact_id (contacts) or a (segment, period) pair (segments) already
//   used by an earlier accepted row of the file (a rejected row reserves nothing);
// - field_count, bad_quote, nul_byte, bad_utf8: a malformed CSV row (the value is the raw
//   row); wrong_type, duplicate_column, bad_json: a malformed JSON record;
// - whole file (always thrown): io_error, missing_header, duplicate_column, missing_column,
//   bad_json (syntax error in a JSON array).
// Each rejected row gets one error: fields are checked in the record's field order, then the
// rules across fields, so the error does not depend on the column order.
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
#include <span>
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

/// Thrown by the loaders in OnError::stop mode (the first error in line order) and, in any
/// mode, for a file that cannot be read at all. what() is error().to_string().
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
  /// Worker threads for large CSV files (1 = the calling thread only). Used only by the
  /// ParallelSink and BatchSink overloads: records are then handed to the callback from
  /// several threads at once, with the worker index, in no particular order. Stats, errors and the
  /// set of records are those of a one-thread load. JSON is always read on the calling thread.
  unsigned threads = 1;
  /// Target size of the pieces a multi-threaded CSV load is cut into (0 = automatic:
  /// 512 KiB, so that a piece's records stay in the core's cache until they are handed
  /// over). Exposed for tests and tuning; results never depend on it.
  std::size_t chunk_bytes = 0;
  /// Whether rows whose id repeats an earlier row's (contact_id of contacts, the segment and
  /// period of segments) are rejected as duplicate_id. False skips the check and its id set
  /// (about 5% of a contacts load and 11 bytes per contact): repeats are then delivered like
  /// any other row, for a caller that detects them itself and loads again with the check
  /// when there may be some, as the CLI does with ReportAccumulator::may_repeat_contact_ids().
  bool check_duplicates = true;
};

/// What a load did. rows_read = rows_used + rows_skipped (rows: CSV rows after the header,
/// JSON records; blank lines are not rows).
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
/// For bulk consumers: runs of consecutive valid records (file order within a run; up to a
/// few thousand at a time), with the worker index as for ParallelSink. The span is valid
/// during the call only.
template <class Record>
using BatchSink = std::function<void(unsigned worker, std::span<const Record> records)>;

/// Reads a contacts file and calls `sink` with each valid record, in file order, on the
/// calling thread.
///
/// Returns the stats (empty file with a header: zero rows). Complexity: one pass, memory
/// for the id set (about 13 bytes per contact: ids are kept as references into the file)
/// and one record.
/// Throws: ParseError (see the file comment), and whatever `sink` throws.
///
/// Example:
///
///     std::int64_t answered = 0;
///     const auto stats = contactkpi::io::for_each_contact(
///         "contacts.csv", [&](const contactkpi::Contact& c) { answered += c.is_answered(); },
///         {.on_error = contactkpi::io::OnError::skip});
LoadStats for_each_contact(const std::filesystem::path& file, const Sink<Contact>& sink,
                           const LoadOptions& options = {});

/// The same with `options.threads` workers for CSV: `sink(worker, record)` is called from
/// several threads at once (worker in 0..threads−1, so each worker can feed its own
/// accumulator, merged afterwards). In stop mode, the records before the first error are
/// all delivered (in any order) and none after it, then ParseError is thrown.
///
/// Example:
///
///     std::vector<contactkpi::AhtAccumulator> aht(2);
///     (void)contactkpi::io::for_each_contact(
///         "contacts.csv", [&](unsigned w, const contactkpi::Contact& c) { aht[w].add(c); },
///         {.threads = 2});
///     aht[0].merge(aht[1]);
LoadStats for_each_contact(const std::filesystem::path& file, const ParallelSink<Contact>& sink,
                           const LoadOptions& options);

/// The same, handing over runs of records (e.g. to ReportAccumulator::add(std::span<const
/// Contact>)); `options.threads` workers for CSV as above, one for JSON.
LoadStats for_each_contact(const std::filesystem::path& file, const BatchSink<Contact>& sink,
                           const LoadOptions& options);

/// The same as the BatchSink for_each_contact, with the records' texts as views (the same
/// validation, records, order and errors): no string is copied per row, so it is the fast
/// way to feed accumulators, which all take a ContactView. The views (into the file's
/// memory map, or a copy for a field unescaped from "") are valid during the call only:
/// copy what must be kept (ContactView::to_contact()).
///
/// Example:
///
///     contactkpi::ReportAccumulator report;
///     (void)contactkpi::io::for_each_contact_view(
///         "contacts.csv",
///         [&](unsigned, std::span<const contactkpi::ContactView> batch) { report.add(batch); },
///         {});
LoadStats for_each_contact_view(const std::filesystem::path& file,
                                const BatchSink<ContactView>& sink, const LoadOptions& options);

/// Reads an interactions file (no duplicate check: a contact has one row per agent leg).
/// As for_each_contact otherwise.
LoadStats for_each_interaction(const std::filesystem::path& file, const Sink<Interaction>& sink,
                               const LoadOptions& options = {});
/// The same with `options.threads` workers for CSV, as the ParallelSink for_each_contact.
LoadStats for_each_interaction(const std::filesystem::path& file,
                               const ParallelSink<Interaction>& sink, const LoadOptions& options);
/// The same, handing over runs of records (e.g. to ReportAccumulator::add(std::span<const
/// Interaction>)), as the BatchSink for_each_contact.
LoadStats for_each_interaction(const std::filesystem::path& file,
                               const BatchSink<Interaction>& sink, const LoadOptions& options);
/// The same with the records' texts as views, valid during the call only, as
/// for_each_contact_view (InteractionView::to_interaction() copies one).
LoadStats for_each_interaction_view(const std::filesystem::path& file,
                                    const BatchSink<InteractionView>& sink,
                                    const LoadOptions& options);
/// Reads a surveys file; csat and ces are checked against the scales in `options`.
/// As for_each_contact otherwise.
LoadStats for_each_survey(const std::filesystem::path& file, const Sink<Survey>& sink,
                          const LoadOptions& options = {});
/// The same with `options.threads` workers for CSV, as the ParallelSink for_each_contact.
LoadStats for_each_survey(const std::filesystem::path& file, const ParallelSink<Survey>& sink,
                          const LoadOptions& options);
/// The same, handing over runs of records, as the BatchSink for_each_contact.
LoadStats for_each_survey(const std::filesystem::path& file, const BatchSink<Survey>& sink,
                          const LoadOptions& options);
/// The same with the records' texts as views, valid during the call only, as
/// for_each_contact_view (SurveyView::to_survey() copies one).
LoadStats for_each_survey_view(const std::filesystem::path& file, const BatchSink<SurveyView>& sink,
                               const LoadOptions& options);
/// Reads a segments file; (segment, period) must be unique. As for_each_contact otherwise.
LoadStats for_each_segment(const std::filesystem::path& file, const Sink<Segment>& sink,
                           const LoadOptions& options = {});

/// Parses a buffer instead of a file; `name` is used in errors and LoadStats::file. `json`
/// picks the JSON reader. Used by the fuzz targets and by tests. As the file versions
/// otherwise.
///
/// Example:
///
///     const auto stats = contactkpi::io::for_each_contact(
///         "inline.csv", "contact_id,arrived_at,ended_at\nc1,2026-03-02T09:00:00Z,"
///                       "2026-03-02T09:05:00Z\n", false, [](const contactkpi::Contact&) {});
///     // stats.rows_used == 1
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

/// Vectors, for callers who want the whole file in memory: the records in file order and the
/// stats. Throws as for_each_contact.
///
/// Example:
///
///     const auto [contacts, stats] = contactkpi::io::load_contacts("contacts.csv");
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
