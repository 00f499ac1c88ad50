// SPDX-License-Identifier: MIT
// detail::HugePageAllocator: big blocks mapped on their own, small ones from std::allocator;
// containers using it behave as with std::allocator.
#include <catch2/catch.hpp>

#include <cstdint>
#include <numeric>
#include <vector>

#include "contactkpi/detail/huge_pages.hpp"

using contactkpi::detail::huge_page_bytes;
using contactkpi::detail::huge_pages_supported;
using contactkpi::detail::HugePageAllocator;

TEST_CASE("HugePageAllocator: vectors below, at and above 2 MiB keep their values",
          "[huge_pages]") {
  using Vector = std::vector<std::uint64_t, HugePageAllocator<std::uint64_t>>;
  // 2 MiB / 8 bytes = 262 144 elements is the first huge block.
  for (const std::size_t n : {std::size_t{1}, std::size_t{262'143}, std::size_t{262'144},
                              std::size_t{262'145}, std::size_t{1'000'003}}) {
    CAPTURE(n);
    Vector v(n);
    std::iota(v.begin(), v.end(), std::uint64_t{7});
    if (huge_pages_supported() && n * sizeof(std::uint64_t) >= huge_page_bytes) {
      CHECK(reinterpret_cast<std::uintptr_t>(v.data()) % huge_page_bytes == 0);  // NOLINT
    }
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

TEST_CASE("allocate_huge: a freed block is reused, split, and its rest kept", "[huge_pages]") {
  using contactkpi::detail::allocate_huge;
  using contactkpi::detail::deallocate_huge;
  using contactkpi::detail::release_cached_huge_blocks;
  release_cached_huge_blocks();  // nothing kept from other tests
  const std::size_t four = 2 * huge_page_bytes;
  auto* const big = static_cast<unsigned char*>(allocate_huge(four));
  for (std::size_t i = 0; i < four; i += 4096) big[i] = 0xAB;  // writable everywhere
  deallocate_huge(big, four);
  // Two blocks of 2 MiB (and a bit less: rounded up) out of the freed 4 MiB, then a third
  // that must be new. Each is writable; the two kept halves are where the 4 MiB block was.
  auto* const a = static_cast<unsigned char*>(allocate_huge(huge_page_bytes));
  auto* const b = static_cast<unsigned char*>(allocate_huge(huge_page_bytes - 100));
  auto* const c = static_cast<unsigned char*>(allocate_huge(huge_page_bytes));
  for (unsigned char* p : {a, b, c}) {
    p[0] = 1;
    p[huge_page_bytes - 101] = 2;
  }
  if (huge_pages_supported()) {  // else (sanitizer builds) plain operator new blocks
    for (unsigned char* p : {a, b, c}) {
      CHECK(reinterpret_cast<std::uintptr_t>(p) % huge_page_bytes == 0);  // NOLINT
    }
    CHECK(a == big);
    CHECK(b == big + huge_page_bytes);
    CHECK(c != big);
    CHECK(c != big + huge_page_bytes);
  }
  deallocate_huge(a, huge_page_bytes);
  deallocate_huge(b, huge_page_bytes - 100);
  deallocate_huge(c, huge_page_bytes);
  release_cached_huge_blocks();
}
