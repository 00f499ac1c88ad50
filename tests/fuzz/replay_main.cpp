// SPDX-License-Identifier: MIT
// A main() for the fuzz targets without libFuzzer: feeds every file named on the command
// line (directories: every regular file in them, in name order) once through
// LLVMFuzzerTestOneInput. Built with the normal compiler by tests/CMakeLists.txt, so that the
// crash regressions under tests/fuzz/regressions/ and the seed corpora run with every
// `ctest`, and a target's invariant violation (abort) fails the test.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::string read_all(const std::filesystem::path& file) {
  std::ifstream in{file, std::ios::binary};
  return {std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    const fs::path arg{argv[i]};
    std::error_code ec;
    if (fs::is_directory(arg, ec)) {
      for (const auto& entry : fs::directory_iterator{arg}) {
        const std::string leaf = entry.path().filename().string();
        if (entry.is_regular_file() && !leaf.starts_with(".") && leaf != "README.md") {
          files.push_back(entry.path());
        }
      }
    } else if (fs::is_regular_file(arg, ec)) {
      files.push_back(arg);
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::fprintf(stderr, "replay %s\n", file.string().c_str());
    const std::string bytes = read_all(file);
    // An empty input still counts: it is a case the target must handle.
    (void)LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  }
  std::printf("replayed %zu inputs\n", files.size());
  return 0;
}
