// SPDX-License-Identifier: MIT
// Private: the field lists of the four interchange files and the row → record builders
// with every validation rule of SPEC §1.2 that needs only the row itself. The CSV and JSON
// readers both fill an array of field texts (empty = missing) and call build(), with the
// FieldParser of their RecordBuilder (its TimestampParser caches the month of the last
// timestamp, so the timestamps of consecutive rows skip the calendar arithmetic; it reads
// fields inside the CSV body with 16-byte loads).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>

#include "contactkpi/io/loader.hpp"
#include "contactkpi/types.hpp"
#include "io/field_parser.hpp"

namespace contactkpi::detail {

/// What a JSON value of the field may be (CSV fields are all text).
enum class FieldKind : std::uint8_t {
  text,       ///< JSON string or number (its text)
  timestamp,  ///< JSON string
  number,     ///< JSON number or string (durations, scores, counts)
  boolean,    ///< JSON bool, number 0/1 or string
};

struct FieldSpec {
  std::string_view name;
  FieldKind kind = FieldKind::text;
  bool required = false;  ///< the CSV header must have the column (its value may still be checked)
};

/// Why a row was rejected. Views point into the row's fields.
struct Failure {
  std::string_view reason;  ///< a string literal
  std::string_view column;  ///< empty when not about one column
  std::string_view value;
  std::string message;
  /// The message names line numbers (a malformed record that runs over several lines), so
  /// it is only right when the reader counted lines from the true start.
  bool names_lines = false;
};

using Fields = std::span<const std::string_view>;

template <class Record>
struct Schema;

template <>
struct Schema<Contact> {
  enum : std::size_t {
    contact_id,
    customer_id,
    segment,
    channel,
    direction,
    queue,
    agent_id,
    reason,
    arrived_at,
    answered_at,
    ended_at,
    talk_s,
    hold_s,
    acw_s,
    abandoned,
    transferred,
    resolved,
    qa_score,
    count
  };
  static constexpr std::array<FieldSpec, count> fields{{
      {"contact_id", FieldKind::text, true},
      {"customer_id"},
      {"segment"},
      {"channel"},
      {"direction"},
      {"queue"},
      {"agent_id"},
      {"reason"},
      {"arrived_at", FieldKind::timestamp, true},
      {"answered_at", FieldKind::timestamp},
      {"ended_at", FieldKind::timestamp, true},
      {"talk_s", FieldKind::number},
      {"hold_s", FieldKind::number},
      {"acw_s", FieldKind::number},
      {"abandoned", FieldKind::boolean},
      {"transferred", FieldKind::boolean},
      {"resolved", FieldKind::boolean},
      {"qa_score", FieldKind::number},
  }};
  static constexpr bool has_key = true;
  static constexpr std::string_view key_name = "contact_id";
  /// The key is this field's text, known before build(): its hash slot can be prefetched.
  static constexpr std::size_t key_field = contact_id;
  static bool build(Fields f, Contact& out, Failure& fail, FieldParser& parse,
                    const io::LoadOptions& options);
  static std::string_view key(const Contact& c, std::string& /*buffer*/) { return c.contact_id; }
};

/// Keeps the texts of a ContactView's fields for as long as the record is pending: a field
/// inside `stable` (the file's data, which outlives the load) is viewed where it is; one
/// outside (a CSV field with "" is unescaped into the reader's buffer for one record only)
/// is copied here, until reset().
class TextStore {
 public:
  void reset(std::string_view stable) noexcept {
    begin_ = reinterpret_cast<std::uintptr_t>(stable.data());  // NOLINT(*-reinterpret-cast)
    size_ = stable.size();
    texts_.clear();
  }
  /// `text` if it is inside the stable data, else a copy kept until reset(). A reader's
  /// field starts inside the data only if it lies there whole (a field in the reader's buffer
  /// starts outside it), so the start alone decides.
  [[nodiscard]] std::string_view keep(std::string_view text) {
    const auto at = reinterpret_cast<std::uintptr_t>(text.data());  // NOLINT(*-reinterpret-cast)
    if (at - begin_ < size_ || text.empty()) return text;
    return texts_.emplace_back(text);
  }

