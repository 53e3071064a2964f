#!/usr/bin/env bash
# Silicon with a many-body oracle (Stillinger-Weber from Debian's LAMMPS potentials): active learning against
# random snapshots of the oracle's own MD at equal oracle calls, errors per state, and 20 ps of MD with each
# final potential at states the loop did not explore (docs/ACTIVE_LEARNING.md records the numbers).
#   bench/al_si_sw.sh [WORK_DIR]      default: al-si-sw in the current folder
# Environment: SI_ORACLE=tersoff for Si.tersoff instead of Si.sw; SI_LEVEL (12); SI_ITER (loop iterations at
# most, 12); SI_SAVE (threshold_save, 2); SI_RAMP_TOP (K, 3500); SI_CONFIRM_STEPS (explore.confirm_steps, 9000); SI_HOLDOUT_SEED (1000): another value gives another hold-out of the same states (a confirmation
# set kept outside the repository); SI_CONFIRM=DIR: also evaluate every potential on DIR/holdout.cfg and
# DIR/states.txt of such a run (SI_HOLDOUT_ONLY=1 makes only the hold-out, in WORK_DIR/holdout);
# SI_ORIGIN_BALANCE: train.origin_balance (0: unweighted; 1: every exploration run's configurations weigh the same);
# SI_MIN_PER_RUN: select.min_per_run (0).
# Needs a build (build/bin/mlp, build/bin/lmp_openmtp) and Debian's lmp.
#
# 1. starting structures (what the loop may start from; all diamond-derived): 64-atom diamond, diamond with a
#    vacancy, a (001) slab, diamond compressed by 3 % in length (about 9 GPa);
# 2. hold-out: oracle MD in every state, partly at temperatures and pressures the loop never used (see
#    states.txt): crystal 300 and 1500 K, vacancy 900 K, surface 600 K, liquid 2000 and 3000 K, amorphous
#    300 K (quenched from the melt), compressed 600 K, 12 GPa at 600 K (NPT); labelled once (`mlp label`);
# 3. active learning (level SI_LEVEL, neighbourhood mode, 8 per iteration): 3 ps of MD at 300 and 1200 K and a
#    ramp from 1000 K to SI_RAMP_TOP from each structure, every iteration continuing where the last one ended,
#    a confirmation of SI_CONFIRM_STEPS before stopping;
# 4. baselines with the loop's number of oracle calls N: (a) N random snapshots of oracle MD over the same
#    states (the same structures at 300 K, 1200 K and repeated 1000 K -> SI_RAMP_TOP ramps), three draws; (b) N random
#    snapshots of oracle MD of diamond at 1200 K (one state); trained with the same settings;
# 5. per state hold-out errors (bench/al_state_errors.py, bench/al_si_table.py) and 20 ps MD checks
#    (bench/al_md_check.sh).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mlp="$here/build/bin/mlp"
work="$(realpath -m "${1:-$PWD/al-si-sw}")"
oracle="${SI_ORACLE:-sw}"
potfile="/usr/share/lammps/potentials/Si.$oracle"
level="${SI_LEVEL:-12}"
iterations="${SI_ITER:-12}"
hseed="${SI_HOLDOUT_SEED:-1000}"
save="${SI_SAVE:-2.0}"
ramp_top="${SI_RAMP_TOP:-3500}"
confirm_steps="${SI_CONFIRM_STEPS:-9000}"
origin_balance="${SI_ORIGIN_BALANCE:-0}"
min_per_run="${SI_MIN_PER_RUN:-0}"
WHO=al_si_sw
# shellcheck source=bench/al_compare_lib.sh
. "$here/bench/al_compare_lib.sh"
enter_work_dir "$work" "$mlp" "$here/build/bin/lmp_openmtp" "$potfile" -- lmp

md() {  # md OUT.cfg -var ...
  lammps_md "$here/bench/al_si_md.lammps" "$1" -var style "$oracle" -var potfile "$potfile" "${@:2}"
}

