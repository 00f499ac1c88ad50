// SPDX-License-Identifier: MIT
#include "contactkpi/detail/big_blocks.hpp"

#include <array>
#include <mutex>
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
  return (bytes + big_block_bytes - 1) / big_block_bytes * big_block_bytes;
}

#if defined(__linux__)

/// Freed blocks kept for the next allocate_big_block() (see big_blocks.hpp): at most
/// big_block_cache_bytes in all, in at most `slots` pieces. Blocks are whole multiples of
/// big_block_bytes, so a piece of one is a block too.
class BlockCache {
 public:
  /// The smallest kept block of at least `size` bytes, its rest kept; nullptr if none.
  [[nodiscard]] void* take(std::size_t size) noexcept {
    const std::lock_guard lock{mutex_};
    Block* best = nullptr;
    for (Block& b : blocks_) {
      if (b.size >= size && (best == nullptr || b.size < best->size)) best = &b;
    }
    if (best == nullptr) return nullptr;
    char* const block = best->start;
    bytes_ -= size;
    if (best->size > size) {
      *best = {block + size, best->size - size};
    } else {
      *best = {};
    }
    return block;
  }
  /// False (nothing kept) when the block would take the cache over its limit.
  bool keep(void* block, std::size_t size) noexcept {
    const std::lock_guard lock{mutex_};
    if (size > big_block_cache_bytes - bytes_) return false;
    for (Block& b : blocks_) {
      if (b.start == nullptr) {
        b = {static_cast<char*>(block), size};
        bytes_ += size;
        return true;
      }
    }
    return false;
  }
  void release() noexcept {
    const std::lock_guard lock{mutex_};
    for (Block& b : blocks_) {
      if (b.start != nullptr) ::munmap(b.start, b.size);
      b = {};
    }
    bytes_ = 0;
  }

 private:
  struct Block {
    char* start = nullptr;
    std::size_t size = 0;
  };
  static constexpr std::size_t slots = 32;
  std::mutex mutex_;
  std::array<Block, slots> blocks_{};
  std::size_t bytes_ = 0;
};

BlockCache& block_cache() noexcept {
  // Never destroyed, so that blocks freed by static objects' destructors at exit still find
  // it; its blocks go with the process.
  alignas(BlockCache) static std::array<unsigned char, sizeof(BlockCache)> storage{};
  static BlockCache* const cache = new (storage.data()) BlockCache;  // no allocation
  return *cache;
}

#endif

}  // namespace

bool big_blocks_mapped() noexcept {
  return mapped;
}

#if defined(__linux__)

void* allocate_big_block(std::size_t bytes) {
  if (!mapped) return ::operator new(bytes);
  const std::size_t size = round_up(bytes);
  if (size < bytes) throw std::bad_alloc{};  // round_up() wrapped
  if (void* const kept = block_cache().take(size)) return kept;
  // Populated at once: the users fill their blocks (value-initialised tables, index slots
  // written whole, chunks written in order: only a chunked vector's last chunk may be
  // populated up to 2 MiB ahead of use), and one call costs less than a page fault per
  // 4 KiB (1M report, 20 runs each: CPU 0.615 -> 0.591 s mean).
  void* const block = ::mmap(nullptr, size, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
  if (block == MAP_FAILED) throw std::bad_alloc{};  // NOLINT(*-cstyle-cast, *-int-to-ptr)
  return block;
}

void deallocate_big_block(void* block, std::size_t bytes) noexcept {
  if (!mapped) {
    ::operator delete(block);
    return;
  }
  const std::size_t size = round_up(bytes);
  if (!block_cache().keep(block, size)) ::munmap(block, size);
}

namespace {

// The kept small blocks, and the rest of the big block being cut into small ones.
class SmallBlocks {
 public:
  [[nodiscard]] void* take() {
    const std::lock_guard lock{mutex_};
    if (kept_ != 0) return blocks_[--kept_];
    if (next_ == end_) {
      next_ = static_cast<char*>(allocate_big_block(big_block_bytes));
      end_ = next_ + big_block_bytes;
    }
    void* const block = next_;
    next_ += small_block_bytes;
    return block;
  }
  void keep(void* block) noexcept {
    {
      const std::lock_guard lock{mutex_};
      if (kept_ < slots) {
        blocks_[kept_++] = block;
        return;
      }
    }
    ::munmap(block, small_block_bytes);
  }
  void release() noexcept {
    const std::lock_guard lock{mutex_};
    for (std::size_t i = 0; i < kept_; ++i) ::munmap(blocks_[i], small_block_bytes);
    kept_ = 0;
  }

 private:
  static constexpr std::size_t slots = big_block_cache_bytes / small_block_bytes;
  std::mutex mutex_;
  std::array<void*, slots> blocks_{};  // blocks_[0, kept_): kept
  std::size_t kept_ = 0;
  char* next_ = nullptr;
  char* end_ = nullptr;
};

SmallBlocks& small_blocks() noexcept {
  // Never destroyed, as block_cache().
  alignas(SmallBlocks) static std::array<unsigned char, sizeof(SmallBlocks)> storage{};
  static SmallBlocks* const blocks = new (storage.data()) SmallBlocks;  // no allocation
  return *blocks;
}

}  // namespace

void* allocate_small_block() {
  if (!mapped) return ::operator new(small_block_bytes);
  return small_blocks().take();
}

void deallocate_small_block(void* block) noexcept {
  if (!mapped) {
    ::operator delete(block);
    return;
  }
  small_blocks().keep(block);
}

void release_cached_big_blocks() noexcept {
  if (!mapped) return;
  small_blocks().release();
  block_cache().release();
}

#else

void* allocate_small_block() {
  return ::operator new(small_block_bytes);
}

void deallocate_small_block(void* block) noexcept {
  ::operator delete(block);
}

void* allocate_big_block(std::size_t bytes) {
  return ::operator new(bytes);
}

void deallocate_big_block(void* block, std::size_t /*bytes*/) noexcept {
  ::operator delete(block);
}

void release_cached_big_blocks() noexcept {}

#endif

}  // namespace contactkpi::detail
