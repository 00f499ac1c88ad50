// SPDX-License-Identifier: MIT
// The CSV loader: header checks, then rows in line order on the calling thread, or in
// chunks on worker threads (ParallelSink with LoadOptions::threads > 1).
//
// Parallel path. The body (everything after the header) is cut into pieces of about
// LoadOptions::chunk_bytes, without reading it first. A piece's records are those that start
// in it; a worker guesses that the first one starts just after the piece's first LF (one
// byte before the piece included), and parses from there, the last record running past the
// piece's end as far as it goes, with line numbers counted from 0. Each worker takes
// pieces in order and
//   1. parses its piece (the guess) into a parse buffer of its own (a pool of records);
//   2. hands it in. Pieces are checked one at a time in piece order (piece k after piece
//      k−1), by whichever worker hands in the piece whose turn it is: it checks that piece and
//      every later one already handed in, so no worker idles waiting for its turn (it parses
//      its next piece instead; at most 2 × threads parsed pieces wait, for memory). At its
//      check, the end of piece k−1 and the line number there are known: if the guess was
//      wrong (the LF was inside a quoted field, or piece k−1's last record ran past it), or
//      an error message of the piece names line numbers (a malformed record over several
//      lines), the checker parses the piece again from the right place with the right line
//      numbers; otherwise it shifts its line numbers (and those of its errors) by the line
//      number of its start. A reader that starts where the reader from the top ended a record
//      sees the same records (csv_reader.hpp), so the result is exactly the single-threaded
//      one. Then it runs the duplicate check against the one id set, in line order; in stop
//      mode the piece's first error (row or duplicate) halts the load, and no later piece
//      delivers anything;
//   3. the checker hands the piece's records to the sink (with its own worker index) while
//      the next piece is being checked.
// So records, stats and errors are those of the single-threaded path; only the order in
// which the sink sees runs of records differs. Guesses are right unless a quoted field with
// a line break straddles the piece boundary; a wrong one costs one piece parsed twice.
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "io/csv_reader.hpp"
#include "io/driver.hpp"
#include "io/utf8.hpp"

