"""Reading and writing configuration files (any format the `mlp convert-cfg` command knows)."""
import os

from ._core import Configuration, Reader, Writer


def iread(path, format="txt"):
    """Iterates over the configurations of a file without holding them all in memory.

    format: txt (text or binary .cfg, detected), bin, extxyz, vasp-outcar, vasp-poscar, lammps-datafile,
    lammps-dump, and MLIP-3's spellings of them.
    """
    return Reader(os.fspath(path), format)


def read(path, format="txt"):
    """All configurations of a file, as a list."""
    return list(iread(path, format))


def write(path, configurations, format="txt", append=False, species=None):
    """Writes one configuration or an iterable of them; the file appears only when all were written.

    Items may also be ase.Atoms, converted as ase.io.write does for format mlip-cfg (openmtp/ase_io.py):
    species[t] is the element of type t; without it, images of one element are type 0, "X" atoms keep
    their tags as types, and several elements are an error.

    Formats holding one configuration per file (vasp-poscar, lammps-datafile) write path0, path1, ... for
    several configurations, as MLIP-2 does.
    """
    from .ase_io import ElementCheck

    if isinstance(configurations, Configuration) or hasattr(configurations, "get_chemical_symbols"):
        configurations = [configurations]
    elements = ElementCheck(species)
    with Writer(os.fspath(path), format, append) as w:
        for k, item in enumerate(configurations):
            if isinstance(item, Configuration):
                w.write(item)
            elif hasattr(item, "get_chemical_symbols"):
                w.write(elements.configuration(item, k))
            else:
                raise TypeError("openmtp.write: item {} is a {}, neither an openmtp.Configuration nor an "
                                "ase.Atoms".format(k, type(item).__name__))
