# cmake -P script: the `contactkpi` program on contacts whose queue / agent / reason / segment
# values are hostile (formula starters = + - @ and TAB, quotes, commas, newlines, CR LF,
# U+2028, a backslash, non-ASCII, and one row of invalid UTF-8 that --skip-invalid skips):
#   --format json must parse as JSON (strict UTF-8), for every --by dimension;
#   --format csv must be RFC 4180, valid UTF-8, and no cell may start a spreadsheet formula;
#   --format text must succeed.
#   cmake -DCONTACTKPI=<program> -DCHECK=<contactkpi_output_check> -DDATA=<contacts.csv>
#         -DWORK=<scratch dir> -P cli_output_safety.cmake
cmake_minimum_required(VERSION 3.25)  # policies NEW: quoted arguments are not variables
foreach(v CONTACTKPI CHECK DATA WORK)
  if(NOT ${v})
    message(FATAL_ERROR "cli_output_safety.cmake: -D${v}= missing")
  endif()
endforeach()
file(MAKE_DIRECTORY ${WORK})
set(failures 0)
foreach(by queue agent reason segment)
  foreach(format json csv text)
    set(out ${WORK}/report_${by}.${format})
    execute_process(COMMAND ${CONTACTKPI} report --contacts ${DATA} --skip-invalid --by ${by}
                            --format ${format}
                    RESULT_VARIABLE rc OUTPUT_FILE ${out} ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
      message(SEND_ERROR "--by ${by} --format ${format}: exit ${rc}\n${err}")
      math(EXPR failures "${failures} + 1")
      continue()
    endif()
    if(format STREQUAL "text")
      continue()
    endif()
    execute_process(COMMAND ${CHECK} ${format} INPUT_FILE ${out}
                    RESULT_VARIABLE rc ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
      message(SEND_ERROR "--by ${by} --format ${format}: unsafe output (${out}):\n${err}")
      math(EXPR failures "${failures} + 1")
    endif()
  endforeach()
endforeach()
message(STATUS "cli_output_safety: ${failures} failure(s)")
