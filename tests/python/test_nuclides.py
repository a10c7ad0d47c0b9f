"""rptdose.Nuclide against the decay data files (data/decay/nuclides.csv, ICRP 107) and the C++ CLI's numbers."""

import csv
import json
import math
import os
import subprocess

import numpy as np
import pytest

import rptdose

DAY_S = 86400.0


def decay_index():
    """nuclides.csv as {name: (half_life_s, decay modes text)}, read independently of the library."""
    path = os.path.join(rptdose.data_directory(), "decay", "nuclides.csv")
    with open(path) as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        return {r["name"]: (float(r["half_life_s"]), r["decay_modes"]) for r in rows}


@pytest.mark.parametrize("spelling", ["Lu-177", "177Lu", "lu177", "Lu177", "LU 177"])
def test_spellings_resolve_to_one_nuclide(spelling):
    n = rptdose.Nuclide(spelling)
    assert n.name == "Lu-177"
    assert n == rptdose.Nuclide("Lu-177") and hash(n) == hash(rptdose.Nuclide("lu177"))
    assert "Lu-177" in repr(n)


@pytest.mark.parametrize("name", ["Lu-177", "Ac-225", "Pb-212", "Bi-213", "Tc-99m", "Y-90", "I-131", "Ra-223"])
def test_half_life_and_decay_constant_match_the_data_file(name):
    half_life_s, _ = decay_index()[name]
    n = rptdose.Nuclide(name)
    assert n.half_life_s == half_life_s  # read from the same file: exact
    assert n.half_life_h == pytest.approx(half_life_s / 3600, rel=1e-15)
    assert n.decay_constant_per_s == pytest.approx(math.log(2) / half_life_s, rel=1e-15)


def test_lu177_half_life_is_icrp107():
    assert rptdose.Nuclide("Lu-177").half_life_h / 24 == pytest.approx(6.647, abs=5e-4)  # ICRP 107: 6.647 d


def test_decay_modes_match_the_data_file():
    _, modes = decay_index()["Ac-224"]  # "EC:0.909:Ra-224;alpha:0.091:Fr-220"
    expected = [dict(zip(("mode", "fraction", "progeny"), m.split(":"))) for m in modes.split(";")]
    got = rptdose.Nuclide("Ac-224").decay_modes
    assert [(m["mode"], m["progeny"]) for m in got] == [(e["mode"], e["progeny"]) for e in expected]
    assert [m["fraction"] for m in got] == [float(e["fraction"]) for e in expected]


def test_pb212_chain_branching():
    chain = rptdose.Nuclide("Pb-212").chain()
    assert [m["name"] for m in chain] == ["Pb-212", "Bi-212", "Po-212", "Tl-208"]
    per_parent = {m["name"]: m["decays_per_parent_decay"] for m in chain}
    assert per_parent["Pb-212"] == 1.0 and per_parent["Bi-212"] == 1.0
    assert per_parent["Po-212"] == pytest.approx(0.6406) and per_parent["Tl-208"] == pytest.approx(0.3594)


def test_chain_energy_is_the_decay_weighted_sum_of_members():
    nuclide = rptdose.Nuclide("Ac-225")
    chain = nuclide.chain()
    total = nuclide.energy_per_decay_MeV(chain=True)
    for key in ("alpha", "alpha_recoil", "electron", "photon", "total"):
        summed = sum(m["decays_per_parent_decay"] * m["energy_per_decay_MeV"][key] for m in chain)
        assert total[key] == pytest.approx(summed, rel=1e-12)
    assert total["alpha"] == pytest.approx(27.48, abs=0.01)  # README: 27.48 MeV of alphas per 225Ac decay
    alone = nuclide.energy_per_decay_MeV()
    assert alone == chain[0]["energy_per_decay_MeV"]
    parts = alone["alpha"] + alone["alpha_recoil"] + alone["electron"] + alone["photon"]
    assert alone["total"] == pytest.approx(parts)


