"""DICOM images as scanners write them, written here with pydicom (an independent writer, dicom_samples.py) and
read by rptdose.read_image (DCMTK inside): geometry (origin, spacing, direction) and values compared voxel by voxel
with what was written; the refusals (no slice spacing, missing or uneven slices, a truncated file, a SEG given as an
image) and the header-vs-study checks of `rptdose validate` (exit 2 with the reason). Conventions: docs/dicom.md."""

import datetime
import json
import subprocess

import numpy as np
import pytest

pytest.importorskip("pydicom", reason="install python3-pydicom (scripts/install-deps.sh)")
import dicom_samples  # noqa: E402
import rptdose  # noqa: E402

RNG = np.random.default_rng(16)
INJECTION = datetime.datetime(2026, 3, 1, 9, 0, 0)


def lps_direction_zyx(row, column):
    """rptdose.Grid.direction in (z, y, x) order of the image axes (x along the row, y along the column)."""
    axes = np.column_stack([row, column, np.cross(row, column)])  # columns x, y, z in LPS (x, y, z)
    return axes[::-1, ::-1]


def check_geometry(grid, shape_zyx, spacing_xyz, origin_xyz, row, column):
    assert grid.shape == tuple(shape_zyx)
    np.testing.assert_allclose(grid.spacing_mm, spacing_xyz[::-1], atol=1e-6)
    np.testing.assert_allclose(grid.origin_mm, origin_xyz[::-1], atol=1e-5)
    np.testing.assert_allclose(np.asarray(grid.direction), lps_direction_zyx(row, column), atol=1e-6)


def test_xspect_quant_values_are_stored_values_times_the_real_world_value_slope(tmp_path):
    stored = RNG.integers(0, 4000, size=(6, 5, 7)).astype(np.uint16)
    slope = 15.37  # Bq/mL per stored value: ignoring it made the dose ~15x low (issue 16)
    dicom_samples.write_nm_multiframe(tmp_path / "xspect.dcm", stored, rwv=(slope, 0.0, "Bq/ml"), rescale=(1.0, 0.0))
    image, grid = rptdose.read_image(tmp_path / "xspect.dcm")
    np.testing.assert_allclose(image, stored * slope, rtol=1e-6)
    check_geometry(grid, stored.shape, (4.8, 4.8, 4.8), (-150.0, -160.0, -50.0), (1, 0, 0), (0, 1, 0))


def test_compressed_frames_are_decoded(tmp_path):
    from pydicom.uid import RLELossless
    stored = RNG.integers(0, 4000, size=(4, 6, 5)).astype(np.uint16)
    dicom_samples.write_nm_multiframe(tmp_path / "rle.dcm", stored, transfer_syntax=RLELossless)
    np.testing.assert_array_equal(rptdose.read_image(tmp_path / "rle.dcm")[0], stored)


def test_ge_style_nm_counts_are_the_stored_values_on_the_detector_geometry(tmp_path):
    stored = RNG.integers(0, 300, size=(5, 4, 6)).astype(np.uint16)
    row, column = (0.0, 1.0, 0.0), (0.0, 0.0, -1.0)  # a sagittal reconstruction: any orientation
    dicom_samples.write_nm_multiframe(tmp_path / "ge.dcm", stored, spacing_mm=(3.3, 3.3, 4.42),
                                      origin_mm=(10.0, -100.0, 200.0), row_direction=row, column_direction=column,
                                      manufacturer="GE MEDICAL SYSTEMS", rotations=[(60, 20000)])
    image, grid = rptdose.read_image(tmp_path / "ge.dcm")
    np.testing.assert_array_equal(image, stored.astype(np.float32))
    check_geometry(grid, stored.shape, (3.3, 3.3, 4.42), (10.0, -100.0, 200.0), row, column)


def test_nm_slice_thickness_is_the_step_without_spacing_between_slices(tmp_path):
    stored = RNG.integers(0, 100, size=(3, 4, 4)).astype(np.uint16)
    dicom_samples.write_nm_multiframe(tmp_path / "nm.dcm", stored, spacing_mm=(4.0, 4.0, 3.9), slice_step="thickness")
    assert rptdose.read_image(tmp_path / "nm.dcm")[1].spacing_mm[0] == pytest.approx(3.9)


