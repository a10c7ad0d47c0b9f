"""`rptdose run --quiet` is quiet (issue 17 row 10): what the libraries (ITK, DCMTK) print while reading a study's
images goes into the run's warnings (stdout's listing, summary.json), not onto stderr. The DICOM series is written by
pydicom, an independent writer, without the File Meta Information Group Length (0002,0000), as some exporters do,
which DCMTK reports ("No Group Length available in Meta Information Header") through its log. (Before issue 16 the
series had a slice out of step, which ITK reported; uneven slices are an error now, test_dicom_images.py.)"""

import json
import subprocess

import numpy as np
import pytest

nib = pytest.importorskip("nibabel", reason="install python3-nibabel (scripts/install-deps.sh)")
pydicom = pytest.importorskip("pydicom", reason="install python3-pydicom (scripts/install-deps.sh)")
from pydicom.dataset import FileDataset, FileMetaDataset  # noqa: E402
from pydicom.uid import ExplicitVRLittleEndian, generate_uid  # noqa: E402

PET_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.128"  # single-frame slices placed by ImagePositionPatient


def write_series(folder, nifti_path):
    """One single-frame file per slice of the NIfTI image, on its grid (axis-aligned; RAS → LPS)."""
    image = nib.load(nifti_path)
    data = np.asarray(image.dataobj, dtype=np.float64)  # [x, y, z]
    affine = image.affine
    assert np.allclose(affine[:3, :3], np.diag(np.diag(affine[:3, :3]))), "the demo grid is axis-aligned"
    spacing = np.abs(np.diag(affine[:3, :3]))
    origin_lps = np.array([-affine[0, 3], -affine[1, 3], affine[2, 3]])
    assert affine[0, 0] < 0 and affine[1, 1] < 0 and affine[2, 2] > 0, "LPS-ordered voxel axes"
    slope = data.max() / 30000.0
    folder.mkdir()
    series, study, frame = generate_uid(), generate_uid(), generate_uid()
    for k in range(data.shape[2]):
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = PET_IMAGE_STORAGE
        meta.MediaStorageSOPInstanceUID = generate_uid()
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds = FileDataset(str(folder / f"{k:03d}.dcm"), {}, file_meta=meta, preamble=b"\0" * 128)
        ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID
        ds.Modality, ds.PatientID = "PT", "rptdose-test"
        ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.FrameOfReferenceUID = study, series, frame
        ds.InstanceNumber = k + 1
        z = k * spacing[2]
        ds.ImagePositionPatient = [float(x) for x in origin_lps + [0, 0, z]]
        ds.ImageOrientationPatient = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0]
        ds.PixelSpacing = [float(spacing[1]), float(spacing[0])]  # row spacing (y), column spacing (x)
        ds.SliceThickness = float(spacing[2])
        ds.Rows, ds.Columns = data.shape[1], data.shape[0]
        ds.SamplesPerPixel, ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 1, 16, 16, 15, 0
        ds.RescaleSlope, ds.RescaleIntercept = f"{slope:.6g}", "0"
        ds.PixelData = np.round(data[:, :, k].T / float(f"{slope:.6g}")).astype("<u2").tobytes()
        ds.is_little_endian, ds.is_implicit_VR = True, False
        ds.save_as(folder / f"{k:03d}.dcm", write_like_original=True)  # no (0002,0000) group length


def test_library_messages_go_to_the_warnings_not_stderr(tmp_path, cli):
    demo = subprocess.run([cli, "demo", "--out", tmp_path / "demo", "--quiet"], capture_output=True, text=True)
    assert demo.returncode == 0, demo.stderr
    study_dir = tmp_path / "demo" / "study"
    study = json.loads((study_dir / "study.json").read_text())
    write_series(study_dir / "dicom_024h", study_dir / study["time_points"][1]["image"])
    study["time_points"][1]["image"] = "dicom_024h"
    (study_dir / "dicom.json").write_text(json.dumps(study))
    run = subprocess.run([cli, "run", study_dir / "dicom.json", "--out", tmp_path / "out", "--quiet"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    warnings = json.loads((tmp_path / "out" / "summary.json").read_text())["warnings"]
    dcmtk = [w for w in warnings if w.startswith("DCMTK: ")]
    assert dcmtk and "No Group Length" in dcmtk[0], warnings
    assert "warning: DCMTK: " in run.stdout
