#!/usr/bin/python3
"""Plots of an OpenMTP active-learning run (mlp active-learn calls this after every iteration).

    /usr/bin/python3 scripts/al_plots.py WORK_DIR

Reads WORK_DIR/report.csv and the newest WORK_DIR/iter_NNN/parity.csv and writes
WORK_DIR/plots/progress.png (largest extrapolation grade, training-set size and hold-out errors per iteration)
and WORK_DIR/plots/parity.png (predicted against oracle energies per atom and force components on the hold-out set).
"""
import csv
import glob
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def progress_plot(rows, out):
    it = [int(r["iteration"]) for r in rows]
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))
    grade = [(i, float(r["max_grade"])) for i, r in zip(it, rows) if i > 0]
    if grade:
        axes[0].semilogy([g[0] for g in grade], [max(g[1], 1e-3) for g in grade], "o-")
    axes[0].set_xlabel("iteration")
    axes[0].set_ylabel("largest extrapolation grade")
    axes[0].set_title("exploration")
    axes[1].plot(it, [int(r["training_set"]) for r in rows], "s-", color="C1")
    axes[1].set_xlabel("iteration")
    axes[1].set_ylabel("training-set size")
    axes[1].set_title("training set")
    axes[2].plot(it, [1000 * float(r["holdout_energy_mae"]) for r in rows], "o-", label="energy MAE (meV/atom)")
    axes[2].plot(it, [1000 * float(r["holdout_force_component_mae"]) for r in rows], "s-", label="force component MAE (meV/A)")
    axes[2].set_xlabel("iteration")
    axes[2].set_title("hold-out errors")
    axes[2].legend()
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def parity_plot(rows, out, title):
    e = [(float(r["oracle"]), float(r["predicted"])) for r in rows if r["kind"] == "energy_per_atom"]
    f = [(float(r["oracle"]), float(r["predicted"])) for r in rows if r["kind"] == "force"]
    fig, axes = plt.subplots(1, 2, figsize=(9, 4.2))
    for ax, data, label in ((axes[0], e, "energy (eV/atom)"), (axes[1], f, "force component (eV/A)")):
        if data:
            x = [d[0] for d in data]
            y = [d[1] for d in data]
            lo, hi = min(x + y), max(x + y)
            ax.plot([lo, hi], [lo, hi], "k--", lw=0.8)
            ax.plot(x, y, ".", ms=4)
        ax.set_xlabel("oracle " + label)
        ax.set_ylabel("MTP " + label)
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    work = sys.argv[1]
    plots = os.path.join(work, "plots")
    os.makedirs(plots, exist_ok=True)
    rows = read_csv(os.path.join(work, "report.csv"))
    progress_plot(rows, os.path.join(plots, "progress.png"))
    parity = sorted(glob.glob(os.path.join(work, "iter_*", "parity.csv")))
    if parity:
        newest = parity[-1]
        name = os.path.basename(os.path.dirname(newest))
        parity_plot(read_csv(newest), os.path.join(plots, "parity.png"), "hold-out set, potential of " + name)
    print("plots written to", plots)


if __name__ == "__main__":
    main()
