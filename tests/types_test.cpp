// SPDX-License-Identifier: MIT
// The names of Channel and Direction: parse_channel / parse_direction against a reference.
#include <catch2/catch.hpp>

#include <chrono>
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

TEST_CASE("ContactView: a view of a Contact has its fields and terms, to_contact() copies back",
          "[types]") {
  using namespace std::chrono_literals;
  const Timestamp t0{std::chrono::sys_days{std::chrono::year{2026} / 3 / 2}};
  const Contact answered{.contact_id = "c1",
                         .customer_id = "k1",
                         .segment = "gold",
                         .channel = Channel::chat,
                         .direction = Direction::outbound,
                         .queue = "q",
                         .agent_id = "a7",
                         .reason = "billing",
                         .arrived_at = t0,
                         .answered_at = t0 + 20s,
                         .ended_at = t0 + 5min,
                         .talk = 200s,
                         .hold = 30s,
                         .acw = 15s,
                         .transferred = true,
                         .resolved = false,
                         .qa_score = 87.5};
  const Contact abandoned{
      .contact_id = "c2", .arrived_at = t0, .ended_at = t0 + 4s, .abandoned = true};
  for (const Contact& c : {answered, abandoned}) {
    CAPTURE(c.contact_id);
    const ContactView v = c;
    CHECK(v.to_contact() == c);
    CHECK(v.contact_id.data() == c.contact_id.data());  // a view, not a copy
    CHECK(v.is_inbound() == c.is_inbound());
    CHECK(v.is_answered() == c.is_answered());
    CHECK(v.is_handled() == c.is_handled());
    CHECK(v.handle_time() == c.handle_time());
    CHECK(v.wait() == c.wait());
    CHECK(v.is_short_abandon(5s) == c.is_short_abandon(5s));
  }
  // By hand: answered waited 20 s and took 200 + 30 + 15 = 245 s; abandoned waited 4 s,
  // under a 5 s short-abandon threshold, not under 4 s.
  CHECK(ContactView{answered}.wait() == 20s);
  CHECK(ContactView{answered}.handle_time() == 245s);
  CHECK_FALSE(ContactView{answered}.is_inbound());
  CHECK(ContactView{abandoned}.is_short_abandon(5s));
  CHECK_FALSE(ContactView{abandoned}.is_short_abandon(4s));
  CHECK_FALSE(ContactView{abandoned}.is_handled());
}

TEST_CASE("SurveyView: a view of a Survey has its fields, to_survey() copies back", "[types]") {
  const Timestamp t0{std::chrono::sys_days{std::chrono::year{2026} / 3 / 2}};
  const Survey full{.contact_id = "c1",
                    .customer_id = "k1",
                    .responded_at = t0,
                    .csat = 4,
                    .nps = 9,
                    .ces = 2,
                    .resolved = true,
                    .comment = "quick and \"kind\""};
  const Survey relationship{.customer_id = "k2", .nps = 3};
  for (const Survey& s : {full, relationship}) {
    CAPTURE(s.customer_id);
    const SurveyView v = s;
    CHECK(v.to_survey() == s);
    CHECK(v.customer_id.data() == s.customer_id.data());  // a view, not a copy
    CHECK(v.contact_id == s.contact_id);
    CHECK(v.comment == s.comment);
    CHECK(v.responded_at == s.responded_at);
    CHECK(v.csat == s.csat);
    CHECK(v.nps == s.nps);
    CHECK(v.ces == s.ces);
    CHECK(v.resolved == s.resolved);
  }
}
