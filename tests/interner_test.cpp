// SPDX-License-Identifier: MIT
// detail::Interner at scale: keys across several 1 MiB key blocks, a key longer than a block,
// copies that keep interning, and absorb() between big tables.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "contactkpi/detail/interner.hpp"

using contactkpi::detail::Interner;

TEST_CASE("Interner keeps ids and keys across key blocks and table growths", "[interner]") {
  Interner names;
  // 40 000 keys of 60–70 bytes: about 3 MB of records, so several blocks.
  std::vector<std::string> keys;
  for (int i = 0; i < 40'000; ++i) {
    keys.push_back(std::string(static_cast<std::size_t>(60 + i % 11), 'x') + std::to_string(i));
  }
  for (std::size_t i = 0; i < keys.size(); ++i) {
    REQUIRE(names.intern(keys[i]) == static_cast<std::uint32_t>(i));
  }
  const std::string huge(3'000'000, 'h');  // longer than a block: a block of its own
  CHECK(names.intern(huge) == 40'000);
  CHECK(names.intern("after") == 40'001);
  for (std::size_t i = 0; i < keys.size(); i += 997) {
    CHECK(names.find(keys[i]) == static_cast<std::uint32_t>(i));
    CHECK(names.key(static_cast<std::uint32_t>(i)) == keys[i]);
  }
  CHECK(names.key(40'000) == huge);
  CHECK(names.find("never") == Interner::npos);

  Interner copy = names;  // the copy's blocks are full: new keys go to a new block
  CHECK(copy.intern("only in the copy") == 40'002);
  CHECK(copy.find(keys[123]) == 123);
  CHECK(names.find("only in the copy") == Interner::npos);

  Interner other;
  CHECK(other.intern("zzz") == 0);
  CHECK(other.intern(keys[7]) == 1);
  const std::vector<std::uint32_t> remap{40'002, 7};
  CHECK(names.absorb(other) == remap);
  CHECK(names.key(40'002) == "zzz");
}

TEST_CASE("Interner::intern_all gives the ids intern() gives, key by key", "[interner]") {
  // Reference: a second interner fed one key at a time (intern() is checked above against
  // plain first-appearance numbering). Keys repeat within and across calls, and the table
  // grows from empty to 2^16 slots on the way.
  Interner bulk;
  Interner single;
  std::uint32_t state = 12345;
  const auto next_key = [&] {
    state = state * 1103515245U + 12345U;
    return "CU" + std::to_string((state >> 8U) % 30'000);
  };
  for (const std::size_t n : {0UL, 1UL, 2UL, 17UL, 256UL, 5000UL, 40'000UL}) {
    std::vector<std::string> keys(n);
    for (auto& k : keys) k = next_key();
    const std::vector<std::string_view> views(keys.begin(), keys.end());
    std::vector<std::uint32_t> ids(n, Interner::npos);
    bulk.intern_all(views, ids);
    for (std::size_t i = 0; i < n; ++i) REQUIRE(ids[i] == single.intern(keys[i]));
    CHECK(bulk.size() == single.size());
  }
  CHECK(bulk.size() > 20'000);  // most of the 30 000 possible keys were seen
  for (std::uint32_t id = 0; id < bulk.size(); id += 101) CHECK(bulk.key(id) == single.key(id));
}
