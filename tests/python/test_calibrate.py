"""rptdose calibrate on synthetic phantom scans made here with numpy and nibabel (issue 18): a uniform cylinder with
Poisson counts at a known sensitivity, and the NEMA IEC body phantom's six spheres blurred by a known Gaussian PSF
(10 mm FWHM, 4 mm voxels). The truths are computed here, independently of rptdose: the sensitivity is the one the
counts were drawn with; each sphere's RC is the mean of the noise-free blurred image over the sphere's true volume
(each voxel weighted by its fraction inside the sphere, from 10³ points per voxel, not rptdose's 8³)."""

import json
import math
import subprocess
import time

import nibabel
import numpy as np
import pytest
from scipy.special import erf

import rptdose

SPACING_MM = 4.0
SHAPE_ZYX = (40, 64, 64)
FWHM_MM = 10.0
SIGMA_MM = FWHM_MM / (2 * math.sqrt(2 * math.log(2)))
NEMA_DIAMETERS_MM = (10.0, 13.0, 17.0, 22.0, 28.0, 37.0)
HALF_LIFE_S = rptdose.Nuclide("Lu-177").half_life_s

ACTIVITY_TIME = "2026-12-01T09:00:00"
ACQUISITION_TIME = "2026-12-03T09:00:00"  # two days of decay
DURATION_S = 1800.0


def origin_mm():
    """Patient coordinates of voxel (0, 0, 0), putting the image centre at (0, 0, 0) (x, y, z)."""
    return -SPACING_MM * (np.array(SHAPE_ZYX[::-1]) - 1) / 2


def write_nifti(path, array_zyx):
    """A NIfTI in rptdose's convention: LPS patient coordinates in ITK, which NIfTI stores as RAS (x, y negated)."""
    affine = np.diag([-SPACING_MM, -SPACING_MM, SPACING_MM, 1.0])
    o = origin_mm()
    affine[:3, 3] = [-o[0], -o[1], o[2]]
    nibabel.save(nibabel.Nifti1Image(np.ascontiguousarray(array_zyx.transpose(2, 1, 0), dtype=np.float32), affine),
                 str(path))


def voxel_centres(box=None):
    """x, y, z of the voxel centres of `box` (slices z, y, x; default the whole image), arrays indexed [z, y, x]."""
    box = box or tuple(slice(0, n) for n in SHAPE_ZYX)
    o = origin_mm()
    z, y, x = np.meshgrid(*(np.arange(b.start, b.stop) for b in box), indexing="ij")
    return o[0] + SPACING_MM * x, o[1] + SPACING_MM * y, o[2] + SPACING_MM * z


def box_around(centre, half_width_mm):
    """The slices (z, y, x) of the voxels within half_width_mm of `centre` along each axis."""
    o = origin_mm()
    index = [(c - oc) / SPACING_MM for c, oc in zip(centre, o)]  # x, y, z
    reach = half_width_mm / SPACING_MM
    return tuple(slice(max(0, int(math.floor(i - reach))), min(n, int(math.ceil(i + reach)) + 1))
                 for i, n in zip(index[::-1], SHAPE_ZYX))


def sub_voxel_offsets(n):
    return (np.arange(n) + 0.5) / n - 0.5


def blurred_sphere(r, radius, sigma):
    """A uniform sphere (1 inside) convolved with an isotropic 3-D Gaussian, at distance r from its centre."""
    r = np.maximum(r, 1e-9)
    a = (radius - r) / (math.sqrt(2) * sigma)
    b = (radius + r) / (math.sqrt(2) * sigma)
    gauss = sigma / (r * math.sqrt(2 * math.pi)) * (np.exp(-a * a) - np.exp(-b * b))
    return 0.5 * (erf(a) + erf(b)) - gauss


def sphere_centres_mm():
    """The NEMA layout: six centres on a circle of 57.2 mm radius in one transverse plane, 60° apart."""
    return [(57.2 * math.cos(k * math.pi / 3), 57.2 * math.sin(k * math.pi / 3), 0.0) for k in range(6)]


def voxel_average(function, sub=3, box=None):
    """function(x, y, z) averaged over each voxel of `box` (default the whole image) by sub³ points."""
    x, y, z = voxel_centres(box)
    total = np.zeros(x.shape)
    for dx in sub_voxel_offsets(sub):
        for dy in sub_voxel_offsets(sub):
            for dz in sub_voxel_offsets(sub):
                total += function(x + dx * SPACING_MM, y + dy * SPACING_MM, z + dz * SPACING_MM)
    return total / sub**3


