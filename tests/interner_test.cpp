// SPDX-License-Identifier: MIT
// detail::Interner at scale: keys across several 1 MiB key blocks, a key longer than a block,
// copies that keep interning, and absorb() between big tables.
#include <catch2/catch.hpp>

#include <string>
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
