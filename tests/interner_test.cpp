// SPDX-License-Identifier: MIT
// detail::Interner at scale: keys across several 1 MiB key blocks, a key longer than a block,
// copies that keep interning, and absorb() between big tables; keys kept inline in their
// slots (up to 12 bytes, not ending in a zero byte) next to record keys: lengths around the
// limit, zero bytes, equal tags, growth and absorb() between the two kinds.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "contactkpi/detail/hash.hpp"
#include "contactkpi/detail/interner.hpp"

using contactkpi::detail::BasicInterner;
using contactkpi::detail::hash_bytes;
using contactkpi::detail::Interner;

namespace {

/// The reference numbering: each distinct key's position among the distinct keys, in order
/// of first appearance.
std::vector<std::uint32_t> first_seen_ids(const std::vector<std::string>& keys) {
  std::map<std::string, std::uint32_t> seen;
  std::vector<std::uint32_t> ids;
  for (const std::string& k : keys) {
    const auto next = static_cast<std::uint32_t>(seen.size());
    ids.push_back(seen.emplace(k, next).first->second);
  }
  return ids;
}

/// The high 32 bits of the hash: the interner's tag and first slot.
std::uint32_t high_hash(std::string_view key) {
  return static_cast<std::uint32_t>(hash_bytes(key) >> 32U);
}

/// Checks that `interner` numbers `keys` as first_seen_ids() does, through intern() key by
/// key, then find(), keys() and (with key(id)) key(id), then intern_all() again.
template <bool ById>
void check_numbering(const std::vector<std::string>& keys) {
  const std::vector<std::uint32_t> expected = first_seen_ids(keys);
  BasicInterner<ById> interner;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    CAPTURE(i, keys[i].size());
    REQUIRE(interner.intern(keys[i]) == expected[i]);
  }
  const std::vector<std::string_view> listed = interner.keys();
  REQUIRE(listed.size() == interner.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    CAPTURE(i, keys[i].size());
    CHECK(interner.find(keys[i]) == expected[i]);
    CHECK(listed[expected[i]] == keys[i]);
    if constexpr (ById) CHECK(interner.key(expected[i]) == keys[i]);
  }
  const std::vector<std::string_view> views(keys.begin(), keys.end());
  std::vector<std::uint32_t> again(keys.size());
  interner.intern_all(views, again);
  CHECK(again == expected);
  CHECK(interner.size() == listed.size());
}

}  // namespace

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

TEST_CASE("Interner: key lengths around the 12-byte inline limit, and zero bytes", "[interner]") {
  // For every length 0..20: a key of letters, the same with its last byte changed, with its
  // first byte changed, and with a zero byte at the end (kept as a record: a zero byte at
  // the end does not fit inline) or inside (inline up to 12 bytes); plus keys of zero bytes
  // only, and keys that differ only by zero bytes at the end ("CU1", "CU1\0", "CU1\0\0").
  // Each must get its own id, in order of first appearance, through every entry point.
  std::vector<std::string> keys;
  for (std::size_t n = 0; n <= 20; ++n) {
    std::string k(n, 'a');
    for (std::size_t i = 0; i < n; ++i) k[i] = static_cast<char>('A' + (i * 7 + n) % 26);
    keys.push_back(k);
    if (n > 0) {
      std::string last = k;
      last.back() = static_cast<char>(last.back() + 1);
      std::string first = k;
      first.front() = '\xFF';
      std::string zero_end = k;
      zero_end.back() = '\0';
      std::string zero_inside = k;
      zero_inside.front() = '\0';
      keys.insert(keys.end(), {last, first, zero_end, zero_inside, std::string(n, '\0')});
    }
  }
  const std::string cu1 = "CU1";
  keys.insert(keys.end(), {cu1, cu1 + '\0', cu1 + std::string(2, '\0'), cu1 + std::string(9, '\0'),
                           std::string(1, '\0'), ""});
  // Every key twice more, in another order: the repeats must find the first ids.
  const std::vector<std::string> once = keys;
  keys.insert(keys.end(), once.rbegin(), once.rend());
  keys.insert(keys.end(), once.begin(), once.end());
  check_numbering<true>(keys);
  check_numbering<false>(keys);
}

