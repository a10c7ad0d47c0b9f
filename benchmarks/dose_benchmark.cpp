// The dose calculator on a patient-sized map (issue 18, full-range photons):
//   build/bin/rptdose_benchmarks --benchmark_filter=Dose_
// 177Lu, 4 mm voxels, per-component maps (the study default), a random TIA map:
//   Dose_Kernel30mm   the kernel cut at 30 mm (methods.kernel_radius_mm: 30; the default before issue 18)
//   Dose_FullRange    the default: photons over the whole image (two-resolution photon convolution)
// "Steady" times one dose_from_tia on a calculator that has convolved a map of this size before (plans and
// kernel spectra cached: every further time point or component of a study); "OneOff" includes making the
// kernel and the calculator (what one `rptdose run` pays).
#include <benchmark/benchmark.h>

#include <optional>
#include <random>
#include <rptdose/dose/dose_calculator.hpp>
#include <rptdose/dose/dose_method.hpp>

#include "random_volume.hpp"

namespace {

using rptdose::Grid;
using rptdose::Vector3;
using rptdose::Volume;

const Vector3 kSpacing(4.0, 4.0, 4.0);

Volume<float> random_tia(std::size_t n) {
  return rptdose::benchmarks::random_volume(n, kSpacing, 1.0e9f);  // Bq·s per voxel
}

rptdose::dose::DoseCalculator calculator(std::optional<double> kernel_radius_mm, unsigned threads) {
  rptdose::dose::DoseMethodSpec spec;
  if (kernel_radius_mm) spec.kernel_radius_mm = *kernel_radius_mm;
  rptdose::dose::DoseOptions options;
  options.components = true;
  options.convolution.threads = threads;
  return rptdose::dose::DoseCalculator(rptdose::dose::make_dose_kernel("Lu-177", kSpacing, spec, threads), options);
}

void BM_Dose(benchmark::State& state, std::optional<double> kernel_radius_mm, bool one_off) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto threads = static_cast<unsigned>(state.range(1));
  const auto tia = random_tia(n);
  {  // FFTW plans of these sizes (process-wide wisdom, made once per process in a run too)
    const auto warm = calculator(kernel_radius_mm, threads);
    benchmark::DoNotOptimize(warm.dose_from_tia(tia).total.data());
  }
  // The one-off case does not hold a second calculator's cached spectra while it makes its own.
  const auto steady = one_off ? std::optional<rptdose::dose::DoseCalculator>()
                              : std::optional<rptdose::dose::DoseCalculator>(calculator(kernel_radius_mm, threads));
  if (steady) benchmark::DoNotOptimize(steady->dose_from_tia(tia).total.data());  // kernel spectra
  for (auto _ : state) {
    const auto maps = steady ? steady->dose_from_tia(tia) : calculator(kernel_radius_mm, threads).dose_from_tia(tia);
    benchmark::DoNotOptimize(maps.total.data());
  }
  state.counters["voxels"] = static_cast<double>(n * n * n);
  state.counters["threads"] = static_cast<double>(threads);
}

void sizes(benchmark::internal::Benchmark* b) {
  for (const long n : {128, 256}) b->Args({n, 2});
  b->ArgNames({"n", "threads"})->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);
}

}  // namespace

BENCHMARK_CAPTURE(BM_Dose, Dose_Kernel30mm_Steady, 30.0, false)->Apply(sizes);
BENCHMARK_CAPTURE(BM_Dose, Dose_Kernel30mm_OneOff, 30.0, true)->Apply(sizes);
BENCHMARK_CAPTURE(BM_Dose, Dose_FullRange_Steady, std::nullopt, false)->Apply(sizes);
BENCHMARK_CAPTURE(BM_Dose, Dose_FullRange_OneOff, std::nullopt, true)->Apply(sizes);