# 1. Starting structures.
if [ ! -s starts.cfg ]; then
  md s_bulk.cfg -var equil 0 -var steps 0 -var every 1
  md s_vac.cfg -var kind vac -var equil 0 -var steps 0 -var every 1
  md s_slab.cfg -var kind slab -var equil 0 -var steps 0 -var every 1
  md s_comp.cfg -var a 5.268 -var equil 0 -var steps 0 -var every 1
  cat s_bulk.cfg s_vac.cfg s_slab.cfg s_comp.cfg > starts.cfg
fi

settings() {  # the loop's settings (the baselines use them too, with --initial-set and --max-iter=0)
  cat <<EOF
# bench/al_si_sw.sh: silicon, $oracle oracle
species = ["Si"]
masses = [28.0855]
max_iterations = $iterations
threads = 2
seed = 31

[potential]
level = $level
min_dist = 1.9
max_dist = 5.0

[train]
max_iterations = 400
origin_balance = $origin_balance

[explore]
engine = "lammps"
lammps = "$here/build/bin/lmp_openmtp"
structures = ["$work/starts.cfg"]
temperatures = [300, 1200]
temperature_ramps = [[1000, $ramp_top]]
pressures = [0]
steps = 3000
timestep = 1.0
grade_every = 10
continue_from_last = true
confirm_steps = $confirm_steps
threshold_save = $save
threshold_break = 10.0
max_saved_per_run = 20

[select]
mode = "neighborhood"
min_per_run = $min_per_run
limit = 8

[oracle]
kind = "lammps"
species = "Si"
pair_style = "$oracle"
pair_coeff = "* * $potfile Si"
parallel = 2

[report]
plots = true
EOF
}
settings > settings.toml

# 2. Hold-out: other seeds than anything below; SI_HOLDOUT_SEED makes another one.
holdout_states() {  # name, then md's variables
  cat <<'STATES'
crystal_300K -var temp 300
crystal_1500K -var temp 1500
vacancy_900K -var kind vac -var temp 900
surface_600K -var kind slab -var temp 600
liquid_2000K -var melt 4000 -var temp 2000 -var equil 3000
liquid_3000K -var melt 4000 -var temp 3000
amorphous_300K -var melt 4000 -var quench 20 -var temp 300
compressed_600K -var a 5.268 -var temp 600
compressed_12GPa -var press 12 -var temp 600 -var equil 3000
STATES
}
log "hold-out (seed $hseed)"
make_holdout holdout "$hseed"
[ -z "${SI_HOLDOUT_ONLY:-}" ] || exit 0

# 3. Active learning.
n=$(active_learning settings.toml)
log "active learning: $n oracle calls"

# 4. Baselines: pools of oracle MD, then N random snapshots.
if [ ! -s pool_states.cfg ]; then
  log "oracle MD pools"
  : > pool_states.cfg
  seed=500
  for kind in "bulk 5.431" "vac 5.431" "slab 5.431" "bulk 5.268"; do
    set -- $kind
    for T in 300 1200; do
      seed=$((seed + 1))
      md "pool_$1_$2_$T.cfg" -var kind "$1" -var a "$2" -var temp "$T" -var equil 0 -var steps 9000 -var every 50 -var seed $seed
      cat "pool_$1_$2_$T.cfg" >> pool_states.cfg
    done
    seed=$((seed + 1))
    md "pool_$1_$2_ramp.cfg" -var kind "$1" -var a "$2" -var temp 1000 -var temp1 "$ramp_top" -var equil 0 -var steps 3000 \
       -var repeat 3 -var every 50 -var seed $seed
    cat "pool_$1_$2_ramp.cfg" >> pool_states.cfg
  done
  md pool_one_state.cfg -var temp 1200 -var equil 0 -var steps 27000 -var every 50 -var seed 777
fi
draw_baselines "$n"
train_baselines settings.toml "${baselines[@]}"

# 5. Errors per state and MD checks.
state_errors "${SI_CONFIRM:-}" "${baselines[@]}"
md_checks 28.0855 liquid_3000K "liquid_2500K liquid_start.cfg 2500 0" "crystal_1500K s_bulk.cfg 1500 0" "diamond_12GPa s_bulk.cfg 600 12"
report "${SI_CONFIRM:-}"
log "done"
