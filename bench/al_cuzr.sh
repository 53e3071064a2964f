#!/usr/bin/env bash
# A binary alloy, Cu-Zr with Mendelev's EAM (Debian's LAMMPS potentials, CuZr_mm.eam.fs) as the oracle: active
# learning against random snapshots of the oracle's own MD at equal oracle calls, errors per state, and 20 ps
# of MD with each final potential at states the loop did not explore (docs/ACTIVE_LEARNING.md records the
# numbers). The same comparison as bench/al_si_sw.sh, for ordered, disordered, liquid and amorphous Cu-Zr.
#   bench/al_cuzr.sh [WORK_DIR]      default: al-cuzr in the current folder
# Environment: CUZR_LEVEL (level, 12); CUZR_ITER (loop iterations at most, 12); CUZR_SAVE (threshold_save, 2);
# CUZR_RAMP_TOP (K, 2500); CUZR_CONFIRM_STEPS (explore.confirm_steps, 9000); CUZR_HOLDOUT_SEED (1000): another
# value gives another hold-out of the same states; CUZR_CONFIRM=DIR: also evaluate every potential on
# DIR/holdout.cfg and DIR/states.txt of such a run (CUZR_HOLDOUT_ONLY=1 makes only the hold-out);
# CUZR_ORIGIN_BALANCE: train.origin_balance (0: unweighted; 1: every exploration run's configurations weigh the same);
# CUZR_MIN_PER_RUN: select.min_per_run (0).
# Needs a build (build/bin/mlp, build/bin/lmp_openmtp) and Debian's lmp.
#
# 1. starting structures (54 atoms, bcc sites): ordered B2 CuZr, the same sites occupied at random (relaxed at
#    zero pressure: disordered), B2 compressed by 3 % in length;
# 2. hold-out: oracle MD in every state, partly at temperatures and pressures the loop never used (states.txt):
#    B2 at 300 and 1000 K, disordered at 600 K (NPT, 0 GPa), liquid at 1500 and 2000 K, amorphous at 300 K
#    (quenched from 2200 K over 20 ps), B2 at 10 GPa and 600 K (NPT); labelled once (`mlp label`);
# 3. active learning (level CUZR_LEVEL, neighbourhood mode, 8 per iteration): 3 ps of MD at 300 and 900 K and a
#    ramp from 800 K to CUZR_RAMP_TOP from each structure, each iteration continuing where the last ended, a
#    confirmation of CUZR_CONFIRM_STEPS before stopping;
# 4. baselines with the loop's number of oracle calls N: N random snapshots of oracle MD over the same states
#    (the same structures at 300 K, 900 K and repeated ramps), three draws; N snapshots of B2 at 900 K (one
#    state); trained with the same settings;
# 5. per state hold-out errors and 20 ps MD checks (liquid at 1800 K, B2 at 1100 K, B2 at 10 GPa and 600 K).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mlp="$here/build/bin/mlp"
work="$(realpath -m "${1:-$PWD/al-cuzr}")"
potfile=/usr/share/lammps/potentials/CuZr_mm.eam.fs
level="${CUZR_LEVEL:-12}"
iterations="${CUZR_ITER:-12}"
hseed="${CUZR_HOLDOUT_SEED:-1000}"
save="${CUZR_SAVE:-2.0}"
ramp_top="${CUZR_RAMP_TOP:-2500}"
confirm_steps="${CUZR_CONFIRM_STEPS:-9000}"
origin_balance="${CUZR_ORIGIN_BALANCE:-0}"
min_per_run="${CUZR_MIN_PER_RUN:-0}"
WHO=al_cuzr
# shellcheck source=bench/al_compare_lib.sh
. "$here/bench/al_compare_lib.sh"
enter_work_dir "$work" "$mlp" "$here/build/bin/lmp_openmtp" "$potfile" -- lmp

