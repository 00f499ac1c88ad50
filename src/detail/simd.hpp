// SPDX-License-Identifier: MIT
// detail/simd.hpp: function multiversioning for the columnar (ContactFacts) kernels.
//
// The library is built for the baseline x86-64 (SSE2), which has no 64-bit integer compare;
// the fact kernels compare 64-bit waits on every row. CONTACTKPI_SIMD_CLONES compiles a
// function twice, for AVX2 and for the baseline, and the loader picks one at start-up (GNU
// ifunc: GCC and Clang on x86-64 Linux). Elsewhere it expands to nothing. Both versions compute
// the same integers, so results never depend on the machine. Not under ThreadSanitizer: an
// ifunc resolver runs before the sanitizer's run-time is set up, and crashes in its
// instrumented code.
#pragma once

#if defined(__SANITIZE_THREAD__) && !defined(CONTACTKPI_NO_SIMD_CLONES)
#define CONTACTKPI_NO_SIMD_CLONES
#endif
#if defined(__x86_64__) && defined(__linux__) && (defined(__GNUC__) || defined(__clang__)) && \
    !defined(CONTACTKPI_NO_SIMD_CLONES)
#define CONTACTKPI_SIMD_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define CONTACTKPI_SIMD_CLONES
#endif
