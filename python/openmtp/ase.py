"""openmtp.ase.MTP: an ASE calculator for Moment Tensor Potentials.

    from openmtp.ase import MTP
    atoms.calc = MTP("pot.mtp", species=["Cu"])
    atoms.get_potential_energy(); atoms.get_forces(); atoms.get_stress()

Results: energy and free_energy (eV), forces (eV/A), stress (ASE's convention: -virial/volume in eV/A^3,
Voigt order xx yy zz yz xz xy; only for cells periodic in three dimensions), energies (per-atom, eV),
stresses (per-atom, summing to stress). With an active-learning state: grade (the extrapolation grade) and,
in neighbourhood mode, grades (one per atom).
"""
import os

import numpy as np
from ase.calculators.calculator import Calculator, all_changes

from . import _core
from ._atoms import from_ase, matrix_to_voigt, potential_species
from ._core import Evaluator, Potential


class ExtrapolationError(RuntimeError):
    """Raised by MTP when a configuration's grade exceeds grade_break (MLIP-2's threshold-break): the
    potential is extrapolating too far to be trusted. .grade holds the grade, .atoms a copy of the atoms."""

    def __init__(self, grade, threshold, atoms):
        RuntimeError.__init__(self, "extrapolation grade {:.4g} exceeds {:.4g}".format(grade, threshold))
        self.grade = grade
        self.atoms = atoms


class MTP(Calculator):
    """ASE calculator evaluating an MTP.

    potential: path of an .mtp file, or an openmtp.Potential; may be omitted when `state` is given (the
        state file holds its potential).
    species: the chemical symbol of each MTP type in order (species[0] is type 0), or {symbol: type}.
        May be omitted when the potential records its species names (Potential.species_names), and must
        then agree with them. Atoms of an element the mapping does not hold are refused (ValueError).
    state: an active-learning state (MLIP-2 .als or MLIP-3 .almtp path, or an openmtp.ActiveSet); every
        calculation then also reports results["grade"] (and results["grades"] per atom in neighbourhood
        mode). Grades come from the state's own potential, as in MLIP-2.
    save_extrapolative, grade_save: configurations whose grade exceeds grade_save are appended to the
        .cfg file save_extrapolative (MLIP-2's select:save-selected / threshold).
    grade_break: a grade above it raises ExtrapolationError after the results are stored (threshold-break).
    threads: threads per evaluation (0: all cores); the numbers do not depend on it.
    """

    implemented_properties = ["energy", "free_energy", "forces", "stress", "energies", "stresses", "grade",
                              "grades", "magmom_derivatives"]
    nolabel = True

    def __init__(self, potential=None, species=None, state=None, save_extrapolative=None, grade_save=2.0,
                 grade_break=None, threads=1, **kwargs):
        Calculator.__init__(self, **kwargs)
        self.active_set = None
        if state is not None:
            self.active_set = state if isinstance(state, _core.ActiveSet) else _core.ActiveSet.load(os.fspath(state))
            if potential is None:
                potential = self.active_set.potential
        if potential is None:
            raise ValueError("MTP needs a potential (an .mtp path or openmtp.Potential) or a state file")
        if isinstance(potential, (str, os.PathLike)):
            potential = Potential.load(os.fspath(potential))
        self.potential = potential
        self.evaluator = Evaluator(potential, threads=threads)
        self.species = potential_species(potential, species)
        self.save_extrapolative = None if save_extrapolative is None else os.fspath(save_extrapolative)
        self.grade_save = grade_save
        self.grade_break = grade_break

    def configuration(self, atoms=None):
        """The openmtp.Configuration this calculator evaluates for `atoms` (its own atoms by default)."""
        atoms = self.atoms if atoms is None else atoms
        return from_ase(atoms, self.species, self.potential.species_count, with_results=False,
                        magnetic=self.potential.is_magnetic)

    def calculate(self, atoms=None, properties=("energy",), system_changes=all_changes):
        Calculator.calculate(self, atoms, properties, system_changes)
        cfg = self.configuration(self.atoms)
        r = self.evaluator.compute(cfg)
        self.results = {
            "energy": r["energy"],
            "free_energy": r["energy"],
            "forces": r["forces"],
            "energies": r["site_energies"],
        }
        if "moment_derivatives" in r:  # magnetic potential: dE/dm of each atom's initial magnetic moment
            self.results["magmom_derivatives"] = r["moment_derivatives"]
        if cfg.periodic_dims == 3:
            volume = cfg.volume
            self.results["stress"] = matrix_to_voigt(-r["virial"] / volume)
            per_atom = -r["atom_virials"] / volume
            per_atom = 0.5 * (per_atom + per_atom.transpose(0, 2, 1))
            self.results["stresses"] = np.stack(
                [per_atom[:, 0, 0], per_atom[:, 1, 1], per_atom[:, 2, 2],
                 per_atom[:, 1, 2], per_atom[:, 0, 2], per_atom[:, 0, 1]], axis=1)
        if self.active_set is not None:
            self._grade(cfg)

    def _grade(self, cfg):
        grade, per_atom = self.active_set.grade(cfg, per_atom=True)
        self.results["grade"] = grade
        if per_atom is not None:
            self.results["grades"] = per_atom
        if self.save_extrapolative and grade > self.grade_save:
            from ._io import write
            cfg.features["MV_grade"] = "{:.6g}".format(grade)
            if per_atom is not None:
                cfg.nbh_grades = per_atom
            write(self.save_extrapolative, cfg, append=os.path.exists(self.save_extrapolative))
        if self.grade_break is not None and grade > self.grade_break:
            raise ExtrapolationError(grade, self.grade_break, self.atoms.copy())
