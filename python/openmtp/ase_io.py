"""MLIP's .cfg files as an ASE file format named "mlip-cfg".

    import ase.io
    images = ase.io.read("train.cfg", index=":", species=["Li", "Ge"])
    ase.io.write("out.cfg", images, species=["Li", "Ge"])

ASE >= 3.23 finds the format through the entry point group "ase.ioformats" (pyproject.toml names the object
`mlip_cfg` below). ASE 3.22 (Debian 12) has no such mechanism: `import openmtp` adds the format to ASE's
table (register_with_ase), so there a script imports openmtp before reading.

File names *.cfg go to this format: ASE would otherwise give the extension to AtomEye's CFG, which shares it.
A *.cfg file that is not MLIP's (neither a text record BEGIN_CFG nor a binary one) is read by ASE's AtomEye
reader instead; other names are recognised by their first line, BEGIN_CFG.

Species: a .cfg numbers species 0, 1, ...; `species` names them (species[t] is the element of type t, or
{symbol: type}, or a potential that records its element names: an openmtp.Potential or an .mtp path).
Without it, atoms read are "X" with tags = the type numbers, and writing uses the tags of "X" atoms, so
files round-trip; images of one element only are written as type 0; several elements without `species` are
an error (numbering them by appearance would silently swap types between files).

Kept both ways: energy, forces, stress (ASE) <-> virial (MLIP's PlusStress = -stress * volume), per-atom
energies, charges (ASE's initial charges), per-atom grades (atoms.arrays["nbh_grades"]) and every Feature
(atoms.info, values as strings; info entries that are not numbers or strings are not written).
"""
import collections
import os

from ._core import Reader

FORMAT_NAME = "mlip-cfg"
DESCRIPTION = "MLIP configurations (.cfg, text or binary)"
# + several images, S: the functions take the file name (the library opens the file itself)
CODE = "+S"
GLOB = "*.cfg"
MAGIC_REGEX = rb"\s*BEGIN_CFG"


def _external_format_type():
    """ASE's ExternalIOFormat where ASE has one (>= 3.23), else a tuple of the same fields, so that the entry
    point always loads."""
    try:
        from ase.utils.plugins import ExternalIOFormat
        return ExternalIOFormat
    except ImportError:
        return collections.namedtuple("ExternalIOFormat", "desc code module glob ext magic magic_regex",
                                      defaults=(None,) * 5)


mlip_cfg = _external_format_type()(desc=DESCRIPTION, code=CODE, module=__name__, glob=GLOB,
                                   magic_regex=MAGIC_REGEX)


def species_order(species):
    """species as read_/write_mlip_cfg take it: a list or dict of symbols, or a potential (openmtp.Potential
    or .mtp path) whose recorded element names give the order (openmtp.read's species_order)."""
    if isinstance(species, (str, os.PathLike)) and os.fspath(species).endswith(".mtp"):
        from ._core import Potential
        species = Potential.load(os.fspath(species))
    if not hasattr(species, "species_count"):
        return species
    from ._io import species_order as recorded_names
    return recorded_names(species)


def is_mlip_cfg(path):
    """Whether a file holds MLIP configurations: its first non-blank bytes start a text record (BEGIN_CFG,
    or BEGIN in MLIP's old layout) or a binary one ('n'); an empty file counts as an empty MLIP file."""
    with open(path, "rb") as f:
        head = f.read(64).lstrip()
    return not head or head.startswith(b"BEGIN") or head.startswith(b"n")


def read_mlip_cfg(filename, index=None, species=None):
    """Yields ase.Atoms for the configurations `index` selects (a slice or an int; ASE passes a slice)."""
    from ._atoms import to_ase

    filename = os.fspath(filename)
    species = species_order(species)
    if not is_mlip_cfg(filename):
        from ase.io.cfg import read_cfg  # AtomEye's CFG, which also uses the extension .cfg
        with open(filename) as f:
            yield read_cfg(f)
        return
    if index is None:
        index = slice(None)
    if isinstance(index, int):
        index = slice(index, None if index == -1 else index + 1)
    configurations = Reader(filename, "txt")
    if (index.start or 0) >= 0 and (index.stop is None or index.stop >= 0) and (index.step or 1) > 0:
        # a forward slice: stream, so `ase.io.iread` of a large file holds one configuration at a time
        import itertools
        selected = itertools.islice(configurations, index.start, index.stop, index.step)
    else:
        selected = list(configurations)[index]
    for cfg in selected:
        yield to_ase(cfg, species=species)


def write_mlip_cfg(filename, images, append=False, species=None):
    """Writes ase.Atoms images (one or a sequence) as MLIP text records; the file appears only when all were
    written (an error on any image leaves no file)."""
    from ._io import write

    write(filename, images, "txt", append, species_order(species))


class ElementCheck:
    """Converts images for writing without a species order only where that is unambiguous: "X" atoms keep
    their tags as types, images of a single element are type 0; a second element is refused."""

    def __init__(self, species):
        self.species = species
        self.element = None

    def configuration(self, atoms, k):
        from ._atoms import from_ase

        if self.species is not None:
            return from_ase(atoms, species=self.species)
        symbols = set(atoms.get_chemical_symbols())
        if symbols <= {"X"}:
            cfg = from_ase(atoms)
            cfg.types = atoms.get_tags()
            return cfg
        for symbol in sorted(symbols):
            if self.element is None:
                self.element = symbol
            elif symbol != self.element:
                raise ValueError("image {} holds {} after {}: give species=[...] (the element of type 0, 1, ...) "
                                 "to write several elements to a .cfg".format(k, symbol, self.element))
        return from_ase(atoms)


def register_with_ase():
    """Adds the format to ASE's table where ASE does not read the entry point itself (ASE 3.22). That
    version imports format modules only from ase.io, hence the subclass that imports this module."""
    import importlib.util
    try:
        if importlib.util.find_spec("ase.utils.plugins") is not None:
            return False  # ASE >= 3.23: ExternalIOFormat came with the entry points, which ASE reads itself
        from ase.io import formats
    except ImportError:
        return False
    if FORMAT_NAME in formats.ioformats:
        return False

    class ExternalModuleFormat(formats.IOFormat):
        @property
        def module(self):
            import importlib
            return importlib.import_module(self.module_name)

    fmt = ExternalModuleFormat(FORMAT_NAME, DESCRIPTION, CODE, module_name=__name__)
    fmt.extensions = []
    fmt.globs = [GLOB]
    fmt.magic = []
    fmt.magic_regex = MAGIC_REGEX
    formats.ioformats[FORMAT_NAME] = fmt
    return True
