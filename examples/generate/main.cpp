// SPDX-License-Identifier: MIT
// contactkpi-generate: writes a realistic, deterministic contact-center data set in the
// interchange formats of SPEC §1.1 (contacts.csv, interactions.csv, surveys.csv,
// segments.csv). Same options => byte-identical files on every platform.
//
// Model (see examples/data/README.md for the numbers):
//  - days are filled in order; each day gets an exact share of --contacts (weekends lighter),
//    arrivals follow an hour-of-day profile per channel;
//  - new issues pick a customer from a Zipf-Mandelbrot law (a few very active customers);
//  - an abandoned contact or an unresolved / transferred one may cause a follow-up contact
//    by the same customer, usually with the same reason, minutes to days later: these are
//    the repeats FCR looks for;
//  - every row is valid (SPEC §1.2): answered_at >= arrived_at, ended_at >= answered_at,
//    abandoned contacts are never answered, scores in range, durations >= 0.
//
// Example:
//   contactkpi-generate --contacts 3000 --days 42 --seed 42 --out examples/data

#include <CLI/CLI.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <numeric>
#include <queue>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "random.hpp"

namespace contactkpi::generate {
namespace {

constexpr std::int64_t us_per_s = 1'000'000;
constexpr std::int64_t us_per_min = 60 * us_per_s;
constexpr std::int64_t us_per_hour = 60 * us_per_min;
constexpr std::int64_t us_per_day = 24 * us_per_hour;
constexpr std::uint32_t anonymous = std::numeric_limits<std::uint32_t>::max();

// ---- calendar (Howard Hinnant's days_from_civil / civil_from_days) ---------------------

struct Civil {
  std::int64_t y;
  unsigned m;
  unsigned d;
};

[[nodiscard]] constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m,
                                                     unsigned d) noexcept {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

[[nodiscard]] constexpr Civil civil_from_days(std::int64_t z) noexcept {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2 ? 1 : 0), m, d};
}

[[nodiscard]] constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
  return a / b - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);
}

/// Parses YYYY-MM-DD into days since 1970-01-01; throws on anything else.
[[nodiscard]] std::int64_t parse_date(std::string_view s) {
  const auto digits = [&](std::size_t pos, std::size_t n) {
    unsigned v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
      if (s[i] < '0' || s[i] > '9') throw std::invalid_argument("bad date");
      v = v * 10 + static_cast<unsigned>(s[i] - '0');
    }
    return v;
  };
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') {
    throw std::invalid_argument("expected YYYY-MM-DD, got '" + std::string(s) + "'");
  }
  const unsigned y = digits(0, 4);
  const unsigned m = digits(5, 2);
  const unsigned d = digits(8, 2);
  const std::int64_t days = days_from_civil(y, m, d);
  const Civil back = civil_from_days(days);
  if (m < 1 || m > 12 || back.m != m || back.d != d) {
    throw std::invalid_argument("no such date '" + std::string(s) + "'");
  }
  return days;
}

// ---- buffered CSV output ---------------------------------------------------------------

/// An output file with a large buffer and hand-written formatting (no iostreams).
class Out {
 public:
  explicit Out(const std::filesystem::path& path) : path_(path.string()) {
    file_ = std::fopen(path_.c_str(), "wb");
    if (file_ == nullptr) {
      throw std::runtime_error("cannot open " + path_ + ": " + std::strerror(errno));
    }
    buf_.reserve(capacity + 4096);
  }
  Out(const Out&) = delete;
  Out& operator=(const Out&) = delete;
  ~Out() {
    if (file_ != nullptr) std::fclose(file_);
  }

  void close() {
    flush();
    if (std::fclose(file_) != 0) throw std::runtime_error("cannot close " + path_);
    file_ = nullptr;
  }
  [[nodiscard]] std::uint64_t bytes() const noexcept { return written_ + buf_.size(); }
  [[nodiscard]] std::uint64_t rows() const noexcept { return rows_; }

  Out& raw(std::string_view s) {
    buf_.append(s);
    return *this;
  }
  Out& ch(char c) {
    buf_.push_back(c);
    return *this;
  }
  Out& comma() { return ch(','); }
  void end_row() {
    buf_.push_back('\n');
    ++rows_;
    if (buf_.size() >= capacity) flush();
  }

  Out& uint(std::uint64_t v, int width = 0) {
    std::array<char, 24> tmp{};
    int n = 0;
    do {
      tmp[static_cast<std::size_t>(n++)] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v != 0);
    for (int i = n; i < width; ++i) buf_.push_back('0');
    while (n > 0) buf_.push_back(tmp[static_cast<std::size_t>(--n)]);
    return *this;
  }

  /// A non-negative duration in microseconds as decimal seconds, trailing zeros trimmed:
  /// 312000000 -> "312", 45500000 -> "45.5", 1234 -> "0.001234".
  Out& seconds(std::int64_t us) {
    const auto u = static_cast<std::uint64_t>(us);
    uint(u / 1'000'000U);
    std::uint64_t frac = u % 1'000'000U;
    if (frac != 0) {
      int digits = 6;
      while (frac % 10 == 0) {
        frac /= 10;
        --digits;
      }
      ch('.');
      uint(frac, digits);
    }
    return *this;
  }

