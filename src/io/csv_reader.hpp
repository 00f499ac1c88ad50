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

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
// An AVX2 version of the block scan, chosen at run time (GCC and Clang on x86-64; building
// with -DCONTACTKPI_NO_SIMD_CLONES leaves it out, as for detail/simd.hpp).
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && \
    !defined(CONTACTKPI_NO_SIMD_CLONES)
#define CONTACTKPI_CSV_AVX2 1
#include <immintrin.h>
#endif
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
  /// How the data is compared: `best` is AVX2 when the CPU has it (with BMI1 and BMI2), else
  /// SSE2; `baseline` is SSE2 (for tests). Same records either way.
  enum class Simd : std::uint8_t { best, baseline };

  /// `first_line` is the 1-based line number of data[0].
  CsvReader(std::string_view data, std::int64_t first_line, Simd simd = Simd::best)
      : avx2_{simd == Simd::best && cpu_has_avx2()},
        begin_{data.data()},
        p_{data.data()},
        end_{data.data() + data.size()},
        line_{first_line},
        fields_(32) {}

  /// Reads the next record; false at the end of the data.
  bool next() { return avx2_ ? next_avx2() : next_baseline(); }

  /// Line where the current record starts.
  [[nodiscard]] std::int64_t line() const noexcept { return record_line_; }
  /// Line number of the next unread byte.
  [[nodiscard]] std::int64_t next_line() const noexcept { return line_; }
  [[nodiscard]] CsvIssue issue() const noexcept { return issue_; }
  [[nodiscard]] std::size_t size() const noexcept { return count_; }
  [[nodiscard]] std::string_view field(std::size_t i) const noexcept { return fields_[i]; }
  /// The record's fields: field(i) is fields()[i].
  [[nodiscard]] const std::string_view* fields() const noexcept { return fields_.data(); }
  /// True when some field of the record has a byte ≥ 0x80 (non_ascii(i) for some i): O(1).
  [[nodiscard]] bool any_non_ascii() const noexcept { return non_ascii_record_; }
  /// True when the field has a byte ≥ 0x80 (needs UTF-8 validation): O(1) when
  /// any_non_ascii() is false, else O(field size).
  [[nodiscard]] bool non_ascii(std::size_t i) const noexcept {
    return non_ascii_record_ && std::any_of(fields_[i].begin(), fields_[i].end(), [](char c) {
             return static_cast<unsigned char>(c) >= 0x80;
           });
  }
  /// The record as in the data, without its line terminator.
  [[nodiscard]] std::string_view raw() const noexcept {
    return {record_begin_, static_cast<std::size_t>(record_end_ - record_begin_)};
  }
  /// Offset of the next unread byte.
  [[nodiscard]] std::size_t offset() const noexcept {
    return static_cast<std::size_t>(p_ - begin_);
  }

 private:
  /// fast_fields_with() goes on from the kept block for a field that starts fewer than this many
  /// bytes into it.
  static constexpr std::size_t resume_limit = 48;

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

  /// Doubles the field buffer (rare: it keeps its size from record to record).
  void grow() { fields_.resize(fields_.size() * 2); }

  void push_field(const char* data, std::size_t size, bool non_ascii) {
    if (count_ == fields_.size()) grow();
    fields_[count_++] = {data, size};
    non_ascii_record_ = non_ascii_record_ || non_ascii;
  }
  void push(const char* first, const char* last, unsigned acc) {
    push_field(first, static_cast<std::size_t>(last - first), (acc & 0x80U) != 0);
  }

#if defined(__SSE2__)
  static __m128i load16(const char* p) noexcept {
    return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));  // NOLINT
  }
  static unsigned movemask(__m128i v) noexcept {
    return static_cast<unsigned>(_mm_movemask_epi8(v));
  }
  struct Masks {
    std::uint64_t commas;  ///< bit i: p[i] is ','
    std::uint64_t others;  ///< bit i: p[i] is '"' or a byte <= 13 (LF, CR, NUL and others)
    std::uint64_t high;    ///< bit i: p[i] >= 0x80
  };
  /// The masks of the 64 bytes at p, with four SSE2 loads.
  struct Sse2 {
    static Masks block_masks(const char* p) noexcept {
      const __m128i v0 = load16(p);
      const __m128i v1 = load16(p + 16);
      const __m128i v2 = load16(p + 32);
      const __m128i v3 = load16(p + 48);
      const auto mask = [&](auto&& f) {
        return std::uint64_t{movemask(f(v0))} | std::uint64_t{movemask(f(v1))} << 16U |
               std::uint64_t{movemask(f(v2))} << 32U | std::uint64_t{movemask(f(v3))} << 48U;
      };
      Masks m{0, 0, 0};
      m.commas = mask([](__m128i v) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(',')); });
      // A byte <= 13 saturates to 0 when 13 is subtracted.
      m.others = mask([](__m128i v) {
        return _mm_or_si128(
            _mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
            _mm_cmpeq_epi8(_mm_subs_epu8(v, _mm_set1_epi8(13)), _mm_setzero_si128()));
      });
      // Bytes >= 0x80 are rare: one test for the block, the mask only when it has some.
      if (movemask(_mm_or_si128(_mm_or_si128(v0, v1), _mm_or_si128(v2, v3))) != 0) {
        m.high = mask([](__m128i v) { return v; });
      }
      return m;
    }
  };
