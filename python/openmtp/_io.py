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


def write(path, configurations, format="txt", append=False):
    """Writes one configuration or an iterable of them; the file appears only when all were written.

    Formats holding one configuration per file (vasp-poscar, lammps-datafile) write path0, path1, ... for
    several configurations, as MLIP-2 does.
    """
    if isinstance(configurations, Configuration):
        configurations = [configurations]
    with Writer(os.fspath(path), format, append) as w:
        for cfg in configurations:
            w.write(cfg)
