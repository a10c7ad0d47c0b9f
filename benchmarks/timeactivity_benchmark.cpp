// Per-voxel time-activity fits (issue #5 targets on 2 cores: 256³ grid, 45 % body mask, 4 time points:
// mono-exponential fit + integration < 1 s; automatic model selection with bi-exponential LM < 15 s).
//   build/bin/rptdose_benchmarks --benchmark_filter=TimeActivity --benchmark_repetitions=3
// The label names the instruction set of the mono-exponential batch kernel (src/timeactivity/mono_fit.hpp): the
// widest this CPU has (AVX-512F, AVX2 or SSE2), same results on all.
// The phantom: a sphere holding 45 % of the grid; every voxel a 177Lu curve with its own amplitude, biological
// half-life (20–200 h) and, in a third of the voxels, an uptake phase (uptake half-time 2–10 h); Poisson-like noise
// of ~500 counts at the peak. scipy.optimize.curve_fit on the same kind of curves: benchmarks/compare_timeactivity.py.
// TimeActivity_MonoWithG also makes the per-voxel Lea–Catcheside G map (kidney repair half-time 2.8 h) through
// VoxelFitOptions::curve_figure, as `rptdose run` does with methods.bed_kinetics "voxel".
#include <benchmark/benchmark.h>

#include <cmath>
#include <map>
#include <optional>
#include <random>
#include <string>

#include <rptdose/core/units.hpp>
#include <rptdose/radiobiology/dose_protraction.hpp>
#include <rptdose/timeactivity/voxel_fit.hpp>

#include "../src/timeactivity/mono_fit.hpp"  // internal: only to name the kernel's instruction set

namespace {

using namespace rptdose;
using namespace rptdose::timeactivity;

const double kLambdaLu177 = std::log(2.0) / (6.647 * units::kSecondsPerDay);

struct Phantom {
  ImageSeries series;
  Volume<std::uint8_t> mask;
};

Phantom make_phantom(std::size_t n) {
  const Grid grid({n, n, n}, Vector3::Constant(4.8));
  const std::vector<double> times = hours_to_seconds({4, 24, 96, 168});
  std::vector<Volume<float>> images(times.size(), Volume<float>(grid));
  Volume<std::uint8_t> mask(grid);
  const double radius = static_cast<double>(n) * std::cbrt(0.45 * 3.0 / (4.0 * M_PI));
  std::mt19937 generator(1);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::normal_distribution<double> normal;
  const double c = (static_cast<double>(n) - 1) / 2;
  for (std::size_t k = 0; k < n; ++k)
    for (std::size_t j = 0; j < n; ++j)
      for (std::size_t i = 0; i < n; ++i) {
        const double r = std::hypot(i - c, j - c, k - c);
        if (r > radius) continue;
        const std::size_t v = grid.linear_index(i, j, k);
        mask[v] = 1;
        const double mu = std::log(2.0) / ((20 + 180 * uniform(generator)) * units::kSecondsPerHour);
        const bool uptake = uniform(generator) < 1.0 / 3;
        const double kappa = std::log(2.0) / ((2 + 8 * uniform(generator)) * units::kSecondsPerHour);
        const double counts_at_peak = 500;
        for (std::size_t t = 0; t < times.size(); ++t) {
          double a = std::exp(-(kLambdaLu177 + mu) * times[t]);
          if (uptake) a *= 1 - std::exp(-kappa * times[t]);
          const double counts = counts_at_peak * a;
          images[t][v] = static_cast<float>(std::max(0.0, counts + std::sqrt(counts) * normal(generator)));
        }
      }
  return {ImageSeries(std::move(images), times, SampleUnit::BqPerVoxel, DecayCorrection::None), std::move(mask)};
}

const Phantom& phantom(std::size_t n) {
  static std::map<std::size_t, Phantom> cache;
  auto it = cache.find(n);
  if (it == cache.end()) it = cache.emplace(n, make_phantom(n)).first;
  return it->second;
}

void BM_TimeActivity(benchmark::State& state, std::optional<Model> model, bool voxel_g = false) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const Phantom& p = phantom(n);
  VoxelFitOptions options;
  options.fit.model = model;
  options.mask = &p.mask;
  options.threads = static_cast<unsigned>(state.range(1));
  if (voxel_g) {
    const double mu = radiobiology::repair_rate_per_s(2.8 * units::kSecondsPerHour);
    options.curve_figure = [mu](std::size_t, const FitResult& fit, const Samples&) {
      return fit.model == Model::Trapezoid ? -1.0f
                                           : static_cast<float>(radiobiology::g_factor_of_fit(fit, kLambdaLu177, mu));
    };
  }
  VoxelFitSummary summary;
  for (auto _ : state) {
    const auto maps = fit_voxels(p.series, kLambdaLu177, options);
    summary = maps.summary;
    benchmark::DoNotOptimize(maps.integral.data());
  }
  state.SetLabel(std::string("mono kernel ") + detail::MonoBatch::instruction_set());
  state.counters["voxels"] = static_cast<double>(summary.voxels);
  state.counters["ns_per_voxel"] =
      benchmark::Counter(static_cast<double>(summary.voxels) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["fitted"] = static_cast<double>(summary.by_status[static_cast<std::size_t>(FitStatus::Fitted)]);
  state.counters["fallback"] = static_cast<double>(summary.by_status[static_cast<std::size_t>(FitStatus::Fallback)]);
  state.counters["bi_uptake"] =
      static_cast<double>(summary.by_model[static_cast<std::size_t>(Model::BiExponentialUptake)]);
}

void sizes(benchmark::internal::Benchmark* b) {
  b->Args({256, 2})
      ->Args({256, 1})
      ->ArgNames({"n", "threads"})
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime()
      ->Iterations(1);
}

}  // namespace

BENCHMARK_CAPTURE(BM_TimeActivity, TimeActivity_Mono, std::optional<Model>(Model::MonoExponential))->Apply(sizes);
BENCHMARK_CAPTURE(BM_TimeActivity, TimeActivity_MonoWithG, std::optional<Model>(Model::MonoExponential), true)
    ->Apply(sizes);
BENCHMARK_CAPTURE(BM_TimeActivity, TimeActivity_Auto, std::optional<Model>())->Apply(sizes);
BENCHMARK_CAPTURE(BM_TimeActivity, TimeActivity_Trapezoid, std::optional<Model>(Model::Trapezoid))->Apply(sizes);