#endif
#if defined(CONTACTKPI_CSV_AVX2)
  /// The masks of the 64 bytes at p, with two AVX2 loads. Not always_inline: it is inlined
  /// where the caller is an AVX2 function too (next_avx2()).
  struct Avx2 {
    __attribute__((target("avx2,bmi,bmi2"))) static Masks block_masks(const char* p) noexcept {
      const __m256i lo = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));       // NOLINT
      const __m256i hi = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32));  // NOLINT
      const __m256i comma = _mm256_set1_epi8(',');
      const __m256i quote = _mm256_set1_epi8('"');
      const __m256i thirteen = _mm256_set1_epi8(13);
      // A byte <= 13 is its minimum with 13.
      const __m256i other_lo = _mm256_or_si256(
          _mm256_cmpeq_epi8(lo, quote), _mm256_cmpeq_epi8(_mm256_min_epu8(lo, thirteen), lo));
      const __m256i other_hi = _mm256_or_si256(
          _mm256_cmpeq_epi8(hi, quote), _mm256_cmpeq_epi8(_mm256_min_epu8(hi, thirteen), hi));
      Masks m{0, 0, 0};
      m.commas = mask64(_mm256_movemask_epi8(_mm256_cmpeq_epi8(lo, comma)),
                        _mm256_movemask_epi8(_mm256_cmpeq_epi8(hi, comma)));
      m.others = mask64(_mm256_movemask_epi8(other_lo), _mm256_movemask_epi8(other_hi));
      // Bytes >= 0x80 are rare: one test for the block, the mask only when it has some.
      if (_mm256_movemask_epi8(_mm256_or_si256(lo, hi)) != 0) {
        m.high = mask64(_mm256_movemask_epi8(lo), _mm256_movemask_epi8(hi));
      }
      return m;
    }
    static std::uint64_t mask64(int lo, int hi) noexcept {
      return std::uint64_t{static_cast<std::uint32_t>(lo)} |
             std::uint64_t{static_cast<std::uint32_t>(hi)} << 32U;
    }
  };
#endif

  /// True when the CPU has AVX2, BMI1 and BMI2 (asked once per process).
  static bool cpu_has_avx2() noexcept {
#if defined(CONTACTKPI_CSV_AVX2)
    static const bool has = __builtin_cpu_supports("avx2") != 0 &&
                            __builtin_cpu_supports("bmi") != 0 &&
                            __builtin_cpu_supports("bmi2") != 0;
    return has;
#else
    return false;
#endif
  }

  /// next() with fast_fields_with<Simd>(): SSE2 (or none without SSE2); AVX2 (only when
  /// cpu_has_avx2()). Each is compiled whole for its instruction set, with the fast path
  /// inlined: one call per record, not two.
  bool next_baseline() {
#if defined(__SSE2__)
    return next_with<Sse2>();
#else
    return next_with<void>();
#endif
  }
#if defined(CONTACTKPI_CSV_AVX2)
  __attribute__((target("avx2,bmi,bmi2"))) bool next_avx2() {
    return next_with<Avx2>();
  }
#else
  bool next_avx2() {
    return next_baseline();
  }
