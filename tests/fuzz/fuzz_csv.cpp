// SPDX-License-Identifier: MIT
// libFuzzer target: arbitrary bytes as a CSV file of each record type (see fuzz_loader.hpp).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes{reinterpret_cast<const char*>(data), size};
  contactkpi::fuzz::run_all(bytes, /*json=*/false);

  return 0;
}
