"""`rptdose import DICOM_DIR --out study.json` (issue 16): a study file from a DICOM tree written by pydicom
(dicom_samples.py, never rptdose's writer): the SPECT time points in acquisition order, each with the CT on its
Frame of Reference, nuclide, injection time and activity from the headers, the RTSTRUCT on a time point's frame as
the labels; and what it cannot decide listed (exit 3) instead of guessed."""

import datetime
import json
import subprocess

import numpy as np
import pytest

import rptdose

from dicom_samples import new_uids, write_ct_series, write_nm_multiframe, write_rtstruct
from test_dicom_vois import circle

pydicom = pytest.importorskip("pydicom")
from pydicom.uid import generate_uid  # noqa: E402

pytestmark = pytest.mark.skipif(not hasattr(rptdose, "run_study"), reason="built without the pipeline (ITK)")

LU177 = ("447553000", "SCT", "^177^Lutetium")  # SNOMED CT concept of Lutetium-177 (as io's CID 18 table)
INJECTION = datetime.datetime(2026, 3, 2, 9, 30, 0)
HOURS = (4, 24, 96)
SPECT_SIZE, SPECT_SPACING = (16, 16, 8), 4.0  # x, y, z voxels; mm
CT_SIZE, CT_SPACING = (32, 32, 16), 2.0
ORIGIN = (-30.0, -30.0, -14.0)  # centre of the first voxel, mm (LPS)


def write_spect(path, uids, when, *, injection=INJECTION, activity_MBq=7400.0, image_type="RECON TOMO",
                decay_correction="NONE", size=SPECT_SIZE):
    """A Lu-177 SPECT in Bq/mL (dicom_samples.write_nm_multiframe: Real World Value Mapping as xSPECT Quant writes
    it), with DecayCorrection (0054,1102) added when given (absent, the header does not say). `injection=None`
    leaves RadiopharmaceuticalStartDateTime out."""
    write_nm_multiframe(path, phantom_zyx(size, SPECT_SPACING, 100, 5, 1000), spacing_mm=(SPECT_SPACING,) * 3,
                        origin_mm=ORIGIN,
                        rwv=(10.0, 0.0, "Bq/ml"), when=when, nuclide_code=LU177, injection=injection,
                        total_dose_MBq=activity_MBq, image_type=image_type, **uids)
    if decay_correction is not None:
        ds = pydicom.dcmread(path)
        ds.DecayCorrection = decay_correction
        ds.save_as(path)
    return uids


def write_labels(path, uids):
    """An RTSTRUCT (test_dicom_vois.write_rtstruct) with one ROI, a cylinder of radius 10 mm on four CT planes."""
    planes = [ORIGIN[2] + k * CT_SPACING for k in range(6, 10)]
    contours = [circle((0, 0), 10, z) for z in planes]
    write_rtstruct(path, uids["frame_of_reference"], uids["study"], [(1, "liver", contours)])


def phantom_zyx(size, spacing, inside, outside, hot):
    """Air (or background) around a body cylinder of radius 24 mm with an off-centre sphere of radius 8 mm, so that
    the time points have structure to register."""
    nx, ny, nz = size
    z, y, x = np.meshgrid(*(ORIGIN[a] + spacing * np.arange(n) for a, n in ((2, nz), (1, ny), (0, nx))), indexing="ij")
    values = np.where(x ** 2 + y ** 2 < 24 ** 2, inside, outside).astype(float)
    values[(x - 8) ** 2 + (y + 6) ** 2 + z ** 2 < 8 ** 2] = hot
    return values


def write_ct(folder, uids, when, **kwargs):
    return write_ct_series(folder, phantom_zyx(CT_SIZE, CT_SPACING, 0, -1000, 700), spacing_mm=(CT_SPACING,) * 3,
                           origin_mm=ORIGIN, when=when, study=uids["study"],
                           frame_of_reference=uids["frame_of_reference"], **kwargs)


def write_tree(root, *, injection=INJECTION, rtstruct_on=0):
    """A Lu-177 SPECT/CT at 4, 24 and 96 h: per time point its own study and Frame of Reference (one SPECT, one CT in
    their own folders), an RTSTRUCT on time point `rtstruct_on`'s frame. Returns each time point's UIDs and time."""
    points = []
    for k, hours in enumerate(HOURS):
        when = INJECTION + datetime.timedelta(hours=hours, minutes=7)
        uids = new_uids()
        write_spect(root / f"tp{k + 1}" / "spect" / "NM000001.dcm", dict(uids), when, injection=injection)
        ct = write_ct(root / f"tp{k + 1}" / "ct", dict(uids, series=generate_uid()), when)
        if k == rtstruct_on:
            write_labels(root / f"tp{k + 1}" / "rtstruct" / "RS000001.dcm", uids)
        points.append({"uids": uids, "when": when, "ct_series": ct["series"]})
    return points


