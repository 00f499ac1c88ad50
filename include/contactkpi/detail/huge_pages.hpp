// SPDX-License-Identifier: MIT
// contactkpi/detail/huge_pages.hpp: an allocator that backs big tables with huge pages.
//
// Not part of the API: it lives in a public header only because accumulators keep
// containers that use it as private members. The hash tables and per-contact arrays of a
// report over millions of contacts are tens of MB, read at random: with 4 KiB pages nearly
// every lookup also misses the TLB, and filling them takes one page fault per 4 KiB. On
// Linux, a block of at least 2 MiB is mapped on its own, aligned to 2 MiB, and advised
// MADV_HUGEPAGE (transparent huge pages, when the system allows them: "always" or
// "madvise" in /sys/kernel/mm/transparent_hugepage/enabled), so it is faulted in 2 MiB at
// a time and covered by few TLB entries. Smaller blocks, other systems and sanitizer builds
// (which must see every block) use std::allocator. See docs/performance.md.
#pragma once

#include <cstddef>
#include <limits>
#include <memory>
#include <new>

namespace contactkpi::detail {

/// Blocks of at least this many bytes get huge pages.
inline constexpr std::size_t huge_page_bytes = std::size_t{2} << 20;

/// A block of `bytes` (>= huge_page_bytes) aligned to huge_page_bytes, advised for huge
/// pages where the system has them. Throws std::bad_alloc.
[[nodiscard]] void* allocate_huge(std::size_t bytes);
/// Releases a block of allocate_huge(bytes).
void deallocate_huge(void* block, std::size_t bytes) noexcept;
/// True when allocate_huge() maps blocks itself (Linux, not a sanitizer build).
[[nodiscard]] bool huge_pages_supported() noexcept;

/// std::allocator, except that blocks of huge_page_bytes or more come from allocate_huge().
template <class T>
struct HugePageAllocator {
  using value_type = T;

  HugePageAllocator() noexcept = default;
  template <class U>
  explicit(false) HugePageAllocator(const HugePageAllocator<U>& /*other*/) noexcept {}

  [[nodiscard]] T* allocate(std::size_t n) {
    if (n > std::numeric_limits<std::size_t>::max() / sizeof(T)) throw std::bad_array_new_length{};
    if (use_huge(n)) return static_cast<T*>(allocate_huge(n * sizeof(T)));
    return std::allocator<T>{}.allocate(n);
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (use_huge(n)) {
      deallocate_huge(p, n * sizeof(T));
    } else {
      std::allocator<T>{}.deallocate(p, n);
    }
  }

  template <class U>
  friend bool operator==(const HugePageAllocator& /*a*/,
                         const HugePageAllocator<U>& /*b*/) noexcept {
    return true;
  }

 private:
  [[nodiscard]] static bool use_huge(std::size_t n) noexcept {
    return n * sizeof(T) >= huge_page_bytes && huge_pages_supported();
  }
};

}  // namespace contactkpi::detail
