// SPDX-License-Identifier: MIT
// contactkpi/detail/hash.hpp: the 64-bit hash of ids and names used by the hash tables.
//
// Not part of the API. The wyhash scheme (Wang Yi, public domain): 16 bytes per step folded
// with one 64×64→128-bit multiply, short keys read as two overlapping words, so both the
// low bits (table index) and the high bits (tags, radix buckets) are well mixed (checked in
// tests/hash_test.cpp). Faster than std::hash<std::string_view>, libstdc++'s out-of-line
// Murmur (bench/hash_bench.cpp): see docs/performance.md. The value depends on the
// platform's byte order; nothing written out or compared across machines is made from it.
// Not a defence against crafted collisions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace contactkpi::detail {

namespace hash_impl {

__extension__ using u128 = unsigned __int128;

constexpr std::uint64_t secret0 = 0xa0761d6478bd642fULL;
constexpr std::uint64_t secret1 = 0xe7037ed1a0b428dbULL;
constexpr std::uint64_t secret2 = 0x8ebc6af09c88c6e3ULL;

[[nodiscard]] inline std::uint64_t mum(std::uint64_t a, std::uint64_t b) noexcept {
  const u128 r = static_cast<u128>(a) * b;
  return static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64U);
}
[[nodiscard]] inline std::uint64_t read8(const char* p) noexcept {
  std::uint64_t v = 0;
  std::memcpy(&v, p, 8);
  return v;
}
[[nodiscard]] inline std::uint64_t read4(const char* p) noexcept {
  std::uint32_t v = 0;
  std::memcpy(&v, p, 4);
  return v;
}
// 1 to 3 bytes: first, middle and last.
[[nodiscard]] inline std::uint64_t read3(const char* p, std::size_t n) noexcept {
  return (std::uint64_t{static_cast<unsigned char>(p[0])} << 16U) |
         (std::uint64_t{static_cast<unsigned char>(p[n >> 1U])} << 8U) |
         std::uint64_t{static_cast<unsigned char>(p[n - 1])};
}

}  // namespace hash_impl

[[nodiscard]] inline std::uint64_t hash_bytes(std::string_view key) noexcept {
  using namespace hash_impl;
  const char* p = key.data();
  const std::size_t n = key.size();
  std::uint64_t seed = secret0;
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  if (n <= 16) {
    if (n >= 4) {
      const std::size_t step = (n >> 3U) << 2U;  // 0 below 8 bytes, 4 from 8
      a = (read4(p) << 32U) | read4(p + step);
      b = (read4(p + n - 4) << 32U) | read4(p + n - 4 - step);
    } else if (n > 0) {
      a = read3(p, n);
    }
  } else {
    std::size_t left = n;
    for (; left > 16; p += 16, left -= 16) seed = mum(read8(p) ^ secret1, read8(p + 8) ^ seed);
    a = read8(p + left - 16);  // the last 16 bytes (overlapping the last step)
    b = read8(p + left - 8);
  }
  return mum(secret1 ^ n, mum(a ^ secret1, b ^ seed ^ secret2));
}

/// a == b, inline for the short keys of the hash tables (ids, names): up to 16 bytes as two
/// overlapping loads of 4 or 8 bytes each, longer ones by memcmp. Reads only [0, size()).
[[nodiscard]] inline bool equal_bytes(std::string_view a, std::string_view b) noexcept {
  using namespace hash_impl;
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  const char* p = a.data();
  const char* q = b.data();
  if (n >= 8) {
    if (n > 16) return std::memcmp(p, q, n) == 0;
    return ((read8(p) ^ read8(q)) | (read8(p + n - 8) ^ read8(q + n - 8))) == 0;
  }
  if (n >= 4) return ((read4(p) ^ read4(q)) | (read4(p + n - 4) ^ read4(q + n - 4))) == 0;
  return n == 0 || read3(p, n) == read3(q, n);
}

}  // namespace contactkpi::detail
