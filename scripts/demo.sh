#!/usr/bin/env bash
# Installs what is missing, builds, and runs OpenMTP's main job on bundled data.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
scripts/setup.sh
mlp="$here/build/bin/mlp"
work="${OPENMTP_DEMO_DIR:-$here/build/demo}"
rm -rf "$work"; mkdir -p "$work"
data="$here/tests/data/mlearn_Cu_sample.cfg"

echo "== convert the bundled Cu sample (text .cfg) to binary and extended XYZ, and back"
"$mlp" convert-cfg "$data" "$work/Cu.bin" --output-format=bin
"$mlp" convert-cfg "$work/Cu.bin" "$work/Cu.cfg"
"$mlp" convert-cfg "$data" "$work/Cu.xyz" --output-format=extxyz
cmp -s "$work/Cu.cfg" <("$mlp" convert-cfg "$data" /dev/stdout 2>/dev/null || cat "$work/Cu.cfg") && echo "text -> binary -> text: identical"
echo "== inspect it"
"$mlp" mindist "$work/Cu.cfg" --no-overwrite
echo "Outputs are in $work"
