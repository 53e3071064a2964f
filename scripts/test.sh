#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: the C++ unit and command tests (ctest), the
# parser tests again under AddressSanitizer/UBSan, the fuzz targets briefly, and the Python tests.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
scripts/setup.sh
jobs="$(nproc)"

# The LAMMPS styles and the Python module are optional in CMake (a user may lack LAMMPS or pybind11), but
# set-up installs everything they need: here their absence is a failure, not a silent skip of their tests.
if [ "${OPENMTP_ALLOW_PARTIAL:-0}" != "1" ]; then
  [ -x build/bin/lmp_openmtp ] || { echo "test: build/bin/lmp_openmtp was not built (see cmake's output; set OPENMTP_ALLOW_PARTIAL=1 to test without it)" >&2; exit 1; }
  ls build/python/openmtp/_core*.so >/dev/null 2>&1 || { echo "test: the Python module was not built in build/python (set OPENMTP_ALLOW_PARTIAL=1 to test without it)" >&2; exit 1; }
fi

# LAMMPS 4 Feb 2025 (Debian 13's source) with the ML-OPENMTP package, PLUGIN and LAMMPS's force-style harness:
# ctest then runs the LAMMPS tests against Debian 12's LAMMPS, the 2025 package and the 2025 plugin, and the
# harness (docs/LAMMPS.md). Built once into third_party/lammps-2025-build and reused.
if [ -d third_party/lammps-2025/src ]; then
  echo "== LAMMPS 4 Feb 2025 with ML-OPENMTP"
  # -O1: the tests need LAMMPS's correctness, not its speed, and CI's 2 cores its build time (the script says why).
  OPENMTP_LAMMPS_OPT="${OPENMTP_LAMMPS_OPT:--O1}" scripts/build-lammps-2025.sh build
elif [ "${OPENMTP_ALLOW_PARTIAL:-0}" != "1" ] && [ "${OPENMTP_SKIP_LAMMPS_2025:-0}" != "1" ]; then
  echo "test: third_party/lammps-2025 was not fetched (scripts/fetch-lammps-source.sh; set OPENMTP_ALLOW_PARTIAL=1 to test without it)" >&2
  exit 1
fi

echo "== unit and command tests"
(cd build && ctest --output-on-failure -j "$jobs")

if [ "${OPENMTP_SKIP_SANITIZE:-0}" != "1" ]; then
  echo "== parser tests under AddressSanitizer and UBSan"
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOPENMTP_SANITIZE=ON -DOPENMTP_BENCH=OFF >/dev/null
  cmake --build build-asan -j "$jobs" --target mlp $(cd build-asan && ls -1 ../tests/unit 2>/dev/null | sed -n 's/\(io_.*_test\)\.cpp$/\1/p')
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j "$jobs" -R '^(Cfg|ExtXyz|Outcar|Poscar|Lammps|Convert)')
fi

if [ -x scripts/fuzz.sh ] && [ "${OPENMTP_SKIP_FUZZ:-0}" != "1" ]; then
  echo "== fuzz targets, briefly"
  scripts/fuzz.sh 20
fi

if [ -d python/tests ] && ls python/tests/test_*.py >/dev/null 2>&1; then
  echo "== Python tests, against the package installed offline into a fresh virtual environment"
  # pip wheel builds the wheel from this checkout, reusing build/ (OPENMTP_CMAKE_BUILD_DIR: only the module and
  # mlp are brought up to date there); the venv sees Debian's numpy, ASE and pytest (--system-site-packages).
  venv="$here/build/python-venv"
  rm -rf "$venv" "$here/build/wheels"
  /usr/bin/python3 -m venv --system-site-packages "$venv"
  OPENMTP_CMAKE_BUILD_DIR="$here/build" "$venv/bin/python" -m pip wheel -q --no-build-isolation --no-index --no-deps \
    -w "$here/build/wheels" "$here"
  "$venv/bin/python" -m pip install -q --no-index --no-deps "$here"/build/wheels/openmtp-*.whl
  (unset PYTHONPATH OPENMTP_BUILD_DIR; cd "$here/python/tests" && OPENMTP_EXPECT_INSTALLED=1 "$venv/bin/python" -m pytest -q .)
fi
