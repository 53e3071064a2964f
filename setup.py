"""`pip install .` and `pip wheel .`: builds openmtp's compiled parts with CMake (metadata: pyproject.toml).

setuptools cannot compile a CMake project itself, so the one "extension" here is built by running CMake for
the targets openmtp_python (the module openmtp._core) and mlp (the command, shipped as openmtp/_bin/mlp and
run by the `mlp` console script). Environment:
  OPENMTP_CMAKE_BUILD_DIR  an already configured CMake build tree (e.g. build/) to reuse as it is: only the
                           two targets are built there, nothing is reconfigured. Its Python must be the
                           interpreter running pip (same module suffix).
  CMAKE_ARGS               extra configure options for a fresh build (e.g. -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  CMAKE_BUILD_PARALLEL_LEVEL  parallel compile jobs (default: all cores)
"""
import glob
import os
import shlex
import shutil
import stat
import subprocess
import sys
import sysconfig

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

SOURCE_DIR = os.path.dirname(os.path.abspath(__file__))


class CMakeTargets(Extension):
    """The compiled module, built by CMake rather than by setuptools (no sources listed here)."""

    def __init__(self, name):
        Extension.__init__(self, name, sources=[])


def pybind11_cmake_dir():
    """pybind11's CMake config from its Python package, when installed (Debian's python3-pybind11, or pip's in an
    isolated build); CMake's own search finds Debian's pybind11-dev otherwise."""
    try:
        import pybind11
    except ImportError:
        return None
    return pybind11.get_cmake_dir()


class BuildWithCMake(build_ext):
    def cmake_build_dir(self):
        reused = os.environ.get("OPENMTP_CMAKE_BUILD_DIR")
        if reused:
            reused = os.path.abspath(reused)
            if not os.path.isfile(os.path.join(reused, "CMakeCache.txt")):
                sys.exit("setup.py: OPENMTP_CMAKE_BUILD_DIR={} is not a configured CMake build tree (no "
                         "CMakeCache.txt)".format(reused))
            return reused
        build = os.path.abspath(os.path.join(self.build_temp, "cmake"))
        configure = ["cmake", "-S", SOURCE_DIR, "-B", build, "-DCMAKE_BUILD_TYPE=Release",
                     "-DPYTHON_EXECUTABLE=" + sys.executable, "-DOPENMTP_TESTS=OFF", "-DOPENMTP_BENCH=OFF",
                     "-DOPENMTP_LAMMPS=OFF"]
        if pybind11_cmake_dir():
            configure.append("-Dpybind11_DIR=" + pybind11_cmake_dir())
        configure += shlex.split(os.environ.get("CMAKE_ARGS", ""))
        subprocess.run(configure, check=True)
        return build

    def build_extension(self, ext):
        build = self.cmake_build_dir()
        command = ["cmake", "--build", build, "--target", "openmtp_python", "mlp"]
        if not os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL"):
            command += ["-j", str(self.parallel or os.cpu_count() or 1)]
        subprocess.run(command, check=True)

        suffix = sysconfig.get_config_var("EXT_SUFFIX")
        module = os.path.join(build, "python", "openmtp", "_core" + suffix)
        if not os.path.isfile(module):
            found = glob.glob(os.path.join(build, "python", "openmtp", "_core*"))
            sys.exit("setup.py: CMake did not build {} for this Python ({}); found {}. Configure the build tree "
                     "with -DPYTHON_EXECUTABLE={}".format(module, sys.executable, found or "nothing", sys.executable))
        target = self.get_ext_fullpath(ext.name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(module, target)
        executable = self.mlp_target(target)
        os.makedirs(os.path.dirname(executable), exist_ok=True)
        shutil.copyfile(os.path.join(build, "bin", "mlp"), executable)
        os.chmod(executable, os.stat(executable).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)

    @staticmethod
    def mlp_target(module_target):
        # beside the module: openmtp/_bin/mlp, where openmtp._mlp_command looks for it
        return os.path.join(os.path.dirname(module_target), "_bin", "mlp")

    def get_outputs(self):
        outputs = build_ext.get_outputs(self)
        return outputs + [self.mlp_target(p) for p in outputs]


setup(
    ext_modules=[CMakeTargets("openmtp._core")],
    cmdclass={"build_ext": BuildWithCMake},
    # setuptools' default build/ is the CMake build tree of scripts/setup.sh: keep the two apart
    options={"build": {"build_base": "build-python"}},
)
