"""Shared fixtures: where the build, the `mlp` binary and the shared reference data are."""
import os
import pathlib

import pytest

import openmtp

SOURCE_DIR = pathlib.Path(__file__).resolve().parents[2]


def build_dir():
    """The build tree the imported module came from (<build>/python/openmtp/_core*.so; for an installed package
    a folder without bin/mlp)."""
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
    """The mlp executable: the build tree's, or the one a pip-installed package carries."""
    from openmtp._mlp_command import executable
    candidates = [build_dir() / "bin" / "mlp", pathlib.Path(executable())]
    for p in candidates:
        if p.is_file():
            return p
    pytest.skip("needs the mlp binary at {} (cmake --build build --target mlp, or pip install .)".format(
        " or ".join(map(str, candidates))))


def require_mlp_command(mlp, name):
    """Skips unless this build's `mlp` has the command `name`."""
    import subprocess
    if subprocess.run([str(mlp), "help", name], capture_output=True).returncode != 0:
        pytest.skip("this build's mlp has no command {} yet".format(name))


@pytest.fixture(scope="session")
def sample_cfg():
    """The first 5 configurations of the mlearn Cu training set (bundled, see tests/data/README.md)."""
    return SOURCE_DIR / "tests" / "data" / "mlearn_Cu_sample.cfg"


def installed_distribution():
    """The pip-installed openmtp the tests import, or a skip when they run from a build tree (PYTHONPATH). With
    OPENMTP_EXPECT_INSTALLED=1 (scripts/test.sh) a missing installation is a failure, not a skip."""
    import importlib.metadata
    try:
        distribution = importlib.metadata.distribution("openmtp")
        # a checkout's python/openmtp.egg-info (left by pip's in-tree build) also answers: check the files
        installed = pathlib.Path(distribution.locate_file("openmtp/__init__.py")).resolve()
        imported = pathlib.Path(openmtp.__file__).resolve()
        if installed == imported and (pathlib.Path(distribution.locate_file("openmtp/_bin/mlp"))).is_file():
            return distribution
        reason = "openmtp is imported from {}, not from a pip installation".format(imported.parent)
    except importlib.metadata.PackageNotFoundError:
        reason = "openmtp is not pip-installed here (the tests run from a build tree)"
    if os.environ.get("OPENMTP_EXPECT_INSTALLED") == "1":
        pytest.fail(reason)
    pytest.skip(reason)

