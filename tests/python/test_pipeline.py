"""rptdose.run_study / validate_study / demo (the C++ pipeline) and rptdose.batch (cohorts on Dask)."""

import json
import os

import pytest

import rptdose

pytestmark = pytest.mark.skipif(not hasattr(rptdose, "run_study"), reason="built without the pipeline (ITK)")


@pytest.fixture(scope="module")
def demo_study(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo") / "study"
    return os.fspath(rptdose.write_demo_study(folder))


def test_run_study_returns_the_summary_and_matches_the_files(demo_study, tmp_path):
    summary = rptdose.run_study(demo_study, tmp_path / "out", plots=False)
    assert summary["nuclide"] == "Lu-177"
    with open(tmp_path / "out" / "summary.json") as f:
        assert json.load(f) == summary
    names = [v["name"] for v in summary["vois"]]
    assert names[0] == "liver" and len(names) == 11
    # Same numbers as the C++ run of the same study (the CLI writes the same summary.json).
    liver = summary["vois"][0]
    assert liver["tia_Bq_s"] == pytest.approx(liver["tia_MBq_h"] * 3.6e9, rel=1e-12)
    assert liver["residence_time_h"] == pytest.approx(liver["tia_Bq_s"] / summary["administered_activity_Bq"] / 3600)


def test_a_dict_study_with_relative_paths_uses_base_dir(demo_study, tmp_path):
    with open(demo_study) as f:
        study = json.load(f)
    study["methods"]["dose"] = "led"
    summary = rptdose.run_study(study, tmp_path / "led", plots=False, base_dir=os.path.dirname(demo_study))
    assert summary["methods"]["dose"] == "led"
    with pytest.raises(rptdose.IoError, match="spect_004h"):
        rptdose.run_study(study, tmp_path / "nowhere", plots=False, base_dir=tmp_path)
    assert not (tmp_path / "nowhere").exists()


def test_bad_studies_raise_value_errors_with_the_reason(demo_study, tmp_path):
    with open(demo_study) as f:
        study = json.load(f)
    study["methods"]["integraton"] = "auto"
    with pytest.raises(ValueError, match="unknown key 'integraton'"):
        rptdose.validate_study(study, base_dir=os.path.dirname(demo_study))
    with pytest.raises(TypeError):
        rptdose.run_study(42, tmp_path / "x")
    assert rptdose.validate_study(demo_study) == []


def test_demo_recovers_the_liver_tia(tmp_path):
    summary = rptdose.demo(tmp_path, plots=False)
    truth = {t["name"]: t for t in summary["truth"]["tissues"]}
    liver = summary["vois"][0]
    assert liver["tia_Bq_s"] / truth["liver"]["blurred_tia_in_label_Bq_s"] == pytest.approx(1.0, abs=0.03)


def test_cohort_on_two_workers_isolates_a_broken_study(tmp_path):
    pytest.importorskip("distributed")
    import rptdose.batch

    studies = [os.fspath(rptdose.write_demo_study(tmp_path / "studies" / n)) for n in ("a", "b", "c")]
    with open(studies[1]) as f:
        broken = json.load(f)
    broken["time_points"][1]["image"] = "missing_scan.nii.gz"
    with open(studies[1], "w") as f:
        json.dump(broken, f)
    rows = rptdose.batch.run_cohort(studies, tmp_path / "results", n_workers=2)
    assert [r["name"] for r in rows] == ["a", "b", "c"]
    assert [r["status"] for r in rows] == ["ok", "error", "ok"]
    assert "IoError" in rows[1]["error"] and "missing_scan.nii.gz" in rows[1]["error"]
    assert not (tmp_path / "results" / "b").exists()
    # The two good patients are the same phantom: the same doses.
    assert rows[0]["liver_mean_dose_Gy"] == pytest.approx(rows[2]["liver_mean_dose_Gy"], rel=1e-6)
    table = tmp_path / "results" / "cohort.csv"
    rptdose.batch.write_table(rows, table)
    text = table.read_text().splitlines()
    assert text[0].startswith("name,status,error,output,seconds,study") and len(text) == 4
    with pytest.raises(ValueError, match="unique"):
        rptdose.batch.run_cohort([studies[0], studies[0]], tmp_path / "dup")


def test_plots_are_drawn_in_this_interpreter(demo_study, tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    import subprocess

    import rptdose.plots

    calls = []
    original = rptdose.plots.plot_study

    def recording(folder):
        calls.append((os.getpid(), folder))
        return original(folder)

    def no_process(*args, **kwargs):
        raise AssertionError("run_study started a process: %r" % (args,))

    monkeypatch.setattr(rptdose.plots, "plot_study", recording)
    monkeypatch.setattr(subprocess, "Popen", no_process)
    # A C++ library that spawned the plot script would find no interpreter here.
    monkeypatch.setenv("RPTDOSE_PYTHON", os.fspath(tmp_path / "no-such-python"))
    summary = rptdose.run_study(demo_study, tmp_path / "out")
    assert [pid for pid, _ in calls] == [os.getpid()]
    assert sorted(summary["plots"]) == ["plots/dvh.png", "plots/overlay.png", "plots/tac.png"]
    assert not any("plots not made" in w for w in summary["warnings"])
    assert (tmp_path / "out" / "plots" / "tac.png").stat().st_size > 1000


def test_a_failing_figure_maker_costs_the_plots_not_the_run(demo_study, tmp_path, monkeypatch):
    import rptdose.plots

    def broken(folder):
        raise ImportError("no matplotlib here")

    monkeypatch.setattr(rptdose.plots, "plot_study", broken)
    summary = rptdose.run_study(demo_study, tmp_path / "out")
    assert summary["plots"] == []
    assert any(w.startswith("plots not made:") and "no matplotlib here" in w for w in summary["warnings"])
    assert (tmp_path / "out" / "dose_Gy.nii.gz").exists()
