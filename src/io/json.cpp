// SPDX-License-Identifier: MIT
// The JSON loader: a top-level array of objects, or JSON Lines (one object per line, blank
// lines allowed), read with nlohmann's SAX parser so that no document tree is built.
//
// Values may be strings or native numbers / booleans; null means empty. A record's line is
// the line of its '{': for arrays an iterator wrapper tells the handler how far the parser
// has read (the parser reads nothing past a '{' before reporting it).
//
// Errors: a JSON syntax error inside an array stops the load whatever OnError says (the rest
// of the array cannot be trusted); in JSON Lines it is a row error on that line, so
// OnError::skip skips the line and goes on.
#include <algorithm>
#include <array>
#include <charconv>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>

#include "io/driver.hpp"

namespace contactkpi::detail {

namespace {

using nlohmann::json;

/// A `const char*` that records how far it has been advanced.
class TrackingIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  TrackingIterator() = default;
  TrackingIterator(const char* p, const char** latest) noexcept : p_{p}, latest_{latest} {}
  reference operator*() const noexcept { return *p_; }
  TrackingIterator& operator++() noexcept {
    ++p_;
    *latest_ = p_;
    return *this;
  }
  TrackingIterator operator++(int) noexcept {
    TrackingIterator old = *this;
    ++*this;
    return old;
  }
  friend bool operator==(const TrackingIterator& a, const TrackingIterator& b) noexcept {
    return a.p_ == b.p_;
  }

 private:
  const char* p_ = nullptr;
  const char** latest_ = nullptr;
};

std::string_view kind_name(FieldKind kind) noexcept {
  switch (kind) {
    case FieldKind::text:
      return "a string or a number";
    case FieldKind::timestamp:
      return "a string";
    case FieldKind::number:
      return "a number or a string";
    case FieldKind::boolean:
      return "a boolean, 0/1 or a string";
  }
  return "?";
}

/// The message after nlohmann's "parse error at line L, column C: " (its positions are
/// relative to what it was given, which for JSON Lines is one line).
std::string syntax_message(const std::exception& e) {
  const std::string_view what = e.what();
  const std::size_t at = what.find("syntax error");
  return "invalid JSON: " + std::string{at == std::string_view::npos ? what : what.substr(at)};
}

template <class Record>
class Handler {
 public:
  using S = Schema<Record>;

  Handler(std::string_view file, std::string_view data, bool array_mode,
          const io::BatchSink<Record>& sink, const io::LoadOptions& options, io::LoadStats& stats)
      : file_{file},
        data_{data},
        array_mode_{array_mode},
        record_depth_{array_mode ? 2 : 1},
        sink_{sink},
        tally_{stats, options},
        builder_{options},
        stats_{stats},
        check_duplicates_{options.check_duplicates},
        latest_{data.data()},
        line_pos_{data.data()} {}

  // ---- driving ----------------------------------------------------------------------------
  void parse_array() {
    const TrackingIterator first{data_.data(), &latest_};
    const TrackingIterator last{data_.data() + data_.size(), &latest_};
    json::sax_parse(first, last, this);
    if (syntax_error_) {
      throw_file_error(file_, line_of(latest_ - 1), {}, {}, "bad_json", *syntax_error_);
    }
  }

