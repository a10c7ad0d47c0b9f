#!/usr/bin/python3
"""rptdose's Python API against what Python dosimetry code uses today, in one run, with a ratio table and JSON.

Convolution: for 128³ and 256³ maps with 11³ and 51³ kernels, in float64 and float32, on 1 and 2 threads:
  * rptdose.convolve (one-off: plans and kernel spectrum made per call),
  * rptdose.Convolver(kernel).convolve(source, out=...) (cached spectrum, preallocated result: the per-time-point
    path of a study),
  * scipy.signal.fftconvolve(source, kernel, mode="same") in the same dtype (scipy.fft workers = threads),
with the largest difference between the results relative to the largest value.
Per-voxel fits: rptdose.fit_tia on every voxel of the phantom of benchmarks/compare_timeactivity.py (imported from
there, not copied) against scipy.optimize.curve_fit on a random sample of the same voxels.

OpenBLAS: OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE, when set (as on some CI machines), slow numpy down; run the
benchmark with both unset, in the benchmark command only:
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 benchmarks/compare_python_peers.py \\
        [--build build] [--quick] [--json python-peers.json] [--repeats 3]
--quick: 128³ maps only, a 64³ fit phantom and 300 scipy voxels (about 20 s); the full run takes a few minutes.
"""

import argparse
import json
import os
import platform
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
CONVOLUTION_CASES = [(n, half, dtype, threads) for n in (128, 256) for half in (5, 25)
                     for dtype in ("float64", "float32") for threads in (1, 2)]


sys.path.insert(0, HERE)
from compare_convolution import median_ms  # noqa: E402  (one timing helper for both comparison scripts)


def convolution_case(rptdose, n, half, dtype, threads, repeats):
    import scipy.fft
    import scipy.signal

    rng = np.random.default_rng(n + half)
    source = rng.random((n, n, n)).astype(dtype)
    kernel = rng.random((2 * half + 1,) * 3)
    kernel = 0.5 * (kernel + kernel[::-1, ::-1, ::-1])  # point-symmetric, like every dose kernel
    kernel_typed = kernel.astype(dtype)  # scipy convolves in the dtype of its inputs

    one_off = median_ms(lambda: rptdose.convolve(source, kernel, threads=threads, engine="fft"), repeats)
    convolver = rptdose.Convolver(kernel, threads=threads, engine="fft")
    out = np.empty_like(source)
    convolver.convolve(source, out=out)  # plans and kernel spectrum
    cached = median_ms(lambda: convolver.convolve(source, out=out), repeats + 2)
    with scipy.fft.set_workers(threads):
        reference = scipy.signal.fftconvolve(source, kernel_typed, mode="same")
        scipy_ms = median_ms(lambda: scipy.signal.fftconvolve(source, kernel_typed, mode="same"), repeats)
    difference = float(np.abs(out.astype(np.float64) - reference).max() / np.abs(reference).max())
    return {"case": f"{n}³⊗{2 * half + 1}³ {dtype[-2:]}b/{threads}t", "n": n, "kernel": 2 * half + 1,
            "dtype": dtype, "threads": threads, "rptdose_convolve_ms": one_off, "rptdose_cached_ms": cached,
            "scipy_fftconvolve_ms": scipy_ms, "scipy_over_rptdose": scipy_ms / one_off,
            "scipy_over_rptdose_cached": scipy_ms / cached, "max_relative_difference": difference}


def print_convolution_table(rows):
    print("convolution, median ms; ratios > 1: rptdose faster")
    header = ("case", "rptdose", "cached", "scipy", "scipy/rptdose", "scipy/cached", "max rel diff")
    print(f"{header[0]:<22}" + "".join(f"{h:>14}" for h in header[1:]))
    for r in rows:
        print(f"{r['case']:<22}{r['rptdose_convolve_ms']:>14.1f}{r['rptdose_cached_ms']:>14.1f}"
              f"{r['scipy_fftconvolve_ms']:>14.1f}{r['scipy_over_rptdose']:>14.2f}"
              f"{r['scipy_over_rptdose_cached']:>14.2f}{r['max_relative_difference']:>14.1e}")


