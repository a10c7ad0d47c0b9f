"""RT Dose and SEG out (issue 16): output.dicom_rt_dose writes dose.dcm, bed.dcm and vois.seg.dcm; read back with
pydicom and compared voxel by voxel with the NIfTI maps (nibabel), checked by dciodvfy (dicom3tools) and read by
dcmdump (DCMTK). The CT is a series written by pydicom (dicom_samples.py), never by rptdose."""

import json
import os
import re
import shutil
import subprocess

import numpy as np
import pytest

import rptdose

from dicom_samples import write_ct_series

pydicom = pytest.importorskip("pydicom")
nib = pytest.importorskip("nibabel")
pytestmark = pytest.mark.skipif(not hasattr(rptdose, "run_study"), reason="built without the pipeline (ITK)")

RAS_TO_LPS = np.diag([-1.0, -1.0, 1.0, 1.0])  # NIfTI's RAS+ world → DICOM's LPS patient space

# The warnings dciodvfy (dicom3tools 1.00~20220618) prints for these files, each justified in docs/dicom.md
# ("What dciodvfy says"); any other warning, and every error, fails the test.
ALLOWED_WARNINGS = [
    r"Unrecognized defined term <PLAN_OVERVIEW> for value 1 of attribute <Dose Summation Type>",
]


def lps_affine(nifti):
    return RAS_TO_LPS @ nifti.affine


def expected_geometry(affine_lps, slices):
    """IPP of the first frame, IOP, PixelSpacing, frame offsets and frame order of a grid, as PS3.3 C.7.6.2 and
    C.8.8.3.2 define them (frames stacked along row × column)."""
    columns = [affine_lps[:3, a] for a in range(3)]
    spacing = [np.linalg.norm(c) for c in columns]
    x, y, z = (c / s for c, s in zip(columns, spacing))
    reversed_ = np.dot(np.cross(x, y), z) < 0
    first = slices - 1 if reversed_ else 0
    position = affine_lps[:3, 3] + first * columns[2]
    return {
        "ipp": position,
        "iop": np.concatenate([x, y]),
        "pixel_spacing": [spacing[1], spacing[0]],
        "offsets": np.arange(slices) * spacing[2],
        "reversed": reversed_,
    }


def dose_Gy(ds):
    return ds.pixel_array.astype(np.float64) * float(ds.DoseGridScaling)


def frames_of(volume_xyz, reversed_):
    """A NIfTI array [x, y, z] as RT Dose frames [frame, row, column]."""
    frames = np.asarray(volume_xyz).transpose(2, 1, 0)
    return frames[::-1] if reversed_ else frames


def check_geometry(ds, affine_lps, slices):
    want = expected_geometry(affine_lps, slices)
    assert np.allclose([float(v) for v in ds.ImagePositionPatient], want["ipp"], atol=1e-3)
    assert np.allclose([float(v) for v in ds.ImageOrientationPatient], want["iop"], atol=1e-5)
    assert np.allclose([float(v) for v in ds.PixelSpacing], want["pixel_spacing"], atol=1e-4)
    assert np.allclose([float(v) for v in ds.GridFrameOffsetVector], want["offsets"], atol=1e-3)
    assert ds.FrameIncrementPointer == pydicom.tag.Tag(0x3004, 0x000C)
    return want["reversed"]


def check_voxels(ds, nifti_xyz, reversed_):
    """Each voxel within DoseGridScaling/2 of the NIfTI value (negative round-off written as 0)."""
    scaling = float(ds.DoseGridScaling)
    want = np.maximum(frames_of(nifti_xyz, reversed_), 0.0)
    got = dose_Gy(ds)
    assert got.shape == want.shape
    assert np.max(np.abs(got - want)) <= scaling / 2 * (1 + 1e-6) + 1e-12
    # The maximum uses the 32-bit range (DoseGridScaling = max / (2^32 - 1), rounded up in the 10th digit).
    assert ds.BitsAllocated == 32 and ds.PixelRepresentation == 0
    if want.max() > 0:
        assert ds.pixel_array.max() >= 4294967295 * (1 - 1e-8)


