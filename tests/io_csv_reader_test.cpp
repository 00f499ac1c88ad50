// SPDX-License-Identifier: MIT
// The private CSV tokenizer (src/io/csv_reader.hpp) against a reference written here from
// its documented rules, byte by byte and without SIMD: RFC 4180 fields; a well-formed
// record ends at the first LF outside a quoted field (a CR before it is not in raw()) or at
// the end of the data; a stray quote, text after a closing quote or a NUL outside a quoted
// field ends the record at the end of its line; a NUL inside a quoted field ends it at the
// first LF at which the number of '"' since the record's start is even; an unterminated
// quoted field runs to the end of the data; lines made only of LF or CRLF are skipped; a
// lone CR is data; line numbers count every LF before the record; offsets and non_ascii
// flags, and the record's any_non_ascii flag; with AVX2 (when the CPU has it) and SSE2.
// Hand-picked cases put every construct at every offset of a 16- and 64-byte block; runs of
// short records start at every offset of the block the reader keeps from one record to the
// next, after fast and slow-path fields; then a few hundred thousand deterministic random
// inputs over a small alphabet, and files of random records built from every kind of field.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "io/csv_reader.hpp"

using namespace std::string_literals;
using contactkpi::detail::CsvIssue;
using contactkpi::detail::CsvReader;

namespace {

struct Rec {
  std::int64_t line = 0;
  std::int64_t next_line = 0;
  std::size_t offset = 0;
  CsvIssue issue = CsvIssue::none;
  std::string raw;
  std::vector<std::string> fields;
  std::vector<bool> non_ascii;
  bool any_non_ascii = false;  // some field is non_ascii