namespace contactkpi::detail {

namespace {

// Small enough that a chunk's pool of records (a Contact is about 300 bytes for a 180-byte
// row, so about 850 KB) mostly stays in the core's 1 MB L2 cache between parse and
// hand-over. In a few runs at 1M contacts 512 KiB was at least as fast as 1 MiB, and
// 128 KiB slower (the machine was noisy; the effect is small).
constexpr std::size_t default_chunk_bytes = std::size_t{512} << 10;

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

/// The header: which record field each column feeds (-1: unknown column).
struct Header {
  std::vector<std::string> names;
  std::vector<int> field_of;
  bool in_order = false;        // column i feeds field i, for every field (the SPEC order)
  std::size_t body_offset = 0;  // of the first data row, in the data after any BOM
  std::int64_t body_line = 1;
};

bool issue_failure(const CsvReader& r, Failure& f) {
  f.names_lines = false;
  switch (r.issue()) {
    case CsvIssue::none:
      return false;
    case CsvIssue::stray_quote:
      f.reason = "bad_quote";
      f.message = "stray quote (inside an unquoted field, or after a closing quote)";
      break;
    case CsvIssue::unterminated_quote:
      f.reason = "bad_quote";
      f.message = "unterminated quoted field";
      break;
    case CsvIssue::nul_byte:
      f.reason = "nul_byte";
      f.message = "NUL byte";
      break;
  }
  f.column = {};
  f.value = r.raw();
  // An unterminated quoted field (or a NUL inside a quoted field) carries the following lines
  // into the malformed record (csv_reader.hpp). Say so: those lines are not lost silently,
  // the error names them.
  std::string_view body = f.value;  // without the line break that ends the data, if any
  while (!body.empty() && (body.back() == '\n' || body.back() == '\r')) body.remove_suffix(1);
  if (const auto extra = std::count(body.begin(), body.end(), '\n'); extra > 0) {
    f.names_lines = true;
    f.message += "; the malformed record runs on to line " + std::to_string(r.line() + extra) +
                 ", so the " + std::to_string(extra) + " line(s) after line " +
                 std::to_string(r.line()) + " are part of it and are not read as rows";
  }
  return true;
}

template <class Record>
Header read_header(std::string_view file, std::string_view data, io::LoadStats& stats) {
  using S = Schema<Record>;
  Header h;
  CsvReader r{data, 1};
  if (!r.next()) {
    throw_file_error(file, 0, {}, {}, "missing_header", "empty file: the header row is missing");
  }
  Failure f;
  if (issue_failure(r, f)) throw_file_error(file, 1, {}, f.value, f.reason, "header: " + f.message);
  for (std::size_t i = 0; i < r.size(); ++i) {
    const std::string_view raw = r.field(i);
    if (r.non_ascii(i) && !valid_utf8(raw)) {
      throw_file_error(file, 1, {}, raw, "bad_utf8", "header: invalid UTF-8");
    }
    const std::string_view name = trim(raw);
    if (std::find(h.names.begin(), h.names.end(), name) != h.names.end()) {
      throw_file_error(file, 1, name, {}, "duplicate_column", "duplicate column in the header");
    }
    h.names.emplace_back(name);
    int field = -1;
    for (std::size_t k = 0; k < S::count; ++k) {
      if (S::fields[k].name == name) field = static_cast<int>(k);
    }
    h.field_of.push_back(field);
    if (field < 0) stats.unknown_columns.emplace_back(name);
  }
  for (const FieldSpec& spec : S::fields) {
    if (spec.required && std::find(h.names.begin(), h.names.end(), spec.name) == h.names.end()) {
      throw_file_error(file, 1, spec.name, {}, "missing_column", "required column is missing");
    }
  }
  h.in_order = h.names.size() == S::count;
  for (std::size_t i = 0; i < h.field_of.size(); ++i) {
    h.in_order = h.in_order && h.field_of[i] == static_cast<int>(i);
  }
  h.body_offset = r.offset();
  h.body_line = r.next_line();
  return h;
}

/// The fields of the current row into the builder; false with `f` filled for a malformed
/// row (quotes, NUL, field count, UTF-8: the first invalid field in column order).
template <class Record>
bool map_row(const CsvReader& r, const Header& h, RecordBuilder<Record>& b, Failure& f) {
  if (r.issue() != CsvIssue::none) return !issue_failure(r, f);
  const std::size_t n = r.size();
  if (n != h.names.size()) {
    f.reason = "field_count";
    f.column = {};
    f.value = r.raw();
    f.message = "row has " + std::to_string(n) + " fields, the header has " +
                std::to_string(h.names.size());
    return false;
  }
  // Map first, validate after, and only when a field has a byte >= 0x80 (rare: the reader
  // tells it for the whole record). A failed row's fields are not used. Columns in schema
  // order are read where the reader has them (until its next record).
  if (h.in_order) {
    b.use_fields(r.fields());
  } else {
    auto& fields = b.fields();
    const int* const field_of = h.field_of.data();
    for (std::size_t i = 0; i < n; ++i) {
      if (field_of[i] >= 0) fields[static_cast<std::size_t>(field_of[i])] = r.field(i);
    }
    b.use_own_fields();
  }
  if (!r.any_non_ascii()) return true;
  for (std::size_t i = 0; i < n; ++i) {
    if (r.non_ascii(i) && !valid_utf8(r.field(i))) {
      f.reason = "bad_utf8";
      f.column = h.names[i];
      f.value = r.field(i);
      f.message = "invalid UTF-8";
      return false;
    }
  }
  return true;
}

/// About how many records `body` has, from its first MiB (to size the id set once).
std::size_t estimate_rows(std::string_view body) noexcept {
  const std::string_view head = body.substr(0, std::size_t{1} << 20);
  const auto lines = static_cast<std::size_t>(std::count(head.begin(), head.end(), '\n'));
  if (lines == 0 || head.size() == body.size()) return lines + 1;
  const double scale = static_cast<double>(body.size()) / static_cast<double>(head.size());
  return static_cast<std::size_t>(scale * static_cast<double>(lines) * 1.05) + 1;
}

// Records the sequential reader hands to the sink at a time.
constexpr std::size_t sequential_batch = 256;
// Bytes read between two PageRelease calls of the sequential reader.
constexpr std::size_t release_step = std::size_t{16} << 20;
// A page fault may map a whole large folio (up to 2 MiB) of the page cache, so pages already
// handed back can be mapped again by a read just after them: each release also covers the
// bytes this far before its range.
constexpr std::ptrdiff_t release_lookback = std::ptrdiff_t{4} << 20;

/// [begin, end) extended back by release_lookback, within `body`.
const char* lookback(std::string_view body, const char* begin) noexcept {
  return begin - body.data() > release_lookback ? begin - release_lookback : body.data();
}

template <class Record>
void run_sequential(std::string_view file, std::string_view body, std::int64_t first_line,
                    const Header& h, const io::BatchSink<Record>& sink,
                    const io::LoadOptions& options, io::LoadStats& stats, PageRelease release) {
  CsvReader r{body, first_line};
  RecordBuilder<Record> b{options};
  b.set_readable(body);
  IdSet ids{body};
  const bool check = Schema<Record>::has_key && options.check_duplicates;
  if (check) ids.reserve(estimate_rows(body));
  // Good records are handed over sequential_batch at a time; the batch is handed over before
  // an error is counted (in stop mode: thrown), so the sink has every record before it.
  std::vector<Record> pool(sequential_batch);
  std::size_t filled = 0;
  TextStore texts;  // for views (ContactView) of texts that do not outlive their row
  texts.reset(body);
  b.keep_texts_in(&texts);
  const auto flush = [&] {
    if (filled > 0) sink(0, std::span<const Record>{pool.data(), filled});
    filled = 0;
    texts.reset(body);
  };
  Tally tally{stats, options};
  Failure f;
  const char* released = body.data();
  while (r.next()) {
    if (r.raw().data() - released >= static_cast<std::ptrdiff_t>(release_step)) {
      release(lookback(body, released), r.raw().data());  // every earlier record is done
      released = r.raw().data();
    }
    if (!map_row(r, h, b, f)) {
      flush();
      tally.reject(make_error(file, r.line(), f));
      continue;
    }
    if (check) b.prefetch_key(ids);
    Record& record = pool[filled];
    if (!b.build(record)) {
      flush();
      tally.reject(make_error(file, r.line(), b.failure()));
    } else if (check && !b.first_of_key(record, ids, b.key_where())) {
      flush();
      tally.reject(b.duplicate(file, r.line(), record));
    } else {
      tally.used();
      if (++filled == pool.size()) flush();
    }
  }
  flush();
}

/// A nominal piece of the body: [begin, end). Its records are those that start in it (the
/// last one may run past `end`); see the file comment.
struct Chunk {
  std::size_t begin = 0;
  std::size_t end = 0;
};

template <class Record>
class ParallelRun {
 public:
  ParallelRun(std::string_view file, std::string_view body, std::int64_t first_line,
              const Header& h, const io::BatchSink<Record>& sink, const io::LoadOptions& options,
              std::vector<Chunk> chunks, PageRelease release)
      : ids_{body},
        release_{release},
        file_{file},
        body_{body},
        header_{h},
        sink_{sink},
        options_{options},
        chunks_{std::move(chunks)},
        out_(chunks_.size()),
        ready_(chunks_.size()),
        next_line_{first_line},
        first_line_{first_line} {}

