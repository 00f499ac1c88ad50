// SPDX-License-Identifier: MIT
// detail::hash_bytes: equal keys hash equal, every byte and the length matter, and numbered
// ids spread evenly over the low bits (table index) and the high bits (tags, radix buckets).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "contactkpi/detail/hash.hpp"

using contactkpi::detail::equal_bytes;
using contactkpi::detail::hash_bytes;

TEST_CASE("hash_bytes: every byte and the length change the hash", "[hash]") {
  CHECK(hash_bytes("C0000001") == hash_bytes(std::string{"C0000001"}));
  // For every length 0..40 (all code paths: 0, 1-3, 4-7, 8-16, longer) and every position,
  // flipping one bit gives another hash; and the key with one more zero byte differs.
  for (std::size_t n = 0; n <= 40; ++n) {
    std::string key(n, 'a');
    for (std::size_t i = 0; i < n; ++i) key[i] = static_cast<char>('a' + i % 26);
    const std::uint64_t h = hash_bytes(key);
    CHECK(hash_bytes(key + '\0') != h);
    for (std::size_t i = 0; i < n; ++i) {
      std::string other = key;
      other[i] = static_cast<char>(other[i] ^ 1);
      CAPTURE(n, i);
      CHECK(hash_bytes(other) != h);
    }
  }
}

TEST_CASE("hash_bytes: numbered ids spread evenly", "[hash]") {
  // 100 000 ids "C0000001".. into 2^12 buckets, by the top 12 bits and by the low 12 bits:
  // about 24.4 per bucket. For a uniform hash the count is nearly Poisson(24.4), so a bucket
  // beyond 60 (7 standard deviations) would show a defect; no two ids share the full hash.
  constexpr int n = 100'000;
  std::vector<int> top(4096);
  std::vector<int> low(4096);
  std::set<std::uint64_t> seen;
  for (int i = 1; i <= n; ++i) {
    std::string id = std::to_string(i);
    id.insert(0, 7 - id.size(), '0');
    const std::uint64_t h = hash_bytes("C" + id);
    ++top[h >> 52U];
    ++low[h & 4095U];
    seen.insert(h);
  }
  CHECK(seen.size() == static_cast<std::size_t>(n));
  CHECK(*std::max_element(top.begin(), top.end()) < 60);
  CHECK(*std::max_element(low.begin(), low.end()) < 60);
  CHECK(*std::min_element(top.begin(), top.end()) > 0);
  CHECK(*std::min_element(low.begin(), low.end()) > 0);
}

TEST_CASE("equal_bytes: agrees with string_view == for every length and differing byte", "[hash]") {
  // Reference: std::string_view's operator== (length, then memcmp). Keys of 0..40 bytes
  // cover the 1–3, 4–7, 8–16 byte paths and memcmp; each byte is flipped in turn, and the
  // keys are compared at offsets 0..7 of a buffer (unaligned loads) and with a longer key.
  for (std::size_t n = 0; n <= 40; ++n) {
    for (std::size_t shift = 0; shift < 8; ++shift) {
      std::string a(shift, '#');
      std::string b(7 - shift, '#');
      for (std::size_t i = 0; i < n; ++i) a += static_cast<char>('a' + i % 26);
      b += a.substr(shift);
      const std::string_view x = std::string_view{a}.substr(shift);
      const std::string_view y = std::string_view{b}.substr(7 - shift);
      CAPTURE(n, shift);
      REQUIRE(x == y);
      CHECK(equal_bytes(x, y));
      std::string longer{y};
      longer += 'z';
      CHECK_FALSE(equal_bytes(x, longer));
      for (std::size_t i = 0; i < n; ++i) {
        std::string other{y};
        other[i] = static_cast<char>(other[i] ^ 0x40);
        CAPTURE(i);
        CHECK_FALSE(equal_bytes(x, other));
        CHECK(equal_bytes(other, other));
      }
    }
  }
}
