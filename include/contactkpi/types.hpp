// SPDX-License-Identifier: MIT
// contactkpi/types.hpp: the records every KPI is computed from (SPEC §1.1).
//
// Plain aggregates with default member initialisers, so that tests and embedding code
// can write `Contact{.contact_id = "c1", .arrived_at = t0, ...}`. Time is <chrono>:
// timestamps are UTC `sys_time` with microsecond resolution, durations are microseconds,
// so sums over millions of contacts stay exact integers and do not depend on record order.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace contactkpi {

/// Resolution of every duration in the library. Decimal seconds in the input keep up to
/// six fractional digits exactly.
using Duration = std::chrono::microseconds;
/// A point in time, UTC.
using Timestamp = std::chrono::sys_time<Duration>;

/// The channel a contact came through (SPEC §1.1).
enum class Channel : std::uint8_t { voice, chat, email, sms, social, video, other };
inline constexpr std::size_t channel_count = 7;
inline constexpr std::array<Channel, channel_count> all_channels{
    Channel::voice,  Channel::chat,  Channel::email, Channel::sms,
    Channel::social, Channel::video, Channel::other};

/// inbound = the customer started it; outbound = proactive / company-initiated.
enum class Direction : std::uint8_t { inbound, outbound };

/// Lower-case name as in the interchange files ("voice", "chat", ...).
[[nodiscard]] std::string_view to_string(Channel channel) noexcept;
[[nodiscard]] std::string_view to_string(Direction direction) noexcept;
/// Parses the lower-case name, case-insensitively; nullopt for anything else.
[[nodiscard]] std::optional<Channel> parse_channel(std::string_view text) noexcept;
[[nodiscard]] std::optional<Direction> parse_direction(std::string_view text) noexcept;

/// One customer request through one channel: contacts.csv, one row.
struct Contact {
  std::string contact_id;   ///< required, unique in a file
  std::string customer_id;  ///< empty: no repeat check (FCR) and no net contact rate
  std::string segment;      ///< customer segment at contact time; empty = unsegmented
  Channel channel = Channel::voice;
  Direction direction = Direction::inbound;
  std::string queue;
  std::string agent_id;                    ///< empty when never answered
  std::string reason;                      ///< contact reason category; empty = unknown
  Timestamp arrived_at{};                  ///< offered / entered the queue (outbound: started)
  std::optional<Timestamp> answered_at{};  ///< empty when never answered
  Timestamp ended_at{};                    ///< disconnect / close
  Duration talk{};
  Duration hold{};
  Duration acw{};  ///< after-contact work
  bool abandoned = false;
  bool transferred = false;
  std::optional<bool> resolved{};    ///< agent-marked resolution; empty = unknown
  std::optional<double> qa_score{};  ///< internal QA evaluation, 0..100; empty = not evaluated

  /// Terms of SPEC §2, so that every KPI uses one definition of each (ContactView's).
  [[nodiscard]] bool is_inbound() const noexcept;
  [[nodiscard]] bool is_answered() const noexcept;
  /// handled = answered and not abandoned.
  [[nodiscard]] bool is_handled() const noexcept;
  /// talk + hold + acw.
  [[nodiscard]] Duration handle_time() const noexcept;
  /// answered_at − arrived_at when answered, else ended_at − arrived_at.
  [[nodiscard]] Duration wait() const noexcept;
  /// short abandon = abandoned with wait < threshold (a threshold of 0 makes none).
  [[nodiscard]] bool is_short_abandon(Duration threshold) const noexcept;

  friend bool operator==(const Contact&, const Contact&) = default;
};

