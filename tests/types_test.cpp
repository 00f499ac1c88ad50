// SPDX-License-Identifier: MIT
// The names of Channel and Direction: parse_channel / parse_direction against a reference.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "contactkpi/types.hpp"

namespace {

using namespace contactkpi;

/// Reference: ASCII case folding of the text, byte by byte, then plain equality.
std::string ascii_lower(std::string_view text) {
  std::string out{text};
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

TEST_CASE("parse_channel / parse_direction: every byte at every position of every name",
          "[types][parse]") {
  // Each name with one byte replaced by each of the 256 values: it parses exactly when the
  // folded text is still that name (the replaced byte is the letter in either case), and
  // never to another name (the names differ in at least one folded position).
  for (const Channel channel : all_channels) {
    const std::string name{to_string(channel)};
    for (std::size_t i = 0; i < name.size(); ++i) {
      for (int b = 0; b < 256; ++b) {
        std::string text = name;
        text[i] = static_cast<char>(b);
        CAPTURE(name, i, b);
        const auto parsed = parse_channel(text);
        CHECK(parsed.has_value() == (ascii_lower(text) == name));
        if (parsed) CHECK(*parsed == channel);
      }
    }
  }
  for (const Direction direction : {Direction::inbound, Direction::outbound}) {
    const std::string name{to_string(direction)};
    for (std::size_t i = 0; i < name.size(); ++i) {
      for (int b = 0; b < 256; ++b) {
        std::string text = name;
        text[i] = static_cast<char>(b);
        CAPTURE(name, i, b);
        const auto parsed = parse_direction(text);
        CHECK(parsed.has_value() == (ascii_lower(text) == name));
        if (parsed) CHECK(*parsed == direction);
      }
    }
  }
}
