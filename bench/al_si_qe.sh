#!/usr/bin/env bash
# Active learning of silicon with real DFT: Quantum ESPRESSO's pw.x as the oracle, end to end, with timings
# (docs/ACTIVE_LEARNING.md records a run). Small cells, so that each pw.x call takes seconds on one core.
#   bench/al_si_qe.sh [WORK_DIR]      default: al-si-qe in the current folder
# Environment: QE_LEVEL (10); QE_ITER (loop iterations at most, 12); QE_ECUT (Ry, 18); QE_KSPACING (1/A with
# 2 pi, 0.5: 3x3x3 k-points for the 8-atom cubes); QE_PARALLEL (pw.x runs at once, 2); QE_HOLDOUT_SEED (1000);
# QE_RATTLE (A, the starting set's rattling, 0.1 as the loop's default).
# Needs a build (build/bin/mlp, build/bin/lmp_openmtp), Debian's lmp, pw.x and quantum-espresso-data's
# Si.pz-vbc.UPF (LDA, norm-conserving).
#
# 1. starting structures: the 8-atom diamond cube at the LDA lattice constant (5.40 A), with a vacancy (7
#    atoms), compressed by 3 % in length;
# 2. hold-out: geometries of Stillinger-Weber MD of the same small cells (cheap, and not the loop's own
#    dynamics) in five states, labelled once by pw.x: crystal 300 and 1200 K, vacancy 900 K, liquid 2500 K
#    (melted at 4000 K), compressed 600 K;
# 3. active learning (level QE_LEVEL, neighbourhood mode, 6 per iteration): 2 ps of MD at 300 and 1200 K and a
#    ramp from 1000 to 3000 K per structure, continuing from the last iteration, a 6 ps confirmation;
# 4. errors per state of the final potential, 20 ps MD checks (crystal 1500 K, liquid 2500 K), and where the
#    time went: pw.x calls (count, wall seconds, pw.x's own CPU seconds), exploration, training;
# 5. the potential's own MD in the same five states (the liquid melted at 3000 K, the loop's hottest), 11
#    snapshots each labelled by pw.x: the errors MD with the potential meets (own_md/).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mlp="$here/build/bin/mlp"
work="$(realpath -m "${1:-$PWD/al-si-qe}")"
level="${QE_LEVEL:-10}"
iterations="${QE_ITER:-12}"
ecut="${QE_ECUT:-18}"
kspacing="${QE_KSPACING:-0.5}"
parallel="${QE_PARALLEL:-2}"
hseed="${QE_HOLDOUT_SEED:-1000}"
rattle="${QE_RATTLE:-0.1}"
pseudo=/usr/share/espresso/pseudo/Si.pz-vbc.UPF
WHO=al_si_qe
# shellcheck source=bench/al_compare_lib.sh
. "$here/bench/al_compare_lib.sh"
enter_work_dir "$work" "$mlp" "$here/build/bin/lmp_openmtp" "$pseudo" -- lmp pw.x
start_time=$(date +%s)

md() {  # md OUT.cfg -var ...: Stillinger-Weber MD of one diamond cube (8 atoms) by default
  lammps_md "$here/bench/al_si_md.lammps" "$1" -var cells 1 "${@:2}"
}

# 1. Starting structures.
if [ ! -s starts.cfg ]; then
  md s_bulk.cfg -var a 5.40 -var equil 0 -var steps 0 -var every 1
  md s_vac.cfg -var a 5.40 -var kind vac -var equil 0 -var steps 0 -var every 1
  md s_comp.cfg -var a 5.238 -var equil 0 -var steps 0 -var every 1
  cat s_bulk.cfg s_vac.cfg s_comp.cfg > starts.cfg
fi

cat > settings.toml <<EOF
# bench/al_si_qe.sh: silicon, Quantum ESPRESSO (LDA, Si.pz-vbc.UPF, $ecut Ry, kspacing $kspacing)
species = ["Si"]
masses = [28.0855]
max_iterations = $iterations
threads = 1
seed = 31

[potential]
level = $level
min_dist = 1.9
max_dist = 5.0

[train]
max_iterations = 400
rattle_amplitude = $rattle

[explore]
engine = "lammps"
lammps = "$here/build/bin/lmp_openmtp"
structures = ["$work/starts.cfg"]
temperatures = [300, 1200]
temperature_ramps = [[1000, 3000]]
pressures = [0]
steps = 2000
timestep = 1.0
grade_every = 10
continue_from_last = true
confirm_steps = 6000
threshold_save = 2.0
threshold_break = 10.0
max_saved_per_run = 20

[select]
mode = "neighborhood"
limit = 6

[oracle]
kind = "qe"
parallel = $parallel
pseudopotentials = "Si:Si.pz-vbc.UPF"
pseudo_dir = "$(dirname "$pseudo")"
ecutwfc = $ecut
kspacing = $kspacing
occupations = "smearing"
smearing = "mv"
degauss = 0.02
mixing_beta = 0.5
conv_thr = 1e-7

