// SPDX-License-Identifier: MIT
// contactkpi/detail/interner.hpp: string → dense id table used by the accumulators.
//
// Not part of the API: it lives in a public header only because accumulators keep one as a
// private member. Lookups take a string_view and never allocate; a first-seen key is
// appended to a key buffer of blocks (256 bytes doubling up to 1 MiB; growth never copies the
// keys).
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <span>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "contactkpi/detail/hash.hpp"
#include "contactkpi/detail/huge_pages.hpp"
#include "contactkpi/detail/prefetch.hpp"

namespace contactkpi::detail {

/// Maps strings to ids 0, 1, 2, ... in order of first appearance.
///
/// Open addressing with linear probing over a power-of-two table of 8-byte slots (a 32-bit
/// hash tag and the key's position), at most 70% full. Keys live back to back in blocks of
/// 256 bytes doubling up to 1 MiB, each as a record padded to 4 bytes: a key shorter than
/// 255 bytes with an id below 2^24 as a 1-byte length, a 3-byte id and the bytes (12 bytes
/// for an 8-byte customer id), any other as 0xFF, 3 unused bytes, a 4-byte length, a 4-byte
/// id and the bytes. A lookup touches one slot and, on a tag match, one key record. Per key:
/// the bytes plus about 4–6 bytes of record, 8–16 of table and, with `ById`, 4 of position
/// for key(id) (millions of customer ids at 10M contacts). BasicInterner<false> (no key(id))
/// is for interners whose keys are only ever absorbed by another.
template <bool ById>
class BasicInterner {
 public:
  /// The id that stands for "no key" (e.g. an empty customer_id).
  static constexpr std::uint32_t npos = std::numeric_limits<std::uint32_t>::max();

  /// The id of `key`, adding it when first seen. Amortised O(1).
  /// Precondition: key.size() < 2^32 and fewer than 2^32 − 1 distinct keys.
  std::uint32_t intern(std::string_view key) {
    reserve_for(1);
    return intern_hashed(key, hash_of(key));
  }
  /// intern() of each key in order (ids[i] = intern(keys[i])), faster when the table is out
  /// of cache: the slots and key records of the keys a few places ahead are prefetched, so
  /// that the lookups' cache misses overlap instead of following one another.
  /// Precondition: ids.size() >= keys.size().
  void intern_all(std::span<const std::string_view> keys, std::span<std::uint32_t> ids) {
    intern_each(
        keys.size(), [keys](std::size_t i) { return keys[i]; }, ids);
  }

  /// The id of `key`, or npos when it was never interned.
  [[nodiscard]] std::uint32_t find(std::string_view key) const noexcept {
    if (slots_.empty()) return npos;
    const std::uint64_t hash = hash_of(key);
    const std::size_t mask = slots_.size() - 1;
    const std::uint64_t tag = tag_of(hash);
    for (std::size_t i = home_of(tag, mask);; i = (i + 1) & mask) {
      const std::uint64_t slot = slots_[i];
      if (slot == 0) return npos;
      if ((slot >> 32U) == tag && equal_bytes(key_at(position_of(slot)), key))
        return id_at(position_of(slot));
    }
  }
  [[nodiscard]] std::size_t size() const noexcept { return count_; }
  /// The key of `id` (a view into this interner, valid until it is destroyed or assigned).
  /// Precondition: id < size().
  [[nodiscard]] std::string_view key(std::uint32_t id) const noexcept requires ById {
    return key_at(positions_[id]);
  }
  /// The keys indexed by id (views into this interner).
  [[nodiscard]] std::vector<std::string_view> keys() const {
    std::vector<std::string_view> out;
    out.reserve(size());
    for_each_key([&out](std::string_view k) { out.push_back(k); });
    return out;
  }
  /// For each id of `other`, the id of the same key in this interner (adding missing keys).
  [[nodiscard]] std::vector<std::uint32_t> absorb(const BasicInterner& other) {
    std::vector<std::uint32_t> remap(other.size());
    if (&other == this) {  // nothing to add: every key maps to itself
      for (std::uint32_t id = 0; id < size(); ++id) remap[id] = id;
      return remap;
    }
    // The other's keys in id order, a batch at a time.
    std::vector<std::string_view> batch;
    batch.reserve(absorb_batch);
    std::size_t done = 0;
    const auto flush = [&] {
      intern_all(batch, std::span{remap}.subspan(done, batch.size()));
      done += batch.size();
      batch.clear();
    };
    other.for_each_key([&](std::string_view k) {
      batch.push_back(k);
      if (batch.size() == absorb_batch) flush();
    });
    flush();
    return remap;
  }

