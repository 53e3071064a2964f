#!/usr/bin/env bash
# Active learning against training on random MD snapshots, for the same number of oracle calls
# (docs/ACTIVE_LEARNING.md records the numbers). Needs a build (scripts/setup.sh) and Debian's lmp.
#   scripts/al_compare.sh [WORK_DIR]            default build/al-compare
# 1. hold-out: EAM MD snapshots at 960 K (1.2 x the highest exploration temperature), fcc and fcc with a vacancy;
# 2. active learning: examples/active-learning/settings.toml to convergence; N = its training-set size, which is
#    the number of oracle calls it made for training;
# 3. baseline: EAM MD from the same starting structures at the same temperatures (300 and 800 K, 1 ps each,
#    a snapshot every 10 fs), N snapshots drawn at random (three draws), computed by the same oracle and
#    trained with the same settings (mlp active-learn --initial-set=... --max-iter=0);
# 4. a table of hold-out errors (mean and maximum) of every potential.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mlp="$here/build/bin/mlp"
example="$here/examples/active-learning"
work="${1:-$here/build/al-compare}"
if [ -e "$work" ] && [ ! -f "$work/.openmtp-al-compare" ] && [ -n "$(ls -A "$work" 2>/dev/null)" ]; then
  echo "al_compare.sh: $work exists and was not made by this script; give a new or empty folder" >&2
  exit 2
fi
rm -rf "$work"; mkdir -p "$work"; touch "$work/.openmtp-al-compare"  # emptied only when this script made it

md() {  # md OUT.cfg -var ...
  local out="$1"; shift
  lmp -in "$example/md_eam.lammps" -var out "$out.dump" -screen none -log none "$@"
  "$mlp" convert-cfg "$out.dump" "$out" --input-format=lammps-dump > /dev/null
}

md "$work/holdout_fcc.cfg" -var temp 960 -var steps 2500 -var every 250 -var seed 4928
md "$work/holdout_vac.cfg" -var temp 960 -var vac yes -var steps 2500 -var every 250 -var seed 4929
cat "$work/holdout_fcc.cfg" "$work/holdout_vac.cfg" > "$work/holdout.cfg"

"$mlp" active-learn "$example/settings.toml" --work-dir="$work/al" --holdout="$work/holdout.cfg" > "$work/al.log"
n=$(tail -1 "$work/al/report.csv" | cut -d, -f2)
echo "active learning converged with $n training configurations (oracle calls for training)"

"$mlp" convert-cfg "$example/starts.cfg" "$work/start.data" --output-format=lammps-datafile > /dev/null
: > "$work/pool.cfg"
seed=100
for k in 0 1 2 3; do
  for t in 300 800; do
    seed=$((seed + 1))
    md "$work/md_${k}_$t.cfg" -var data "$work/start.data$k" -var from_data 1 -var temp "$t" -var steps 1000 \
       -var every 10 -var seed "$seed"
    cat "$work/md_${k}_$t.cfg" >> "$work/pool.cfg"
  done
done

for draw in 1 2 3; do
  /usr/bin/python3 - "$work/pool.cfg" "$work/random_$draw.cfg" "$n" "$draw" <<'PY'
import random, sys
text = open(sys.argv[1]).read()
blocks = ["BEGIN_CFG" + b.split("END_CFG")[0] + "END_CFG\n\n" for b in text.split("BEGIN_CFG")[1:]]
random.seed(int(sys.argv[4]))
pick = sorted(random.sample(range(len(blocks)), int(sys.argv[3])))
open(sys.argv[2], "w").write("".join(blocks[i] for i in pick))
PY
  "$mlp" active-learn "$example/settings.toml" --work-dir="$work/random_$draw" --holdout="$work/holdout.cfg" \
      --initial-set="$work/random_$draw.cfg" --max-iter=0 > "$work/random_$draw.log" || true
done

/usr/bin/python3 - "$work" <<'PY'
import csv, sys, os
work = sys.argv[1]
def last(path):
    return list(csv.DictReader(open(path)))[-1]
print("| training set | oracle calls | hold-out energy MAE / max (meV/atom) | hold-out force component MAE / max (meV/A) |")
print("|---|---|---|---|")
runs = [("active learning", os.path.join(work, "al"))] + [("random MD snapshots, draw %d" % d, os.path.join(work, "random_%d" % d)) for d in (1, 2, 3)]
for name, d in runs:
    r = last(os.path.join(d, "report.csv"))
    print("| %s | %s | %.3f / %.3f | %.1f / %.1f |" % (name, r["training_set"], 1000 * float(r["holdout_energy_mae"]),
          1000 * float(r["holdout_energy_max"]), 1000 * float(r["holdout_force_component_mae"]), 1000 * float(r["holdout_force_component_max"])))
PY
