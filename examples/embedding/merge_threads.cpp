// SPDX-License-Identifier: MIT
// Embedding example (c): two threads each accumulate half of the contacts; merging the two
// accumulators gives exactly what one pass over all contacts gives (counts are pooled,
// never averaged).
#include <chrono>
#include <cstdio>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "contactkpi/service_level.hpp"
#include "contactkpi/transfer_rate.hpp"

namespace {

std::vector<contactkpi::Contact> make_contacts(int n) {
  using namespace std::chrono_literals;
  std::vector<contactkpi::Contact> out;
  const contactkpi::Timestamp t0{std::chrono::sys_days{std::chrono::March / 2 / 2026}};
  for (int i = 0; i < n; ++i) {
    contactkpi::Contact c;
    c.contact_id = "c" + std::to_string(i);
    c.arrived_at = t0 + std::chrono::minutes{i};
    c.abandoned = i % 7 == 0;
    if (!c.abandoned) c.answered_at = c.arrived_at + std::chrono::seconds{(i * 13) % 45};
    c.ended_at = c.arrived_at + 5min;
    c.transferred = !c.abandoned && i % 5 == 0;
    out.push_back(std::move(c));
  }
  return out;
}

struct Accumulators {
  contactkpi::ServiceLevelAccumulator service_level;
  contactkpi::TransferRateAccumulator transfers;
  void add_all(std::span<const contactkpi::Contact> contacts) {
    for (const auto& c : contacts) {
      service_level.add(c);
      transfers.add(c);
    }
  }
  void merge(const Accumulators& o) {
    service_level.merge(o.service_level);
    transfers.merge(o.transfers);
  }
};

}  // namespace

int main() {
  const auto contacts = make_contacts(1000);
  const std::span<const contactkpi::Contact> all{contacts};
  const std::size_t half = contacts.size() / 2;

  Accumulators left;
  Accumulators right;
  std::thread worker{[&] { right.add_all(all.subspan(half)); }};
  left.add_all(all.first(half));
  worker.join();
  left.merge(right);

  Accumulators whole;
  whole.add_all(all);

  const bool same = left.service_level.result() == whole.service_level.result() &&
                    left.transfers.result() == whole.transfers.result();
  const auto sl = whole.service_level.result();
  std::printf("service level %.1f%% (%.0f/%.0f), transfer rate %.1f%%\n", sl.value.value_or(0),
              sl.numerator, sl.denominator, whole.transfers.result().value.value_or(0));
  std::puts(same ? "merged == single pass" : "MISMATCH: merged != single pass");
  return same ? 0 : 1;
}
