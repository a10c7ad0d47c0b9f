"""rptdose.accumulate_cycles (pipeline/cycles.hpp, as `rptdose cycles`) over two demo runs: a 177Lu and a 225Ac cycle
of the same synthetic patient, as tests/cli/cycles_contract.cmake does (docs/radiobiology.md, "Cycles")."""

import json
import os
from pathlib import Path

import pytest

import rptdose

pytestmark = pytest.mark.skipif(not hasattr(rptdose, "accumulate_cycles"), reason="built without the pipeline (ITK)")


@pytest.fixture(scope="module")
def two_cycles(tmp_path_factory):
    """Two runs of the demo (about 2 and 3 s), shared by the tests: (results folders, summaries)."""
    folder = tmp_path_factory.mktemp("cycles")
    summaries = [rptdose.demo(folder / "c1", plots=False), rptdose.demo(folder / "c2", nuclide="Ac-225", plots=False)]
    return [folder / "c1" / "results", folder / "c2" / "results"], summaries


def summary_voi(summary, name):
    return next(v for v in summary["vois"] if v["name"] == name)


def test_totals_are_the_sums_of_the_runs_summaries(two_cycles, tmp_path):
    runs, summaries = two_cycles
    out = tmp_path / "cumulative"
    result = rptdose.accumulate_cycles(runs, ["C1 2026-01-05", "C2 2026-03-02"], out=out)

    assert [c["label"] for c in result["cycles"]] == ["C1 2026-01-05", "C2 2026-03-02"]
    assert [c["nuclide"] for c in result["cycles"]] == ["Lu-177", "Ac-225"]
    assert result["cycles"][0]["administered_activity_Bq"] == summaries[0]["administered_activity_Bq"]
    names = {v["name"] for s in summaries for v in s["vois"]}
    assert {v["name"] for v in result["vois"]} == names
    with_bed = 0
    for voi in result["vois"]:
        parts = [summary_voi(s, voi["name"]) for s in summaries]
        # Full repair between cycles: doses and BEDs add (the runs' own BEDs; 4e-9 as the C++ and CLI tests).
        assert voi["total_dose_Gy"] == pytest.approx(sum(p["mean_dose_Gy"] for p in parts), rel=4e-9, abs=1e-300)
        assert len(voi["cycles"]) == 2
        assert voi["cycles"][0]["cumulative_dose_Gy"] == pytest.approx(parts[0]["mean_dose_Gy"], rel=1e-12)
        rb = [p["radiobiology"] for p in parts]
        if all(rb):
            with_bed += 1
            total = sum(r["bed_Gy"] for r in rb)
            assert voi["total_bed_Gy"] == pytest.approx(total, rel=4e-9)
            assert voi["alpha_beta_Gy"] == rb[0]["alpha_beta_Gy"]
            assert voi["total_eqd2_Gy"] == pytest.approx(total / (1.0 + 2.0 / voi["alpha_beta_Gy"]), rel=1e-12)
        elif not any(rb):
            assert voi["total_bed_Gy"] is None and voi["total_eqd2_Gy"] is None
    assert with_bed > 0  # the demo's kidneys, liver and tumours match tissues

    # The files, written completely, and the dict is cumulative.json (plus where it was written).
    assert result["output_folder"] == os.fspath(out.resolve())
    assert set(result["files"]) == {"cumulative_dose_Gy.nii.gz", "cumulative_bed_Gy.nii.gz", "cumulative_dvh.csv",
                                    "cumulative.csv", "cumulative.json"}
    assert all((out / f).is_file() for f in result["files"])
    written = json.loads((out / "cumulative.json").read_text())
    assert written == {k: v for k, v in result.items() if k != "output_folder"}
    assert result["assumptions"].startswith("full repair between cycles")


def test_table_only_without_an_output_folder_and_default_labels(two_cycles):
    runs, summaries = two_cycles
    result = rptdose.accumulate_cycles([os.fspath(runs[0]), Path(runs[0]) / "summary.json"], maps=False)
    assert [c["label"] for c in result["cycles"]] == ["cycle 1", "cycle 2"]
    assert result["files"] == [] and result["output_folder"] is None
    assert any("same run" in w for w in result["warnings"])  # the same summary twice is said
    liver = next(v for v in result["vois"] if v["name"] == "liver")
    assert liver["total_dose_Gy"] == pytest.approx(2 * summary_voi(summaries[0], "liver")["mean_dose_Gy"], rel=1e-12)


def test_errors_are_invalid_input_or_io_error(two_cycles, tmp_path):
    runs, _ = two_cycles
    with pytest.raises(rptdose.InvalidInput, match="label"):
        rptdose.accumulate_cycles(runs, ["only one"])
    with pytest.raises(rptdose.InvalidInput, match="no cycles"):
        rptdose.accumulate_cycles([])
    with pytest.raises(rptdose.IoError):
        rptdose.accumulate_cycles([runs[0], tmp_path / "missing"])
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "keep.txt").write_text("x")
    with pytest.raises(rptdose.InvalidInput, match="force"):
        rptdose.accumulate_cycles(runs, out=occupied, maps=False)
    assert (occupied / "keep.txt").is_file()
    result = rptdose.accumulate_cycles(runs, out=occupied, maps=False, force=True)
    assert sorted(result["files"]) == ["cumulative.csv", "cumulative.json"]
    assert not (occupied / "keep.txt").exists()
    with pytest.raises(TypeError):
        rptdose.accumulate_cycles(os.fspath(runs[0]))  # a list of folders, not one string