  bool operator==(const Rec&) const = default;
};

bool high(char c) {
  return static_cast<unsigned char>(c) >= 0x80;
}

/// The records of `d`, byte by byte from the rules in the file comment.
std::vector<Rec> reference(std::string_view d, std::int64_t first_line) {
  const std::size_t n = d.size();
  const auto line_at = [&](std::size_t pos) {
    return first_line + std::count(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(pos), '\n');
  };
  std::vector<Rec> out;
  std::size_t p = 0;
  for (;;) {
    while (p < n) {  // blank lines
      if (d[p] == '\n') {
        p += 1;
      } else if (d[p] == '\r' && p + 1 < n && d[p + 1] == '\n') {
        p += 2;
      } else {
        break;
      }
    }
    if (p == n) return out;
    Rec rec;
    const std::size_t start = p;
    std::size_t raw_end = n;  // where raw() ends
    std::size_t next = n;     // where the next record may start
    const auto push = [&](std::string text, bool non_ascii) {
      rec.fields.push_back(std::move(text));
      rec.non_ascii.push_back(non_ascii);
    };
    // The record ends at the LF at `lf` (a CR before it is not in raw()), or at the end.
    const auto end_at = [&](std::size_t lf) {
      if (lf == n) return;
      raw_end = lf > start && d[lf - 1] == '\r' ? lf - 1 : lf;
      next = lf + 1;
    };
    // A fault outside a quoted field: the record runs to the end of its line.
    const auto to_end_of_line = [&](CsvIssue issue, std::size_t from) {
      rec.issue = issue;
      const std::size_t lf = d.find('\n', from);
      end_at(lf == std::string_view::npos ? n : lf);
    };
    std::size_t i = p;
    for (bool more = true; more;) {
      more = false;
      if (i < n && d[i] == '"') {
        ++i;
        std::string value;    // the unescaped text before `segment`
        std::string segment;  // the text since the last "" (or the opening quote)
        bool non_ascii = false;
        for (;;) {
          if (i == n) {
            rec.issue = CsvIssue::unterminated_quote;
            // The reader keeps the text after the last "" only.
            push(segment, std::any_of(segment.begin(), segment.end(), high));
            break;
          }
          const char c = d[i];
          if (c == '"' && i + 1 < n && d[i + 1] == '"') {
            value += segment + '"';
            segment.clear();
            i += 2;
          } else if (c == '"') {
            push(value + segment, non_ascii);
            ++i;
            if (i == n) break;
            if (d[i] == ',') {
              ++i;
              more = true;
            } else if (d[i] == '\n' || (d[i] == '\r' && i + 1 < n && d[i + 1] == '\n')) {
              end_at(d[i] == '\n' ? i : i + 1);
            } else {
              to_end_of_line(CsvIssue::stray_quote, i);
            }
            break;
          } else if (c == '\0') {
            // A fault inside a quoted field: the record ends by quote parity (odd here).
            rec.issue = CsvIssue::nul_byte;
            push(segment, std::any_of(segment.begin(), segment.end(), high));  // as above
            bool odd = true;
            std::size_t q = i;
            while (q < n && (d[q] != '\n' || odd)) {
              if (d[q] == '"') odd = !odd;
              ++q;
            }
            end_at(q);
            break;
          } else {
            non_ascii = non_ascii || high(c);
            segment += c;
            ++i;
          }
        }
      } else {
        const std::size_t first = i;
        bool non_ascii = false;
        // A CR is data unless an LF follows it.
        while (i < n && d[i] != ',' && d[i] != '"' && d[i] != '\0' && d[i] != '\n' &&
               !(d[i] == '\r' && i + 1 < n && d[i + 1] == '\n')) {
          non_ascii = non_ascii || high(d[i]);
          ++i;
        }
        push(std::string{d.substr(first, i - first)}, non_ascii);
        if (i == n) break;
        if (d[i] == ',') {
          ++i;
          more = true;  // after a trailing comma at the end of the data too: an empty field
        } else if (d[i] == '\n' || d[i] == '\r') {
          end_at(d[i] == '\n' ? i : i + 1);
        } else {
          to_end_of_line(d[i] == '"' ? CsvIssue::stray_quote : CsvIssue::nul_byte, i);
        }
      }
    }
    rec.any_non_ascii =
        std::find(rec.non_ascii.begin(), rec.non_ascii.end(), true) != rec.non_ascii.end();
    rec.line = line_at(start);
    rec.offset = next;
    rec.next_line = line_at(next);
    rec.raw = std::string{d.substr(start, raw_end - start)};
    p = next;
    out.push_back(std::move(rec));
  }
}

/// What CsvReader gives; the data is copied into a buffer of exactly its size, so that a
/// sanitizer build sees any read past the end.
std::vector<Rec> actual_with(std::string_view d, std::int64_t first_line, CsvReader::Simd simd) {
  const std::vector<char> buffer(d.begin(), d.end());  // exactly d.size() bytes on the heap
  CsvReader r{std::string_view{buffer.data(), d.size()}, first_line, simd};
  std::vector<Rec> out;
  while (r.next()) {
    Rec rec;
    rec.line = r.line();
    rec.next_line = r.next_line();
    rec.offset = r.offset();
    rec.issue = r.issue();
    rec.raw = std::string{r.raw()};
    for (std::size_t i = 0; i < r.size(); ++i) {
      rec.fields.emplace_back(r.field(i));
      rec.non_ascii.push_back(r.non_ascii(i));
    }
    rec.any_non_ascii = r.any_non_ascii();
    out.push_back(std::move(rec));
  }
  // The end is sticky.
  if (r.next()) out.emplace_back();
  return out;
}

/// What CsvReader gives with the best SIMD the CPU has (AVX2 or SSE2), checked against the
/// SSE2 baseline: a difference shows as an extra record no reference has.
std::vector<Rec> actual(std::string_view d, std::int64_t first_line) {
  std::vector<Rec> best = actual_with(d, first_line, CsvReader::Simd::best);
  if (best != actual_with(d, first_line, CsvReader::Simd::baseline)) {
    best.push_back(Rec{.raw = "(AVX2 and SSE2 differ)"});
  }
  return best;
}

/// The reader agrees with the reference from the top and from the start of every record
/// (where the parallel loader may start one).
bool agrees(std::string_view d, std::int64_t first_line = 1) {
  const std::vector<Rec> want = reference(d, first_line);
  if (actual(d, first_line) != want) return false;
  std::size_t start = 0;
  std::int64_t line = first_line;
  for (std::size_t k = 0; k < want.size(); ++k) {
    if (k > 0) {
      start = want[k - 1].offset;
      line = want[k - 1].next_line;
    }
    std::vector<Rec> tail = actual(d.substr(start), line);
    for (Rec& r : tail) r.offset += start;
    if (!std::equal(tail.begin(), tail.end(), want.begin() + static_cast<std::ptrdiff_t>(k),
                    want.end())) {
      return false;
    }
  }
  return true;
}

std::string show(std::string_view s) {
  std::string out;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7F && c != '\\') {
      out += c;
    } else {
      constexpr std::string_view hex = "0123456789ABCDEF";
      out += "\\x";
      out += hex[u >> 4U];
      out += hex[u & 15U];
    }
  }
  return out;
}