 private:
  static constexpr std::size_t absorb_batch = 4096;

  /// ids[i] = intern(key_of(i)) for i in [0, n), in batches: the table grows only as keys
  /// are added (absorb() of a side whose keys are mostly here already does not size the
  /// table for the sum of both), and it does not move within a batch, whose slots and key
  /// records are prefetched a few keys ahead.
  template <class KeyOf>
  void intern_each(std::size_t n, KeyOf key_of, std::span<std::uint32_t> ids) {
    constexpr std::size_t batch = 4096;
    constexpr std::size_t slot_ahead = 16;   // keys ahead whose slot is fetched
    constexpr std::size_t record_ahead = 8;  // keys ahead whose key record is fetched
    for (std::size_t base = 0; base < n; base += batch) {
      const std::size_t m = std::min(batch, n - base);
      reserve_for(m);  // the table must not move while prefetched
      hashes_.resize(m);
      for (std::size_t i = 0; i < m; ++i) hashes_[i] = hash_of(key_of(base + i));
      const std::size_t mask = slots_.size() - 1;
      const auto home = [&](std::size_t i) { return home_of(tag_of(hashes_[i]), mask); };
      for (std::size_t i = 0; i < std::min(m, slot_ahead); ++i) prefetch(&slots_[home(i)]);
      for (std::size_t i = 0; i < m; ++i) {
        if (i + slot_ahead < m) prefetch(&slots_[home(i + slot_ahead)]);
        if (i + record_ahead < m) {
          const std::uint64_t slot = slots_[home(i + record_ahead)];
          if (slot != 0) prefetch(record(position_of(slot)));
        }
        ids[base + i] = intern_hashed(key_of(base + i), hashes_[i]);
      }
    }
  }
  /// Grows the table so that `more` new keys fit within the 70% load.
  void reserve_for(std::size_t more) {
    while (10 * (size() + more) > 7 * slots_.size()) grow();
  }
  /// intern() with the hash given; the table must have room for one more key.
  std::uint32_t intern_hashed(std::string_view key, std::uint64_t hash) {
    const std::size_t mask = slots_.size() - 1;
    const std::uint64_t tag = tag_of(hash);
    for (std::size_t i = home_of(tag, mask);; i = (i + 1) & mask) {
      const std::uint64_t slot = slots_[i];
      if (slot == 0) {
        const auto id = static_cast<std::uint32_t>(size());
        slots_[i] = (tag << 32U) | append(key, id);
        return id;
      }
      if ((slot >> 32U) == tag && equal_bytes(key_at(position_of(slot)), key))
        return id_at(position_of(slot));
    }
  }

  // A position is (block << block_shift) | (offset in the block / 4): 32 bits address
  // 16 GiB of keys. Records are 4-byte aligned.
  static constexpr std::size_t block_bytes = std::size_t{1} << 20;
  static constexpr std::size_t first_block_bytes = 256;
  static constexpr unsigned block_shift = 18;  // 2^18 four-byte units per block
  static constexpr std::size_t max_blocks = std::size_t{1} << (32U - block_shift);
  // Record headers: short (1-byte length, 3-byte id) or long (0xFF, 3 unused bytes, 4-byte
  // length, 4-byte id).
  static constexpr std::size_t short_header = 4;
  static constexpr std::size_t long_header = 12;
  static constexpr unsigned char long_mark = 0xFF;
  static constexpr std::uint32_t short_ids = std::uint32_t{1} << 24U;

