"""rptdose.dose and rptdose.DoseCalculator: uniform activity gives Ã·E/m (energy conservation), the kernel route is
the convolution of the TIA with voxel_s_values (checked with scipy), LED, density correction, errors."""

import numpy as np
import pytest
import scipy.signal

import rptdose

J_PER_MEV = 1.602176634e-13  # SI 2019 exact
SPACING = 4.8  # mm
TIA = 1.0e6  # Bq·s per voxel


def voxel_mass_kg(spacing_mm=SPACING, density_g_per_ml=1.04):
    return spacing_mm**3 * 1e-3 * density_g_per_ml * 1e-3


def uniform(n=25, value=TIA):
    return np.full((n, n, n), value, dtype=np.float32)


@pytest.mark.parametrize("method", ["kernel", "led"])
@pytest.mark.parametrize("name", ["Lu-177", "Ac-225"])
def test_uniform_tia_gives_energy_over_mass_at_the_centre(method, name):
    # A 25³ block of 4.8 mm voxels holds the whole 30 mm kernel around its centre voxel (12 voxels ≥ 7 = reach):
    # the centre absorbs all the electron and alpha energy emitted per decay of the chain, D = Ã·E/m, within 0.5 %
    # (the kernels' energy-conservation tolerance; LED is exact).
    energy = rptdose.Nuclide(name).energy_per_decay_MeV(chain=True)
    maps = rptdose.dose(uniform(), name, SPACING, method=method, components=True)
    assert set(maps) == {"total", "alpha", "electron", "photon"}
    assert all(m.dtype == np.float32 and m.shape == (25, 25, 25) for m in maps.values())
    per_decay = TIA * J_PER_MEV / voxel_mass_kg()
    centre = (12, 12, 12)
    assert maps["electron"][centre] == pytest.approx(per_decay * energy["electron"], rel=0.005)
    assert maps["alpha"][centre] == pytest.approx(per_decay * (energy["alpha"] + energy["alpha_recoil"]), rel=0.005)
    np.testing.assert_allclose(maps["total"], maps["alpha"] + maps["electron"] + maps["photon"], rtol=1e-5)
    if method == "led":
        assert (maps["photon"] == 0).all()  # photons are not counted locally by default
        np.testing.assert_allclose(maps["total"], per_decay * (energy["total"] - energy["photon"]), rtol=1e-6)
    else:
        assert 0 < maps["photon"][centre] < per_decay * energy["photon"]  # part of the photon energy escapes


def test_led_can_count_photons_locally():
    energy = rptdose.Nuclide("Lu-177").energy_per_decay_MeV()
    d = rptdose.dose(uniform(5), "Lu-177", SPACING, method="led", include_photons=True)
    assert d[2, 2, 2] == pytest.approx(TIA * J_PER_MEV * energy["total"] / voxel_mass_kg(), rel=1e-6)


def test_kernel_dose_is_the_convolution_with_the_voxel_s_values():
    rng = np.random.default_rng(11)
    tia = (rng.random((20, 24, 22)) * 1e6).astype(np.float32)
    spacing = (3.0, 4.0, 4.0)  # (z, y, x)
    ours = rptdose.dose(tia, "Lu-177", spacing, kernel_radius_mm=20)
    kernel = rptdose.voxel_s_values("Lu-177", spacing, radius_mm=20)
    assert kernel.shape == (15, 11, 11)
    reference = scipy.signal.fftconvolve(tia.astype(np.float64), kernel, mode="same")  # independent FFT
    assert np.abs(ours - reference).max() <= 1e-5 * reference.max()
    np.testing.assert_allclose(rptdose.convolve(tia, kernel), ours, rtol=1e-5, atol=1e-6 * reference.max())


def test_density_correction_divides_by_the_real_mass():
    tia = uniform(9)
    tissue = rptdose.dose(tia, "Lu-177", SPACING, method="led")
    density = np.full(tia.shape, 2.08, np.float32)
    density[0] = 0.001  # air: clamped to the 0.1 g/mL floor
    corrected, report = rptdose.dose(tia, "Lu-177", SPACING, method="led", density=density, return_report=True)
    np.testing.assert_allclose(corrected[1:], 0.5 * tissue[1:], rtol=1e-6)
    np.testing.assert_allclose(corrected[0], tissue[0] * 1.04 / 0.1, rtol=1e-5)
    assert report["density_corrected"] and report["density_clamped_voxels"] == 81
    assert rptdose.dose(tia, "Lu-177", SPACING, density=density.astype(np.float64)).dtype == np.float32


def test_report_counts_negative_voxels_and_names_the_method():
    tia = uniform(9)
    tia[0, 0, :3] = -5.0
    _, report = rptdose.dose(tia, "Lu-177", SPACING, return_report=True)
    assert report["negative_voxels"] == 3 and report["negative_sum"] == -15.0
    # Full-range photons by default: the kernel within 60 mm (smooth split), the far photons on a coarser grid.
    assert report["method"].startswith("total: fft ") and "within 60 mm (smooth split) + far photons" in report["method"]
    assert not report["density_corrected"]


