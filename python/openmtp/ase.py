"""openmtp.ase.MTP: an ASE calculator for Moment Tensor Potentials.

    from openmtp.ase import MTP
    atoms.calc = MTP("pot.mtp", species=["Cu"])
    atoms.get_potential_energy(); atoms.get_forces(); atoms.get_stress()

Results: energy and free_energy (eV), forces (eV/A), stress (ASE's convention: -virial/volume in eV/A^3,
Voigt order xx yy zz yz xz xy; only for cells periodic in three dimensions), energies (per-atom, eV),
stresses (per-atom, summing to stress).
"""
import os

import numpy as np
from ase.calculators.calculator import Calculator, all_changes

from ._atoms import from_ase, matrix_to_voigt, species_map
from ._core import Evaluator, Potential


class MTP(Calculator):
    """ASE calculator evaluating an MTP.

    potential: path of an .mtp file, or an openmtp.Potential.
    species: the chemical symbol of each MTP type in order (species[0] is type 0), or {symbol: type}.
        May be omitted for a one-species potential (every atom is then type 0).
    """

    implemented_properties = ["energy", "free_energy", "forces", "stress", "energies", "stresses"]
    nolabel = True

    def __init__(self, potential, species=None, **kwargs):
        Calculator.__init__(self, **kwargs)
        if isinstance(potential, (str, os.PathLike)):
            potential = Potential.load(os.fspath(potential))
        self.potential = potential
        self.evaluator = Evaluator(potential)
        self.species = species_map(species, potential.species_count)

    def configuration(self, atoms=None):
        """The openmtp.Configuration this calculator evaluates for `atoms` (its own atoms by default)."""
        atoms = self.atoms if atoms is None else atoms
        return from_ase(atoms, self.species, self.potential.species_count, with_results=False)

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
        if cfg.periodic_dims == 3:
            volume = cfg.volume
            self.results["stress"] = matrix_to_voigt(-r["virial"] / volume)
            per_atom = -r["atom_virials"] / volume
            per_atom = 0.5 * (per_atom + per_atom.transpose(0, 2, 1))
            self.results["stresses"] = np.stack(
                [per_atom[:, 0, 0], per_atom[:, 1, 1], per_atom[:, 2, 2],
                 per_atom[:, 1, 2], per_atom[:, 0, 2], per_atom[:, 0, 1]], axis=1)