def as_16_bit(path, out):
    """The same object with its pixels re-encoded as 16-bit: dicom3tools of 2022 asserts on 32-bit pixel data
    (attrothr.cc 'bitsallocated <= bytesinword*8'), so dciodvfy checks this copy; only BitsAllocated/Stored,
    HighBit, DoseGridScaling and the pixel data differ (docs/dicom.md)."""
    ds = pydicom.dcmread(path)
    values = dose_Gy(ds)
    scaling = values.max() / 65535 if values.max() > 0 else 1.0
    ds.BitsAllocated, ds.BitsStored, ds.HighBit = 16, 16, 15
    ds.PixelData = np.round(values / scaling).astype("<u2").tobytes()
    ds["PixelData"].VR = "OW"
    ds.DoseGridScaling = f"{scaling:.9g}"
    ds.save_as(out)
    return out


def dciodvfy_problems(path):
    """dciodvfy's error lines and the warnings not in ALLOWED_WARNINGS."""
    run = subprocess.run(["dciodvfy", os.fspath(path)], capture_output=True, text=True, check=False)
    lines = (run.stdout + run.stderr).splitlines()
    errors = [line for line in lines if line.startswith("Error")]
    warnings = [line for line in lines if line.startswith("Warning")]
    unexplained = [w for w in warnings if not any(re.search(p, w) for p in ALLOWED_WARNINGS)]
    return errors, unexplained


