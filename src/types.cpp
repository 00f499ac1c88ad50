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
  for (std::size_t i = 0; i < channel_count; ++i) {
    if (detail::iequals(text, channel_names[i])) return all_channels[i];
  }
  return std::nullopt;
}

std::optional<Direction> parse_direction(std::string_view text) noexcept {
  if (detail::iequals(text, "inbound")) return Direction::inbound;
  if (detail::iequals(text, "outbound")) return Direction::outbound;
  return std::nullopt;
}

}  // namespace contactkpi
