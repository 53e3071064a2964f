#!/usr/bin/env bash
# OpenMTP's main job on a fresh machine: install and build (scripts/setup.sh), then automated active learning of
# Cu with an EAM potential as the oracle, from four starting structures to convergence (an exploration in which
# nothing extrapolates), and where the potential, the report and the plots are.
#   scripts/demo.sh [WORK_DIR]           work in WORK_DIR (default: openmtp-demo in the current folder; a new
#                                        or empty folder, or one an earlier demo made, which is emptied;
#                                        OPENMTP_DEMO_DIR is read too)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(realpath -m "${1:-${OPENMTP_DEMO_DIR:-$PWD/openmtp-demo}}")"
# The folder is emptied before the run: only one this script made (it leaves a marker) or an empty one, never a
# folder of the user's own files given by mistake.
if [ -e "$work" ] && [ ! -f "$work/.openmtp-demo" ] && [ -n "$(ls -A "$work" 2>/dev/null)" ]; then
  echo "demo.sh: $work exists and was not made by this script; give a new or empty folder" >&2
  exit 2
fi
cd "$here"
start=$(date +%s)
scripts/setup.sh
built=$(date +%s)
mlp="$here/build/bin/mlp"
example="$here/examples/active-learning"
rm -rf "$work"; mkdir -p "$work"; touch "$work/.openmtp-demo"

settings="$example/settings.toml"
engine=()
if [ ! -x "$here/build/bin/lmp_openmtp" ]; then
  # Without the LAMMPS styles the loop explores with its in-process MD instead.
  echo "demo: build/bin/lmp_openmtp is missing; exploring with the in-process MD engine"
  engine=(--engine=internal)
fi

echo "== hold-out set: EAM MD snapshots at 960 K (1.2 x the highest exploration temperature), never trained on"
for v in no yes; do
  lmp -in "$example/md_eam.lammps" -var temp 960 -var vac "$v" -var steps 2500 -var every 250 -var seed "$([ "$v" = yes ] && echo 4929 || echo 4928)" \
      -var out "$work/holdout_$v.dump" -screen none -log none
  "$mlp" convert-cfg "$work/holdout_$v.dump" "$work/holdout_$v.cfg" --input-format=lammps-dump > /dev/null
done
cat "$work/holdout_no.cfg" "$work/holdout_yes.cfg" > "$work/holdout.cfg"

echo "== active learning (mlp active-learn $settings)"
status=0
"$mlp" active-learn "$settings" --work-dir="$work/al" --holdout="$work/holdout.cfg" "${engine[@]}" || status=$?
end=$(date +%s)
echo
echo "set-up and build: $((built - start)) s; active learning: $((end - built)) s; total $((end - start)) s"
[ "$status" -eq 0 ] || { echo "demo: active learning did not converge (exit status $status)"; exit "$status"; }
echo "potential (with its active set): $work/al/final.almtp"
echo "report:                          $work/al/report.csv, $work/al/report.json"
echo "plots:                           $work/al/plots/progress.png, $work/al/plots/parity.png"
