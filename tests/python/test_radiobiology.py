"""rptdose.bed, rptdose.rbe_weighted_dose and rptdose.plan against independent computations: the LQ model with
incomplete repair integrated with scipy.integrate, and hand-calculated closed forms (docs/radiobiology.md)."""

import json
import math

import numpy as np
import pytest
from scipy import integrate

import rptdose

LN2 = math.log(2.0)


def g_factor_by_scipy(dose_rate, mu, end):
    """G = (2/D^2) int_0^inf R(t) int_0^t R(w) exp(-mu (t - w)) dw dt, by nested adaptive quadrature (hours)."""
    dose = integrate.quad(dose_rate, 0.0, end, limit=400, epsabs=0.0, epsrel=1e-12)[0]

    def inner(t):
        return integrate.quad(lambda w: dose_rate(w) * math.exp(-mu * (t - w)), 0.0, t, epsabs=0.0, epsrel=1e-12)[0]

    outer = integrate.quad(lambda t: dose_rate(t) * inner(t), 0.0, end, limit=400, epsabs=0.0, epsrel=1e-11)[0]
    return 2.0 * outer / dose**2


@pytest.mark.parametrize("t_eff, t_rep", [(50.0, 2.8), (5.0, 0.5), (100.0, 1.5)])
def test_bed_mono_exponential_matches_scipy_quadrature(t_eff, t_rep):
    lam, mu = LN2 / t_eff, LN2 / t_rep
    g = g_factor_by_scipy(lambda t: math.exp(-lam * t), mu, 80 * t_eff)
    r = rptdose.bed(10.0, 2.6, t_rep, t_eff)
    assert r["g_factor"] == pytest.approx(g, rel=1e-6)
    assert r["bed_Gy"] == pytest.approx(10.0 * (1.0 + g * 10.0 / 2.6), rel=1e-6)


def test_bed_with_uptake_matches_scipy_quadrature():
    # The uptake half-time is the half-life of the subtracted exponential (the pipeline's summary.json convention).
    lam, lam_u, mu = LN2 / 50.0, LN2 / 3.0, LN2 / 2.8
    g = g_factor_by_scipy(lambda t: math.exp(-lam * t) - math.exp(-lam_u * t), mu, 4000.0)
    r = rptdose.bed(5.0, 2.6, 2.8, 50.0, uptake_half_time_h=3.0)
    assert r["g_factor"] == pytest.approx(g, rel=1e-6)


def test_bed_matches_the_cpp_worked_example():
    # Same numbers as Bed.Lu177KidneyWorkedExampleFollowsFromTheDaleFormula: G = 2.8/52.8, BED 33.78963 Gy.
    r = rptdose.bed(23.0, 2.6, 2.8, 50.0)
    assert r["g_factor"] == pytest.approx(2.8 / 52.8, rel=1e-14)
    assert r["bed_Gy"] == pytest.approx(33.78963, abs=5e-5)
    assert r["eqd2_Gy"] == pytest.approx(r["bed_Gy"] / (1.0 + 2.0 / 2.6), rel=1e-14)


def test_bed_is_elementwise_on_arrays():
    dose = np.linspace(0.0, 30.0, 24).reshape(2, 3, 4)
    r = rptdose.bed(dose, 2.6, 2.8, 50.0)
    assert r["bed_Gy"].shape == dose.shape
    scalar = [rptdose.bed(float(d), 2.6, 2.8, 50.0)["bed_Gy"] for d in dose.ravel()]
    np.testing.assert_allclose(r["bed_Gy"].ravel(), scalar, rtol=1e-15)
    np.testing.assert_allclose(r["eqd2_Gy"], r["bed_Gy"] / (1.0 + 2.0 / 2.6), rtol=1e-15)


