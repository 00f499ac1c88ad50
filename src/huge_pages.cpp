// SPDX-License-Identifier: MIT
#include "contactkpi/detail/huge_pages.hpp"

#include <cstdint>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace contactkpi::detail {

namespace {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool sanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
constexpr bool sanitized = true;
#else
constexpr bool sanitized = false;
#endif
#else
constexpr bool sanitized = false;
#endif

#if defined(__linux__)
constexpr bool mapped = !sanitized;
#else
constexpr bool mapped = false;
#endif

[[nodiscard]] std::size_t round_up(std::size_t bytes) noexcept {
  return (bytes + huge_page_bytes - 1) / huge_page_bytes * huge_page_bytes;
}

}  // namespace

bool huge_pages_supported() noexcept {
  return mapped;
}

#if defined(__linux__)

void* allocate_huge(std::size_t bytes) {
  if (!mapped) return ::operator new(bytes);
  const std::size_t size = round_up(bytes);
  if (size < bytes || size > SIZE_MAX - huge_page_bytes) throw std::bad_alloc{};
  // Map one huge page more than needed, then unmap the unaligned head and the tail.
  void* const raw = ::mmap(nullptr, size + huge_page_bytes, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc{};             // NOLINT(*-cstyle-cast, *-int-to-ptr)
  const auto begin = reinterpret_cast<std::uintptr_t>(raw);  // NOLINT(*-reinterpret-cast)
  const std::uintptr_t aligned = (begin + huge_page_bytes - 1) / huge_page_bytes * huge_page_bytes;
  if (aligned > begin) ::munmap(raw, aligned - begin);
  const std::uintptr_t end = begin + size + huge_page_bytes;
  if (end > aligned + size) {
    ::munmap(reinterpret_cast<void*>(aligned + size), end - aligned - size);  // NOLINT
  }
  void* const block = reinterpret_cast<void*>(aligned);  // NOLINT(*-reinterpret-cast, *-int-to-ptr)
  // Advice only: without transparent huge pages the block works with small pages.
  (void)::madvise(block, size, MADV_HUGEPAGE);
  return block;
}

void deallocate_huge(void* block, std::size_t bytes) noexcept {
  if (!mapped) {
    ::operator delete(block);
    return;
  }
  ::munmap(block, round_up(bytes));
}

#else

void* allocate_huge(std::size_t bytes) {
  return ::operator new(bytes);
}

void deallocate_huge(void* block, std::size_t /*bytes*/) noexcept {
  ::operator delete(block);
}

#endif

}  // namespace contactkpi::detail