def fit_comparison(rptdose, n, sample):
    sys.path.insert(0, HERE)
    import compare_timeactivity as tac  # noqa: E402  (benchmarks/compare_timeactivity.py: phantom and timings)

    images, mask = tac.phantom(n)
    voxels = int(mask.sum())
    rows, fits = [], {}
    for model in ("mono-exponential", "auto"):
        for threads in (1, 2):
            seconds, result = tac.time_rptdose(rptdose, images, mask, model, threads)
            fits[model] = result
            rows.append({"fit": f"rptdose.fit_tia {model}", "threads": threads, "seconds": seconds,
                         "us_per_voxel": seconds / voxels * 1e6})
    scipy_s, chosen, scipy_tia, failures = tac.time_scipy(images, mask, sample)
    mono = fits["mono-exponential"]
    ours = mono["tia_Bq_s"].reshape(-1)[chosen]
    both = np.isfinite(scipy_tia) & (mono["status"].reshape(-1)[chosen] == 1)
    difference = float(np.median(np.abs(ours[both] / scipy_tia[both] - 1))) if both.any() else float("nan")
    for r in rows:
        r["scipy_over_rptdose"] = scipy_s * 1e6 / r["us_per_voxel"]
    return {"grid": n, "voxels": voxels, "time_points": len(tac.TIMES_H), "rows": rows,
            "scipy_curve_fit": {"us_per_voxel": scipy_s * 1e6, "sample": int(len(chosen)), "failures": failures},
            "median_relative_difference_mono": difference}


def print_fit_table(fit):
    print(f"\nper-voxel fits: {fit['grid']}³ phantom, {fit['voxels']} voxels, {fit['time_points']} time points")
    print(f"{'fit':<36}{'threads':>8}{'µs/voxel':>12}{'scipy/rptdose':>15}")
    for r in fit["rows"]:
        print(f"{r['fit']:<36}{r['threads']:>8}{r['us_per_voxel']:>12.2f}{r['scipy_over_rptdose']:>15.0f}")
    s = fit["scipy_curve_fit"]
    print(f"{'scipy.optimize.curve_fit mono':<36}{1:>8}{s['us_per_voxel']:>12.0f}{'':>15}"
          f"  ({s['sample']} voxels sampled, {s['failures']} failed)")
    print(f"median |rptdose/scipy - 1| (mono, both fitted): {fit['median_relative_difference_mono']:.1e}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default="build", help="build folder with python/rptdose (default: build)")
    parser.add_argument("--json", default="python-peers.json", help="where to write the results")
    parser.add_argument("--quick", action="store_true", help="128³ maps, 64³ fit phantom, 300 scipy voxels")
    parser.add_argument("--repeats", type=int, default=3, help="timings: median of this many runs")
    args = parser.parse_args()

    sys.path.insert(0, os.path.join(args.build, "python"))
    import rptdose  # noqa: E402  (the module built in <build>/python)
    import scipy

    openblas = {k: os.environ[k] for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if k in os.environ}
    if openblas:
        print(f"note: {openblas} is set and slows numpy/scipy; run with "
              "`env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE ...`", file=sys.stderr)
    load_before = os.getloadavg()
    rows = []
    for n, half, dtype, threads in CONVOLUTION_CASES:
        if args.quick and n != 128:
            continue
        rows.append(convolution_case(rptdose, n, half, dtype, threads, args.repeats))
        print(f"measured {rows[-1]['case']}", file=sys.stderr)
    fit = fit_comparison(rptdose, 64 if args.quick else 256, 300 if args.quick else 2000)
    load_after = os.getloadavg()

    print_convolution_table(rows)
    print_fit_table(fit)
    print(f"\nload average (1 min) {load_before[0]:.2f} before, {load_after[0]:.2f} after, on {os.cpu_count()} CPUs")
    record = {"machine": {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__,
                          "cpus": os.cpu_count(), "fft_library": rptdose.fft_library_name(),
                          "rptdose": rptdose.__version__, "openblas_env": openblas,
                          "load_average_before": load_before, "load_average_after": load_after},
              "date": time.strftime("%Y-%m-%dT%H:%M:%S"), "quick": args.quick, "convolution": rows, "fits": fit}
    with open(args.json, "w") as f:
        json.dump(record, f, indent=1, ensure_ascii=False)
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
