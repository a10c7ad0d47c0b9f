// Kernel generation (issue #3 targets: 177Lu at 4.8 mm, 11³ < 0.2 s; 51³ with photons < 2 s; cached: µs).
//   build/bin/rptdose_benchmarks --benchmark_filter=Kernel
// Compares: generation with electrons only, with photons, a large anisotropic kernel, and a cache hit.
#include <benchmark/benchmark.h>

#include <rptdose/kernels/kernel_cache.hpp>
#include <rptdose/kernels/kernel_generation.hpp>

namespace {

rptdose::kernels::KernelOptions options(double spacing, int half, std::optional<double> photon_radius_mm) {
  rptdose::kernels::KernelOptions o;
  o.spacing_mm = rptdose::Vector3(spacing, spacing, spacing);
  o.half_size = {half, half, half};
  o.photon_radius_mm = photon_radius_mm;
  return o;
}

void BM_KernelGenerate(benchmark::State& state, const char* nuclide, double spacing, int half,
                       std::optional<double> photon_radius_mm) {
  const auto o = options(spacing, half, photon_radius_mm);
  rptdose::kernels::generate_kernel(nuclide, o);  // data tables loaded once, as in any real process
  for (auto _ : state) {
    auto kernel = rptdose::kernels::generate_kernel(nuclide, o);
    benchmark::DoNotOptimize(kernel.at(0, 0, 0));
  }
}
BENCHMARK_CAPTURE(BM_KernelGenerate, Lu177_4p8mm_11_electrons, "Lu-177", 4.8, 5, 0.0)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_KernelGenerate, Lu177_4p8mm_11_photons, "Lu-177", 4.8, 5, std::nullopt)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_KernelGenerate, Lu177_4p8mm_51_photons, "Lu-177", 4.8, 25, std::nullopt)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_KernelGenerate, Ac225_4p8mm_51_photons, "Ac-225", 4.8, 25, std::nullopt)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_KernelGenerate, Y90_2mm_61_photons, "Y-90", 2.0, 30, std::nullopt)->Unit(benchmark::kMillisecond);

void BM_KernelAnisotropic(benchmark::State& state) {
  auto o = options(1.0, 30, std::nullopt);
  o.spacing_mm = rptdose::Vector3(0.98, 0.98, 2.5);  // CT-like grid
  o.half_size = {60, 60, 24};
  rptdose::kernels::generate_kernel("Lu-177", o);
  for (auto _ : state) benchmark::DoNotOptimize(rptdose::kernels::generate_kernel("Lu-177", o).at(0, 0, 0));
}
BENCHMARK(BM_KernelAnisotropic)->Unit(benchmark::kMillisecond);

void BM_KernelCacheHit(benchmark::State& state) {
  rptdose::kernels::KernelCache cache(4);
  const auto o = options(4.8, 25, std::nullopt);
  cache.get("Lu-177", o);
  for (auto _ : state) benchmark::DoNotOptimize(cache.get("Lu-177", o).get());
}
BENCHMARK(BM_KernelCacheHit)->Unit(benchmark::kMicrosecond);

}  // namespace
