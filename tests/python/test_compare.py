"""rptdose.compare_therapies (issue 23, docs/compare.md): the same numbers as `rptdose compare --json`, the measured
nuclide reproduces rptdose.plan, every candidate sits on its limit, bad input raises ValueError, and the plot."""

import json
import subprocess
from pathlib import Path

import pytest

import rptdose

SUMMARY = str(Path(__file__).resolve().parent.parent / "data" / "compare" / "demo_lu177_summary.json")
LIMITS = ["kidney:bed:40", "red_marrow:dose:2"]
CANDIDATES = ["Lu-177", "Tb-161", "Pb-212", "Ac-225"]


def test_measured_nuclide_reproduces_the_plan():
    comparison = rptdose.compare_therapies(SUMMARY, ["Lu-177"], LIMITS)
    plan = rptdose.plan(SUMMARY, LIMITS)
    lu = comparison["candidates"][0]
    assert lu["activity_GBq"] == pytest.approx(plan["activity_GBq"], rel=1e-12)
    assert lu["limiting"]["voi"] == plan["limiting"]["voi"]
    run = json.loads(Path(SUMMARY).read_text())
    for predicted, measured in zip(lu["vois"], run["vois"]):
        assert predicted["name"] == measured["name"]
        assert predicted["dose_per_activity_Gy_per_GBq"] == pytest.approx(
            measured["mean_dose_Gy"] / run["administered_activity_Bq"] * 1e9, rel=1e-14)
        assert predicted["residence_time_h"] == pytest.approx(measured["residence_time_h"], rel=1e-12)


def test_every_candidate_is_on_its_limit_and_ranked():
    comparison = rptdose.compare_therapies(SUMMARY, CANDIDATES, LIMITS, cycles=2, rbe_alpha="3:7")
    ranks = sorted(c["rank"] for c in comparison["candidates"])
    assert ranks == [1, 2, 3, 4]
    for c in comparison["candidates"]:
        limiting = next(v for v in c["vois"] if v["name"] == c["limiting"]["voi"])
        value = limiting["bed_Gy"] if c["limiting"]["kind"] == "bed" else limiting["dose_Gy"]
        assert value == pytest.approx(c["limiting"]["limit_Gy"], rel=1e-9)
        low, high = c["sensitivity"]["activity_GBq"]
        assert low <= c["activity_GBq"] * (1 + 1e-12) and c["activity_GBq"] <= high * (1 + 1e-12)
        best, worst = c["sensitivity"]["rank"]
        assert 1 <= best <= c["rank"] <= worst <= 4
    assert comparison["assumptions"]


def test_same_numbers_as_the_cli(cli):
    out = subprocess.run([str(cli), "compare", "--summary", SUMMARY, "--nuclides", ",".join(CANDIDATES), "--limit",
                          LIMITS[0], "--limit", LIMITS[1], "--daughters", "Bi-213:0.1:kidney_left_cortex", "--json"],
                         check=True, capture_output=True, text=True).stdout
    from_cli = json.loads(out)
    from_python = rptdose.compare_therapies(SUMMARY, CANDIDATES, LIMITS, daughters=["Bi-213:0.1:kidney_left_cortex"])
    assert from_python == from_cli


@pytest.mark.parametrize("kwargs", [
    {"nuclides": []},
    {"nuclides": ["Lu-177", "lu177"]},
    {"rbe_alpha": "7:3"},
    {"daughters": ["Bi-213:0.1:lost"], "nuclides": ["Lu-177"]},
    {"daughters": ["Bi-213:2:lost"]},
])
def test_bad_input_raises_value_error(kwargs):
    args = {"nuclides": ["Ac-225"], **kwargs}
    nuclides = args.pop("nuclides")
    with pytest.raises(ValueError):
        rptdose.compare_therapies(SUMMARY, nuclides, LIMITS, **args)


def test_plot_comparison(tmp_path):
    pytest.importorskip("matplotlib")
    from rptdose.plots import plot_comparison

    comparison = rptdose.compare_therapies(SUMMARY, CANDIDATES, LIMITS, rbe_alpha="3:7")
    path = tmp_path / "compare.png"
    assert plot_comparison(comparison, str(path)) == str(path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [p.name for p in tmp_path.iterdir()] == ["compare.png"]  # no partial file left