def blurred_sphere_image(centre, diameter_mm):
    """The sphere (1 inside) blurred by the PSF and averaged over each voxel (3³ points), on the whole grid; zero
    beyond 6 σ of its surface, where the blurred sphere is below 1e-8."""
    image = np.zeros(SHAPE_ZYX)
    box = box_around(centre, diameter_mm / 2 + 6 * SIGMA_MM)
    cx, cy, cz = centre
    image[box] = voxel_average(
        lambda x, y, z: blurred_sphere(np.sqrt((x - cx) ** 2 + (y - cy) ** 2 + (z - cz) ** 2), diameter_mm / 2,
                                       SIGMA_MM), box=box)
    return image


def mean_over_sphere(image, centre, diameter_mm, sub=10):
    """The mean of `image` over the sphere's true volume: each voxel weighted by its fraction inside (sub³ points)."""
    box = box_around(centre, diameter_mm / 2 + SPACING_MM)
    cx, cy, cz = centre
    weights = voxel_average(lambda x, y, z: ((x - cx) ** 2 + (y - cy) ** 2 + (z - cz) ** 2 <= (diameter_mm / 2) ** 2)
                            * 1.0, sub, box)
    return float((weights * image[box]).sum() / weights.sum())


@pytest.fixture(scope="module")
def phantoms(tmp_path_factory):
    folder = tmp_path_factory.mktemp("calibrate")
    rng = np.random.default_rng(18)
    decay = math.exp(-math.log(2) / HALF_LIFE_S * 2 * 86400)
    lam_t = math.log(2) / HALF_LIFE_S * DURATION_S
    f = -math.expm1(-lam_t) / lam_t  # mean over the scan of the activity at its start

    # Uniform cylinder: r 100 mm, 140 mm long, 150 MBq; counts drawn at 11.3 cps/MBq.
    s_true, activity_MBq = 11.3, 150.0
    cylinder = voxel_average(lambda x, y, z: ((x * x + y * y <= 100.0**2) & (np.abs(z) <= 70.0)) * 1.0)
    expected = cylinder / cylinder.sum() * s_true * DURATION_S * activity_MBq * decay * f
    write_nifti(folder / "uniform.nii.gz", rng.poisson(expected).astype(np.float32))

    # Spheres: 80 kBq/mL, background 10 kBq/mL (8:1) at ACTIVITY_TIME; the image in counts at the same sensitivity,
    # noise-free (the expected counts: the truth is the noise-free blurred sphere; noise is the uniform
    # phantom's test), converted by rptdose with the sensitivity it measures on the uniform phantom.
    c_kbq, b_kbq = 80.0, 10.0
    centres = sphere_centres_mm()
    blurred = [blurred_sphere_image(c, d) for c, d in zip(centres, NEMA_DIAMETERS_MM)]
    concentration_bq_ml = (b_kbq + (c_kbq - b_kbq) * sum(blurred)) * 1e3 * decay * f  # frame-mean, as measured
    voxel_ml = SPACING_MM**3 / 1000
    counts = concentration_bq_ml * voxel_ml / 1e6 * s_true * DURATION_S
    write_nifti(folder / "spheres.nii.gz", counts)
    # By linearity of the blur, (mean − B)/(C − B) of the image is the mean of the sphere's own blurred image.
    truth = [mean_over_sphere(b, c, d) for c, d, b in zip(centres, NEMA_DIAMETERS_MM, blurred)]
    return {"folder": folder, "s_true": s_true, "activity_MBq": activity_MBq, "c_kbq": c_kbq, "b_kbq": b_kbq,
            "centres": centres, "truth": truth}


def uniform_args(folder, activity_MBq):
    return ["--uniform-image", folder / "uniform.nii.gz", "--uniform-activity-MBq", activity_MBq,
            "--uniform-activity-u-MBq", 0.03 * activity_MBq, "--uniform-activity-time", ACTIVITY_TIME,
            "--uniform-acquisition-time", ACQUISITION_TIME, "--uniform-duration-s", DURATION_S]


def sphere_args(p, centres=None, diameters=NEMA_DIAMETERS_MM, cps=None):
    """The sphere phantom's options; `cps`: its sensitivity (default: the uniform phantom's of the same call)."""
    args = ["--spheres-cps-per-MBq", cps] if cps else []
    args += ["--spheres-image", p["folder"] / "spheres.nii.gz", "--spheres-units", "counts",
            "--sphere-kBq-per-mL", p["c_kbq"], "--background-kBq-per-mL", p["b_kbq"],
            "--spheres-concentration-time", ACTIVITY_TIME, "--spheres-acquisition-time", ACQUISITION_TIME,
            "--spheres-duration-s", DURATION_S]
    for (x, y, z), d in zip(centres or p["centres"], diameters):
        args += ["--sphere", f"{x},{y},{z},{d}"]
    return args


