#!/usr/bin/env python3
"""Checks a force-style YAML written by LAMMPS's harness (test_pair_style -g) before it is committed: its
initial energy, stress (pair->virial, eV) and forces must equal OpenMTP's own `mlp calc-efs` of the same
configuration to the precision calc-efs prints, and, where given, the energy and forces of LAMMPS ML-MTP's own
YAML for the same input (its stresses are twice the virial, so they are compared halved).
  check_yaml.py new.yaml calc-efs-output.cfg [ml-mtp.yaml]
Exit status 1 when a number is off."""
import sys


def yaml_blocks(path):
    text = open(path).read()
    out = {}
    for key in ("init_vdwl", "init_stress", "init_forces"):
        rest = text.split(key + ":", 1)[1]
        if key == "init_vdwl":
            out[key] = float(rest.split()[0])
        elif key == "init_stress":
            out[key] = [float(v) for v in rest.splitlines()[1].split()]
        else:
            forces = {}
            for line in rest.splitlines()[1:]:
                w = line.split()
                if len(w) != 4 or not w[0].isdigit():
                    break
                forces[int(w[0])] = [float(v) for v in w[1:]]
            out[key] = forces
    return out


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


def main():
    new = yaml_blocks(sys.argv[1])
    ref = calc_efs(sys.argv[2])
    bad = []
    # calc-efs prints the energy with 12 digits after the point, virials with 5, forces with 6.
    if abs(new["init_vdwl"] - ref["energy"]) > 1e-9 * max(1.0, abs(ref["energy"])):
        bad.append(f"energy {new['init_vdwl']} vs calc-efs {ref['energy']}")
    dw = max(abs(a - b) for a, b in zip(new["init_stress"], ref["virial"]))
    df = max(abs(a - b) for i, f in ref["forces"].items() for a, b in zip(new["init_forces"][i], f))
    if dw > 1e-5 or df > 1e-6:
        bad.append(f"virial off by {dw}, forces by {df}")
    print(f"vs calc-efs: energy {new['init_vdwl']!r} / {ref['energy']!r}, max |virial diff| {dw:.2e}, "
          f"max |force diff| {df:.2e} over {len(ref['forces'])} atoms")
    if len(sys.argv) > 3:
        mlmtp = yaml_blocks(sys.argv[3])
        de = abs(new["init_vdwl"] - mlmtp["init_vdwl"]) / abs(mlmtp["init_vdwl"])
        fmax = max(abs(v) for f in mlmtp["init_forces"].values() for v in f)
        df = max(abs(a - b) for i, f in mlmtp["init_forces"].items() for a, b in zip(new["init_forces"][i], f))
        ds = max(abs(a - 0.5 * b) / abs(0.5 * b) for a, b in zip(new["init_stress"], mlmtp["init_stress"]))
        print(f"vs ML-MTP's YAML: energy rel {de:.1e}, forces rel {df / fmax:.1e}, stress/2 rel {ds:.1e}")
        if de > 1e-12 or df / fmax > 1e-12 or ds > 1e-10:
            bad.append("ML-MTP's numbers differ")
    for b in bad:
        print("MISMATCH:", b)
    sys.exit(1 if bad else 0)


main()