def test_bed_alpha_part_enters_linearly_with_its_rbe():
    # As `rptdose bed --dose 10 --alpha-dose 9`: BED = 5*9 + 1*(1 + G*1/2.6), G = 2.8/52.8.
    g = 2.8 / 52.8
    r = rptdose.bed(10.0, 2.6, 2.8, 50.0, alpha_dose_Gy=9.0)
    assert r["bed_Gy"] == pytest.approx(45.0 + 1.0 + g / 2.6, rel=1e-12)
    assert r["eqd2_Gy"] == pytest.approx(r["bed_Gy"] / (1 + 2 / 2.6), rel=1e-12)
    arr = rptdose.bed(np.array([10.0, 4.0]), 2.6, 2.8, 50.0, alpha_dose_Gy=np.array([9.0, 0.0]), rbe_alpha=3.0)
    assert arr["bed_Gy"][0] == pytest.approx(27.0 + 1.0 + g / 2.6, rel=1e-12)
    assert arr["bed_Gy"][1] == pytest.approx(rptdose.bed(4.0, 2.6, 2.8, 50.0)["bed_Gy"], rel=1e-12)
    with pytest.raises(ValueError, match="alpha part"):
        rptdose.bed(1.0, 2.6, 2.8, 50.0, alpha_dose_Gy=2.0)
    with pytest.raises(ValueError, match="shape"):
        rptdose.bed(np.array([1.0, 2.0]), 2.6, 2.8, 50.0, alpha_dose_Gy=np.array([0.5]))


def test_bed_limits_instantaneous_and_slow():
    assert rptdose.bed(4.0, 3.0, 1.5, 1e-7)["bed_Gy"] == pytest.approx(4.0 * (1 + 4.0 / 3.0), rel=1e-6)
    assert rptdose.bed(4.0, 3.0, 1.5, 1e9)["bed_Gy"] == pytest.approx(4.0, rel=1e-6)


@pytest.mark.parametrize(
    "args",
    [(-1.0, 2.6, 2.8, 50.0), (1.0, 0.0, 2.8, 50.0), (1.0, 2.6, -2.8, 50.0), (float("nan"), 2.6, 2.8, 50.0),
     (np.array([1.0, -0.5]), 2.6, 2.8, 50.0)],
)
def test_bed_rejects_bad_input(args):
    with pytest.raises(rptdose.InvalidInput):
        rptdose.bed(*args)


def test_rbe_weighted_dose():
    assert rptdose.rbe_weighted_dose(0.2, 1.5) == pytest.approx(5 * 0.2 + 1.5, rel=1e-15)
    alpha, other = np.full((2, 2, 2), 0.1), np.full((2, 2, 2), 2.0)
    np.testing.assert_allclose(rptdose.rbe_weighted_dose(alpha, other, rbe=3.0), 2.3, rtol=1e-15)
    with pytest.raises(rptdose.InvalidInput):
        rptdose.rbe_weighted_dose(alpha, other[0])


SUMMARY = {
    "schema_version": "1.0",
    "nuclide": "Lu-177",
    "administered_activity_Bq": 7.4e9,
    "vois": [
        {"name": "kidney_left", "mean_dose_Gy": 3.1, "mass_g": 150, "effective_half_life_h": 50.2,
         "uptake_half_time_h": None},
        {"name": "kidney_right", "mean_dose_Gy": 3.4, "mass_g": 160, "effective_half_life_h": 48.0,
         "uptake_half_time_h": 2.0},
        {"name": "red_marrow", "mean_dose_Gy": 0.25, "effective_half_life_h": 30.0},
        {"name": "tumour_1", "mean_dose_Gy": 25.0, "effective_half_life_h": 90.0},
    ],
}


def bed_of(voi, activity_Bq, alpha_beta, t_rep):
    d = voi["mean_dose_Gy"] / SUMMARY["administered_activity_Bq"] * activity_Bq
    return rptdose.bed(d, alpha_beta, t_rep, voi["effective_half_life_h"], voi.get("uptake_half_time_h"))["bed_Gy"]


@pytest.mark.parametrize("cycles", [1, 2, 4])
def test_plan_respects_every_limit_and_is_exact_at_the_limiting_organ(cycles, tmp_path):
    plan = rptdose.plan(SUMMARY, ["kidney:bed:40", ("red-marrow", "dose", 2)], cycles=cycles)
    a = plan["activity_Bq"]
    kidney_beds = [cycles * bed_of(v, a, 2.6, 2.8) for v in SUMMARY["vois"][:2]]
    marrow = cycles * SUMMARY["vois"][2]["mean_dose_Gy"] / 7.4e9 * a
    assert max(kidney_beds) <= 40.0 * (1 + 1e-12) and marrow <= 2.0 * (1 + 1e-12)
    if plan["limiting"]["kind"] == "bed":
        assert max(kidney_beds) == pytest.approx(40.0, rel=1e-9)
    else:
        assert marrow == pytest.approx(2.0, rel=1e-9)
    assert plan["tumours"][0]["name"] == "tumour_1"
    assert plan["tumours"][0]["bed_per_cycle_Gy"] == pytest.approx(bed_of(SUMMARY["vois"][3], a, 10.0, 1.5), rel=1e-9)
    # The same plan from a summary.json file.
    path = tmp_path / "summary.json"
    path.write_text(json.dumps(SUMMARY))
    assert rptdose.plan(str(path), ["kidney:bed:40", "red-marrow:dose:2"], cycles=cycles)["activity_Bq"] == a