  /// Tenths as a decimal: 825 -> "82.5", 800 -> "80".
  Out& tenths(int v) {
    uint(static_cast<std::uint64_t>(v / 10));
    if (v % 10 != 0) ch('.').ch(static_cast<char>('0' + v % 10));
    return *this;
  }

  /// ISO-8601 with the given UTC offset (minutes; 0 prints "Z") and fractional digits
  /// (0, 3 or 6). The instant is exactly `utc_us` truncated to the digits shown.
  Out& timestamp(std::int64_t utc_us, int offset_min, int frac_digits) {
    const std::int64_t local = utc_us + offset_min * us_per_min;
    const std::int64_t day = floor_div(local, us_per_day);
    const std::int64_t in_day = local - day * us_per_day;
    const Civil c = civil_from_days(day);
    const auto secs = static_cast<std::uint64_t>(in_day / us_per_s);
    uint(static_cast<std::uint64_t>(c.y), 4).ch('-').uint(c.m, 2).ch('-').uint(c.d, 2).ch('T');
    uint(secs / 3600, 2).ch(':').uint(secs / 60 % 60, 2).ch(':').uint(secs % 60, 2);
    const auto micro = static_cast<std::uint64_t>(in_day % us_per_s);
    if (frac_digits == 3) ch('.').uint(micro / 1000, 3);
    if (frac_digits == 6) ch('.').uint(micro, 6);
    if (offset_min == 0) return ch('Z');
    const int a = offset_min < 0 ? -offset_min : offset_min;
    ch(offset_min < 0 ? '-' : '+');
    return uint(static_cast<unsigned>(a / 60), 2).ch(':').uint(static_cast<unsigned>(a % 60), 2);
  }

  /// A text field, quoted per RFC 4180 when it holds a comma, quote or line break.
  Out& text(std::string_view s) {
    if (s.find_first_of(",\"\r\n") == std::string_view::npos) return raw(s);
    ch('"');
    for (const char c : s) {
      if (c == '"') ch('"');
      ch(c);
    }
    return ch('"');
  }

  Out& boolean(bool b) { return raw(b ? "true" : "false"); }

 private:
  void flush() {
    if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), file_) != buf_.size()) {
      throw std::runtime_error("cannot write " + path_ + ": " + std::strerror(errno));
    }
    written_ += buf_.size();
    buf_.clear();
  }

  static constexpr std::size_t capacity = std::size_t{1} << 20U;
  std::string path_;
  std::FILE* file_ = nullptr;
  std::string buf_;
  std::uint64_t written_ = 0;
  std::uint64_t rows_ = 0;
};

// ---- the model's tables ----------------------------------------------------------------

enum Chan : std::uint8_t { voice, chat, email, sms, social, video, other, chan_count };
constexpr std::array<std::string_view, chan_count> chan_names{"voice",  "chat",  "email", "sms",
                                                              "social", "video", "other"};
// Inbound and outbound channel mix, per mille.
constexpr std::array<std::uint32_t, chan_count> inbound_mix{550, 250, 120, 30, 25, 15, 10};
constexpr std::array<std::uint32_t, chan_count> outbound_mix{850, 0, 70, 80, 0, 0, 0};

struct ChannelModel {
  double abandon;      // share of inbound contacts abandoned
  double wait_median;  // answered wait, seconds (log-normal)
  double wait_sigma;
  double abandon_median;  // patience of non-short abandons, seconds
  double talk_median;     // seconds
  double hold_share;      // share of handled contacts with hold
  double acw_median;      // seconds
  bool around_the_clock;  // arrivals at night too
};
constexpr std::array<ChannelModel, chan_count> channel_models{{
    {0.080, 8.0, 1.25, 45.0, 290.0, 0.35, 40.0, false},       // voice
    {0.070, 25.0, 1.00, 90.0, 540.0, 0.10, 30.0, false},      // chat
    {0.000, 4.0 * 3600, 1.00, 0.0, 240.0, 0.00, 60.0, true},  // email: waits in hours
    {0.040, 600.0, 1.10, 900.0, 200.0, 0.00, 20.0, true},     // sms
    {0.040, 900.0, 1.10, 1200.0, 220.0, 0.00, 20.0, true},    // social
    {0.060, 10.0, 1.10, 40.0, 420.0, 0.20, 45.0, false},      // video
    {0.030, 60.0, 1.00, 120.0, 300.0, 0.10, 60.0, false},     // other (walk-in, post...)
}};

// Arrivals by UTC hour: live channels (office hours) and asynchronous ones.
constexpr std::array<std::uint32_t, 24> live_hours{0, 0, 0, 0, 0, 0, 1, 3, 6, 9, 10, 9,
                                                   7, 8, 9, 8, 7, 5, 4, 3, 2, 1, 0,  0};
