#!/usr/bin/env bash
# Builds LAMMPS 4 Feb 2025 (fetched by scripts/fetch-lammps-source.sh into third_party/lammps-2025/) with CMake
# into third_party/lammps-2025-build/ (git-ignored): shared library, MPI, the PLUGIN and MANYBODY packages,
# OpenMTP's ML-OPENMTP package, and LAMMPS's own force-style test harness (unittest/force-styles). Only the
# targets the tests use are built (lmp, liblammps, test_pair_style); a second run rebuilds only what changed.
#   scripts/build-lammps-2025.sh [OPENMTP_BUILD_DIR]
# OPENMTP_BUILD_DIR (default build/) is the OpenMTP build tree whose libopenmtp.a and OpenMTPConfig.cmake the
# package links to; without it (no OpenMTPConfig.cmake there) LAMMPS is built without ML-OPENMTP.
# googletest: LAMMPS's harness wants to download googletest 1.12.1; it gets Debian's copy of the same release
# (/usr/src/googletest, package googletest) as a local archive, so nothing is downloaded.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$here/third_party/lammps-2025"
build="$here/third_party/lammps-2025-build"
openmtp_build="$(cd "${1:-$here/build}" 2>/dev/null && pwd || true)"
jobs="${OPENMTP_LAMMPS_JOBS:-$(nproc)}"

"$here/scripts/fetch-lammps-source.sh"
[ -f "$src/cmake/CMakeLists.txt" ] || { echo "build-lammps-2025: no LAMMPS source in $src" >&2; exit 1; }
mkdir -p "$build/_local"

# Debian's googletest sources as the archive LAMMPS's ExternalCMakeProject unpacks (top folder googletest-*).
gtest_archive="$build/_local/googletest-system.tar.gz"
if [ ! -f "$gtest_archive" ]; then
  [ -f /usr/src/googletest/CMakeLists.txt ] || { echo "build-lammps-2025: install the googletest package" >&2; exit 1; }
  tar -czf "$gtest_archive" -C /usr/src --transform 's,^googletest,googletest-system,' googletest
fi
gtest_md5="$(md5sum "$gtest_archive" | awk '{print $1}')"

package_args=(-D PKG_ML-OPENMTP=off)
if [ -n "$openmtp_build" ] && [ -f "$openmtp_build/OpenMTPConfig.cmake" ]; then
  "$here/lammps/ML-OPENMTP/install-into-lammps.sh" "$src"
  package_args=(-D PKG_ML-OPENMTP=on -D "OpenMTP_DIR=$openmtp_build")
elif grep -q 'ML-OPENMTP' "$src/cmake/CMakeLists.txt"; then
  :
else
  package_args=()
fi

launcher=()
command -v ccache >/dev/null && launcher=(-D CMAKE_CXX_COMPILER_LAUNCHER=ccache -D CMAKE_C_COMPILER_LAUNCHER=ccache)
start=$(date +%s)
cmake -S "$src/cmake" -B "$build" -D CMAKE_BUILD_TYPE=Release "${launcher[@]}" \
  -D BUILD_SHARED_LIBS=on -D BUILD_MPI=on -D BUILD_OMP=off -D LAMMPS_EXCEPTIONS=on \
  -D PKG_PLUGIN=on -D PKG_MANYBODY=on "${package_args[@]}" \
  -D WITH_JPEG=off -D WITH_PNG=off -D WITH_FFMPEG=off -D WITH_GZIP=off -D WITH_CURL=off \
  -D DOWNLOAD_POTENTIALS=off -D ENABLE_TESTING=on \
  -D "GTEST_URL=file://$gtest_archive" -D "GTEST_MD5=$gtest_md5" >"$build/_local/configure.log"
nice -n 10 cmake --build "$build" -j "$jobs" --target lmp test_pair_style
end=$(date +%s)
echo "build-lammps-2025: $(( end - start )) s wall for configure + build (-j $jobs) on $(date -u +%F)" | tee -a "$build/_local/build-times.log"
