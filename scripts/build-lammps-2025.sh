#!/usr/bin/env bash
# Builds LAMMPS 4 Feb 2025 (fetched by scripts/fetch-lammps-source.sh into third_party/lammps-2025/) with CMake
# into third_party/lammps-2025-build/ (git-ignored): shared library, MPI, the PLUGIN package, OpenMTP's
# ML-OPENMTP package built in, and LAMMPS's own force-style harness (targets lmp and test_pair_style only).
# A second run rebuilds only what changed. One build serves the three tests: the package (lmp), the plugin
# (build/lib/lammps-2025/openmtp_plugin.so, loaded into the same lmp, where it replaces the built-in styles:
# LAMMPS says "Loading plugin: OpenMTP ..." and the tests check it) and the harness.
# No other LAMMPS package: the tests need none, and on 2 cores each package costs CI minutes.
#   scripts/build-lammps-2025.sh [OPENMTP_BUILD_DIR]
# OPENMTP_BUILD_DIR (default build/) is the OpenMTP build folder whose OpenMTPConfig.cmake and libopenmtp.a
# the package links to; it must be built (target openmtp) first.
# googletest: LAMMPS's harness downloads googletest 1.12.1; it gets Debian's copy of the same release
# (/usr/src/googletest, package googletest) as a local archive instead, so nothing is downloaded.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$here/third_party/lammps-2025"
openmtp_build="$(cd "${1:-$here/build}" && pwd)"
jobs="${OPENMTP_LAMMPS_JOBS:-$(nproc)}"

"$here/scripts/fetch-lammps-source.sh"
[ -f "$src/cmake/CMakeLists.txt" ] || { echo "build-lammps-2025: no LAMMPS source in $src" >&2; exit 1; }
[ -f "$openmtp_build/OpenMTPConfig.cmake" ] && [ -f "$openmtp_build/libopenmtp.a" ] ||
  { echo "build-lammps-2025: build OpenMTP first (cmake --build $openmtp_build --target openmtp)" >&2; exit 1; }
"$here/lammps/ML-OPENMTP/install-into-lammps.sh" "$src" >/dev/null

launcher=()
command -v ccache >/dev/null && launcher=(-D CMAKE_CXX_COMPILER_LAUNCHER=ccache -D CMAKE_C_COMPILER_LAUNCHER=ccache)
dir="$here/third_party/lammps-2025-build"
mkdir -p "$dir/_local"
# Debian's googletest sources as the archive LAMMPS's ExternalCMakeProject unpacks (top folder googletest-*).
gtest_archive="$dir/_local/googletest-system.tar.gz"
if [ ! -f "$gtest_archive" ]; then
  [ -f /usr/src/googletest/CMakeLists.txt ] || { echo "build-lammps-2025: install the googletest package" >&2; exit 1; }
  tar -czf "$gtest_archive" -C /usr/src --transform 's,^googletest,googletest-system,' googletest
fi
start=$(date +%s)
# OPENMTP_LAMMPS_OPT (default -O3, CMake's Release) sets LAMMPS's own optimisation: scripts/test.sh passes -O1, which
# compiles its ~370 sources in about 60 % of the CPU time (measured on 6 core sources: 10.4 s against 17.0 s) and
# is plenty for the tests' small systems; benchmarks want the default. The OpenMTP library it links is built apart.
opt="${OPENMTP_LAMMPS_OPT:--O3}"
cmake -S "$src/cmake" -B "$dir" -D CMAKE_BUILD_TYPE=Release -D "CMAKE_CXX_FLAGS_RELEASE=$opt -DNDEBUG" \
  -D "CMAKE_C_FLAGS_RELEASE=$opt -DNDEBUG" "${launcher[@]}" -D BUILD_SHARED_LIBS=on \
  -D BUILD_MPI=on -D BUILD_OMP=off -D PKG_PLUGIN=on -D PKG_MANYBODY=off -D PKG_ML-OPENMTP=on \
  -D "OpenMTP_DIR=$openmtp_build" -D WITH_JPEG=off -D WITH_PNG=off -D WITH_FFMPEG=off -D WITH_GZIP=off \
  -D WITH_CURL=off -D DOWNLOAD_POTENTIALS=off -D ENABLE_TESTING=on \
  -D "GTEST_URL=file://$gtest_archive" -D "GTEST_MD5=$(md5sum "$gtest_archive" | awk '{print $1}')" \
  >"$dir/_local/configure.log" || { cat "$dir/_local/configure.log" >&2; exit 1; }
nice -n 10 cmake --build "$dir" -j "$jobs" --target lmp test_pair_style
end=$(date +%s)
echo "build-lammps-2025: $(( end - start )) s (configure + build, -j $jobs), $(date -u +%FT%TZ)" |
  tee -a "$dir/_local/build-times.log"
