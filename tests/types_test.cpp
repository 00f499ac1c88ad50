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

/// Each byte of `name` replaced by each of the 256 values: `parse` succeeds exactly when the
/// folded text is still `name`, and then gives `value`.
template <class Value, class Parse>
void check_every_byte(std::string_view name, Value value, Parse parse) {
  for (std::size_t i = 0; i < name.size(); ++i) {
    for (int b = 0; b < 256; ++b) {
      std::string text{name};
      text[i] = static_cast<char>(b);
      CAPTURE(name, i, b);
      const auto parsed = parse(text);
      CHECK(parsed.has_value() == (ascii_lower(text) == name));
      if (parsed) CHECK(*parsed == value);
    }
  }
}

}  // namespace

TEST_CASE("parse_channel / parse_direction: every byte at every position of every name",
          "[types][parse]") {
  // The names differ in at least one folded position, so a text never parses to another
  // name than the one it was made from.
  for (const Channel channel : all_channels) {
    check_every_byte(to_string(channel), channel,
                     [](std::string_view t) { return parse_channel(t); });
  }
  for (const Direction direction : {Direction::inbound, Direction::outbound}) {
    check_every_byte(to_string(direction), direction,
                     [](std::string_view t) { return parse_direction(t); });
  }
}
