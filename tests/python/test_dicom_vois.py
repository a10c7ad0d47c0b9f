"""VOIs from DICOM RTSTRUCT and SEG files and from a folder of NIfTI masks (issue 16), written with pydicom as
the planning and segmentation systems write them, and read by `rptdose validate` / `run`.

RTSTRUCT: RT Structure Set IOD (PS3.3 A.19): Structure Set module C.8.8.5, ROI Contour C.8.8.6, RT ROI Observations
C.8.8.8; contours on the CT's slice planes, as MIM, Eclipse and Slicer (SlicerRT) write them. SEG: Segmentation IOD
(PS3.3 A.51, C.8.20) with shared PixelMeasures/PlaneOrientation and per-frame PlanePosition/SegmentIdentification,
empty frames left out (as highdicom and dcmqi do by default). The writers are dicom_samples.write_rtstruct,
write_seg and write_ct_series (shared with the seeds of the DICOM fuzz targets, fuzz/seeds/make_dicom_seeds.py).
"""
import json
import math
import pathlib
import subprocess
import sys

import numpy as np
import pytest

pydicom = pytest.importorskip("pydicom")
import rptdose  # noqa: E402

if not hasattr(rptdose, "read_image"):
    pytest.skip("rptdose built without ITK: no image files", allow_module_level=True)

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from dicom_samples import new_uids, write_ct_series, write_rtstruct, write_seg  # noqa: E402
from pydicom.uid import generate_uid  # noqa: E402


# The dose grid (SPECT) and the CT: 32 × 32 × 24 voxels of 4.8 mm; LPS (x, y, z) of voxel [0, 0, 0].
SIZE_XYZ = (32, 32, 24)
SPACING = 4.8
ORIGIN_XYZ = (-74.4, -74.4, -55.2)
# VOIs (centre x, y, z mm; radius mm): the tumour lies inside the liver.
SPHERES = {"Liver": ((20.0, 0.0, 0.0), 28.0), "Tumour": ((26.0, 4.0, 0.0), 11.0), "Kidney_L": ((-35.0, 10.0, 5.0), 15.0)}


def centres_xyz(size, spacing, origin):
    axes = [origin[a] + spacing * np.arange(size[a]) for a in range(3)]
    z, y, x = np.meshgrid(axes[2], axes[1], axes[0], indexing="ij")
    return x, y, z


def spect(value_scale):
    x, y, z = centres_xyz(SIZE_XYZ, SPACING, ORIGIN_XYZ)
    image = np.full(x.shape, 100.0, np.float32)
    for (c, r), level in zip(SPHERES.values(), (2000.0, 8000.0, 4000.0)):
        image[(x - c[0]) ** 2 + (y - c[1]) ** 2 + (z - c[2]) ** 2 <= r * r] = level
    return (image * value_scale).astype(np.float32)


def dose_grid():
    return rptdose.Grid(SIZE_XYZ[::-1], SPACING, ORIGIN_XYZ[::-1])


def write_study(folder, labels, *, labels_extra=None, dicom_ct=True, ct_uids=None):
    """Two SPECT time points (NIfTI, Bq/mL) and a CT (DICOM series, or NIfTI with dicom_ct=False)."""
    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for hours, scale in ((4, 1.0), (48, 0.6)):
        rptdose.write_image(folder / f"spect_{hours}h.nii.gz", spect(scale), dose_grid())
    x, y, z = centres_xyz(SIZE_XYZ, SPACING, ORIGIN_XYZ)
    hu = np.where(x ** 2 + y ** 2 <= 70.0 ** 2, 0.0, -1000.0)
    uids = None
    if dicom_ct:
        uids = write_ct_series(folder / "ct", hu, spacing_mm=(SPACING, SPACING, SPACING), origin_mm=ORIGIN_XYZ,
                               **(ct_uids or {}))
        ct = "ct"
    else:
        rptdose.write_image(folder / "ct.nii.gz", hu.astype(np.float32), dose_grid())
        ct = "ct.nii.gz"
    study = {
        "nuclide": "Lu-177",
        "administered_activity_MBq": 7400,
        "time_points": [
            {"image": "spect_4h.nii.gz", "hours_after_injection": 4, "units": "Bq/mL", "decay_corrected": False},
            {"image": "spect_48h.nii.gz", "hours_after_injection": 48, "units": "Bq/mL", "decay_corrected": False},
        ],
        "ct": {"image": ct},
        "labels": {"image": str(labels), **(labels_extra or {})},
        "methods": {"integration": "trapezoid", "components": False, "kernel_radius_mm": 10},
        "output": {"plots": False},
    }
    (folder / "study.json").write_text(json.dumps(study))
    return folder / "study.json", uids


