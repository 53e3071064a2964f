#!/usr/bin/env python3
"""Checks one of OpenMTP's force-style YAMLs without LAMMPS's harness, which wrote its numbers (test_pair_style
-g) and afterwards only compares the styles with themselves. Run in the folder that holds the potentials the
YAML names:
  check_yaml.py --mlp MLP --lmp LMP --potential pot.mtp --input-dir DIR [--ranks 2] file.yaml
1. calc-efs: the initial energy, forces and virial (init_vdwl, init_forces, init_stress: pair->virial, eV)
   equal `mlp calc-efs` of the same configuration (the harness's data file, converted by `mlp convert-cfg`)
   to the digits calc-efs prints.
2. ranks: LAMMPS on `--ranks` MPI ranks (the harness runs on one), with newton on and off, on the YAML's own
   input, gives the YAML's initial energy, virial and forces and, after the harness's 4 NVE steps, its
   run_vdwl, run_stress and run_forces (to 1e-10 of the largest value of each kind: the sums change order).
3. strain: the YAML's initial virial equals -dE/d(strain) by central differences of LAMMPS's energy over
   the six homogeneous strains of the cell (atoms remapped), to 1e-6 of the largest component.
Exit status 1 when a number is off."""
import argparse
import os
import subprocess
import sys

NKTV2P_METAL = 1.6021765e6  # LAMMPS's bar per eV/A^3 for units metal (update.cpp)
STRAIN_STEP = 1e-5


def yaml_fields(path):
    """The harness's YAML as its writer lays it out: `key: value` (a long value folded onto indented lines) or
    `key: ! |` followed by one indented line per entry."""
    fields, key, block = {}, None, False
    for line in open(path).read().splitlines():
        if line.startswith("  ") and key is not None:
            if block:
                fields[key].append(line.strip())
            else:
                fields[key][-1] += " " + line.strip()
        elif ":" in line and not line.startswith((" ", "-", ".")):
            key, value = line.split(":", 1)
            value = value.strip()
            block = value.startswith("!")
            fields[key] = [] if block else [value]
    return fields


def vector(words):
    return [float(v) for v in words.split()]


def forces_block(lines):
    return {int(w[0]): [float(v) for v in w[1:4]] for w in (line.split() for line in lines) if w}


def expected(fields):
    return {
        "init": (float(fields["init_vdwl"][0]), vector(fields["init_stress"][0]), forces_block(fields["init_forces"])),
        "run": (float(fields["run_vdwl"][0]), vector(fields["run_stress"][0]), forces_block(fields["run_forces"])),
    }


def calc_efs(path):
    lines = open(path).read().splitlines()
    out = {"forces": {}}
    for k, line in enumerate(lines):
        if line.strip() == "Energy":
            out["energy"] = float(lines[k + 1])
        elif line.strip().startswith("PlusStress"):
            xx, yy, zz, yz, xz, xy = (float(v) for v in lines[k + 1].split())
            out["virial"] = [xx, yy, zz, xy, xz, yz]  # the harness's order
        elif line.strip().startswith("AtomData"):
            cols = line.split()[1:]
            for row in lines[k + 1:]:
                w = row.split()
                if not w or not w[0].isdigit():
                    break
                rec = dict(zip(cols, w))
                out["forces"][int(rec["id"])] = [float(rec[c]) for c in ("fx", "fy", "fz")]
    return out


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        sys.exit(f"check_yaml: {' '.join(cmd)} failed ({r.returncode}):\n{r.stdout[-4000:]}")
    return r.stdout


def check_calc_efs(args, name, init, bad):
    data = os.path.join(args.input_dir, "data.openmtp_cu")
    cfg, out = f"check-{name}.cfg", f"check-{name}-efs.cfg"
    run([args.mlp, "convert-cfg", data, cfg, "--input-format=lammps-datafile", "--output-format=bin"])
    run([args.mlp, "calc-efs", args.potential, cfg, out])
    ref = calc_efs(out)
    energy, virial, forces = init
    # calc-efs prints the energy with 12 digits after the point, virials with 5, forces with 6.
    de = abs(energy - ref["energy"])
    dw = max(abs(a - b) for a, b in zip(virial, ref["virial"]))
    df = max(abs(a - b) for i, f in ref["forces"].items() for a, b in zip(forces[i], f))
    print(f"calc-efs: energy {energy!r} vs {ref['energy']!r} (diff {de:.1e} eV), max |virial diff| {dw:.1e} eV, "
          f"max |force diff| {df:.1e} eV/A over {len(ref['forces'])} atoms")
    if de > 1e-11 or dw > 1e-5 or df > 1e-6 or len(ref["forces"]) != len(forces):
        bad.append("calc-efs differs from the YAML's initial energy, virial or forces")


