"""OpenMTP: Moment Tensor Potentials from Python.

Installed with `pip install .`, the compiled core (openmtp._core) sits in this package. From a CMake build
tree it is built into <build>/python/openmtp/ beside this package (python/openmtp/):
PYTHONPATH=<build>/python:<source>/python finds both halves (see docs/PYTHON.md).

    import openmtp
    pot = openmtp.Potential.load("pot.mtp")
    ev = openmtp.Evaluator(pot)
    for cfg in openmtp.iread("train.cfg"):
        print(ev.compute(cfg)["energy"], cfg.energy)

The ASE calculator is openmtp.ase.MTP.
"""
import importlib as _importlib
import os as _os
import pkgutil as _pkgutil

# The compiled module lives in the build tree's openmtp/ folder: let this package span every openmtp/
# folder on sys.path, and the folder named by OPENMTP_BUILD_DIR (<build>/python/openmtp).
__path__ = _pkgutil.extend_path(__path__, __name__)
if _os.environ.get("OPENMTP_BUILD_DIR"):
    __path__.append(_os.path.join(_os.environ["OPENMTP_BUILD_DIR"], "python", "openmtp"))

try:
    _core = _importlib.import_module(__name__ + "._core")
except ModuleNotFoundError:
    raise ImportError(
        "openmtp: the compiled module openmtp._core is not in {}. Build it (cmake --build build --target "
        "openmtp_python, or scripts/setup.sh) and put <build>/python on PYTHONPATH beside <source>/python, or set "
        "OPENMTP_BUILD_DIR=<build>; see docs/PYTHON.md".format(list(__path__))) from None

from ._core import (  # noqa: E402
    ActiveSet,
    Configuration,
    Error,
    Evaluator,
    Features,
    Potential,
    Reader,
    Writer,
    format_cfg_text,
    neighbor_list,
    parse_cfg_text,
)
from ._io import iread, read, write  # noqa: E402
from ._atoms import from_ase, to_ase  # noqa: E402
from ._active import active_set_from_training  # noqa: E402
from ._train import train  # noqa: E402
from ._core import training_option_help  # noqa: E402
from ._errors import error_report, format_error_report  # noqa: E402
from ._evaluate import evaluate  # noqa: E402
from . import ase_io as _ase_io  # noqa: E402

# ASE >= 3.23 reads the "mlip-cfg" format's entry point itself; 3.22 needs it added to its table here.
_ase_io.register_with_ase()

__version__ = "0.1.0"


def load_potential(path):
    """Reads an .mtp file."""
    return Potential.load(path)


__all__ = [
    "ActiveSet", "Configuration", "Error", "Evaluator", "Features", "Potential", "Reader", "Writer",
    "active_set_from_training", "error_report", "evaluate", "format_cfg_text", "format_error_report", "from_ase", "iread",
    "load_potential", "neighbor_list", "parse_cfg_text", "read", "to_ase", "train", "training_option_help", "write",
]
