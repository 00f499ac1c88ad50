// SPDX-License-Identifier: MIT
// Private: an RFC 4180 record tokenizer over a byte buffer. Fields are views into the
// buffer; quoted fields with "" are unescaped into one scratch buffer reused for the whole
// read, so no field allocates.
//
// A well-formed record ends at the first LF (optionally preceded by CR) outside a quoted
// field, or at the end of the data. A malformed record ends:
//   - at the end of its line when the fault is outside a quoted field (a quote inside an
//     unquoted field, text after a closing quote, a NUL in an unquoted field): the rest of
//     that line, quotes included, belongs to it, and the next line is read as a record, so
//     one bad row costs one row;
//   - by quote parity when the fault is inside a quoted field (a NUL there): at the first
//     LF at which the number of '"' since the record start is even;
//   - at the end of the data for an unterminated quoted field.
// Where a record ends depends only on where it starts, so a reader that starts where the
// reader from the top ended a record (the parallel loader checks its guesses against that)
// sees exactly the records the reader from the top sees.
//
// Lines made only of a line terminator are skipped (not records).
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace contactkpi::detail {

enum class CsvIssue : std::uint8_t {
  none,
  stray_quote,         ///< a quote inside an unquoted field, or text after a closing quote
  unterminated_quote,  ///< the data ends inside a quoted field
  nul_byte,            ///< a NUL byte
};

class CsvReader {
 public:
  /// `first_line` is the 1-based line number of data[0].
  CsvReader(std::string_view data, std::int64_t first_line) noexcept
      : begin_{data.data()}, p_{data.data()}, end_{data.data() + data.size()}, line_{first_line} {}

  /// Reads the next record; false at the end of the data.
  bool next() {
    skip_blank_lines();
    if (p_ == end_) return false;
    record_line_ = line_;
    record_begin_ = p_;
    fields_.clear();
    scratch_.clear();
    issue_ = CsvIssue::none;
    for (;;) {
      if (plain_fields_fast()) return true;
      if (*p_ == '"') {
        if (quoted_field()) return true;
      } else {
        if (plain_field()) return true;
      }
    }
  }

  /// Line where the current record starts.
  [[nodiscard]] std::int64_t line() const noexcept { return record_line_; }
  /// Line number of the next unread byte.
  [[nodiscard]] std::int64_t next_line() const noexcept { return line_; }
  [[nodiscard]] CsvIssue issue() const noexcept { return issue_; }
  [[nodiscard]] std::size_t size() const noexcept { return fields_.size(); }
  [[nodiscard]] std::string_view field(std::size_t i) const noexcept {
    const Field& f = fields_[i];
    return {(f.in_scratch ? scratch_.data() : begin_) + f.begin, f.size};
  }
  /// True when the field has a byte ≥ 0x80 (needs UTF-8 validation).
  [[nodiscard]] bool non_ascii(std::size_t i) const noexcept { return fields_[i].non_ascii; }
  /// The record as in the data, without its line terminator.
  [[nodiscard]] std::string_view raw() const noexcept {
    return {record_begin_, static_cast<std::size_t>(record_end_ - record_begin_)};
  }
  /// Offset of the next unread byte.
  [[nodiscard]] std::size_t offset() const noexcept {
    return static_cast<std::size_t>(p_ - begin_);
  }

 private:
  struct Field {
    std::size_t begin;
    std::size_t size;
    bool in_scratch;
    bool non_ascii;
  };

  // Bytes that stop the scan of an unquoted field.
  static constexpr std::array<bool, 256> stops_ = [] {
    std::array<bool, 256> t{};
    t[static_cast<unsigned char>(',')] = true;
    t[static_cast<unsigned char>('"')] = true;
    t[static_cast<unsigned char>('\n')] = true;
    t[static_cast<unsigned char>('\r')] = true;
    t[0] = true;
    return t;
  }();

  static unsigned char byte(const char* p) noexcept { return static_cast<unsigned char>(*p); }

  void skip_blank_lines() noexcept {
    while (p_ != end_) {
      if (*p_ == '\n') {
        ++p_;
        ++line_;
      } else if (*p_ == '\r' && p_ + 1 != end_ && p_[1] == '\n') {
        p_ += 2;
        ++line_;
      } else {
        break;
      }
    }
  }

  void push(const char* first, const char* last, unsigned acc) {
    push_plain(first, last, (acc & 0x80U) != 0);
  }
  void push_plain(const char* first, const char* last, bool non_ascii) {
    fields_.push_back({static_cast<std::size_t>(first - begin_),
                       static_cast<std::size_t>(last - first), false, non_ascii});
  }

#if defined(__SSE2__)
  struct Masks {
    unsigned stops;  ///< bit i: p[i] stops an unquoted field (see stops_)
    unsigned high;   ///< bit i: p[i] >= 0x80
  };
  /// The masks of the 16 bytes at p.
  static Masks block_masks(const char* p) noexcept {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));  // NOLINT
    const __m128i stop = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')), _mm_cmpeq_epi8(v, _mm_set1_epi8('"'))),
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')),
                                  _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))),
                     _mm_cmpeq_epi8(v, _mm_setzero_si128())));
    return {static_cast<unsigned>(_mm_movemask_epi8(stop)),
            static_cast<unsigned>(_mm_movemask_epi8(v))};
  }
