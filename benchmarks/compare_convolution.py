#!/usr/bin/python3
"""Convolution speed in one run: rptdose against its peers, with a table of ratios and a JSON record.

Times, for 128³ and 256³ maps with 11³ and 51³ kernels on 1 and 2 threads:
  * the C++ benchmarks (build/bin/rptdose_benchmarks, Google Benchmark): rptdose's engine with a cached kernel
    spectrum and one-off, a bare FFTW3f r2c -> multiply -> c2r pipeline (textbook size n+k-1 rounded to a fast
    size, and rptdose's own padded size), ITK's FFTConvolutionImageFilter (when the build found ITK);
  * from Python, on the same arrays: rptdose.Convolver (cached spectrum, writing into a preallocated array),
    rptdose.convolve (one-off, float32) and scipy.signal.fftconvolve in float64 (mode="same"), the way Python
    dosimetry tools convolve today; their results are compared to each other.
With --memory it also runs each of 256³ ⊗ 51³ and 512×512×400 ⊗ 61³ in a fresh process and reports the peak
resident memory (input and output arrays included).

Usage (after scripts/build.sh -DRPTDOSE_BUILD_BENCHMARKS=ON):
    /usr/bin/python3 benchmarks/compare_convolution.py [--build build] [--json out.json] [--memory] [--quick]
"""

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

CASES = [(n, half, threads) for n in (128, 256) for half in (5, 25) for threads in (1, 2)]
MEMORY_CASES = [((256, 256, 256), 25), ((400, 512, 512), 30)]  # [z, y, x] shapes, kernel half-size


def import_rptdose(build):
    sys.path.insert(0, os.path.join(build, "python"))
    import rptdose  # noqa: E402  (the module built in <build>/python)

    return rptdose


def run_cpp_benchmarks(build, quick):
    """Google Benchmark results keyed by (name, n, half, threads), in ms (real time)."""
    program = os.path.join(build, "bin", "rptdose_benchmarks")
    if not os.path.exists(program):
        sys.exit(f"{program} not found: configure with -DRPTDOSE_BUILD_BENCHMARKS=ON and build it")
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        pattern = "Convolution_.*/n:128/" if quick else "Convolution_"
        command = [program, f"--benchmark_filter={pattern}", f"--benchmark_out={out.name}",
                   "--benchmark_out_format=json"]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        report = json.load(open(out.name))
    results = {}
    for b in report["benchmarks"]:
        match = re.search(r"(Convolution_\w+)/n:(\d+)/half:(\d+)/threads:(\d+)", b["name"])
        if match and b.get("run_type", "iteration") == "iteration":
            name, n, half, threads = match.groups()
            assert b["time_unit"] == "ms", b
            results[(name, int(n), int(half), int(threads))] = b["real_time"]
    return results, report["context"]


