# Runs one step of the force-style checks if LAMMPS 2025 has been built (scripts/build-lammps-2025.sh), else
# says it is skipped (the test's SKIP_REGULAR_EXPRESSION). Output and exit status are the command's; with
# EXPECT, its output must also contain that text.
#   cmake -D NEED=<files that must exist> -D COMMAND="prog;arg;..." [-D EXPECT=text] -P force_style_test.cmake
foreach(file ${NEED})
  if(NOT EXISTS "${file}")
    message("SKIPPED: ${file} is not built (scripts/build-lammps-2025.sh builds LAMMPS 2025 and its harness)")
    return()
  endif()
endforeach()
execute_process(COMMAND ${COMMAND} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
message("${out}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${COMMAND} failed (${rc})")
endif()
if(DEFINED EXPECT AND NOT out MATCHES "${EXPECT}")
  message(FATAL_ERROR "the output of ${COMMAND} lacks \"${EXPECT}\"")
endif()