constexpr std::array<std::uint32_t, 24> async_hours{2, 1, 1, 1, 1, 2, 3, 5, 7, 9, 9, 8,
                                                    8, 8, 8, 7, 7, 7, 6, 6, 5, 4, 3, 3};
// Day-of-week weights, Monday first.
constexpr std::array<std::uint64_t, 7> weekday_weight{1000, 980, 950, 940, 900, 450, 300};

constexpr std::array<std::string_view, 6> segment_names{"consumer", "small-business", "enterprise",
                                                        "premium",  "public-sector",  "partner"};
// Customer base shares (per mille); "partner" has customers but never contacts us.
constexpr std::array<std::uint32_t, 5> segment_mix{620, 180, 60, 90, 50};
// Target monthly contact rate per segment (percent): Optimal, Acceptable and Concern bands.
constexpr std::array<double, 5> segment_rate{4.0, 7.0, 12.5, 8.5, 3.5};
constexpr std::int64_t partner_customers = 800;

enum Reason : std::uint8_t {
  billing,
  refund,
  technical,
  access,
  order,
  cancel,
  vip,
  address,
  product,
  complaint,
  retention,
  callback,
  reason_count,
  no_reason = reason_count
};
constexpr std::array<std::string_view, reason_count> reason_names{
    "billing",
    "billing, refund",
    "technical issue",
    "account access",
    "order status",
    "cancellation",
    "\"VIP\" escalation",
    "address change",
    "product question",
    "complaint: late delivery, damaged item",
    "retention offer",
    "callback"};
constexpr std::array<std::uint32_t, reason_count> inbound_reasons{180, 80, 160, 100, 140, 60,
                                                                  25,  50, 120, 45,  0,   0};
constexpr std::array<std::uint32_t, reason_count> outbound_reasons{120, 0, 0, 0, 0,   0,
                                                                   0,   0, 0, 0, 500, 380};

struct Queue {
  std::string_view name;
  int offset_min;             // the site's UTC offset, used for every timestamp of the contact
  bool millis;                // the site's platform records milliseconds
  std::uint32_t agent_first;  // agents A<first>..A<last>
  std::uint32_t agent_last;
};
enum QueueId : std::uint8_t {
  q_voice_billing,
  q_voice_tech,
  q_voice_general,
  q_premium,
  q_chat,
  q_email,
  q_digital,
  q_video,
  q_other,
  q_outbound,
  queue_count
};
constexpr std::array<Queue, queue_count> queues{{
    {"voice-billing", 0, false, 1, 8},
    {"voice-tech", 60, false, 9, 16},
    {"voice-general", -300, true, 17, 22},
    {"premium-desk", 60, false, 23, 26},
    {"chat-general", 330, true, 27, 32},
    {"email-backoffice", 330, false, 33, 36},
    {"digital-messaging", 0, true, 37, 38},
    {"video-support", -300, false, 39, 40},
    {"", 0, false, 17, 22},  // "other": no queue
    {"outbound-retention", 0, false, 5, 8},
}};
constexpr std::uint32_t agent_count = 40;

constexpr std::array<std::string_view, 12> comments{
    "Quick and friendly, thanks!",
    "Agent was helpful, but the wait was long",
    "Had to explain my issue twice, \"transferred\" again",
    "Still waiting for the refund.\nSecond time I ask.",
    "Très bien, merci",
    "ok",
    "Solved in one call",
    "Too many menus, press 1, press 2, press 3...",
    "The chat disconnected; please call back",
    "Great service",
    "Nobody told me the order was delayed,\r\nvery disappointing",
    "5 stars",
};

// ---- generator -------------------------------------------------------------------------

struct Options {
  std::uint64_t contacts = 3000;
  std::uint64_t seed = 42;
  std::string start = "2026-03-02";
  std::uint32_t days = 42;
  std::string out = ".";
  std::uint64_t customers = 0;  // 0: contacts / 3
};

/// A contact waiting to be generated: a new issue or a follow-up of an earlier contact.
struct Pending {
  std::int64_t at;  // arrival, µs since epoch (UTC)
  std::uint64_t seq;
  std::uint32_t customer;
  Chan channel;
  bool outbound;
  Reason reason;
};
struct Earlier {  // min-heap order with a total tie-break, so the result is unique
  bool operator()(const Pending& a, const Pending& b) const noexcept {
    return a.at != b.at ? a.at > b.at : a.seq > b.seq;
  }
};

