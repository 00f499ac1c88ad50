// SPDX-License-Identifier: MIT
// libFuzzer target: arbitrary bytes as a contacts CSV through the multi-threaded path
// (3 workers, pieces of 1..64 bytes) and the single-threaded one, in both OnError modes, with
// and without the duplicate-id check: same stats, errors and records (see
// run_parallel_contacts in fuzz_loader.hpp). A target of
// its own because starting threads makes it ~50x slower per input than fuzz_csv. Shares
// fuzz_csv's seed corpus and dictionary (run.sh, tests/CMakeLists.txt).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes{reinterpret_cast<const char*>(data), size};
  // Pieces of 1..64 bytes, so that even small inputs are cut into several.
  const std::size_t chunk = 1 + (size == 0 ? 0 : data[size - 1] % 64u);
  contactkpi::fuzz::run_parallel_contacts(bytes, chunk);
  return 0;
}
