# The fuzz targets and the sources each one needs, shared by tests/fuzz/CMakeLists.txt
# (libFuzzer builds, CONTACTKPI_BUILD_FUZZ) and tests/CMakeLists.txt (replay builds: the same
# targets with replay_main.cpp instead of libFuzzer, run by ctest on the committed seed
# corpora and crash regressions).
#
# contactkpi_fuzz_targets(<out-var>) sets <out-var> to the available target names; for each
# name N, contactkpi_fuzz_<N>_sources, _libs, _includes and _corpus (the seed corpus folder
# name when it is not N) are set too. fuzz_cli is
# available only when the CLI's sources exist (examples/contactkpi/cli_options.cpp).
set(contactkpi_fuzz_dir ${CMAKE_CURRENT_LIST_DIR})

macro(contactkpi_fuzz_targets out)
  set(${out} fuzz_csv fuzz_csv_parallel fuzz_json)
  set(contactkpi_fuzz_fuzz_csv_sources ${contactkpi_fuzz_dir}/fuzz_csv.cpp)
  set(contactkpi_fuzz_fuzz_csv_libs contactkpi::io)
  set(contactkpi_fuzz_fuzz_csv_parallel_sources ${contactkpi_fuzz_dir}/fuzz_csv_parallel.cpp)
  set(contactkpi_fuzz_fuzz_csv_parallel_libs contactkpi::io)
  set(contactkpi_fuzz_fuzz_csv_parallel_corpus fuzz_csv)
  set(contactkpi_fuzz_fuzz_json_sources ${contactkpi_fuzz_dir}/fuzz_json.cpp)
  set(contactkpi_fuzz_fuzz_json_libs contactkpi::io)
  if(EXISTS ${PROJECT_SOURCE_DIR}/include/contactkpi/io/parse.hpp)
    list(APPEND ${out} fuzz_timestamp)
    set(contactkpi_fuzz_fuzz_timestamp_sources ${contactkpi_fuzz_dir}/fuzz_timestamp.cpp)
    set(contactkpi_fuzz_fuzz_timestamp_libs contactkpi::io)
  endif()
  set(_cli ${PROJECT_SOURCE_DIR}/examples/contactkpi)
  if(EXISTS ${_cli}/cli_options.cpp AND EXISTS ${_cli}/bands.cpp)
    find_package(fmt 9 QUIET)
    find_package(date QUIET)
    if(fmt_FOUND AND date_FOUND)
      list(APPEND ${out} fuzz_cli)
      set(contactkpi_fuzz_fuzz_cli_sources ${contactkpi_fuzz_dir}/fuzz_cli.cpp
                                           ${_cli}/cli_options.cpp ${_cli}/bands.cpp)
      set(contactkpi_fuzz_fuzz_cli_libs contactkpi::contactkpi contactkpi::io fmt::fmt
                                        date::date-tz)
      set(contactkpi_fuzz_fuzz_cli_includes ${_cli})
    endif()
  endif()
endmacro()
