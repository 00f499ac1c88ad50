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

#include "contactkpi/detail/big_blocks.hpp"
#include "contactkpi/detail/hash.hpp"
#include "contactkpi/detail/prefetch.hpp"

namespace contactkpi::detail {

/// Maps strings to ids 0, 1, 2, ... in order of first appearance.
///
/// Open addressing with linear probing over a power-of-two table of 16-byte slots, at most
/// 70% full. A key of up to 12 bytes that does not end in a zero byte (customer ids, reasons,
/// segments) is kept in its slot, padded with zeros, next to its id: its lookup reads the
/// slot and nothing else, one cache miss where the table is out of cache (four slots share
/// a cache line). A slot of any other key holds the position of its record, the high 32 bits
/// of its hash (the tag) and its id; a lookup compares the key with its record on a tag
/// match, a second miss. Every key is also appended, once, as a record to blocks of 256 bytes
/// doubling up to 1 MiB (growth never copies the keys), in id order: key(id) and absorb()
/// read them there. A record is padded to 4 bytes: a key shorter than 255 bytes as a 1-byte
/// length and the bytes (12 bytes for an 8-byte customer id), any other as 0xFF, 3 unused
/// bytes, a 4-byte length and the bytes. Per key: 23–46 bytes of table (70% to 35% full),
/// the record (the bytes plus 1–8) and, with `ById`, 4 of position for key(id): about 41 in
/// all for an 8-byte customer id. BasicInterner<false> (no key(id)) is for interners whose
/// keys are only ever absorbed by another.
template <bool ById>
class BasicInterner {
 public:
  /// The id that stands for "no key" (e.g. an empty customer_id).
  static constexpr std::uint32_t npos = std::numeric_limits<std::uint32_t>::max();

  /// The id of `key`, adding it when first seen. Amortised O(1).
  /// Precondition: key.size() < 2^32. Throws std::length_error beyond 2^30 table slots
  /// (about 750 million distinct keys).
  std::uint32_t intern(std::string_view key) {
    reserve_for(1);
    return intern_probe(key, probe_of(key));
  }
  /// intern() of each key in order (ids[i] = intern(keys[i])), faster when the table is out
  /// of cache: the slots (and long keys' records) of the keys a few places ahead are
  /// prefetched, so that the lookups' cache misses overlap instead of following one another.
  /// Precondition: ids.size() >= keys.size().
  void intern_all(std::span<const std::string_view> keys, std::span<std::uint32_t> ids) {
    intern_each(
        keys.size(), [keys](std::size_t i) { return keys[i]; }, ids);
  }

