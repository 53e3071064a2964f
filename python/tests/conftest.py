"""Shared fixtures: where the build, the `mlp` binary and the shared reference data are."""
import os
import pathlib

import pytest

import openmtp

SOURCE_DIR = pathlib.Path(__file__).resolve().parents[2]


def build_dir():
    """The build tree the imported module came from (<build>/python/openmtp/_core*.so)."""
    if os.environ.get("OPENMTP_BUILD_DIR"):
        return pathlib.Path(os.environ["OPENMTP_BUILD_DIR"])
    return pathlib.Path(openmtp._core.__file__).resolve().parents[2]


def shared_dir():
    return pathlib.Path(os.environ.get("OPENMTP_SHARED_DIR", SOURCE_DIR.parent / "shared"))


@pytest.fixture(scope="session")
def shared():
    d = shared_dir()
    if not (d / "reference" / "mlip2").is_dir():
        pytest.skip("needs the shared reference data at {} (../shared beside the project; set OPENMTP_SHARED_DIR "
                    "to point elsewhere)".format(d))
    return d


@pytest.fixture(scope="session")
def cu_potential_path(shared):
    p = shared / "data" / "mlearn" / "Cu" / "maml_fitted.mtp"
    if not p.is_file():
        pytest.skip("needs {} (the mlearn Cu MTP)".format(p))
    return p


@pytest.fixture(scope="session")
def cu_potential(cu_potential_path):
    return openmtp.Potential.load(str(cu_potential_path))


@pytest.fixture(scope="session")
def mlp():
    p = build_dir() / "bin" / "mlp"
    if not p.is_file():
        pytest.skip("needs the mlp binary at {} (cmake --build build --target mlp)".format(p))
    return p


def require_mlp_command(mlp, name):
    """Skips unless this build's `mlp` has the command `name`."""
    import subprocess
    if subprocess.run([str(mlp), "help", name], capture_output=True).returncode != 0:
        pytest.skip("this build's mlp has no command {} yet".format(name))


@pytest.fixture(scope="session")
def sample_cfg():
    """The first 5 configurations of the mlearn Cu training set (bundled, see tests/data/README.md)."""
    return SOURCE_DIR / "tests" / "data" / "mlearn_Cu_sample.cfg"
