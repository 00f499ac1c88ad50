// SPDX-License-Identifier: MIT
// Embedding example (b): stream contacts from CSV text into accumulators, one record at a
// time, without keeping the records.
#include <cstdio>
#include <string_view>

#include "contactkpi/abandon_rate.hpp"
#include "contactkpi/handle_time.hpp"
#include "contactkpi/io/loader.hpp"
#include "contactkpi/transfer_rate.hpp"

namespace {
// Four inbound voice contacts: three handled (handle time 300, 200 and 100 s; one of them
// transferred) and one abandoned after 30 s.
constexpr std::string_view contacts_csv =
    "contact_id,customer_id,channel,direction,arrived_at,answered_at,ended_at,talk_s,hold_s,"
    "acw_s,abandoned,transferred\n"
    "c1,k1,voice,inbound,2026-03-02T09:00:00Z,2026-03-02T09:00:10Z,2026-03-02T09:05:00Z,"
    "240,30,30,false,false\n"
    "c2,k2,voice,inbound,2026-03-02T09:01:00Z,2026-03-02T09:01:05Z,2026-03-02T09:04:00Z,"
    "150,0,50,false,true\n"
    "c3,k3,voice,inbound,2026-03-02T09:02:00Z,2026-03-02T09:02:20Z,2026-03-02T09:04:00Z,"
    "80,0,20,false,false\n"
    "c4,k4,voice,inbound,2026-03-02T09:03:00Z,,2026-03-02T09:03:30Z,,,,true,false\n";
}  // namespace

int main() {
  contactkpi::AhtAccumulator aht;
  contactkpi::TransferRateAccumulator transfers;
  contactkpi::AbandonRateAccumulator abandons;
  // A file works the same way: io::for_each_contact("contacts.csv", sink).
  const auto stats = contactkpi::io::for_each_contact("contacts.csv", contacts_csv, /*json=*/false,
                                                      [&](const contactkpi::Contact& c) {
                                                        aht.add(c);
                                                        transfers.add(c);
                                                        abandons.add(c);
                                                      });
  std::printf("%lld rows read, %lld used\n", static_cast<long long>(stats.rows_read),
              static_cast<long long>(stats.rows_used));

  // AHT = (300 + 200 + 100) / 3 = 200 s; transfer rate 1/3; abandon rate 1/4.
  const auto a = aht.result();
  const auto t = transfers.result();
  const auto b = abandons.result();
  if (!a.value || !t.value || !b.value) return 1;
  std::printf("AHT %.1f s over %.0f handled contacts\n", *a.value, a.denominator);
  std::printf("transfer rate %.1f%%, abandon rate %.1f%%\n", *t.value, *b.value);
  return 0;
}