def circle(centre, radius, z, points=64):
    a = 2 * math.pi * np.arange(points) / points
    return np.stack([centre[0] + radius * np.cos(a), centre[1] + radius * np.sin(a), np.full(points, z)], 1)


def sphere_contours(centre, radius, planes_z):
    """A sphere's contours on the given planes (those that cut it), 64 points each."""
    return [circle(centre, math.sqrt(radius ** 2 - (z - centre[2]) ** 2), z) for z in planes_z
            if abs(z - centre[2]) < radius]


CT_PLANES = [ORIGIN_XYZ[2] + SPACING * k for k in range(SIZE_XYZ[2])]


def standard_rois(planes=CT_PLANES):
    return [(number, name, sphere_contours(c, r, planes)) for number, (name, (c, r)) in
            zip((3, 7, 12), SPHERES.items())]


def run_cli(cli, *args):
    return subprocess.run([str(cli), *map(str, args)], capture_output=True, text=True)


def sphere_mL(radius_mm):
    return 4 / 3 * math.pi * radius_mm ** 3 / 1000


def run_and_read(cli, study, out):
    """`rptdose run`; the summary and its VOIs by name (those of SPHERES)."""
    result = run_cli(cli, "run", study, "--out", out)
    assert result.returncode == 0, result.stderr
    summary = json.loads((out / "summary.json").read_text())
    vois = {v["name"]: v for v in summary["vois"]}
    assert set(vois) == set(SPHERES)
    return summary, vois


def refused(cli, study, match):
    result = run_cli(cli, "validate", study)
    assert result.returncode == 2, result.stdout + result.stderr
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1, message
    assert match in message, message
    return message


def test_rtstruct_rois_become_the_vois_rasterised_on_the_dose_grid(tmp_path, cli):
    uids = new_uids()
    study, ct = write_study(tmp_path, "rtstruct.dcm", ct_uids=uids)
    rois = standard_rois() + [(20, "REF POINT", [("POINT", (0.0, 0.0, 0.0))])]
    write_rtstruct(tmp_path / "rtstruct.dcm", uids["frame_of_reference"], uids["study"], rois,
                   ct_sop_instances=ct["sop_instances"])
    summary, vois = run_and_read(cli, study, tmp_path / "out")
    assert {v["label"] for v in summary["vois"]} == {3, 7, 12}  # the ROI Numbers
    # The tumour (smaller) keeps its voxels; the liver is what is left of it. Volumes: the sphere's, within the
    # label map's 4.8 mm discretisation (contours every 4.8 mm, on the CT's slices).
    assert vois["Tumour"]["volume_mL"] == pytest.approx(sphere_mL(11), rel=0.12)
    assert vois["Kidney_L"]["volume_mL"] == pytest.approx(sphere_mL(15), rel=0.08)
    assert vois["Liver"]["volume_mL"] + vois["Tumour"]["volume_mL"] == pytest.approx(sphere_mL(28), rel=0.05)
    warnings = " ".join(summary["warnings"])
    assert "'REF POINT'" in warnings and "POINT or OPEN" in warnings
    assert "VOIs 'Tumour' and 'Liver' overlap" in warnings
    assert "resampled" not in warnings  # RTSTRUCTs are rasterised directly onto the dose grid
    labels, grid = rptdose.read_labels(tmp_path / "out" / "labels.nii.gz")
    assert grid.same_geometry(dose_grid())
    assert (labels == 7).sum() == vois["Tumour"]["voxels"]


