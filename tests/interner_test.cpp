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

TEST_CASE("Interner records: keys on both sides of the short record's 254-byte limit",
          "[interner]") {
  // Lengths 0, 1, 253, 254 (the longest short record), 255 and 256 (long records), 1000:
  // each key comes back whole, by id, by find() and through keys().
  Interner names;
  std::vector<std::string> keys;
  for (const std::size_t n : {0UL, 1UL, 253UL, 254UL, 255UL, 256UL, 1000UL}) {
    keys.push_back(std::string(n, static_cast<char>('a' + n % 26)));
  }
  for (std::size_t i = 0; i < keys.size(); ++i) {
    REQUIRE(names.intern(keys[i]) == static_cast<std::uint32_t>(i));
  }
  const std::vector<std::string_view> all = names.keys();
  REQUIRE(all.size() == keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    CHECK(names.key(static_cast<std::uint32_t>(i)) == keys[i]);
    CHECK(all[i] == keys[i]);
    CHECK(names.find(keys[i]) == static_cast<std::uint32_t>(i));
  }
  CHECK(names.find(std::string(255, 'x')) == Interner::npos);
}

TEST_CASE("Interner without key(id): absorb and keys() read its records in id order",
          "[interner]") {
  // 10 000 keys (more than one absorb batch of 4096), every third one also in `mine`
  // first, plus a long one: absorb maps key i of `theirs` to its id in `mine`.
  using contactkpi::detail::BasicInterner;
  BasicInterner<false> theirs;
  BasicInterner<false> mine;
  std::vector<std::string> keys;
  for (int i = 0; i < 10'000; ++i) keys.push_back("CU" + std::to_string(i));
  keys.push_back(std::string(300, 'L'));
  for (std::size_t i = 0; i < keys.size(); i += 3) (void)mine.intern(keys[i]);
  for (const auto& k : keys) (void)theirs.intern(k);
  REQUIRE(theirs.size() == keys.size());
  const std::vector<std::string_view> listed = theirs.keys();
  REQUIRE(listed.size() == keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) CHECK(listed[i] == keys[i]);

  // mine has keys 0, 3, 6, ..., 9999 (3334 of them) as ids 0..3333; the others get ids
  // 3334, 3335, ... in the order of theirs.
  const std::vector<std::uint32_t> remap = mine.absorb(theirs);
  REQUIRE(remap.size() == keys.size());
  std::uint32_t next_new = 3334;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const auto expected = i % 3 == 0 && i < 10'000 ? static_cast<std::uint32_t>(i / 3) : next_new++;
    CHECK(remap[i] == expected);
    CHECK(mine.find(keys[i]) == expected);
  }
  CHECK(mine.size() == keys.size());
}

TEST_CASE("InternMemo gives the interner's ids, for keys that share its slots", "[interner]") {
  // Keys of the same length and the same first and last bytes share a memo slot: each
  // lookup must still give the id the interner gives (checked against a second interner fed
  // the same keys in the same order), through copies, and after the interner absorbs another.
  using contactkpi::detail::InternMemo;
  const std::vector<std::string> keys{"b-1-g", "b-2-g", "b-3-g", "",      "x",      "billing",
                                      "b-1-g", "",      "x",     "b-2-g", "billing"};
  Interner interner;
  InternMemo memo;
  Interner reference;
  for (int round = 0; round < 3; ++round) {
    for (const std::string& k : keys) {
      CAPTURE(round, k);
      CHECK(memo.intern(interner, k) == reference.intern(k));
    }
  }
  CHECK(interner.size() == 6);  // b-1-g, b-2-g, b-3-g, "", x, billing
  Interner copy = interner;
  InternMemo memo_copy = memo;
  CHECK(memo_copy.intern(copy, "new") == 6);
  CHECK(memo_copy.intern(copy, "b-3-g") == 2);
  Interner other;
  (void)other.intern("b-4-g");
  (void)interner.absorb(other);  // b-4-g becomes id 6 in interner
  CHECK(memo.intern(interner, "b-4-g") == 6);
  CHECK(memo.intern(interner, "b-1-g") == 0);
  CHECK(memo.intern(interner, "b-4-g") == 6);
  // The interner cleared under the memo: its remembered ids (up to 6) are not the cleared
  // interner's, which numbers its keys from 0 again in the order they come.
  interner = Interner{};
  CHECK(memo.intern(interner, "billing") == 0);
  CHECK(memo.intern(interner, "b-4-g") == 1);
  CHECK(memo.intern(interner, "b-1-g") == 2);
  CHECK(interner.size() == 3);
}