/// A contact whose texts are views into memory that someone else owns: what every KPI
/// accumulator reads, so that a loader can hand rows over without copying their strings
/// (io::for_each_contact_view: valid only during the call). A Contact converts to one
/// implicitly, as a std::string to a std::string_view, so each `add(const ContactView&)`
/// takes a Contact as well; the view must not outlive it.
///
/// Example:
///
///     contactkpi::Contact c{.contact_id = "c1", .arrived_at = t0, .ended_at = t0 + 5min};
///     contactkpi::AhtAccumulator aht;
///     aht.add(c);                            // through a ContactView of c
///     contactkpi::ContactView v = c;
///     v.agent_id = "A7";                     // a view of other text: c is unchanged
struct ContactView {
  std::string_view contact_id;
  std::string_view customer_id;
  std::string_view segment;
  Channel channel = Channel::voice;
  Direction direction = Direction::inbound;
  std::string_view queue;
  std::string_view agent_id;
  std::string_view reason;
  Timestamp arrived_at{};
  std::optional<Timestamp> answered_at{};
  Timestamp ended_at{};
  Duration talk{};
  Duration hold{};
  Duration acw{};
  bool abandoned = false;
  bool transferred = false;
  std::optional<bool> resolved{};
  std::optional<double> qa_score{};

  ContactView() = default;
  // NOLINTNEXTLINE(google-explicit-constructor, hicpp-explicit-conversions): like string_view
  ContactView(const Contact& c) noexcept
      : contact_id{c.contact_id},
        customer_id{c.customer_id},
        segment{c.segment},
        channel{c.channel},
        direction{c.direction},
        queue{c.queue},
        agent_id{c.agent_id},
        reason{c.reason},
        arrived_at{c.arrived_at},
        answered_at{c.answered_at},
        ended_at{c.ended_at},
        talk{c.talk},
        hold{c.hold},
        acw{c.acw},
        abandoned{c.abandoned},
        transferred{c.transferred},
        resolved{c.resolved},
        qa_score{c.qa_score} {}

  /// A Contact with copies of the texts.
  [[nodiscard]] Contact to_contact() const {
    return Contact{.contact_id = std::string{contact_id},
                   .customer_id = std::string{customer_id},
                   .segment = std::string{segment},
                   .channel = channel,
                   .direction = direction,
                   .queue = std::string{queue},
                   .agent_id = std::string{agent_id},
                   .reason = std::string{reason},
                   .arrived_at = arrived_at,
                   .answered_at = answered_at,
                   .ended_at = ended_at,
                   .talk = talk,
                   .hold = hold,
                   .acw = acw,
                   .abandoned = abandoned,
                   .transferred = transferred,
                   .resolved = resolved,
                   .qa_score = qa_score};
  }

  /// The terms of SPEC §2 (Contact's members say the same).
  [[nodiscard]] bool is_inbound() const noexcept { return direction == Direction::inbound; }
  [[nodiscard]] bool is_answered() const noexcept { return answered_at.has_value(); }
  [[nodiscard]] bool is_handled() const noexcept { return answered_at.has_value() && !abandoned; }
  [[nodiscard]] Duration handle_time() const noexcept { return talk + hold + acw; }
  [[nodiscard]] Duration wait() const noexcept {
    return (answered_at ? *answered_at : ended_at) - arrived_at;
  }
  [[nodiscard]] bool is_short_abandon(Duration threshold) const noexcept {
    return abandoned && wait() < threshold;
  }
};

inline bool Contact::is_inbound() const noexcept {
  return ContactView{*this}.is_inbound();
}
inline bool Contact::is_answered() const noexcept {
  return ContactView{*this}.is_answered();
}
inline bool Contact::is_handled() const noexcept {
  return ContactView{*this}.is_handled();
}
inline Duration Contact::handle_time() const noexcept {
  return ContactView{*this}.handle_time();
}
inline Duration Contact::wait() const noexcept {
  return ContactView{*this}.wait();
}
inline bool Contact::is_short_abandon(Duration threshold) const noexcept {
  return ContactView{*this}.is_short_abandon(threshold);
}

/// One agent leg of a contact: interactions.csv, one row.
struct Interaction {
  std::string contact_id;
  std::string agent_id;
  std::optional<double> quality_score{};  ///< 0..100; empty = not scored
  std::optional<Timestamp> started_at{};
  std::optional<Timestamp> ended_at{};
  Duration talk{};
  Duration hold{};
  Duration acw{};

