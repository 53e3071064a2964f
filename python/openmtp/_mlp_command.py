"""The `mlp` console command of an installed openmtp: runs the mlp executable built with the package.

pip installs Python entry points, not arbitrary executables, into the environment's bin/; the executable
travels inside the package (openmtp/_bin/mlp, see setup.py) and this entry point replaces itself with it.
"""
import os
import sys


def executable():
    """The path of the packaged mlp executable (present in an installed package, not in a source checkout)."""
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "_bin", "mlp")


def main():
    path = executable()
    if not os.access(path, os.X_OK):
        sys.exit("mlp: the executable {} is missing: this openmtp was not installed with pip (use the build "
                 "tree's bin/mlp)".format(path))
    os.execv(path, ["mlp"] + sys.argv[1:])
