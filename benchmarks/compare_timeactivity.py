#!/usr/bin/python3
"""Per-voxel time-activity fits in one run: rptdose.fit_tia against scipy.optimize.curve_fit.

The phantom (as in benchmarks/timeactivity_benchmark.cpp): a 256³ grid whose central sphere (45 % of the voxels)
holds 177Lu curves at 4, 24, 96 and 168 h, each voxel with its own biological half-life (20-200 h) and, in a third
of them, an uptake phase; Gaussian-approximated Poisson noise of ~500 counts at the peak. rptdose fits every masked
voxel (mono-exponential, and automatic model selection) on 1 and 2 threads; scipy.optimize.curve_fit fits a random
sample of the same voxels with the same objective (Poisson-like weights, biological rate >= 0), and the per-voxel
times are compared. A JSON record is written.

Usage (after the README build):
    /usr/bin/python3 benchmarks/compare_timeactivity.py [--build build] [--n 256] [--sample 2000] [--json out.json]
"""

import argparse
import json
import math
import os
import platform
import sys
import time
import warnings

import numpy as np

TIMES_H = np.array([4.0, 24.0, 96.0, 168.0])
LAMBDA_PHYS = math.log(2) / (6.647 * 24)  # 177Lu, 1/h (ICRP 107)


def phantom(n, seed=1):
    rng = np.random.default_rng(seed)
    c = (n - 1) / 2
    z, y, x = np.ogrid[:n, :n, :n]
    radius = n * (0.45 * 3 / (4 * math.pi)) ** (1 / 3)
    mask = ((x - c) ** 2 + (y - c) ** 2 + (z - c) ** 2 <= radius**2).astype(np.uint8)
    count = int(mask.sum())
    mu = math.log(2) / rng.uniform(20, 200, count)
    uptake = rng.random(count) < 1 / 3
    kappa = math.log(2) / rng.uniform(2, 10, count)
    images = np.zeros((len(TIMES_H), n, n, n), np.float32)
    inside = mask.astype(bool)
    for i, t in enumerate(TIMES_H):
        a = np.exp(-(LAMBDA_PHYS + mu) * t)
        a = np.where(uptake, a * (1 - np.exp(-kappa * t)), a)
        counts = 500 * a
        images[i][inside] = np.maximum(0, counts + np.sqrt(counts) * rng.standard_normal(count))
    return images, mask


def time_rptdose(rptdose, images, mask, model, threads):
    start = time.perf_counter()
    result = rptdose.fit_tia(images, TIMES_H, nuclide="Lu-177", decay_corrected=False, mask=mask, model=model,
                             threads=threads)
    return time.perf_counter() - start, result


def time_scipy(images, mask, sample, seed=2):
    import scipy.optimize

    rng = np.random.default_rng(seed)
    voxels = np.flatnonzero(mask)
    chosen = rng.choice(voxels, size=min(sample, voxels.size), replace=False)
    curves = images.reshape(len(TIMES_H), -1)[:, chosen].T.astype(np.float64)

    def model(t, a, mu):
        return a * np.exp(-(LAMBDA_PHYS + mu) * t)

    tia, failures = np.full(len(curves), np.nan), 0
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for k, y in enumerate(curves):
            # The objective rptdose minimises: weights 1/max(|y|, 1 % of max |y|), biological rate mu >= 0.
            sigma = np.sqrt(np.maximum(np.abs(y), 0.01 * max(np.abs(y).max(), 1e-30)))
            try:
                p, _ = scipy.optimize.curve_fit(model, TIMES_H, y, p0=(max(y[0], 1e-3), 0.01), sigma=sigma,
                                                bounds=(0, np.inf))
                tia[k] = p[0] / (LAMBDA_PHYS + p[1]) * 3600
            except (RuntimeError, ValueError):
                failures += 1
    return (time.perf_counter() - start) / len(curves), chosen, tia, failures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default="build")
    parser.add_argument("--n", type=int, default=256, help="grid size per axis (default 256)")
    parser.add_argument("--sample", type=int, default=2000, help="voxels fitted with scipy (default 2000)")
    parser.add_argument("--json", default="timeactivity-comparison.json")
    args = parser.parse_args()
    sys.path.insert(0, os.path.join(args.build, "python"))
    import rptdose  # noqa: E402

    images, mask = phantom(args.n)
    voxels = int(mask.sum())
    rows = []
    fits = {}
    for model in ("mono-exponential", "auto"):
        for threads in (1, 2):
            seconds, result = time_rptdose(rptdose, images, mask, model, threads)
            fits[model] = result
            rows.append({"fit": f"rptdose {model}", "threads": threads, "seconds": seconds,
                         "ns_per_voxel": seconds / voxels * 1e9, "summary": result["summary"]})
    scipy_s, chosen, scipy_tia, failures = time_scipy(images, mask, args.sample)
    ours = fits["mono-exponential"]["tia_Bq_s"].reshape(-1)[chosen]
    agree = np.isfinite(scipy_tia) & (fits["mono-exponential"]["status"].reshape(-1)[chosen] == 1)
    difference = float(np.median(np.abs(ours[agree] / scipy_tia[agree] - 1))) if agree.any() else float("nan")

    print(f"{args.n}³ grid, {voxels} voxels in the mask ({voxels / args.n**3:.0%}), {len(TIMES_H)} time points")
    print(f"{'fit':<32} {'threads':>7} {'total s':>9} {'ns/voxel':>10}")
    for r in rows:
        print(f"{r['fit']:<32} {r['threads']:>7} {r['seconds']:>9.2f} {r['ns_per_voxel']:>10.0f}")
    print(f"{'scipy curve_fit mono (sample)':<32} {1:>7} {scipy_s * voxels:>9.1f} {scipy_s * 1e9:>10.0f}"
          f"   (extrapolated from {len(chosen)} voxels; {failures} failed)")
    mono_1 = next(r for r in rows if r["fit"] == "rptdose mono-exponential" and r["threads"] == 1)
    mono_2 = next(r for r in rows if r["fit"] == "rptdose mono-exponential" and r["threads"] == 2)
    print(f"per-voxel time ratio scipy/rptdose (mono): {scipy_s * 1e9 / mono_1['ns_per_voxel']:.0f}x on 1 thread, "
          f"{scipy_s * 1e9 / mono_2['ns_per_voxel']:.0f}x with rptdose on 2 threads")
    print(f"median |rptdose/scipy - 1| over the sample (both fitted): {difference:.1e}")
    record = {"machine": {"python": platform.python_version(), "numpy": np.__version__, "cpus": os.cpu_count(),
                          "rptdose": rptdose.__version__},
              "grid": args.n, "voxels": voxels, "rows": rows,
              "scipy": {"seconds_per_voxel": scipy_s, "sample": len(chosen), "failures": failures,
                        "median_relative_difference": difference}}
    with open(args.json, "w") as f:
        json.dump(record, f, indent=1, default=int)
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