class Generator {
 public:
  explicit Generator(const Options& o)
      : opt_(o),
        rng_(o.seed),
        start_day_(parse_date(o.start)),
        customers_(o.customers != 0 ? o.customers : std::max<std::uint64_t>(1, o.contacts / 3)),
        contacts_(std::filesystem::path(o.out) / "contacts.csv"),
        interactions_(std::filesystem::path(o.out) / "interactions.csv"),
        surveys_(std::filesystem::path(o.out) / "surveys.csv") {
    if (customers_ > anonymous - 1) throw std::invalid_argument("too many customers");
    // Zipf-Mandelbrot weights 1/(k + q)^s, sampled by inverting the continuous CDF.
    zipf_q_ = std::max(1.0, static_cast<double>(customers_) * zipf_q_share);
    zipf_a_ = det_pow(zipf_q_, 1.0 - zipf_s);
    zipf_b_ = det_pow(static_cast<double>(customers_) + zipf_q_, 1.0 - zipf_s) - zipf_a_;
    // A stride coprime with the customer count scatters the busiest customers over the ids.
    stride_ = static_cast<std::uint64_t>(static_cast<double>(customers_) * 0.6180339887) | 1U;
    while (std::gcd(stride_, customers_) != 1) stride_ += 2;
    id_width_ = 1;
    for (std::uint64_t n = o.contacts; n >= 10; n /= 10) ++id_width_;
    id_width_ = std::max(id_width_, 6);
    cust_width_ = 1;
    for (std::uint64_t n = customers_; n >= 10; n /= 10) ++cust_width_;
    cust_width_ = std::max(cust_width_, 6);
    const Civil c0 = civil_from_days(start_day_);
    const Civil c1 = civil_from_days(start_day_ + o.days - 1);
    month0_ = c0.y * 12 + c0.m - 1;
    months_ = static_cast<std::size_t>(c1.y * 12 + c1.m - 1 - month0_ + 1);
    for (auto& v : segment_contacts_) v.assign(months_, 0);
    buckets_.resize(o.days);
  }

  void run() {
    contacts_.raw(
        "contact_id,customer_id,segment,channel,direction,queue,agent_id,reason,arrived_at,"
        "answered_at,ended_at,talk_s,hold_s,acw_s,abandoned,transferred,resolved,qa_score\n");
    interactions_.raw(
        "contact_id,agent_id,quality_score,started_at,ended_at,talk_s,hold_s,acw_s\n");
    surveys_.raw("contact_id,customer_id,responded_at,csat,nps,ces,resolved,comment\n");

    std::uint64_t weight_total = 0;
    std::vector<std::uint64_t> cumulative(opt_.days + 1, 0);
    for (std::uint32_t d = 0; d < opt_.days; ++d) {
      weight_total += weekday_weight[static_cast<std::size_t>(weekday(start_day_ + d))];
      cumulative[d + 1] = weight_total;
    }
    for (std::uint32_t d = 0; d < opt_.days; ++d) {
      // Exact integer split of --contacts over the days.
      const std::uint64_t volume = opt_.contacts * cumulative[d + 1] / weight_total -
                                   opt_.contacts * cumulative[d] / weight_total;
      run_day(d, volume);
    }
    relationship_surveys();
    write_segments();
    contacts_.close();
    interactions_.close();
    surveys_.close();
  }

  void summary(double seconds) const {
    std::fprintf(
        stderr,
        "contactkpi-generate: %llu contacts (%llu follow-ups), %llu interactions, "
        "%llu surveys, %llu segment rows, %.1f MB in %.2f s\n",
        static_cast<unsigned long long>(contacts_.rows()),
        static_cast<unsigned long long>(followups_),
        static_cast<unsigned long long>(interactions_.rows()),
        static_cast<unsigned long long>(surveys_.rows()),
        static_cast<unsigned long long>(segment_rows_),
        static_cast<double>(contacts_.bytes() + interactions_.bytes() + surveys_.bytes()) / 1e6,
        seconds);
  }

 private:
  // Zipf-Mandelbrot shape: weight of the k-th most active customer ∝ 1/(k + q)^s with q a
  // fixed share of the population, so the shape (the busiest customer makes ~25x the mean
  // number of contacts) does not change with --contacts.
  static constexpr double zipf_s = 0.5;
  static constexpr double zipf_q_share = 0.005;

  [[nodiscard]] static std::int64_t weekday(std::int64_t days) noexcept {
    return (days % 7 + 7 + 3) % 7;  // 1970-01-01 was a Thursday; Monday = 0
  }
  [[nodiscard]] std::int64_t day_start(std::uint32_t d) const noexcept {
    return (start_day_ + d) * us_per_day;
  }
  [[nodiscard]] std::uint32_t pick_customer() noexcept {
    const double x = det_pow(zipf_a_ + rng_.uniform() * zipf_b_, 1.0 / (1.0 - zipf_s)) - zipf_q_;
    auto k = static_cast<std::uint64_t>(std::max(0.0, x));
    if (k >= customers_) k = customers_ - 1;
    return static_cast<std::uint32_t>(k * stride_ % customers_);
  }
  [[nodiscard]] std::size_t segment_of(std::uint32_t customer) const noexcept {
    std::uint64_t x = hash64(customer ^ (opt_.seed * 0x2545F4914F6CDD1DULL)) % 1000;
    for (std::size_t i = 0; i < segment_mix.size(); ++i) {
      if (x < segment_mix[i]) return i;
      x -= segment_mix[i];
    }
    return 0;
  }
  [[nodiscard]] std::int64_t time_of_day(Chan c) noexcept {
    const auto& hours = channel_models[c].around_the_clock ? async_hours : live_hours;
    const auto h = static_cast<std::int64_t>(rng_.weighted(hours));
    return h * us_per_hour + static_cast<std::int64_t>(rng_.below(us_per_hour));
  }
  [[nodiscard]] Reason inbound_reason(std::uint32_t customer) noexcept {
    if (rng_.chance(0.04)) return no_reason;
    auto r = static_cast<Reason>(rng_.weighted(inbound_reasons));
    if (r == vip) {  // escalations come from the top segments
      const std::size_t seg = customer == anonymous ? 0 : segment_of(customer);
      if (seg != 2 && seg != 3) r = complaint;
    }
    return r;
  }

