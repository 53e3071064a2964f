#!/usr/bin/env bash
# Regenerates untrained_mtps/02.mtp .. 28.mtp with `mlp make-template` (the moment-basis generator), the same
# levels and settings as MLIP-2's untrained_mtps: one species, RBChebyshev on [2, 5] with 8 polynomials.
# Usage: scripts/make-templates.sh [path/to/mlp]   (default: build/bin/mlp, built if missing)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
mlp="${1:-build/bin/mlp}"
if [ ! -x "$mlp" ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build -j2 --target mlp
  mlp=build/bin/mlp
fi
mkdir -p untrained_mtps
for level in 02 04 06 08 10 12 14 16 18 20 22 24 26 28; do
  "$mlp" make-template "untrained_mtps/$level.mtp" --level="$level" --species-count=1 --min-dist=2 --max-dist=5 \
    --radial-basis-size=8
done
echo "wrote untrained_mtps/02.mtp .. 28.mtp"