[report]
plots = true
EOF

# 2. Hold-out.
holdout_states() {
  cat <<'STATES'
crystal_300K -var a 5.40 -var temp 300
crystal_1200K -var a 5.40 -var temp 1200
vacancy_900K -var a 5.40 -var kind vac -var temp 900
liquid_2500K -var a 5.40 -var melt 4000 -var temp 2500 -var equil 3000
compressed_600K -var a 5.238 -var temp 600
STATES
}
log "hold-out (seed $hseed)"
make_holdout holdout "$hseed"
holdout_end=$(date +%s)

# 3. Active learning.
n=$(active_learning settings.toml)
log "active learning: $n oracle calls"
al_end=$(date +%s)

# 4. Errors per state, MD checks, timings.
baselines=()
state_errors ""
md_checks 28.0855 liquid_2500K "crystal_1500K s_bulk.cfg 1500 0" "liquid_2500K liquid_start.cfg 2500 0"
/usr/bin/python3 - "$((holdout_end - start_time))" "$((al_end - holdout_end))" > timings.txt <<'PY'
import csv, glob, re, sys
def calls(pattern):
    wall = cpu = 0.0
    n = 0
    for d in glob.glob(pattern):
        try:
            wall += float(open(d + "/seconds.txt").read().split()[0])
        except (OSError, ValueError, IndexError):
            continue
        n += 1
        for out in sorted(glob.glob(d + "/try*/pw.out"))[-1:]:
            m = re.findall(r"PWSCF\s*:\s*(?:(\d+)m)?\s*([\d.]+)s CPU", open(out).read())
            if m:
                cpu += 60 * float(m[-1][0] or 0) + float(m[-1][1])
    return n, wall, cpu
rows = list(csv.DictReader(open("al/report.csv")))
h = calls("holdout/calcs/calc_*")
a = calls("al/iter_*/compute/calc_*")
explore = sum(float(r["explore_seconds"]) for r in rows)
train = sum(float(r["train_seconds"]) for r in rows)
print(f"hold-out: {h[0]} pw.x calls, {h[1]:.0f} s wall in the calls ({h[1] / max(h[0], 1):.1f} s each), "
      f"{h[2]:.0f} s pw.x CPU; stage {sys.argv[1]} s wall")
print(f"active learning: {len(rows) - 1} iterations, converged {rows[-1]['converged']}, training set "
      f"{rows[-1]['training_set']}; {a[0]} pw.x calls, {a[1]:.0f} s wall in the calls ({a[1] / max(a[0], 1):.1f} s "
      f"each), {a[2]:.0f} s pw.x CPU; exploration {explore:.0f} s, training {train:.0f} s; stage {sys.argv[2]} s wall")
for r in rows:
    print(f"  iteration {r['iteration']}: set {r['training_set']}, selected {r['selected']}, max grade "
          f"{float(r['max_grade']):.1f}, hold-out energy MAE {1000 * float(r['holdout_energy_mae']):.1f} meV/atom, "
          f"force component RMSE {1000 * float(r['holdout_force_component_rmse']):.0f} meV/A")
PY
# 5. The potential's own MD, labelled by pw.x.
own_states() {  # the hold-out's states, the liquid melted at the loop's hottest (3000 K)
  holdout_states | sed 's/-var melt 4000/-var melt 3000/'
}
if [ ! -s own_md/labelled.cfg ]; then
  log "the potential's own MD, labelled"
  mkdir -p own_md
  : > own_md/states.txt
  parts=()
  while read -r name args; do
    # shellcheck disable=SC2086
    LAMMPS_BIN="$here/build/bin/lmp_openmtp" lammps_md "$here/bench/al_si_md.lammps" "own_md/$name.cfg" -var cells 1 \
        -var style mtp -var potfile "$work/al/final.almtp" -var species 0 -var seed "$((2000 + ${#parts[@]}))" \
        -var steps 2000 -var every 200 $args < /dev/null
    echo "$name $(grep -c BEGIN_CFG "own_md/$name.cfg")" >> own_md/states.txt
    parts+=("own_md/$name.cfg")
  done < <(own_states)
  cat "${parts[@]}" > own_md/positions.cfg
  "$mlp" label settings.toml own_md/positions.cfg own_md/labelled.cfg --work-dir="$work/own_md/calcs" > own_md/label.log
fi
"$mlp" calc-efs al/final.almtp own_md/labelled.cfg al/own_md_predicted.cfg > /dev/null
/usr/bin/python3 "$here/bench/al_state_errors.py" own_md/states.txt --reference own_md/labelled.cfg \
    --predicted own_md_predicted.cfg al > own_md_errors.txt
cat timings.txt state_errors.txt md_checks.txt
echo "the potential's own MD, labelled by pw.x:"
cat own_md_errors.txt
log "done"