/// One input of a random differential test: the reader gives the reference's records (from
/// every record start too, when `every_start`); the first five inputs that disagree are shown.
void expect_agreement(const std::string& d, std::int64_t first_line, bool every_start,
                      std::size_t& disagreements) {
  const bool same =
      every_start ? agrees(d, first_line) : reference(d, first_line) == actual(d, first_line);
  if (same) return;
  ++disagreements;
  if (disagreements <= 5) {
    CAPTURE(show(d), first_line);
    CHECK(false);
  }
}

}  // namespace

TEST_CASE("CSV reader: the reference agrees with hand-worked records", "[csv][differential]") {
  // Checks the reference itself on cases worked out by hand from the rules above.
  const auto recs = reference("a,\"b\"\"c\",d\r\n\r\n\n\"x\ny\",\xC3\xA9\r\"q\"z\nw,", 1);
  REQUIRE(recs.size() == 3);
  CHECK(recs[0].raw == "a,\"b\"\"c\",d");
  CHECK(recs[0].fields == std::vector<std::string>{"a", "b\"c", "d"});
  CHECK(recs[0].line == 1);
  CHECK(recs[0].offset == 12);  // 10 bytes of record + CRLF
  CHECK(recs[1].line == 4);     // after the LF of line 1 and the blank lines 2 and 3
  CHECK(recs[1].raw == "\"x\ny\",\xC3\xA9\r\"q\"z");
  CHECK(recs[1].fields == std::vector<std::string>{"x\ny", "\xC3\xA9\r"});
  CHECK(recs[1].non_ascii == std::vector<bool>{false, true});
  CHECK(recs[1].issue == CsvIssue::stray_quote);  // the quote after the lone CR
  CHECK(recs[1].next_line == 6);                  // its own two lines
  CHECK(recs[2].raw == "w,");
  CHECK(recs[2].fields == std::vector<std::string>{"w", ""});
  CHECK(recs[2].next_line == 6);

  // A stray quote ends its record at the end of its line, quotes after it included; a NUL
  // inside a quoted field ends it by quote parity (the LF inside "b" does not end it).
  const auto bad = reference("a\"b,\"c\nd\n\"x\0\ny\"\"\n\"\nz"s, 1);
  REQUIRE(bad.size() == 4);
  CHECK(bad[0].raw == "a\"b,\"c");
  CHECK(bad[0].issue == CsvIssue::stray_quote);
  CHECK(bad[0].fields == std::vector<std::string>{"a"});
  CHECK(bad[1].raw == "d");
  // Quotes since the record's start: 1 at the first LF, 3 at the second, 4 at the third.
  CHECK(bad[2].raw == "\"x\0\ny\"\"\n\""s);
  CHECK(bad[2].issue == CsvIssue::nul_byte);
  CHECK(bad[2].fields == std::vector<std::string>{"x"});
  CHECK(bad[2].line == 3);
  CHECK(bad[2].next_line == 6);  // after the 5 LFs: lines 1, 2 and the three of record 2
  CHECK(bad[3].raw == "z");
}

TEST_CASE("CSV reader: hand-picked cases at every offset of a 16-byte block",
          "[csv][differential]") {
  const std::vector<std::string> pieces = {
      "a",      ",",         "\"q\"",     "\"q,q\"", "\"a\"\"b\"", "\"\"",        "\"\"\"\"",
      "\r",     "\r\n",      "\n",        "\"\n\"",  "\"\r\n\"",   "\xC3\xA9",    "\"\xC3\xA9\"",
      "\"",     "x\"y",      "\"a\"b",    "\0"s,     "\"a\0b\""s,  "\"a\"\"\0b"s, "\"a\"\"b",
      "\n\n",   "\r\n\r\n",  "\"a\"\r",   ",\n",     ",\r\n",      "\"\xC3\"",    "\xFF\"",
      "\r\r\n", "\"\"\"a\"", "a\"\"b\"c", "\0\""s};
  // A long row after the piece: the block scan needs more than 64 bytes ahead.
  const std::string long_row = "0123456789,\"a,b\",,\xC3\xA9" + std::string(60, 'w') + ",\"" +
                               std::string(30, 'x') + "\"\r\n";
  std::size_t checked = 0;
  for (std::size_t pad = 0; pad <= 70; ++pad) {
    for (const std::string& piece : pieces) {
      for (const std::string& after :
           {std::string{}, std::string{"\n"}, std::string{",z\n"}, std::string{",b,c\r\nd,e"},
            std::string(20, 'y'), ",\"q\"," + std::string(70, 'y') + "\n" + long_row}) {
        // The piece at offset `pad` of a row, of a field, and after a blank line.
        for (const std::string& d :
             {std::string(pad, 'p') + piece + after, std::string(pad, 'p') + "," + piece + after,
              "h\n" + std::string(pad, 'p') + "," + piece + "," + after,
              std::string(pad % 3, '\n') + "\r\n" + std::string(pad, 'p') + piece + after,
              "\"" + std::string(pad, 'p') + piece + "\"," + after}) {
          CAPTURE(show(d));
          REQUIRE(agrees(d));
          ++checked;
        }
      }
    }
  }
  CHECK(checked == 71 * pieces.size() * 6 * 5);  // pads × pieces × afters × layouts
}

TEST_CASE("CSV reader: long fields and many fields", "[csv][differential]") {
  std::string d;
  for (std::size_t n = 0; n < 70; ++n) {
    d += std::string(n, 'a') + ",\"" + std::string(n, 'b') + "\"\"" + std::string(n % 5, 'c') +
         "\"," + std::string(n, '\xC3') + "," + std::string(n, 'e') + "\n";
    d += "\"" + std::string(n, 'f') + "\n" + std::string(n, 'g') + "\"\r\n";
  }
  d += std::string(1000, ',') + "\n";  // 1001 empty fields
  CHECK(agrees(d));
  CHECK(agrees(d, 0));
  CHECK(agrees(d.substr(0, d.size() - 1)));
  CHECK(agrees(d + "\"" + d));  // an unterminated quote swallows a copy of everything
}

TEST_CASE("CSV reader: random inputs over a small alphabet", "[csv][differential]") {
  // The alphabet: , " LF CR space a and the two bytes of é, and NUL. Half of the inputs are
  // mostly 'a' (fields that span blocks), half uniform (every pair of specials). Most are
  // longer than the 64-byte block the reader scans at a time.
  constexpr std::string_view alphabet{",\"\n\r a\xC3\xA9\0", 9};
  std::mt19937_64 rng{20261122};
  std::size_t disagreements = 0;
  constexpr int inputs = 300000;
  for (int k = 0; k < inputs; ++k) {
    const std::size_t size = k % 100 == 0 ? rng() % 400 : rng() % 160;
    const bool mostly_a = (k & 1) != 0;
    std::string d;
    for (std::size_t i = 0; i < size; ++i) {
      const std::uint64_t x = rng();
      d += mostly_a && x % 8 != 0 ? 'a' : alphabet[(x >> 8U) % alphabet.size()];
    }
    const std::int64_t first_line = static_cast<std::int64_t>(k % 3);
    // Every 16th input also from the start of each of its records.
    expect_agreement(d, first_line, k % 16 == 0, disagreements);
  }
  CHECK(disagreements == 0);
}

