#!/usr/bin/env python3
"""Hold-out errors per state, from the parity.csv an `mlp active-learn` work folder writes.

    al_state_errors.py STATES WORK_DIR [WORK_DIR ...]  [--json OUT.json]
    al_state_errors.py STATES --reference REF.cfg --predicted NAME.cfg WORK_DIR [...]  [--json OUT.json]

STATES lists the hold-out set in its order, one line per state: `name count` (the first `count` configurations
are state `name`, the next ones the next state). For each work folder the parity.csv of the last trained
iteration (the final potential's predictions) is read. Prints per state the energy per atom MAE / RMSE / max
(meV/atom) and the force component MAE / RMSE / max (meV/A); --json writes the same numbers. With --reference
and --predicted, WORK_DIR/NAME.cfg (e.g. from `mlp calc-efs`) is compared with REF.cfg instead.
Used by bench/al_si_sw.sh, bench/al_cuzr.sh and bench/al_li_threshold.sh.
"""
import csv
import glob
import json
import math
import os
import sys


def read_states(path):
    states = []
    for line in open(path):
        if line.strip() and not line.startswith("#"):
            name, count = line.split()
            states.append((name, int(count)))
    return states


def final_parity(work):
    found = sorted(glob.glob(os.path.join(work, "iter_*", "parity.csv")))
    if not found:
        raise SystemExit("al_state_errors: no iter_*/parity.csv in %s" % work)
    return found[-1]


def read_cfg(path):
    """Energy per atom and forces of each configuration of a text .cfg."""
    out, size, energy, forces, cols, atoms = [], 0, None, [], None, 0
    lines = open(path).read().splitlines()
    k = 0
    while k < len(lines):
        w = lines[k].split()
        if not w:
            k += 1
            continue
        if w[0] == "BEGIN_CFG":
            size, energy, forces = 0, None, []
        elif w[0] == "Size":
            size = int(lines[k + 1].split()[0])
            k += 1
        elif w[0].startswith("AtomData"):
            cols = w[1:]
            for j in range(size):
                v = lines[k + 1 + j].split()
                if "fx" in cols:
                    forces.append([float(v[cols.index(c)]) for c in ("fx", "fy", "fz")])
            k += size
        elif w[0] == "Energy":
            energy = float(lines[k + 1].split()[0])
            k += 1
        elif w[0] == "END_CFG":
            out.append((energy / size if energy is not None else None, forces))
        k += 1
    return out


def cfg_rows(reference, predicted):
    """parity.csv-like rows from two .cfg files of the same configurations."""
    ref, pred = read_cfg(reference), read_cfg(predicted)
    if len(ref) != len(pred):
        raise SystemExit("al_state_errors: %s has %d configurations, %s %d" % (reference, len(ref), predicted, len(pred)))
    for k, ((er, fr), (ep, fp)) in enumerate(zip(ref, pred)):
        yield {"kind": "energy_per_atom", "configuration": k, "oracle": er, "predicted": ep}
        for a, b in zip(fr, fp):
            for c in range(3):
                yield {"kind": "force", "configuration": k, "oracle": a[c], "predicted": b[c]}


def stats(diffs):
    if not diffs:
        return {"mae": float("nan"), "rmse": float("nan"), "max": float("nan")}
    a = [abs(d) for d in diffs]
    return {"mae": 1e3 * sum(a) / len(a), "rmse": 1e3 * math.sqrt(sum(d * d for d in a) / len(a)), "max": 1e3 * max(a)}


def state_errors(states, rows):
    owner = []
    for name, count in states:
        owner += [name] * count
    energy = {name: [] for name, _ in states}
    force = {name: [] for name, _ in states}
    for row in rows:
        k = int(row["configuration"])
        if k >= len(owner):
            raise SystemExit("al_state_errors: configuration %d, the states list %d" % (k, len(owner)))
        d = float(row["predicted"]) - float(row["oracle"])
        (energy if row["kind"] == "energy_per_atom" else force)[owner[k]].append(d)
    out = {}
    for name, _ in states:
        out[name] = {"energy": stats(energy[name]), "force": stats(force[name])}
    every_e = [d for name, _ in states for d in energy[name]]
    every_f = [d for name, _ in states for d in force[name]]
    out["all"] = {"energy": stats(every_e), "force": stats(every_f)}
    return out


def main(argv):
    json_out = None
    if "--json" in argv:
        i = argv.index("--json")
        json_out = argv[i + 1]
        del argv[i:i + 2]
    reference = predicted = None
    if "--reference" in argv:
        i = argv.index("--reference")
        reference = argv[i + 1]
        del argv[i:i + 2]
        i = argv.index("--predicted")
        predicted = argv[i + 1]
        del argv[i:i + 2]
    if len(argv) < 3:
        raise SystemExit(__doc__)
    states = read_states(argv[1])
    result = {}
    for work in argv[2:]:
        if reference:
            source = os.path.join(work, predicted)
            rows = cfg_rows(reference, source)
        else:
            source = final_parity(work)
            rows = csv.DictReader(open(source))
        result[work] = state_errors(states, rows)
        print("%s (%s)" % (work, os.path.relpath(source, work)))
        print("  %-16s %28s   %28s" % ("state", "energy MAE/RMSE/max meV/atom", "force comp. MAE/RMSE/max meV/A"))
        for name, e in result[work].items():
            print("  %-16s %8.2f %8.2f %8.2f   %8.1f %8.1f %8.0f" % (
                name, e["energy"]["mae"], e["energy"]["rmse"], e["energy"]["max"],
                e["force"]["mae"], e["force"]["rmse"], e["force"]["max"]))
    if json_out:
        json.dump(result, open(json_out, "w"), indent=1)


if __name__ == "__main__":
    main(sys.argv)