def test_labels_names_rename_by_number_or_name_and_priority_orders_overlaps(tmp_path, cli):
    uids = new_uids()
    study, _ = write_study(tmp_path, "rtstruct.dcm", ct_uids=uids,
                           labels_extra={"names": {"3": "liver", "Kidney_L": "kidney_left"},
                                         "priority": ["liver"]})
    write_rtstruct(tmp_path / "rtstruct.dcm", uids["frame_of_reference"], uids["study"], standard_rois())
    # The liver first: the tumour inside it keeps nothing, which is an error naming what to do.
    refused(cli, study, "VOI 'Tumour' keeps no voxel")
    data = json.loads(study.read_text())
    data["labels"]["priority"] = ["Tumour", "liver"]
    study.write_text(json.dumps(data))
    warnings = rptdose.validate_study(study)
    assert any("VOIs 'Tumour' and 'liver' overlap" in w for w in warnings), warnings
    data["labels"]["names"] = {"Livr": "liver"}
    study.write_text(json.dumps(data))
    refused(cli, study, "labels.names renames 'Livr', which is no VOI")


def test_rtstruct_bad_inputs_exit_2_with_one_line(tmp_path, cli):
    uids = new_uids()
    study, _ = write_study(tmp_path, "rtstruct.dcm", ct_uids=uids)
    rt = tmp_path / "rtstruct.dcm"
    write_rtstruct(rt, generate_uid(), uids["study"], standard_rois())  # another Frame of Reference
    refused(cli, study, "is on the Frame of Reference")
    write_rtstruct(rt, uids["frame_of_reference"], uids["study"], standard_rois() + [(30, "PTV", [])])
    refused(cli, study, "ROI 30 'PTV'")
    far = [(40, "Elsewhere", sphere_contours((400.0, 0.0, 0.0), 20.0, CT_PLANES))]
    write_rtstruct(rt, uids["frame_of_reference"], uids["study"], standard_rois() + far)
    refused(cli, study, "lies entirely outside the image")
    # A folder holding the RTSTRUCT and the CT series: ambiguous, the file must be named.
    write_rtstruct(tmp_path / "ct" / "rtstruct.dcm", uids["frame_of_reference"], uids["study"], standard_rois())
    data = json.loads(study.read_text())
    data["labels"]["image"] = "ct"
    study.write_text(json.dumps(data))
    refused(cli, study, "give the one RTSTRUCT or SEG file itself")


def test_rtstruct_with_nifti_images_warns_that_the_frame_cannot_be_checked(tmp_path):
    study, _ = write_study(tmp_path, "rs", dicom_ct=False)
    write_rtstruct(tmp_path / "rs" / "RS.dcm", generate_uid(), generate_uid(), standard_rois())
    warnings = rptdose.validate_study(study)
    assert any("the images are not DICOM" in w and "Frame of Reference" in w for w in warnings), warnings


def sphere_masks(size_xyz, spacing, origin_xyz):
    x, y, z = centres_xyz(size_xyz, spacing, origin_xyz)
    return {name: (x - c[0]) ** 2 + (y - c[1]) ** 2 + (z - c[2]) ** 2 <= r * r for name, (c, r) in SPHERES.items()}


@pytest.mark.parametrize("fractional", [False, True])
def test_seg_segments_become_the_vois_via_its_own_grid(tmp_path, cli, fractional):
    # The SEG on a 2.4 mm grid (half the dose grid's voxels, the same outer faces), 33 × 33 columns so that the
    # 1-bit frames do not end on byte boundaries.
    uids = new_uids()
    study, _ = write_study(tmp_path, "seg.dcm", ct_uids=uids)
    fine_origin = tuple(o - 1.2 for o in ORIGIN_XYZ)
    masks = sphere_masks((64, 64, 48), 2.4, fine_origin)
    masks = {k: np.pad(v, ((0, 0), (0, 1), (0, 1))) for k, v in masks.items()}
    write_seg(tmp_path / "seg.dcm", uids["frame_of_reference"], uids["study"], masks, 2.4, fine_origin,
              fractional=fractional)
    summary, vois = run_and_read(cli, study, tmp_path / "out")
    assert {v["label"] for v in summary["vois"]} == {1, 2, 3}  # the Segment Numbers
    assert vois["Kidney_L"]["volume_mL"] == pytest.approx(sphere_mL(15), rel=0.15)
    assert any("resampled onto the dose grid by nearest neighbour" in w for w in summary["warnings"])
    assert any("VOIs 'Tumour' and 'Liver' overlap" in w for w in summary["warnings"])


