// SPDX-License-Identifier: MIT
#include "contactkpi/types.hpp"

#include <cstdint>

namespace contactkpi {

namespace {
constexpr std::array<std::string_view, channel_count> channel_names{
    "voice", "chat", "email", "sms", "social", "video", "other"};

/// Up to 8 bytes of `s` as an integer, s[0] in the low byte, zero above (any byte order).
constexpr std::uint64_t word_of(std::string_view s) noexcept {
  std::uint64_t w = 0;
  for (std::size_t i = 0; i < s.size() && i < 8; ++i) {
    w |= std::uint64_t{static_cast<unsigned char>(s[i])} << (8 * i);
  }
  return w;
}

/// The bytes p[i], p[i + 1] at bytes i, i + 1 of a word.
inline std::uint64_t two_at(const char* p, std::size_t i) noexcept {
  return (std::uint64_t{static_cast<unsigned char>(p[i])} |
          std::uint64_t{static_cast<unsigned char>(p[i + 1])} << 8)
         << (8 * i);
}

/// The bytes p[i..i+3] at bytes i..i+3 of a word.
inline std::uint64_t four_at(const char* p, std::size_t i) noexcept {
  return (two_at(p, i) | two_at(p, i + 2));
}

/// OR 0x20 on each of the low n bytes: A-Z become a-z, and no other byte becomes a lower-case
/// letter (nor zero), so a folded text equals a lower-case name's word only when the text is
/// that name in some case, of the same length.
constexpr std::uint64_t fold(std::uint64_t x, std::size_t n) noexcept {
  return x | (0x2020'2020'2020'2020 >> (8 * (8 - n)));
}

/// A multiplicative hash, perfect on the seven channel names (their words): top 3 bits.
constexpr std::size_t channel_slot(std::uint64_t folded) noexcept {
  return static_cast<std::size_t>((folded * 0xB9D1'79E0'6C0F'D4F5) >> 61);
}

struct ChannelSlots {
  std::array<std::uint64_t, 8> word{};  ///< 0 in the free slot: no folded text is 0
  std::array<Channel, 8> channel{};
};

constexpr ChannelSlots channel_slots() noexcept {
  ChannelSlots slots;
  for (std::size_t i = 0; i < channel_count; ++i) {
    const std::uint64_t w = word_of(channel_names[i]);
    slots.word[channel_slot(w)] = w;
    slots.channel[channel_slot(w)] = all_channels[i];
  }
  return slots;
}

constexpr ChannelSlots slots = channel_slots();

constexpr bool perfect() noexcept {
  for (std::size_t i = 0; i < channel_count; ++i) {
    if (slots.word[channel_slot(word_of(channel_names[i]))] != word_of(channel_names[i])) {
      return false;
    }
  }
  return true;
}
static_assert(perfect(), "the hash must give each channel name a slot of its own");

}  // namespace

std::string_view to_string(Channel channel) noexcept {
  return channel_names[static_cast<std::size_t>(channel)];
}

std::string_view to_string(Direction direction) noexcept {
  return direction == Direction::inbound ? "inbound" : "outbound";
}

std::optional<Channel> parse_channel(std::string_view text) noexcept {
  // Without a branch on the name: the text (3 to 6 bytes, the names' lengths) read as one
  // word from three overlapping 2-byte pieces, case-folded, hashed to the one name it can be
  // and compared with it whole.
  const std::size_t n = text.size();
  if (n - 3 > 3) return std::nullopt;  // not 3..6 (unsigned wrap)
  const char* const p = text.data();
  const std::uint64_t folded = fold(two_at(p, 0) | two_at(p, (n - 2) / 2) | two_at(p, n - 2), n);
  const std::size_t slot = channel_slot(folded);
  if (folded != slots.word[slot]) return std::nullopt;
  return slots.channel[slot];
}

std::optional<Direction> parse_direction(std::string_view text) noexcept {
  // "inbound" (7 bytes) or "outbound" (8): two overlapping 4-byte pieces, case-folded,
  // compared whole.
  const std::size_t n = text.size();
  if (n - 7 > 1) return std::nullopt;  // not 7 or 8 (unsigned wrap)
  const std::uint64_t folded = fold(four_at(text.data(), 0) | four_at(text.data(), n - 4), n);
  if (folded == word_of("inbound")) return Direction::inbound;
  if (folded == word_of("outbound")) return Direction::outbound;
  return std::nullopt;
}

}  // namespace contactkpi
