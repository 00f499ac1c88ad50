// SPDX-License-Identifier: MIT
// contactkpi/fcr.hpp: FCR, first contact resolution, by three methods.
//
// repeat-window (default): among handled inbound contacts, those that were not transferred,
// not marked resolved = false, and had no repeat inbound contact (answered or not) by the same
// customer within `window` after ended_at; a repeat must have the same reason when both
// reasons are known (`match_reason`). ÷ the same handled inbound contacts. A contact whose
// window is not over by the as-of time (default: the latest timestamp seen in any contact;
// a window ending exactly then is over) is left out of both counts and counted in
// `open_windows`, unless `include_open`.
//
// agent-flag: handled inbound contacts with resolved = true and not transferred ÷ handled
// inbound contacts (resolved unknown counts as not resolved).
//
// survey: survey responses with resolved = true ÷ responses that answered the question.
//
// Merging: the repeat check needs each customer's timeline, so the accumulator keeps one
// compact entry per inbound contact (interned customer and reason ids, two timestamps, a
// group index and flags) and does the check in result(), after sorting by (customer,
// arrived_at): O(n log n). merge() appends the other side's entries, re-interning its ids,
// so any split of the contacts merged back gives exactly the whole.
//
// Example:
//
//     contactkpi::FcrAccumulator acc{{.window = std::chrono::days{3}}};
//     for (const auto& c : contacts) acc.add(c);
//     contactkpi::FcrOutcome fcr = acc.result();
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "contactkpi/result.hpp"
#include "contactkpi/types.hpp"

namespace contactkpi {

enum class FcrMethod : std::uint8_t { repeat_window, agent_flag, survey };
[[nodiscard]] std::string_view to_string(FcrMethod method) noexcept;
[[nodiscard]] std::optional<FcrMethod> parse_fcr_method(std::string_view text) noexcept;

struct FcrOptions {
  FcrMethod method = FcrMethod::repeat_window;
  Duration window = std::chrono::days{7};
  /// A repeat must have the same reason when both reasons are known.
  bool match_reason = true;
  /// Windows ending after this are open; empty = the latest timestamp in the contacts.
  std::optional<Timestamp> as_of{};
  /// Count contacts whose window is still open (as if no repeat will come).
  bool include_open = false;
};

/// An FCR ratio plus how many contacts were left out because their window was open.
struct FcrOutcome {
  Ratio ratio{};
  std::int64_t open_windows = 0;

  [[nodiscard]] Result result() const noexcept { return ratio.percent(); }
  FcrOutcome& operator+=(const FcrOutcome& o) noexcept {
    ratio += o.ratio;
    open_windows += o.open_windows;
    return *this;
  }
  friend bool operator==(const FcrOutcome&, const FcrOutcome&) = default;
};

class FcrAccumulator {
 public:
  FcrAccumulator() = default;
  explicit FcrAccumulator(const FcrOptions& options) : options_{options} {}

  /// Adds a contact. `group` is the caller's group index for results_by_group() (0 when
  /// not grouping). A contact with `counted` = false (outside the reporting range) is not
  /// itself counted but can still be the repeat of a counted contact.
  void add(const Contact& contact, std::uint32_t group = 0, bool counted = true);
  /// Adds a survey answer (used by the survey method only; ignored otherwise).
  void add(const Survey& survey, std::uint32_t group = 0);
  void merge(const FcrAccumulator& other);

  /// All groups pooled.
  [[nodiscard]] FcrOutcome result() const;
  /// One outcome per group index, 0..max group seen.
  [[nodiscard]] std::vector<FcrOutcome> results_by_group() const;
  /// The as-of time in force: options().as_of, else the latest timestamp seen.
  [[nodiscard]] std::optional<Timestamp> as_of() const noexcept;
  [[nodiscard]] const FcrOptions& options() const noexcept { return options_; }

 private:
  struct Entry {
    std::int64_t arrived_us;
    std::int64_t ended_us;
    std::uint32_t customer;  ///< interned; npos = no customer
    std::uint32_t reason;    ///< interned; npos = unknown reason
    std::uint32_t group;
    std::uint8_t flags;  ///< see fcr.cpp
  };
  std::uint32_t intern(std::unordered_map<std::string, std::uint32_t>& table, std::string_view key);
  void count_direct(std::uint32_t group, bool success);

  FcrOptions options_{};
  std::vector<Entry> entries_;
  std::unordered_map<std::string, std::uint32_t> customers_;
  std::unordered_map<std::string, std::uint32_t> reasons_;
  std::vector<FcrOutcome> direct_;  ///< agent-flag / survey methods: counted as they come
  std::optional<Timestamp> latest_{};
};

/// FCR over a span of contacts (and surveys, for the survey method).
[[nodiscard]] FcrOutcome first_contact_resolution(std::span<const Contact> contacts,
                                                  const FcrOptions& options = {},
                                                  std::span<const Survey> surveys = {});

}  // namespace contactkpi
