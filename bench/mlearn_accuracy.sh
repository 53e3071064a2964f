#!/usr/bin/env bash
# The accuracy table of docs/ACCURACY.md: train an MTP on each mlearn element (Zuo et al. 2020) with the
# published potential's cutoffs and basis size, then compare the test-set errors with those of the published
# potential (maml_fitted.mtp) evaluated by the same `mlp calc-errors`.
#   bench/mlearn_accuracy.sh [elements (Cu Ge Li Mo Si)]
# Environment: MLP (default build/bin/mlp), OPENMTP_SHARED_DIR (default ../shared), WORK (default a new
# temporary folder, kept), EXTRA (more `mlp train` options, e.g. "--max-iter=300" for a short run).
# Long: a full default training is 10 (Li) to 130 (Si, Ge) CPU minutes per element on one core.
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

echo "work folder: $work" >&2
printf '| El | run | level (basis) | test E/atom MAE meV | E/atom RMS meV | F average eV/A | F RMS eV/A | CPU min |\n'
printf '|---|---|---|---|---|---|---|---|\n'
for el in "${elements[@]}"; do
  published="$data/$el/maml_fitted.mtp"
  [ -f "$data/$el/train.cfg" ] || { echo "$el: no train.cfg in $data/$el, skipped" >&2; continue; }
  basis="$(value "$published" alpha_scalar_moments)"
  case "$basis" in 92) level=16 ;; 288) level=20 ;; 864) level=24 ;; *) echo "$el: unexpected basis $basis" >&2; exit 1 ;; esac
  dir="$work/$el"
  mkdir -p "$dir"
  "$mlp" make-template "$dir/start.mtp" --level="$level" --min-dist="$(value "$published" min_dist)" \
    --max-dist="$(value "$published" max_dist)" > /dev/null
  # shellcheck disable=SC2086
  /usr/bin/time -f '%U' -o "$dir/cpu.txt" "$mlp" train "$dir/start.mtp" "$data/$el/train.cfg" --seed=1 \
    --valid-cfgs="$data/$el/test.cfg" --trained-pot-name="$dir/trained.mtp" --checkpoint="$dir/checkpoint.mtp" \
    ${EXTRA:-} > "$dir/train.log"
  "$mlp" calc-errors "$published" "$data/$el/test.cfg" > "$dir/published.txt"
  cpu="$(awk '{printf "%.1f", $1 / 60}' "$dir/cpu.txt")"
  printf '| %s | OpenMTP | %s (%s) | %s | %s |\n' "$el" "$level" "$basis" "$(errors "$dir/train.log" "VALIDATION ERRORS")" "$cpu"
  printf '| %s | published (maml_fitted.mtp) | | %s | |\n' "$el" "$(errors "$dir/published.txt" "Errors report")"
done
