#!/usr/bin/env bash
# Installs the ML-OPENMTP package into a LAMMPS source tree (LAMMPS 24 Mar 2022 or newer, CMake build), the way
# LAMMPS's own packages sit in it: src/ML-OPENMTP (a link to this folder, so the tree follows OpenMTP's
# sources), cmake/Modules/Packages/ML-OPENMTP.cmake, and the name ML-OPENMTP in cmake/CMakeLists.txt's package
# list (then `-D PKG_ML-OPENMTP=on -D OpenMTP_DIR=<openmtp build folder>` builds it in). Safe to run again.
#   install-into-lammps.sh <lammps source tree> [--copy]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
lammps="${1:?usage: install-into-lammps.sh <lammps source tree> [--copy]}"
cmakelists="$lammps/cmake/CMakeLists.txt"
[ -f "$cmakelists" ] && [ -d "$lammps/src" ] || { echo "install-into-lammps: $lammps is not a LAMMPS source tree" >&2; exit 1; }
grep -q '^set(STANDARD_PACKAGES' "$cmakelists" && grep -q '^foreach(PKG_WITH_INCL ' "$cmakelists" ||
  { echo "install-into-lammps: $cmakelists has no STANDARD_PACKAGES list (LAMMPS too old or too new)" >&2; exit 1; }
# LAMMPS's own ML-MTP package (if a tree has it) defines pair_style mtp too.
[ -d "$lammps/src/ML-MTP" ] && echo "install-into-lammps: note: do not enable ML-MTP together with ML-OPENMTP (both define pair_style mtp)" >&2

rm -rf "$lammps/src/ML-OPENMTP"
if [ "${2:-}" = "--copy" ]; then
  mkdir -p "$lammps/src/ML-OPENMTP" && cp "$here"/*.h "$here"/*.cpp "$here/README" "$lammps/src/ML-OPENMTP/"
else
  ln -s "$here" "$lammps/src/ML-OPENMTP"
fi
cp "$here/cmake/ML-OPENMTP.cmake" "$lammps/cmake/Modules/Packages/ML-OPENMTP.cmake"
if ! grep -q '^  ML-OPENMTP$' "$cmakelists"; then
  # The package list (which gives PKG_ML-OPENMTP and compiles src/ML-OPENMTP) and the packages with a CMake
  # module included before the styles are registered.
  sed -i -e '/^set(STANDARD_PACKAGES/a\  ML-OPENMTP' \
         -e '0,/^foreach(PKG_WITH_INCL /s//foreach(PKG_WITH_INCL ML-OPENMTP /' "$cmakelists"
fi
echo "install-into-lammps: ML-OPENMTP installed in $lammps (cmake ... -D PKG_ML-OPENMTP=on -D OpenMTP_DIR=<openmtp build>)"
