"""Conversion between openmtp.Configuration and ase.Atoms.

MTP species are indices 0, 1, 2, ...; ASE atoms carry chemical symbols. A species list maps one to the
other: species[t] is the symbol of type t (["Cu"], or ["Li", "Ge"] for a potential trained with Li as 0).
A potential that records its species names (Potential.species_names) supplies the list itself.
"""
import numbers

import numpy as np

from ._core import Configuration


def species_map(species, species_count=None):
    """{symbol: type} from a list of symbols (index = type) or a dict; checks against the potential's count."""
    if species is None:
        return None
    if hasattr(species, "species_names"):  # a Potential: its recorded names
        species = list(species.species_names) or None
        if species is None:
            return None
    if isinstance(species, str):
        species = [species]
    if isinstance(species, dict):
        mapping = {str(k): int(v) for k, v in species.items()}
    else:
        mapping = {}
        for t, symbol in enumerate(species):
            if symbol in mapping:
                raise ValueError("species {!r} is listed twice".format(symbol))
            mapping[str(symbol)] = t
    if species_count is not None:
        bad = [s for s, t in mapping.items() if not 0 <= t < species_count]
        if bad:
            raise ValueError("species {} map to types outside the potential's {} species".format(bad, species_count))
    return mapping


def potential_species(potential, species=None):
    """{symbol: type} for evaluating `potential`: its recorded species names, or `species` (a list of
    symbols, index = type, or {symbol: type}) for a potential that records none. Both given must agree:
    the potential would otherwise be applied to the wrong elements."""
    recorded = list(getattr(potential, "species_names", []) or [])
    mapping = species_map(species, potential.species_count)
    if not recorded:
        return mapping
    own = species_map(recorded, potential.species_count)
    if mapping is not None and any(own.get(s) != t for s, t in mapping.items()):
        raise ValueError("species {} disagree with the species the potential records {}".format(
            sorted(mapping, key=mapping.get), recorded))
    return own


def types_of(atoms, mapping, species_count=None):
    """The MTP type of each atom, by symbol through `mapping`. Without a mapping, atoms evaluated by a
    potential (species_count given) cannot be typed: a one-species Mo potential must not evaluate Nb atoms,
    so an error asks for species=[...]. Outside a potential, atoms of one element are type 0; several
    elements need the mapping."""
    if mapping is None:
        if species_count is not None:
            raise ValueError("no species order to type the atoms by (the potential records no species names): "
                             "give species=[...] (the chemical symbol of type 0, 1, ...; {} species)".format(species_count))
        elements = sorted(set(atoms.get_chemical_symbols()))
        if len(elements) > 1:
            raise ValueError("atoms of {} need species=[...] (the chemical symbol of type 0, 1, ...)".format(elements))
        return np.zeros(len(atoms), dtype=np.int64)
    symbols = atoms.get_chemical_symbols()
    try:
        return np.fromiter((mapping[s] for s in symbols), dtype=np.int64, count=len(symbols))
    except KeyError as e:
        raise ValueError("atom species {} is not one of the potential's species {}".format(
            e.args[0], sorted(mapping, key=mapping.get))) from None


def periodic_dims(pbc):
    """MTP cells are periodic along their first rows only: (T,T,T) -> 3, (T,T,F) -> 2, (T,F,F) -> 1, none -> 0."""
    pbc = [bool(p) for p in np.broadcast_to(pbc, 3)]
    dims = 0
    while dims < 3 and pbc[dims]:
        dims += 1
    if any(pbc[dims:]):
        raise ValueError("pbc {} cannot be represented: MTP cells are periodic along their first periodic "
                         "rows (use (T,T,T), (T,T,F), (T,F,F) or (F,F,F); permute the cell axes)".format(tuple(pbc)))
    return dims


def magnetic_moments_of(atoms):
    """(n, 3) moments from ASE's initial magnetic moments: collinear ones (a vector) go to column 0, MLIP-3's
    magmom_x; non-collinear ones ((n, 3)) are kept as they are (a magnetic MTP then refuses them)."""
    m = np.asarray(atoms.get_initial_magnetic_moments(), dtype=float)
    if m.ndim == 1:
        out = np.zeros((len(atoms), 3))
        out[:, 0] = m
        return out
    return m.reshape(len(atoms), 3)