#endif

  template <class Simd>
  [[gnu::always_inline]] bool next_with() {
    skip_blank_lines();
    if (p_ == end_) return false;
    record_line_ = line_;
    record_begin_ = p_;
    count_ = 0;
    scratch_.clear();
    escaped_.clear();
    issue_ = CsvIssue::none;
    non_ascii_record_ = false;
    for (;;) {
#if defined(__SSE2__)
      if (fast_fields_with<Simd>()) break;
#endif
      if (*p_ == '"' ? quoted_field() : plain_field()) break;
    }
    // Unescaped fields point into scratch_ only now that it no longer grows.
    for (const auto& [i, at] : escaped_) fields_[i] = {scratch_.data() + at, fields_[i].size()};
    return true;
  }

  /// The common case in one scan: consumes the fields from p_ (a field start) that are plain
  /// or quoted without "" and end at ',' or at the record's LF / CRLF. The data is compared
  /// 64 bytes at a time (Simd::block_masks: four SSE2 or two AVX2 loads) into masks of the commas,
  /// of the other bytes that may stop a plain field ('"' and every byte <= 13: LF, CR, NUL, and
  /// controls that turn out to be data) and of the bytes >= 0x80 (non_ascii); the fields that end
  /// at commas are pushed from the masks alone. A quoted field is scanned 16 bytes at a time for
  /// its closing quote, counting its LFs. True when it ended the record. It stops (false) at the
  /// start of a field it leaves to plain_field() / quoted_field(), which decide everything
  /// unusual: a stray quote, "", a NUL, or a field that reaches the last 64 bytes of the data
  /// (18 after a quoted field's opening quote). Same fields, offsets, flags and line numbers
  /// as those two would give (so the slow path may take over at any field).
  ///
  /// A block's masks depend only on its address (the data never changes), so the last block
  /// scanned is kept (kept_block_, kept_) across calls and records: a field that starts
  /// inside it (the next record, the field after a quoted one or after a slow-path field) is
  /// scanned from the kept masks, its bits below the field's start cleared, and the bytes
  /// of a block are compared once, not once per record that starts in it (unless the field
  /// starts in its last 16 bytes: see resume_limit).
  ///
  /// Always inlined, so that its AVX2 caller compiles it, and Avx2::block_masks() in it, for
  /// AVX2.
#if defined(__SSE2__)
  template <class Simd>
  [[gnu::always_inline]] bool fast_fields_with() {
    // Locals, not members, in the loop: the compiler cannot tell the field stores from them.
    const char* const end = end_;
    std::string_view* out = fields_.data() + count_;
    std::string_view* room = fields_.data() + fields_.size();
    std::uint64_t any_high = 0;  // nonzero when a field pushed here has a byte >= 0x80
    const auto push_fast = [&](const char* data, const char* last, std::uint64_t high) {
      *out++ = {data, static_cast<std::size_t>(last - data)};
      any_high |= high;
    };
    const char* field = p_;  // the current field's start
    // The block being scanned and its masks, the bits of the stops already consumed cleared
    // (exact for every byte after the last stop consumed; the slow path always consumes
    // past it, so they are exact from p_ on at the next call, and are kept for it).
    const char* block = kept_block_;
    std::uint64_t commas = 0;
    std::uint64_t others = 0;
    std::uint64_t high = 0;
    // The bits of the block from the current field's start on.
    std::uint64_t from = ~std::uint64_t{0};
    // Where the record ends and the next one may start, when it ends here.
    const char* record_end = nullptr;
    const char* next = nullptr;
    // 1 when the current field has a byte >= 0x80 in the blocks before `block` (then set as
    // bit 0 of the block's `high`, which is in that field).
    std::uint64_t carry = 0;
    // A field that starts in the kept block goes on from its masks, unless fewer than 16 of
    // its bytes are left: then a new block from the field costs about the same as the visit
    // to the kept block, and often spares a block further on (fewer instructions over the
    // generated data than resuming anywhere in the block, or not at all).
    if (block != nullptr && static_cast<std::size_t>(field - block) < resume_limit) {
      from <<= static_cast<unsigned>(field - block);
      commas = kept_.commas & from;
      others = kept_.others & from;
      high = kept_.high;
      goto room;
    }
    // Strictly more than 64 bytes left from the block, so the byte after any stop exists.
    if (end - field <= 64) goto done;
    block = field;
  load :  // the masks of a new block at `block`
  {
    const Masks m = Simd::block_masks(block);
    commas = m.commas;
    others = m.others;
    high = m.high | carry;
    from = ~std::uint64_t{0};
  }
  room:
    // Room for the most fields a block can end (64) and one more, checked once per block.
    if (room - out <= 64) {
      const auto k = static_cast<std::size_t>(out - fields_.data());
      fields_.resize(2 * fields_.size() + 64);
      out = fields_.data() + k;
      room = fields_.data() + fields_.size();
    }
    for (;;) {
      // The fields that end at the commas before the first other stop, without a branch on
      // the bytes; then that stop, if any.
      const std::uint64_t first_other = others & (0U - others);
      std::uint64_t ends = commas & (first_other - 1U);
      if (high == 0) {  // the usual block: no field in it has a byte >= 0x80
        for (; ends != 0; ends &= ends - 1U) {
          const auto n = static_cast<unsigned>(std::countr_zero(ends)) & 63U;
          push_fast(field, block + n, 0);
          field = block + n + 1;
        }
      }
      for (; ends != 0; ends &= ends - 1U) {
        const auto n = static_cast<unsigned>(std::countr_zero(ends)) & 63U;
        const std::uint64_t upto = (std::uint64_t{2} << n) - 1U;  // bits 0..n
        push_fast(field, block + n, high & from & upto);
        field = block + n + 1;
        from = ~upto;
      }
      if (others == 0) {
        // The next block.
        if (end - block <= 128) goto done;
        carry = (high & from) != 0 ? 1U : 0U;
        block += 64;
        goto load;
      }
      const auto n = static_cast<unsigned>(std::countr_zero(others)) & 63U;
      const char* const s = block + n;
      const std::uint64_t upto = (std::uint64_t{2} << n) - 1U;
      commas &= ~upto;
      others &= others - 1U;
      const char c = *s;
      if (c == '\n' || (c == '\r' && s[1] == '\n')) {
        push_fast(field, s, high == 0 ? 0 : high & from & upto);
        record_end = s;
        next = c == '\n' ? s + 1 : s + 2;
        goto done;
      }
      if (c == '"' && s == field) {
        // A quoted field: its closing quote (or a NUL) 16 bytes at a time, counting LFs.
        const char* q = s + 1;
        std::int64_t lines = 0;
        unsigned high_q = 0;
        for (;; q += 16) {
          // At least 18 bytes left, so the two bytes after the closing quote exist.
          if (end - q < 18) goto done;
          const __m128i v = load16(q);
          const unsigned quote = movemask(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                                                       _mm_cmpeq_epi8(v, _mm_setzero_si128())));
          const unsigned before = (quote & (0U - quote)) - 1U;  // the bits below the first
          const unsigned lf = movemask(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))) & before;
          if (lf != 0) lines += std::popcount(lf);
          high_q |= movemask(v) & before;
          if (quote != 0) {
            q += std::countr_zero(quote);
            break;
          }
        }
        // "" or a stray quote after it, a NUL, or no room: quoted_field() decides.
        const char d = q[1];
        if (*q != '"' || !(d == ',' || d == '\n' || (d == '\r' && q[2] == '\n'))) goto done;
        push_fast(s + 1, q, high_q);
        line_ += lines;
        if (d != ',') {
          record_end = q + 1;
          next = d == '\n' ? q + 2 : q + 3;
          goto done;
        }
        field = q + 2;
        if (const auto at = static_cast<std::size_t>(field - block); at < 64) {
          // The next field starts in this block: go on from its masks.
          from = ~std::uint64_t{0} << at;
          commas &= from;
          others &= from;
        } else {
          if (end - field <= 64) goto done;
          block = field;
          carry = 0;
          goto load;
        }
        continue;
      }
      if (c == '"' || c == '\0') goto done;  // a stray quote or NUL: plain_field() reports it
      // A lone CR or another control byte: data.
    }
  done:
    kept_block_ = block;
    kept_ = {commas, others, high};
    if (any_high != 0) non_ascii_record_ = true;
    count_ = static_cast<std::size_t>(out - fields_.data());
    if (record_end == nullptr) {  // the slow path goes on from `field`
      p_ = field;
      return false;
    }
    record_end_ = record_end;
    p_ = next;
    ++line_;
    return true;
  }