def test_plan_received_and_overrides():
    base = rptdose.plan(SUMMARY, ["kidney:bed:40"])
    after = rptdose.plan(SUMMARY, ["kidney:bed:40"], received=["kidney:bed:20"])
    assert after["activity_Bq"] < base["activity_Bq"]
    stiffer = rptdose.plan(SUMMARY, ["kidney:bed:40"], alpha_beta={"kidney": 1.5})
    assert stiffer["activity_Bq"] < base["activity_Bq"]
    assert stiffer["vois"][0]["alpha_beta_Gy"] == 1.5


@pytest.mark.parametrize(
    "limits, received",
    [(["spleen:bed:30"], []), (["kidney:bed:40"], ["kidney:bed:41"]), (["kidney:40"], []), ([], [])],
)
def test_plan_rejects_bad_input(limits, received):
    with pytest.raises(rptdose.InvalidInput):
        rptdose.plan(SUMMARY, limits, received=received)


def test_cumulative_bed_adds_the_cycles_beds_with_full_repair():
    # Two cycles of one kidney, doses 4 and 5 Gy with G 0.053 and 0.06 (α/β 2.6 Gy from the tissue table):
    # BED_k = D_k (1 + G_k D_k / 2.6), and the cumulative BED is their sum (Dale 1985; Bodei 2008).
    rows = rptdose.cumulative_bed([("cycle 1", [("kidney_left", 4.0, 0.053)]),
                                   ("cycle 2", [("kidney_left", 5.0, 0.06)])])
    bed1 = 4.0 * (1 + 0.053 * 4.0 / 2.6)
    bed2 = 5.0 * (1 + 0.06 * 5.0 / 2.6)
    assert [r["cycle_index"] for r in rows] == [0, 1]
    assert rows[0]["bed_Gy"] == pytest.approx(bed1, rel=1e-12)
    assert rows[1]["cumulative_bed_Gy"] == pytest.approx(bed1 + bed2, rel=1e-12)
    assert rows[1]["cumulative_dose_Gy"] == pytest.approx(9.0, rel=1e-12)
    assert rows[1]["cumulative_eqd2_Gy"] == pytest.approx((bed1 + bed2) / (1 + 2 / 2.6), rel=1e-12)
    override = rptdose.cumulative_bed([("c", [("kidney_left", 4.0, 0.053)])], alpha_beta_Gy={"kidney_left": 3.0})
    assert override[0]["bed_Gy"] == pytest.approx(4.0 * (1 + 0.053 * 4.0 / 3.0), rel=1e-12)
    with pytest.raises(ValueError):
        rptdose.cumulative_bed([("c", [("gizzard", 4.0, 0.05)])])  # no tissue matches: say so


def test_red_marrow_blood_method_on_a_curve_with_a_known_integral():
    # Blood concentration C(t) = C0 e^{-λ_eff t} (not decay-corrected), sampled at 6 times: [Ã_blood] = C0/λ_eff.
    # Self-dose D = [Ã_blood]·RMBLR·m·S(RM←RM) (EANM, Hindorf et al. 2010).
    lam = math.log(2) / (30.0 * 3600.0)
    times_h = [0.5, 2, 6, 24, 48, 96]
    c0 = 2.0e4
    blood = [c0 * math.exp(-lam * t * 3600.0) for t in times_h]
    s_rm_rm = 4.0e-15
    out = rptdose.red_marrow_blood_method(times_h, blood, "Lu-177", s_rm_rm)
    assert out["blood_tia_Bq_s_per_mL"] == pytest.approx(c0 / lam, rel=1e-3)
    assert out["self_dose_Gy"] == pytest.approx(c0 / lam * 1.0 * 1170.0 * s_rm_rm, rel=1e-3)
    with_remainder = rptdose.red_marrow_blood_method(times_h, blood, "Lu-177", s_rm_rm, remainder_tia_Bq_s=1e12,
                                                     s_rm_rb_Gy_per_Bq_s=1e-17)
    assert with_remainder["remainder_cross_dose_Gy"] == pytest.approx(1e-5, rel=1e-12)
    assert with_remainder["total_Gy"] == pytest.approx(out["self_dose_Gy"] + 1e-5, rel=1e-9)
    with pytest.raises(ValueError):
        rptdose.red_marrow_blood_method(times_h, blood, "Lu-177", 0.0)


