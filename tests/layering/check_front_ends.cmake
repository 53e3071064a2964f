# Fails when a source of the Python module or the LAMMPS styles includes a library header ("mtp/...") instead
# of the facade ("openmtp/..."): -DSOURCE_DIR=<the project>.
file(GLOB_RECURSE sources ${SOURCE_DIR}/python/src/*.cpp ${SOURCE_DIR}/python/src/*.hpp
     ${SOURCE_DIR}/lammps/ML-OPENMTP/*.cpp ${SOURCE_DIR}/lammps/ML-OPENMTP/*.h ${SOURCE_DIR}/lammps/app/*.cpp
     ${SOURCE_DIR}/lammps/plugin/*.cpp)
list(LENGTH sources count)
if(count LESS 10)
  message(FATAL_ERROR "found only ${count} front-end sources under ${SOURCE_DIR}: wrong SOURCE_DIR?")
endif()
set(offenders "")
foreach(f ${sources})
  file(STRINGS ${f} lines REGEX "^[ \t]*#[ \t]*include[ \t]*[\"<]mtp/")
  foreach(line ${lines})
    string(APPEND offenders "  ${f}: ${line}\n")
  endforeach()
endforeach()
if(offenders)
  message(FATAL_ERROR "front ends include library headers instead of the facade (include/openmtp):\n${offenders}")
endif()
message(STATUS "${count} front-end sources include only the facade")
