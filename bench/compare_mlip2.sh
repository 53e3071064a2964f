#!/usr/bin/env bash
# Times OpenMTP's `mlp` and MLIP-2's `mlp` side by side, in the same run, on the data of
# ../shared/reference/mlip2/PERF.md: calc-efs on LiTi300 and Mo-all at levels 08, 16, 20, 24, and calc-grade on
# LiTi100+100 and LiTi500+100. Both programs run pinned to one core (taskset -c $CPU), one thread, REPS times
# each, interleaved (MLIP-2, OpenMTP, MLIP-2, ...) so that load from other jobs falls on both alike. Reported:
# median CPU seconds (user + sys of the finished process, from wait4's resource usage, in milliseconds) and
# MLIP-2 / OpenMTP.
#
# MLIP-2 is not part of this repository and none of its code is. Either give its executable (MLIP2_BIN), or give
# MLIP2_SRC, a local copy of its public sources outside this tree (e.g. `git archive` of the mirror's master,
# f433886, PERF.md's commit): the script then builds it there, serially, as PERF.md's reference binary was built
# (`./configure --no-mpi --blas=embedded --compiler=gnu && make mlp`; needs g++ and gfortran), and uses
# $MLIP2_SRC/bin/mlp.
#   MLIP2_SRC=/work/mlip2-src bench/compare_mlip2.sh     or     MLIP2_BIN=/path/to/bin/mlp bench/compare_mlip2.sh
#
# Environment: MLIP2_BIN or MLIP2_SRC, OPENMTP_BIN (default build/bin/mlp), SHARED (default ../shared),
# REPS (default 5), CPU (default 0), ONLY (a regular expression over "efs liti 16"-style case names, default all),
# WORK (scratch folder, default a new temporary one, removed at the end unless KEEP=1).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
if [[ -z ${MLIP2_BIN:-} ]]; then
  [[ -n ${MLIP2_SRC:-} && -x ${MLIP2_SRC}/configure ]] ||
    { echo "compare_mlip2.sh: set MLIP2_BIN (MLIP-2's mlp) or MLIP2_SRC (a copy of its sources)" >&2; exit 2; }
  case $(realpath "$MLIP2_SRC")/ in
    "$here"/*) echo "compare_mlip2.sh: MLIP2_SRC must be outside this repository" >&2; exit 2 ;;
  esac
  if [[ ! -x $MLIP2_SRC/bin/mlp ]]; then
    echo "# building MLIP-2 in $MLIP2_SRC (serial, embedded BLAS; log in $MLIP2_SRC/openmtp-build.log)" >&2
    (cd "$MLIP2_SRC" && ./configure --no-mpi --blas=embedded --compiler=gnu && make mlp) \
      > "$MLIP2_SRC/openmtp-build.log" 2>&1 ||
      { echo "compare_mlip2.sh: building MLIP-2 failed, see $MLIP2_SRC/openmtp-build.log" >&2; exit 2; }
  fi
  MLIP2_BIN=$MLIP2_SRC/bin/mlp
fi
OPENMTP_BIN=${OPENMTP_BIN:-$here/build/bin/mlp}
SHARED=${SHARED:-$here/../shared}
REPS=${REPS:-5}
CPU=${CPU:-0}
ONLY=${ONLY:-.}
for exe in "$MLIP2_BIN" "$OPENMTP_BIN"; do
  [[ -x $exe ]] || { echo "compare_mlip2.sh: $exe is not an executable" >&2; exit 2; }
done
MLIP2_BIN=$(realpath "$MLIP2_BIN")
OPENMTP_BIN=$(realpath "$OPENMTP_BIN")
[[ -d $SHARED/reference/mlip2 ]] || { echo "compare_mlip2.sh: no reference data under $SHARED" >&2; exit 2; }
command -v taskset > /dev/null || { echo "compare_mlip2.sh: taskset (util-linux) is needed" >&2; exit 2; }
[[ -x /usr/bin/python3 ]] || { echo "compare_mlip2.sh: /usr/bin/python3 is needed (it reads the CPU times)" >&2; exit 2; }

WORK=${WORK:-$(mktemp -d)}
mkdir -p "$WORK"
[[ ${KEEP:-0} == 1 ]] || trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

# Inputs, as PERF.md describes them.
liti=$SHARED/reference/mlip2/dev_test/LiTi2O4_01_train.cfgs
awk '/BEGIN_CFG/{n++} n<=300' "$liti" > liti300.cfg
cat "$SHARED/data/mlearn/Mo/test.cfg" "$SHARED/data/mlearn/Mo/train.cfg" > mo_all.cfg
for L in 08 16 20 24; do
  sed -e 's/species_count = 1/species_count = 3/' -e 's/min_dist = 2/min_dist = 1.5/' \
      -e 's/max_dist = 5/max_dist = 5.0/' "$SHARED/reference/mlip2/untrained_mtps/$L.mtp" > liti_$L.mtp
  sed -e 's/min_dist = 2/min_dist = 1.8/' -e 's/max_dist = 5/max_dist = 5.2/' \
      "$SHARED/reference/mlip2/untrained_mtps/$L.mtp" > mo_$L.mtp
done
expected=$SHARED/reference/mlip2/expected
cp "$expected/d_active_learning_LiTi2O4_L16/pot.mtp" grade_pot.mtp
cp "$expected/d_active_learning_LiTi2O4_L16/train.cfg" train100.cfg
cp "$expected/d_active_learning_LiTi2O4_L16/next100.cfg" next100.cfg
cp "$expected/d2_active_learning_LiTi2O4_L16_train500/train500.cfg" train500.cfg
cp "$expected/d2_active_learning_LiTi2O4_L16_train500/new100.cfg" new100.cfg

# cpu_seconds CMD...: runs CMD pinned to one core and prints its user + sys CPU seconds to the millisecond
# (the process's own resource usage from wait4; /usr/bin/time rounds to 10 ms, a tenth of a level-16 run).
cpu_seconds() {
  /usr/bin/python3 - taskset -c "$CPU" "$@" > cpu.txt 2> stderr.txt <<'EOF' ||
import os, sys
pid = os.fork()
if pid == 0:
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    os.execvp(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
print(f"{usage.ru_utime + usage.ru_stime:.3f}")
sys.exit(0 if os.waitstatus_to_exitcode(status) == 0 else 1)
EOF
    { echo "compare_mlip2.sh: failed: $*" >&2; cat stderr.txt >&2; exit 1; }
  cat cpu.txt
}
median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }

echo "# $(date -u '+%F %T') UTC; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); nproc $(nproc); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# MLIP-2: $MLIP2_BIN; OpenMTP: $OPENMTP_BIN; $REPS repetitions each, interleaved, taskset -c $CPU"
echo
echo "| case | MLIP-2 CPU s (median) | OpenMTP CPU s (median) | MLIP-2 / OpenMTP | MLIP-2 runs | OpenMTP runs |"
echo "|---|---|---|---|---|---|"

# compare NAME "MLIP-2 args" "OpenMTP args"
compare() {
  local name=$1 m2=$2 om=$3 a=() b=() r
  [[ $name =~ $ONLY ]] || return 0
  for ((r = 0; r < REPS; ++r)); do
    # shellcheck disable=SC2086
    a+=("$(cpu_seconds "$MLIP2_BIN" $m2)")
    # shellcheck disable=SC2086
    b+=("$(cpu_seconds "$OPENMTP_BIN" $om)")
  done
  local ma mb
  ma=$(printf '%s\n' "${a[@]}" | median)
  mb=$(printf '%s\n' "${b[@]}" | median)
  echo "| $name | $ma | $mb | $(awk -v x="$ma" -v y="$mb" 'BEGIN {if (y > 0) printf "%.1fx", x / y; else print "n/a"}') | ${a[*]} | ${b[*]} |"
}

for set in liti mo; do
  in=$([[ $set == liti ]] && echo liti300.cfg || echo mo_all.cfg)
  for L in 08 16 20 24; do
    compare "calc-efs $set $L" "calc-efs ${set}_$L.mtp $in out_m2.cfg" \
      "calc-efs ${set}_$L.mtp $in out_om.cfg --threads=1"
  done
done
compare "calc-grade LiTi100+100" "calc-grade grade_pot.mtp train100.cfg next100.cfg graded_m2.cfg --als-filename=m2.als" \
  "calc-grade grade_pot.mtp train100.cfg next100.cfg graded_om.cfg --als-filename=om.als"
compare "calc-grade LiTi500+100" "calc-grade grade_pot.mtp train500.cfg new100.cfg graded_m2.cfg --als-filename=m2.als" \
  "calc-grade grade_pot.mtp train500.cfg new100.cfg graded_om.cfg --als-filename=om.als"
