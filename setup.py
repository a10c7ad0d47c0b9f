"""Builds the rptdose Python package with CMake, for `pip install --no-build-isolation .` (docs/python.md).

Only Debian packages are needed (cmake, a C++20 compiler, pybind11-dev, libeigen3-dev, nlohmann-json3-dev,
libfftw3-dev, python3-numpy, python3-setuptools, python3-wheel, python3-pip); nothing is downloaded.

    /usr/bin/python3 -m pip install --no-build-isolation .                 # configure + build in a temp folder
    RPTDOSE_BUILD_DIR=build /usr/bin/python3 -m pip install --no-build-isolation .   # reuse a CMake build

The package holds rptdose/*.py, the compiled module rptdose/_rptdose*.so, its type stubs (_rptdose.pyi, py.typed)
and a copy of data/ (decay tables, point kernels: 14 MB) in rptdose/data, which rptdose/__init__.py hands to the
module through RPTDOSE_DATA_DIR, so an installed package works from any folder.

Environment:
  RPTDOSE_BUILD_DIR      a CMake build folder configured with -DRPTDOSE_BUILD_PYTHON=ON whose module is already
                         built (cmake --build DIR --target _rptdose): it is copied as it is, nothing is compiled.
  RPTDOSE_CMAKE_ARGS     extra arguments for the fresh configure, e.g. "-DRPTDOSE_USE_FFTW=OFF".
  RPTDOSE_PIP_BUILD_BASE setuptools' scratch folder (default build-pip/, ignored by git).
  CMAKE_BUILD_PARALLEL_LEVEL  compile jobs of the fresh build (default: all cores).
"""

import glob
import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent


def project_version():
    """The version of CMakeLists.txt's project() (one source of truth)."""
    text = (ROOT / "CMakeLists.txt").read_text()
    match = re.search(r"project\(rptdose\s+VERSION\s+([0-9.]+)", text)
    if not match:
        sys.exit("setup.py: no 'project(rptdose VERSION x.y.z' in CMakeLists.txt")
    return match.group(1)


class CMakeExtension(Extension):
    """rptdose._rptdose, built by CMake rather than by setuptools."""

    def __init__(self, name):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def run(self):
        for extension in self.extensions:
            self.build_cmake(extension)

    def cmake_build_dir(self):
        prebuilt = os.environ.get("RPTDOSE_BUILD_DIR")
        if prebuilt:
            build_dir = Path(prebuilt).resolve()
            if not (build_dir / "CMakeCache.txt").exists():
                sys.exit(f"setup.py: RPTDOSE_BUILD_DIR={prebuilt} is not a CMake build folder (no CMakeCache.txt)")
            return build_dir
        build_dir = Path(self.build_temp).resolve() / "cmake"
        configure = [
            "cmake", "-S", str(ROOT), "-B", str(build_dir),
            "-DCMAKE_BUILD_TYPE=Release",
            "-DRPTDOSE_BUILD_PYTHON=ON",
            "-DRPTDOSE_BUILD_TESTS=OFF",
            "-DRPTDOSE_WITH_ITK=OFF",  # the Python package needs the compute core only
            f"-DPython_EXECUTABLE={sys.executable}",
        ] + shlex.split(os.environ.get("RPTDOSE_CMAKE_ARGS", ""))
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", str(os.cpu_count() or 1))
        subprocess.run(configure, check=True)
        subprocess.run(["cmake", "--build", str(build_dir), "--target", "_rptdose", "-j", jobs], check=True)
        return build_dir

    def build_cmake(self, extension):
        build_dir = self.cmake_build_dir()
        suffix = sysconfig.get_config_var("EXT_SUFFIX")
        built = glob.glob(str(build_dir / "python" / "rptdose" / f"_rptdose{suffix}"))
        if not built:
            found = glob.glob(str(build_dir / "python" / "rptdose" / "_rptdose*"))
            sys.exit(f"setup.py: no _rptdose{suffix} in {build_dir}/python/rptdose (found {found or 'nothing'}): "
                     f"build it with `cmake --build {build_dir} --target _rptdose`, configured with "
                     f"-DPython_EXECUTABLE={sys.executable}")
        target = Path(self.get_ext_fullpath(extension.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(built[0], target)
        data = target.parent / "data"
        if data.exists():
            shutil.rmtree(data)
        shutil.copytree(ROOT / "data", data)
        shutil.copy2(ROOT / "LICENSE", target.parent / "LICENSE")


build_base = os.environ.get("RPTDOSE_PIP_BUILD_BASE", str(ROOT / "build-pip"))
os.makedirs(build_base, exist_ok=True)

setup(
    version=project_version(),
    packages=["rptdose"],
    package_dir={"rptdose": "python/rptdose"},
    package_data={"rptdose": ["*.pyi", "py.typed"]},
    ext_modules=[CMakeExtension("rptdose._rptdose")],
    cmdclass={"build_ext": CMakeBuild},
    options={"build": {"build_base": build_base}, "egg_info": {"egg_base": build_base}},
    zip_safe=False,
)
