// SPDX-License-Identifier: MIT
// Row → record, with the row-level rules of SPEC §1.2. Fields are checked in the schema's
// order, then the rules across fields, and the first failure wins, so a row's error does
// not depend on the column order of the file.
#include "io/records.hpp"

#include <optional>

#include "contactkpi/io/parse.hpp"
#include "io/field_parser.hpp"

namespace contactkpi::detail {

namespace {

using io::ParseErrc;

std::string describe(std::string_view what, ParseErrc error) {
  std::string out{what};
  if (error != ParseErrc::syntax) {
    out += " (";
    out += io::to_string(error);
    out += ')';
  }
  return out;
}

/// Field-level helpers: each returns false after filling the failure.
class Row {
 public:
  Row(Fields fields, std::span<const FieldSpec> specs, Failure& fail, FieldParser& parse,
      TextStore* texts = nullptr) noexcept
      : f_{fields}, specs_{specs}, fail_{fail}, parse_{parse}, texts_{texts} {}

  [[nodiscard]] std::string_view operator[](std::size_t i) const noexcept { return f_[i]; }

  bool fail(std::size_t i, std::string_view reason, std::string message) {
    fail_.reason = reason;
    fail_.column = specs_[i].name;
    fail_.value = f_[i];
    fail_.message = std::move(message);
    return false;
  }

  bool required(std::size_t i) {
    return f_[i].empty() ? fail(i, "missing_value", "missing value") : true;
  }

  bool timestamp(std::size_t i, Timestamp& out) {
    if (!required(i)) return false;
    const auto t = parse_.timestamp(f_[i]);
    if (!t) return fail(i, "bad_timestamp", describe("bad timestamp", t.error()));
    out = *t;
    return true;
  }

  bool timestamp(std::size_t i, std::optional<Timestamp>& out) {
    if (f_[i].empty()) {
      out.reset();
      return true;
    }
    const auto t = parse_.timestamp(f_[i]);
    if (!t) return fail(i, "bad_timestamp", describe("bad timestamp", t.error()));
    out = *t;
    return true;
  }

  /// Empty = 0.
  bool seconds(std::size_t i, Duration& out) {
    if (f_[i].empty()) {
      out = Duration{0};
      return true;
    }
    const auto d = parse_.seconds(f_[i]);
    if (!d) {
      if (d.error() == ParseErrc::negative) {
        return fail(i, "negative_duration", "negative duration");
      }
      return fail(i, "bad_number", describe("bad number of seconds", d.error()));
    }
    out = *d;
    return true;
  }

  /// seconds() of the fields i, i + 1 and i + 2: the three at once when the fast paths take
  /// them, else one by one (the first failure wins, as ever).
  __attribute__((always_inline)) bool seconds3(std::size_t i, Duration& a, Duration& b,
                                               Duration& c) {
    if (parse_.seconds3(&f_[i], a, b, c)) [[likely]] {
      return true;
    }
    return seconds_each(i, a, b, c);
  }
  __attribute__((noinline)) bool seconds_each(std::size_t i, Duration& a, Duration& b,
                                              Duration& c) {
    return seconds(i, a) && seconds(i + 1, b) && seconds(i + 2, c);
  }

  /// Empty = false.
  bool boolean(std::size_t i, bool& out) {
    if (f_[i].empty()) {
      out = false;
      return true;
    }
    const auto b = parse_.boolean(f_[i]);
    if (!b) return fail(i, "bad_bool", "bad boolean (true/false, 1/0, yes/no, y/n)");
    out = *b;
    return true;
  }

  bool boolean(std::size_t i, std::optional<bool>& out) {
    if (f_[i].empty()) {
      out.reset();
      return true;
    }
    bool b = false;
    if (!boolean(i, b)) return false;
    out = b;
    return true;
  }

  /// 0..100, empty = not scored. Inline: GCC would otherwise save registers before the test
  /// of an empty field (most scores are).
  __attribute__((always_inline)) bool score(std::size_t i, std::optional<double>& out) {
    if (f_[i].empty()) {
      out.reset();
      return true;
    }
    const auto n = parse_.score(f_[i]);
    if (!n) return bad_score(i, n.error());
    out = *n;
    return true;
  }

  /// A whole number lo..hi ("9" or "9.0"), empty = no answer.
  bool whole(std::size_t i, std::optional<int>& out, int lo, int hi) {
    if (f_[i].empty()) {
      out.reset();
      return true;
    }
    const auto n = parse_.number(f_[i]);
    if (!n || *n < lo || *n > hi || *n != static_cast<double>(static_cast<int>(*n))) {
      return bad_whole(i, n.has_value() ? ParseErrc::out_of_range : n.error(), lo, hi);
    }
    out = static_cast<int>(*n);
    return true;
  }

