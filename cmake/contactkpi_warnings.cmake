# contactkpi_set_warnings(target): the project's warning set, PRIVATE, so consumers never
# inherit it. Active only in developer mode (the dev / asan presets), where it is -Werror.
function(contactkpi_set_warnings target)
  if(NOT CONTACTKPI_DEVELOPER_MODE)
    return()
  endif()
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow -Wold-style-cast
    -Wnon-virtual-dtor -Woverloaded-virtual -Wnull-dereference -Wdouble-promotion -Wformat=2
    -Wimplicit-fallthrough -Werror
    # Designated initializers that leave members at their defaults are the intended call
    # style (SPEC options structs); GCC 12's -Wextra would flag every one of them.
    -Wno-missing-field-initializers
    $<$<CXX_COMPILER_ID:GNU>:-Wduplicated-cond -Wlogical-op>)
endfunction()
