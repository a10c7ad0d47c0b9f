"""rptdose.voi_stats and rptdose.dvh against numpy (an independent implementation of the same definitions)."""

import numpy as np
import pytest

import rptdose


def test_voi_stats_match_numpy():
    rng = np.random.default_rng(3)
    dose = rng.gamma(4.0, 2.0, size=(6, 7, 8)).astype(np.float32)
    labels = rng.integers(0, 3, size=dose.shape).astype(np.int32)
    rows = rptdose.voi_stats(dose, labels, (5.0, 4.0, 4.0), thresholds=[5.0, 10.0])
    assert [r["label"] for r in rows] == [1, 2]
    for r in rows:
        d = dose[labels == r["label"]].astype(np.float64)
        assert r["voxels"] == d.size
        assert r["volume_ml"] == pytest.approx(d.size * 0.08)
        assert r["mass_g"] == pytest.approx(d.size * 0.08 * 1.04)
        assert r["mean"] == pytest.approx(d.mean(), rel=1e-6)
        assert r["median"] == pytest.approx(np.median(d), rel=1e-6)
        assert r["sd"] == pytest.approx(d.std(ddof=1), rel=1e-6)
        assert r["D98"] == pytest.approx(np.percentile(d, 2), rel=1e-6)
        assert r["D2"] == pytest.approx(np.percentile(d, 98), rel=1e-6)
        assert r["V10"] == pytest.approx(100 * np.mean(d >= 10), rel=1e-12)


def test_dvh_is_cumulative():
    dose = np.arange(100, dtype=np.float32).reshape(1, 10, 10)
    labels = np.ones_like(dose, dtype=np.int32)
    levels, fraction = rptdose.dvh(dose, labels, 1, bins=100)
    assert levels[0] == 0 and levels[-1] == 99
    assert fraction[0] == 1.0 and fraction[-1] == pytest.approx(0.01)
    assert np.all(np.diff(fraction) <= 0)
    with pytest.raises(ValueError, match="label 5"):
        rptdose.dvh(dose, labels, 5)


def test_voi_stats_errors():
    dose = np.ones((2, 2, 2), np.float32)
    with pytest.raises(ValueError, match="grid"):
        rptdose.voi_stats(dose, np.ones((2, 2, 3), np.int32), (1, 1, 1))
