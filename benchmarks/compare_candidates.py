"""How well `rptdose compare` predicts another nuclide from a 177Lu run (docs/compare.md, "Error").

The example phantom has the same biological kinetics for every nuclide (docs/example-study.md), so a run of the
phantom made with nuclide X is the reference for what compare predicts for X from the 177Lu run: same
biodistribution, X's own scans (times of its half-life), fits, kernel convolution and cross-fire.

    build/bin/rptdose demo --out D/lu
    for X in Tb-161 Pb-212 Ac-225; do build/bin/rptdose demo --out D/$X --nuclide $X; done
    /usr/bin/python3 benchmarks/compare_candidates.py build/bin/rptdose D

Prints, per candidate and VOI, predicted / direct for the residence time and for the dose per GBq (total and per
component), and the RMS and largest deviations.
"""

import json
import math
import subprocess
import sys


def main(program, folder):
    measured = folder + "/lu/results/summary.json"
    candidates = ["Tb-161", "Pb-212", "Ac-225"]
    out = subprocess.run([program, "compare", "--summary", measured, "--nuclides", ",".join(candidates),
                          "--limit", "kidney:bed:40", "--limit", "red_marrow:dose:2", "--json"],
                         check=True, capture_output=True, text=True).stdout
    comparison = json.loads(out)
    print("| candidate | VOI | residence time | dose/GBq | alpha | electron | photon |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for c in comparison["candidates"]:
        with open("%s/%s/results/summary.json" % (folder, c["nuclide"])) as f:
            direct = json.load(f)
        activity = direct["administered_activity_Bq"] / 1e9
        by_name = {v["name"]: v for v in direct["vois"]}
        deviations = []
        for v in c["vois"]:
            d = by_name[v["name"]]
            ratios = [v["residence_time_h"] / d["residence_time_h"],
                      v["dose_per_activity_Gy_per_GBq"] / (d["mean_dose_Gy"] / activity)]
            for key, component in (("alpha", "mean_alpha_dose_Gy"), ("electron", "mean_electron_dose_Gy"),
                                   ("photon", "mean_photon_dose_Gy")):
                reference = d[component] / activity
                ratios.append(v["components_Gy_per_GBq"][key] / reference if reference > 0 else float("nan"))
            deviations.append(ratios[1] - 1)
            print("| %s | %s | %s |" % (c["nuclide"], v["name"],
                                        " | ".join("-" if math.isnan(r) else "%.3f" % r for r in ratios)))
        rms = math.sqrt(sum(x * x for x in deviations) / len(deviations))
        print("| %s | **RMS / max of dose** | | **%.1f %% / %.1f %%** | | | |"
              % (c["nuclide"], 100 * rms, 100 * max(abs(x) for x in deviations)))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: compare_candidates.py RPTDOSE FOLDER")
    main(sys.argv[1], sys.argv[2])