#endif

  /// The common case in one scan: consumes the plain fields from p_ (a field start) that end
  /// at ',' or at the record's LF / CRLF, 16 bytes at a time, each block compared once for
  /// all the bytes that matter (',' '"' LF CR NUL, and bytes >= 0x80 for non_ascii). True
  /// when it ended the record. It stops (false) at the start of a field it leaves to
  /// plain_field() / quoted_field(), which decide everything unusual: a field with '"', NUL or
  /// a lone CR, or one that reaches the last 15 bytes of the data. Same fields, offsets, flags
  /// and line numbers as those two would give (so the slow path may take over at any field).
  bool plain_fields_fast() {
#if defined(__SSE2__)
    const char* block = p_;
    bool high_before = false;  // a byte >= 0x80 in the current field, in earlier blocks
    while (end_ - block >= 16) {
      auto [stops, high] = block_masks(block);
      unsigned field_bits = 0xFFFFU;  // the block's bytes from the current field's start on
      while (stops != 0) {
        // stops is a non-zero 16-bit mask, so n < 16 (the mask tells the analyzer so).
        const auto n = static_cast<unsigned>(std::countr_zero(stops)) & 15U;
        const char* const s = block + n;
        const bool non_ascii = high_before || (high & field_bits & ((1U << n) - 1U)) != 0;
        if (*s == ',') {
          push_plain(p_, s, non_ascii);
          p_ = s + 1;
          if (p_ == end_) {  // a trailing comma at the end of the data: one more empty field
            fields_.push_back({0, 0, false, false});
            record_end_ = end_;
            return true;
          }
          high_before = false;
          field_bits = 0xFFFFU << (n + 1U);
          stops &= stops - 1U;
          continue;
        }
        if (*s == '\n') {
          push_plain(p_, s, non_ascii);
          record_end_ = s;
          p_ = s + 1;
          ++line_;
          return true;
        }
        if (*s == '\r' && s + 1 != end_ && s[1] == '\n') {
          push_plain(p_, s, non_ascii);
          record_end_ = s;
          p_ = s + 2;
          ++line_;
          return true;
        }
        return false;  // '"', NUL or a lone CR in the field at p_
      }
      high_before = high_before || (high & field_bits) != 0;
      block += 16;
    }
#endif
    return false;
  }

  /// After a field: p_ at the delimiter. Returns true when the record ended.
  bool end_of_field() noexcept {
    if (p_ == end_) {
      record_end_ = end_;
      return true;
    }
    if (*p_ == ',') {
      ++p_;
      if (p_ == end_) {  // a trailing comma at the end of the data: one more empty field
        fields_.push_back({0, 0, false, false});
        record_end_ = end_;
        return true;
      }
      return false;
    }
    if (*p_ == '\n') {
      record_end_ = p_;
      ++p_;
      ++line_;
      return true;
    }
    // "\r\n" (a lone CR never reaches here).
    record_end_ = p_;
    p_ += 2;
    ++line_;
    return true;
  }

  bool plain_field() {
    const char* const first = p_;
    unsigned acc = 0;
    for (;;) {
      scan_plain(acc);
      while (p_ != end_ && !stops_[byte(p_)]) {
        acc |= byte(p_);
        ++p_;
      }
      // A CR not followed by LF is data.
      if (p_ != end_ && *p_ == '\r' && (p_ + 1 == end_ || p_[1] != '\n')) {
        ++p_;
        continue;
      }
      break;
    }
    if (p_ != end_ && (*p_ == '"' || *p_ == '\0')) {
      push(first, p_, acc);
      issue_ = *p_ == '"' ? CsvIssue::stray_quote : CsvIssue::nul_byte;
      recover(false);
      return true;
    }
    push(first, p_, acc);
    return end_of_field();
  }

  /// Skips 16 bytes at a time while none of them stops an unquoted field (SSE2); the byte
  /// loop after it finishes the job.
  void scan_plain(unsigned& acc) noexcept {
#if defined(__SSE2__)
    while (end_ - p_ >= 16) {
      const auto [stops, high] = block_masks(p_);
      if (stops != 0) {
        const int n = std::countr_zero(stops);
        if ((high & ((1U << static_cast<unsigned>(n)) - 1U)) != 0) acc |= 0x80U;
        p_ += n;
        return;
      }
      if (high != 0) acc |= 0x80U;
      p_ += 16;
    }
#else
    (void)acc;
#endif
  }

  bool quoted_field() {
    ++p_;  // opening quote
    const char* segment = p_;
    bool escaped = false;
    const std::size_t scratch_begin = scratch_.size();
    unsigned acc = 0;
    for (;;) {
      if (p_ == end_) {
        issue_ = CsvIssue::unterminated_quote;
        push(segment, p_, acc);
        record_end_ = end_;
        return true;
      }
      const char c = *p_;
      if (c == '"') {
        if (p_ + 1 != end_ && p_[1] == '"') {
          escaped = true;
          scratch_.append(segment, p_ + 1);
          p_ += 2;
          segment = p_;
          continue;
        }
        if (escaped) {
          scratch_.append(segment, p_);
          fields_.push_back(
              {scratch_begin, scratch_.size() - scratch_begin, true, (acc & 0x80U) != 0});
        } else {
          push(segment, p_, acc);
        }
        ++p_;  // closing quote
        if (p_ == end_ || *p_ == ',' || *p_ == '\n' ||
            (*p_ == '\r' && p_ + 1 != end_ && p_[1] == '\n')) {
          return end_of_field();
        }
        issue_ = CsvIssue::stray_quote;
        recover(false);
        return true;
      }
      if (c == '\n') ++line_;
      if (c == '\0') {
        issue_ = CsvIssue::nul_byte;
        push(segment, p_, acc);
        recover(true);
        return true;
      }
      acc |= static_cast<unsigned char>(c);
      ++p_;
    }
  }

  /// Skips to the end of a malformed record from p_ (not yet consumed): inside a quoted
  /// field by quote parity, outside one at the end of the line (see the file comment).
  void recover(bool in_quotes) noexcept {
    if (!in_quotes) {
      const void* lf = std::memchr(p_, '\n', static_cast<std::size_t>(end_ - p_));
      if (lf == nullptr) {
        p_ = end_;
        record_end_ = end_;
        return;
      }
      p_ = static_cast<const char*>(lf);
      ++line_;
      record_end_ = (p_ != record_begin_ && p_[-1] == '\r') ? p_ - 1 : p_;
      ++p_;
      return;
    }
    for (; p_ != end_; ++p_) {
      if (*p_ == '"') {
        in_quotes = !in_quotes;
      } else if (*p_ == '\n') {
        ++line_;
        if (!in_quotes) {
          record_end_ = (p_ != record_begin_ && p_[-1] == '\r') ? p_ - 1 : p_;
          ++p_;
          return;
        }
      }
    }
    record_end_ = end_;
  }

  const char* begin_;
  const char* p_;
  const char* end_;
  std::int64_t line_;
  std::int64_t record_line_ = 0;
  const char* record_begin_ = nullptr;
  const char* record_end_ = nullptr;
  CsvIssue issue_ = CsvIssue::none;
  std::vector<Field> fields_;
  std::string scratch_;
};

}  // namespace contactkpi::detail