  void run(unsigned threads, io::LoadStats& stats) {
    std::vector<std::thread> workers;
    const unsigned n = static_cast<unsigned>(std::min<std::size_t>(threads, chunks_.size()));
    max_waiting_ = 2 * std::size_t{n};
    for (unsigned w = 0; w < n; ++w) workers.emplace_back([this, w] { work(w); });
    for (auto& t : workers) t.join();
    if (exception_) std::rethrow_exception(exception_);
    if (stop_error_) throw io::ParseError{std::move(*stop_error_)};
    for (Out& o : out_) {
      stats.rows_read += o.read;
      stats.rows_used += o.used;
      stats.rows_skipped += o.skipped;
      for (const auto& [reason, count] : o.by_reason) stats.skipped_by_reason[reason] += count;
      for (io::Error& e : o.errors) {
        if (stats.errors.size() < max_errors) stats.errors.push_back(std::move(e));
      }
    }
  }

 private:
  static constexpr std::uint32_t not_kept = ~std::uint32_t{0};

  // A parsed row for check() and deliver(): every row when keys are checked (check_), else
  // only the failed ones (the good ones are the pool's first `good`, in order).
  struct Pending {
    std::int64_t line;
    std::string_view reason;    // empty: a good record
    std::uint32_t index;        // into the pool (record) or the chunk's row errors (or not_kept)
    std::uint32_t good_before;  // how many good records the piece had before this row
    std::uint64_t hash;         // of a good record's key
    const char* key_where;      // its key's text in the data (or a reader's scratch buffer)
  };
  struct Out {
    std::int64_t read = 0;
    std::int64_t used = 0;
    std::int64_t skipped = 0;
    std::map<std::string, std::int64_t> by_reason;
    std::vector<io::Error> errors;
  };
  struct Local {
    std::vector<Record> pool;
    TextStore texts;  // what views in the pool need beyond the file's data (see TextStore)
    std::vector<Pending> pending;
    std::size_t good = 0;  // good records: local.pool[0, good)
    std::vector<io::Error> row_errors;
    std::size_t start = 0;      // where the parse started (offset in body_)
    std::size_t stop = 0;       // where it stopped: the end of its last record
    std::int64_t end_line = 0;  // the line number at `stop`
    bool relative = false;      // line numbers counted from 0 at `start` (a guessed start)
    bool names_lines = false;   // a failed row's message holds a line number
  };

