// SPDX-License-Identifier: MIT
// contactkpi/detail/prefetch.hpp: a hint to fetch memory into the cache before it is read.
// Not part of the API.
#pragma once

namespace contactkpi::detail {

/// Starts loading the cache line of `p` (no effect on the program's meaning).
inline void prefetch(const void* p) noexcept {
#if defined(__GNUC__) || defined(__clang__)
  __builtin_prefetch(p);
#else
  (void)p;
#endif
}

}  // namespace contactkpi::detail
