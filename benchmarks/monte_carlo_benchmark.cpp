// Voxel Monte Carlo throughput (issue 19's speed targets; docs/monte-carlo.md): decays per second on the machine's
// threads for 177Lu, 90Y and 131I in a 128³ grid of 4.8 mm voxels of ICRP soft tissue at 1.04 g/cm³ (61 cm
// across) with the activity in a 10 cm sphere of uniform uptake plus a random background (most electrons of a
// patient start deep inside a voxel, as here). Counters: decays/s (total and per thread). Compare with GATE (~10⁴–10⁵
// decays/s per core for 177Lu in published voxel dosimetry) and ARCHER-NM (5·10⁹ decays in 90 s on one GPU,
// 5.6·10⁷/s).
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>

#include "rptdose/core/parallel.hpp"
#include "rptdose/montecarlo/monte_carlo_dose.hpp"

namespace {

using namespace rptdose;

Volume<float> sphere_in_background(std::size_t n, double spacing_mm) {
  Volume<float> tia(Grid({n, n, n}, Vector3(spacing_mm, spacing_mm, spacing_mm)), 0.0f);
  std::mt19937 generator(1);
  std::uniform_real_distribution<float> background(0.0f, 1.0f);
  const double centre = 0.5 * static_cast<double>(n), radius = 50.0 / spacing_mm;
  for (std::size_t k = 0; k < n; ++k)
    for (std::size_t j = 0; j < n; ++j)
      for (std::size_t i = 0; i < n; ++i) {
        const double r = std::hypot(i + 0.5 - centre, j + 0.5 - centre, k + 0.5 - centre);
        tia.data()[tia.grid().linear_index(i, j, k)] = (r < radius ? 20.0f : 0.0f) + background(generator);
      }
  return tia;
}

void MonteCarlo_Decays(benchmark::State& state, const char* nuclide) {
  const auto decays = static_cast<std::uint64_t>(state.range(0));
  const auto tia = sphere_in_background(128, 4.8);
  const auto geometry = montecarlo::uniform_geometry(tia.grid(), montecarlo::icrp_soft_tissue(), 1.04);
  montecarlo::MonteCarloOptions options;
  options.decays = decays;
  options.components = false;
  for (auto _ : state) {
    const auto result = montecarlo::monte_carlo_dose(tia, geometry, nuclide, options);
    benchmark::DoNotOptimize(result.dose_Gy.data());
  }
  const double threads = default_thread_count();
  state.counters["decays_per_s"] =
      benchmark::Counter(static_cast<double>(decays) * state.iterations(), benchmark::Counter::kIsRate);
  state.counters["decays_per_s_per_thread"] =
      benchmark::Counter(static_cast<double>(decays) * state.iterations() / threads, benchmark::Counter::kIsRate);
}

BENCHMARK_CAPTURE(MonteCarlo_Decays, Lu177, "Lu-177")->Arg(10'000'000)->Unit(benchmark::kSecond)->UseRealTime();
BENCHMARK_CAPTURE(MonteCarlo_Decays, Y90, "Y-90")->Arg(2'000'000)->Unit(benchmark::kSecond)->UseRealTime();
BENCHMARK_CAPTURE(MonteCarlo_Decays, I131, "I-131")->Arg(2'000'000)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace
