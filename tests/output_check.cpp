// SPDX-License-Identifier: MIT
// Test helper for the output-safety check (cli_output_safety.cmake): reads a report on
// stdin and checks it is safe to hand to a JSON parser or a spreadsheet.
//
//   contactkpi_output_check json < report.json   valid JSON (strict UTF-8), one object
//   contactkpi_output_check csv  < report.csv    RFC 4180, valid UTF-8, and no cell that a
//                                                spreadsheet would run as a formula: none
//                                                starts with = + - @ TAB or CR, except a
//                                                plain number such as -12.5
// Exit 0 when safe, 1 (with the reason on stderr) when not, 2 on bad usage.
// A C++ checker rather than python3 -c 'import json...', which a fresh Debian may lack.
#include <cstddef>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    unsigned cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
      cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      cp = c & 0x07u;
    } else {
      return false;
    }
    for (std::size_t k = 1; k <= n; ++k) {
      if (i + k >= s.size()) return false;
      const auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0u) != 0x80u) return false;
      cp = (cp << 6u) | (d & 0x3Fu);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

int fail(const std::string& why) {
  std::cerr << "output_check: " << why << '\n';
  return 1;
}

int check_json(const std::string& text) {
  try {
    const auto doc = nlohmann::json::parse(text);
    if (!doc.is_object()) return fail("JSON output is not one object");
  } catch (const nlohmann::json::exception& e) {
    return fail(std::string{"JSON does not parse: "} + e.what());
  }
  return 0;
}

int check_csv(const std::string& text) {
  if (!valid_utf8(text)) return fail("CSV output is not valid UTF-8");
  static const std::regex number{R"(-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?)"};
  std::vector<std::string> cells;
  std::string cell;
  std::size_t line = 1;
  std::size_t i = 0;
  bool quoted = false;
  bool was_quoted = false;
  const auto end_cell = [&]() -> int {
    if (!cell.empty() && std::string_view{"=+-@\t\r"}.find(cell.front()) != std::string::npos &&
        !std::regex_match(cell, number)) {
      return fail("line " + std::to_string(line) + ": cell starts with a formula character: '" +
                  cell + "'");
    }
    cell.clear();
    was_quoted = false;
    return 0;
  };
  for (; i < text.size(); ++i) {
    const char ch = text[i];
    if (quoted) {
      if (ch == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (ch == '\n') ++line;
        cell += ch;
      }
      continue;
    }
    if (ch == '"') {
      if (!cell.empty() || was_quoted) {
        return fail("line " + std::to_string(line) + ": quote inside an unquoted cell");
      }
      quoted = true;
      was_quoted = true;
    } else if (ch == ',') {
      if (end_cell() != 0) return 1;
    } else if (ch == '\n' || ch == '\r') {
      if (end_cell() != 0) return 1;
      if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++line;
    } else {
      if (was_quoted) {
        return fail("line " + std::to_string(line) + ": text after a closing quote");
      }
      cell += ch;
    }
  }
  if (quoted) return fail("unterminated quoted cell at the end");
  return end_cell();
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc != 2) {
    std::cerr << "usage: contactkpi_output_check json|csv < report\n";
    return 2;
  }
  std::ios::sync_with_stdio(false);
  const std::string text{std::istreambuf_iterator<char>{std::cin},
                         std::istreambuf_iterator<char>{}};
  if (text.empty()) return fail("empty output");
  const std::string_view mode{argv[1]};
  if (mode == "json") return check_json(text);
  if (mode == "csv") return check_csv(text);
  std::cerr << "usage: contactkpi_output_check json|csv < report\n";
  return 2;
} catch (const std::exception& e) {
  std::cerr << "contactkpi_output_check: " << e.what() << '\n';
  return 1;
}
