// A consumer of the installed package: computes a transfer rate from an in-code vector.
// Hand calculation: 1 of the 2 handled contacts was transferred -> 50 %.
#include <contactkpi/contactkpi.hpp>  // the umbrella header must compile from an install

#include <cstdio>
#include <vector>

int main() {
  using namespace std::chrono_literals;
  contactkpi::Timestamp t0{};
  std::vector<contactkpi::Contact> contacts{
      {.contact_id = "a",
       .arrived_at = t0,
       .answered_at = t0 + 5s,
       .ended_at = t0 + 60s,
       .transferred = true},
      {.contact_id = "b", .arrived_at = t0, .answered_at = t0 + 5s, .ended_at = t0 + 60s}};
  const contactkpi::Result r = contactkpi::transfer_rate(contacts);
  if (!r.value || *r.value != 50.0) {
    std::puts("unexpected transfer rate");
    return 1;
  }
  std::printf("transfer rate %.1f%%\n", *r.value);
  return 0;
}
