#!/usr/bin/env python3
"""The comparison table of bench/al_si_sw.sh and bench/al_cuzr.sh (docs/ACTIVE_LEARNING.md): per state, force
component RMSE / max (meV/A) and energy MAE (meV/atom) of active learning, of random snapshots over the same
states (three draws: their mean, and the range in brackets) and of random snapshots from one state.

    al_si_table.py STATE_ERRORS.json     (written by bench/al_state_errors.py --json)
"""
import json
import os
import sys


def main(path):
    data = json.load(open(path))
    by_name = {os.path.basename(k.rstrip("/")): v for k, v in data.items()}
    al = by_name["al"]
    draws = [by_name[k] for k in sorted(by_name) if k.startswith("random_states_")]
    one = by_name.get("random_one_state")
    print("| state | active learning: force RMSE / max, energy MAE | random over the states (%d draws): force RMSE / max, "
          "energy MAE | random from one state | AL force RMSE at or below every draw |" % len(draws))
    print("|---|---|---|---|---|")
    for state in al:
        a = al[state]
        rm = [d[state]["force"]["rmse"] for d in draws]
        mx = [d[state]["force"]["max"] for d in draws]
        em = [d[state]["energy"]["mae"] for d in draws]
        mean = lambda v: sum(v) / len(v)
        o = one[state] if one else None
        print("| %s | %.0f / %.0f, %.1f | %.0f [%.0f-%.0f] / %.0f [%.0f-%.0f], %.1f | %s | %s |" % (
            state, a["force"]["rmse"], a["force"]["max"], a["energy"]["mae"],
            mean(rm), min(rm), max(rm), mean(mx), min(mx), max(mx), mean(em),
            "%.0f / %.0f, %.1f" % (o["force"]["rmse"], o["force"]["max"], o["energy"]["mae"]) if o else "-",
            "yes" if a["force"]["rmse"] <= min(rm) else ("within the draws" if a["force"]["rmse"] <= max(rm) else "no")))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(sys.argv[1])
