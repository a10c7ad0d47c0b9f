"""Shared fixtures of the Python tests: where the module under test was built (its CMake build folder, when it is
imported from <build>/python as the README and CTest do) and the rptdose CLI of the same build."""

import os
from pathlib import Path

import pytest

import rptdose


def module_build_dir():
    """The CMake build folder whose python/rptdose holds the imported module, or None (an installed package)."""
    candidate = Path(rptdose.__file__).resolve().parent.parent.parent
    return candidate if (candidate / "CMakeCache.txt").exists() else None


@pytest.fixture(scope="session")
def build_dir():
    folder = module_build_dir()
    if folder is None:
        pytest.skip("rptdose is not imported from a CMake build folder (<build>/python)")
    return folder


@pytest.fixture(scope="session")
def source_dir(build_dir):
    for line in (build_dir / "CMakeCache.txt").read_text().splitlines():
        if line.startswith("rptdose_SOURCE_DIR:STATIC="):
            return Path(line.split("=", 1)[1])
    pytest.skip("no rptdose_SOURCE_DIR in CMakeCache.txt")


@pytest.fixture(scope="session")
def cli(build_dir):
    """The rptdose program of the same build, to compare the Python numbers with the C++ ones."""
    program = build_dir / "bin" / "rptdose"
    if not os.access(program, os.X_OK):
        pytest.skip(f"{program} not built (cmake --build {build_dir} --target rptdose_cli)")
    return program
