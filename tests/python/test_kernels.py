"""rptdose.voxel_s_values: the C++ kernels (same numbers as the CLI), [z, y, x] order, energy conservation."""

import csv
import subprocess

import numpy as np
import pytest

import rptdose

J_PER_MEV = 1.602176634e-13  # SI 2019 exact


def voxel_mass_kg(spacing_zyx_mm, density_g_per_ml=1.04):
    return np.prod(spacing_zyx_mm) * 1e-3 * density_g_per_ml * 1e-3  # mm³ → mL → g → kg


def test_lu177_self_dose_matches_the_readme_example():
    kernel = rptdose.voxel_s_values("Lu-177", 4.8, half_size=5)
    assert kernel.shape == (11, 11, 11) and kernel.dtype == np.float64
    assert kernel[5, 5, 5] == pytest.approx(1.9e-10, rel=0.03)  # README C++ example: 1.9e-10 Gy per decay
    assert kernel[5, 5, 5] == kernel.max()
    np.testing.assert_allclose(kernel, kernel[::-1, ::-1, ::-1], rtol=1e-12)  # point symmetric


def test_same_numbers_as_the_cli_for_an_anisotropic_kernel(cli, tmp_path):
    # CLI --spacing and --half-size are x,y,z; Python takes (z, y, x) and returns [z, y, x].
    out = tmp_path / "kernel.csv"
    subprocess.run([str(cli), "kernel", "--nuclide", "Ac-225", "--spacing", "4.8,3.6,2.4", "--half-size", "1,2,3",
                    "--out", str(out)], check=True, capture_output=True)
    ours = rptdose.voxel_s_values("Ac-225", (2.4, 3.6, 4.8), half_size=(3, 2, 1))
    assert ours.shape == (7, 5, 3)
    with open(out) as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == ours.size
    for r in rows:
        i, j, k = int(r["i"]), int(r["j"]), int(r["k"])
        assert ours[k + 3, j + 2, i + 1] == pytest.approx(float(r["S_Gy_per_Bq_s"]), rel=1e-9)  # CSV: 10 digits


def test_spacing_is_z_y_x():
    # 2 mm along z, 4 mm along y and x: the z neighbour is closer, so it gets more dose than the x neighbour.
    k = rptdose.voxel_s_values("Y-90", (2.0, 4.0, 4.0), half_size=2)
    assert k.shape == (5, 5, 5)
    assert k[3, 2, 2] > 1.5 * k[2, 2, 3]
    assert k[2, 3, 2] == pytest.approx(k[2, 2, 3], rel=1e-12)  # y and x have the same spacing
    # half_size (z, y, x) and radius_mm
    assert rptdose.voxel_s_values("Y-90", (2.0, 4.0, 4.0), half_size=(3, 1, 0)).shape == (7, 3, 1)
    assert rptdose.voxel_s_values("Y-90", (2.0, 4.0, 4.0), radius_mm=8).shape == (9, 5, 5)


def test_scalar_spacing_means_isotropic_and_nuclide_objects_work():
    a = rptdose.voxel_s_values("Lu-177", 3.0, half_size=2)
    b = rptdose.voxel_s_values(rptdose.Nuclide("177Lu"), (3.0, 3.0, 3.0), half_size=(2, 2, 2))
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("name,spacing,half", [("Lu-177", 4.8, 3), ("Y-90", 2.0, 8), ("Ac-225", 4.8, 4),
                                               ("Pb-212", 3.0, 6)])
def test_energy_conservation(name, spacing, half):
    # Σ S · m over a kernel that holds the electron range equals the chain's electron energy per decay within
    # 0.5 % (the C++ tolerance, issue 3), and the alpha part the alpha + recoil energy exactly (local deposition).
    mass = voxel_mass_kg((spacing,) * 3)
    energy = rptdose.Nuclide(name).energy_per_decay_MeV(chain=True)
    electron = rptdose.voxel_s_values(name, spacing, half, component="electron", photon_radius_mm=0)
    alpha = rptdose.voxel_s_values(name, spacing, half, component="alpha", photon_radius_mm=0)
    assert electron.sum() * mass / J_PER_MEV == pytest.approx(energy["electron"], rel=0.005)
    assert alpha.sum() * mass / J_PER_MEV == pytest.approx(energy["alpha"] + energy["alpha_recoil"], rel=1e-9,
                                                           abs=1e-12)
    assert rptdose.voxel_s_values(name, spacing, half, component="photon", photon_radius_mm=0).sum() == 0.0


