#!/usr/bin/env bash
# The accuracy table of docs/ACCURACY.md: train an MTP on each mlearn element (Zuo et al. 2020) with the
# published potential's cutoffs and basis size, then compare the test-set errors with those of the published
# potential (maml_fitted.mtp) evaluated by the same `mlp calc-errors`.
#   bench/mlearn_accuracy.sh [elements (Cu Ge Li Mo Si)]
# Environment: MLP (default build/bin/mlp), OPENMTP_SHARED_DIR (default ../shared), WORK (default a new
# temporary folder, kept), EXTRA (more `mlp train` options, e.g. "--max-iter=300" for a short run).
# Long: a full default training is 10 (Li) to 130 (Si, Ge) CPU minutes per element on one core.
# RECIPE=shipped: instead of MLIP-2's default procedure, each element's stages as potentials/mlearn/README.md
# gives them (Mo three, Ge four, each starting from the last stage's potential), then the paper's measures
# (bench/mlearn_component_mae.py, needs build/python) beside the shipped file's; EXTRA goes last on every stage
# (EXTRA="--max-iter=2" checks the stages in minutes).
# Each element's level and cutoffs are those of its maml_fitted.mtp: basis 92 functions = level 16,
# 288 = level 20, 864 = level 24 (docs/TEMPLATES.md).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mlp="${MLP:-$here/build/bin/mlp}"
shared="${OPENMTP_SHARED_DIR:-$here/../shared}"
data="$shared/data/mlearn"
[ -d "$data" ] || { echo "mlearn_accuracy.sh: needs $data (../shared beside the project)" >&2; exit 2; }
work="${WORK:-$(mktemp -d)}"
mkdir -p "$work"
elements=("$@")
[ ${#elements[@]} -gt 0 ] || elements=(Cu Ge Li Mo Si)

value() {  # value <file> <value> of a published .mtp header line "key = value"
  awk -F= -v k="$2" '{gsub(/[ \t]/, "", $1)} $1 == k {gsub(/[ \t]/, "", $2); print $2; exit}' "$1"
}
errors() {  # errors <calc-errors or train log> <section>: E/atom MAE, E/atom RMS (meV), F average, F RMS (eV/A)
  awk -v section="$2" '
    index($0, section) { on = 1 }
    on && /Energy per atom:/ { block = "e" } on && /^Forces:/ { block = "f" } on && /Stresses/ { block = "" }
    on && block != "" && /Average absolute difference/ { avg[block] = $NF }
    on && block != "" && /RMS     absolute difference/ { rms[block] = $NF }
    END { printf "%.2f | %.2f | %.4f | %.4f", 1000 * avg["e"], 1000 * rms["e"], avg["f"], rms["f"] }' "$1"
}

# The stages of each shipped potential (potentials/mlearn/README.md), one line of `mlp train` options each.
shipped_stages() {
  case "$1" in
    Cu) echo "--seed=1 --stress-weight=0" ;;
    Li) echo "--seed=2" ;;
    Si) echo "--seed=1 --skip-final-refit" ;;
    Mo) printf '%s\n' "--seed=1 --stress-weight=0" "--seed=1 --stress-weight=0" \
          "--seed=1 --stress-weight=0 --force-weight=0.003 --energy-based-weights=0.1" ;;
    Ge) printf '%s\n' "--seed=1 --max-iter=537 --skip-final-refit" "--seed=1 --force-weight=0.003 --max-iter=350 --skip-final-refit" \
          "--seed=1 --force-weight=0.003 --energy-based-weights=0.1" "--seed=1 --force-weight=0.003 --energy-based-weights=0.1" ;;
    *) return 1 ;;
  esac
}

# start_template EL FILE: the untrained template at EL's published level and cutoffs into FILE; sets `level`,
# `basis` and `published` (EL's maml_fitted.mtp).
start_template() {
  published="$data/$1/maml_fitted.mtp"
  basis="$(value "$published" alpha_scalar_moments)"
  case "$basis" in 92) level=16 ;; 288) level=20 ;; 864) level=24 ;; *) echo "$1: unexpected basis $basis" >&2; exit 1 ;; esac
  mkdir -p "$(dirname "$2")"
  "$mlp" make-template "$2" --level="$level" --min-dist="$(value "$published" min_dist)" \
    --max-dist="$(value "$published" max_dist)" > /dev/null
}

echo "work folder: $work" >&2
if [ "${RECIPE:-}" = shipped ]; then
  printf '| El | stages | CPU min | test E MAE meV/atom | test F component MAE eV/A | shipped file E / F |\n|---|---|---|---|---|---|\n'
  for el in "${elements[@]}"; do
    dir="$work/$el"
    start_template "$el" "$dir/stage0.mtp"
    stage=0 cpu=0
    while read -r options; do
      next=$((stage + 1))
      # shellcheck disable=SC2086
      /usr/bin/time -f '%U' -o "$dir/cpu$next.txt" "$mlp" train "$dir/stage$stage.mtp" "$data/$el/train.cfg" $options \
        --threads=1 --valid-cfgs="$data/$el/test.cfg" --trained-pot-name="$dir/stage$next.mtp" ${EXTRA:-} > "$dir/train$next.log"
      cpu=$(awk -v c="$cpu" '{print c + $1}' "$dir/cpu$next.txt")
      stage=$next
    done < <(shipped_stages "$el")
    shipped=("$here/potentials/mlearn/${el}"_L*.mtp)
    ours=$(PYTHONPATH="$here/build/python:$here/python" OPENMTP_SHARED_DIR="$shared" /usr/bin/python3 \
      "$here/bench/mlearn_component_mae.py" "$el=$dir/stage$stage.mtp" "$el=${shipped[0]}")
    printf '| %s | %s | %s | %s | %s | %s |\n' "$el" "$stage" "$(awk -v c="$cpu" 'BEGIN {printf "%.1f", c / 60}')" \
      "$(echo "$ours" | awk 'NR == 1 {print $2}')" "$(echo "$ours" | awk 'NR == 1 {print $3}')" \
      "$(echo "$ours" | awk 'NR == 2 {print $2 " / " $3}')"
  done
  exit 0
fi
printf '| El | run | level (basis) | test E/atom MAE meV | E/atom RMS meV | F average eV/A | F RMS eV/A | CPU min |\n'
printf '|---|---|---|---|---|---|---|---|\n'
for el in "${elements[@]}"; do
  [ -f "$data/$el/train.cfg" ] || { echo "$el: no train.cfg in $data/$el, skipped" >&2; continue; }
  dir="$work/$el"
  start_template "$el" "$dir/start.mtp"
  # shellcheck disable=SC2086
  /usr/bin/time -f '%U' -o "$dir/cpu.txt" "$mlp" train "$dir/start.mtp" "$data/$el/train.cfg" --seed=1 \
    --valid-cfgs="$data/$el/test.cfg" --trained-pot-name="$dir/trained.mtp" --checkpoint="$dir/checkpoint.mtp" \
    ${EXTRA:-} > "$dir/train.log"
  "$mlp" calc-errors "$published" "$data/$el/test.cfg" > "$dir/published.txt"
  cpu="$(awk '{printf "%.1f", $1 / 60}' "$dir/cpu.txt")"
  printf '| %s | OpenMTP | %s (%s) | %s | %s |\n' "$el" "$level" "$basis" "$(errors "$dir/train.log" "VALIDATION ERRORS")" "$cpu"
  printf '| %s | published (maml_fitted.mtp) | | %s | |\n' "$el" "$(errors "$dir/published.txt" "Errors report")"
done