  void parse_lines() {
    std::int64_t line = 1;
    std::size_t pos = 0;
    while (pos < data_.size()) {
      std::size_t end = data_.find('\n', pos);
      if (end == std::string_view::npos) end = data_.size();
      std::string_view text = data_.substr(pos, end - pos);
      pos = end + 1;
      const std::int64_t this_line = line++;
      if (text.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      line_ = this_line;
      complete_ = false;
      line_rejected_ = false;
      in_record_ = false;
      depth_ = 0;
      skip_depth_ = 0;
      syntax_error_.reset();
      json::sax_parse(text.begin(), text.end(), this);
      if (syntax_error_) {
        if (line_rejected_) continue;  // already counted: not an object
        tally_.reject(make_error(file_, this_line, {}, text, "bad_json", *syntax_error_));
      } else if (complete_) {
        finish();
      }
    }
  }

  // ---- SAX interface ----------------------------------------------------------------------
  bool null() { return scalar(Scalar::null, {}); }
  bool boolean(bool b) { return scalar(Scalar::boolean, b ? "true" : "false"); }
  bool number_integer(std::int64_t n) { return integer(n); }
  bool number_unsigned(std::uint64_t n) { return integer(n); }
  bool number_float(double x, const std::string& /*raw*/) {
    // Fixed notation (shortest round trip), so that 1e-3 reaches the field parsers as 0.001.
    char buffer[400];  // NOLINT(*-avoid-c-arrays): enough for any finite double in fixed
    const auto r = std::to_chars(buffer, buffer + sizeof buffer, x, std::chars_format::fixed);
    return scalar(Scalar::number,
                  {buffer, r.ec == std::errc{} ? static_cast<std::size_t>(r.ptr - buffer) : 0});
  }
  bool string(std::string& s) { return scalar(Scalar::string, s); }
  bool binary(json::binary_t& /*unused*/) { return scalar(Scalar::container, {}); }

  bool start_object(std::size_t /*size*/) {
    if (skip_depth_ > 0) {
      ++skip_depth_;
      return true;
    }
    if (!in_record_ && depth_ + 1 == record_depth_) {
      ++depth_;
      begin_record();
      return true;
    }
    return container();
  }
  bool end_object() {
    if (skip_depth_ > 0) {
      --skip_depth_;
      return true;
    }
    --depth_;
    in_record_ = false;
    if (array_mode_) {
      finish();
    } else {
      complete_ = true;
    }
    return true;
  }
  bool start_array(std::size_t /*size*/) {
    if (skip_depth_ > 0) {
      ++skip_depth_;
      return true;
    }
    if (array_mode_ && depth_ == 0) {
      ++depth_;
      return true;
    }
    return container();
  }
  bool end_array() {
    if (skip_depth_ > 0) {
      --skip_depth_;
    } else {
      --depth_;
    }
    return true;
  }
  bool key(std::string& name) {
    if (skip_depth_ > 0) return true;
    field_ = -1;
    for (std::size_t k = 0; k < S::count; ++k) {
      if (S::fields[k].name == name) field_ = static_cast<int>(k);
    }
    if (field_ < 0) {
      auto& unknown = stats_.unknown_columns;
      if (std::find(unknown.begin(), unknown.end(), name) == unknown.end()) {
        unknown.push_back(name);
      }
      return true;
    }
    const auto k = static_cast<std::size_t>(field_);
    if (seen_[k]) {
      fail(S::fields[k].name, {}, "duplicate_column", "field appears twice in the object");
    }
    seen_[k] = true;
    return true;
  }
  bool parse_error(std::size_t /*position*/, const std::string& /*token*/,
                   const nlohmann::detail::exception& e) {
    syntax_error_ = syntax_message(e);
    return false;
  }

 private:
  enum class Scalar : std::uint8_t { null, boolean, number, string, container };

  std::int64_t line_of(const char* p) {
    if (p < data_.data()) p = data_.data();
    if (p > line_pos_) {
      line_count_ += std::count(line_pos_, p, '\n');
      line_pos_ = p;
    }
    return line_count_ + 1;
  }

  void begin_record() {
    in_record_ = true;
    field_ = -1;
    if (array_mode_) line_ = line_of(latest_ - 1);
    for (auto& v : values_) v.clear();
    seen_.fill(false);
    failure_.reset();
  }

  /// A value that is not a record where a record is expected (top level or array element).
  bool not_a_record(std::string_view value) {
    const std::int64_t line = array_mode_ ? line_of(latest_ - 1) : line_;
    line_rejected_ = true;
    tally_.reject(
        make_error(file_, line, {}, value, "wrong_type",
                   array_mode_ ? "array element is not an object" : "line is not a JSON object"));
    return true;
  }

  bool container() {
    skip_depth_ = 1;
    if (!in_record_) return not_a_record({});
    if (field_ >= 0) {
      const auto k = static_cast<std::size_t>(field_);
      fail(S::fields[k].name, {}, "wrong_type",
           "wrong JSON type: expected " + std::string{kind_name(S::fields[k].kind)} +
               ", got an object or array");
    }
    return true;
  }

  template <class Int>
  bool integer(Int n) {
    char buffer[24];  // NOLINT(*-avoid-c-arrays)
    const auto r = std::to_chars(buffer, buffer + sizeof buffer, n);
    return scalar(Scalar::number, {buffer, static_cast<std::size_t>(r.ptr - buffer)});
  }

  bool scalar(Scalar type, std::string_view text) {
    if (skip_depth_ > 0) return true;
    if (!in_record_) return not_a_record(text);
    if (field_ < 0) return true;  // unknown field: ignored
    const auto k = static_cast<std::size_t>(field_);
    const FieldKind kind = S::fields[k].kind;
    bool ok = true;
    switch (type) {
      case Scalar::null:
      case Scalar::string:
        break;
      case Scalar::number:
        ok = kind != FieldKind::timestamp;
        break;
      case Scalar::boolean:
        ok = kind == FieldKind::boolean;
        break;
      case Scalar::container:
        ok = false;
        break;
    }
    if (!ok) {
      fail(S::fields[k].name, text, "wrong_type",
           "wrong JSON type: expected " + std::string{kind_name(kind)});
      return true;
    }
    if (text.find('\0') != std::string_view::npos) {  // "\u0000": as in CSV, never data
      fail(S::fields[k].name, text, "nul_byte", "NUL character");
      return true;
    }
    values_[k].assign(text);
    return true;
  }

  void fail(std::string_view column, std::string_view value, std::string_view reason,
            std::string message) {
    if (failure_) return;  // the first problem of the record
    failure_ = make_error(file_, line_, column, value, reason, std::move(message));
  }

  void finish() {
    if (failure_) {
      tally_.reject(std::move(*failure_));
      failure_.reset();
      return;
    }
    auto& fields = builder_.fields();
    for (std::size_t k = 0; k < S::count; ++k) fields[k] = values_[k];
    if (!builder_.build(record_)) {
      tally_.reject(make_error(file_, line_, builder_.failure()));
    } else if (check_duplicates_ && !builder_.first_of_key(record_, ids_)) {
      tally_.reject(builder_.duplicate(file_, line_, record_));
    } else {
      tally_.used();
      sink_(0, std::span<const Record>{&record_, 1});
    }
  }

  std::string_view file_;
  std::string_view data_;
  bool array_mode_;
  int record_depth_;
  const io::BatchSink<Record>& sink_;
  Tally tally_;
  RecordBuilder<Record> builder_;
  io::LoadStats& stats_;
  bool check_duplicates_;
  IdSet ids_;
  Record record_{};

  const char* latest_;  // how far the parser has read (array mode)
  const char* line_pos_;
  std::int64_t line_count_ = 0;  // LFs before line_pos_

  int depth_ = 0;
  int skip_depth_ = 0;
  bool in_record_ = false;
  bool complete_ = false;
  bool line_rejected_ = false;  // JSON Lines: the current line already counted as an error
  int field_ = -1;
  std::int64_t line_ = 1;
  std::array<std::string, S::count> values_{};
  std::array<bool, S::count> seen_{};
  std::optional<io::Error> failure_;
  std::optional<std::string> syntax_error_;
};

}  // namespace

template <class Record>
io::LoadStats load_json(std::string_view file, std::string_view data,
                        const io::BatchSink<Record>& sink, const io::LoadOptions& options) {
  io::LoadStats stats;
  stats.file = file;
  if (data.substr(0, 3) == "\xEF\xBB\xBF") data.remove_prefix(3);
  const std::size_t first = data.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return stats;  // nothing: no records
  const bool array_mode = data[first] == '[';
  Handler<Record> handler{file, data, array_mode, sink, options, stats};
  if (array_mode) {
    handler.parse_array();
  } else {
    handler.parse_lines();
  }
  return stats;
}

template io::LoadStats load_json<Contact>(std::string_view, std::string_view,
                                          const io::BatchSink<Contact>&, const io::LoadOptions&);
template io::LoadStats load_json<ContactView>(std::string_view, std::string_view,
                                              const io::BatchSink<ContactView>&,
                                              const io::LoadOptions&);
template io::LoadStats load_json<InteractionView>(std::string_view, std::string_view,
                                                  const io::BatchSink<InteractionView>&,
                                                  const io::LoadOptions&);
template io::LoadStats load_json<Interaction>(std::string_view, std::string_view,
                                              const io::BatchSink<Interaction>&,
                                              const io::LoadOptions&);
template io::LoadStats load_json<Survey>(std::string_view, std::string_view,
                                         const io::BatchSink<Survey>&, const io::LoadOptions&);
template io::LoadStats load_json<SurveyView>(std::string_view, std::string_view,
                                             const io::BatchSink<SurveyView>&,
                                             const io::LoadOptions&);
template io::LoadStats load_json<Segment>(std::string_view, std::string_view,
                                          const io::BatchSink<Segment>&, const io::LoadOptions&);

}  // namespace contactkpi::detail