  [[nodiscard]] static std::uint64_t hash_of(std::string_view key) noexcept {
    return hash_bytes(key);
  }
  /// The slot where a key of this tag is looked for first: the tag's bits above bit 0, so
  /// that growing moves slots without reading any key (up to 2^31 slots).
  [[nodiscard]] static std::size_t home_of(std::uint64_t tag, std::size_t mask) noexcept {
    return static_cast<std::size_t>(tag >> 1U) & mask;
  }
  /// The hash's high 32 bits, never 0 (0 marks an empty slot).
  [[nodiscard]] static std::uint64_t tag_of(std::uint64_t hash) noexcept {
    return (hash >> 32U) | 1U;
  }
  [[nodiscard]] static std::uint32_t position_of(std::uint64_t slot) noexcept {
    return static_cast<std::uint32_t>(slot);
  }
  [[nodiscard]] const char* record(std::uint32_t position) const noexcept {
    return blocks_[position >> block_shift].data() +
           std::size_t{position & ((1U << block_shift) - 1U)} * 4;
  }
  [[nodiscard]] static std::uint32_t read32(const char* p) noexcept {
    std::uint32_t v = 0;
    std::memcpy(&v, p, sizeof v);
    return v;
  }
  /// The key of the record at `r`.
  [[nodiscard]] static std::string_view key_of_record(const char* r) noexcept {
    const auto length = static_cast<unsigned char>(r[0]);
    if (length != long_mark) return {r + short_header, length};
    return {r + long_header, read32(r + 4)};
  }
  /// The bytes the record at `r` takes, padding included.
  [[nodiscard]] static std::size_t record_bytes(const char* r) noexcept {
    const std::string_view key = key_of_record(r);
    return (static_cast<std::size_t>(key.data() - r) + key.size() + 3) / 4 * 4;
  }
  [[nodiscard]] std::string_view key_at(std::uint32_t position) const noexcept {
    return key_of_record(record(position));
  }
  [[nodiscard]] std::uint32_t id_at(std::uint32_t position) const noexcept {
    const char* r = record(position);
    if (static_cast<unsigned char>(r[0]) == long_mark) return read32(r + 8);
    if constexpr (std::endian::native == std::endian::little) {
      return read32(r) >> 8U;  // the 3 bytes after the length
    } else {
      const auto byte = [r](int i) { return std::uint32_t{static_cast<unsigned char>(r[i])}; };
      return byte(1) | (byte(2) << 8U) | (byte(3) << 16U);
    }
  }
  /// Calls f(key) for every key, in id order (the order of the records).
  template <class F>
  void for_each_key(F&& f) const {
    for (const std::vector<char>& block : blocks_) {
      for (std::size_t at = 0; at < block.size(); at += record_bytes(block.data() + at)) {
        f(key_of_record(block.data() + at));
      }
    }
  }
  /// Stores the key's record; returns its position.
  std::uint32_t append(std::string_view key, std::uint32_t id) {
    const bool is_short = key.size() < long_mark && id < short_ids;
    const std::size_t header = is_short ? short_header : long_header;
    const std::size_t need = (header + key.size() + 3) / 4 * 4;
    if (blocks_.empty() || blocks_.back().size() + need > blocks_.back().capacity()) {
      // Blocks double from first_block_bytes up to block_bytes, so that the many small
      // interners of a report with many groups stay small; a long key gets its own block.
      if (blocks_.size() == max_blocks) throw std::length_error{"Interner: too many keys"};
      const std::size_t next = blocks_.empty()
                                   ? first_block_bytes
                                   : std::min(block_bytes, 2 * blocks_.back().capacity());
      blocks_.emplace_back();
      blocks_.back().reserve(std::max(need, next));
    }
    std::vector<char>& block = blocks_.back();
    const std::size_t offset = block.size();
    block.resize(offset + need);
    char* const r = block.data() + offset;
    if (is_short) {  // the length, then the id's 3 bytes, low first
      r[0] = static_cast<char>(key.size());
      r[1] = static_cast<char>(id & 0xFFU);
      r[2] = static_cast<char>((id >> 8U) & 0xFFU);
      r[3] = static_cast<char>(id >> 16U);
    } else {
      const auto length = static_cast<std::uint32_t>(key.size());
      std::memset(r, 0, 4);
      r[0] = static_cast<char>(long_mark);
      std::memcpy(r + 4, &length, sizeof length);
      std::memcpy(r + 8, &id, sizeof id);
    }
    if (!key.empty()) std::memcpy(r + header, key.data(), key.size());
    const auto position =
        static_cast<std::uint32_t>(((blocks_.size() - 1) << block_shift) | (offset / 4));
    if constexpr (ById) positions_.push_back(position);
    ++count_;
    return position;
  }
  /// Doubles the table, or quadruples it from 1024 slots up to a huge page's worth: a big
  /// interner (customer ids) goes through fewer tables that are each freed at once (a table
  /// of huge pages is kept for reuse, see huge_pages.hpp). A slot's home comes from its tag,
  /// so the slots are moved in table order without reading the keys: the new table is
  /// written almost in order too.
  void grow() {
    constexpr std::size_t huge_slots = huge_page_bytes / sizeof(std::uint64_t);
    const std::size_t now = slots_.size();
    Slots table(now == 0 ? 16 : now >= 1024 && now < huge_slots ? 4 * now : 2 * now, 0);
    const std::size_t mask = table.size() - 1;
    for (const std::uint64_t slot : slots_) {
      if (slot == 0) continue;
      std::size_t i = home_of(slot >> 32U, mask);
      while (table[i] != 0) i = (i + 1) & mask;
      table[i] = slot;
    }
    slots_.swap(table);
  }

