# %% [markdown]
# # OpenMTP from Python: relax, MD with an extrapolation-grade watch, parity plots
#
# A notebook-style script (cells marked `# %%`; runs top to bottom as a plain script too). Its defaults are
# the data bundled in examples/data/mlearn-Cu (the mlearn authors' Cu MTP and 9 test configurations; see the
# README there), so with openmtp installed (`pip install .`, docs/PYTHON.md) it runs from a plain clone:
#
#     python3 examples/python/mtp_workflow.py --out workflow-out [--state state.als]
#     python3 examples/python/mtp_workflow.py --potential Mo.mtp --species Mo --lattice bcc --a0 3.1 \
#         --data Mo_test.cfg
#
# It writes parity plots (PNG), the configurations MD flagged as extrapolative, and summary.json.

# %%
import argparse
import json
import pathlib
import time

import ase.io
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

data = pathlib.Path(__file__).resolve().parent.parent / "data" / "mlearn-Cu"
parser = argparse.ArgumentParser(description="OpenMTP example: relax, MD with grade watch, parity plots")
parser.add_argument("--potential", default=str(data / "maml_fitted.mtp"))
parser.add_argument("--species", nargs="+", default=["Cu"], help="chemical symbol of MTP type 0, 1, ...")
parser.add_argument("--data", default=str(data / "test_sample.cfg"),
                    help=".cfg with reference energies and forces for the parity plots")
parser.add_argument("--state", default=None, help="active-learning state (.als/.almtp) for the grade watch")
parser.add_argument("--lattice", default="fcc", help="cubic ASE bulk structure to relax and run MD on "
                    "(fcc, bcc, sc, diamond)")
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
repeat = (2, 2, 2)  # conventional cubic cells along each axis
atoms = bulk(args.species[0], args.lattice, a=args.a0, cubic=True).repeat(repeat)
atoms.rattle(0.02, seed=1)
atoms.calc = calc
t0 = time.perf_counter()
BFGS(ExpCellFilter(atoms), logfile=None).run(fmax=1e-3, steps=300)
a = (atoms.get_volume() / np.prod(repeat)) ** (1 / 3)  # the volume of one conventional cell, any lattice
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
# The data through ASE's file reading (openmtp's "mlip-cfg" format): Atoms with the reference energy and
# forces on a SinglePointCalculator and the .cfg's features in atoms.info (here mlearn's "group").
images = ase.io.read(args.data, index=":", species=args.species)
evaluator = openmtp.Evaluator(potential)
e_ref, e_mtp, f_ref, f_mtp, groups = [], [], [], [], {}
for reference in images:
    r = evaluator.compute(openmtp.from_ase(reference, species=args.species, with_results=False))
    group = reference.info.get("group", "")
    groups[group] = groups.get(group, 0) + 1
    results = reference.calc.results if reference.calc is not None else {}
    if "energy" in results:
        e_ref.append(results["energy"] / len(reference))
        e_mtp.append(r["energy"] / len(reference))
    if "forces" in results:
        f_ref.append(results["forces"])
        f_mtp.append(r["forces"])
e_ref, e_mtp = np.array(e_ref), np.array(e_mtp)
f_ref, f_mtp = np.concatenate(f_ref), np.concatenate(f_mtp)
summary["energy_per_atom_rms"] = float(np.sqrt(np.mean((e_mtp - e_ref) ** 2)))
summary["energy_per_atom_mae"] = float(np.mean(np.abs(e_mtp - e_ref)))
summary["force_rms"] = float(np.sqrt(np.sum((f_mtp - f_ref) ** 2) / f_ref.size))
summary["configurations"] = len(e_ref)
summary["atoms"] = len(f_ref)
summary["groups"] = groups
print("parity on {} configurations ({}): E/atom RMS {:.3g} meV, MAE {:.3g} meV; F RMS {:.3g} eV/A".format(
    len(e_ref), ", ".join("{} {}".format(n, g) for g, n in sorted(groups.items())),
    1e3 * summary["energy_per_atom_rms"], 1e3 * summary["energy_per_atom_mae"], summary["force_rms"]))

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