def test_released_bi213_moves_dose_from_the_site_to_the_kidneys_and_conserves_energy():
    # 10 % of 225Ac's 213Bi leaves a 30 g tumour for the kidneys (300 g): the energy lost by the site is gained by the
    # kidneys (ΔD·m equal), and equals f·N_d·E_d per parent decay times Ã (MeV → J).
    tia = 1e12
    c = rptdose.redistribute_daughter("Ac-225", "Bi-213", 0.1, tia, 30.0, destination_mass_g=300.0)
    # 213Bi decays per 225Ac decay: the chain's (ICRP 107: 217At → 213Bi in 99.988 % of its decays).
    bi213 = next(m for m in rptdose.Nuclide("Ac-225").chain() if m["name"] == "Bi-213")
    assert c["daughter_decays_per_parent_decay"] == pytest.approx(bi213["decays_per_parent_decay"], rel=1e-12)
    assert c["daughter_decays_per_parent_decay"] == pytest.approx(0.99988, abs=1e-5)
    moved_J = tia * c["energy_moved_per_parent_decay_MeV"] * 1.602176634e-13
    assert c["energy_moved_per_parent_decay_MeV"] == pytest.approx(
        0.1 * c["daughter_decays_per_parent_decay"] * c["energy_per_daughter_decay_MeV"], rel=1e-12)
    assert -c["site_dose_change_Gy"] * 0.030 == pytest.approx(moved_J, rel=1e-12)
    assert c["destination_dose_change_Gy"] * 0.300 == pytest.approx(moved_J, rel=1e-12)
    lost = rptdose.redistribute_daughter("Ac-225", "Bi-213", 0.1, tia, 30.0)
    assert lost["destination_dose_change_Gy"] == 0.0
    with pytest.raises(ValueError):
        rptdose.redistribute_daughter("Ac-225", "Bi-212", 0.1, tia, 30.0)  # not in 225Ac's chain


def test_read_blood_samples_converts_kBq_per_mL_and_feeds_the_blood_method(tmp_path):
    # A spreadsheet export: BOM, a sample-id column, a comment and a blank line; kBq/mL is converted to Bq/mL.
    path = tmp_path / "blood.csv"
    path.write_text("\ufeffsample,time_h,kBq_per_mL\n# drawn from the arm opposite the injection\ns1,0.5,48.16\n\n"
                    "s2,4,30.5\ns3,24,5.25\n", encoding="utf-8")
    times_h, blood = rptdose.read_blood_samples(path)
    assert times_h.dtype == np.float64 and blood.dtype == np.float64
    np.testing.assert_allclose(times_h, [0.5, 4.0, 24.0], rtol=1e-15)
    np.testing.assert_allclose(blood, [48160.0, 30500.0, 5250.0], rtol=1e-15)
    assert rptdose.read_blood_samples(str(path))[1].tolist() == blood.tolist()
    out = rptdose.red_marrow_blood_method(times_h, blood, "Lu-177", 4e-15)
    assert out["blood_tia_Bq_s_per_mL"] > 0 and out["s_rm_rm_source"] == "s_rm_rm_Gy_per_Bq_s"

    unsorted = tmp_path / "unsorted.csv"
    unsorted.write_text("time_h,Bq_per_mL\n4,10\n1,20\n")
    with pytest.raises(rptdose.InvalidInput, match="line 3"):
        rptdose.read_blood_samples(unsorted)
    no_column = tmp_path / "no_column.csv"
    no_column.write_text("time_h,counts\n1,10\n2,5\n")
    with pytest.raises(rptdose.InvalidInput):
        rptdose.read_blood_samples(no_column)
    with pytest.raises(rptdose.IoError):
        rptdose.read_blood_samples(tmp_path / "missing.csv")