def test_seg_bad_inputs_exit_2(tmp_path, cli):
    uids = new_uids()
    study, _ = write_study(tmp_path, "seg.dcm", ct_uids=uids)
    masks = sphere_masks(SIZE_XYZ, SPACING, ORIGIN_XYZ)
    write_seg(tmp_path / "seg.dcm", uids["frame_of_reference"], uids["study"], masks, SPACING, ORIGIN_XYZ,
              shift_frame=4)
    refused(cli, study, "shifted within its plane")
    write_seg(tmp_path / "seg.dcm", generate_uid(), uids["study"], masks, SPACING, ORIGIN_XYZ)
    refused(cli, study, "is on the Frame of Reference")
    # A SpacingBetweenSlices of 1e-300 made its frames 10^300 slices apart: a grid of 9e18 slices to allocate.
    write_seg(tmp_path / "seg.dcm", uids["frame_of_reference"], uids["study"], masks, SPACING, ORIGIN_XYZ)
    seg = pydicom.dcmread(tmp_path / "seg.dcm")
    seg.SharedFunctionalGroupsSequence[0].PixelMeasuresSequence[0].SpacingBetweenSlices = "1e-300"
    seg.save_as(tmp_path / "seg.dcm")
    refused(cli, study, "more than 65535 slices")


def test_a_folder_of_nifti_masks_names_the_vois_by_file(tmp_path):
    masks = tmp_path / "segmentations"
    masks.mkdir()
    for name, mask in sphere_masks(SIZE_XYZ, SPACING, ORIGIN_XYZ).items():
        rptdose.write_image(masks / f"{name.lower()}.nii.gz", mask.astype(np.uint8), dose_grid())
    rptdose.write_image(masks / "spleen.nii.gz", np.zeros(SIZE_XYZ[::-1], np.uint8), dose_grid())
    study, _ = write_study(tmp_path, "segmentations", dicom_ct=False,
                           labels_extra={"names": {"kidney_l": "kidney_left"}})
    warnings = rptdose.validate_study(study)
    assert any("are empty and give no VOI: spleen" in w for w in warnings), warnings
    assert not any("Frame of Reference" in w for w in warnings)
    summary = rptdose.run_study(study, tmp_path / "out", plots=False)
    assert {v["name"] for v in summary["vois"]} == {"liver", "tumour", "kidney_left"}


def test_the_test_files_pass_the_dicom3tools_iod_verifier(tmp_path):
    """The RTSTRUCT and SEG writers above follow PS3.3: dciodvfy (dicom3tools) finds no error in what they write."""
    import shutil

    if shutil.which("dciodvfy") is None:
        pytest.skip("dciodvfy (dicom3tools) is not installed")
    uids = new_uids()
    masks = sphere_masks(SIZE_XYZ, SPACING, ORIGIN_XYZ)
    files = [write_rtstruct(tmp_path / "rs.dcm", uids["frame_of_reference"], uids["study"], standard_rois()),
             write_seg(tmp_path / "seg.dcm", uids["frame_of_reference"], uids["study"], masks, SPACING, ORIGIN_XYZ),
             write_seg(tmp_path / "segf.dcm", uids["frame_of_reference"], uids["study"], masks, SPACING, ORIGIN_XYZ,
                       fractional=True)]
    for f in files:
        report = subprocess.run(["dciodvfy", str(f)], capture_output=True, text=True)
        errors = [line for line in (report.stdout + report.stderr).splitlines() if line.startswith("Error")]
        assert not errors, (f, errors)


def test_the_seg_a_run_writes_reads_back_as_the_same_vois(tmp_path, cli):
    """rptdose's own SEG of the VOIs used (output.dicom_rt_dose) as labels.image of the next run: the same VOIs."""
    uids = new_uids()
    study, _ = write_study(tmp_path, "rtstruct.dcm", ct_uids=uids)
    write_rtstruct(tmp_path / "rtstruct.dcm", uids["frame_of_reference"], uids["study"], standard_rois())
    data = json.loads(study.read_text())
    data["output"]["dicom_rt_dose"] = True
    study.write_text(json.dumps(data))
    _, first = run_and_read(cli, study, tmp_path / "first")
    data["labels"]["image"] = str(tmp_path / "first" / "vois.seg.dcm")
    study.write_text(json.dumps(data))
    _, again = run_and_read(cli, study, tmp_path / "again")
    assert {k: v["voxels"] for k, v in again.items()} == {k: v["voxels"] for k, v in first.items()}


