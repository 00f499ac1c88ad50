// SPDX-License-Identifier: MIT
// Synthetic in-memory contacts for the micro-benchmarks (deterministic: fixed seeds).
#pragma once

#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "contactkpi/facts.hpp"
#include "contactkpi/types.hpp"

namespace contactkpi::bench {

/// `n` contacts shaped like a busy inbound queue: 85% inbound, 70% answered, 20% abandoned,
/// 15% transferred, waits 0..120 s, handle times 0..30 min, half QA-evaluated; customer ids
/// drawn from n/3 customers, 12 reasons, arrivals spread over 60 days.
inline std::vector<Contact> make_contacts(std::size_t n, std::uint64_t seed = 42) {
  using std::chrono::seconds;
  std::mt19937_64 rng{seed};
  std::uniform_int_distribution<int> pct(0, 99);
  std::uniform_int_distribution<std::int64_t> wait_us(0, 120'000'000);
  std::uniform_int_distribution<std::int64_t> talk_us(0, 1'200'000'000);
  std::uniform_int_distribution<std::int64_t> small_us(0, 300'000'000);
  std::uniform_int_distribution<int> channel(0, static_cast<int>(channel_count) - 1);
  std::uniform_int_distribution<std::uint64_t> customer(0, n / 3 + 1);
  std::uniform_int_distribution<int> reason(0, 11);
  std::uniform_int_distribution<std::int64_t> arrive_s(0, 60LL * 86'400);
  std::uniform_real_distribution<double> score(0.0, 100.0);
  const Timestamp t0{std::chrono::sys_days{std::chrono::year{2026} / 1 / 1}};
  std::vector<Contact> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    Contact c;
    c.contact_id = "C" + std::to_string(i);
    c.customer_id = "CUST" + std::to_string(customer(rng));
    c.reason = "reason" + std::to_string(reason(rng));
    c.channel = static_cast<Channel>(channel(rng));
    c.direction = pct(rng) < 85 ? Direction::inbound : Direction::outbound;
    c.arrived_at = t0 + seconds{arrive_s(rng)};
    const Duration wait{wait_us(rng)};
    const int outcome = pct(rng);
    if (outcome < 70) {
      c.answered_at = c.arrived_at + wait;
      c.talk = Duration{talk_us(rng)};
      c.hold = Duration{small_us(rng) / 4};
      c.acw = Duration{small_us(rng)};
      c.ended_at = *c.answered_at + c.talk + c.hold;
      c.transferred = pct(rng) < 15;
      if (pct(rng) < 80) c.resolved = pct(rng) < 85;
    } else {
      c.ended_at = c.arrived_at + wait;
      c.abandoned = outcome < 90;
    }
    if (pct(rng) < 50) c.qa_score = score(rng);
    out.push_back(std::move(c));
  }
  return out;
}

inline ContactFacts make_facts(const std::vector<Contact>& contacts) {
  ContactFacts facts;
  facts.reserve(contacts.size());
  for (const Contact& c : contacts) facts.push_back(c);
  return facts;
}

}  // namespace contactkpi::bench
