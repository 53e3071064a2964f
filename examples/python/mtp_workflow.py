# %% [markdown]
# # OpenMTP from Python: relax, MD with an extrapolation-grade watch, parity plots
#
# A notebook-style script (cells marked `# %%`; runs top to bottom as a plain script too). Defaults use the
# mlearn Cu MTP and test set from the shared data folder:
#
#     PYTHONPATH=build/python:python python3 examples/python/mtp_workflow.py \
#         --potential ../shared/data/mlearn/Cu/maml_fitted.mtp --species Cu \
#         --data ../shared/data/mlearn/Cu/test.cfg --out workflow-out [--state state.als]
#
# It writes parity plots (PNG), the configurations MD flagged as extrapolative, and summary.json.

# %%
import argparse
import json
import os
import pathlib
import time

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from ase import units  # noqa: E402
from ase.build import bulk  # noqa: E402
from ase.md.langevin import Langevin  # noqa: E402
from ase.md.velocitydistribution import MaxwellBoltzmannDistribution  # noqa: E402
from ase.optimize import BFGS  # noqa: E402

try:  # ASE >= 3.23
    from ase.filters import ExpCellFilter
except ImportError:  # ASE 3.22
    from ase.constraints import ExpCellFilter

import openmtp  # noqa: E402
from openmtp.ase import MTP  # noqa: E402

here = pathlib.Path(__file__).resolve().parent
shared = pathlib.Path(os.environ.get("OPENMTP_SHARED_DIR", here.parents[1].parent / "shared"))
parser = argparse.ArgumentParser(description="OpenMTP example: relax, MD with grade watch, parity plots")
parser.add_argument("--potential", default=str(shared / "data/mlearn/Cu/maml_fitted.mtp"))
parser.add_argument("--species", nargs="+", default=["Cu"], help="chemical symbol of MTP type 0, 1, ...")
parser.add_argument("--data", default=str(shared / "data/mlearn/Cu/test.cfg"),
                    help=".cfg with reference energies and forces for the parity plots")
parser.add_argument("--state", default=None, help="active-learning state (.als/.almtp) for the grade watch")
parser.add_argument("--lattice", default="fcc", help="ASE bulk structure to relax and run MD on")
parser.add_argument("--a0", type=float, default=3.5, help="starting lattice constant, Angstrom")
parser.add_argument("--md-steps", type=int, default=200)
parser.add_argument("--temperature", type=float, default=800.0, help="K")
parser.add_argument("--grade-threshold", type=float, default=2.0)
parser.add_argument("--out", default="workflow-out")
args = parser.parse_args()
out = pathlib.Path(args.out)
out.mkdir(parents=True, exist_ok=True)
summary = {}

# %% [markdown]
# ## 1. The potential as an ASE calculator

# %%
potential = openmtp.Potential.load(args.potential)
print(potential)
calc_options = {"species": args.species}
if args.state:
    calc_options["state"] = args.state
calc = MTP(potential, **calc_options)

# %% [markdown]
# ## 2. Relax the crystal: positions and cell together (ExpCellFilter), BFGS

# %%
atoms = bulk(args.species[0], args.lattice, a=args.a0, cubic=True).repeat((2, 2, 2))
atoms.rattle(0.02, seed=1)
atoms.calc = calc
t0 = time.perf_counter()
BFGS(ExpCellFilter(atoms), logfile=None).run(fmax=1e-3, steps=300)
a = (atoms.get_volume() / len(atoms) * 4) ** (1 / 3)  # 4 atoms per conventional (cubic) fcc cell
summary["relaxed_lattice_constant"] = a
summary["relaxed_energy_per_atom"] = atoms.get_potential_energy() / len(atoms)
print("relaxed: a = {:.4f} A, E/atom = {:.6f} eV ({:.2f} s)".format(
    a, summary["relaxed_energy_per_atom"], time.perf_counter() - t0))

# %% [markdown]
# ## 3. Langevin MD with a grade watch
#
# With a state file, every step's extrapolation grade is in `calc.results["grade"]`; configurations above
# the threshold are kept for DFT (the active-learning loop: MD -> select-add -> DFT -> train).

# %%
MaxwellBoltzmannDistribution(atoms, temperature_K=args.temperature, rng=np.random.default_rng(3))
md = Langevin(atoms, 2 * units.fs, temperature_K=args.temperature, friction=0.02, rng=np.random.default_rng(2))
log = []
flagged = []