  [[nodiscard]] Pending new_issue(std::uint32_t d) noexcept {
    Pending p{};
    p.seq = seq_++;
    p.outbound = rng_.chance(0.093);  // ~8 % of all contacts, follow-ups included
    p.channel = static_cast<Chan>(rng_.weighted(p.outbound ? outbound_mix : inbound_mix));
    p.customer = (!p.outbound && rng_.chance(0.04)) ? anonymous : pick_customer();
    p.reason = p.outbound ? static_cast<Reason>(rng_.weighted(outbound_reasons))
                          : inbound_reason(p.customer);
    p.at = day_start(d) + time_of_day(p.channel);
    return p;
  }

  void run_day(std::uint32_t d, std::uint64_t volume) {
    auto& carried = buckets_[d];
    std::sort(carried.begin(), carried.end(),
              [](const Pending& a, const Pending& b) { return Earlier{}(b, a); });
    if (carried.size() > volume) carried.resize(volume);
    std::vector<Pending> fresh;
    fresh.reserve(volume - carried.size());
    for (std::uint64_t i = carried.size(); i < volume; ++i) fresh.push_back(new_issue(d));
    std::sort(fresh.begin(), fresh.end(),
              [](const Pending& a, const Pending& b) { return Earlier{}(b, a); });
    std::priority_queue<Pending, std::vector<Pending>, Earlier> queue(Earlier{},
                                                                      std::move(carried));
    carried = {};
    std::size_t next = 0;
    std::size_t end = fresh.size();
    while (next < end || !queue.empty()) {
      Pending p{};
      if (next < end && (queue.empty() || Earlier{}(queue.top(), fresh[next]))) {
        p = fresh[next++];
      } else {
        p = queue.top();
        queue.pop();
      }
      Pending follow{};
      if (!emit(p, follow)) continue;
      const std::int64_t fd = floor_div(follow.at - day_start(0), us_per_day);
      if (fd == static_cast<std::int64_t>(d)) {
        if (next < end) {  // the day's volume is fixed: it replaces the latest new issue
          --end;
          queue.push(follow);
          ++followups_;
        }
      } else if (fd > static_cast<std::int64_t>(d) && fd < static_cast<std::int64_t>(opt_.days)) {
        buckets_[static_cast<std::size_t>(fd)].push_back(follow);
        ++followups_;
      }
    }
  }

  [[nodiscard]] static std::int64_t round_to(double seconds, std::int64_t res) noexcept {
    const double us = seconds * 1e6;
    // Round half up by +0.5 and truncation on purpose (the input is never negative): the
    // generator's bytes must not depend on the C library's llround.
    // NOLINTNEXTLINE(bugprone-incorrect-roundings)
    const auto q = static_cast<std::int64_t>(us / static_cast<double>(res) + 0.5);
    return std::max<std::int64_t>(0, q) * res;
  }
  [[nodiscard]] std::uint32_t agent_in(QueueId q) noexcept {
    const Queue& qu = queues[q];
    return qu.agent_first +
           static_cast<std::uint32_t>(rng_.below(qu.agent_last - qu.agent_first + 1));
  }
  /// Each agent has a stable quality level (tenths of a point above or below average).
  [[nodiscard]] double agent_bias(std::uint32_t agent) const noexcept {
    return static_cast<double>(hash64(agent + opt_.seed * 31U) % 161U) / 10.0 - 8.0;
  }
  /// A 0..100 score in tenths: normal around the mean, on a half-point grid.
  [[nodiscard]] int score(double mean, double sd) noexcept {
    double x = mean + sd * rng_.normal();
    x = std::min(100.0, std::max(0.0, x));
    // NOLINTNEXTLINE(bugprone-incorrect-roundings): x >= 0, half up on purpose (see round_to)
    return static_cast<int>(x * 2.0 + 0.5) * 5;
  }

  void id(Out& out, std::uint64_t contact) const { out.ch('C').uint(contact, id_width_); }
  void customer_id(Out& out, std::uint32_t c) const {
    if (c != anonymous) out.raw("CU").uint(c + 1U, cust_width_);
  }