def test_labels_names_renames_a_preset_name_of_a_label_map(tmp_path):
    labels = np.zeros(SIZE_XYZ[::-1], np.int32)
    labels[sphere_masks(SIZE_XYZ, SPACING, ORIGIN_XYZ)["Liver"]] = 5  # TotalSegmentator's liver
    rptdose.write_image(tmp_path / "labels.nii.gz", labels, dose_grid())
    study, _ = write_study(tmp_path, "labels.nii.gz", dicom_ct=False,
                           labels_extra={"preset": "totalsegmentator", "names": {"liver": "liver_whole"}})
    summary = rptdose.run_study(study, tmp_path / "out", plots=False)
    assert [v["name"] for v in summary["vois"]] == ["liver_whole"]
    data = json.loads(study.read_text())
    data["labels"]["names"] = {"livr": "liver_whole"}
    study.write_text(json.dumps(data))
    with pytest.raises(ValueError, match="renames 'livr', which is no VOI name of the label map"):
        rptdose.validate_study(study)


def test_an_oblique_seg_with_frames_in_any_order_lands_on_the_dose_grid(tmp_path, cli):
    # The SEG's grid turned 30° about the patient's z axis, frames from head to foot: the VOIs come out where the
    # spheres are (volumes within the nearest-neighbour resampling's error at 4.8 mm).
    uids = new_uids()
    study, _ = write_study(tmp_path, "seg.dcm", ct_uids=uids)
    a = math.radians(30)
    row, column = np.array([math.cos(a), math.sin(a), 0.0]), np.array([-math.sin(a), math.cos(a), 0.0])
    n, spacing = 40, 3.0
    origin = -(n - 1) / 2 * spacing * (row + column) + np.array([0.0, 0.0, -54.0])
    i = np.arange(n) * spacing
    kk, jj, ii = np.meshgrid(np.arange(36) * spacing, i, i, indexing="ij")
    points = origin + ii[..., None] * row + jj[..., None] * column + kk[..., None] * np.array([0.0, 0.0, 1.0])
    masks = {name: ((points - np.asarray(c)) ** 2).sum(-1) <= r * r for name, (c, r) in SPHERES.items()}
    write_seg(tmp_path / "seg.dcm", uids["frame_of_reference"], uids["study"], masks, spacing, tuple(origin),
              row=tuple(row), column=tuple(column), reverse=True)
    _, vois = run_and_read(cli, study, tmp_path / "out")
    assert vois["Kidney_L"]["volume_mL"] == pytest.approx(sphere_mL(15), rel=0.15)
    assert vois["Liver"]["volume_mL"] + vois["Tumour"]["volume_mL"] == pytest.approx(sphere_mL(28), rel=0.08)
    labels, _ = rptdose.read_labels(tmp_path / "out" / "labels.nii.gz")
    x, y, z = centres_xyz(SIZE_XYZ, SPACING, ORIGIN_XYZ)
    (cx, cy, cz), _ = SPHERES["Kidney_L"]
    centre = np.unravel_index(np.argmin((x - cx) ** 2 + (y - cy) ** 2 + (z - cz) ** 2), x.shape)
    assert labels[centre] == 3


def test_labels_ignore_leaves_out_empty_placeholders_and_a_couch(tmp_path, cli):
    """Clinical structure sets carry a template's empty ROIs and a couch: labels.ignore leaves them out."""
    uids = new_uids()
    study, _ = write_study(tmp_path, "rtstruct.dcm", ct_uids=uids)
    couch = [(41, "Couch", [circle((0.0, 0.0, 0.0), 30.0, z) for z in CT_PLANES[:3]])]
    write_rtstruct(tmp_path / "rtstruct.dcm", uids["frame_of_reference"], uids["study"],
                   standard_rois() + [(30, "PTV", [])] + couch)
    refused(cli, study, "list it in labels.ignore")
    data = json.loads(study.read_text())
    data["labels"]["ignore"] = ["PTV", "Couch"]
    study.write_text(json.dumps(data))
    summary, vois = run_and_read(cli, study, tmp_path / "out")  # exactly the three spheres
    assert "Couch" not in json.dumps(summary["warnings"])
    data["labels"]["ignore"] = ["PTV", "couch"]
    study.write_text(json.dumps(data))
    refused(cli, study, "labels.ignore names 'couch', which is no ROI")
    data["labels"]["ignore"] = ["PTV", "PTV"]
    study.write_text(json.dumps(data))
    refused(cli, study, "'PTV' is listed twice in labels.ignore")