def lammps_input(fields, args, newton, name):
    """The harness's init_lammps and run_lammps as one script, printing what the YAML records."""
    cmds = [f"variable newton_pair index {newton}", f"variable input_dir index {args.input_dir}"]
    cmds += fields.get("pre_commands", [])
    cmds += [f"include {os.path.join(args.input_dir, fields['input_file'][0])}",
             f"pair_style {fields['pair_style'][0]}"]
    cmds += [f"pair_coeff {c}" for c in fields["pair_coeff"]]
    cmds += fields.get("post_commands", [])
    cmds += ["compute vir all pressure NULL virial", "thermo_style custom step pe c_vir[*] vol",
             "thermo_modify format float %.17g", "variable e equal pe"]

    def report(tag):
        return ['print "{} {} $(v_e:%.17g) $(c_vir[1]:%.17g) $(c_vir[2]:%.17g) $(c_vir[3]:%.17g) '
                '$(c_vir[4]:%.17g) $(c_vir[5]:%.17g) $(c_vir[6]:%.17g) $(vol:%.17g)"'.format("CHECK", tag),
                f"write_dump all custom check-{name}-{tag}.dump id fx fy fz modify sort id format float %.17g"]

    cmds += ["run 0 post no"] + report("init")
    if newton == "on":
        # Central differences over the six strains of the cell (x' = (1 + e) x): scale the cell vectors, remap.
        strains = {
            "xx": "x scale {s} xy final $(xy*{s}) xz final $(xz*{s})",
            "yy": "y scale {s} yz final $(yz*{s})",
            "zz": "z scale {s}",
            "xy": "xy final $(xy+{h}*ly) xz final $(xz+{h}*yz)",
            "xz": "xz final $(xz+{h}*lz)",
            "yz": "yz final $(yz+{h}*lz)",
        }
        for comp, change in strains.items():
            for sign, tag in ((1, "p"), (-1, "m")):
                h = sign * STRAIN_STEP
                cmds += [f"change_box all {change.format(s=repr(1 + h), h=repr(h))} remap units box",
                         "run 0 post no", f'print "STRAIN {comp} {tag} $(v_e:%.17g)"',
                         f"change_box all {change.format(s=repr(1 / (1 + h)), h=repr(-h))} remap units box"]
        cmds += ["run 0 post no"]
    cmds += ["fix 1 all nve", "thermo 2", "run 4 post no"] + report("run")
    return "\n".join(cmds) + "\n"


def parse_lammps(log, name, tag):
    for line in log.splitlines():
        w = line.split()
        if len(w) == 10 and w[0] == "CHECK" and w[1] == tag:
            v = [float(x) for x in w[2:]]
            volume = v[7]
            virial = [p * volume / NKTV2P_METAL for p in v[1:7]]
            break
    else:
        sys.exit(f"check_yaml: no {tag} line in LAMMPS's output:\n{log[-4000:]}")
    forces, rows = {}, open(f"check-{name}-{tag}.dump").read().splitlines()
    start = rows.index("ITEM: ATOMS id fx fy fz") + 1
    for row in rows[start:]:
        w = row.split()
        forces[int(w[0])] = [float(x) for x in w[1:4]]
    return v[0], virial, forces


def relative_diffs(got, want):
    e, w, f = got
    e0, w0, f0 = want
    wmax = max(abs(x) for x in w0)
    fmax = max(abs(x) for v in f0.values() for x in v)
    return (abs(e - e0) / abs(e0), max(abs(a - b) for a, b in zip(w, w0)) / wmax,
            max(abs(a - b) for i, v in f0.items() for a, b in zip(f[i], v)) / fmax)


def check_ranks(args, name, fields, want, bad):
    for newton in ("on", "off"):
        script = f"check-{name}-newton-{newton}.in"
        with open(script, "w") as fh:
            fh.write(lammps_input(fields, args, newton, name))
        cmd = [args.lmp, "-echo", "none", "-log", "none", "-nocite", "-in", script]
        if args.ranks > 1:
            cmd = ["mpirun", "--allow-run-as-root", "--oversubscribe", "-np", str(args.ranks)] + cmd
        log = run(cmd)
        for tag in ("init", "run"):
            d = relative_diffs(parse_lammps(log, name, tag), want[tag])
            print(f"{args.ranks} ranks, newton {newton}, {tag}: relative diff energy {d[0]:.1e}, virial {d[1]:.1e}, "
                  f"forces {d[2]:.1e}")
            if max(d) > 1e-10:
                bad.append(f"{args.ranks} ranks, newton {newton}: {tag} differs from the YAML")
        if newton == "on":
            check_strain(log, want["init"][1], bad)


def check_strain(log, virial, bad):
    energies = {}
    for line in log.splitlines():
        w = line.split()
        if len(w) == 4 and w[0] == "STRAIN":
            energies[(w[1], w[2])] = float(w[3])
    order = ["xx", "yy", "zz", "xy", "xz", "yz"]  # the harness's (and LAMMPS's) virial order
    fd = [-(energies[(c, "p")] - energies[(c, "m")]) / (2 * STRAIN_STEP) for c in order]
    d = max(abs(a - b) for a, b in zip(fd, virial)) / max(abs(x) for x in virial)
    print(f"strain: -dE/de by central differences {['%.6g' % x for x in fd]}; relative diff from init_stress {d:.1e}")
    if d > 1e-6:
        bad.append("init_stress is not -dE/d(strain)")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--mlp", required=True)
    p.add_argument("--lmp", required=True)
    p.add_argument("--potential", required=True)
    p.add_argument("--input-dir", required=True)
    p.add_argument("--ranks", type=int, default=2)
    p.add_argument("yaml")
    args = p.parse_args()
    fields = yaml_fields(args.yaml)
    name = os.path.basename(args.yaml).rsplit(".", 1)[0]
    want = expected(fields)
    bad = []
    check_calc_efs(args, name, want["init"], bad)
    check_ranks(args, name, fields, want, bad)
    for b in bad:
        print("MISMATCH:", b)
    sys.exit(1 if bad else 0)


main()