  friend bool operator==(const Interaction&, const Interaction&) = default;
};

/// An interaction whose texts are views into memory that someone else owns, as ContactView
/// is for Contact: what ReportAccumulator and CqisAccumulator read, and what
/// io::for_each_interaction_view hands over (valid during the call only). An Interaction
/// converts to one implicitly; the view must not outlive it.
struct InteractionView {
  std::string_view contact_id;
  std::string_view agent_id;
  std::optional<double> quality_score{};
  std::optional<Timestamp> started_at{};
  std::optional<Timestamp> ended_at{};
  Duration talk{};
  Duration hold{};
  Duration acw{};

  InteractionView() = default;
  // NOLINTNEXTLINE(google-explicit-constructor, hicpp-explicit-conversions): like string_view
  InteractionView(const Interaction& i) noexcept
      : contact_id{i.contact_id},
        agent_id{i.agent_id},
        quality_score{i.quality_score},
        started_at{i.started_at},
        ended_at{i.ended_at},
        talk{i.talk},
        hold{i.hold},
        acw{i.acw} {}

  /// An Interaction with copies of the texts.
  [[nodiscard]] Interaction to_interaction() const {
    return Interaction{.contact_id = std::string{contact_id},
                       .agent_id = std::string{agent_id},
                       .quality_score = quality_score,
                       .started_at = started_at,
                       .ended_at = ended_at,
                       .talk = talk,
                       .hold = hold,
                       .acw = acw};
  }
};

/// One customer's answer to a survey: surveys.csv, one row.
struct Survey {
  std::string contact_id;  ///< empty for a relationship survey
  std::string customer_id;
  std::optional<Timestamp> responded_at{};
  std::optional<int> csat{};       ///< 1..5 by default (see CsatOptions)
  std::optional<int> nps{};        ///< 0..10, whole numbers only
  std::optional<int> ces{};        ///< 1..7 (CES 2.0) or 1..5 (CES 1.0)
  std::optional<bool> resolved{};  ///< the customer says the issue was resolved
  std::string comment;

  friend bool operator==(const Survey&, const Survey&) = default;
};

/// A survey answer whose texts are views into memory that someone else owns, as ContactView
/// is for Contact: what the survey accumulators, FcrAccumulator and ReportAccumulator read,
/// and what io::for_each_survey_view hands over (valid during the call only). A Survey
/// converts to one implicitly; the view must not outlive it.
struct SurveyView {
  std::string_view contact_id;
  std::string_view customer_id;
  std::optional<Timestamp> responded_at{};
  std::optional<int> csat{};
  std::optional<int> nps{};
  std::optional<int> ces{};
  std::optional<bool> resolved{};
  std::string_view comment;

  SurveyView() = default;
  // NOLINTNEXTLINE(google-explicit-constructor, hicpp-explicit-conversions): like string_view
  SurveyView(const Survey& s) noexcept
      : contact_id{s.contact_id},
        customer_id{s.customer_id},
        responded_at{s.responded_at},
        csat{s.csat},
        nps{s.nps},
        ces{s.ces},
        resolved{s.resolved},
        comment{s.comment} {}

  /// A Survey with copies of the texts.
  [[nodiscard]] Survey to_survey() const {
    return Survey{.contact_id = std::string{contact_id},
                  .customer_id = std::string{customer_id},
                  .responded_at = responded_at,
                  .csat = csat,
                  .nps = nps,
                  .ces = ces,
                  .resolved = resolved,
                  .comment = std::string{comment}};
  }
};

/// How many customers a segment has, for one period or for all time: segments.csv, one row.
struct Segment {
  std::string segment;
  std::int64_t customers = 0;
  /// Empty (all periods), "YYYY-MM" (a month), "YYYY-MM-DD" (a day) or "YYYY-Www" (an ISO week).
  std::string period;

  friend bool operator==(const Segment&, const Segment&) = default;
};

}  // namespace contactkpi