  /// Writes one contact (and its interactions and survey). Returns true and sets `follow`
  /// when the contact causes a follow-up contact.
  bool emit(const Pending& p, Pending& follow) {
    const ChannelModel& m = channel_models[p.channel];
    const std::size_t seg = p.customer == anonymous ? segment_names.size() : segment_of(p.customer);
    // Queue and site.
    QueueId q = q_other;
    if (p.outbound) {
      q = q_outbound;
    } else if (p.channel == voice) {
      if ((seg == 2 || seg == 3) && rng_.chance(0.7))
        q = q_premium;
      else if (p.reason == billing || p.reason == refund)
        q = q_voice_billing;
      else if (p.reason == technical || p.reason == access)
        q = q_voice_tech;
      else
        q = q_voice_general;
    } else if (p.channel == chat) {
      q = q_chat;
    } else if (p.channel == email) {
      q = q_email;
    } else if (p.channel == sms || p.channel == social) {
      q = q_digital;
    } else if (p.channel == video) {
      q = q_video;
    }
    const Queue& qu = queues[q];
    const bool millis = qu.millis || p.channel == chat;
    const std::int64_t res = p.channel == video ? 1 : millis ? 1000 : us_per_s;
    const int frac = p.channel == video ? 6 : millis ? 3 : 0;
    const std::uint64_t contact_no = ++contact_no_;

    const std::int64_t arrived = p.at - p.at % res;
    std::int64_t answered = -1;
    std::int64_t ended = 0;
    std::int64_t talk = 0;
    std::int64_t hold = 0;
    std::int64_t acw = 0;
    bool abandoned = false;
    bool transferred = false;
    bool follows = false;
    std::int64_t follow_delay = 0;
    if (!p.outbound && rng_.chance(m.abandon)) {
      abandoned = true;
      const double patience =
          rng_.chance(0.18) ? rng_.uniform(0.0, 4.4) : rng_.lognormal(m.abandon_median, 0.9);
      ended = arrived + round_to(patience, res);
      follows = p.customer != anonymous && rng_.chance(0.5);
      follow_delay = round_to(rng_.lognormal(20.0 * 60.0, 1.2), us_per_s);
    } else if (p.outbound && rng_.chance(0.25)) {  // no answer
      ended = arrived + round_to(rng_.uniform(15.0, 40.0), res);
    } else {
      double wait = 0.0;
      if (p.outbound) {
        wait = rng_.uniform(4.0, 25.0);
      } else if (p.channel == voice && rng_.chance(0.12)) {
        wait = rng_.uniform(0.0, 2.0);
      } else {
        wait = std::min(rng_.lognormal(m.wait_median, m.wait_sigma), 96.0 * 3600.0);
      }
      answered = arrived + round_to(wait, res);
      talk = std::max(res, round_to(rng_.lognormal(p.outbound ? 150.0 : m.talk_median, 0.65), res));
      if (rng_.chance(m.hold_share)) hold = round_to(rng_.exponential(55.0), res);
      acw = round_to(rng_.lognormal(m.acw_median, 0.55), res);
      ended = answered + talk + hold;
      transferred = rng_.chance(p.outbound ? 0.03 : 0.10);
      if (p.customer != anonymous) {
        const double pf = p.outbound ? 0.04 : transferred ? 0.25 : 0.12;
        follows = rng_.chance(pf);
        follow_delay = round_to(rng_.exponential(1.7 * 86400.0), us_per_s);
      }
    }
    const bool handled = answered >= 0;

    // contacts.csv
    contacts_.ch('C').uint(contact_no, id_width_).comma();
    customer_id(contacts_, p.customer);
    contacts_.comma();
    if (seg < segment_names.size()) contacts_.raw(segment_names[seg]);
    contacts_.comma().raw(chan_names[p.channel]).comma().raw(p.outbound ? "outbound" : "inbound");
    contacts_.comma().raw(qu.name).comma();
    const std::uint32_t agent = handled ? agent_in(q) : 0;
    if (handled) contacts_.ch('A').uint(agent, 3);
    contacts_.comma();
    if (p.reason != no_reason) contacts_.text(reason_names[p.reason]);
    contacts_.comma().timestamp(arrived, qu.offset_min, frac).comma();
    if (handled) contacts_.timestamp(answered, qu.offset_min, frac);
    contacts_.comma().timestamp(ended, qu.offset_min, frac).comma();
    if (!abandoned && !(p.outbound && !handled)) {
      contacts_.seconds(talk).comma().seconds(hold).comma().seconds(acw).comma();
    } else {
      contacts_.raw(",,,");
    }
    contacts_.boolean(abandoned).comma().boolean(transferred).comma();
    int resolved = -1;  // -1 unknown, 0 false, 1 true
    if (handled) {
      const double u = rng_.uniform();
      if (follows)
        resolved = u < 0.25 ? 1 : u < 0.70 ? 0 : -1;
      else
        resolved = u < 0.76 ? 1 : u < 0.83 ? 0 : -1;
      if (resolved >= 0) contacts_.boolean(resolved == 1);
    }
    contacts_.comma();
    if (handled && rng_.chance(0.16)) contacts_.tenths(score(78.0 + agent_bias(agent), 9.0));
    contacts_.end_row();

    if (!p.outbound && seg < segment_mix.size()) {
      const Civil c = civil_from_days(floor_div(arrived, us_per_day));
      const std::int64_t month = c.y * 12 + c.m - 1 - month0_;
      if (month >= 0 && static_cast<std::size_t>(month) < months_) {
        ++segment_contacts_[seg][static_cast<std::size_t>(month)];
      }
    }

    if (handled) {
      // interactions.csv: one leg, or two when transferred; the legs add up to the contact.
      std::int64_t talk1 = talk;
      std::int64_t hold1 = hold;
      std::int64_t acw1 = acw;
      std::uint32_t agent2 = 0;
      if (transferred) {
        talk1 = std::max<std::int64_t>(
            0, round_to(static_cast<double>(talk) * 1e-6 * rng_.uniform(0.2, 0.6), res));
        talk1 = std::min(talk1, talk);
        hold1 = hold / res / 2 * res;
        acw1 = acw / res / 3 * res;
        const QueueId q2 = rng_.chance(0.5) ? q_premium : q_voice_tech;
        agent2 = agent_in(q2);
        if (agent2 == agent) agent2 = agent % agent_count + 1;
      }
      const std::int64_t leg_end = answered + talk1 + hold1;
      interaction(contact_no, agent, answered, leg_end, talk1, hold1, acw1, qu.offset_min, frac);
      if (transferred) {
        // The second leg starts where the first ended.
        // NOLINTNEXTLINE(readability-suspicious-call-argument)
        interaction(contact_no, agent2, leg_end, ended, talk - talk1, hold - hold1, acw - acw1,
                    qu.offset_min, frac);
      }
      if (!p.outbound && rng_.chance(0.21)) {
        survey(contact_no, p.customer, ended, resolved, transferred,
               wait_bad(p.channel, answered - arrived));
      }
    }

    if (!follows) return false;
    follow.at = ended + std::max<std::int64_t>(us_per_min, follow_delay);
    follow.seq = seq_++;
    follow.customer = p.customer;
    follow.outbound = false;
    if (rng_.chance(0.7) && !p.outbound) {
      follow.channel = p.channel;
    } else {
      follow.channel = static_cast<Chan>(rng_.weighted(inbound_mix));
    }
    follow.reason = rng_.chance(0.85) && !p.outbound ? p.reason : inbound_reason(p.customer);
    return true;
  }

