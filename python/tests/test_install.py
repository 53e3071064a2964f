"""A pip-installed openmtp (scripts/test.sh installs one into a fresh virtual environment): the package, its
compiled module and the `mlp` command work without PYTHONPATH. Skipped when the tests run from a build tree."""
import os
import pathlib
import subprocess
import sys

import pytest

import openmtp

from conftest import SOURCE_DIR, installed_distribution


@pytest.fixture(scope="module")
def distribution():
    return installed_distribution()


def environment_without_pythonpath():
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    env.pop("OPENMTP_BUILD_DIR", None)
    return env


def test_the_installed_package_is_the_one_imported(distribution):
    package = pathlib.Path(openmtp.__file__).resolve().parent
    assert package != SOURCE_DIR / "python" / "openmtp", "imported the checkout's package, not the installed one"
    # in a build tree the compiled module sits in <build>/python/openmtp, apart from the Python files
    assert pathlib.Path(openmtp._core.__file__).resolve().parent == package
    installed = {str(f) for f in distribution.files}
    assert "openmtp/_bin/mlp" in installed and "openmtp/ase_io.py" in installed
    assert any(f.startswith("openmtp/_core.") and f.endswith(".so") for f in installed)
    assert distribution.version == openmtp.__version__


def test_import_and_ase_io_without_pythonpath(distribution, tmp_path, sample_cfg):
    code = ("import ase.io, openmtp; images = ase.io.read({!r}, index=':', species=['Cu']); "
            "print(len(images), images[0].get_chemical_symbols()[0], openmtp.__file__)").format(str(sample_cfg))
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=environment_without_pythonpath(),
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    count, symbol, where = run.stdout.split()
    assert (count, symbol) == ("5", "Cu") and pathlib.Path(where).resolve().parent == \
        pathlib.Path(openmtp.__file__).resolve().parent


def test_mlp_command_in_the_environment(distribution, tmp_path, sample_cfg):
    """`mlp` in the environment's bin/ (a console entry point) runs the packaged executable: the same output."""
    command = pathlib.Path(sys.executable).parent / "mlp"
    assert command.is_file()
    from openmtp._mlp_command import executable
    args = ["calc-errors", str(SOURCE_DIR / "examples/data/mlearn-Cu/maml_fitted.mtp"), str(sample_cfg)]
    through_entry = subprocess.run([str(command)] + args, cwd=tmp_path, env=environment_without_pythonpath(),
                                   capture_output=True, text=True)
    direct = subprocess.run([executable()] + args, cwd=tmp_path, capture_output=True, text=True)
    assert through_entry.returncode == 0, through_entry.stderr
    assert "Energy per atom" in through_entry.stdout and through_entry.stdout == direct.stdout
    wrong = subprocess.run([str(command), "no-such-command"], capture_output=True, text=True,
                           env=environment_without_pythonpath())
    assert wrong.returncode != 0 and wrong.returncode == subprocess.run(
        [executable(), "no-such-command"], capture_output=True).returncode
