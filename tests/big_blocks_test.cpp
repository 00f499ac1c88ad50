// SPDX-License-Identifier: MIT
// detail::BigBlockAllocator: big blocks mapped on their own and reused, small ones from
// std::allocator; containers using it behave as with std::allocator.
#include <catch2/catch.hpp>

#include <cstdint>
#include <numeric>
#include <vector>

#include "contactkpi/detail/big_blocks.hpp"

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