  void work(unsigned worker) {
    try {
      RecordBuilder<Record> b{options_};
      for (;;) {
        std::unique_ptr<Local> local = take_local();
        if (!local) return;  // halted
        const std::size_t c = next_.fetch_add(1);
        if (c >= chunks_.size() || halted_.load()) return;
        if (c == 0) {
          parse(c, b, *local, 0, first_line_);
        } else {
          // Guess: the piece's first record starts after its first LF (one before `begin`
          // included). check() verifies the guess against the previous piece's end.
          const std::size_t lf = body_.find('\n', chunks_[c].begin - 1);
          parse(c, b, *local, lf == std::string_view::npos ? body_.size() : lf + 1, 0);
          local->relative = true;
        }
        if (!hand_in(c, std::move(local), b, worker)) return;
      }
    } catch (...) {
      const std::lock_guard lock{mutex_};
      if (!exception_) exception_ = std::current_exception();
      halted_ = true;
      turn_changed_.notify_all();
    }
  }

  /// A parse buffer for the next piece, reused from the free list; waits while too many
  /// parsed pieces wait for their check (one worker far ahead of the other: memory).
  /// nullptr when the load is halted.
  std::unique_ptr<Local> take_local() {
    std::unique_lock lock{mutex_};
    turn_changed_.wait(lock, [&] { return waiting_ < max_waiting_ || halted_; });
    if (halted_) return nullptr;
    if (free_.empty()) return std::make_unique<Local>();
    std::unique_ptr<Local> local = std::move(free_.back());
    free_.pop_back();
    return local;
  }

