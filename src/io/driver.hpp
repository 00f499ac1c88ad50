// SPDX-License-Identifier: MIT
// Private: what the CSV and JSON readers share: errors, the stop/skip policy and the
// duplicate check, and the entry points the public functions dispatch to.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "contactkpi/io/loader.hpp"
#include "io/id_set.hpp"
#include "io/records.hpp"

namespace contactkpi::detail {

inline constexpr std::size_t max_errors = 100;
inline constexpr std::size_t max_value_bytes = 200;

[[nodiscard]] inline io::Error make_error(std::string_view file, std::int64_t line,
                                          std::string_view column, std::string_view value,
                                          std::string_view reason, std::string message) {
  io::Error e;
  e.file = file;
  e.line = line;
  e.column = column;
  e.truncated = value.size() > max_value_bytes;
  e.value = value.substr(0, max_value_bytes);
  e.reason = reason;
  e.message = std::move(message);
  return e;
}

[[nodiscard]] inline io::Error make_error(std::string_view file, std::int64_t line,
                                          const Failure& f) {
  return make_error(file, line, f.column, f.value, f.reason, f.message);
}

/// A whole-file problem: always thrown, whatever OnError says.
[[noreturn]] inline void throw_file_error(std::string_view file, std::int64_t line,
                                          std::string_view column, std::string_view value,
                                          std::string_view reason, std::string message) {
  throw io::ParseError{make_error(file, line, column, value, reason, std::move(message))};
}

/// Stats and the stop/skip policy for one stream of rows read in line order.
class Tally {
 public:
  Tally(io::LoadStats& stats, const io::LoadOptions& options) noexcept
      : stats_{stats}, options_{options} {}

  void used() noexcept {
    ++stats_.rows_read;
    ++stats_.rows_used;
  }
  /// Throws ParseError in stop mode.
  void reject(io::Error error) {
    if (options_.on_error == io::OnError::stop) throw io::ParseError{std::move(error)};
    ++stats_.rows_read;
    ++stats_.rows_skipped;
    ++stats_.skipped_by_reason[error.reason];
    if (stats_.errors.size() < max_errors) stats_.errors.push_back(std::move(error));
  }

 private:
  io::LoadStats& stats_;
  const io::LoadOptions& options_;
};

/// Builds records from field texts and applies the duplicate check.
template <class Record>
class RecordBuilder {
 public:
  using S = Schema<Record>;
  explicit RecordBuilder(const io::LoadOptions& options) noexcept : options_{options} {}
  RecordBuilder(const RecordBuilder&) = delete;  // current_ may point into *this
  RecordBuilder& operator=(const RecordBuilder&) = delete;

  /// The builder's own field texts, for a caller that fills them (then use_own_fields()).
  std::array<std::string_view, S::count>& fields() noexcept { return fields_; }
  void clear() noexcept { fields_.fill({}); }
  /// build() and the key functions read the builder's own fields (the default) ...
  void use_own_fields() noexcept { current_ = fields_.data(); }
  /// ... or the S::count field texts at `fields`, in schema order (a CSV reader's fields of
  /// a row in that order, read where they are), until the next call of either.
  void use_fields(const std::string_view* fields) noexcept { current_ = fields; }

  /// Row-level rules; false with failure() filled.
  bool build(Record& out) {
    if constexpr (requires { S::keeps_texts; }) {
      return S::build(Fields{current_, S::count}, out, failure_, parse_, options_, texts_);
    } else {
      return S::build(Fields{current_, S::count}, out, failure_, parse_, options_);
    }
  }
  /// Lets build() read the fields that lie in `data` with 16-byte loads, past their end
  /// (FieldParser::set_readable): the body of a CSV file, which outlives the builder's use.
  void set_readable(std::string_view data) noexcept { parse_.set_readable(data); }
  /// Where build() keeps the texts of views that would not outlive the current row (see
  /// TextStore): the store of the records being built, or nullptr.
  void keep_texts_in(TextStore* texts) noexcept { texts_ = texts; }
  [[nodiscard]] const Failure& failure() const noexcept { return failure_; }

