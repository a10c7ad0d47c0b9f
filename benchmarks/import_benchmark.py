#!/usr/bin/python3
"""Wall time of `rptdose import` on a 4-time-point SPECT/CT study (issue 16's speed line: < 10 s).

The tree, written once by pydicom (tests/python: the same writers as the tests) and reused: per time point (4, 24,
96, 168 h after a Lu-177 injection) one reconstructed SPECT (NM multi-frame 128 x 128 x 128) and one CT of 512 x 512
x 300 slices (one file per slice, 512 KiB of pixel data each: 600 MiB in all), each time point on its own Frame of
Reference, and an RTSTRUCT on the first. The import reads every file's header (scan_dicom) and each SPECT's header
(and, were they on one frame, their grids); the best of --repeat runs is reported. Measured: docs/import.md.

Usage (after the README build):
    PYTHONPATH=build/python /usr/bin/python3 benchmarks/import_benchmark.py [--build build] [--tree DIR] [--repeat N]
"""

import argparse
import datetime
import pathlib
import subprocess
import sys
import time

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "python"))

from dicom_samples import new_uids, write_ct_series  # noqa: E402
from pydicom.uid import generate_uid  # noqa: E402
import test_import  # noqa: E402  (its SPECT and RTSTRUCT writers, the tests' tree)

HOURS = (4, 24, 96, 168)
CT_SLICES = 300


def write_tree(root: pathlib.Path):
    injection = datetime.datetime(2026, 3, 2, 9, 30, 0)
    for k, hours in enumerate(HOURS):
        when = injection + datetime.timedelta(hours=hours)
        uids = new_uids()
        test_import.write_spect(root / f"tp{k + 1}" / "spect" / "NM000001.dcm", dict(uids), when,
                                size=(128, 128, 128))
        slices = np.broadcast_to(np.full((512, 512), -1000.0), (CT_SLICES, 512, 512))  # one plane, no copies
        write_ct_series(root / f"tp{k + 1}" / "ct", slices, spacing_mm=(0.98, 0.98, 2.0),
                        origin_mm=(-250.0, -250.0, -300.0), when=when, study=uids["study"],
                        frame_of_reference=uids["frame_of_reference"], series=generate_uid())
        if k == 0:
            test_import.write_labels(root / "tp1" / "rtstruct" / "RS000001.dcm", uids)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=str(HERE.parent / "build"))
    parser.add_argument("--tree", default="/tmp/rptdose-import-benchmark")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    tree = pathlib.Path(args.tree)
    if not (tree / "complete").exists():
        started = time.perf_counter()
        write_tree(tree / "dicom")
        (tree / "complete").write_text("written by benchmarks/import_benchmark.py\n")
        print(f"wrote the tree in {time.perf_counter() - started:.1f} s: {tree / 'dicom'}")
    program = pathlib.Path(args.build) / "bin" / "rptdose"
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        done = subprocess.run([str(program), "import", str(tree / "dicom"), "--out", str(tree / "study.json"),
                               "--force"], capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if done.returncode not in (0, 3):
            sys.exit(f"rptdose import failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    files = sum(1 for _ in (tree / "dicom").rglob("*.dcm"))
    print(done.stdout, end="")
    print(f"rptdose import of {len(HOURS)} SPECT/CT time points ({files} files, CTs 512 x 512 x {CT_SLICES}): "
          f"best {min(times):.2f} s of {len(times)} (all: {', '.join(f'{t:.2f}' for t in times)}); target < 10 s")


if __name__ == "__main__":
    main()