  /// Steps 2 and 3 for a parsed piece: it waits in ready_ for its turn, and whichever worker
  /// hands in the piece whose turn it is checks it and every later piece already waiting
  /// (one checker at a time, in piece order), delivering each after its check. So a worker
  /// never idles waiting for its turn: it parses its next piece instead. False when the load
  /// is halted.
  bool hand_in(std::size_t c, std::unique_ptr<Local> local, RecordBuilder<Record>& b,
               unsigned worker) {
    std::unique_lock lock{mutex_};
    ready_[c] = std::move(local);
    ++waiting_;
    while (!checking_ && !halted_ && turn_ < ready_.size() && ready_[turn_]) {
      const std::size_t k = turn_;
      std::unique_ptr<Local> mine = std::move(ready_[k]);
      --waiting_;
      checking_ = true;
      lock.unlock();
      // The checker's state (ids_, next_start_, next_line_, released_to_, out_[k]) needs no
      // lock: one checker at a time, handing over through the mutex.
      const bool ok = check(k, b, *mine);
      if (ok) release_pages(k);
      lock.lock();
      checking_ = false;
      if (!ok) return false;
      ++turn_;
      turn_changed_.notify_all();
      lock.unlock();
      deliver(k, worker, *mine);
      lock.lock();
      free_.push_back(std::move(mine));
    }
    return !halted_;
  }

  /// Step 1: parses the records that start in [start, chunk end) (the last one may run past
  /// the end), with line numbers from first_line.
  void parse(std::size_t c, RecordBuilder<Record>& b, Local& local, std::size_t start,
             std::int64_t first_line) {
    const std::size_t end = chunks_[c].end;
    CsvReader r{body_.substr(std::min(start, body_.size())), first_line};
    local.pending.clear();
    local.row_errors.clear();
    local.texts.reset(body_);
    b.keep_texts_in(&local.texts);
    b.set_readable(body_);
    local.start = start;
    local.relative = false;
    local.names_lines = false;
    std::size_t records = 0;
    std::size_t rows = 0;
    Failure f;
    const bool stop = options_.on_error == io::OnError::stop;
    const auto finish = [&] {
      local.stop = start + r.offset();
      local.end_line = r.next_line();
      local.good = records;
    };
    while (start + r.offset() < end && r.next()) {
      if ((rows++ & 1023U) == 0 && halted_.load()) return finish();
      const Failure* failure = nullptr;
      if (!map_row(r, header_, b, f)) {
        failure = &f;
      } else {
        if (records == local.pool.size()) local.pool.emplace_back();
        if (!b.build(local.pool[records])) failure = &b.failure();
      }
      if (failure == nullptr) {
        if (!check_) {  // listed only for the key check
          ++records;
          continue;
        }
        const std::uint64_t hash = b.key_hash(local.pool[records]);
        const auto at = static_cast<std::uint32_t>(records++);
        local.pending.push_back({r.line(), {}, at, at, hash, b.key_where()});
        continue;
      }
      local.names_lines = local.names_lines || failure->names_lines;
      std::uint32_t index = not_kept;
      if (local.row_errors.size() < max_errors) {
        index = static_cast<std::uint32_t>(local.row_errors.size());
        local.row_errors.push_back(make_error(file_, r.line(), *failure));
      }
      local.pending.push_back(
          {r.line(), failure->reason, index, static_cast<std::uint32_t>(records), 0, nullptr});
      if (stop) break;
    }
    finish();
  }