def test_energy_per_decay_matches_the_emission_lines():
    lu = rptdose.Nuclide("Lu-177")
    photon = sum((lu.lines(r)[:, 0] * lu.lines(r)[:, 1]).sum() for r in ("gamma", "X", "annihilation"))
    electron = sum((lu.lines(r)[:, 0] * lu.lines(r)[:, 1]).sum() for r in ("beta-", "beta+", "IE", "auger", "betaD"))
    energy = lu.energy_per_decay_MeV()
    assert energy["photon"] == pytest.approx(photon, rel=1e-12)
    assert energy["electron"] == pytest.approx(electron, rel=1e-12)
    gammas = lu.lines("gamma")
    strongest = gammas[np.argmax(gammas[:, 1])]
    assert strongest[0] == pytest.approx(0.208366, abs=1e-5) and strongest[1] == pytest.approx(0.110, abs=0.002)  # ICRP 107
    spectrum = lu.beta_spectrum()
    assert spectrum.shape[1] == 2 and np.trapz(spectrum[:, 1], spectrum[:, 0]) == pytest.approx(1.0, abs=0.01)


def test_chain_options_cut_and_leaving_fraction():
    at211 = rptdose.Nuclide("At-211")
    assert "Bi-207" in [c["name"] for c in at211.cut_daughters()]  # 31.6 y > 30 d
    assert "Bi-207" in [m["name"] for m in at211.chain(max_daughter_half_life_s=100 * 365 * DAY_S)]
    ac = rptdose.Nuclide("Ac-225")
    kept = {m["name"]: m["decays_per_parent_decay"] for m in ac.chain(leaving_fraction={"Bi-213": 0.25})}
    full = {m["name"]: m["decays_per_parent_decay"] for m in ac.chain()}
    assert kept["Bi-213"] == pytest.approx(0.75 * full["Bi-213"])
    assert kept["Po-213"] == pytest.approx(0.75 * full["Po-213"])  # its daughters inherit the loss
    assert ac.energy_per_decay_MeV(chain=True, leaving_fraction={"213Bi": 0.25})["alpha"] < 27.48


def test_same_numbers_as_the_cli(cli):
    out = subprocess.run([str(cli), "nuclide", "Pb-212", "--json"], check=True, capture_output=True, text=True)
    reference = json.loads(out.stdout)
    nuclide = rptdose.Nuclide("Pb-212")
    assert nuclide.half_life_s == reference["half_life_s"]
    for member, ours in zip(reference["members"], nuclide.chain(), strict=True):
        assert ours["name"] == member["name"]
        assert ours["decays_per_parent_decay"] == pytest.approx(member["decays_per_parent"], rel=1e-12)
        for key in ("alpha", "alpha_recoil", "electron", "photon"):
            assert ours["energy_per_decay_MeV"][key] == pytest.approx(member[f"{key}_MeV"], rel=1e-12)
    chain = nuclide.energy_per_decay_MeV(chain=True)
    for key in ("alpha", "alpha_recoil", "electron", "photon"):
        assert chain[key] == pytest.approx(reference["total"][f"{key}_MeV"], rel=1e-12)


def test_names_and_errors():
    names = rptdose.nuclide_names()
    assert len(names) == 1252 and "Lu-177" in names and len(set(names)) == len(names)
    with pytest.raises(rptdose.UnknownNuclide, match="Xx-1") as error:
        rptdose.Nuclide("Xx-1")
    assert isinstance(error.value, ValueError) and isinstance(error.value, rptdose.Error)
    with pytest.raises(ValueError, match="did you mean Lu-178"):
        rptdose.Nuclide("Lu-178x")
    with pytest.raises(ValueError, match="unknown radiation type 'gammas'"):
        rptdose.Nuclide("Lu-177").lines("gammas")
    with pytest.raises(ValueError, match="between 0 and 1"):
        rptdose.Nuclide("Ac-225").chain(leaving_fraction={"Bi-213": 1.5})
    with pytest.raises(ValueError, match="max_daughter_half_life_s"):
        rptdose.Nuclide("Ac-225").chain(max_daughter_half_life_s=0)
