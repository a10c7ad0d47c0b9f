"""Whole studies from Python: ``run_study``, ``validate_study`` and ``demo`` (the C++ pipeline, docs/study-file.md).

A study is a path to a study file or a dict with the same keys (relative image paths in a dict are relative to
``base_dir``, by default the current folder). Results are written to ``out_dir`` completely or not at all, and the
run's ``summary.json`` is returned as a dict (keys in docs/study-file.md).
"""

import json
import os

from . import _rptdose

__all__ = ["run_study", "validate_study", "demo"]


def _study_argument(study, base_dir):
    if isinstance(study, dict):
        return json.dumps(study), False, os.path.abspath(base_dir or os.getcwd())
    if isinstance(study, (str, os.PathLike)):
        return os.fspath(study), True, ""
    raise TypeError("study must be a path to a study file or a dict of its keys, got %s" % type(study).__name__)


def _draw_figures(folder):
    """The run's figures, drawn in this interpreter (no second process); files relative to ``folder``."""
    from . import plots

    return [os.path.relpath(path, folder) for path in plots.plot_study(folder)]


def _summary(out_dir):
    with open(os.path.join(out_dir, "summary.json")) as f:
        return json.load(f)


def run_study(study, out_dir, *, threads=None, force=False, plots=True, base_dir=None):
    """Runs ``study`` (path or dict) into ``out_dir`` and returns its summary (dict, the content of summary.json).

    threads: worker threads (None: all cores). force: replace a non-empty ``out_dir``. plots: draw the PNG plots
    (when the study asks for them; they need matplotlib, and are drawn in this interpreter). Raises rptdose.InvalidInput (ValueError) for a bad study or
    inputs that do not fit together, rptdose.IoError (OSError) for unreadable files. The GIL is released while it runs.
    """
    text, is_path, base = _study_argument(study, base_dir)
    figures = _draw_figures if plots else None
    folder = _rptdose._run_study(text, is_path, base, os.fspath(out_dir), threads, force, figures)
    return _summary(folder)


def validate_study(study, *, base_dir=None):
    """Reads ``study`` (path or dict) and every image it names and checks that they fit together, without computing.

    Returns the warnings (list of str); raises as run_study.
    """
    text, is_path, base = _study_argument(study, base_dir)
    return list(_rptdose._validate_study(text, is_path, base))


def demo(out_dir, *, nuclide="Lu-177", threads=None, force=False, plots=True):
    """Writes the bundled synthetic example study to ``out_dir/study`` and runs it into ``out_dir/results``.

    Returns the summary (dict) with two more keys: ``study_file`` and ``truth`` (the phantom's true TIA per tissue,
    from ``out_dir/study/truth.json``).
    """
    out_dir = os.fspath(out_dir)
    study_folder = os.path.join(out_dir, "study")
    if force and os.path.isdir(study_folder):
        import shutil

        shutil.rmtree(study_folder)
    study_file = os.fspath(_rptdose.write_demo_study(study_folder, nuclide))
    summary = run_study(study_file, os.path.join(out_dir, "results"), threads=threads, force=force, plots=plots)
    summary["study_file"] = study_file
    with open(os.path.join(study_folder, "truth.json")) as f:
        summary["truth"] = json.load(f)
    return summary
