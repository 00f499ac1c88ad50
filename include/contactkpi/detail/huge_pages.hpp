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
//
// Freed blocks are kept for reuse, up to huge_block_cache_bytes in all, as malloc keeps
// freed memory: a fresh page costs a page fault and the kernel's zeroing of it (the
// largest kernel cost of a report: on a VM, first touches of memory the host took back are
// slower still), while a kept block is already mapped. A report's contact-id set, freed
// when the contacts are in, becomes its contact index that way. Kept blocks hold memory
// (RSS) until reused or release_cached_huge_blocks().
#pragma once

#include <cstddef>
#include <limits>
#include <memory>
#include <new>

namespace contactkpi::detail {

/// Blocks of at least this many bytes get huge pages.
inline constexpr std::size_t huge_page_bytes = std::size_t{2} << 20;
/// At most this many bytes of freed blocks are kept for reuse (process-wide).
inline constexpr std::size_t huge_block_cache_bytes = std::size_t{64} << 20;

/// A block of `bytes` (>= huge_page_bytes) aligned to huge_page_bytes, advised for huge
/// pages where the system has them: the smallest kept block big enough (its contents are
/// whatever it held; the rest of it stays kept), or a new mapping (zeroed). Thread-safe.
/// Throws std::bad_alloc.
[[nodiscard]] void* allocate_huge(std::size_t bytes);
/// Releases a block of allocate_huge(bytes): kept for a later allocate_huge() while the
/// kept blocks stay within huge_block_cache_bytes, else unmapped. Thread-safe.
void deallocate_huge(void* block, std::size_t bytes) noexcept;
/// Unmaps every kept block (e.g. in a long-running program after a big report).
void release_cached_huge_blocks() noexcept;
/// True when allocate_huge() maps blocks itself (Linux, not a sanitizer build).
[[nodiscard]] bool huge_pages_supported() noexcept;

/// std::allocator, except that blocks of huge_page_bytes or more (or less than one element
/// short of it) come from allocate_huge().
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
  /// From huge_page_bytes, or less than one element short of it (as a chunk of
  /// huge_page_bytes / sizeof(T) elements is: see chunked_vector.hpp).
  [[nodiscard]] static bool use_huge(std::size_t n) noexcept {
    return n * sizeof(T) > huge_page_bytes - sizeof(T) && huge_pages_supported();
  }
};

}  // namespace contactkpi::detail
