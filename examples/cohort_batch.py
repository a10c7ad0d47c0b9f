"""Runs a small cohort on Dask: three synthetic patients (the bundled example study written three times, one of
them broken on purpose), two worker processes, one results table.

    PYTHONPATH=build/python /usr/bin/python3 examples/cohort_batch.py /tmp/cohort

A real cohort passes its own study files (paths or dicts) to rptdose.batch.run_cohort, and a scheduler address to
use an existing Dask cluster instead of a local one.
"""

import json
import os
import sys

import rptdose
import rptdose.batch


def main(folder):
    studies = []
    for name in ("patient_a", "patient_b", "patient_c"):
        studies.append(os.fspath(rptdose.write_demo_study(os.path.join(folder, "studies", name))))
    # patient_c's 24 h scan is missing: its row reports the error, the others finish.
    with open(studies[2]) as f:
        broken = json.load(f)
    broken["time_points"][1]["image"] = "missing_scan.nii.gz"
    with open(studies[2], "w") as f:
        json.dump(broken, f)

    rows = rptdose.batch.run_cohort(studies, os.path.join(folder, "results"), n_workers=2)
    table = os.path.join(folder, "results", "cohort.csv")
    rptdose.batch.write_table(rows, table)
    for row in rows:
        print("%-10s %-5s %6.1f s  kidney cortex %s Gy  %s" % (
            row["name"], row["status"], row["seconds"],
            "%.2f" % row["kidney_left_cortex_mean_dose_Gy"] if row["status"] == "ok" else "-", row["error"]))
    print("table:", table)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "cohort-example")
