#!/usr/bin/env bash
# Test error against CPU time while training, OpenMTP beside MLIP-2 from the same start (issue #20's
# "accuracy against CPU"): mlearn Mo (or another element) at the given levels, the published potential's
# cutoffs, MLIP-2's default procedure from the template's own coefficients (`--init-params=same`, so both
# programs start from the same parameters), one thread.
#   bench/mlearn_accuracy_vs_cpu.sh [element (Mo)] [levels ("16 20")]
# Environment: MLP (default build/bin/mlp), MLIP2_BIN (MLIP-2's mlp, e.g. built by bench/compare_mlip2.sh; no
# MLIP-2 runs without it), MLIP2_ITERS (default "100": MLIP-2 runs of these many iterations, each from the
# start; they are about ten times slower than OpenMTP's), ITERS (default 1000, OpenMTP's --max-iter),
# OPENMTP_SHARED_DIR (default ../shared), WORK (default a new temporary folder, kept).
# OpenMTP runs once per level with a learning curve (`--learning-curve`, a row every 10 iterations: CPU
# seconds since the start, validation energy MAE and force RMS on test.cfg); its rows at 100, 200, 500 and
# 1000 iterations are printed. MLIP-2's potentials are evaluated by OpenMTP's `calc-errors` (MLIP-2's own
# report, identical measures). Output: a table on stdout and $WORK/points.csv, which
# bench/plot_accuracy_vs_cpu.py draws.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mlp="${MLP:-$here/build/bin/mlp}"
shared="${OPENMTP_SHARED_DIR:-$here/../shared}"
element="${1:-Mo}"
read -r -a levels <<<"${2:-16 20}"
data="$shared/data/mlearn/$element"
[ -f "$data/train.cfg" ] || { echo "mlearn_accuracy_vs_cpu.sh: needs $data/train.cfg (../shared beside the project)" >&2; exit 2; }
work="${WORK:-$(mktemp -d)}"
mkdir -p "$work"
echo "work folder: $work" >&2

value() {  # value <file> <key>: a published .mtp header line "key = value"
  awk -F= -v k="$2" '{gsub(/[ \t]/, "", $1)} $1 == k {gsub(/[ \t]/, "", $2); print $2; exit}' "$1"
}
report() {  # report <calc-errors output>: energy per atom MAE (meV), force RMS (eV/A)
  awk '/Energy per atom:/ {b = "e"} /^Forces:/ {b = "f"} /Stresses/ {b = ""}
       b == "e" && /Average absolute difference/ {e = $NF} b == "f" && /RMS     absolute difference/ {f = $NF}
       END {printf "%.3f,%.4f", 1000 * e, f}' "$1"
}

published="$data/maml_fitted.mtp"
points="$work/points.csv"
echo "program,level,iterations,cpu_seconds,energy_mae_meV_per_atom,force_rms_eV_per_A" > "$points"
for level in "${levels[@]}"; do
  dir="$work/L$level"
  mkdir -p "$dir"
  "$mlp" make-template "$dir/start.mtp" --level="$level" --min-dist="$(value "$published" min_dist)" \
    --max-dist="$(value "$published" max_dist)" > /dev/null
  "$mlp" train "$dir/start.mtp" "$data/train.cfg" --init-params=same --max-iter="${ITERS:-1000}" --threads=1 \
    --valid-cfgs="$data/test.cfg" --learning-curve="$dir/curve.csv" --curve-every=10 \
    --trained-pot-name="$dir/openmtp.mtp" --log="$dir/openmtp.log"
  # Rows of the training stage at the iterations of the table, and the last one (convergence may come first).
  awk -F, -v level="$level" '
    NR > 1 && $1 == "training" { last = $0; n = $2
      if (n == 100 || n == 200 || n == 500 || n == 1000) printf "OpenMTP,%s,%d,%s,%s,%s\n", level, n, $4, $9, $10 / 1000 }
    END { split(last, f, ","); if (f[2] != 100 && f[2] != 200 && f[2] != 500 && f[2] != 1000)
            printf "OpenMTP,%s,%d,%s,%s,%s\n", level, f[2], f[4], f[9], f[10] / 1000 }' "$dir/curve.csv" >> "$points"
  if [ -n "${MLIP2_BIN:-}" ]; then
    for n in ${MLIP2_ITERS:-100}; do
      /usr/bin/time -f '%U %S' -o "$dir/mlip2_$n.time" "$MLIP2_BIN" train "$dir/start.mtp" "$data/train.cfg" \
        --init-params=same --max-iter="$n" --trained-pot-name="$dir/mlip2_$n.mtp" > "$dir/mlip2_$n.log" 2>&1
      "$mlp" calc-errors "$dir/mlip2_$n.mtp" "$data/test.cfg" > "$dir/mlip2_$n.errors"
      echo "MLIP-2,$level,$n,$(awk '{print $1 + $2}' "$dir/mlip2_$n.time"),$(report "$dir/mlip2_$n.errors")" >> "$points"
    done
  fi
done
"$mlp" calc-errors "$published" "$data/test.cfg" > "$work/published.errors"
echo "published,,,,$(report "$work/published.errors")" >> "$points"
printf '| program | level | iterations | CPU s | test E/atom MAE meV | test F RMS eV/A |\n|---|---|---|---|---|---|\n'
tail -n +2 "$points" | awk -F, '{printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6}'