def test_nm_without_any_slice_spacing_is_refused(tmp_path):
    stored = RNG.integers(0, 100, size=(3, 4, 4)).astype(np.uint16)
    dicom_samples.write_nm_multiframe(tmp_path / "nm.dcm", stored, slice_step=None)
    with pytest.raises(rptdose.IoError, match="neither SpacingBetweenSlices .* nor SliceThickness"):
        rptdose.read_image(tmp_path / "nm.dcm")


@pytest.mark.parametrize("position,row", [("HFS", (1.0, 0.0, 0.0)), ("FFS", (-1.0, 0.0, 0.0))])
def test_nm_head_first_and_feet_first_follow_the_orientation(tmp_path, position, row):
    # Feet first supine: the scanner's x runs to the patient's right and its z to the feet (PS3.3 C.7.6.2.1.1); the
    # ImageOrientationPatient says so, and the frames step along row × column, towards the feet here.
    stored = RNG.integers(0, 100, size=(4, 3, 5)).astype(np.uint16)
    dicom_samples.write_nm_multiframe(tmp_path / "nm.dcm", stored, row_direction=row, patient_position=position,
                                      geometry_in_detector=position == "HFS")
    image, grid = rptdose.read_image(tmp_path / "nm.dcm")
    check_geometry(grid, stored.shape, (4.8, 4.8, 4.8), (-150.0, -160.0, -50.0), row, (0, 1, 0))
    np.testing.assert_array_equal(image, stored)


def test_nm_projections_are_not_a_volume(tmp_path):
    stored = RNG.integers(0, 100, size=(3, 4, 4)).astype(np.uint16)
    dicom_samples.write_nm_multiframe(tmp_path / "nm.dcm", stored, image_type="TOMO")
    with pytest.raises(rptdose.IoError, match="not a reconstructed volume"):
        rptdose.read_image(tmp_path / "nm.dcm")


def test_pet_bqml_takes_each_slices_own_rescale_in_position_order(tmp_path):
    stored = RNG.integers(-100, 30000, size=(5, 4, 3)).astype(np.int16)
    slopes = [0.5, 1.25, 2.0, 3.5, 0.75]
    dicom_samples.write_pet_series(tmp_path / "pet", stored, slopes)  # files named in reverse slice order
    image, grid = rptdose.read_image(tmp_path / "pet")
    np.testing.assert_allclose(image, stored * np.asarray(slopes)[:, None, None], rtol=1e-6)
    check_geometry(grid, stored.shape, (4.0, 4.0, 3.0), (-200.0, -210.0, -90.0), (1, 0, 0), (0, 1, 0))


def test_oblique_ct_reads_in_hounsfield_units_on_its_grid(tmp_path):
    angle = np.radians(17.0)
    row = (np.cos(angle), np.sin(angle), 0.0)
    column = (0.0, np.cos(0.3), -np.sin(0.3))
    column = tuple(np.asarray(column) - np.dot(column, row) * np.asarray(row))
    column = tuple(np.asarray(column) / np.linalg.norm(column))
    hu = RNG.integers(-1000, 2000, size=(4, 6, 5))
    dicom_samples.write_ct_series(tmp_path / "ct", hu, spacing_mm=(0.9, 0.8, 2.5), origin_mm=(-12.5, 30.0, 600.0),
                                  row_direction=row, column_direction=column)
    image, grid = rptdose.read_image(tmp_path / "ct")
    np.testing.assert_array_equal(image, hu.astype(np.float32))
    check_geometry(grid, hu.shape, (0.9, 0.8, 2.5), (-12.5, 30.0, 600.0), row, column)


@pytest.mark.parametrize("positions,message", [([0.0, 3.0, 9.0, 12.0], "missing slice"),
                                               ([0.0, 3.0, 7.2, 9.0], "unevenly spaced slices")])
