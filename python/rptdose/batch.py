"""Cohorts: many studies run in parallel on Dask, each failure isolated, one results table.

    import rptdose.batch
    rows = rptdose.batch.run_cohort(["p1/study.json", "p2/study.json"], "cohort-results", n_workers=2)
    rptdose.batch.write_table(rows, "cohort-results/cohort.csv")

With no ``scheduler`` a ``distributed.LocalCluster`` of ``n_workers`` worker processes is started (and closed) for
the call; pass a scheduler address ("tcp://host:8786") or a ``distributed.Client`` to use an existing cluster. The
workers must be able to import rptdose (same PYTHONPATH or installed package) and read the studies' files.

Each study runs with ``threads_per_study`` threads (1 by default: the parallelism is across studies). A study that
fails (bad file, unreadable image, anything) gives a row with ``status`` "error" and the error's message; the
others finish. Rows are dicts, in the order of the input, with keys: study, name, status, error, output,
seconds, and for each VOI ``<voi>_mean_dose_Gy`` and ``<voi>_tia_MBq_h``.
"""

import csv
import os
import time

__all__ = ["run_cohort", "run_one", "write_table"]


def _name(study, index):
    if isinstance(study, dict):
        return str(study.get("id", "study_%d" % index))
    path = os.path.abspath(os.fspath(study))
    return os.path.basename(os.path.dirname(path)) or os.path.splitext(os.path.basename(path))[0]


def run_one(study, out_dir, name, threads=1, force=False, plots=False):
    """Runs one study and returns its row; never raises for a failed study (the row says why)."""
    row = {"study": study if not isinstance(study, dict) else "(dict)", "name": name, "status": "ok", "error": "",
           "output": os.fspath(out_dir), "seconds": 0.0}
    begin = time.perf_counter()
    try:
        from .pipeline import run_study

        if isinstance(study, dict):
            study = {k: v for k, v in study.items() if k != "id"}
        summary = run_study(study, out_dir, threads=threads, force=force, plots=plots)
        for voi in summary["vois"]:
            row[voi["name"] + "_mean_dose_Gy"] = voi["mean_dose_Gy"]
            row[voi["name"] + "_tia_MBq_h"] = voi["tia_MBq_h"]
    except Exception as error:  # noqa: BLE001 - isolation is the point: every failure becomes a row
        row["status"] = "error"
        row["error"] = "%s: %s" % (type(error).__name__, error)
        row["output"] = ""
    row["seconds"] = time.perf_counter() - begin
    return row


def run_cohort(studies, out_root, *, scheduler=None, n_workers=2, threads_per_study=1, force=False, plots=False,
               names=None):
    """Runs every study (paths or dicts) into ``out_root/<name>`` on Dask; returns the rows (see the module doc).

    names: one output folder name per study (default: the study file's folder name, or the dict's "id"); they must
    be unique.
    """
    from distributed import Client, LocalCluster

    studies = list(studies)
    names = list(names) if names is not None else [_name(s, i) for i, s in enumerate(studies)]
    if len(names) != len(studies):
        raise ValueError("names has %d entries for %d studies" % (len(names), len(studies)))
    if len(set(names)) != len(names):
        raise ValueError("study names must be unique (they name the output folders): %s" % names)
    os.makedirs(out_root, exist_ok=True)

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    elif isinstance(scheduler, Client):
        client = scheduler
    else:
        client = Client(scheduler)
    try:
        futures = [client.submit(run_one, study, os.path.join(os.path.abspath(out_root), name), name,
                                 threads_per_study, force, plots, pure=False)
                   for study, name in zip(studies, names)]
        return client.gather(futures)
    finally:
        if cluster is not None:
            client.close()
            cluster.close()


def write_table(rows, path):
    """Writes the rows as CSV (columns: the fixed keys, then every VOI column met, sorted)."""
    fixed = ["name", "status", "error", "output", "seconds", "study"]
    extra = sorted({k for row in rows for k in row} - set(fixed))
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fixed + extra)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in fixed + extra})