  /// Step 2, in chunk order, by the one worker that holds the checker's role (hand_in()).
  /// False when the load is halted.
  bool check(std::size_t c, RecordBuilder<Record>& b, Local& local) {
    if (halted_) return false;
    // The previous piece ended at next_start_ (line next_line_): that is where this piece's
    // first record starts. A wrong guess (the LF was inside a quoted field, or the previous
    // record ran past it) is parsed again from there; so is a piece with a malformed record
    // over several lines, whose message names line numbers. Both are rare. Other rows' line
    // numbers (and their errors') are shifted by next_line_.
    if (local.start != next_start_ || (local.relative && local.names_lines)) {
      parse(c, b, local, next_start_, next_line_);
      if (halted_) return false;
    }
    if (local.relative) {
      for (Pending& p : local.pending) p.line += next_line_;
      for (io::Error& e : local.row_errors) e.line += next_line_;
      local.end_line += next_line_;
    }
    next_start_ = std::max(next_start_, local.stop);
    next_line_ = local.end_line;
    // The id set is sized once, here rather than before the workers start: filling its
    // table (16 MB at 1M contacts, fresh pages) then overlaps the other workers' parsing.
    if (check_ && c == 0) ids_.reserve(estimate_rows(body_));
    Out& out = out_[c];
    const bool stop = options_.on_error == io::OnError::stop;
    constexpr std::size_t ahead = 16;  // slots prefetched ahead: the table is out of cache
    const std::size_t n = local.pending.size();
    const std::size_t fetch = check_ ? std::min(ahead, n) : 0;
    for (std::size_t k = 0; k < fetch; ++k) ids_.prefetch(local.pending[k].hash);
    for (std::size_t k = 0; k < n; ++k) {
      if (check_ && k + ahead < n) ids_.prefetch(local.pending[k + ahead].hash);
      Pending& p = local.pending[k];
      if (p.reason.empty() &&
          (!check_ || b.first_of_key(local.pool[p.index], ids_, p.hash, p.key_where))) {
        continue;
      }
      // The rare path: a failed row or a duplicate. (The optional is made here, not for every
      // row: constructing it cleared its 184 bytes each time, 6% of the interactions step.)
      std::optional<io::Error> duplicate;
      if (p.reason.empty()) {
        duplicate = b.duplicate(file_, p.line, local.pool[p.index]);
        p.reason = "duplicate_id";
      }
      if (stop) {
        const std::lock_guard lock{mutex_};
        stop_error_ = duplicate ? std::move(*duplicate) : std::move(local.row_errors[p.index]);
        local.good = p.good_before;
        local.pending.resize(k);
        halted_ = true;
        turn_changed_.notify_all();
        break;
      }
      if (out.errors.size() < max_errors) {
        if (duplicate) {
          out.errors.push_back(std::move(*duplicate));
        } else if (p.index != not_kept) {
          out.errors.push_back(std::move(local.row_errors[p.index]));
        }
      }
    }
    // The rows of a piece with the stop error up to it are still delivered.
    return true;
  }

  /// The pieces up to piece c are copied into pools: their bytes are not read again. They are
  /// handed back every release_step bytes, not every piece: each madvise() of a
  /// multi-threaded process costs a TLB flush on every core, and the lookback would cover
  /// the same pages again and again. Called in piece order, after check(c), before the
  /// next piece's check (released_to_ is the checker's, like next_start_).
  void release_pages(std::size_t c) {
    const std::size_t end = std::min(next_start_, body_.size());
    if (end - released_to_ < release_step && c + 1 < chunks_.size()) return;
    const char* const from = lookback(body_, body_.data() + released_to_);
    released_to_ = end;
    release_(from, body_.data() + end);
  }

  void deliver(std::size_t c, unsigned worker, Local& local) {
    Out& out = out_[c];
    if (!check_) {
      // Only the failed rows are listed: the good records between two of them go to the sink
      // as one span.
      std::size_t from = 0;
      for (const Pending& p : local.pending) {
        if (p.good_before > from) {
          sink_(worker, std::span<const Record>{local.pool.data() + from, p.good_before - from});
        }
        from = p.good_before;
        ++out.skipped;
        ++out.by_reason[std::string{p.reason}];
      }
      if (local.good > from) {
        sink_(worker, std::span<const Record>{local.pool.data() + from, local.good - from});
      }
      out.read += static_cast<std::int64_t>(local.good + local.pending.size());
      out.used += static_cast<std::int64_t>(local.good);
      return;
    }
    // Runs of consecutive good records go to the sink as one span each.
    std::size_t first = 0;
    std::size_t count = 0;
    const auto flush = [&] {
      if (count > 0) sink_(worker, std::span<const Record>{local.pool.data() + first, count});
      count = 0;
    };
    for (const Pending& p : local.pending) {
      ++out.read;
      if (p.reason.empty()) {
        ++out.used;
        if (count > 0 && p.index != first + count) flush();
        if (count == 0) first = p.index;
        ++count;
      } else {
        flush();
        ++out.skipped;
        ++out.by_reason[std::string{p.reason}];
      }
    }
    flush();
  }

