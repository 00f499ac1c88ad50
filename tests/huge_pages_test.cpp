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