  /// The id of `key`, or npos when it was never interned.
  [[nodiscard]] std::uint32_t find(std::string_view key) const noexcept {
    if (slots_.empty()) return npos;
    const Probe probe = probe_of(key);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = probe.hash & mask;; i = (i + 1) & mask) {
      const Slot& slot = slots_[i];
      if (matches(slot, probe, key)) return id_of(slot);
      if (slot.meta == 0) return npos;
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

  /// A table entry: a key kept inline (bytes 0–7 in `low`, 8–11 in `high`, zeros after
  /// the key) or the record's position (low 32 bits of `low`) and the hash's high 32 bits
  /// (high 32 bits of `low`), `high` 0. meta: 0 for an empty slot, else the id + 1, with
  /// inline_bit set for an inline key.
  struct alignas(16) Slot {
    std::uint64_t low;
    std::uint32_t high;
    std::uint32_t meta;
  };
  static_assert(sizeof(Slot) == 16);
  /// What a lookup compares slots with: an inline key's bytes as in its slot, the hash's
  /// high 32 bits (the first slot looked at, and a record key's tag).
  struct Probe {
    std::uint64_t low;
    std::uint32_t high;
    std::uint32_t hash;
    bool is_inline;
  };
  static constexpr std::uint32_t inline_bit = std::uint32_t{1} << 31U;
  static constexpr std::size_t inline_bytes = 12;
  static constexpr std::size_t max_slots = std::size_t{1} << 30U;  // ids + 1 stay below 2^31

  /// True when `key` is kept in its slot: at most 12 bytes, not ending in a zero byte (so
  /// that the padding tells the length).
  [[nodiscard]] static bool fits_inline(std::string_view key) noexcept {
    return key.size() <= inline_bytes && (key.empty() || key.back() != '\0');
  }
  /// The first min(n, 8) bytes of `p` as a word, byte i in bits 8i to 8i + 7, the rest
  /// zero (the same value on any byte order): overlapping loads from 4 bytes on.
  [[nodiscard]] static std::uint64_t word_of(const char* p, std::size_t n) noexcept {
    const auto byte = [p](std::size_t i) {
      return std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
    };
    if constexpr (std::endian::native == std::endian::little) {
      if (n >= 8) return hash_impl::read8(p);
      if (n >= 4) return hash_impl::read4(p) | (hash_impl::read4(p + n - 4) << (8 * (n - 4)));
      return n == 0 ? 0 : byte(0) | byte(n / 2) | byte(n - 1);
    } else {
      std::uint64_t word = 0;
      for (std::size_t i = 0; i < n && i < 8; ++i) word |= byte(i);
      return word;
    }
  }
  [[nodiscard]] static Probe probe_of(std::string_view key) noexcept {
    const auto hash = static_cast<std::uint32_t>(hash_bytes(key) >> 32U);
    const std::size_t n = key.size();
    if (!fits_inline(key)) return {std::uint64_t{hash} << 32U, 0, hash, false};
    const std::uint64_t low = word_of(key.data(), n);
    if (n <= 8) return {low, 0, hash, true};
    // Bytes 8 to n − 1: the last 4 bytes, shifted down past those before byte 8.
    const auto high = static_cast<std::uint32_t>(word_of(key.data() + n - 4, 4) >> (8 * (12 - n)));
    return {low, high, hash, true};
  }
  /// The key kept inline in `slot`, copied to `out`.
  [[nodiscard]] static std::string_view inline_key(const Slot& slot,
                                                   std::array<char, inline_bytes>& out) noexcept {
    // The length: up to the last byte that is not zero.
    const std::size_t n =
        slot.high != 0  ? 12 - static_cast<std::size_t>(std::countl_zero(slot.high)) / 8
        : slot.low != 0 ? 8 - static_cast<std::size_t>(std::countl_zero(slot.low)) / 8
                        : 0;
    if constexpr (std::endian::native == std::endian::little) {
      std::memcpy(out.data(), &slot.low, 8);
      std::memcpy(out.data() + 8, &slot.high, 4);
    } else {
      for (std::size_t i = 0; i < 8; ++i) out[i] = static_cast<char>((slot.low >> (8 * i)) & 0xFFU);
      for (std::size_t i = 0; i < 4; ++i) {
        out[8 + i] = static_cast<char>((slot.high >> (8 * i)) & 0xFFU);
      }
    }
    return {out.data(), n};
  }
  /// True when `slot` holds the key of `probe`.
  [[nodiscard]] bool matches(const Slot& slot, const Probe& probe,
                             std::string_view key) const noexcept {
    if (probe.is_inline) {
      return slot.low == probe.low && slot.high == probe.high && (slot.meta & inline_bit) != 0;
    }
    return slot.meta != 0 && (slot.meta & inline_bit) == 0 && slot.low >> 32U == probe.hash &&
           equal_bytes(key_at(static_cast<std::uint32_t>(slot.low)), key);
  }
  [[nodiscard]] static std::uint32_t id_of(const Slot& slot) noexcept {
    return (slot.meta & ~inline_bit) - 1;
  }
  /// The hash's high 32 bits of the key in the used slot `slot`: kept for a record key,
  /// computed again for an inline key.
  [[nodiscard]] static std::uint32_t hash_of(const Slot& slot) noexcept {
    if ((slot.meta & inline_bit) == 0) return static_cast<std::uint32_t>(slot.low >> 32U);
    std::array<char, inline_bytes> bytes{};
    return static_cast<std::uint32_t>(hash_bytes(inline_key(slot, bytes)) >> 32U);
  }

  /// ids[i] = intern(key_of(i)) for i in [0, n), in batches: the table grows only as keys
  /// are added (absorb() of a side whose keys are mostly here already does not size the
  /// table for the sum of both), and it does not move within a batch, whose slots (and long
  /// keys' records) are prefetched a few keys ahead.
  template <class KeyOf>
  void intern_each(std::size_t n, KeyOf key_of, std::span<std::uint32_t> ids) {
    constexpr std::size_t batch = 4096;
    constexpr std::size_t slot_ahead = 16;   // keys ahead whose slot is fetched
    constexpr std::size_t record_ahead = 8;  // keys ahead whose key record is fetched
    for (std::size_t base = 0; base < n; base += batch) {
      const std::size_t m = std::min(batch, n - base);
      reserve_for(m);  // the table must not move while prefetched
      probes_.resize(m);
      for (std::size_t i = 0; i < m; ++i) probes_[i] = probe_of(key_of(base + i));
      const std::size_t mask = slots_.size() - 1;
      const auto home = [&](std::size_t i) { return probes_[i].hash & mask; };
      for (std::size_t i = 0; i < std::min(m, slot_ahead); ++i) prefetch(&slots_[home(i)]);
      for (std::size_t i = 0; i < m; ++i) {
        if (i + slot_ahead < m) prefetch(&slots_[home(i + slot_ahead)]);
        if (i + record_ahead < m && !probes_[i + record_ahead].is_inline) {
          const Slot& slot = slots_[home(i + record_ahead)];
          if (slot.meta != 0 && (slot.meta & inline_bit) == 0) {
            prefetch(record(static_cast<std::uint32_t>(slot.low)));
          }
        }
        ids[base + i] = intern_probe(key_of(base + i), probes_[i]);
      }
    }
  }
  /// Grows the table so that `more` new keys fit within the 70% load.
  void reserve_for(std::size_t more) {
    while (10 * (size() + more) > 7 * slots_.size()) grow();
  }
  /// intern() with the probe given; the table must have room for one more key.
  std::uint32_t intern_probe(std::string_view key, const Probe& probe) {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = probe.hash & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (matches(slot, probe, key)) return id_of(slot);
      if (slot.meta == 0) {
        const auto id = static_cast<std::uint32_t>(size());
        const std::uint32_t position = append(key);
        if (probe.is_inline) {
          slot = {probe.low, probe.high, (id + 1) | inline_bit};
        } else {
          slot = {probe.low | position, 0, id + 1};
        }
        return id;
      }
    }
  }