def calibrate(cli, out, *args):
    return subprocess.run([str(cli), "calibrate", "--nuclide", "Lu-177", "--out", str(out),
                           "--camera", "synthetic: 10 mm FWHM Gaussian, 4 mm voxels", *map(str, args)],
                          capture_output=True, text=True)


def test_sensitivity_and_recovery_curve_from_synthetic_phantoms(cli, phantoms):
    p = phantoms
    out = p["folder"] / "calibration.json"
    start = time.perf_counter()
    done = calibrate(cli, out, *uniform_args(p["folder"], p["activity_MBq"]), *sphere_args(p))
    seconds = time.perf_counter() - start
    assert done.returncode == 0, done.stderr
    cal = json.loads(out.read_text())
    # Sensitivity within 1 % (its counting error here is 1/sqrt(C) ~ 0.02 %); u = sqrt(3 %² + 1/C).
    s = cal["sensitivity"]
    assert s["cps_per_MBq"] == pytest.approx(p["s_true"], rel=0.01)
    assert s["u_cps_per_MBq"] / s["cps_per_MBq"] == pytest.approx(math.sqrt(0.03**2 + 1 / s["counts"]), rel=1e-6)
    # The measured RC within 0.5 % of the truth (measured: ≤ 0.1 %; what differs: rptdose's 8³ against the test's 10³ sub-voxel points for
    # the edge voxels' fractions, the measured sensitivity's 0.02 %, float32 voxels), and the fitted curve within
    # 3 % of the truth at every sphere (the tolerance; what the 3-parameter curve misses of 6 points).
    points = cal["recovery"]["points"]
    curve = cal["recovery"]["curve"]
    assert len(points) == 6
    for point, truth, d in zip(points, p["truth"], NEMA_DIAMETERS_MM):
        assert point["volume_mL"] == pytest.approx(math.pi / 6 * d**3 / 1000, rel=1e-12)
        assert point["recovery"] == pytest.approx(truth, rel=0.005), point["name"]
        fitted = curve["a"] / (1 + (curve["b_mL"] / point["volume_mL"]) ** curve["c"])
        assert fitted == pytest.approx(truth, rel=0.03), point["name"]
    assert curve["volume_min_mL"] == pytest.approx(points[0]["volume_mL"])
    assert curve["volume_max_mL"] == pytest.approx(points[-1]["volume_mL"])
    assert len(curve["covariance"]) == 3 and all(len(row) == 3 for row in curve["covariance"])
    assert cal["provenance"]["inputs"]["uniform-activity-MBq"] == "150.0"
    assert cal["provenance"]["command"].startswith("rptdose calibrate --nuclide Lu-177")
    assert cal["nuclide"] == "Lu-177" and cal["calibration_time"] == ACQUISITION_TIME
    print(f"rptdose calibrate (uniform 64x64x40 + 6 spheres): {seconds:.2f} s")


def test_bad_inputs_exit_2_with_a_message(cli, phantoms):
    p = phantoms
    out = p["folder"] / "bad.json"
    cases = [
        # A sphere centre where there is none (the 37 mm one put at the phantom's centre, in the background).
        (sphere_args(p, centres=p["centres"][:5] + [(0.0, 0.0, 0.0)], cps=11.3),
         "sphere 6 (37 mm) shows no activity above the background"),
        # A sphere outside the image (x = 150 mm; the image ends at 128 mm).
        (sphere_args(p, centres=p["centres"][:5] + [(150.0, 0.0, 0.0)], cps=11.3), "is not wholly inside the image"),
        # Fewer spheres than the curve needs.
        (sphere_args(p, centres=p["centres"][:3], diameters=NEMA_DIAMETERS_MM[:3], cps=11.3), "needs at least 4"),
        # A counts image and no sensitivity to convert it.
        (sphere_args(p), "is in counts: give its sensitivity"),
        (uniform_args(p["folder"], 0), "--uniform-activity-MBq '0' must be positive"),
        (uniform_args(p["folder"], -5), "must be positive"),
        (["--uniform-activity-MBq", 5], "needs --uniform-image"),
        ([], "nothing to calibrate"),
    ]
    for args, message in cases:
        done = calibrate(cli, out, *args)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert message in done.stderr, done.stderr
        assert not out.exists()


