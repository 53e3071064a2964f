#!/usr/bin/env bash
# Installs the Debian packages OpenMTP needs (only those missing), then configures and builds into build/.
# Idempotent: a second run installs nothing and rebuilds only what changed.
#   scripts/setup.sh              packages + build
#   scripts/setup.sh --no-build   packages only
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

packages=(
  cmake g++ make pkg-config
  libeigen3-dev libopenmpi-dev openmpi-bin
  libgtest-dev libgmock-dev googletest libbenchmark-dev libyaml-cpp-dev
  clang libclang-rt-14-dev
  nlohmann-json3-dev libtomlplusplus-dev
  python3-dev pybind11-dev python3-numpy python3-ase python3-pytest python3-matplotlib
  python3-pip python3-venv python3-setuptools python3-wheel python3-pybind11 python3-build
  lammps liblammps-dev python3-lammps lammps-data
  quantum-espresso quantum-espresso-data
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ -x scripts/fetch-lammps-headers.sh ]; then
  scripts/fetch-lammps-headers.sh
fi
# LAMMPS 4 Feb 2025's source (Debian 13's package), for the 2025 plugin and package; scripts/test.sh builds it.
# Without it (no Debian mirror reachable) OpenMTP builds and tests against Debian's LAMMPS only.
if [ -x scripts/fetch-lammps-source.sh ] && [ "${OPENMTP_SKIP_LAMMPS_2025:-0}" != "1" ]; then
  scripts/fetch-lammps-source.sh || echo "setup: LAMMPS 2025 source not fetched; its tests will not run" >&2
fi

[ "${1:-}" = "--no-build" ] && exit 0

jobs="$(nproc)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DPYTHON_EXECUTABLE=/usr/bin/python3
cmake --build build -j "$jobs"