  // A position is (block << block_shift) | (offset in the block / 4): 32 bits address
  // 16 GiB of keys. Records are 4-byte aligned.
  static constexpr std::size_t block_bytes = std::size_t{1} << 20;
  static constexpr std::size_t first_block_bytes = 256;
  static constexpr unsigned block_shift = 18;  // 2^18 four-byte units per block
  static constexpr std::size_t max_blocks = std::size_t{1} << (32U - block_shift);
  // Record headers: short (1-byte length) or long (0xFF, 3 unused bytes, 4-byte length).
  static constexpr std::size_t short_header = 1;
  static constexpr std::size_t long_header = 8;
  static constexpr unsigned char long_mark = 0xFF;

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
  /// Calls f(key) for every key, in id order (the order of the records).
  template <class F>
  void for_each_key(F&& f) const {
    for (const std::vector<char>& block : blocks_) {
      for (std::size_t at = 0; at < block.size(); at += record_bytes(block.data() + at)) {
        f(key_of_record(block.data() + at));
      }
    }
  }
  /// Stores the record of a new key (the next id); returns its position.
  std::uint32_t append(std::string_view key) {
    const bool is_short = key.size() < long_mark;
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
    block.resize(offset + need);  // zeros: the padding
    char* const r = block.data() + offset;
    if (is_short) {
      r[0] = static_cast<char>(key.size());
    } else {
      const auto length = static_cast<std::uint32_t>(key.size());
      r[0] = static_cast<char>(long_mark);
      std::memcpy(r + 4, &length, sizeof length);
    }
    if (!key.empty()) std::memcpy(r + header, key.data(), key.size());
    const auto position =
        static_cast<std::uint32_t>(((blocks_.size() - 1) << block_shift) | (offset / 4));
    if constexpr (ById) positions_.push_back(position);
    ++count_;
    return position;
  }
  /// Doubles the table, or quadruples it from 1024 slots up to a big block's worth: a big
  /// interner (customer ids) goes through fewer tables that are each freed at once (a big
  /// block is kept for reuse, see big_blocks.hpp). A slot's home comes from its tag
  /// or its inline key's hash, so the slots are moved in table order without reading any
  /// record: the new table is written almost in order too.
  void grow() {
    constexpr std::size_t block_slots = big_block_bytes / sizeof(Slot);
    const std::size_t now = slots_.size();
    const std::size_t next = now == 0 ? 16 : now >= 1024 && now < block_slots ? 4 * now : 2 * now;
    if (next > max_slots) throw std::length_error{"Interner: too many keys"};
    Slots table(next);  // value-initialised: every slot empty
    const std::size_t mask = table.size() - 1;
    for (const Slot& slot : slots_) {
      if (slot.meta == 0) continue;
      std::size_t i = hash_of(slot) & mask;
      while (table[i].meta != 0) i = (i + 1) & mask;
      table[i] = slot;
    }
    slots_.swap(table);
  }

  using Slots = std::vector<Slot, BigBlockAllocator<Slot>>;
  Slots slots_;  // read at random; a big block from 2 MiB (128 Ki slots) on
  std::vector<std::vector<char>> blocks_;  ///< key records; every block keeps its capacity
  std::vector<std::uint32_t> positions_;   ///< positions_[id] = the key's record (ById only)
  std::size_t count_ = 0;                  ///< keys interned
  std::vector<Probe> probes_;              ///< intern_all()'s scratch
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
    // (npos is never < size; equal_bytes: inline for keys of up to 16 bytes, not a memcmp call)
    if (id < interner.size() && equal_bytes(interner.key(id), key)) return id;
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