  using Slots = std::vector<std::uint64_t, HugePageAllocator<std::uint64_t>>;
  Slots slots_;  // read at random; huge pages from 2 MiB (256 Ki slots) on
  std::vector<std::vector<char>> blocks_;  ///< key records; every block keeps its capacity
  std::vector<std::uint32_t> positions_;   ///< positions_[id] = the key's record (ById only)
  std::size_t count_ = 0;                  ///< keys interned
  std::vector<std::uint64_t> hashes_;      ///< intern_all()'s scratch
};

/// The interner with key(id).
using Interner = BasicInterner<true>;

/// A direct-mapped cache in front of an Interner, for keys drawn from a few distinct values
/// (segment names, contact reasons) looked up once per record: a slot chosen by the key's
/// length and its first and last bytes holds the id last interned there, confirmed by
/// comparing the key with the interner's copy. About a third of a lookup in the interner
/// (no hashing, no probing) when it hits; the same id either way. It holds ids only and
/// checks each against the interner it is given (an id the interner has, with this key), so
/// it can never give a wrong id, whatever became of the interner: copied, grown, merged
/// into, or cleared.
class InternMemo {
 public:
  /// interner.intern(key).
  std::uint32_t intern(Interner& interner, std::string_view key) {
    const std::size_t slot = slot_of(key);
    const std::uint32_t id = ids_[slot];
    if (id < interner.size() && interner.key(id) == key) return id;  // npos is never < size
    const std::uint32_t fresh = interner.intern(key);
    ids_[slot] = fresh;
    return fresh;
  }

 private:
  static constexpr std::size_t slots = 32;
  [[nodiscard]] static std::size_t slot_of(std::string_view key) noexcept {
    const std::size_t n = key.size();
    if (n == 0) return 0;
    const std::size_t mix = n * 7 + std::size_t{static_cast<unsigned char>(key[0])} * 3 +
                            std::size_t{static_cast<unsigned char>(key[n - 1])};
    return mix % slots;
  }
  std::array<std::uint32_t, slots> ids_ = [] {
    std::array<std::uint32_t, slots> a{};
    a.fill(Interner::npos);
    return a;
  }();
};

}  // namespace contactkpi::detail