def run_import(cli, *args):
    return subprocess.run([str(cli), "import", *map(str, args)], capture_output=True, text=True)


def test_a_three_time_point_spect_ct_tree_becomes_a_study_that_validates(tmp_path, cli):
    points = write_tree(tmp_path / "dicom")
    # A planar NM (a whole-body scan) beside them is listed as skipped, not made a time point.
    write_spect(tmp_path / "dicom" / "wb" / "NM_WB.dcm", new_uids(), points[0]["when"], image_type="WHOLE BODY",
                size=(16, 16, 1))
    study_file = tmp_path / "study.json"
    done = run_import(cli, tmp_path / "dicom", "--out", study_file)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "to decide" not in done.stdout
    assert "skipped: planar NM image (ImageType WHOLE BODY)" in done.stdout
    study = json.loads(study_file.read_text())
    assert study["nuclide"] == "Lu-177"
    assert study["injection_time"] == "2026-03-02T09:30:00"
    assert study["administered_activity_MBq"] == pytest.approx(7400.0)
    assert [tp["image"] for tp in study["time_points"]] == [f"dicom/tp{k}/spect/NM000001.dcm" for k in (1, 2, 3)]
    assert [tp["ct"] for tp in study["time_points"]] == [f"dicom/tp{k}/ct" for k in (1, 2, 3)]
    assert [tp["acquisition_time"] for tp in study["time_points"]] == [
        p["when"].strftime("%Y-%m-%dT%H:%M:%S") for p in points]
    assert all(tp["units"] == "Bq/mL" and tp["decay_corrected"] is False for tp in study["time_points"])
    assert study["labels"] == {"image": "dicom/tp1/rtstruct/RS000001.dcm"}
    assert study["registration"] == {"method": "rigid"}  # three frames of reference
    checked = subprocess.run([str(cli), "validate", str(study_file)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_labels_on_a_later_time_point_make_it_the_reference(tmp_path, cli):
    write_tree(tmp_path / "dicom", rtstruct_on=1)
    done = run_import(cli, tmp_path / "dicom", "--out", tmp_path / "study.json")
    assert done.returncode == 0, done.stdout + done.stderr
    study = json.loads((tmp_path / "study.json").read_text())
    assert study["registration"] == {"method": "rigid", "reference_time_point": 1}
    assert "reference time point: 2" in done.stdout


def test_an_rtstruct_exported_into_its_ct_folder_leaves_the_folder_the_ct(tmp_path, cli):
    """MIM-style exports put the structure set beside the CT's slices: the CT readers leave it aside, so does import."""
    points = write_tree(tmp_path / "dicom", rtstruct_on=None)
    write_labels(tmp_path / "dicom" / "tp1" / "ct" / "RS000001.dcm", points[0]["uids"])
    study_file = tmp_path / "study.json"
    done = run_import(cli, tmp_path / "dicom", "--out", study_file)
    assert done.returncode == 0, done.stdout + done.stderr
    study = json.loads(study_file.read_text())
    assert study["time_points"][0]["ct"] == "dicom/tp1/ct"
    assert study["labels"] == {"image": "dicom/tp1/ct/RS000001.dcm"}
    checked = subprocess.run([str(cli), "validate", str(study_file)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_loose_files_of_two_series_in_one_folder_are_to_decide(tmp_path, cli):
    points = write_tree(tmp_path / "dicom")
    # A second CT of time point 1's session, on another frame, written into the same folder as its CT.
    write_ct(tmp_path / "dicom" / "tp1" / "ct", new_uids(), points[0]["when"], file_name="OTHER{:04d}.dcm")
    done = run_import(cli, tmp_path / "dicom", "--out", tmp_path / "study.json")
    assert done.returncode == 3, done.stdout + done.stderr
    assert "shares the folder dicom/tp1/ct with series" in done.stdout
    assert "put each series in its own folder" in done.stdout
    assert (tmp_path / "study.json").exists()  # written, for the person to edit


def test_two_cts_on_one_frame_of_reference_are_listed_not_chosen(tmp_path, cli):
    points = write_tree(tmp_path / "dicom")
    write_ct(tmp_path / "dicom" / "tp2" / "ct_low_dose", dict(points[1]["uids"], series=generate_uid()),
             points[1]["when"])
    done = run_import(cli, tmp_path / "dicom", "--out", tmp_path / "study.json")
    assert done.returncode == 3, done.stdout + done.stderr
    decide = [line for line in done.stdout.splitlines() if line.startswith("to decide:")]
    assert len(decide) == 1
    assert "time point 2" in decide[0] and "2 CT series on its frame of reference" in decide[0]
    assert "in dicom/tp2/ct, " in decide[0] and "in dicom/tp2/ct_low_dose)" in decide[0]
    study = json.loads((tmp_path / "study.json").read_text())
    assert "ct" not in study["time_points"][1] and study["time_points"][0]["ct"] == "dicom/tp1/ct"


def test_no_injection_time_is_to_decide(tmp_path, cli):
    write_tree(tmp_path / "dicom", injection=None)
    done = run_import(cli, tmp_path / "dicom", "--out", tmp_path / "study.json")
    assert done.returncode == 3, done.stdout + done.stderr
    assert "to decide: injection time: no header gives one" in done.stdout
    assert "injection_time" not in json.loads((tmp_path / "study.json").read_text())


def test_a_dicomdir_tree_is_read_and_its_index_skipped(tmp_path, cli):
    from pydicom.fileset import FileSet

    write_tree(tmp_path / "loose")
    labels = tmp_path / "loose" / "tp1" / "rtstruct" / "RS000001.dcm"
    structure_set = pydicom.dcmread(labels)
    structure_set.InstanceNumber = 1  # the DICOMDIR record of an RT Structure Set needs it (PS3.3 Annex F)
    structure_set.save_as(labels)
    media = FileSet()
    for file in sorted((tmp_path / "loose").rglob("*.dcm")):
        media.add(str(file))
    media.write(str(tmp_path / "media"))  # DICOMDIR and PT*/ST*/SE*/IM* as a CD exporter writes them
    assert (tmp_path / "media" / "DICOMDIR").exists()
    done = run_import(cli, tmp_path / "media", "--out", tmp_path / "study.json")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "DICOMDIR" not in done.stdout
    study = json.loads((tmp_path / "study.json").read_text())
    assert len(study["time_points"]) == 3 and all("ct" in tp for tp in study["time_points"])


def test_bad_input_exits_2_and_writes_nothing(tmp_path, cli):
    write_tree(tmp_path / "dicom")
    existing = tmp_path / "study.json"
    existing.write_text("{}")
    refused = run_import(cli, tmp_path / "dicom", "--out", existing)
    assert refused.returncode == 2 and "exists: give --force" in refused.stderr
    assert existing.read_text() == "{}"
    assert run_import(cli, tmp_path / "dicom", "--out", existing, "--force").returncode == 0
    (tmp_path / "empty").mkdir()
    empty = run_import(cli, tmp_path / "empty", "--out", tmp_path / "other.json")
    assert empty.returncode == 2 and "no DICOM file under" in empty.stderr
    assert not (tmp_path / "other.json").exists()
    cts_only = tmp_path / "cts"
    write_ct(cts_only, new_uids(), INJECTION)
    nothing = run_import(cli, cts_only, "--out", tmp_path / "other.json")
    assert nothing.returncode == 2 and "no reconstructed SPECT" in nothing.stderr


def test_nuclide_option_agrees_or_is_to_decide(tmp_path, cli):
    write_tree(tmp_path / "dicom")
    same = run_import(cli, tmp_path / "dicom", "--out", tmp_path / "a.json", "--nuclide", "177Lu")
    assert same.returncode == 0, same.stdout + same.stderr
    other = run_import(cli, tmp_path / "dicom", "--out", tmp_path / "b.json", "--nuclide", "Y-90")
    assert other.returncode == 3
    assert "to decide: nuclide: --nuclide is Y-90 but the headers say Lu-177 (3 series)" in other.stdout
    assert json.loads((tmp_path / "b.json").read_text())["nuclide"] == "Y-90"


def test_two_reconstructions_of_one_acquisition_are_kept_and_one_is_to_delete(tmp_path, cli):
    points = write_tree(tmp_path / "dicom")
    # An xSPECT and an OSEM reconstruction of time point 2's acquisition: one frame, one start time.
    write_spect(tmp_path / "dicom" / "tp2" / "spect_osem" / "NM000001.dcm",
                dict(points[1]["uids"], series=generate_uid()), points[1]["when"])
    done = run_import(cli, tmp_path / "dicom", "--out", tmp_path / "study.json")
    assert done.returncode == 3, done.stdout + done.stderr
    assert "to decide: time points 2 and 3 start within 5 min of each other" in done.stdout
    assert len(json.loads((tmp_path / "study.json").read_text())["time_points"]) == 4


def test_a_pet_series_gives_bq_per_ml_its_decay_correction_and_activity_in_MBq(tmp_path, cli):
    from dicom_samples import write_pet_series

    injection = datetime.datetime(2026, 3, 2, 9, 0, 0)
    for k, (hours, correction) in enumerate(((1, "START"), (3, "ADMIN"))):
        when = injection + datetime.timedelta(hours=hours)
        write_pet_series(tmp_path / "dicom" / f"pet{k + 1}", np.full((4, 8, 8), 1000), [0.5] * 4, when=when,
                         decay_correction=correction, injection=injection, total_dose_Bq=185e6)
    done = run_import(cli, tmp_path / "dicom", "--out", tmp_path / "study.json")
    assert done.returncode == 0, done.stdout + done.stderr
    study = json.loads((tmp_path / "study.json").read_text())
    assert study["nuclide"] == "F-18" and study["administered_activity_MBq"] == pytest.approx(185.0)
    assert study["injection_time"] == "2026-03-02T09:00:00"
    assert [tp["image"] for tp in study["time_points"]] == ["dicom/pet1", "dicom/pet2"]
    assert [tp["units"] for tp in study["time_points"]] == ["Bq/mL", "Bq/mL"]
    assert [tp["decay_corrected"] for tp in study["time_points"]] == [False, True]  # START, ADMIN
    assert "no CT on its frame of reference" in done.stdout


def test_counts_and_an_unstated_decay_correction_are_to_decide(tmp_path, cli):
    for k, hours in enumerate((4, 24)):
        when = INJECTION + datetime.timedelta(hours=hours)
        # As GE writes a counts reconstruction: no value mapping units but counts, 60 views of 20 s per detector.
        write_nm_multiframe(tmp_path / "dicom" / f"tp{k + 1}.dcm", phantom_zyx(SPECT_SIZE, SPECT_SPACING, 100, 5, 1000),
                            spacing_mm=(SPECT_SPACING,) * 3, origin_mm=ORIGIN, rwv=(1.0, 0.0, "{counts}"), when=when,
                            nuclide_code=LU177, injection=INJECTION, total_dose_MBq=7400.0, rotations=[(60, 20000)],
                            manufacturer="GE MEDICAL SYSTEMS")
    done = run_import(cli, tmp_path / "dicom", "--out", tmp_path / "study.json")
    assert done.returncode == 3, done.stdout + done.stderr
    assert 'is in counts: add "calibration_cps_per_MBq"' in done.stdout
    assert "does not say whether it is decay-corrected" in done.stdout
    points = json.loads((tmp_path / "study.json").read_text())["time_points"]
    assert [tp["image"] for tp in points] == ["dicom/tp1.dcm", "dicom/tp2.dcm"]  # files of one folder: each its own
    assert all(tp["units"] == "counts" and tp["frame_duration_s"] == pytest.approx(1200.0) for tp in points)
    assert all("decay_corrected" not in tp for tp in points)


def test_the_clinical_route_dicom_tree_import_run_rt_dose_on_the_ct(tmp_path, cli):
    """The whole route a clinic takes: a DICOM tree → `rptdose import` → `rptdose run` with output.dicom_rt_dose →
    an RT Dose in the reference CT's study and frame of reference, with the RTSTRUCT's VOI in the results."""
    points = write_tree(tmp_path / "dicom")
    study_file = tmp_path / "study.json"
    assert run_import(cli, tmp_path / "dicom", "--out", study_file).returncode == 0
    study = json.loads(study_file.read_text())
    study["methods"] = {"integration": "trapezoid", "components": False, "kernel_radius_mm": 10}
    study["output"] = {"plots": False, "dicom_rt_dose": True}
    study_file.write_text(json.dumps(study))
    run = subprocess.run([str(cli), "run", str(study_file), "--out", str(tmp_path / "out")], capture_output=True,
                         text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert [v["name"] for v in summary["vois"]] == ["liver"]
    assert summary["vois"][0]["mean_dose_Gy"] > 0
    dose = pydicom.dcmread(tmp_path / "out" / "dose.dcm")
    assert dose.Modality == "RTDOSE" and dose.DoseUnits == "GY"
    assert dose.StudyInstanceUID == points[0]["uids"]["study"]
    assert dose.FrameOfReferenceUID == points[0]["uids"]["frame_of_reference"]
    nifti, _ = rptdose.read_image(tmp_path / "out" / "dose_Gy.nii.gz")
    stored = dose.pixel_array.astype(float) * float(dose.DoseGridScaling)
    assert stored.shape == nifti.shape
    # Within half a DoseGridScaling step, the FFT's round-off below 0 (1e-8 Gy here) written as 0.
    assert np.abs(stored - np.maximum(nifti, 0)).max() <= 0.5 * float(dose.DoseGridScaling) * (1 + 1e-6)