TEST_CASE("Interner: keys with equal tags (the hash's high 32 bits) stay apart", "[interner]") {
  // Among 2^18 keys of each of two kinds, inline (9 bytes, like "CU0030013") and record
  // (20 bytes), pairs whose hashes have the same high 32 bits are found by sorting (about
  // 2^36 pairs of each kind over 2^32 values: 16 expected, and as many across the kinds).
  // The keys of each pair share their first slot too and probe the same slots.
  const auto make = [](std::uint32_t i, std::size_t n) {
    std::string k = "K" + std::to_string(i);
    k.insert(1, n - k.size(), '0');
    return k;
  };
  std::vector<std::pair<std::uint32_t, std::string>> all;
  for (std::uint32_t i = 0; i < (1U << 18U); ++i) {
    for (const std::size_t n : {9UL, 20UL}) {
      std::string k = make(i, n);
      all.emplace_back(high_hash(k), std::move(k));
    }
  }
  std::sort(all.begin(), all.end());
  std::vector<std::string> keys;
  std::size_t mixed = 0;  // pairs of an inline and a record key
  for (std::size_t i = 1; i < all.size(); ++i) {
    if (all[i].first != all[i - 1].first) continue;
    keys.push_back(all[i - 1].second);
    keys.push_back(all[i].second);
    if (all[i].second.size() != all[i - 1].second.size()) ++mixed;
  }
  CAPTURE(keys.size(), mixed);
  REQUIRE(keys.size() >= 20);
  REQUIRE(mixed >= 2);
  // Both members of each pair, then again in the other order within each pair.
  std::vector<std::string> twice = keys;
  for (std::size_t i = 0; i + 1 < keys.size(); i += 2) {
    twice.push_back(keys[i + 1]);
    twice.push_back(keys[i]);
  }
  check_numbering<true>(twice);
  check_numbering<false>(twice);
  // A pair interned in the other order gets its ids the other way round.
  Interner swapped;
  CHECK(swapped.intern(keys[1]) == 0);
  CHECK(swapped.find(keys[0]) == Interner::npos);
  CHECK(swapped.intern(keys[0]) == 1);
}

TEST_CASE("Interner: an inline key never matches a record key's slot, nor the reverse",
          "[interner]") {
  // A record key's slot holds (tag << 32) | record position where an inline key keeps its
  // first 8 bytes, and both start probing at the slot their tag gives (a new interner has
  // 16 slots: the tag's low 4 bits). Crafted keys with those same bytes, searched for the
  // same first slot, must still get their own ids: only the slot's inline flag tells them
  // apart. (The byte values assume little-endian words; elsewhere the keys just differ.)
  const auto tag_bytes = [](std::uint32_t tag) {
    std::string bytes(4, '\0');
    for (std::size_t i = 0; i < 4; ++i) bytes[i] = static_cast<char>((tag >> (8 * i)) & 0xFFU);
    return bytes;
  };
  SECTION("an inline key with the bytes of a record key's slot") {
    // Record key L first: position 0, so its slot's first 8 bytes are 4 zero bytes and its
    // tag; the inline key K = those 8 bytes.
    bool found = false;
    for (std::uint32_t i = 0; i < 10'000 && !found; ++i) {
      const std::string record_key = std::string(30, 'L') + std::to_string(i);
      const std::uint32_t tag = high_hash(record_key);
      const std::string inline_key = std::string(4, '\0') + tag_bytes(tag);
      if (inline_key.back() == '\0' || (high_hash(inline_key) & 15U) != (tag & 15U)) continue;
      found = true;
      Interner interner;
      CHECK(interner.intern(record_key) == 0);
      CHECK(interner.find(inline_key) == Interner::npos);
      CHECK(interner.intern(inline_key) == 1);
      CHECK(interner.key(1) == inline_key);
      CHECK(interner.find(record_key) == 0);
    }
    CHECK(found);
  }
  SECTION("a record key whose tag is an inline key's bytes 4 to 7") {
    // Inline key K first; record key L, whose tag equals K's bytes 4..7, probes K's slot.
    bool found = false;
    for (std::uint32_t i = 0; i < 100 && !found; ++i) {
      const std::string record_key = std::string(30, 'R') + std::to_string(i);
      const std::uint32_t tag = high_hash(record_key);
      if ((tag >> 24U) == 0) continue;  // K would end in a zero byte
      for (std::uint32_t p = 0; p < 10'000 && !found; ++p) {
        const std::string inline_key = tag_bytes(p | 0x01010101U) + tag_bytes(tag);
        if ((high_hash(inline_key) & 15U) != (tag & 15U)) continue;
        found = true;
        Interner interner;
        CHECK(interner.intern(inline_key) == 0);
        CHECK(interner.find(record_key) == Interner::npos);
        CHECK(interner.intern(record_key) == 1);
        CHECK(interner.key(1) == record_key);
        CHECK(interner.find(inline_key) == 0);
      }
    }
    CHECK(found);
  }
}