  void text(std::size_t i, std::string& out) const { out.assign(f_[i]); }
  void text(std::size_t i, std::string_view& out) const {
    out = texts_ != nullptr ? texts_->keep(f_[i]) : f_[i];
  }

 private:
  // The failures of score() and whole(): out of line, so that their strings do not give the
  // callers a stack frame.
  __attribute__((noinline, cold)) bool bad_score(std::size_t i, ParseErrc error) {
    if (error == ParseErrc::out_of_range) return fail(i, "out_of_range", "out of range (0..100)");
    return fail(i, "bad_number", describe("bad number", error));
  }

  /// `error`: out_of_range also for a number out of lo..hi or not whole.
  __attribute__((noinline, cold)) bool bad_whole(std::size_t i, ParseErrc error, int lo, int hi) {
    if (error != ParseErrc::out_of_range) {
      return fail(i, "bad_number", describe("bad number", error));
    }
    return fail(
        i, "out_of_range",
        "out of range (whole number " + std::to_string(lo) + ".." + std::to_string(hi) + ")");
  }

  Fields f_;
  std::span<const FieldSpec> specs_;
  Failure& fail_;
  FieldParser& parse_;
  TextStore* texts_;
};

/// contacts.csv's row rules, into a Contact or a ContactView.
template <class Out>
bool build_contact(Row& row, Out& out) {
  using S = Schema<Contact>;
  if (!row.required(S::contact_id)) return false;
  row.text(S::contact_id, out.contact_id);
  row.text(S::customer_id, out.customer_id);
  row.text(S::segment, out.segment);
  if (row[S::channel].empty()) {
    out.channel = Channel::voice;
  } else if (const auto c = parse_channel(row[S::channel])) {
    out.channel = *c;
  } else {
    return row.fail(S::channel, "bad_enum",
                    "bad channel (voice, chat, email, sms, social, video, other)");
  }
  if (row[S::direction].empty()) {
    out.direction = Direction::inbound;
  } else if (const auto d = parse_direction(row[S::direction])) {
    out.direction = *d;
  } else {
    return row.fail(S::direction, "bad_enum", "bad direction (inbound, outbound)");
  }
  row.text(S::queue, out.queue);
  row.text(S::agent_id, out.agent_id);
  row.text(S::reason, out.reason);
  if (!row.timestamp(S::arrived_at, out.arrived_at) ||
      !row.timestamp(S::answered_at, out.answered_at) ||
      !row.timestamp(S::ended_at, out.ended_at) ||
      !row.seconds3(S::talk_s, out.talk, out.hold, out.acw) ||
      !row.boolean(S::abandoned, out.abandoned) || !row.boolean(S::transferred, out.transferred) ||
      !row.boolean(S::resolved, out.resolved) || !row.score(S::qa_score, out.qa_score)) {
    return false;
  }
  if (out.answered_at && *out.answered_at < out.arrived_at) {
    return row.fail(S::answered_at, "time_order", "answered_at is before arrived_at");
  }
  if (out.ended_at < out.arrived_at) {
    return row.fail(S::ended_at, "time_order", "ended_at is before arrived_at");
  }
  if (out.answered_at && out.ended_at < *out.answered_at) {
    return row.fail(S::ended_at, "time_order", "ended_at is before answered_at");
  }
  if (out.abandoned && out.answered_at) {
    return row.fail(S::abandoned, "abandoned_answered", "abandoned but has an answered_at");
  }
  return true;
}

}  // namespace

bool Schema<Contact>::build(Fields f, Contact& out, Failure& fail, FieldParser& parse,
                            const io::LoadOptions& /*options*/) {
  Row row{f, fields, fail, parse};
  return build_contact(row, out);
}

bool Schema<ContactView>::build(Fields f, ContactView& out, Failure& fail, FieldParser& parse,
                                const io::LoadOptions& /*options*/, TextStore* texts) {
  Row row{f, fields, fail, parse, texts};
  return build_contact(row, out);
}

namespace {

/// interactions.csv's row rules, into an Interaction or an InteractionView.
template <class Out>
bool build_interaction(Row& row, Out& out) {
  using S = Schema<Interaction>;
  if (!row.required(S::contact_id)) return false;
  row.text(S::contact_id, out.contact_id);
  row.text(S::agent_id, out.agent_id);
  if (!row.score(S::quality_score, out.quality_score) ||
      !row.timestamp(S::started_at, out.started_at) || !row.timestamp(S::ended_at, out.ended_at) ||
      !row.seconds3(S::talk_s, out.talk, out.hold, out.acw)) {
    return false;
  }
  if (out.started_at && out.ended_at && *out.ended_at < *out.started_at) {
    return row.fail(S::ended_at, "time_order", "ended_at is before started_at");
  }
  return true;
}

}  // namespace

bool Schema<Interaction>::build(Fields f, Interaction& out, Failure& fail, FieldParser& parse,
                                const io::LoadOptions& /*options*/) {
  Row row{f, fields, fail, parse};
  return build_interaction(row, out);
}

bool Schema<InteractionView>::build(Fields f, InteractionView& out, Failure& fail,
                                    FieldParser& parse, const io::LoadOptions& /*options*/,
                                    TextStore* texts) {
  Row row{f, fields, fail, parse, texts};
  return build_interaction(row, out);
}

namespace {

/// surveys.csv's row rules, into a Survey or a SurveyView.
template <class Out>
bool build_survey(Row& row, Out& out, const io::LoadOptions& options) {
  using S = Schema<Survey>;
  row.text(S::contact_id, out.contact_id);
  row.text(S::customer_id, out.customer_id);
  const int ces_max = options.ces_scale == CesScale::ces2 ? 7 : 5;
  if (!row.timestamp(S::responded_at, out.responded_at) ||
      !row.whole(S::csat, out.csat, options.csat_min, options.csat_max) ||
      !row.whole(S::nps, out.nps, 0, 10) || !row.whole(S::ces, out.ces, 1, ces_max) ||
      !row.boolean(S::resolved, out.resolved)) {
    return false;
  }
  row.text(S::comment, out.comment);
  return true;
}

}  // namespace

bool Schema<Survey>::build(Fields f, Survey& out, Failure& fail, FieldParser& parse,
                           const io::LoadOptions& options) {
  Row row{f, fields, fail, parse};
  return build_survey(row, out, options);
}

bool Schema<SurveyView>::build(Fields f, SurveyView& out, Failure& fail, FieldParser& parse,
                               const io::LoadOptions& options, TextStore* texts) {
  Row row{f, fields, fail, parse, texts};
  return build_survey(row, out, options);
}

bool Schema<Segment>::build(Fields f, Segment& out, Failure& fail, FieldParser& parse,
                            const io::LoadOptions& /*options*/) {
  Row row{f, fields, fail, parse};
  if (!row.required(segment) || !row.required(customers)) return false;
  row.text(segment, out.segment);
  const auto n = io::parse_int(row[customers]);
  if (!n) {
    // "-1.5" is not an integer either: syntax wins over sign.
    return row.fail(customers, "bad_number", describe("bad number (whole number >= 0)", n.error()));
  }
  if (*n < 0) return row.fail(customers, "out_of_range", "out of range (whole number >= 0)");
  out.customers = *n;
  if (!valid_period(row[period])) {
    return row.fail(period, "bad_period", "bad period (YYYY-MM, YYYY-MM-DD or YYYY-Www)");
  }
  row.text(period, out.period);
  return true;
}

bool valid_period(std::string_view p) noexcept {
  if (p.empty()) return true;
  const auto digits = [&](std::size_t from, std::size_t n) {
    for (std::size_t i = from; i < from + n; ++i) {
      if (p[i] < '0' || p[i] > '9') return false;
    }
    return true;
  };
  const auto number = [&](std::size_t from, std::size_t n) {
    int v = 0;
    for (std::size_t i = from; i < from + n; ++i) v = v * 10 + (p[i] - '0');
    return v;
  };
  if (p.size() < 7 || !digits(0, 4) || p[4] != '-') return false;
  const int year = number(0, 4);
  if (p[5] == 'W') {
    if (p.size() != 8 || !digits(6, 2)) return false;
    const int week = number(6, 2);
    // An ISO year has 53 weeks when Jan 1 is a Thursday, or a Wednesday in a leap year.
    const auto weekday_jan1 = [](int y) {  // 0 = Sunday (Gauss's algorithm)
      const int c = y - 1;
      return (1 + 5 * (c % 4) + 4 * (c % 100) + 6 * (c % 400)) % 7;
    };
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    const int jan1 = weekday_jan1(year);
    const int weeks = (jan1 == 4 || (leap && jan1 == 3)) ? 53 : 52;
    return week >= 1 && week <= weeks;
  }
  if (!digits(5, 2)) return false;
  const int month = number(5, 2);
  if (month < 1 || month > 12) return false;
  if (p.size() == 7) return true;
  if (p.size() != 10 || p[7] != '-' || !digits(8, 2)) return false;
  // Reuse the timestamp parser's calendar: a day exists iff midnight of it parses.
  char buffer[20] = "0000-00-00T00:00:00";  // NOLINT(*-avoid-c-arrays)
  for (std::size_t i = 0; i < 10; ++i) buffer[i] = p[i];
  buffer[19] = 'Z';
  return io::parse_timestamp(std::string_view{buffer, 20}).has_value();
}

}  // namespace contactkpi::detail