def test_red_marrow_blood_method_auto_uses_the_non_penetrating_self_s_value():
    # S = E_np / m_RM, E_np the alpha + recoil + electron energy per decay (177Lu: 0.14792 MeV, docs/radiobiology.md).
    lam = math.log(2) / (30.0 * 3600.0)
    times_h = [0.5, 2, 6, 24, 48, 96]
    blood = [2.0e4 * math.exp(-lam * t * 3600.0) for t in times_h]
    auto = rptdose.red_marrow_blood_method(times_h, blood, "Lu-177", "auto", red_marrow_mass_g=900.0)
    energy = rptdose.Nuclide("Lu-177").energy_per_decay_MeV(chain=True)
    e_np = energy["alpha"] + energy["alpha_recoil"] + energy["electron"]
    assert auto["non_penetrating_energy_per_decay_MeV"] == pytest.approx(e_np, rel=1e-12)
    assert auto["non_penetrating_energy_per_decay_MeV"] == pytest.approx(0.14792, abs=5e-6)
    s = e_np * 1.602176634e-13 / 0.900
    assert auto["s_rm_rm_Gy_per_Bq_s"] == pytest.approx(s, rel=1e-12)
    assert auto["s_rm_rm_source"].startswith("non-penetrating")
    given = rptdose.red_marrow_blood_method(times_h, blood, "Lu-177", s, red_marrow_mass_g=900.0)
    assert given["non_penetrating_energy_per_decay_MeV"] is None
    assert auto["self_dose_Gy"] == pytest.approx(given["self_dose_Gy"], rel=1e-12)
    with pytest.raises(rptdose.InvalidInput, match="auto"):
        rptdose.red_marrow_blood_method(times_h, blood, "Lu-177", "automatic")


AC225_SUMMARY = {
    "schema_version": "1.0",
    "nuclide": "Ac-225",
    "administered_activity_Bq": 7.4e6,
    "vois": [
        {"name": "liver", "mean_dose_Gy": 0.98, "mass_g": 1800.0, "tia_Bq_s": 2.0e11},
        {"name": "kidney_left_cortex", "mean_dose_Gy": 1.0, "mass_g": 120.0, "tia_Bq_s": 1.5e10},
        {"name": "spleen", "mean_dose_Gy": 1.4, "mass_g": 180.0, "tia_Bq_s": 0.0},
        {"name": "tumour_1_liver", "mean_dose_Gy": 8.0, "mass_g": 30.0, "tia_Bq_s": 5.0e10},
        {"name": "body", "mean_dose_Gy": 0.1},
    ],
}
MEV_J = 1.602176634e-13


