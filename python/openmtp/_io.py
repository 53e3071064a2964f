"""Reading and writing configuration files (any format the `mlp convert-cfg` command knows)."""
import os

from ._core import Configuration, Reader, Writer


def species_order(species):
    """The species order as a list of names: from a list or tuple of symbols (or atomic numbers), a
    comma-separated string ("Na,Cl"), {symbol: type}, or an openmtp.Potential that records its species
    names."""
    if species is None:
        return []
    names = getattr(species, "species_names", None)
    if names is not None:
        if not names:
            raise ValueError("the potential does not record its species names: give the species order as a list")
        return list(names)
    if isinstance(species, str):
        return [s for s in species.replace(" ", ",").split(",") if s]
    if isinstance(species, dict):  # {symbol: type}: every type 0..n-1 once
        names = sorted(species, key=species.get)
        if sorted(int(t) for t in species.values()) != list(range(len(names))):
            raise ValueError("species {} must give the types 0..{} once each".format(species, len(names) - 1))
        return [str(n) for n in names]
    return [str(s) for s in species]


def iread(path, format="txt", species=None):
    """Iterates over the configurations of a file without holding them all in memory.

    format: txt (text or binary .cfg, detected), bin, extxyz, vasp-outcar, vasp-poscar, lammps-datafile,
    lammps-dump, and MLIP-3's spellings of them.
    species: the species order, the element of type 0, 1, ... (["Na", "Cl"], "Na,Cl", or a Potential that
    records its names). Formats that name their species (extxyz, OUTCAR, VASP 5 POSCAR, LAMMPS data with
    named types) map names through it; an element outside it is an openmtp.Error naming the file, line and
    element. extxyz cannot be read without it.
    """
    return Reader(os.fspath(path), format, species_order(species))


def read(path, format="txt", species=None):
    """All configurations of a file, as a list (see iread)."""
    return list(iread(path, format, species))


def write(path, configurations, format="txt", append=False, species=None):
    """Writes one configuration or an iterable of them; the file appears only when all were written.

    Items may also be ase.Atoms, converted as ase.io.write does for format mlip-cfg (openmtp/ase_io.py):
    species[t] is the element of type t; without it, images of one element are type 0, "X" atoms keep
    their tags as types, and several elements are an error.

    Formats holding one configuration per file (vasp-poscar, lammps-datafile) write path0, path1, ... for
    several configurations, as MLIP-2 does. species: the species order (see iread); extxyz is written with
    the symbols and needs it, POSCAR gets a symbol line and LAMMPS data a Masses section from it.
    """
    from .ase_io import ElementCheck

    if isinstance(configurations, Configuration) or hasattr(configurations, "get_chemical_symbols"):
        configurations = [configurations]
    elements = ElementCheck(species)
    with Writer(os.fspath(path), format, append, species_order(species)) as w:
        for k, item in enumerate(configurations):
            if isinstance(item, Configuration):
                w.write(item)
            elif hasattr(item, "get_chemical_symbols"):
                w.write(elements.configuration(item, k))
            else:
                raise TypeError("openmtp.write: item {} is a {}, neither an openmtp.Configuration nor an "
                                "ase.Atoms".format(k, type(item).__name__))