  /// Hashes the key from the fields (when the schema allows) and prefetches its slot, so
  /// that the cache miss overlaps build(). Returns false when the key is not in a field.
  bool prefetch_key(const IdSet& ids) noexcept {
    if constexpr (requires { S::key_field; }) {
      key_hash_ = IdSet::hash(current_[S::key_field]);
      ids.prefetch(key_hash_);
      hashed_ = true;
      return true;
    } else {
      return false;
    }
  }

  /// The hash of the key of `r` (reusing the one prefetch_key computed, if any).
  std::uint64_t key_hash(const Record& r) {
    if (hashed_) return key_hash_;
    return IdSet::hash(S::key(r, key_buffer_));
  }

  /// Where the key's text is in the current fields, when the key is one field (so that the
  /// id set can refer to the file instead of copying the key); nullptr otherwise.
  [[nodiscard]] const char* key_where() const noexcept {
    if constexpr (requires { S::key_field; }) {
      return current_[S::key_field].data();
    } else {
      return nullptr;
    }
  }

  /// The duplicate check (true when `r` is the first with its key). `where`: key_where()
  /// of the fields `r` was built from, or nullptr.
  bool first_of_key(const Record& r, IdSet& ids, const char* where = nullptr) {
    if constexpr (S::has_key) {
      const std::uint64_t h = key_hash(r);
      hashed_ = false;
      return ids.insert(S::key(r, key_buffer_), h, where);
    } else {
      return true;
    }
  }
  /// The same with a hash computed earlier by key_hash().
  bool first_of_key(const Record& r, IdSet& ids, std::uint64_t hash, const char* where) {
    if constexpr (S::has_key) {
      return ids.insert(S::key(r, key_buffer_), hash, where);
    } else {
      return true;
    }
  }
  /// The error for a duplicate key.
  [[nodiscard]] static io::Error duplicate(std::string_view file, std::int64_t line,
                                           const Record& r) {
    std::string buffer;
    if constexpr (std::is_same_v<Record, Segment>) {
      return make_error(file, line, "segment", r.segment, "duplicate_id",
                        "duplicate segment and period '" + r.period + "'");
    } else {
      return make_error(file, line, S::key_name, S::key(r, buffer), "duplicate_id",
                        "duplicate " + std::string{S::key_name});
    }
  }

 private:
  const io::LoadOptions& options_;
  std::array<std::string_view, S::count> fields_{};
  const std::string_view* current_ = fields_.data();  // what build() reads
  Failure failure_;
  FieldParser parse_;  // the month of the last timestamp, the readable data: one per builder
  TextStore* texts_ = nullptr;
  std::string key_buffer_;
  std::uint64_t key_hash_ = 0;
  bool hashed_ = false;  // key_hash_ is the hash of the current row's key
};

/// Lets a reader hand back bytes it is done with, so that a big file does not stay resident
/// (peak RSS) while it is read: `release(begin, end)` drops the pages of the file's memory
/// map that overlap [begin, end). Always safe: a dropped page is read back from the file if
/// touched again, so a reader may release ranges that other threads still read (it only
/// costs a page fault). Thread-safe. The default does nothing (buffers owned by a caller).
struct PageRelease {
  void (*fn)(const void* context, const char* begin, const char* end) noexcept = nullptr;
  const void* context = nullptr;
  void operator()(const char* begin, const char* end) const noexcept {
    if (fn != nullptr && begin < end) fn(context, begin, end);
  }
};

/// Entry points of csv.cpp and json.cpp, instantiated for the four records.
template <class Record>
io::LoadStats load_csv(std::string_view file, std::string_view data,
                       const io::BatchSink<Record>& sink, const io::LoadOptions& options,
                       PageRelease release = {});
template <class Record>
io::LoadStats load_json(std::string_view file, std::string_view data,
                        const io::BatchSink<Record>& sink, const io::LoadOptions& options);

}  // namespace contactkpi::detail