  [[nodiscard]] static bool wait_bad(Chan c, std::int64_t wait) noexcept {
    const std::int64_t limit = c == email                  ? 8 * us_per_hour
                               : (c == sms || c == social) ? us_per_hour
                                                           : 2 * us_per_min;
    return wait > limit;
  }

  void interaction(std::uint64_t contact_no, std::uint32_t agent, std::int64_t start,
                   std::int64_t end, std::int64_t talk, std::int64_t hold, std::int64_t acw,
                   int offset, int frac) {
    id(interactions_, contact_no);
    interactions_.comma().ch('A').uint(agent, 3).comma();
    if (rng_.chance(0.30)) interactions_.tenths(score(75.0 + agent_bias(agent), 11.0));
    interactions_.comma().timestamp(start, offset, frac).comma().timestamp(end, offset, frac);
    interactions_.comma().seconds(talk).comma().seconds(hold).comma().seconds(acw);
    interactions_.end_row();
  }

  void survey(std::uint64_t contact_no, std::uint32_t customer, std::int64_t ended, int resolved,
              bool transferred, bool waited) {
    // A latent satisfaction level drives csat, nps and ces together.
    static constexpr std::array<std::array<std::uint32_t, 5>, 3> csat_mix{{
        {22, 20, 25, 20, 13},  // unhappy: not resolved
        {8, 9, 18, 35, 30},    // neutral
        {3, 4, 10, 33, 50},    // happy: resolved first time
    }};
    int mood = resolved == 0 ? 0 : (resolved == 1 && !transferred) ? 2 : 1;
    if (waited && mood > 0) --mood;
    const int csat = static_cast<int>(rng_.weighted(csat_mix[static_cast<std::size_t>(mood)])) + 1;
    static constexpr std::array<int, 6> nps_low{0, 0, 2, 5, 7, 8};
    static constexpr std::array<int, 6> nps_high{0, 4, 6, 8, 10, 10};
    const int nps_span =
        nps_high[static_cast<std::size_t>(csat)] - nps_low[static_cast<std::size_t>(csat)] + 1;
    const int nps = nps_low[static_cast<std::size_t>(csat)] +
                    static_cast<int>(rng_.below(static_cast<std::uint64_t>(nps_span)));
    const int ces = std::min(7, std::max(1, csat + 2 - static_cast<int>(rng_.below(3))));
    const std::int64_t responded =
        ended + us_per_min + round_to(rng_.lognormal(2.0 * 3600.0, 1.3), us_per_s);

    id(surveys_, contact_no);
    surveys_.comma();
    customer_id(surveys_, customer);
    surveys_.comma().timestamp(responded, 0, 0).comma();
    if (!rng_.chance(0.07)) surveys_.uint(static_cast<unsigned>(csat));
    surveys_.comma();
    if (!rng_.chance(0.10)) surveys_.uint(static_cast<unsigned>(nps));
    surveys_.comma();
    if (!rng_.chance(0.25)) surveys_.uint(static_cast<unsigned>(ces));
    surveys_.comma();
    const double u = rng_.uniform();
    if (u >= 0.10) {
      const bool says = resolved == 1 ? u < 0.85 : resolved == 0 ? u >= 0.85 : u < 0.55;
      surveys_.boolean(says);
    }
    surveys_.comma();
    if (rng_.chance(0.3)) surveys_.text(comments[rng_.below(comments.size())]);
    surveys_.end_row();
  }