def test_study_refuses_unknown_keys_in_its_calibration(cli, phantoms, tmp_path):
    """A calibration file with a misspelt key is an error of the study that names it (exit 2), as in the study."""
    p = phantoms
    out = tmp_path / "cal.json"
    assert calibrate(cli, out, *uniform_args(p["folder"], p["activity_MBq"])).returncode == 0
    cal = json.loads(out.read_text())
    cal["sensitivity"]["u_cps_per_mbq"] = cal["sensitivity"].pop("u_cps_per_MBq")
    out.write_text(json.dumps(cal))
    study = {"nuclide": "Lu-177", "administered_activity_MBq": 7400, "calibration": "cal.json",
             "time_points": [{"image": str(p["folder"] / "uniform.nii.gz"), "hours_after_injection": 24,
                              "units": "counts", "decay_corrected": False, "frame_duration_s": 1800}]}
    (tmp_path / "study.json").write_text(json.dumps(study))
    done = subprocess.run([str(cli), "validate", str(tmp_path / "study.json")], capture_output=True, text=True)
    assert done.returncode == 2
    assert "unknown key 'u_cps_per_mbq'" in done.stderr, done.stderr


def test_python_calibrate_matches_the_cli(cli, phantoms, tmp_path):
    """rptdose.calibrate (dicts of the same inputs) gives the CLI's numbers; read_calibration reads either file."""
    p = phantoms
    cli_file = tmp_path / "cli.json"
    assert calibrate(cli, cli_file, *uniform_args(p["folder"], p["activity_MBq"]), *sphere_args(p)).returncode == 0
    uniform = {"image": p["folder"] / "uniform.nii.gz", "activity_MBq": p["activity_MBq"],
               "activity_u_MBq": 0.03 * p["activity_MBq"], "activity_time": ACTIVITY_TIME,
               "acquisition_time": ACQUISITION_TIME, "duration_s": DURATION_S}
    spheres = {"image": p["folder"] / "spheres.nii.gz", "units": "counts", "sphere_kBq_per_mL": p["c_kbq"],
               "background_kBq_per_mL": p["b_kbq"], "concentration_time": ACTIVITY_TIME,
               "acquisition_time": ACQUISITION_TIME, "duration_s": DURATION_S,
               "spheres": [(*c, d) for c, d in zip(p["centres"], NEMA_DIAMETERS_MM)]}
    py_file = tmp_path / "py.json"
    made = rptdose.calibrate(py_file, nuclide="Lu-177", camera="synthetic", uniform=uniform, spheres=spheres)
    from_cli = rptdose.read_calibration(cli_file)
    for cal in (made, rptdose.read_calibration(py_file)):
        assert cal["sensitivity"]["cps_per_MBq"] == pytest.approx(from_cli["sensitivity"]["cps_per_MBq"], rel=1e-12)
        assert [q["recovery"] for q in cal["recovery_points"]] == pytest.approx(
            [q["recovery"] for q in from_cli["recovery_points"]], rel=1e-12)
        curve = cal["recovery_curve"]
        assert curve.recovery(3.0) == pytest.approx(from_cli["recovery_curve"].recovery(3.0), rel=1e-9)
        assert curve.recovery_u(3.0) > 0
    assert made["provenance"]["command"] == "rptdose.calibrate (Python)"
    with pytest.raises(rptdose.InvalidInput, match="unknown key 'activity_mbq' in uniform"):
        rptdose.calibrate(None, nuclide="Lu-177", uniform={**uniform, "activity_mbq": 1.0})
    with pytest.raises(rptdose.InvalidInput, match="uniform needs 'duration_s'"):
        rptdose.calibrate(None, nuclide="Lu-177", uniform={k: v for k, v in uniform.items() if k != "duration_s"})


def test_fit_recovery_curve_and_published_curves():
    volumes = [math.pi / 6 * d**3 / 1000 for d in NEMA_DIAMETERS_MM]
    truth = rptdose.RecoveryCurve(0.9, 3.0, 1.1, volume_min_mL=volumes[0], volume_max_mL=volumes[-1])
    curve = rptdose.fit_recovery_curve(volumes, [truth.recovery(v) for v in volumes])
    assert (curve.a, curve.b_mL, curve.c) == pytest.approx((0.9, 3.0, 1.1), rel=1e-6)
    assert curve.recovery(0.1) == curve.recovery(volumes[0])  # clamped below the smallest sphere
    assert not curve.within_fitted_range(0.1) and curve.within_fitted_range(5.0)
    assert len(curve.covariance) == 3
    with pytest.raises(rptdose.InvalidInput, match="needs at least 4"):
        rptdose.fit_recovery_curve(volumes[:3], [0.3, 0.4, 0.5])