def test_daughter_over_vois_conserves_energy_and_matches_the_single_site_model(tmp_path):
    out = rptdose.redistribute_daughter_over_vois(AC225_SUMMARY, "Bi-213", 0.1, "kidney_left_cortex")
    assert out["parent"] == "Ac-225" and out["daughter"] == "Bi-213" and out["destination"] == "kidney_left_cortex"
    rows = {r["name"]: r for r in out["vois"]}
    assert [r["name"] for r in out["vois"]] == [v["name"] for v in AC225_SUMMARY["vois"]]
    assert rows["liver"]["role"] == "source" and rows["tumour_1_liver"]["role"] == "source"
    assert rows["kidney_left_cortex"]["role"] == "destination"
    assert rows["spleen"]["role"] == "-" and rows["body"]["role"] == "-"  # no TIA; no TIA nor mass
    assert rows["body"]["mass_g"] is None and rows["body"]["dose_change_Gy"] == 0.0
    # Energy is moved, not made: Σ ΔD·m = 0 over the VOIs (10⁻¹², as the C++ test), and the moved energy is the
    # sources' Ã·f·N_d·E_d.
    moved = sum(-r["dose_change_Gy"] * r["mass_g"] * 1e-3 for r in out["vois"] if r["role"] == "source")
    balance = sum(r["dose_change_Gy"] * (r["mass_g"] or 0.0) * 1e-3 for r in out["vois"])
    assert moved == pytest.approx(out["energy_moved_J"], rel=1e-12)
    assert abs(balance) <= 1e-12 * out["energy_moved_J"]
    assert rows["kidney_left_cortex"]["energy_in_J"] == pytest.approx(out["energy_moved_J"], rel=1e-12)
    assert out["energy_lost_J"] == 0.0
    for name in ("liver", "tumour_1_liver"):
        voi = next(v for v in AC225_SUMMARY["vois"] if v["name"] == name)
        single = rptdose.redistribute_daughter("Ac-225", "Bi-213", 0.1, voi["tia_Bq_s"], voi["mass_g"])
        assert rows[name]["dose_change_Gy"] == pytest.approx(single["site_dose_change_Gy"], rel=1e-12)
        assert rows[name]["mean_dose_after_Gy"] == pytest.approx(voi["mean_dose_Gy"] + single["site_dose_change_Gy"],
                                                                 rel=1e-12)
        assert rows[name]["dose_change_percent"] == pytest.approx(
            100 * single["site_dose_change_Gy"] / voi["mean_dose_Gy"], rel=1e-12)
    assert out["energy_moved_per_parent_decay_MeV"] == pytest.approx(
        0.1 * out["daughter_decays_per_parent_decay"] * out["energy_per_daughter_decay_MeV"], rel=1e-12)
    assert out["energy_moved_J"] == pytest.approx(
        (2.0e11 + 5.0e10) * out["energy_moved_per_parent_decay_MeV"] * MEV_J, rel=1e-12)

    # "lost": the energy leaves the scored VOIs; chosen sources only; a summary.json path gives the same numbers.
    lost = rptdose.redistribute_daughter_over_vois(AC225_SUMMARY, rptdose.Nuclide("Bi-213"), 0.1, "lost",
                                                   sources=["Tumour-1-Liver"])
    assert lost["destination"] is None
    assert [r["role"] for r in lost["vois"]] == ["-", "-", "-", "source", "-"]
    assert sum(r["dose_change_Gy"] * (r["mass_g"] or 0.0) * 1e-3 for r in lost["vois"]) == pytest.approx(
        -lost["energy_lost_J"], rel=1e-12)
    assert lost["energy_lost_J"] == pytest.approx(lost["energy_moved_J"], rel=0)
    path = tmp_path / "summary.json"
    path.write_text(json.dumps(AC225_SUMMARY))
    assert rptdose.redistribute_daughter_over_vois(path, "Bi-213", 0.1, "kidney_left_cortex") == out
    with_photons = rptdose.redistribute_daughter_over_vois(str(path), "Bi-213", 0.1, "lost", include_photons=True)
    assert with_photons["include_photons"] and with_photons["energy_per_daughter_decay_MeV"] > \
        out["energy_per_daughter_decay_MeV"]


def test_daughter_over_vois_rejects_bad_input():
    with pytest.raises(rptdose.InvalidInput, match="1.5"):
        rptdose.redistribute_daughter_over_vois(AC225_SUMMARY, "Bi-213", 1.5, "kidney_left_cortex")
    with pytest.raises(rptdose.InvalidInput, match="kidney_left_cortex"):  # the message lists the VOIs
        rptdose.redistribute_daughter_over_vois(AC225_SUMMARY, "Bi-213", 0.1, "kidneys")
    with pytest.raises(rptdose.InvalidInput):
        rptdose.redistribute_daughter_over_vois(AC225_SUMMARY, "Bi-213", 0.1, "lost", sources=["gizzard"])
    with pytest.raises(rptdose.InvalidInput):  # 212Bi is not in 225Ac's chain
        rptdose.redistribute_daughter_over_vois(AC225_SUMMARY, "Bi-212", 0.1, "lost")
    with pytest.raises(rptdose.InvalidInput):  # the TIAs are of Ac-225
        rptdose.redistribute_daughter_over_vois(AC225_SUMMARY, "Bi-212", 0.1, "lost", parent="Pb-212")
    with pytest.raises(rptdose.InvalidInput, match="mass"):  # the destination needs a mass
        rptdose.redistribute_daughter_over_vois(AC225_SUMMARY, "Bi-213", 0.1, "body")
    with pytest.raises(rptdose.UnknownNuclide):
        rptdose.redistribute_daughter_over_vois(AC225_SUMMARY, "Bi-999", 0.1, "lost")
    no_nuclide = {k: v for k, v in AC225_SUMMARY.items() if k != "nuclide"}
    with pytest.raises(rptdose.InvalidInput, match="has no \"nuclide\""):  # a summary names its nuclide
        rptdose.redistribute_daughter_over_vois(no_nuclide, "Bi-213", 0.1, "lost", parent="Ac-225")
    assert rptdose.redistribute_daughter_over_vois(AC225_SUMMARY, "Bi-213", 0.1, "lost", parent="Ac-225")["parent"] == \
        "Ac-225"
