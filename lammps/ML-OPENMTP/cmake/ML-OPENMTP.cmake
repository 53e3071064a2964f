# LAMMPS CMake module of the ML-OPENMTP package (installed as cmake/Modules/Packages/ML-OPENMTP.cmake of a
# LAMMPS source tree by lammps/ML-OPENMTP/install-into-lammps.sh; LAMMPS includes it when -D PKG_ML-OPENMTP=on).
# LAMMPS itself compiles the package's sources (src/ML-OPENMTP); this links them to the OpenMTP library of an
# OpenMTP build folder: -D OpenMTP_DIR=<openmtp>/build (the folder holding OpenMTPConfig.cmake).
find_package(OpenMTP CONFIG REQUIRED)
message(STATUS "ML-OPENMTP: OpenMTP ${OpenMTP_VERSION} from ${OpenMTP_DIR} (sources ${OpenMTP_SOURCE_DIR})")
target_link_libraries(lammps PRIVATE OpenMTP::openmtp)
# The styles use the neighbour-request and reverse-communication calls of LAMMPS 24 Mar 2022 and later.
target_compile_definitions(lammps PRIVATE OPENMTP_LAMMPS_NEW_NEIGHBOR_API)
