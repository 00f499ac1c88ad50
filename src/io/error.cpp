// SPDX-License-Identifier: MIT
// Error text and the ParseError exception.
#include <string>

#include "contactkpi/io/loader.hpp"
#include "io/utf8.hpp"

namespace contactkpi::io {

namespace {

void append_escaped(std::string& out, std::string_view value) {
  constexpr std::string_view hex = "0123456789ABCDEF";
  std::size_t i = 0;
  while (i < value.size()) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    const std::size_t n = c >= 0x80 ? detail::utf8_sequence(value, i) : 0;
    if (n > 0) {
      out.append(value.substr(i, n));
      i += n;
      continue;
    }
    out += "\\x";
    out += hex[c >> 4U];
    out += hex[c & 0xFU];
    ++i;
  }
}

}  // namespace

std::string Error::to_string() const {
  std::string out = file;
  if (line > 0) {
    out += ':';
    out += std::to_string(line);
  }
  out += ": ";
  if (!column.empty()) {
    out += "column '";
    append_escaped(out, column);
    out += "': ";
  }
  out += message;
  if (!value.empty()) {
    out += " '";
    append_escaped(out, value);
    if (truncated) out += "...";
    out += '\'';
  }
  out += " (";
  out += reason;
  out += ')';
  return out;
}

ParseError::ParseError(Error error)
    : std::runtime_error{error.to_string()}, error_{std::move(error)} {}

}  // namespace contactkpi::io
