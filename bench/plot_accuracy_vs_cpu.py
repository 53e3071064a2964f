#!/usr/bin/python3
"""Draws test error against training CPU time from bench/mlearn_accuracy_vs_cpu.sh's work folder:
OpenMTP's learning curves (L<level>/curve.csv, every 10 iterations), MLIP-2's runs and the published potential
(points.csv).
    bench/plot_accuracy_vs_cpu.py WORK out.png [title]"""
import csv
import glob
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

work, out = sys.argv[1], sys.argv[2]
title = sys.argv[3] if len(sys.argv) > 3 else "mlearn Mo: test error against training CPU time"

fig, (ax_e, ax_f) = plt.subplots(1, 2, figsize=(11, 4.2))
colours = {}
for curve in sorted(glob.glob(os.path.join(work, "L*", "curve.csv"))):
    level = os.path.basename(os.path.dirname(curve))[1:]
    rows = [r for r in csv.DictReader(open(curve)) if r["valid_energy_mae_meV_per_atom"]]
    cpu = [float(r["cpu_seconds"]) / 60 for r in rows]
    line, = ax_e.plot(cpu, [float(r["valid_energy_mae_meV_per_atom"]) for r in rows], label=f"OpenMTP L{level}")
    ax_f.plot(cpu, [float(r["valid_force_rmse_meV_per_A"]) / 1000 for r in rows], color=line.get_color(),
              label=f"OpenMTP L{level}")
    colours[level] = line.get_color()
    for r in rows:  # mark 100, 200, 500, 1000 training iterations
        if r["stage"] == "training" and int(r["iteration"]) in (100, 200, 500, 1000):
            x = float(r["cpu_seconds"]) / 60
            ax_e.annotate(r["iteration"], (x, float(r["valid_energy_mae_meV_per_atom"])), fontsize=7,
                          textcoords="offset points", xytext=(2, 4))
            ax_f.annotate(r["iteration"], (x, float(r["valid_force_rmse_meV_per_A"]) / 1000), fontsize=7,
                          textcoords="offset points", xytext=(2, 4))

published = None
for r in csv.DictReader(open(os.path.join(work, "points.csv"))):
    if r["program"] == "MLIP-2":
        c = colours.get(r["level"], "black")
        x = float(r["cpu_seconds"]) / 60
        for ax, y in ((ax_e, float(r["energy_mae_meV_per_atom"])), (ax_f, float(r["force_rms_eV_per_A"]))):
            ax.plot([x], [y], marker="s", color=c, linestyle="none")
            ax.annotate(f"MLIP-2 L{r['level']}, {r['iterations']} it.", (x, y), fontsize=7,
                        textcoords="offset points", xytext=(-10, 6), ha="right")
    elif r["program"] == "published":
        published = r
if published:
    ax_e.axhline(float(published["energy_mae_meV_per_atom"]), color="grey", linestyle=":", label="published MTP")
    ax_f.axhline(float(published["force_rms_eV_per_A"]), color="grey", linestyle=":", label="published MTP")

ax_e.set_ylabel("test energy MAE (meV/atom)")
ax_f.set_ylabel("test force RMSE (eV/Å)")
for ax in (ax_e, ax_f):
    ax.set_xlabel("training CPU time (min, one core)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
fig.suptitle(title + " (squares: MLIP-2, same start)", fontsize=10)
fig.tight_layout()
fig.savefig(out, dpi=110)
print(out)
