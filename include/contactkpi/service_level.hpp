// SPDX-License-Identifier: MIT
// contactkpi/service_level.hpp: service level, with every formula variant of SPEC §2.
//
// Counts are taken over inbound contacts only. With T the threshold, "within T" means
// wait ≤ T (or wait < T when `exclusive`):
//
// | formula                    | numerator                        | denominator                 |
// |----------------------------|----------------------------------|-----------------------------|
// | standard (Genesys, ICMI 3) | answered within T                | answered + abandoned − short|
// | answered_only (ICMI 2)     | answered within T                | answered                    |
// | ignore_abandons_within_t   | answered within T                | answered + abandoned after T|
// |   (ICMI 4)                 |                                  |                             |
// | abandons_within_t_met      | answered within T + abandoned    | answered + abandoned        |
// |   (ICMI 1, Cisco positive) |   within T                       |                             |
// | short_abandons_met (ICMI 5)| answered within T + short abandons| answered + abandoned       |
// | amazon_connect             | removed from queue within T      | queued (all inbound)        |
//
// "Removed from queue" for Amazon Connect is answered_at (answered) or ended_at (anything
// else): AWS counts contacts that abandoned within T as within T, and queued = every contact
// that entered the queue.
//
// Example:
//
//     contactkpi::ServiceLevelOptions o{.threshold = std::chrono::seconds{30}};
//     contactkpi::Result sl = contactkpi::service_level(contacts, o);
#pragma once

#include <array>
#include <chrono>
#include <optional>
#include <span>
#include <string_view>

#include "contactkpi/facts.hpp"
#include "contactkpi/result.hpp"
#include "contactkpi/types.hpp"

namespace contactkpi {

enum class SlFormula : std::uint8_t {
  standard,
  answered_only,
  ignore_abandons_within_t,
  abandons_within_t_met,
  short_abandons_met,
  amazon_connect,
};
/// "standard", "answered-only", ... as on the command line.
[[nodiscard]] std::string_view to_string(SlFormula formula) noexcept;
[[nodiscard]] std::optional<SlFormula> parse_sl_formula(std::string_view text) noexcept;

struct ServiceLevelOptions {
  Duration threshold = std::chrono::seconds{20};
  /// Per-channel thresholds that override `threshold` (e.g. chat 60 s, email 24 h).
  std::array<std::optional<Duration>, channel_count> channel_threshold{};
  /// wait < T instead of wait ≤ T.
  bool exclusive = false;
  /// Abandons with wait < this are short abandons (0 = none).
  Duration short_abandon = Duration::zero();
  SlFormula formula = SlFormula::standard;
  /// The target the report compares with (percent).
  double target_percent = 80.0;

  /// The threshold that applies to a channel.
  [[nodiscard]] Duration threshold_for(Channel channel) const noexcept {
    const auto& t = channel_threshold[static_cast<std::size_t>(channel)];
    return t ? *t : threshold;
  }

  /// Genesys Cloud's default service-level calculation: answered within T /
  /// (answered + abandoned − short abandons); the short-abandon threshold is a queue setting
  /// in Genesys, so it is a parameter here.
  [[nodiscard]] static ServiceLevelOptions genesys_cloud(Duration t = std::chrono::seconds{20},
                                                         Duration short_abandon = Duration::zero());
  /// ICMI formula 1..5 (see the table above); throws std::invalid_argument for another n.
  [[nodiscard]] static ServiceLevelOptions icmi(int formula_number,
                                                Duration t = std::chrono::seconds{20},
                                                Duration short_abandon = Duration::zero());
  /// Amazon Connect "Service level X": removed from queue within X / queued.
  [[nodiscard]] static ServiceLevelOptions amazon_connect(Duration t = std::chrono::seconds{20});
};

/// The counts every formula is built from.
struct QueueCounts {
  std::int64_t offered = 0;           ///< inbound contacts
  std::int64_t answered = 0;          ///< answered (not abandoned)
  std::int64_t answered_within = 0;   ///< answered with wait within T
  std::int64_t abandoned = 0;         ///< abandoned
  std::int64_t abandoned_within = 0;  ///< abandoned with wait within T
  std::int64_t short_abandoned = 0;   ///< abandoned with wait < short-abandon threshold
  std::int64_t removed_within = 0;    ///< left the queue (any outcome) within T

  QueueCounts& operator+=(const QueueCounts& o) noexcept;
  friend bool operator==(const QueueCounts&, const QueueCounts&) = default;
};

class ServiceLevelAccumulator {
 public:
  ServiceLevelAccumulator() = default;
  explicit ServiceLevelAccumulator(const ServiceLevelOptions& options) : options_{options} {}

  void add(const ContactView& contact) noexcept;
  /// Adds every row of `facts`: the same counts as `add(contact)` for each contact, in one
  /// branch-free pass (see facts.hpp). O(n), no allocation.
  ///
  /// Example:
  ///
  ///     contactkpi::ServiceLevelAccumulator sl{{.threshold = std::chrono::seconds{30}}};
  ///     sl.add(facts.view());
  void add(const ContactFactsView& facts) noexcept;
  void merge(const ServiceLevelAccumulator& other) noexcept { counts_ += other.counts_; }
  /// The share for the chosen formula, percent, Wilson interval.
  [[nodiscard]] Result result() const noexcept { return ratio().percent(); }
  [[nodiscard]] Ratio ratio() const noexcept;
  [[nodiscard]] const QueueCounts& counts() const noexcept { return counts_; }

 private:
  ServiceLevelOptions options_{};
  QueueCounts counts_{};
};

[[nodiscard]] Result service_level(std::span<const Contact> contacts,
                                   const ServiceLevelOptions& options = {}) noexcept;

}  // namespace contactkpi