def watch():
    row = {"step": md.nsteps, "T": atoms.get_temperature(), "E": atoms.get_potential_energy()}
    if "grade" in calc.results:
        row["grade"] = float(calc.results["grade"])
        if row["grade"] > args.grade_threshold:
            cfg = openmtp.from_ase(atoms, species=args.species, with_results=False)
            cfg.features["MV_grade"] = "{:.6g}".format(row["grade"])
            flagged.append(cfg)
    log.append(row)


md.attach(watch, interval=1)
t0 = time.perf_counter()
md.run(args.md_steps)
steps_per_s = args.md_steps / (time.perf_counter() - t0)
summary["md_steps"] = args.md_steps
summary["md_mean_temperature"] = float(np.mean([r["T"] for r in log[len(log) // 2:]]))
print("MD: {} steps, {:.1f} steps/s, mean T (second half) {:.0f} K".format(
    args.md_steps, steps_per_s, summary["md_mean_temperature"]))
if log and "grade" in log[0]:
    grades = np.array([r["grade"] for r in log])
    summary["md_max_grade"] = float(grades.max())
    summary["md_flagged"] = len(flagged)
    print("grades: min {:.3g}, max {:.3g}; {} configurations above {}".format(
        grades.min(), grades.max(), len(flagged), args.grade_threshold))
    if flagged:
        openmtp.write(str(out / "preselected.cfg"), flagged)
    fig, ax = plt.subplots(figsize=(5, 3))
    ax.plot([r["step"] for r in log], grades)
    ax.axhline(args.grade_threshold, color="r", lw=0.8)
    ax.set(xlabel="MD step", ylabel="extrapolation grade", yscale="log")
    fig.tight_layout()
    fig.savefig(out / "md_grades.png", dpi=120)
    plt.close(fig)

# %% [markdown]
# ## 4. Parity plots against reference data
#
# Errors as MLIP-2's report defines them: RMS of the energy per atom over configurations; force RMS =
# sqrt(sum |dF_i|^2 / (3 N_atoms)).

# %%
evaluator = openmtp.Evaluator(potential)
e_ref, e_mtp, f_ref, f_mtp = [], [], [], []
for cfg in openmtp.iread(args.data):
    r = evaluator.compute(cfg)
    if cfg.energy is not None:
        e_ref.append(cfg.energy / len(cfg))
        e_mtp.append(r["energy"] / len(cfg))
    if cfg.forces is not None:
        f_ref.append(np.array(cfg.forces))
        f_mtp.append(r["forces"])
e_ref, e_mtp = np.array(e_ref), np.array(e_mtp)
f_ref, f_mtp = np.concatenate(f_ref), np.concatenate(f_mtp)
summary["energy_per_atom_rms"] = float(np.sqrt(np.mean((e_mtp - e_ref) ** 2)))
summary["energy_per_atom_mae"] = float(np.mean(np.abs(e_mtp - e_ref)))
summary["force_rms"] = float(np.sqrt(np.sum((f_mtp - f_ref) ** 2) / f_ref.size))
summary["configurations"] = len(e_ref)
summary["atoms"] = len(f_ref)
print("parity on {} configurations: E/atom RMS {:.3g} meV, MAE {:.3g} meV; F RMS {:.3g} eV/A".format(
    len(e_ref), 1e3 * summary["energy_per_atom_rms"], 1e3 * summary["energy_per_atom_mae"], summary["force_rms"]))

fig, axes = plt.subplots(1, 2, figsize=(9, 4))
for ax, ref, mtp, label in [(axes[0], e_ref, e_mtp, "energy per atom (eV)"),
                            (axes[1], f_ref.ravel(), f_mtp.ravel(), "force component (eV/A)")]:
    lo, hi = min(ref.min(), mtp.min()), max(ref.max(), mtp.max())
    ax.plot([lo, hi], [lo, hi], color="0.6", lw=0.8)
    ax.scatter(ref, mtp, s=4)
    ax.set(xlabel="reference " + label, ylabel="MTP " + label)
fig.tight_layout()
fig.savefig(out / "parity.png", dpi=120)
plt.close(fig)

# %%
(out / "summary.json").write_text(json.dumps(summary, indent=2))
print("wrote", ", ".join(sorted(p.name for p in out.iterdir())))
