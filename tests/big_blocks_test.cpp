// SPDX-License-Identifier: MIT
// detail::BigBlockAllocator: big blocks mapped on their own and reused, small ones from
// std::allocator; containers using it behave as with std::allocator.
#include <catch2/catch.hpp>

#include <cstdint>
#include <numeric>
#include <vector>

#include "contactkpi/detail/big_blocks.hpp"
#include "contactkpi/detail/chunked_vector.hpp"

using contactkpi::detail::big_block_bytes;
using contactkpi::detail::big_blocks_mapped;
using contactkpi::detail::BigBlockAllocator;

TEST_CASE("BigBlockAllocator: vectors below, at and above 2 MiB keep their values",
          "[big_blocks]") {
  using Vector = std::vector<std::uint64_t, BigBlockAllocator<std::uint64_t>>;
  // 2 MiB / 8 bytes = 262 144 elements is the first big block.
  for (const std::size_t n : {std::size_t{1}, std::size_t{262'143}, std::size_t{262'144},
                              std::size_t{262'145}, std::size_t{1'000'003}}) {
    CAPTURE(n);
    Vector v(n);
    std::iota(v.begin(), v.end(), std::uint64_t{7});
    Vector copy = v;  // a second block of the same kind
    v.push_back(1);   // growth: a bigger block, the values moved over
    v.pop_back();
    CHECK(v == copy);
    CHECK(v.front() == 7);
    CHECK(v.back() == 7 + n - 1);
    Vector().swap(v);  // freed
    CHECK(copy.size() == n);
  }
}

TEST_CASE("allocate_big_block: a freed block is reused, split, and its rest kept", "[big_blocks]") {
  using contactkpi::detail::allocate_big_block;
  using contactkpi::detail::deallocate_big_block;
  using contactkpi::detail::release_cached_big_blocks;
  release_cached_big_blocks();  // nothing kept from other tests
  const std::size_t four = 2 * big_block_bytes;
  auto* const big = static_cast<unsigned char*>(allocate_big_block(four));
  for (std::size_t i = 0; i < four; i += 4096) big[i] = 0xAB;  // writable everywhere
  deallocate_big_block(big, four);
  // Two blocks of 2 MiB (and a bit less: rounded up) out of the freed 4 MiB, then a third
  // that must be new. Each is writable; the two kept halves are where the 4 MiB block was.
  auto* const a = static_cast<unsigned char*>(allocate_big_block(big_block_bytes));
  auto* const b = static_cast<unsigned char*>(allocate_big_block(big_block_bytes - 100));
  auto* const c = static_cast<unsigned char*>(allocate_big_block(big_block_bytes));
  for (unsigned char* p : {a, b, c}) {
    p[0] = 1;
    p[big_block_bytes - 101] = 2;
  }
  if (big_blocks_mapped()) {  // else (sanitizer builds) plain operator new blocks
    CHECK(a == big);
    CHECK(b == big + big_block_bytes);
    CHECK(c != big);
    CHECK(c != big + big_block_bytes);
  }
  deallocate_big_block(a, big_block_bytes);
  deallocate_big_block(b, big_block_bytes - 100);
  deallocate_big_block(c, big_block_bytes);
  release_cached_big_blocks();
}

TEST_CASE("allocate_small_block: 64 KiB blocks, a freed one reused; chunked vectors of them",
          "[big_blocks]") {
  using contactkpi::detail::allocate_small_block;
  using contactkpi::detail::deallocate_small_block;
  using contactkpi::detail::release_cached_big_blocks;
  using contactkpi::detail::small_block_bytes;
  using contactkpi::detail::small_block_elements;
  using contactkpi::detail::SmallBlockAllocator;
  release_cached_big_blocks();
  // 40 blocks: more than the 32 of one big block. Each is writable over its 64 KiB and
  // keeps what was written while the others are written.
  std::vector<unsigned char*> blocks;
  for (int i = 0; i < 40; ++i) {
    auto* const p = static_cast<unsigned char*>(allocate_small_block());
    p[0] = static_cast<unsigned char>(i);
    p[small_block_bytes - 1] = static_cast<unsigned char>(i + 1);
    blocks.push_back(p);
  }
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    CHECK(blocks[i][0] == i);
    CHECK(blocks[i][small_block_bytes - 1] == i + 1);
  }
  unsigned char* const freed = blocks[5];
  deallocate_small_block(freed);
  auto* const again = static_cast<unsigned char*>(allocate_small_block());
  if (big_blocks_mapped()) CHECK(again == freed);  // the kept block comes back first
  blocks[5] = again;
  for (unsigned char* p : blocks) deallocate_small_block(p);

  // A chunked vector of small blocks: 2.5 chunks of 8-byte values, by push_back, indexed.
  constexpr std::size_t per_chunk = small_block_elements<std::uint64_t>;
  static_assert(per_chunk == 8192);
  contactkpi::detail::ChunkedVector<std::uint64_t, per_chunk, SmallBlockAllocator<std::uint64_t>> v;
  for (std::uint64_t i = 0; i < 2 * per_chunk + per_chunk / 2; ++i) v.push_back(3 * i);
  bool ok = true;
  for (std::size_t i = 0; i < v.size(); ++i) ok = ok && v[i] == 3 * i;
  CHECK(ok);
  auto copy = v;  // full chunks copied into small blocks, the partial one into std::allocator
  v.drain([](std::uint64_t&) {});
  CHECK(copy.size() == 2 * per_chunk + per_chunk / 2);
  CHECK(copy[per_chunk] == 3 * per_chunk);
  release_cached_big_blocks();
}
