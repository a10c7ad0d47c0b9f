"""`pip install --no-build-isolation .` (setup.py + pyproject.toml, Debian's setuptools/wheel/pip only) into a
scratch target folder, reusing the module of this build (RPTDOSE_BUILD_DIR: nothing is compiled, nothing is
downloaded: --no-index), then a fresh process imports rptdose from there, away from the source and build trees,
and finds the data folder shipped inside the package."""

import importlib.util
import json
import os
import subprocess
import sys

import pytest

PROBE = """
import json, os, sys
import numpy as np
import rptdose
here = os.path.dirname(rptdose.__file__)
tia = np.full((5, 5, 5), 1e6, np.float32)
print(json.dumps({
    "package": here,
    "data": rptdose.data_directory(),
    "stub": os.path.isfile(os.path.join(here, "_rptdose.pyi")) and os.path.isfile(os.path.join(here, "py.typed")),
    "half_life_s": rptdose.Nuclide("lu177").half_life_s,
    "led_Gy": float(rptdose.dose(tia, "Lu-177", 4.8, method="led")[2, 2, 2]),
}))
"""


def test_pip_install_into_a_target_folder_and_import(build_dir, source_dir, tmp_path):
    # python3-pip, python3-setuptools, python3-wheel; looked up, not imported (importing setuptools here would
    # clash with the distutils numpy may have loaded).
    for module in ("pip", "setuptools", "wheel"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed (Debian: python3-{module})")
    target = tmp_path / "site"
    env = dict(os.environ, RPTDOSE_BUILD_DIR=str(build_dir), RPTDOSE_PIP_BUILD_BASE=str(tmp_path / "pip-build"),
               PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_CACHE_DIR="1",
               PIP_ROOT_USER_ACTION="ignore")
    env.pop("PYTHONPATH", None)
    command = [sys.executable, "-m", "pip", "install", "--no-build-isolation", "--no-deps", "--no-index", "--quiet",
               "--target", str(target), str(source_dir)]
    done = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "pip-build").exists()  # setuptools' scratch files went there, not into the source tree

    run_env = dict(env, PYTHONPATH=str(target))
    run_env.pop("RPTDOSE_DATA_DIR", None)
    out = subprocess.run([sys.executable, "-c", PROBE], env=run_env, cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["package"] == str(target / "rptdose")
    assert result["data"] == str(target / "rptdose" / "data")  # the shipped data, not the source tree's
    assert result["stub"]
    assert result["half_life_s"] == 574300.8
    assert result["led_Gy"] == pytest.approx(2.06058e-4, rel=1e-4)  # 1e6 Bq·s · 0.14792 MeV / (4.8³ mm³ · 1.04)
