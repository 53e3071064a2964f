#!/usr/bin/env bash
# MD with a learned potential at a state, watching its extrapolation grade: does the potential stay physical
# for longer than the loop's exploration runs, or stop on its grade? Used by bench/al_li_threshold.sh,
# bench/al_si_sw.sh and bench/al_cuzr.sh.
#   bench/al_md_check.sh POT.almtp START.cfg MASSES TEMP PRESSURE_GPA STEPS BREAK OUT_DIR
# MASSES: amu per type, comma-separated; TEMP: K, or T0:T1 for a ramp; PRESSURE_GPA 0: NVT in the starting cell,
# else NPT (iso). Timestep 1 fs. The run ends early when the grade exceeds BREAK (pair_style mtp/extrapolation).
# Prints one line: steps run, largest grade, whether it stopped on the grade, the mean temperature and
# density of the second half, and the shortest interatomic distance of the last configuration.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mlp="$here/build/bin/mlp"
lmp="${OPENMTP_LMP:-$here/build/bin/lmp_openmtp}"
[ $# -eq 8 ] || { sed -n 5,10p "${BASH_SOURCE[0]}" >&2; exit 1; }
pot="$(realpath "$1")" start="$2" masses="$3" temp="$4" press="$5" steps="$6" brk="$7" out="$(realpath -m "$8")"
mkdir -p "$out"
"$mlp" convert-cfg "$start" "$out/start.data" --output-format=lammps-datafile > /dev/null
t0="${temp%%:*}" t1="${temp##*:}"
types=$(awk '/atom types/ {print $1}' "$out/start.data")
{
  echo "units metal"
  echo "atom_style atomic"
  echo "boundary p p p"
  echo "read_data $out/start.data"
  IFS=, read -ra m <<< "$masses"
  for ((t = 1; t <= types; t++)); do echo "mass $t ${m[$((t - 1))]}"; done
  species=""; for ((t = 0; t < types; t++)); do species="$species $t"; done
  echo "pair_style mtp/extrapolation mlip3_style $out/extrapolative.cfg $(awk "BEGIN {print 0.999 * $brk}") $brk"
  echo "pair_coeff * * $pot$species"
  echo "neighbor 1.0 bin"
  echo "compute g all mtp/grade"
  echo "variable rho equal mass(all)/vol*1.66053907"
  echo "thermo_style custom step temp pe press c_g v_rho"
  echo "thermo_modify format float %.8g"
  echo "thermo 10"
  echo "velocity all create $t0 4242 mom yes rot yes dist gaussian"
  echo "timestep 0.001"
  if [ "$press" = "0" ]; then
    echo "fix md all nvt temp $t0 $t1 0.1"
  else
    echo "fix md all npt temp $t0 $t1 0.1 iso $(awk "BEGIN {print $press * 1e4}") $(awk "BEGIN {print $press * 1e4}") 1.0"
  fi
  echo "dump d all custom 1000 $out/last.dump id type x y z"
  echo "dump_modify d sort id"
  echo "run $steps"
  echo "write_dump all custom $out/last.dump id type x y z modify sort id"
} > "$out/in.lammps"
status=0
"$lmp" -in "$out/in.lammps" -log "$out/log.lammps" -screen none > "$out/stdout.txt" 2>&1 || status=$?
/usr/bin/python3 - "$out" "$steps" "$status" "$brk" <<'PY'
import math, sys
out, steps, status, brk = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
log = open(out + "/log.lammps").read()
rows, on = [], False
for line in log.splitlines():
    w = line.split()
    if w[:2] == ["Step", "Temp"]:
        on = True
        continue
    if on:
        try:
            rows.append([float(x) for x in w[:6]])
        except ValueError:
            on = False
broke = "Breaking threshold exceeded" in log
if status != 0 and not broke:
    print("LAMMPS failed (exit status %d): see %s/log.lammps" % (status, out))
    sys.exit(0)
if not rows:  # stopped before the first thermo line: the starting configuration is already beyond the threshold
    print("ran 0 of %d steps (0.0 ps); %s" % (steps, "stopped on the grade (above %g) at the start" % brk if broke
          else "no thermo output: see %s/log.lammps" % out))
    sys.exit(0)
ran = int(rows[-1][0])
grade = max((r[4] for r in rows), default=float("nan"))
half = [r for r in rows if r[0] >= ran / 2] or rows
temp = sum(r[1] for r in half) / len(half)
rho = sum(r[5] for r in half) / len(half)
# Shortest distance in the last configuration written (the final one, or the last dump before a break).
text = open(out + "/last.dump").read().split("ITEM: TIMESTEP")[-1].splitlines()
i = text.index("ITEM: NUMBER OF ATOMS")
n = int(text[i + 1])
b = text.index(next(l for l in text if l.startswith("ITEM: BOX BOUNDS")))
lo_hi = [[float(x) for x in text[b + 1 + k].split()[:2]] for k in range(3)]
length = [h - l for l, h in lo_hi]
a = text.index(next(l for l in text if l.startswith("ITEM: ATOMS")))
cols = text[a].split()[2:]
ix = cols.index("x")
pos = [[float(v) for v in text[a + 1 + k].split()[ix:ix + 3]] for k in range(n)]
dmin = float("inf")
for p in range(n):
    for q in range(p):
        d2 = 0.0
        for k in range(3):
            d = pos[p][k] - pos[q][k]
            d -= length[k] * round(d / length[k])
            d2 += d * d
        dmin = min(dmin, d2)
print("ran %d of %d steps (%.1f ps); largest grade %.3g; %s; second half: T %.0f K, density %.3f g/cm3; "
      "shortest distance at the end %.2f A" % (ran, steps, ran * 1e-3, grade,
      "stopped on the grade (above %g)" % brk if broke else "never above the break threshold", temp, rho,
      math.sqrt(dmin)))
PY
