#!/usr/bin/python3
"""Seeds of the DICOM fuzz targets (fuzz/targets.cpp: rtstruct, seg, dicom_scan), written with pydicom by the test
writers of tests/python/dicom_samples.py: an RT Structure Set with two ROIs (one with a hole, one beside a POINT
contour) on the rtstruct target's grid (16 × 16 × 8 voxels of 4 mm from (-30, -30, -14) mm), a BINARY and a
FRACTIONAL Segmentation of two segments on 8 × 8 × 3 voxels (5 frames), the FRACTIONAL one also RLE Lossless,
and a CT slice. dicom_scan gets each file twice, behind its selector byte (0: the folder scan, 1: every attribute
through the getters).

    /usr/bin/python3 fuzz/seeds/make_dicom_seeds.py CORPUS_FOLDER    # writes CORPUS_FOLDER/<target>/seed-*

scripts/fuzz.sh runs it (each file is 1-6 KB).
"""
import pathlib
import sys
import tempfile

import numpy as np
import pydicom
from pydicom.uid import RLELossless

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "tests" / "python"))
from dicom_samples import new_uids, write_ct_series, write_rtstruct, write_seg  # noqa: E402


def square(half_mm, z, centre=(0.0, 0.0)):
    cx, cy = centre
    return [(cx - half_mm, cy - half_mm, z), (cx + half_mm, cy - half_mm, z), (cx + half_mm, cy + half_mm, z),
            (cx - half_mm, cy + half_mm, z)]


def main(out: pathlib.Path):
    with tempfile.TemporaryDirectory() as work:
        write_seeds(out, pathlib.Path(work))


def write_seeds(out: pathlib.Path, work: pathlib.Path):
    uids = new_uids()
    planes = (-6.0, -2.0, 2.0)  # voxel centres of the rtstruct grid: z = -14 + 4 k
    body = [square(20.0, z) for z in planes] + [square(6.0, z) for z in planes]  # an outline with a hole (even-odd)
    lesion = [square(4.0, z, (12.0, 12.0)) for z in planes[:2]] + [("POINT", (12.0, 12.0, 2.0))]
    files = {"rtstruct": write_rtstruct(work / "rtstruct.dcm", uids["frame_of_reference"], uids["study"],
                                        [(1, "Body", body), (2, "Lesion", lesion)])}
    z, y, x = np.mgrid[0:3, 0:8, 0:8]
    masks = {"Liver": (x >= 2) & (x < 6) & (y >= 1) & (y < 7), "Tumour": (x == 3) & (y == 3) & (z < 2)}
    for kind, fractional in (("binary", False), ("fractional", True)):
        files[f"seg-{kind}"] = write_seg(work / f"seg-{kind}.dcm", uids["frame_of_reference"], uids["study"], masks,
                                         4.0, (-14.0, -14.0, -4.0), fractional=fractional)
    rle = pydicom.dcmread(files["seg-fractional"])
    rle.compress(RLELossless)  # pydicom's own RLE encoder (PS3.5 Annex G)
    files["seg-rle"] = work / "seg-rle.dcm"
    rle.save_as(files["seg-rle"])
    write_ct_series(work / "ct", np.zeros((1, 4, 4)), spacing_mm=(2.0, 2.0, 2.0), file_name="ct.dcm")
    files["ct"] = work / "ct" / "ct.dcm"

    for target in ("rtstruct", "seg", "dicom_scan"):
        (out / target).mkdir(parents=True, exist_ok=True)
    for name, path in files.items():
        data = pathlib.Path(path).read_bytes()
        if name == "rtstruct":
            (out / "rtstruct" / f"seed-{name}.dcm").write_bytes(data)
        if name.startswith("seg"):
            (out / "seg" / f"seed-{name}.dcm").write_bytes(data)
        for selector in (0, 1):
            (out / "dicom_scan" / f"seed-{selector}-{name}.dcm").write_bytes(bytes([selector]) + data)


if __name__ == "__main__":
    main(pathlib.Path(sys.argv[1]))
