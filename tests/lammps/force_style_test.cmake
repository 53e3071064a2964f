# Runs one step of the force-style checks if LAMMPS 2025 has been built (scripts/build-lammps-2025.sh), else
# says it is skipped (the test's SKIP_REGULAR_EXPRESSION). Output and exit status are the command's.
#   cmake -D NEED=<file that must exist> -D COMMAND="prog;arg;..." -P force_style_test.cmake
if(NOT EXISTS "${NEED}")
  message("SKIPPED: ${NEED} is not built (scripts/build-lammps-2025.sh builds LAMMPS 2025 and its harness)")
  return()
endif()
execute_process(COMMAND ${COMMAND} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${COMMAND} failed (${rc})")
endif()