#endif

  /// After a field: p_ at the delimiter. Returns true when the record ended.
  bool end_of_field() {
    if (p_ == end_) {
      record_end_ = end_;
      return true;
    }
    if (*p_ == ',') {
      ++p_;
      if (p_ == end_) {  // a trailing comma at the end of the data: one more empty field
        push_field(begin_, 0, false);
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

  bool quoted_field() {
    ++p_;  // opening quote
    const char* const first = p_;
    const char* segment = p_;
    bool escaped = false;
    const std::size_t scratch_begin = scratch_.size();
    unsigned acc = 0;         // the bytes of the current segment, ORed
    unsigned acc_before = 0;  // and of the segments before the last ""
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
          acc_before |= acc;
          acc = 0;
          continue;
        }
        if (escaped) {
          scratch_.append(segment, p_);
          escaped_.push_back({count_, scratch_begin});
          // Points into scratch_ at the end of next(); until then at the raw text, which is
          // longer.
          push_field(first, scratch_.size() - scratch_begin, ((acc_before | acc) & 0x80U) != 0);
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

  bool avx2_;
  const char* begin_;
  const char* p_;
  const char* end_;
  std::int64_t line_;
  std::int64_t record_line_ = 0;
  const char* record_begin_ = nullptr;
  const char* record_end_ = nullptr;
  CsvIssue issue_ = CsvIssue::none;
  bool non_ascii_record_ = false;
#if defined(__SSE2__)
  const char* kept_block_ = nullptr;  // the last block fast_fields_with() scanned (or nullptr)
  Masks kept_{0, 0, 0};               // and its masks
#endif
  std::vector<std::string_view>
      fields_;  // the record's fields are the first count_; the rest is room
  std::size_t count_ = 0;
  std::string scratch_;
  std::vector<std::pair<std::size_t, std::size_t>> escaped_;  // field, offset in scratch_
};

}  // namespace contactkpi::detail