 private:
  std::uintptr_t begin_ = 0;
  std::size_t size_ = 0;
  std::deque<std::string> texts_;  // a deque: its strings never move
};

/// The columns of contacts.csv read into views instead of strings: io::for_each_contact_view.
/// build() views the fields through `texts` (nullptr: the fields outlive the record, as in
/// the JSON reader, which hands each record over at once).
template <>
struct Schema<ContactView> : Schema<Contact> {
  static constexpr bool keeps_texts = true;
  static bool build(Fields f, ContactView& out, Failure& fail, FieldParser& parse,
                    const io::LoadOptions& options, TextStore* texts);
  static std::string_view key(const ContactView& c, std::string& /*buffer*/) {
    return c.contact_id;
  }
};

template <>
struct Schema<Interaction> {
  enum : std::size_t {
    contact_id,
    agent_id,
    quality_score,
    started_at,
    ended_at,
    talk_s,
    hold_s,
    acw_s,
    count
  };
  static constexpr std::array<FieldSpec, count> fields{{
      {"contact_id", FieldKind::text, true},
      {"agent_id"},
      {"quality_score", FieldKind::number},
      {"started_at", FieldKind::timestamp},
      {"ended_at", FieldKind::timestamp},
      {"talk_s", FieldKind::number},
      {"hold_s", FieldKind::number},
      {"acw_s", FieldKind::number},
  }};
  static constexpr bool has_key = false;
  static constexpr std::string_view key_name = "";
  static bool build(Fields f, Interaction& out, Failure& fail, FieldParser& parse,
                    const io::LoadOptions& options);
  static std::string_view key(const Interaction&, std::string&) { return {}; }
};

/// The columns of interactions.csv read into views: io::for_each_interaction_view (see
/// Schema<ContactView>).
template <>
struct Schema<InteractionView> : Schema<Interaction> {
  static constexpr bool keeps_texts = true;
  static bool build(Fields f, InteractionView& out, Failure& fail, FieldParser& parse,
                    const io::LoadOptions& options, TextStore* texts);
  static std::string_view key(const InteractionView&, std::string&) { return {}; }
};

template <>
struct Schema<Survey> {
  enum : std::size_t {
    contact_id,
    customer_id,
    responded_at,
    csat,
    nps,
    ces,
    resolved,
    comment,
    count
  };
  static constexpr std::array<FieldSpec, count> fields{{
      {"contact_id"},
      {"customer_id"},
      {"responded_at", FieldKind::timestamp},
      {"csat", FieldKind::number},
      {"nps", FieldKind::number},
      {"ces", FieldKind::number},
      {"resolved", FieldKind::boolean},
      {"comment"},
  }};
  static constexpr bool has_key = false;
  static constexpr std::string_view key_name = "";
  static bool build(Fields f, Survey& out, Failure& fail, FieldParser& parse,
                    const io::LoadOptions& options);
  static std::string_view key(const Survey&, std::string&) { return {}; }
};

/// The columns of surveys.csv read into views: io::for_each_survey_view (see
/// Schema<ContactView>).
template <>
struct Schema<SurveyView> : Schema<Survey> {
  static constexpr bool keeps_texts = true;
  static bool build(Fields f, SurveyView& out, Failure& fail, FieldParser& parse,
                    const io::LoadOptions& options, TextStore* texts);
  static std::string_view key(const SurveyView&, std::string&) { return {}; }
};

template <>
struct Schema<Segment> {
  enum : std::size_t { segment, customers, period, count };
  static constexpr std::array<FieldSpec, count> fields{{
      {"segment", FieldKind::text, true},
      {"customers", FieldKind::number, true},
      {"period"},
  }};
  /// (segment, period) must be unique: a second row would double the customers.
  static constexpr bool has_key = true;
  static constexpr std::string_view key_name = "segment";
  static bool build(Fields f, Segment& out, Failure& fail, FieldParser& parse,
                    const io::LoadOptions& options);
  static std::string_view key(const Segment& s, std::string& buffer) {
    buffer.assign(s.segment);
    buffer += '\x1F';
    buffer += s.period;
    return buffer;
  }
};

/// True when `period` is empty, YYYY-MM, YYYY-MM-DD (an existing day) or YYYY-Www (a week
/// the ISO year has: W53 only in long years).
[[nodiscard]] bool valid_period(std::string_view period) noexcept;

}  // namespace contactkpi::detail