  IdSet ids_;  // reserved by the first check (see check())
  PageRelease release_;
  std::string_view file_;
  std::string_view body_;
  const Header& header_;
  const io::BatchSink<Record>& sink_;
  const io::LoadOptions& options_;
  const bool check_ = Schema<Record>::has_key && options_.check_duplicates;
  std::vector<Chunk> chunks_;
  std::vector<Out> out_;

  std::atomic<std::size_t> next_{0};
  std::atomic<bool> halted_{false};
  std::mutex mutex_;
  std::condition_variable turn_changed_;
  // Guarded by mutex_: turn_ (the next piece to check), ready_, free_, waiting_, checking_,
  // stop_error_ and exception_.
  std::size_t turn_ = 0;
  std::vector<std::unique_ptr<Local>> ready_;  // by piece: parsed, waiting for its check
  std::vector<std::unique_ptr<Local>> free_;   // parse buffers to reuse
  std::size_t waiting_ = 0;                    // pieces in ready_
  std::size_t max_waiting_ = 2;
  bool checking_ = false;  // a worker holds the checker's role (hand_in())
  // The checker's (see hand_in()):
  std::size_t released_to_ = 0;  // body_ before this offset was handed back
  std::size_t next_start_ = 0;   // where the next piece's first record starts
  std::int64_t next_line_ = 0;   // its line number (set to first_line_ by the constructor)
  std::int64_t first_line_ = 1;
  std::optional<io::Error> stop_error_;
  std::exception_ptr exception_;
};

}  // namespace

template <class Record>
io::LoadStats load_csv(std::string_view file, std::string_view data,
                       const io::BatchSink<Record>& sink, const io::LoadOptions& options,
                       PageRelease release) {
  io::LoadStats stats;
  stats.file = file;
  if (data.substr(0, 3) == "\xEF\xBB\xBF") data.remove_prefix(3);
  const Header h = read_header<Record>(file, data, stats);
  const std::string_view body = data.substr(h.body_offset);
  const std::size_t chunk_bytes =
      options.chunk_bytes > 0 ? options.chunk_bytes : default_chunk_bytes;
  const std::size_t pieces = (body.size() + chunk_bytes - 1) / chunk_bytes;
  if (options.threads <= 1 || pieces <= 1) {
    run_sequential<Record>(file, body, h.body_line, h, sink, options, stats, release);
    return stats;
  }
  std::vector<Chunk> chunks(pieces);
  for (std::size_t k = 0; k < pieces; ++k) {
    chunks[k] = {body.size() / pieces * k,
                 k + 1 == pieces ? body.size() : body.size() / pieces * (k + 1)};
  }
  ParallelRun<Record> run{file, body, h.body_line, h, sink, options, std::move(chunks), release};
  run.run(options.threads, stats);
  return stats;
}

template io::LoadStats load_csv<Contact>(std::string_view, std::string_view,
                                         const io::BatchSink<Contact>&, const io::LoadOptions&,
                                         PageRelease);
template io::LoadStats load_csv<ContactView>(std::string_view, std::string_view,
                                             const io::BatchSink<ContactView>&,
                                             const io::LoadOptions&, PageRelease);
template io::LoadStats load_csv<InteractionView>(std::string_view, std::string_view,
                                                 const io::BatchSink<InteractionView>&,
                                                 const io::LoadOptions&, PageRelease);
template io::LoadStats load_csv<Interaction>(std::string_view, std::string_view,
                                             const io::BatchSink<Interaction>&,
                                             const io::LoadOptions&, PageRelease);
template io::LoadStats load_csv<Survey>(std::string_view, std::string_view,
                                        const io::BatchSink<Survey>&, const io::LoadOptions&,
                                        PageRelease);
template io::LoadStats load_csv<SurveyView>(std::string_view, std::string_view,
                                            const io::BatchSink<SurveyView>&,
                                            const io::LoadOptions&, PageRelease);
template io::LoadStats load_csv<Segment>(std::string_view, std::string_view,
                                         const io::BatchSink<Segment>&, const io::LoadOptions&,
                                         PageRelease);

}  // namespace contactkpi::detail
