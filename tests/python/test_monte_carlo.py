"""rptdose.monte_carlo_dose: the transport agrees with kernel convolution in soft tissue (same physics data),
conserves energy, gives the same result for any thread count, reports its uncertainties, stops at a target
uncertainty, and refuses bad input with rptdose.InvalidInput."""

import numpy as np
import pytest

import rptdose

SPACING = 4.8  # mm


def sphere(n=31, radius_vox=5.0, value=1.0e6):
    z, y, x = np.mgrid[:n, :n, :n] - (n - 1) / 2
    inside = (x**2 + y**2 + z**2) <= radius_vox**2
    return np.where(inside, value, 0.0).astype(np.float32), inside.astype(np.int32)


def test_agrees_with_the_kernel_in_soft_tissue_and_conserves_energy():
    tia, labels = sphere()
    mc = rptdose.monte_carlo_dose(tia, "Lu-177", SPACING, labels=labels, decays=400_000, seed=3, threads=2)
    kernel = rptdose.dose(tia, "Lu-177", SPACING)  # soft tissue of 1.04 g/mL, as the transport's default
    inside = labels == 1
    voi = mc["vois"][0]
    assert voi["label"] == 1
    u = voi["relative_uncertainty"]
    assert 0 < u < 0.01
    e = mc["energy_per_decay_MeV"]
    assert e["deposited"] + e["escaped"] == pytest.approx(e["emitted"], rel=1e-9)
    assert mc["decays"] == 400_000
    for key in ("dose", "alpha", "electron", "photon", "relative_uncertainty"):
        assert mc[key].shape == tia.shape and mc[key].dtype == np.float32
    np.testing.assert_allclose(mc["alpha"] + mc["electron"] + mc["photon"], mc["dose"], rtol=1e-4, atol=1e-12)
    kernel_mean = float(kernel[inside].mean())
    assert voi["mean_dose_Gy"] == pytest.approx(kernel_mean, rel=0.02 + 3 * u)
    assert voi["mass_g"] == pytest.approx(inside.sum() * SPACING**3 * 1e-3 * 1.04, rel=1e-5)


def test_same_result_for_any_thread_count_and_seed_reproduces():
    tia, labels = sphere(n=21, radius_vox=3)
    one = rptdose.monte_carlo_dose(tia, "Y-90", SPACING, decays=50_000, seed=11, threads=1, components=False)
    two = rptdose.monte_carlo_dose(tia, "Y-90", SPACING, decays=50_000, seed=11, threads=2, components=False)
    other = rptdose.monte_carlo_dose(tia, "Y-90", SPACING, decays=50_000, seed=12, threads=2, components=False)
    np.testing.assert_array_equal(one["dose"], two["dose"])
    assert not np.array_equal(one["dose"], other["dose"])
    assert "alpha" not in one


def test_stops_at_the_target_uncertainty():
    tia, labels = sphere(n=21, radius_vox=4)
    r = rptdose.monte_carlo_dose(tia, "Lu-177", SPACING, labels=labels, target_uncertainty=0.02,
                                 decays=20_000_000, threads=2)
    assert r["decays"] < 20_000_000
    assert r["vois"][0]["relative_uncertainty"] <= 0.02


def test_ct_materials_put_less_dose_per_energy_in_bone_than_in_lung():
    tia, labels = sphere(n=21, radius_vox=10)  # activity everywhere in the sphere
    ct = np.zeros(tia.shape, dtype=np.float32)
    ct[:, :, :10] = -800.0  # lung
    ct[:, :, 11:] = 1200.0  # bone
    ct[0, 0, 0] = -1000.0
    r = rptdose.monte_carlo_dose(tia, "Lu-177", SPACING, ct_hu=ct, decays=200_000, threads=2, components=False)
    lung = r["dose"][8:13, 8:13, 3:7].mean()
    bone = r["dose"][8:13, 8:13, 14:18].mean()
    assert lung > 3 * bone  # same energy per voxel (electrons local), divided by ~0.2 vs ~1.7 g/mL


def test_progress_can_cancel():
    tia, _ = sphere(n=15, radius_vox=3)
    seen = []

    def progress(fraction, stage):
        seen.append((fraction, stage))
        return False

    with pytest.raises(rptdose.Cancelled):
        rptdose.monte_carlo_dose(tia, "Lu-177", SPACING, decays=10_000_000, progress=progress, threads=1)
    assert seen and seen[0][1] == "Monte Carlo transport"


def test_bad_input_is_named():
    tia, labels = sphere(n=15, radius_vox=3)
    bad = tia.copy()
    bad[0, 0, 0] = -1.0
    with pytest.raises(rptdose.InvalidInput, match="negative"):
        rptdose.monte_carlo_dose(bad, "Lu-177", SPACING, decays=1000)
    with pytest.raises(rptdose.InvalidInput, match="HU"):
        rptdose.monte_carlo_dose(tia, "Lu-177", SPACING, ct_hu=np.full(tia.shape, 1000.0, np.float32), decays=1000)
    with pytest.raises(rptdose.InvalidInput, match="shape"):
        rptdose.monte_carlo_dose(tia, "Lu-177", SPACING, labels=labels[:-1], decays=1000)
    with pytest.raises(rptdose.InvalidInput, match="65535"):
        rptdose.monte_carlo_dose(tia, "Lu-177", SPACING, labels=labels * 70000, decays=1000)
    with pytest.raises(rptdose.InvalidInput, match="material"):
        rptdose.monte_carlo_dose(tia, "Lu-177", SPACING, material="bone", decays=1000)
    with pytest.raises(rptdose.InvalidInput):
        rptdose.monte_carlo_dose(tia, "Lu-177", SPACING, density=np.zeros(tia.shape, np.float32), decays=1000)
    with pytest.raises(rptdose.UnknownNuclide):
        rptdose.monte_carlo_dose(tia, "Xx-999", SPACING, decays=1000)
