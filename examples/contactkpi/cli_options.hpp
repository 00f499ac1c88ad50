// SPDX-License-Identifier: MIT
// The value parsers of the `contactkpi` command line: durations, timestamps, per-channel
// thresholds. Each throws UsageError with a message naming the flag and the value.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "contactkpi/report.hpp"
#include "contactkpi/types.hpp"

namespace contactkpi::cli {

/// Bad usage: the program prints the message and exits with code 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// "90", "90s", "1.5m", "2h", "7d" (no suffix = seconds). Negative or malformed: UsageError.
[[nodiscard]] Duration parse_duration(std::string_view flag, std::string_view text);

/// A --sl-threshold value: "20" / "20s" (all channels) or "chat=60" (one channel).
struct ThresholdSetting {
  std::optional<Channel> channel;
  Duration threshold{};
};
[[nodiscard]] ThresholdSetting parse_threshold(std::string_view text);

/// A --from / --to / --as-of value: "2026-03-02", "2026-03-02T09:15", "2026-03-02T09:15:00Z",
/// "2026-03-02T10:15:00.5+01:00" (also a space instead of T). Without Z or an offset the
/// time is local in `zone` (an IANA name; empty = UTC). A date alone is local midnight.
[[nodiscard]] Timestamp parse_time(std::string_view flag, std::string_view text,
                                   const std::string& zone);

/// The UTC offset lookup for an IANA zone name (tzdata of the OS). UsageError when unknown.
[[nodiscard]] UtcOffsetLookup zone_lookup(const std::string& zone);

/// ISO-8601 UTC text of a time: "2026-03-02T09:15:00Z" (fractions only when not whole).
[[nodiscard]] std::string format_time(Timestamp t);

}  // namespace contactkpi::cli
