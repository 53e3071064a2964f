#!/usr/bin/env bash
# Microseconds per atom-step of OpenMTP's LAMMPS pair style, one thread per rank, at MTP levels 16 and 20,
# beside MLIP-2's calc-efs figures (../shared/reference/mlip2/PERF.md).
#   bench/lammps_bench.sh [repetitions (3)] [steps (20)]
# LMP: the LAMMPS executable (default build/bin/lmp_openmtp, Debian's LAMMPS 29 Sep 2021; LAMMPS 4 Feb 2025 with
# the package: LMP=third_party/lammps-2025-build/lmp). RANKS: MPI ranks (default 1; CPU time is summed over
# ranks, so with 2 ranks the figure is the total CPU cost, and the wall-clock Pair column shows the speed-up).
# Cost per atom-step = (CPU user time of a run of `steps` MD steps - that of a run of 0 steps) / (atoms * steps),
# so set-up, reading the potential and the neighbour count are left out, and time the process spends waiting
# for a core on a shared machine is not counted. LAMMPS's wall-clock "Pair" time is shown beside it. The
# median of the repetitions is kept. Untrained templates cost what trained potentials of the same level cost
# (the work does not depend on coefficient values).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lmp="${LMP:-$here/build/bin/lmp_openmtp}"
shared="${OPENMTP_SHARED_DIR:-$here/../shared}"
ranks="${RANKS:-1}"
launch=()
[ "$ranks" -gt 1 ] && launch=(mpirun --allow-run-as-root --oversubscribe -np "$ranks")
reps="${1:-3}"
steps="${2:-20}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# name | potential | lattice | a | cells | cutoff | mass
cases=(
  "Mo bcc L16 (untrained template)|$shared/reference/mlip2/untrained_mtps/16.mtp|bcc|3.147|10|5.0|95.95"
  "Mo bcc L20 (untrained template)|$shared/reference/mlip2/untrained_mtps/20.mtp|bcc|3.147|10|5.0|95.95"
  "Cu fcc L20 (mlearn maml_fitted)|$shared/data/mlearn/Cu/maml_fitted.mtp|fcc|3.62|10|3.9|63.546"
)
cpu_seconds() {  # CPU user seconds of the command
  /usr/bin/python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime)' "$@"
}
printf '| case | atoms | neighbours/atom | us/atom-step (CPU, median of %s) | us/(atom-step-neighbour) | LAMMPS Pair wall us/atom-step |\n' "$reps"
printf '|---|---|---|---|---|---|\n'
for c in "${cases[@]}"; do
  IFS='|' read -r name pot lattice a n cutoff mass <<<"$c"
  runs=()
  for ((r = 0; r < reps; ++r)); do
    t=()
    for s in 0 "$steps"; do
      t+=("$(cd "$work" && cpu_seconds "${launch[@]}" "$lmp" -in "$here/bench/lammps_bench.in" -log bench.log -screen none \
        -echo none -var pot "$pot" -var lattice "$lattice" -var a "$a" -var n "$n" -var steps "$s" \
        -var cutoff "$cutoff" -var mass "$mass" | tail -n1)")
    done
    atoms=$(awk '/^Loop time of/ {n=$(NF-1)} END {print n}' "$work/bench.log")
    pair=$(awk '/^Pair / {t=$5} END {print t}' "$work/bench.log")
    nbrs=$(awk '/^BENCH neighbours/ {print $3}' "$work/bench.log")
    us=$(awk -v a="${t[0]}" -v b="${t[1]}" -v n="$atoms" -v s="$steps" 'BEGIN {printf "%.2f", 1e6 * (b - a) / (n * s)}')
    wall=$(awk -v t="$pair" -v n="$atoms" -v s="$steps" 'BEGIN {printf "%.2f", 1e6 * t / (n * s)}')
    runs+=("$us $wall")
  done
  read -r median medianwall < <(printf '%s\n' "${runs[@]}" | sort -g | sed -n "$(( (reps + 1) / 2 ))p")
  per_nb=$(awk -v u="$median" -v k="$nbrs" 'BEGIN {printf "%.3f", u / k}')
  printf '| %s | %s | %.1f | %s | %s | %s |\n' "$name" "$atoms" "$nbrs" "$median" "$per_nb" "$medianwall"
done