md() {  # md OUT.cfg -var ...
  lammps_md "$here/bench/al_cuzr_md.lammps" "$1" -var potfile "$potfile" "${@:2}"
}

# 1. Starting structures.
if [ ! -s starts.cfg ]; then
  md s_b2.cfg -var equil 0 -var steps 0 -var every 1
  md s_random.cfg -var kind random -var relax 1 -var seed 11 -var equil 0 -var steps 0 -var every 1
  md s_comp.cfg -var a 3.162 -var equil 0 -var steps 0 -var every 1
  cat s_b2.cfg s_random.cfg s_comp.cfg > starts.cfg
fi

cat > settings.toml <<TOML
# bench/al_cuzr.sh: Cu-Zr, Mendelev EAM oracle
species = ["Cu", "Zr"]
masses = [63.546, 91.224]
max_iterations = $iterations
threads = 2
seed = 31

[potential]
level = $level
min_dist = 2.0
max_dist = 5.0

[train]
max_iterations = 400
origin_balance = $origin_balance

[explore]
engine = "lammps"
lammps = "$here/build/bin/lmp_openmtp"
structures = ["$work/starts.cfg"]
temperatures = [300, 900]
temperature_ramps = [[800, $ramp_top]]
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
species = "Cu Zr"
pair_style = "eam/fs"
pair_coeff = "* * $potfile {species}"
parallel = 2

[report]
plots = true
TOML

# 2. Hold-out: other seeds than anything below; CUZR_HOLDOUT_SEED makes another one.
holdout_states() {  # name, then md's variables
  cat <<'STATES'
b2_300K -var temp 300
b2_1000K -var temp 1000
disordered_600K -var kind random -var relax 1 -var temp 600 -var press -1
liquid_1500K -var melt 2200 -var temp 1500 -var press -1 -var equil 3000
liquid_2000K -var melt 2200 -var temp 2000 -var press -1
amorphous_300K -var melt 2200 -var quench 20 -var temp 300 -var press -1
b2_10GPa_600K -var press 10 -var temp 600 -var equil 3000
STATES
}
log "hold-out (seed $hseed)"
make_holdout holdout "$hseed"
[ -z "${CUZR_HOLDOUT_ONLY:-}" ] || exit 0

# 3. Active learning.
n=$(active_learning settings.toml)
log "active learning: $n oracle calls"

# 4. Baselines: pools of oracle MD, then N random snapshots.
if [ ! -s pool_states.cfg ]; then
  log "oracle MD pools"
  : > pool_states.cfg
  seed=500
  for kind in "b2 3.26 0" "random 3.26 1" "b2 3.162 0"; do
    set -- $kind
    for T in 300 900; do
      seed=$((seed + 1))
      md "pool_$1_$2_$T.cfg" -var kind "$1" -var a "$2" -var relax "$3" -var temp "$T" -var equil 0 -var steps 9000 \
         -var every 50 -var seed $seed
      cat "pool_$1_$2_$T.cfg" >> pool_states.cfg
    done
    seed=$((seed + 1))
    md "pool_$1_$2_ramp.cfg" -var kind "$1" -var a "$2" -var relax "$3" -var temp 800 -var temp1 "$ramp_top" -var equil 0 \
       -var steps 3000 -var repeat 3 -var every 50 -var seed $seed
    cat "pool_$1_$2_ramp.cfg" >> pool_states.cfg
  done
  md pool_one_state.cfg -var temp 900 -var equil 0 -var steps 27000 -var every 50 -var seed 777
fi
draw_baselines "$n"
train_baselines settings.toml "${baselines[@]}"

# 5. Errors per state and MD checks.
state_errors "${CUZR_CONFIRM:-}" "${baselines[@]}"
md_checks 63.546,91.224 liquid_2000K "liquid_1800K liquid_start.cfg 1800 0" "b2_1100K s_b2.cfg 1100 0" "b2_10GPa s_b2.cfg 600 10"
report "${CUZR_CONFIRM:-}"
log "done"