def dcmdump_reads(path, sop_class):
    run = subprocess.run(["dcmdump", os.fspath(path)], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert sop_class in run.stdout


needs_dicom3tools = pytest.mark.skipif(shutil.which("dciodvfy") is None or shutil.which("dcmdump") is None,
                                       reason="dicom3tools (dciodvfy) or dcmtk (dcmdump) not installed")


@pytest.fixture(scope="module")
def dicom_run(tmp_path_factory):
    """The demo study with its CT as a pydicom CT series and output.dicom_rt_dose, run once."""
    folder = tmp_path_factory.mktemp("rtdose")
    study_path = rptdose.write_demo_study(folder / "study")
    ct = nib.load(folder / "study" / "ct.nii.gz")
    affine = lps_affine(ct)
    spacing = [float(np.linalg.norm(affine[:3, a])) for a in range(3)]
    uids = write_ct_series(folder / "study" / "ct_dicom", np.asarray(ct.dataobj).transpose(2, 1, 0),
                           spacing_mm=spacing, origin_mm=affine[:3, 3])
    with open(study_path) as f:
        study = json.load(f)
    study["ct"]["image"] = "ct_dicom"
    study["output"]["dicom_rt_dose"] = True
    study["output"]["plots"] = False
    with open(study_path, "w") as f:
        json.dump(study, f)
    summary = rptdose.run_study(study_path, folder / "out", plots=False)
    return {"out": folder / "out", "ct": uids, "summary": summary}


def test_dose_dcm_matches_the_nifti_dose_voxel_by_voxel(dicom_run):
    out = dicom_run["out"]
    nifti = nib.load(out / "dose_Gy.nii.gz")
    ds = pydicom.dcmread(out / "dose.dcm")
    assert ds.SOPClassUID == "1.2.840.10008.5.1.4.1.1.481.2" and ds.Modality == "RTDOSE"
    assert (ds.DoseUnits, ds.DoseType, ds.DoseSummationType) == ("GY", "PHYSICAL", "PLAN_OVERVIEW")
    assert "ReferencedRTPlanSequence" not in ds
    assert ds.TissueHeterogeneityCorrection == "IMAGE"  # the demo corrects for density
    reversed_ = check_geometry(ds, lps_affine(nifti), nifti.shape[2])
    check_voxels(ds, np.asarray(nifti.dataobj), reversed_)


def test_bed_is_an_effective_dose_and_no_rbe_map_without_alphas(dicom_run):
    out = dicom_run["out"]
    bed = pydicom.dcmread(out / "bed.dcm")
    assert bed.DoseType == "EFFECTIVE" and "BED" in bed.SeriesDescription
    nifti = nib.load(out / "bed_Gy.nii.gz")
    check_voxels(bed, np.asarray(nifti.dataobj), check_geometry(bed, lps_affine(nifti), nifti.shape[2]))
    assert not (out / "dose_rbe_weighted.dcm").exists()  # Lu-177 emits no alphas: no RBE-weighted map


def test_the_outputs_join_the_cts_patient_study_and_frame_of_reference(dicom_run):
    out, ct = dicom_run["out"], dicom_run["ct"]
    dose = pydicom.dcmread(out / "dose.dcm")
    seg = pydicom.dcmread(out / "vois.seg.dcm")
    for ds in (dose, seg, pydicom.dcmread(out / "bed.dcm")):
        assert ds.StudyInstanceUID == ct["study"]
        assert ds.FrameOfReferenceUID == ct["frame_of_reference"]
        assert (str(ds.PatientName), ds.PatientID, ds.PatientBirthDate, ds.PatientSex) == (
            "Test^Phantom", "RPT-0001", "19600101", "F")
        assert ds.SeriesInstanceUID != ct["series"]
    assert dose.SeriesInstanceUID != seg.SeriesInstanceUID
    referenced = dose.ReferencedSeriesSequence[0]
    assert referenced.SeriesInstanceUID == ct["series"]
    assert [i.ReferencedSOPInstanceUID for i in referenced.ReferencedInstanceSequence] == ct["sop_instances"]
    assert [i.ReferencedSOPInstanceUID for i in dose.ReferencedImageSequence] == ct["sop_instances"]


def test_the_seg_holds_each_voi_of_the_label_map(dicom_run):
    out, summary = dicom_run["out"], dicom_run["summary"]
    labels = np.asarray(nib.load(out / "labels.nii.gz").dataobj)
    affine = lps_affine(nib.load(out / "labels.nii.gz"))
    seg = pydicom.dcmread(out / "vois.seg.dcm")
    assert seg.Modality == "SEG" and seg.SegmentationType == "BINARY"
    vois = summary["vois"]
    assert [s.SegmentLabel for s in seg.SegmentSequence] == [v["name"] for v in vois]
    assert all(s.SegmentAlgorithmType == "SEMIAUTOMATIC" for s in seg.SegmentSequence)
    label_of_segment = {s.SegmentNumber: v["label"] for s, v in zip(seg.SegmentSequence, vois)}
    shared = seg.SharedFunctionalGroupsSequence[0]
    assert np.allclose([float(v) for v in shared.PlaneOrientationSequence[0].ImageOrientationPatient],
                       expected_geometry(affine, labels.shape[2])["iop"], atol=1e-5)
    masks = seg.pixel_array.reshape(-1, labels.shape[1], labels.shape[0])
    voxels = {}
    inverse = np.linalg.inv(affine)
    for frame, mask in zip(seg.PerFrameFunctionalGroupsSequence, masks):
        number = frame.SegmentIdentificationSequence[0].ReferencedSegmentNumber
        position = [float(v) for v in frame.PlanePositionSequence[0].ImagePositionPatient]
        index = inverse @ np.array([*position, 1.0])
        assert np.allclose(index[:2], 0, atol=1e-3)
        k = int(round(index[2]))
        label = label_of_segment[number]
        assert np.array_equal(mask.astype(bool), labels[:, :, k].T == label)
        voxels[label] = voxels.get(label, 0) + int(mask.sum())
    assert voxels == {v["label"]: v["voxels"] for v in vois}


@needs_dicom3tools
def test_dciodvfy_finds_no_error_and_dcmdump_reads_both(dicom_run, tmp_path):
    out = dicom_run["out"]
    for path in (as_16_bit(out / "dose.dcm", tmp_path / "dose16.dcm"), out / "vois.seg.dcm"):
        errors, unexplained = dciodvfy_problems(path)
        assert errors == [] and unexplained == [], (path, errors, unexplained)
    dcmdump_reads(out / "dose.dcm", "RTDoseStorage")
    dcmdump_reads(out / "vois.seg.dcm", "SegmentationStorage")


def test_nifti_inputs_get_a_new_study_shared_by_dose_and_seg_and_alphas_an_rbe_weighted_dose(tmp_path):
    study_path = rptdose.write_demo_study(tmp_path / "study", nuclide="Ac-225")
    with open(study_path) as f:
        study = json.load(f)
    study["output"].update({"dicom_rt_dose": True, "plots": False})
    summary = rptdose.run_study(study, tmp_path / "out", plots=False, base_dir=tmp_path / "study")
    assert not any("DICOM" in w or "RT Dose" in w for w in summary["warnings"])
    out = tmp_path / "out"
    dose, seg = pydicom.dcmread(out / "dose.dcm"), pydicom.dcmread(out / "vois.seg.dcm")
    rbe = pydicom.dcmread(out / "dose_rbe_weighted.dcm")
    for ds in (seg, rbe, pydicom.dcmread(out / "bed.dcm")):
        assert (ds.StudyInstanceUID, ds.FrameOfReferenceUID) == (dose.StudyInstanceUID, dose.FrameOfReferenceUID)
    assert "ReferencedSeriesSequence" not in dose and "ReferencedImageSequence" not in dose
    assert dose.PatientID == "" and dose.TissueHeterogeneityCorrection == "IMAGE"
    assert rbe.DoseType == "EFFECTIVE" and "RBE-weighted" in rbe.SeriesDescription
    nifti = nib.load(out / "dose_rbe_weighted_Gy.nii.gz")
    check_voxels(rbe, np.asarray(nifti.dataobj), check_geometry(rbe, lps_affine(nifti), nifti.shape[2]))


def nifti_map(path, affine_ras, shape, seed):
    values = np.random.default_rng(seed).uniform(0, 40, shape).astype(np.float32)
    nib.save(nib.Nifti1Image(values, affine_ras), path)
    return values


@pytest.mark.parametrize("name, affine_ras", [
    # z axis antiparallel to row × column: the frames go out in reverse order, offsets stay increasing
    ("flipped", np.diag([-2.0, -3.0, -4.0, 1.0]) + np.array([[0, 0, 0, 10], [0, 0, 0, -20], [0, 0, 0, 30],
                                                              [0, 0, 0, 0]])),
    # oblique: rotated 30° about (1, 2, 2)/3, orthonormal
    ("oblique", None),
])
def test_flipped_and_oblique_grids_round_trip(tmp_path, name, affine_ras):
    if affine_ras is None:
        axis = np.array([1.0, 2.0, 2.0]) / 3
        angle = np.radians(30)
        k = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
        rotation = np.eye(3) + np.sin(angle) * k + (1 - np.cos(angle)) * k @ k
        affine_ras = np.eye(4)
        affine_ras[:3, :3] = rotation @ np.diag([2.5, 2.0, 3.0])
        affine_ras[:3, 3] = [-40.0, 12.0, 7.5]
    values = nifti_map(tmp_path / "map.nii.gz", affine_ras, (7, 5, 6), seed=len(name))
    dose, grid = rptdose.read_image(tmp_path / "map.nii.gz")
    written = rptdose.write_rt_dose(tmp_path / "dose.dcm", dose, grid, dose_type="effective",
                                    series_description="test " + name)
    ds = pydicom.dcmread(tmp_path / "dose.dcm")
    assert ds.SOPInstanceUID == written["sop_instance_uid"]
    assert float(ds.DoseGridScaling) == pytest.approx(written["dose_grid_scaling_Gy"], rel=1e-12)
    assert ds.DoseType == "EFFECTIVE"
    reversed_ = check_geometry(ds, RAS_TO_LPS @ affine_ras, values.shape[2])
    assert reversed_ == (name == "flipped")
    check_voxels(ds, values, reversed_)


def test_a_sheared_grid_is_refused(tmp_path):
    grid = rptdose.Grid((3, 4, 5), 2.0, direction=[[1, 0, 0], [0, 1, 0.2], [0, 0, 1]])
    with pytest.raises(ValueError, match="not orthogonal unit vectors"):
        rptdose.write_rt_dose(tmp_path / "dose.dcm", np.ones((3, 4, 5), np.float32), grid)
    assert not (tmp_path / "dose.dcm").exists()


def test_the_reference_may_be_a_ct_folder(tmp_path):
    uids = write_ct_series(tmp_path / "ct", np.zeros((4, 6, 5)), spacing_mm=(2.0, 2.0, 3.0))
    grid = rptdose.Grid((4, 6, 5), (3.0, 2.0, 2.0))
    rptdose.write_rt_dose(tmp_path / "dose.dcm", np.full((4, 6, 5), 2.5, np.float32), grid, reference=tmp_path / "ct")
    ds = pydicom.dcmread(tmp_path / "dose.dcm")
    assert (ds.StudyInstanceUID, ds.FrameOfReferenceUID) == (uids["study"], uids["frame_of_reference"])
    assert np.allclose(dose_Gy(ds), 2.5, atol=float(ds.DoseGridScaling) / 2)