TEST_CASE("Interner: inline and record keys through table growths and absorb()", "[interner]") {
  // 60 000 keys: 9-byte ids (inline), 8-byte ids (inline), 13-byte ids (records) and ids
  // ending in a zero byte (records), interleaved, so the table grows from 16 slots to
  // 2^17 with both kinds in it; the growth moves inline slots by their key's hash and record
  // slots by their tag.
  std::vector<std::string> keys;
  for (int i = 0; i < 15'000; ++i) {
    const std::string n = std::to_string(i * 7919 % 1'000'000);
    keys.push_back("CU" + std::string(7 - n.size(), '0') + n);
    keys.push_back("C" + std::string(7 - n.size(), '0') + n);
    keys.push_back("CUST-" + std::string(8 - n.size(), '0') + n);
    keys.push_back("Z" + n + '\0');
  }
  check_numbering<true>(keys);
  check_numbering<false>(keys);

  // Two interners with overlapping keys of both kinds: `theirs` has every key, `mine`
  // every fourth one. absorb() maps theirs' ids to mine's, appending the missing keys in
  // theirs' order: the reference numbers mine's keys, then theirs'.
  const auto absorb_both_ways = [&keys]<bool ById>() {
    BasicInterner<ById> theirs;
    BasicInterner<ById> mine;
    std::vector<std::string> mine_keys;
    for (std::size_t i = 0; i < keys.size(); i += 4) mine_keys.push_back(keys[i]);
    for (const auto& k : mine_keys) (void)mine.intern(k);
    for (const auto& k : keys) (void)theirs.intern(k);
    std::vector<std::string> sequence = mine_keys;
    sequence.insert(sequence.end(), keys.begin(), keys.end());
    const std::vector<std::uint32_t> expected = first_seen_ids(sequence);
    const std::vector<std::uint32_t> remap = mine.absorb(theirs);
    REQUIRE(remap.size() == keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) {
      CAPTURE(i);
      REQUIRE(remap[i] == expected[mine_keys.size() + i]);
      CHECK(mine.find(keys[i]) == remap[i]);
    }
    CHECK(mine.size() == keys.size());
    // And the other way: theirs has every key already, so it adds none.
    const std::vector<std::uint32_t> back = theirs.absorb(mine);
    const std::vector<std::string_view> theirs_keys = theirs.keys();
    const std::vector<std::string_view> mine_keys_now = mine.keys();
    REQUIRE(back.size() == mine_keys_now.size());
    for (std::size_t i = 0; i < back.size(); ++i) CHECK(theirs_keys[back[i]] == mine_keys_now[i]);
    CHECK(theirs.size() == keys.size());
  };
  absorb_both_ways.operator()<true>();
  absorb_both_ways.operator()<false>();
}