def test_components_sum_to_the_total_and_photons_escape():
    total = rptdose.voxel_s_values("Lu-177", 4.8, 6)
    parts = [rptdose.voxel_s_values("Lu-177", 4.8, 6, component=c) for c in ("alpha", "electron", "photon")]
    np.testing.assert_allclose(sum(parts), total, rtol=1e-12, atol=0)
    photon_emitted = rptdose.Nuclide("Lu-177").energy_per_decay_MeV()["photon"]
    photon_absorbed = parts[2].sum() * voxel_mass_kg((4.8,) * 3) / J_PER_MEV
    assert 0 < photon_absorbed < 0.5 * photon_emitted  # most 177Lu photon energy leaves a 6 cm box


def test_density_and_medium():
    # Water scaled by density: the energy per decay is the same, the mass per voxel changes, ranges shrink as 1/ρ.
    electron_MeV = rptdose.Nuclide("Lu-177").energy_per_decay_MeV()["electron"]
    for kwargs, rho in (({}, 1.04), ({"medium": "water"}, 1.00), ({"density_g_per_mL": 2.08}, 2.08)):
        k = rptdose.voxel_s_values("Lu-177", 4.8, 2, photon_radius_mm=0, **kwargs)
        assert k.sum() * voxel_mass_kg((4.8,) * 3, rho) / J_PER_MEV == pytest.approx(electron_MeV, rel=0.005)
    tissue = rptdose.voxel_s_values("Lu-177", 4.8, 2, photon_radius_mm=0)
    dense = rptdose.voxel_s_values("Lu-177", 4.8, 2, density_g_per_mL=2.08, photon_radius_mm=0)
    # Twice the mass, and more of the energy kept in the self voxel (half the range): between 1/2 and 1.
    assert 0.5 < dense[2, 2, 2] / tissue[2, 2, 2] < 0.6
    assert dense[2, 2, 3] < 0.5 * tissue[2, 2, 3]


def test_kernels_are_cached():
    before = rptdose.kernel_cache_info()
    first = rptdose.voxel_s_values("I-131", 3.3, 2)
    middle = rptdose.kernel_cache_info()
    second = rptdose.voxel_s_values("131I", (3.3, 3.3, 3.3), 2, component="electron")
    after = rptdose.kernel_cache_info()
    assert middle["misses"] == before["misses"] + 1
    assert after["hits"] == middle["hits"] + 1 and after["misses"] == middle["misses"]
    assert first is not second and second.flags.writeable  # each call returns its own array
    first[:] = 0
    assert rptdose.voxel_s_values("I-131", 3.3, 2).max() > 0  # the cached kernel is not the returned array


def test_bad_arguments_raise_value_errors():
    with pytest.raises(ValueError, match="either half_size or radius_mm"):
        rptdose.voxel_s_values("Lu-177", 4.8, 3, radius_mm=10)
    with pytest.raises(ValueError, match="half_size must be a whole number"):
        rptdose.voxel_s_values("Lu-177", 4.8, 2.5)
    with pytest.raises(ValueError, match="too large"):
        rptdose.voxel_s_values("Lu-177", 4.8, 500)
    with pytest.raises(ValueError, match=r"positive and finite \(mm\), got \(z, y, x\) = \(4, -1, 4\)"):
        rptdose.voxel_s_values("Lu-177", (4, -1, 4))
    with pytest.raises(ValueError, match="three numbers"):
        rptdose.voxel_s_values("Lu-177", (4, 4))
    with pytest.raises(ValueError, match="unknown kernel component 'beta'"):
        rptdose.voxel_s_values("Lu-177", 4, component="beta")
    with pytest.raises(ValueError, match="unknown medium 'bone'"):
        rptdose.voxel_s_values("Lu-177", 4, medium="bone")
    with pytest.raises(ValueError, match="density"):
        rptdose.voxel_s_values("Lu-177", 4, density_g_per_mL=-1)
    with pytest.raises(rptdose.UnknownNuclide):
        rptdose.voxel_s_values("Xx-12", 4)
    with pytest.raises(ValueError, match="nuclide must be a name"):
        rptdose.voxel_s_values(177, 4)
