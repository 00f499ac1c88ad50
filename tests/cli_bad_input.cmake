# cmake -P script: the `contactkpi` program on every contacts file of the bad-input corpus.
#   cmake -DCONTACTKPI=<program> -DCORPUS=<tests/data/bad> -P cli_bad_input.cmake
# For each contacts row of MANIFEST.tsv:
#   `contactkpi report --contacts F` must exit 2 and name the file and the line on stderr
#   ("F:LINE:" as io::Error::to_string writes it; line 0 = a whole-file error, file only);
#   `... --skip-invalid` must exit 0 for a row error (the row is skipped and reported) and
#   still exit 2 for a whole-file error (nothing can be read).
cmake_minimum_required(VERSION 3.25)  # policies NEW: quoted arguments are not variables
if(NOT CONTACTKPI OR NOT CORPUS)
  message(FATAL_ERROR "usage: cmake -DCONTACTKPI=prog -DCORPUS=dir -P cli_bad_input.cmake")
endif()
file(STRINGS ${CORPUS}/MANIFEST.tsv rows)
list(POP_FRONT rows)  # header
set(failures 0)
set(checked 0)
foreach(row IN LISTS rows)
  string(REPLACE "\t" ";" f "${row}")
  list(GET f 0 file)
  list(GET f 1 record)
  list(GET f 2 line)
  list(GET f 5 scope)
  if(NOT record STREQUAL "contacts")
    continue()
  endif()
  math(EXPR checked "${checked} + 1")
  execute_process(COMMAND ${CONTACTKPI} report --contacts ${CORPUS}/${file}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(line STREQUAL "0")
    set(where "${file}")
  else()
    set(where "${file}:${line}")
  endif()
  if(NOT rc EQUAL 2)
    message(SEND_ERROR "${file}: exit ${rc}, expected 2\nstderr: ${err}")
    math(EXPR failures "${failures} + 1")
  else()
    string(FIND "${err}" "${where}" at)
    if(at EQUAL -1)
      message(SEND_ERROR "${file}: stderr does not name '${where}':\n${err}")
      math(EXPR failures "${failures} + 1")
    endif()
  endif()
  execute_process(COMMAND ${CONTACTKPI} report --contacts ${CORPUS}/${file} --skip-invalid
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(scope STREQUAL "row")
    set(expected 0)
  else()
    set(expected 2)
  endif()
  if(NOT rc EQUAL expected)
    message(SEND_ERROR "${file} --skip-invalid: exit ${rc}, expected ${expected}\nstderr: ${err}")
    math(EXPR failures "${failures} + 1")
  endif()
endforeach()
message(STATUS "cli_bad_input: ${checked} contacts files, ${failures} failure(s)")
if(checked EQUAL 0)
  message(FATAL_ERROR "no contacts rows in ${CORPUS}/MANIFEST.tsv")
endif()
