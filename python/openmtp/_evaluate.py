"""One-call evaluation on numpy arrays or ase.Atoms."""
import os

import numpy as np

from ._core import Configuration, Evaluator, Potential


def evaluate(potential, positions, types=None, cell=None, pbc=None, species=None):
    """Energy, forces, virial, per-atom energies and virials of one structure.

    potential: Potential, Evaluator or .mtp path. positions: (n, 3) array in Angstrom with types (n,) species
    indices (default 0), cell (3, 3) rows and pbc (default: periodic when a cell is given) - or an ase.Atoms,
    with `species` mapping its chemical symbols to types (default: the potential's recorded species names). Returns Evaluator.compute's dict, plus "stress"
    (ASE's -virial/volume, Voigt order) for cells periodic in three dimensions.
    """
    if isinstance(potential, (str, os.PathLike)):
        potential = Potential.load(os.fspath(potential))
    evaluator = potential if isinstance(potential, Evaluator) else Evaluator(potential)
    if hasattr(positions, "get_positions"):  # ase.Atoms
        from ._atoms import from_ase, potential_species
        cfg = from_ase(positions, potential_species(evaluator.potential, species), evaluator.potential.species_count,
                       with_results=False)
    else:
        positions = np.asarray(positions, dtype=float)
        cfg = Configuration(positions=positions,
                            types=np.zeros(len(positions), dtype=int) if types is None else types,
                            cell=cell, pbc=pbc)
    result = evaluator.compute(cfg)
    if cfg.periodic_dims == 3:
        from ._atoms import matrix_to_voigt
        result["stress"] = matrix_to_voigt(-result["virial"] / cfg.volume)
    return result