def test_missing_or_uneven_slices_are_errors(tmp_path, positions, message):
    stored = RNG.integers(0, 1000, size=(4, 3, 3)).astype(np.int16)
    dicom_samples.write_pet_series(tmp_path / "pet", stored, [1.0] * 4, positions=positions)
    with pytest.raises(rptdose.IoError, match=message):
        rptdose.read_image(tmp_path / "pet")


def test_a_truncated_file_is_an_error_naming_it(tmp_path):
    stored = RNG.integers(0, 100, size=(4, 8, 8)).astype(np.uint16)
    dicom_samples.write_nm_multiframe(tmp_path / "nm.dcm", stored)
    data = (tmp_path / "nm.dcm").read_bytes()
    (tmp_path / "nm.dcm").write_bytes(data[: len(data) - 100])
    with pytest.raises(rptdose.IoError, match="nm.dcm"):
        rptdose.read_image(tmp_path / "nm.dcm")


def test_a_seg_folder_given_as_an_image_is_refused(tmp_path):
    dicom_samples.write_segmentation_file(tmp_path / "seg" / "seg.dcm", np.ones((3, 4, 4)))
    with pytest.raises(rptdose.IoError, match=r"Segmentation \(SEG\)"):
        rptdose.read_image(tmp_path / "seg")


def test_an_rtstruct_or_seg_beside_the_image_series_is_left_aside(tmp_path):
    hu = RNG.integers(-1000, 1000, size=(3, 4, 4))
    dicom_samples.write_ct_series(tmp_path / "ct", hu)
    dicom_samples.write_segmentation_file(tmp_path / "ct" / "seg.dcm", np.ones((3, 4, 4)))
    np.testing.assert_array_equal(rptdose.read_image(tmp_path / "ct")[0], hu)


def test_a_folder_mixing_series_is_refused(tmp_path):
    dicom_samples.write_ct_series(tmp_path / "mixed", np.zeros((2, 3, 3)))
    dicom_samples.write_nm_multiframe(tmp_path / "mixed" / "nm.dcm", np.zeros((2, 3, 3)))
    with pytest.raises(rptdose.IoError, match="holds 2 DICOM image series"):
        rptdose.read_image(tmp_path / "mixed")


# --- what the header says against the study, through `rptdose validate` -------------------------------------------

def write_study(folder, time_points, nuclide="Tc-99m"):
    study = {"nuclide": nuclide, "administered_activity_MBq": 740, "injection_time": INJECTION.isoformat(),
             "time_points": time_points}
    (folder / "study.json").write_text(json.dumps(study))
    return folder / "study.json"


def two_nm_scans(folder, **options):
    stored = RNG.integers(0, 1000, size=(4, 5, 5)).astype(np.uint16)
    times = [INJECTION + datetime.timedelta(hours=h) for h in (4, 24)]
    for name, when in zip(("nm_4h.dcm", "nm_24h.dcm"), times):
        dicom_samples.write_nm_multiframe(folder / name, stored, when=when, injection=INJECTION, **options)
    return times


def validate(cli, study):
    return subprocess.run([cli, "validate", study], capture_output=True, text=True)


def point(image, when, units="Bq/mL", **extra):
    return {"image": image, "acquisition_time": when.isoformat(), "units": units, "decay_corrected": False, **extra}


def test_consistent_headers_validate(tmp_path, cli):
    times = two_nm_scans(tmp_path, rwv=(2.0, 0.0, "Bq/ml"))
    run = validate(cli, write_study(tmp_path, [point("nm_4h.dcm", times[0]), point("nm_24h.dcm", times[1])]))
    assert run.returncode == 0, run.stderr


def test_counts_take_the_acquisition_duration_from_the_rotations(tmp_path, cli):
    times = two_nm_scans(tmp_path, rotations=[(60, 20000)], nuclide_code=("C-163A8", "SRT", "^99m^Technetium"))
    counts = {"units": "counts", "calibration_cps_per_MBq": 9.6}
    run = validate(cli, write_study(tmp_path, [point("nm_4h.dcm", times[0], **counts),
                                               point("nm_24h.dcm", times[1], **counts)]))
    assert run.returncode == 0, run.stderr  # without the duration: "has no frame duration"