TEST_CASE("CSV reader: records at every offset of the kept block, after slow-path fields",
          "[csv][differential]") {
  // The reader keeps the masks of the last 64-byte block it scanned and goes on from them
  // when the next field starts in that block. Before the runs of short records, a first
  // record of every length 1..130 puts them at every offset of the kept block; the records
  // mix fields of the fast path and of the slow path ("" and a field near the end), and a
  // record with a byte >= 0x80 before records without (the flag is per record).
  const std::vector<std::string> runs = {
      "a,b\nc,d\ne,f\ng,h\n",
      "x\n\"q\",\"r\"\ny,z\n\"s\"\r\nt\n",
      "\"a\"\"b\",c\nd,e\n\"\",f\ng\n",
      "\xC3\xA9,a\nb,c\n\"\xC3\xA9\"\nd\ne,\xC3\xA9\nf\n",
      "a\"b,c\nd,e\n\"x\"y,z\nf\n",
      "\n\r\na,b\n\n\"c\nd\",e\nf\r\n\r\n",
      "a\0b,c\nd,e\n\"x\0\"\ny\"\nz,w\n"s,
      "a,\rb\nc\r,d\ne\n",
  };
  std::size_t checked = 0;
  for (std::size_t len = 1; len <= 130; ++len) {
    for (const std::string& run : runs) {
      for (const std::string& tail : {std::string{}, std::string(70, 'y') + "\n"}) {
        const std::string d = std::string(len - 1, 'h') + "\n" + run + run + run + tail;
        CAPTURE(show(d));
        REQUIRE(agrees(d));
        ++checked;
      }
    }
  }
  CHECK(checked == 130 * runs.size() * 2);  // lengths × runs × tails
}

TEST_CASE("CSV reader: any_non_ascii is the record's, not the block's", "[csv]") {
  // Each record is shorter than the block the reader scans, so records 2 and 3 start in a
  // block that holds the é of record 1 (and record 3 one of record 4's).
  const std::string d =
      "a,\xC3\xA9\nb,c\n\"d\",e\nf,\"\xC3\xA9\"\ng\n" + std::string(80, 'z') + "\n";
  CsvReader r{d, 1};
  std::vector<bool> any;
  while (r.next()) any.push_back(r.any_non_ascii());
  CHECK(any == std::vector<bool>{true, false, false, true, false, false});
}

TEST_CASE("CSV reader: files of random records", "[csv][differential]") {
  // Records of 1 to 12 fields of every kind (plain, quoted, quoted with "" or a line break,
  // with é, empty) and rare faults (a stray quote, a NUL, an unterminated quote), LF or CRLF,
  // blank lines: long inputs where records start at every offset of the kept block, after
  // fast and slow-path fields.
  const std::vector<std::string> kinds = {"",
                                          "a",
                                          "abcdefghij",
                                          "0123456789abcdefghijklmnop",
                                          "\xC3\xA9t\xC3\xA9",
                                          "\"q\"",
                                          "\"a,b\"",
                                          "\"a\"\"b\"",
                                          "\"l\ni\"",
                                          "\"c\r\nr\"",
                                          "\"\xC3\xA9\"",
                                          "\"\"",
                                          "x\ry",
                                          "2026-03-02T07:09:44+05:30"};
  const std::vector<std::string> faults = {"a\"b", "\"a\"b", "a\0"s, "\"a\0\"\n\""s, "\""};
  std::mt19937_64 rng{20261123};
  std::size_t disagreements = 0;
  constexpr int inputs = 3000;
  for (int k = 0; k < inputs; ++k) {
    std::string d;
    const std::size_t records = 1 + rng() % 40;
    for (std::size_t i = 0; i < records; ++i) {
      const std::size_t fields = 1 + rng() % 12;
      for (std::size_t j = 0; j < fields; ++j) {
        if (j > 0) d += ',';
        d += rng() % 200 == 0 ? faults[rng() % faults.size()] : kinds[rng() % kinds.size()];
      }
      d += rng() % 4 == 0 ? "\r\n" : "\n";
      if (rng() % 20 == 0) d += "\n";
    }
    if (rng() % 4 == 0) d.pop_back();  // no line break at the end
    const std::int64_t first_line = static_cast<std::int64_t>(k % 3);
    // Every 10th input also from the start of each of its records.
    expect_agreement(d, first_line, k % 10 == 0, disagreements);
  }
  CHECK(disagreements == 0);
}