def test_calculator_reuses_its_kernel_for_many_maps():
    rng = np.random.default_rng(5)
    maps = [(rng.random((16, 16, 16)) * 1e5).astype(np.float32) for _ in range(3)]
    calculator = rptdose.DoseCalculator("Ac-225", (4.0, 4.0, 4.0), components=True, kernel_radius_mm=12,
                                        leaving_fraction={"Bi-213": 0.2})
    assert calculator.method == "kernel" and calculator.components and calculator.spacing_mm == (4.0, 4.0, 4.0)
    info = calculator.kernel_info
    assert info["nuclide"] == "Ac-225" and info["shape"] == (7, 7, 7) and info["density_g_per_mL"] == 1.04
    np.testing.assert_array_equal(
        calculator.kernel("electron"),
        rptdose.voxel_s_values("Ac-225", 4.0, radius_mm=12, component="electron", leaving_fraction={"Bi-213": 0.2}))
    for tia in maps:
        ours = calculator.dose(tia)
        once = rptdose.dose(tia, "Ac-225", 4.0, components=True, kernel_radius_mm=12, leaving_fraction={"Bi-213": 0.2})
        for key in ours:
            np.testing.assert_array_equal(ours[key], once[key])
        # The same operator maps activity (Bq) to dose rate (Gy/s).
        np.testing.assert_array_equal(calculator.dose_rate(tia)["total"], ours["total"])


def test_threads_do_not_change_the_result():
    tia = (np.random.default_rng(2).random((18, 17, 16)) * 1e6).astype(np.float32)
    one = rptdose.dose(tia, "Y-90", 3.0, threads=1)
    two = rptdose.dose(tia, "Y-90", 3.0, threads=2)
    np.testing.assert_array_equal(one, two)


def test_default_kernel_is_full_range_as_in_the_study_file():
    # No kernel_radius_mm: full-range photons (dose/dose_method.hpp); the fine kernel reaches the 60 mm split
    # (kFullRangePhotonSplitRadius_mm), ceil(60 / 6) = 10 voxels each side, the rest is the far photon part.
    calculator = rptdose.DoseCalculator("Lu-177", 6.0)
    assert calculator.method == "kernel"
    assert calculator.kernel().shape == (21, 21, 21)
    assert rptdose.DoseCalculator("Lu-177", 6.0, method="led").method == "led"


def test_bad_input_raises_clear_errors():
    tia = uniform(6)
    nan = tia.copy()
    nan[1, 2, 3] = np.nan
    with pytest.raises(rptdose.InvalidInput, match=r"1 NaN or infinite voxel.*array\[1, 2, 3\]"):
        rptdose.dose(nan, "Lu-177", SPACING)
    with pytest.raises(ValueError, match="3-D array"):
        rptdose.dose(tia[0], "Lu-177", SPACING)
    with pytest.raises(ValueError, match="not C-contiguous"):
        rptdose.dose(tia[:, :, ::2], "Lu-177", SPACING)
    with pytest.raises(ValueError, match="float32 or float64 array, got dtype int64"):
        rptdose.dose(tia.astype(np.int64), "Lu-177", SPACING)
    with pytest.raises(ValueError, match=r"density has shape \(6, 6, 5\) but tia has shape \(6, 6, 6\)"):
        rptdose.dose(tia, "Lu-177", SPACING, density=np.ones((6, 6, 5), np.float32))
    with pytest.raises(ValueError, match="negative"):
        rptdose.dose(tia, "Lu-177", SPACING, density=-np.ones_like(tia))
    with pytest.raises(ValueError, match="apply to method='kernel'"):
        rptdose.dose(tia, "Lu-177", SPACING, method="led", kernel_radius_mm=20)
    with pytest.raises(ValueError, match="include_photons applies to method='led'"):
        rptdose.dose(tia, "Lu-177", SPACING, include_photons=True)
    with pytest.raises(ValueError, match=r"unknown dose method 'mc': use 'kernel' \(voxel S-value kernel\), 'led'"):
        rptdose.dose(tia, "Lu-177", SPACING, method="mc")
    with pytest.raises(ValueError, match="'monte-carlo' has no kernel: .* rptdose.monte_carlo_dose"):
        rptdose.dose(tia, "Lu-177", SPACING, method="monte-carlo")
    with pytest.raises(ValueError, match="density floor"):
        rptdose.dose(tia, "Lu-177", SPACING, density_floor_g_per_mL=0)
    with pytest.raises(ValueError, match="spacing_mm"):
        rptdose.DoseCalculator("Lu-177", 0.0)