def from_ase(atoms, species=None, species_count=None, with_results=True, magnetic=False):
    """A Configuration from ase.Atoms (a list of them from a list). With with_results, energy, forces and
    stress already held by the atoms' calculator (e.g. a SinglePointCalculator from a file) are copied too,
    stress as the virial -stress * volume (eV), and per-atom energies, charges (initial charges), per-atom
    grades (arrays["nbh_grades"]) and the atoms.info entries that are numbers or strings, as features. With
    magnetic (a magnetic potential), ASE's initial magnetic moments become the configuration's
    magnetic_moments (all zero when the atoms have none)."""
    if not hasattr(atoms, "get_chemical_symbols"):
        return [from_ase(a, species, species_count, with_results, magnetic) for a in atoms]
    mapping = species_map(species, species_count)
    dims = periodic_dims(atoms.pbc)
    cell = np.array(atoms.cell[:], dtype=float)
    cell[dims:] = 0.0
    cfg = Configuration(positions=atoms.positions, types=types_of(atoms, mapping, species_count), cell=cell,
                        periodic_dims=dims)
    if magnetic:
        cfg.magnetic_moments = magnetic_moments_of(atoms)
    if with_results and atoms.calc is not None:
        results = getattr(atoms.calc, "results", {})
        if "energy" in results:
            cfg.energy = float(results["energy"])
        if "forces" in results:
            cfg.forces = results["forces"]
        if "stress" in results and dims == 3:
            cfg.virial = -voigt_to_matrix(results["stress"]) * atoms.get_volume()
        if "energies" in results:
            cfg.site_energies = results["energies"]
    if with_results:
        if atoms.has("initial_charges"):
            cfg.charges = atoms.get_initial_charges()
        if "nbh_grades" in atoms.arrays:
            cfg.nbh_grades = atoms.arrays["nbh_grades"]
        cfg.features = features_of(atoms.info)
    return cfg


def features_of(info):
    """The entries of atoms.info a .cfg can hold as Feature lines: strings and numbers, as text."""
    return {str(k): str(v) for k, v in info.items() if isinstance(v, (str, numbers.Number, np.generic))}


def to_ase(cfg, species=None):
    """ase.Atoms from a Configuration (a list of them from a list or any iterable, e.g. openmtp.iread(path)):
    symbols from `species` (species[t] for type t; 'X' without a list), tags = MTP types, a
    SinglePointCalculator with the energy, forces, stress and per-atom energies the configuration holds,
    charges as initial charges, per-atom grades as arrays["nbh_grades"], and the features in atoms.info
    (values as the strings the file holds)."""
    from ase import Atoms
    from ase.calculators.singlepoint import SinglePointCalculator

    if not isinstance(cfg, Configuration):
        return [to_ase(c, species) for c in cfg]

    types = np.asarray(cfg.types)
    if hasattr(species, "species_names"):  # a Potential: its recorded names
        species = list(species.species_names) or None
    if species is not None:
        if isinstance(species, str):
            species = [species]
        if isinstance(species, dict):
            inverse = {t: s for s, t in species.items()}
            species = [inverse.get(t, "X") for t in range(max(inverse) + 1)]
        if len(types) and types.max() >= len(species):
            raise ValueError("configuration has type {} but species lists {} symbols".format(types.max(), len(species)))
        symbols = [species[t] for t in types]
    else:
        symbols = ["X"] * len(types)
    dims = cfg.periodic_dims
    atoms = Atoms(symbols=symbols, positions=np.array(cfg.positions), cell=np.array(cfg.cell),
                  pbc=[k < dims for k in range(3)], tags=types)
    results = {}
    if cfg.energy is not None:
        results["energy"] = cfg.energy
        results["free_energy"] = cfg.energy
    if cfg.forces is not None:
        results["forces"] = np.array(cfg.forces)
    if cfg.virial is not None and dims == 3:
        results["stress"] = matrix_to_voigt(-np.asarray(cfg.virial) / cfg.volume)
    if cfg.site_energies is not None:
        results["energies"] = np.array(cfg.site_energies)
    if cfg.charges is not None:
        atoms.set_initial_charges(np.array(cfg.charges))
    if cfg.nbh_grades is not None:
        atoms.arrays["nbh_grades"] = np.array(cfg.nbh_grades)
    atoms.info.update(cfg.features)
    # last: the calculator's results hold only for the atoms as they are when it is attached (charges count)
    if results:
        atoms.calc = SinglePointCalculator(atoms, **results)
    return atoms


def matrix_to_voigt(m):
    """3x3 -> ASE's Voigt order xx yy zz yz xz xy (of the symmetrised matrix)."""
    m = 0.5 * (np.asarray(m) + np.asarray(m).T)
    return np.array([m[0, 0], m[1, 1], m[2, 2], m[1, 2], m[0, 2], m[0, 1]])


def voigt_to_matrix(v):
    v = np.asarray(v, dtype=float)
    if v.shape == (3, 3):
        return v.copy()
    xx, yy, zz, yz, xz, xy = v
    return np.array([[xx, xy, xz], [xy, yy, yz], [xz, yz, zz]])
