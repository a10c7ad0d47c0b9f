"""rptdose.fit_tia against analytic curves and scipy.optimize.curve_fit (an independent least-squares solver)."""

import math

import numpy as np
import pytest
import scipy.optimize

import rptdose

LU177_HALF_LIFE_H = 6.647 * 24  # ICRP 107
LAMBDA_PHYS = math.log(2) / LU177_HALF_LIFE_H  # 1/h
TIMES_H = np.array([4.0, 24.0, 96.0, 168.0])


def mono_phantom(shape=(3, 4, 5)):
    """Voxel n: A0 = 1000 + 10 n Bq, biological half-life 30 + n h; returns images [t, z, y, x] and true TIA (Bq·s)."""
    n = np.arange(np.prod(shape)).reshape(shape)
    a0 = 1000.0 + 10.0 * n
    lam = LAMBDA_PHYS + math.log(2) / (30.0 + n)  # 1/h
    images = np.stack([a0 * np.exp(-lam * t) for t in TIMES_H]).astype(np.float32)
    return images, a0 / lam * 3600.0


def test_recovers_analytic_tia_and_half_life():
    images, truth = mono_phantom()
    result = rptdose.fit_tia(images, TIMES_H, nuclide="Lu-177", decay_corrected=False)
    np.testing.assert_allclose(result["tia_Bq_s"], truth, rtol=1e-4)
    assert result["tia_Bq_s"].shape == images.shape[1:]
    assert result["summary"]["voxels"] == truth.size
    assert set(np.unique(result["status"])) == {1}  # fitted
    assert rptdose.STATUS_CODES[1] == "fitted" and rptdose.MODEL_CODES[1] == "mono-exponential"


def test_decay_corrected_list_input_and_prediction():
    images, truth = mono_phantom()
    corrected = [image * np.exp(LAMBDA_PHYS * t) for image, t in zip(images, TIMES_H)]
    result = rptdose.fit_tia(corrected, list(TIMES_H), nuclide="177Lu", decay_corrected=True, predict_nuclide="Pb-212")
    np.testing.assert_allclose(result["tia_Bq_s"], truth, rtol=1e-4)
    assert result["predicted_tia_Bq_s"].shape == truth.shape
    assert (result["predicted_tia_Bq_s"] < result["tia_Bq_s"]).all()  # 212Pb decays 15x faster


def test_matches_scipy_curve_fit_on_noisy_voxels():
    rng = np.random.default_rng(7)
    counts = rng.poisson(800 * np.exp(-(LAMBDA_PHYS + math.log(2) / 60) * TIMES_H), size=(50, 4)).astype(float)
    images = np.ascontiguousarray(counts.T.reshape(4, 1, 5, 10), dtype=np.float32)  # counts.T is a strided view
    ours = rptdose.fit_tia(images, TIMES_H, nuclide="Lu-177", decay_corrected=False, model="mono-exponential")
    for i, y in enumerate(counts):
        # The same objective: weights 1/max(|y|, 1 % of max |y|) (Poisson-like), mu >= 0.
        sigma = np.sqrt(np.maximum(np.abs(y), 0.01 * np.abs(y).max()))
        model = lambda t, a, mu: a * np.exp(-(LAMBDA_PHYS + mu) * t)  # noqa: E731
        p, cov = scipy.optimize.curve_fit(model, TIMES_H, y, p0=(y[0], 0.01), sigma=sigma, bounds=(0, np.inf))
        lam = LAMBDA_PHYS + p[1]
        tia = p[0] / lam * 3600.0
        grad = np.array([1 / lam, -p[0] / lam**2]) * 3600.0
        se = math.sqrt(grad @ cov @ grad)
        assert ours["tia_Bq_s"].flat[i] == pytest.approx(tia, rel=1e-4)
        assert ours["tia_se_Bq_s"].flat[i] == pytest.approx(se, rel=1e-2)


def test_bad_input_raises_clear_errors():
    images, _ = mono_phantom()
    with pytest.raises(TypeError):
        rptdose.fit_tia(images, TIMES_H, nuclide="Lu-177")  # decay_corrected must be stated
    with pytest.raises(ValueError, match="earlier than"):
        rptdose.fit_tia(images, [24, 4, 96, 168], nuclide="Lu-177", decay_corrected=False)
    with pytest.raises(ValueError, match="single-time-point"):
        rptdose.fit_tia(images[:1], [24], nuclide="Lu-177", decay_corrected=False)
    with pytest.raises(ValueError, match="Xx-1"):
        rptdose.fit_tia(images, TIMES_H, nuclide="Xx-1", decay_corrected=False)
    with pytest.raises(ValueError, match="spacing_mm"):
        rptdose.fit_tia(images, TIMES_H, nuclide="Lu-177", decay_corrected=False, units="Bq/mL")
    with pytest.raises(ValueError, match="units='counts': fit_tia takes Bq, Bq/mL or Gy/s"):
        rptdose.fit_tia(images, TIMES_H, nuclide="Lu-177", decay_corrected=False, units="counts")
    with pytest.raises(ValueError, match="unknown image unit 'kBq': use Bq/mL, Bq, counts or Gy/s"):
        rptdose.fit_tia(images, TIMES_H, nuclide="Lu-177", decay_corrected=False, units="kBq")
    with pytest.raises(ValueError, match="unknown weighting 'none': use poisson or uniform"):
        rptdose.fit_tia(images, TIMES_H, nuclide="Lu-177", decay_corrected=False, weighting="none")
    with pytest.raises(ValueError, match="trapezoid or auto"):
        rptdose.fit_tia(images, TIMES_H, nuclide="Lu-177", decay_corrected=False, model="spline")
    bad = images.copy()
    bad[2, 1, 1, 1] = np.nan
    with pytest.raises(ValueError, match="time point 3 has 1 NaN"):
        rptdose.fit_tia(bad, TIMES_H, nuclide="Lu-177", decay_corrected=False)
    with pytest.raises(ValueError, match="mask"):
        rptdose.fit_tia(images, TIMES_H, nuclide="Lu-177", decay_corrected=False, mask=np.ones((2, 2, 2)))
