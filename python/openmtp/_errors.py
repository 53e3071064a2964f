"""MLIP-2's error report (calc-errors, the TRAIN/VALIDATION ERRORS of train) computed with numpy.

Definitions as MLIP-2's error monitor: energy and energy per atom over configurations (max, average and RMS
of |dE|); forces over atoms (max |dF_i|, average sum |dF_i| / (3 N_atoms), RMS sqrt(sum |dF_i|^2 / (3 N_atoms)),
relative max and RMS); stresses over configurations with the Frobenius norm (max |dW|, average
sum |dW| / (9 N_cfg), RMS sqrt(sum |dW|^2 / (9 N_cfg))), in eV and in GPa (W / volume * 160.2176487).
"""
import os

import numpy as np

from ._core import Evaluator, Potential

EV_PER_A3_IN_GPA = 160.2176487


def _summary(diffs, refs=None, components=1):
    """max / average / RMS of per-item norms `diffs` (each item counting `components` numbers)."""
    diffs = np.asarray(diffs, dtype=float)
    out = {"count": len(diffs)}
    if len(diffs) == 0:
        return out
    out["max"] = float(diffs.max())
    out["average"] = float(diffs.sum() / (components * len(diffs)))
    out["rms"] = float(np.sqrt((diffs ** 2).sum() / (components * len(diffs))))
    if refs is not None:
        refs = np.asarray(refs, dtype=float)
        out["max_relative"] = float(diffs.max() / refs.max()) if refs.max() > 0 else float("nan")
        ref_sq = (refs ** 2).sum()
        out["rms_relative"] = float(np.sqrt((diffs ** 2).sum() / ref_sq)) if ref_sq > 0 else float("nan")
    return out


def error_report(potential, configurations):
    """Errors of `potential` (Potential, Evaluator or .mtp path) against the reference energies, forces and
    stresses of `configurations` (an iterable of Configuration or a .cfg path). Returns a dict with the
    sections energy, energy_per_atom, forces, stresses_ev, stresses_gpa; each has count, max, average, rms
    (forces and stresses also max_relative and rms_relative). Configurations lacking a reference skip that
    section, as in MLIP-2."""
    if isinstance(potential, (str, os.PathLike)):
        potential = Potential.load(os.fspath(potential))
    evaluator = potential if isinstance(potential, Evaluator) else Evaluator(potential)
    if isinstance(configurations, (str, os.PathLike)):
        from ._io import iread
        configurations = iread(configurations)
    de, de_atom, df, f, dw, w, dw_gpa, w_gpa = [], [], [], [], [], [], [], []
    for cfg in configurations:
        r = evaluator.compute(cfg)
        n = len(cfg)
        if cfg.energy is not None:
            de.append(abs(r["energy"] - cfg.energy))
            de_atom.append(abs(r["energy"] - cfg.energy) / n)
        if cfg.forces is not None:
            df.append(np.linalg.norm(r["forces"] - cfg.forces, axis=1))
            f.append(np.linalg.norm(cfg.forces, axis=1))
        if cfg.virial is not None:
            d = np.linalg.norm(r["virial"] - cfg.virial)
            ref = np.linalg.norm(cfg.virial)
            dw.append(d)
            w.append(ref)
            if cfg.periodic_dims == 3:
                dw_gpa.append(d / cfg.volume * EV_PER_A3_IN_GPA)
                w_gpa.append(ref / cfg.volume * EV_PER_A3_IN_GPA)
    return {
        "energy": _summary(de),
        "energy_per_atom": _summary(de_atom),
        "forces": _summary(np.concatenate(df) if df else [], np.concatenate(f) if f else None, components=3),
        "stresses_ev": _summary(dw, w, components=9),
        "stresses_gpa": _summary(dw_gpa, w_gpa, components=9),
    }


def format_error_report(report):
    """The report as text in the layout of MLIP-2's "Errors report" (6 significant digits)."""
    lines = ["_________________Errors report_________________"]
    titles = [("energy", "Energy", "configurations"), ("energy_per_atom", "Energy per atom", "configurations"),
              ("forces", "Forces", "atoms"), ("stresses_ev", "Stresses (in eV)", "configurations"),
              ("stresses_gpa", "Stresses (in GPa)", "configurations")]
    for key, title, unit in titles:
        s = report[key]
        lines.append(title + ":")
        lines.append("\tErrors checked for {} {}".format(s["count"], unit))
        if s["count"]:
            lines.append("\tMaximal absolute difference = {:.6g}".format(s["max"]))
            lines.append("\tAverage absolute difference = {:.6g}".format(s["average"]))
            lines.append("\tRMS     absolute difference = {:.6g}".format(s["rms"]))
            if "max_relative" in s:
                what = "Force" if key == "forces" else "Stres"
                lines.append("\tMax({0}Diff) / Max({0}) = {1:.6g}".format(what, s["max_relative"]))
                lines.append("\tRMS({0}Diff) / RMS({0}) = {1:.6g}".format(what, s["rms_relative"]))
        lines.append("")
    lines[-1] = "_______________________________________________"
    return "\n".join(lines)
