// Decay data access: cold load of a nuclide's emissions (first use) and chain expansion (cached nuclides).
//   build/bin/rptdose_benchmarks --benchmark_filter=Chain
#include <benchmark/benchmark.h>

#include <rptdose/core/data_path.hpp>
#include <rptdose/nuclides/chain.hpp>

namespace {

void BM_LoadIndexAndNuclide(benchmark::State& state) {
  const auto dir = rptdose::data_directory() / "decay";
  for (auto _ : state) {
    rptdose::nuclides::DecayDatabase database(dir);
    benchmark::DoNotOptimize(&database.get("Lu-177"));
  }
}
BENCHMARK(BM_LoadIndexAndNuclide)->Unit(benchmark::kMillisecond);

void BM_ExpandChain(benchmark::State& state, const char* parent) {
  rptdose::nuclides::expand_chain(parent);  // load emissions once
  for (auto _ : state) {
    auto chain = rptdose::nuclides::expand_chain(parent);
    benchmark::DoNotOptimize(chain.energy_per_parent_decay().alpha_MeV);
  }
}
BENCHMARK_CAPTURE(BM_ExpandChain, Ac225, "Ac-225")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_ExpandChain, Lu177, "Lu-177")->Unit(benchmark::kMicrosecond);

}  // namespace