def median_ms(function, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def time_python(rptdose, n, half, threads, repeats):
    import scipy.fft
    import scipy.signal

    rng = np.random.default_rng(n + half)
    source32 = rng.random((n, n, n), dtype=np.float32)
    source64 = source32.astype(np.float64)
    kernel = rng.random((2 * half + 1,) * 3)
    kernel = 0.5 * (kernel + kernel[::-1, ::-1, ::-1])  # point-symmetric, like every dose kernel

    convolver = rptdose.Convolver(kernel, threads=threads, engine="fft")
    out = np.empty_like(source32)
    convolver.convolve(source32, out=out)  # plans and kernel spectrum
    cached = median_ms(lambda: convolver.convolve(source32, out=out), repeats + 2)
    one_off = median_ms(lambda: rptdose.convolve(source32, kernel, threads=threads, engine="fft"), repeats)
    with scipy.fft.set_workers(threads):
        reference = scipy.signal.fftconvolve(source64, kernel, mode="same")
        scipy_ms = median_ms(lambda: scipy.signal.fftconvolve(source64, kernel, mode="same"), repeats)
    difference = float(np.abs(out - reference).max() / np.abs(reference).max())
    return {"rptdose_py_cached": cached, "rptdose_py_one_off": one_off, "scipy_fftconvolve_f64": scipy_ms,
            "max_relative_difference_vs_scipy": difference}


# Peak resident memory from /proc (VmHWM, in KiB): unlike getrusage's ru_maxrss it is not inherited from the
# parent process across exec.
MEMORY_PROBE = """
import sys, time, numpy as np
sys.path.insert(0, sys.argv[1])
import rptdose
def peak_kib():
    return next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
shape, half = tuple(int(v) for v in sys.argv[2].split("x")), int(sys.argv[3])
source = np.random.default_rng(0).random(shape, dtype=np.float32)
kernel = np.ones((2 * half + 1,) * 3)
before = peak_kib()
start = time.perf_counter()
result = rptdose.convolve(source, kernel, threads=2, engine="fft")
print(before, peak_kib(), (time.perf_counter() - start) * 1e3)
"""


def measure_memory(build):
    rows = []
    for shape, half in MEMORY_CASES:
        text = subprocess.run(
            [sys.executable, "-c", MEMORY_PROBE, os.path.join(build, "python"), "x".join(map(str, shape)),
             str(half)], check=True, capture_output=True, text=True).stdout.split()
        before_kib, peak_kib, ms = int(text[0]), int(text[1]), float(text[2])
        array_mib = np.prod(shape) * 4 / 2**20
        rows.append({"shape_zyx": shape, "kernel": 2 * half + 1, "peak_rss_mib": peak_kib / 1024,
                     "rss_before_convolution_mib": before_kib / 1024, "input_and_output_mib": 2 * array_mib,
                     "engine_workspace_mib": peak_kib / 1024 - before_kib / 1024 - array_mib, "time_ms": ms})
    return rows


def ratio(a, b):
    return a / b if a and b else float("nan")


def print_table(rows):
    header = ("case", "rptdose", "py cached", "py 1-off", "FFTW same", "FFTW n+k-1", "ITK", "scipy f64",
              "scipy/1-off", "scipy/cached", "ours/FFTWsame", "ours/FFTW", "ITK/ours")
    print("times in ms (median or Google Benchmark mean); ratios > 1 mean rptdose is faster, except ours/FFTW*")
    print(" ".join(f"{h:>13}" for h in header))
    for r in rows:
        def ms(key):
            value = r.get(key)
            return f"{value:13.1f}" if value else f"{'-':>13}"

        ours = r.get("Convolution_Rptdose")
        cells = [f"{r['case']:>13}", ms("Convolution_Rptdose"), ms("rptdose_py_cached"), ms("rptdose_py_one_off"),
                 ms("Convolution_BareFftwSamePad"), ms("Convolution_BareFftw"), ms("Convolution_Itk"),
                 ms("scipy_fftconvolve_f64")]
        cells += [f"{ratio(r.get('scipy_fftconvolve_f64'), r.get('rptdose_py_one_off')):13.2f}",
                  f"{ratio(r.get('scipy_fftconvolve_f64'), r.get('rptdose_py_cached')):13.2f}",
                  f"{ratio(ours, r.get('Convolution_BareFftwSamePad')):13.2f}",
                  f"{ratio(ours, r.get('Convolution_BareFftw')):13.2f}",
                  f"{ratio(r.get('Convolution_Itk'), ours):13.2f}"]
        print(" ".join(cells))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default="build", help="build folder (default: build)")
    parser.add_argument("--json", default="convolution-comparison.json", help="where to write the results")
    parser.add_argument("--memory", action="store_true", help="also measure peak RSS of the large cases")
    parser.add_argument("--quick", action="store_true", help="128³ cases only")
    parser.add_argument("--repeats", type=int, default=3, help="Python timings: median of this many runs")
    args = parser.parse_args()

    rptdose = import_rptdose(args.build)
    cpp, context = run_cpp_benchmarks(args.build, args.quick)
    rows = []
    for n, half, threads in CASES:
        if args.quick and n != 128:
            continue
        row = {"case": f"{n}³⊗{2 * half + 1}³/{threads}t", "n": n, "kernel": 2 * half + 1, "threads": threads}
        for (name, cn, chalf, cthreads), ms in cpp.items():
            if (cn, chalf, cthreads) == (n, half, threads):
                row[name] = ms
        row.update(time_python(rptdose, n, half, threads, args.repeats))
        rows.append(row)
        print(f"measured {row['case']}", file=sys.stderr)
    print_table(rows)
    record = {"machine": {"cpu": context.get("host_name"), "num_cpus": context.get("num_cpus"),
                          "mhz_per_cpu": context.get("mhz_per_cpu"), "python": platform.python_version(),
                          "numpy": np.__version__, "fft_library": rptdose.fft_library_name(),
                          "rptdose": rptdose.__version__},
              "date": context.get("date"), "cases": rows}
    if args.memory:
        record["memory"] = measure_memory(args.build)
        for m in record["memory"]:
            print(f"peak RSS {'×'.join(map(str, m['shape_zyx']))} ⊗ {m['kernel']}³: {m['peak_rss_mib']:.0f} MiB "
                  f"(input + output {m['input_and_output_mib']:.0f} MiB, engine workspace "
                  f"{m['engine_workspace_mib']:.0f} MiB), {m['time_ms']:.0f} ms on 2 threads")
    with open(args.json, "w") as f:
        json.dump(record, f, indent=1, ensure_ascii=False)
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