def test_bqml_with_study_units_bq_is_an_error(tmp_path, cli):
    times = two_nm_scans(tmp_path, rwv=(2.0, 0.0, "Bq/ml"))
    run = validate(cli, write_study(tmp_path, [point("nm_4h.dcm", times[0], units="Bq"),
                                               point("nm_24h.dcm", times[1])]))
    assert run.returncode == 2 and "units (0040,08EA) are Bq/ml" in run.stderr, run.stderr


def test_a_nuclide_other_than_the_studys_is_an_error(tmp_path, cli):
    times = two_nm_scans(tmp_path, rwv=(2.0, 0.0, "Bq/ml"))  # the header says ^99m^Technetium (C-163A8)
    run = validate(cli, write_study(tmp_path, [point("nm_4h.dcm", times[0]), point("nm_24h.dcm", times[1])],
                                    nuclide="Lu-177"))
    assert run.returncode == 2 and "names Tc-99m" in run.stderr and "Lu-177" in run.stderr, run.stderr


def test_a_time_after_injection_other_than_the_headers_is_an_error(tmp_path, cli):
    times = two_nm_scans(tmp_path, rwv=(2.0, 0.0, "Bq/ml"))
    late = times[1] + datetime.timedelta(minutes=6)  # beyond the 5 min tolerance
    run = validate(cli, write_study(tmp_path, [point("nm_4h.dcm", times[0]), point("nm_24h.dcm", late)]))
    assert run.returncode == 2 and "24.00 h after the injection" in run.stderr and "24.10 h" in run.stderr, run.stderr
    within = times[1] + datetime.timedelta(minutes=4)
    run = validate(cli, write_study(tmp_path, [point("nm_4h.dcm", times[0]), point("nm_24h.dcm", within)]))
    assert run.returncode == 0, run.stderr


@pytest.mark.parametrize("header,study_corrected,ok", [("START", False, True), ("ADMIN", True, True),
                                                       ("ADMIN", False, False), ("START", True, False)])
def test_pet_decay_correction_must_match_the_study(tmp_path, cli, header, study_corrected, ok):
    stored = RNG.integers(0, 1000, size=(3, 4, 4)).astype(np.int16)
    scans = []
    for hours in (1, 3):
        when = INJECTION + datetime.timedelta(hours=hours)
        dicom_samples.write_pet_series(tmp_path / f"pet_{hours}h", stored, [1.0] * 3, decay_correction=header,
                                       when=when, injection=INJECTION, total_dose_Bq=370e6)
        scans.append(dict(point(f"pet_{hours}h", when), decay_corrected=study_corrected))
    run = validate(cli, write_study(tmp_path, scans, nuclide="F-18"))
    if ok:
        assert run.returncode == 0, run.stderr
    else:
        assert run.returncode == 2 and f"DecayCorrection (0054,1102) is {header}" in run.stderr, run.stderr


@pytest.mark.parametrize("header_MBq,warned", [(740, False), (780, False), (1000, True), (20, True)])
def test_an_administered_activity_other_than_the_headers_is_a_warning(tmp_path, header_MBq, warned):
    """RadionuclideTotalDose (0018,1074) against administered_activity_MBq (740): more than 10 % apart is a warning
    (the header often holds the prescribed activity; 20 MBq is 740 MBq entered as 20 mCi, a unit slip)."""
    times = two_nm_scans(tmp_path, rwv=(2.0, 0.0, "Bq/ml"), total_dose_MBq=header_MBq)
    warnings = rptdose.validate_study(write_study(tmp_path, [point("nm_4h.dcm", times[0]),
                                                              point("nm_24h.dcm", times[1])]))
    said = [w for w in warnings if "RadionuclideTotalDose" in w]
    assert bool(said) == warned, warnings
    if warned:
        assert f"is {header_MBq} MBq but the study's administered_activity_MBq is 740 MBq" in said[0]