  /// Relationship (periodic NPS) surveys: no contact, NPS only, about 2 % of the survey rows.
  void relationship_surveys() {
    const std::uint64_t n = surveys_.rows() / 50;
    for (std::uint64_t i = 0; i < n; ++i) {
      const std::uint32_t customer = pick_customer();
      const std::int64_t at =
          day_start(static_cast<std::uint32_t>(rng_.below(opt_.days))) + time_of_day(email);
      surveys_.comma();
      customer_id(surveys_, customer);
      surveys_.comma().timestamp(at - at % us_per_s, 0, 0).raw(",,");
      surveys_.uint(
          rng_.weighted(std::array<std::uint32_t, 11>{3, 2, 3, 4, 5, 8, 10, 17, 20, 15, 13}));
      surveys_.raw(",,,");
      if (rng_.chance(0.4)) surveys_.text(comments[rng_.below(comments.size())]);
      surveys_.end_row();
    }
  }

  /// segments.csv: customers per segment and month, sized so that each segment's monthly
  /// inbound contact rate lands near its target (3-15 %, all three bands).
  void write_segments() {
    Out out(std::filesystem::path(opt_.out) / "segments.csv");
    out.raw("segment,period,customers\n");
    for (std::size_t s = 0; s < segment_names.size(); ++s) {
      for (std::size_t mo = 0; mo < months_; ++mo) {
        const std::int64_t ym = month0_ + static_cast<std::int64_t>(mo);
        std::int64_t customers = partner_customers;
        if (s < segment_mix.size()) {
          const double rate = segment_rate[s] * rng_.uniform(0.9, 1.1) / 100.0;
          const auto contacts = static_cast<double>(segment_contacts_[s][mo]);
          // NOLINTNEXTLINE(bugprone-incorrect-roundings): positive, half up (see round_to)
          const auto rounded = static_cast<std::int64_t>(contacts / rate + 0.5);
          customers = std::max<std::int64_t>(
              rounded, static_cast<std::int64_t>(segment_mix[s]) * 2);  // tiny data sets
        }
        out.raw(segment_names[s]).comma();
        out.uint(static_cast<std::uint64_t>(ym / 12), 4)
            .ch('-')
            .uint(static_cast<std::uint64_t>(ym % 12 + 1), 2);
        out.comma().uint(static_cast<std::uint64_t>(customers));
        out.end_row();
      }
    }
    segment_rows_ = out.rows();
    out.close();
  }

  Options opt_;
  Rng rng_;
  std::int64_t start_day_;
  std::uint64_t customers_;
  Out contacts_;
  Out interactions_;
  Out surveys_;
  double zipf_q_ = 1.0;
  double zipf_a_ = 0.0;
  double zipf_b_ = 0.0;
  std::uint64_t stride_ = 1;
  int id_width_ = 6;
  int cust_width_ = 6;
  std::int64_t month0_ = 0;
  std::size_t months_ = 0;
  std::array<std::vector<std::uint64_t>, segment_mix.size()> segment_contacts_{};
  std::vector<std::vector<Pending>> buckets_;
  std::uint64_t seq_ = 0;
  std::uint64_t contact_no_ = 0;
  std::uint64_t followups_ = 0;
  std::uint64_t segment_rows_ = 0;
};

}  // namespace
}  // namespace contactkpi::generate

int main(int argc, char** argv) try {
  using contactkpi::generate::Options;
  Options o;
  CLI::App app{"contactkpi-generate: deterministic, realistic contact-center data (SPEC §1.1)"};
  app.add_option("--contacts", o.contacts, "number of contacts")->capture_default_str();
  app.add_option("--seed", o.seed, "random seed; same seed, same bytes")->capture_default_str();
  app.add_option("--start", o.start, "first day, YYYY-MM-DD (UTC)")->capture_default_str();
  app.add_option("--days", o.days, "number of days")
      ->capture_default_str()
      ->check(CLI::Range(1U, 36600U));
  app.add_option("--out", o.out, "output directory (created if missing)")->capture_default_str();
  app.add_option("--customers", o.customers, "customer population (default: contacts / 3)");
  try {
    CLI11_PARSE(app, argc, argv);
    const auto t0 = std::chrono::steady_clock::now();
    std::filesystem::create_directories(o.out);
    contactkpi::generate::Generator g(o);
    g.run();
    const std::chrono::duration<double> dt = std::chrono::steady_clock::now() - t0;
    g.summary(dt.count());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "contactkpi-generate: %s\n", e.what());
    return 1;
  }
  return 0;
} catch (...) {  // setting up the command line (allocation)
  std::fputs("contactkpi-generate: internal error\n", stderr);
  return 1;
}
