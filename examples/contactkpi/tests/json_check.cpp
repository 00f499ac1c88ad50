// SPDX-License-Identifier: MIT
// json_check EXPECTATIONS ACTUAL.json: checks the numbers of a `contactkpi --format json`
// report against values worked out by hand.
//
// Expectation lines (blank lines and lines starting with # are ignored):
//     /kpis/fcr/value = 50            number; tolerance = half a unit of the last digit
//     /kpis/cqis/value = null
//     /groups/0/key/channel = "chat"  string (no escapes)
//     /unmatched/checked = true
//     /groups #= 6                    array or object size
// Exit 0 when every line holds, 1 otherwise (each failure is printed).
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

// Half a unit in the last written decimal place: "41.6667" -> 0.00005, "50" -> 0.5.
double tolerance_of(const std::string& text) {
  const auto dot = text.find('.');
  const auto decimals = dot == std::string::npos ? 0 : text.size() - dot - 1;
  return 0.5 * std::pow(10.0, -static_cast<double>(decimals)) + 1e-9;
}

int check(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: json_check EXPECTATIONS ACTUAL.json\n";
    return 2;
  }
  std::ifstream expect_file{argv[1]};
  std::ifstream actual_file{argv[2]};
  if (!expect_file || !actual_file) {
    std::cerr << "json_check: cannot open the input files\n";
    return 2;
  }
  nlohmann::json actual;
  try {
    actual = nlohmann::json::parse(actual_file);
  } catch (const std::exception& e) {
    std::cerr << "json_check: the report is not valid JSON: " << e.what() << '\n';
    return 1;
  }
  int failures = 0;
  int checks = 0;
  std::string line;
  int line_no = 0;
  while (std::getline(expect_file, line)) {
    ++line_no;
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    const bool size_check = line.find(" #= ") != std::string::npos;
    const auto op = size_check ? line.find(" #= ") : line.find(" = ");
    if (op == std::string::npos) {
      std::cerr << argv[1] << ':' << line_no << ": cannot read this line\n";
      return 2;
    }
    const std::string pointer = trim(line.substr(0, op));
    const std::string expected = trim(line.substr(op + (size_check ? 4 : 3)));
    ++checks;
    const auto fail = [&](const std::string& got) {
      ++failures;
      std::cerr << argv[1] << ':' << line_no << ": " << pointer << ": expected " << expected
                << ", got " << got << '\n';
    };
    nlohmann::json::json_pointer ptr{pointer};
    if (!actual.contains(ptr)) {
      fail("(missing)");
      continue;
    }
    const auto& v = actual.at(ptr);
    if (size_check) {
      if (std::to_string(v.size()) != expected) fail(std::to_string(v.size()));
    } else if (expected == "null") {
      if (!v.is_null()) fail(v.dump());
    } else if (expected == "true" || expected == "false") {
      if (!v.is_boolean() || (v.get<bool>() != (expected == "true"))) fail(v.dump());
    } else if (expected.front() == '"') {
      const std::string want = expected.substr(1, expected.size() - 2);
      if (!v.is_string() || v.get<std::string>() != want) fail(v.dump());
    } else {
      const double want = std::stod(expected);
      if (!v.is_number() || std::fabs(v.get<double>() - want) > tolerance_of(expected)) {
        fail(v.dump());
      }
    }
  }
  std::cout << checks - failures << " of " << checks << " checks passed\n";
  return failures == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return check(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "json_check: " << e.what() << '\n';
  } catch (...) {
    std::cerr << "json_check: unknown error\n";
  }
  return 2;
}
