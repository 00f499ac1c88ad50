// SPDX-License-Identifier: MIT
#include "contactkpi/types.hpp"

#include "detail/text.hpp"

namespace contactkpi {

namespace {
constexpr std::array<std::string_view, channel_count> channel_names{
    "voice", "chat", "email", "sms", "social", "video", "other"};
}  // namespace

std::string_view to_string(Channel channel) noexcept {
  return channel_names[static_cast<std::size_t>(channel)];
}

std::string_view to_string(Direction direction) noexcept {
  return direction == Direction::inbound ? "inbound" : "outbound";
}

std::optional<Channel> parse_channel(std::string_view text) noexcept {
  if (text.empty()) return std::nullopt;
  // The names are lower-case letters: a first byte that does not fold onto a name's first
  // letter (x | 0x20 does exactly that for A-Z and a-z) rules the name out cheaply.
  const auto first = static_cast<char>(text[0] | 0x20);
  for (std::size_t i = 0; i < channel_count; ++i) {
    if (channel_names[i][0] == first && detail::iequals_letters(text, channel_names[i])) {
      return all_channels[i];
    }
  }
  return std::nullopt;
}

std::optional<Direction> parse_direction(std::string_view text) noexcept {
  if (detail::iequals_letters(text, "inbound")) return Direction::inbound;
  if (detail::iequals_letters(text, "outbound")) return Direction::outbound;
  return std::nullopt;
}

}  // namespace contactkpi
