#!/usr/bin/env bash
# The seed's example (Podryabinkin and Shapeev, Comput. Mater. Sci. 140 (2017) 171): bcc Li in NVT MD at 300 K
# learned on the fly, oracle calls against the selection threshold. The oracle is the mlearn Li MTP (fitted to
# DFT; ../shared/data/mlearn/Li/maml_fitted.mtp) through the `mtp` oracle, so that the whole curve costs minutes.
#   bench/al_li_threshold.sh [WORK_DIR] [THRESHOLDS...]     default: al-li-threshold here; 1.1 1.5 2 3 5 10
# Needs a build (build/bin/mlp and build/bin/lmp_openmtp, for the oracle's hold-out MD) and ../shared.
# 1. hold-out: MD of the oracle itself (LAMMPS pair_style mtp), 54-atom bcc, 300 K and 450 K (the loop only sees
#    300 K), 2 ps each after 1 ps of equilibration, a snapshot every 100 fs; labelled with `mlp label`;
# 2. for each threshold t: `mlp active-learn` with threshold_save = t (threshold_break = max(10, 3 t)), level 8,
#    neighbourhood mode, 2 ps of NVT MD at 300 K per iteration from where the last one ended, until an
#    iteration finds nothing above t and neither does a 10 ps confirmation run (or 25 iterations);
# 3. per threshold: hold-out errors per temperature (bench/al_state_errors.py) and 20 ps of MD with the final
#    potential at 300 K and 450 K (bench/al_md_check.sh), stopping on the break threshold;
# 4. table (docs/ACTIVE_LEARNING.md) and plot (WORK_DIR/li_threshold.png) of oracle calls and hold-out errors.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mlp="$here/build/bin/mlp"
lmp="$here/build/bin/lmp_openmtp"
teacher="$(realpath -m "$here/../shared/data/mlearn/Li/maml_fitted.mtp")"
work="$(realpath -m "${1:-$PWD/al-li-threshold}")"
shift || true
thresholds=("$@")
[ ${#thresholds[@]} -gt 0 ] || thresholds=(1.1 1.5 2 3 5 10)
for f in "$mlp" "$lmp" "$teacher"; do [ -e "$f" ] || { echo "al_li_threshold: $f is missing" >&2; exit 1; }; done
mkdir -p "$work"
cd "$work"

# Oracle MD: bcc Li, 3x3x3 conventional cells (54 atoms), a = 3.44 A.
md() {  # md TEMP SEED STEPS EVERY OUT
  cat > "md_$1.lammps" <<EOF
units metal
atom_style atomic
boundary p p p
lattice bcc 3.44
region box block 0 3 0 3 0 3
create_box 1 box
create_atoms 1 box
mass 1 6.94
pair_style mtp
pair_coeff * * $teacher 0
write_dump all custom start.dump id type x y z modify sort id
velocity all create $1 $2 mom yes rot yes dist gaussian
fix md all nvt temp $1 $1 0.1
timestep 0.001
thermo 500
run 1000
dump d all custom $4 $5 id type x y z
dump_modify d sort id
run $3
EOF
  "$lmp" -in "md_$1.lammps" -screen none -log "md_$1.log"
}
if [ ! -s holdout.cfg ]; then
  md 300 8101 2000 100 holdout_300.dump
  md 450 8102 2000 100 holdout_450.dump
  "$mlp" convert-cfg start.dump start.cfg --input-format=lammps-dump > /dev/null
  for t in 300 450; do "$mlp" convert-cfg "holdout_$t.dump" "holdout_$t.cfg" --input-format=lammps-dump > /dev/null; done
  cat holdout_300.cfg holdout_450.cfg > holdout_positions.cfg
fi

settings() {  # settings THRESHOLD
  local brk
  brk=$(/usr/bin/python3 -c "print(max(10.0, 3 * $1))")
  cat <<EOF
# bench/al_li_threshold.sh: bcc Li NVT at 300 K on the fly, threshold $1
species = ["Li"]
masses = [6.94]
max_iterations = 25
threads = 1
seed = 17

[potential]
level = 8
min_dist = 2.0
max_dist = 5.1

[train]
max_iterations = 300

[explore]
engine = "internal"
structures = ["$work/start.cfg"]
temperatures = [300]
pressures = [0]
steps = 2000
timestep = 1.0
grade_every = 10
continue_from_last = true
confirm_steps = 10000
threshold_save = $1
threshold_break = $brk
max_saved_per_run = 20

[select]
mode = "neighborhood"
limit = 4

[oracle]
kind = "mtp"
potential = "$teacher"
parallel = 1

[report]
plots = false
EOF
}

settings 2 > label.toml
[ -s holdout.cfg ] || "$mlp" label label.toml holdout_positions.cfg holdout.cfg --work-dir="$work/holdout.calcs" > label.log

: > summary.csv
n300=$(grep -c BEGIN_CFG holdout_300.cfg); n450=$(grep -c BEGIN_CFG holdout_450.cfg)
printf 'md_300K %s\nmd_450K %s\n' "$n300" "$n450" > states.txt
for t in "${thresholds[@]}"; do
  settings "$t" > "t$t.toml"
  start=$(date +%s)
  status=0
  "$mlp" active-learn "t$t.toml" --work-dir="$work/t$t" --holdout="$work/holdout.cfg" > "t$t.log" 2>&1 || status=$?
  [ $status -eq 0 ] || [ $status -eq 3 ] || { echo "threshold $t: mlp active-learn failed ($status), see $work/t$t.log" >&2; exit 1; }
  seconds=$(( $(date +%s) - start ))
  /usr/bin/python3 "$here/bench/al_state_errors.py" states.txt "t$t" --json "t$t/state_errors.json" > /dev/null
  # 20 ps of MD with the final potential at 300 K (the loop's state, 10 times its exploration runs) and at
  # 450 K (not explored), stopping on the loop's break threshold.
  brk=$(/usr/bin/python3 -c "print(max(10.0, 3 * $t))")
  for T in 300 450; do
    "$here/bench/al_md_check.sh" "t$t/final.almtp" start.cfg 6.94 "$T" 0 20000 "$brk" "t$t/md_$T" > "t$t/md_$T.txt"
  done
  echo "$t,$status,$seconds" >> summary.csv
done

/usr/bin/python3 - "$work" "${thresholds[@]}" <<'PY'
import csv, json, os, re, sys
work, thresholds = sys.argv[1], sys.argv[2:]
status = {r[0]: (int(r[1]), int(r[2])) for r in csv.reader(open(os.path.join(work, "summary.csv")))}
def md(t, T):
    line = open(os.path.join(work, "t" + t, "md_%d.txt" % T)).read()
    m = re.search(r"ran (\d+) of \d+ steps \(([\d.]+) ps\); largest grade ([\d.e+-]+|nan); (stopped)?", line)
    return "%s ps, grade %.3g%s" % (m.group(2), float(m.group(3)), " (stopped)" if m.group(4) else "") if m else line.strip()
rows = []
for t in thresholds:
    rep = list(csv.DictReader(open(os.path.join(work, "t" + t, "report.csv"))))
    err = json.load(open(os.path.join(work, "t" + t, "state_errors.json")))
    err = next(iter(err.values()))
    rows.append({"threshold": t, "calls": sum(int(r["oracle_calls"]) for r in rep), "iterations": len(rep) - 1,
                 "converged": status[t][0] == 0, "seconds": status[t][1], "errors": err,
                 "md_300": md(t, 300), "md_450": md(t, 450)})
print("| threshold | oracle calls | iterations | converged | hold-out energy MAE (meV/atom) | force component MAE / RMSE / max, 300 K (meV/A) | same, 450 K | 20 ps MD at 300 K | 20 ps MD at 450 K | wall time (s) |")
print("|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    e = r["errors"]
    f = lambda s: "%.1f / %.1f / %.0f" % (e[s]["force"]["mae"], e[s]["force"]["rmse"], e[s]["force"]["max"])
    print("| %s | %d | %d | %s | %.2f | %s | %s | %s | %s | %d |" % (r["threshold"], r["calls"], r["iterations"],
          "yes" if r["converged"] else "no", e["all"]["energy"]["mae"], f("md_300K"), f("md_450K"), r["md_300"], r["md_450"],
          r["seconds"]))
json.dump(rows, open(os.path.join(work, "li_threshold.json"), "w"), indent=1)
try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator
    x = [float(r["threshold"]) for r in rows]
    labels = [r["threshold"] for r in rows]
    fig, ax = plt.subplots(1, 2, figsize=(10, 3.8))
    ax[0].plot(x, [r["calls"] for r in rows], "o-")
    ax[0].set_ylabel("oracle calls to convergence")
    ax[0].yaxis.set_major_locator(MaxNLocator(integer=True))
    for state, mark in (("md_300K", "o-"), ("md_450K", "s-")):
        ax[1].plot(x, [r["errors"][state]["force"]["rmse"] for r in rows], mark, label="force component RMSE, " + state[3:])
    ax[1].set_ylabel("hold-out error (meV/A)")
    ax[1].legend()
    for a in ax:
        a.set_xscale("log"); a.set_xlabel("selection threshold (threshold_save)")
        a.set_xticks(x); a.set_xticklabels(labels); a.minorticks_off()
    fig.suptitle("bcc Li, NVT at 300 K on the fly; oracle: the mlearn Li MTP; hold-out: oracle MD at 300 and 450 K",
                 fontsize=10)
    fig.tight_layout()
    fig.savefig(os.path.join(work, "li_threshold.png"), dpi=110)
    print("plot: " + os.path.join(work, "li_threshold.png"))
except ImportError as e:
    print("plot skipped: %s" % e)
PY
