# Shared steps of the active-learning benchmarks bench/al_si_sw.sh, bench/al_cuzr.sh and bench/al_si_qe.sh:
# sourced, not run.
# The caller sets `here` (the project root), `mlp` (its mlp), and works in its work folder; WHO names the
# script in messages.

log() { echo "[$(date +%H:%M:%S)] $*"; }

# enter_work_dir DIR FILE... -- COMMAND...: stop with a message naming what is missing (the build's files and
# the data, then the programs on PATH), else make and enter the work folder DIR.
enter_work_dir() {
  local dir="$1" f
  shift
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    [ -e "$1" ] || { echo "$WHO: $1 is missing" >&2; exit 1; }
    shift
  done
  [ $# -gt 0 ] && shift
  for f in "$@"; do command -v "$f" > /dev/null || { echo "$WHO: $f is missing (not on PATH)" >&2; exit 1; }; done
  mkdir -p "$dir"
  cd "$dir"
}

# lammps_md INPUT OUT.cfg -var ...: Debian's lmp (or $LAMMPS_BIN) on a bench input script (which dumps to the
# variable `out`), the dump converted to OUT.cfg. Each script's `md` is this with its input and its oracle's
# variables.
lammps_md() {
  local input="$1" out="$2"
  shift 2
  "${LAMMPS_BIN:-lmp}" -in "$input" -var out "$out.dump" -screen none -log none "$@"
  "$mlp" convert-cfg "$out.dump" "$out" --input-format=lammps-dump > /dev/null
  rm -f "$out.dump"
}

# active_learning SETTINGS: `mlp active-learn` into ./al (skipped when done), then prints its oracle calls.
active_learning() {
  if [ ! -s al/final.almtp ]; then
    log "active learning" >&2
    local status=0
    "$mlp" active-learn "$1" --work-dir="$PWD/al" --holdout="$PWD/holdout/holdout.cfg" > al.log 2>&1 || status=$?
    [ $status -eq 0 ] || [ $status -eq 3 ] || { echo "$WHO: mlp active-learn failed ($status), see $PWD/al.log" >&2; exit 1; }
  fi
  /usr/bin/python3 -c "import csv; print(sum(int(r['oracle_calls']) for r in csv.DictReader(open('al/report.csv'))))"
}

# draw POOL OUT N SEED: N configurations of POOL at random (seeded), in their order.
draw() {
  /usr/bin/python3 - "$@" <<'PY'
import random, sys
text = open(sys.argv[1]).read()
blocks = ["BEGIN_CFG" + b.split("END_CFG")[0] + "END_CFG\n\n" for b in text.split("BEGIN_CFG")[1:]]
random.seed(int(sys.argv[4]))
pick = sorted(random.sample(range(len(blocks)), int(sys.argv[3])))
open(sys.argv[2], "w").write("".join(blocks[i] for i in pick))
PY
}

# train_baselines SETTINGS NAME...: each NAME.cfg trained with the loop's settings into ./NAME (skipped when done).
train_baselines() {
  local settings="$1" b
  shift
  for b in "$@"; do
    [ -s "$b/final.almtp" ] && continue
    log "baseline $b"
    "$mlp" active-learn "$settings" --work-dir="$PWD/$b" --holdout="$PWD/holdout/holdout.cfg" \
        --initial-set="$PWD/$b.cfg" --max-iter=0 > "$b.log" 2>&1 || true
    [ -s "$b/final.almtp" ] || { echo "$WHO: training $b failed, see $PWD/$b.log" >&2; exit 1; }
  done
}

# state_errors CONFIRM_DIR NAME...: hold-out errors per state of ./al and the baselines (state_errors.txt,
# .json); with CONFIRM_DIR (a second hold-out made by the same script), also on that (confirm_errors.*).
state_errors() {
  local confirm="$1" w
  shift
  log "errors per state"
  /usr/bin/python3 "$here/bench/al_state_errors.py" holdout/states.txt al "$@" --json state_errors.json > state_errors.txt
  [ -n "$confirm" ] || return 0
  for w in al "$@"; do
    "$mlp" calc-efs "$w/final.almtp" "$confirm/holdout.cfg" "$w/confirm_predicted.cfg" > /dev/null
  done
  /usr/bin/python3 "$here/bench/al_state_errors.py" "$confirm/states.txt" --reference "$confirm/holdout.cfg" \
      --predicted confirm_predicted.cfg al "$@" --json confirm_errors.json > confirm_errors.txt
}

# report CONFIRM_DIR: the tables (bench/al_si_table.py) of the hold-out and of the second one.
report() {
  cat state_errors.txt md_checks.txt
  /usr/bin/python3 "$here/bench/al_si_table.py" state_errors.json
  if [ -n "$1" ]; then
    echo "second hold-out ($1):"
    /usr/bin/python3 "$here/bench/al_si_table.py" confirm_errors.json
  fi
}

# make_holdout DIR SEED: oracle MD (the caller's `md`) of every state the caller's `holdout_states` prints, one
# per line "name -var ... -var ..." (2000 steps sampled every 200 after the state's equilibration, seeds
# SEED, SEED + 1, ...), listed in DIR/states.txt and labelled once by the oracle into DIR/holdout.cfg.
make_holdout() {
  local d="$1" s="$2" parts=() name args
  mkdir -p "$d"
  [ -s "$d/holdout.cfg" ] && return 0
  : > "$d/states.txt"
  while read -r name args; do
    # shellcheck disable=SC2086
    md "$d/$name.cfg" -var seed "$((s + ${#parts[@]}))" -var steps 2000 -var every 200 $args < /dev/null
    echo "$name $(grep -c BEGIN_CFG "$d/$name.cfg")" >> "$d/states.txt"
    parts+=("$d/$name.cfg")
  done < <(holdout_states)
  cat "${parts[@]}" > "$d/positions.cfg"
  "$mlp" label settings.toml "$d/positions.cfg" "$d/holdout.cfg" --work-dir="$d/calcs" > "$d/label.log"
}

# draw_baselines N: the baselines' training sets, N configurations each: three draws from pool_states.cfg
# (random_states_1..3) and one from pool_one_state.cfg (random_one_state); sets the array `baselines`.
draw_baselines() {
  local d
  baselines=()
  for d in 1 2 3; do
    baselines+=("random_states_$d")
    draw pool_states.cfg "random_states_$d.cfg" "$1" "$d"
  done
  baselines+=("random_one_state")
  draw pool_one_state.cfg random_one_state.cfg "$1" 4
}

# md_checks MASSES LIQUID CHECK...: 20 ps of MD (stopping above grade 10, bench/al_md_check.sh) with the final
# potential of ./al and of each of `baselines`, for each CHECK "name start.cfg temperature pressure_GPa", into
# md_checks.txt; the start liquid_start.cfg is the last snapshot of holdout/LIQUID.cfg.
md_checks() {
  local masses="$1" liquid="$2" w check
  shift 2
  local checks=("$@")
  /usr/bin/python3 - "holdout/$liquid.cfg" <<'PY'
import sys
text = open(sys.argv[1]).read()
open("liquid_start.cfg", "w").write("BEGIN_CFG" + text.split("BEGIN_CFG")[-1])
PY
  log "MD checks"
  : > md_checks.txt
  for w in al "${baselines[@]}"; do
    for check in "${checks[@]}"; do
      set -- $check
      echo "$w $1: $("$here/bench/al_md_check.sh" "$w/final.almtp" "$2" "$masses" "$3" "$4" 20000 10 "$w/md_$1")" >> md_checks.txt
    done
  done
}
