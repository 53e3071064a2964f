#!/usr/bin/python3
"""Plots of an OpenMTP training run (`mlp train ... --plots=DIR` calls this after training).

    /usr/bin/python3 scripts/train_plots.py DIR

Reads DIR/learning_curve.csv (one row every --curve-every iterations) and DIR/parity.csv (reference against
predicted energies per atom, force components and stress components of the training and validation sets) and
writes DIR/learning_curve.png and DIR/parity.png, with MAE and RMSE printed on each parity panel.
"""
import csv
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def number(text):
    return float(text) if text not in ("", None) else math.nan


def learning_curve(rows, out):
    fig, axes = plt.subplots(1, 3, figsize=(14, 4))
    # Iterations counted over the whole run: pre-training first, then training.
    offset, last_stage, x = 0, None, []
    stage_ends = []
    for r in rows:
        if last_stage is not None and r["stage"] != last_stage:
            offset = x[-1]
            stage_ends.append(offset)
        last_stage = r["stage"]
        x.append(offset + int(r["iteration"]))
    axes[0].semilogy(x, [number(r["loss"]) for r in rows], "-", color="C0")
    axes[0].set_ylabel("loss")
    for ax, key, label in ((axes[1], "energy", "energy RMSE (meV/atom)"), (axes[2], "force", "force RMSE (meV/A)")):
        unit = "meV_per_atom" if key == "energy" else "meV_per_A"
        for which, style in (("train", "-"), ("valid", "o--")):
            y = [number(r["%s_%s_rmse_%s" % (which, key, unit)]) for r in rows]
            pts = [(a, b) for a, b in zip(x, y) if not math.isnan(b)]
            if pts:
                ax.semilogy([p[0] for p in pts], [p[1] for p in pts], style, ms=3, label=which)
        ax.set_ylabel(label)
        if ax.get_legend_handles_labels()[0]:
            ax.legend()
    for ax in axes:
        ax.set_xlabel("iteration (pre-training, then training)" if stage_ends else "iteration")
        for e in stage_ends:
            ax.axvline(e, color="grey", lw=0.8, ls=":")
        ax.grid(alpha=0.3)
    axes[0].set_title("loss")
    axes[1].set_title("energies")
    axes[2].set_title("forces")
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def parity(rows, out):
    kinds = (("energy_per_atom", "energy (eV/atom)", 1000.0, "meV/atom"),
             ("force", "force component (eV/A)", 1000.0, "meV/A"),
             ("stress", "stress component (GPa)", 1.0, "GPa"))
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.8))
    for ax, (kind, label, scale, unit) in zip(axes, kinds):
        lines, lo, hi = [], math.inf, -math.inf
        for n, (which, color) in enumerate((("train", "C0"), ("valid", "C1"))):
            pts = [(float(r["reference"]), float(r["predicted"])) for r in rows if r["kind"] == kind and r["set"] == which]
            if not pts:
                continue
            x = [p[0] for p in pts]
            y = [p[1] for p in pts]
            lo, hi = min(lo, min(x + y)), max(hi, max(x + y))
            ax.plot(x, y, ".", ms=3, color=color, alpha=0.6, label=which)
            d = [b - a for a, b in pts]
            mae = scale * sum(abs(v) for v in d) / len(d)
            rmse = scale * math.sqrt(sum(v * v for v in d) / len(d))
            lines.append("%s: MAE %.3g, RMSE %.3g %s (%d)" % (which, mae, rmse, unit, len(d)))
        if lines:
            ax.plot([lo, hi], [lo, hi], "k--", lw=0.8)
            ax.text(0.03, 0.97, "\n".join(lines), transform=ax.transAxes, va="top", fontsize=9,
                    bbox=dict(boxstyle="round", fc="white", alpha=0.85))
            ax.legend(loc="lower right", markerscale=4)
        else:
            ax.text(0.5, 0.5, "no reference values", transform=ax.transAxes, ha="center")
        ax.set_xlabel("reference " + label)
        ax.set_ylabel("predicted " + label)
        ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: train_plots.py DIR")
    d = sys.argv[1]
    made = []
    curve = os.path.join(d, "learning_curve.csv")
    if os.path.exists(curve):
        rows = read_csv(curve)
        if rows:
            learning_curve(rows, os.path.join(d, "learning_curve.png"))
            made.append("learning_curve.png")
    par = os.path.join(d, "parity.csv")
    if os.path.exists(par):
        parity(read_csv(par), os.path.join(d, "parity.png"))
        made.append("parity.png")
    if not made:
        sys.exit("train_plots.py: neither learning_curve.csv nor parity.csv in " + d)
    print("wrote " + ", ".join(os.path.join(d, m) for m in made))


if __name__ == "__main__":
    main()
