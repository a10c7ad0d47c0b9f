// The table "Monte Carlo vs kernel convolution in water" of docs/monte-carlo.md: for each nuclide, a 4×4×4-voxel
// source (4 mm voxels) in the centre of a 40³ water cube, `decays` decays (argument 1, default 4·10⁶), against the
// full-range water kernel convolution. Prints, over voxels with ≥ 1 % of the maximum kernel dose: how many, the
// mean and largest |MC − kernel| / kernel, the share within 2 and 3 MC standard uncertainties; the source region's
// mean dose ratio; the energy balance per decay; the time.
//   build/bin/rptdose_mc_water_check [decays]
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "rptdose/dose/dose_calculator.hpp"
#include "rptdose/dose/dose_method.hpp"
#include "rptdose/montecarlo/monte_carlo_dose.hpp"

using namespace rptdose;

int main(int argc, char** argv) {
  const std::uint64_t decays = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 4'000'000;
  const std::size_t n = 40, source = 4;
  const Grid grid({n, n, n}, Vector3(4.0, 4.0, 4.0));
  Volume<float> tia(grid, 0.0f);
  const std::size_t a = (n - source) / 2;
  for (std::size_t k = a; k < a + source; ++k)
    for (std::size_t j = a; j < a + source; ++j)
      for (std::size_t i = a; i < a + source; ++i) tia.data()[grid.linear_index(i, j, k)] = 1e9f;
  const auto geometry = montecarlo::uniform_geometry(grid, montecarlo::liquid_water(), 1.0);
  std::printf(
      "| nuclide | decays | s | voxels ≥ 1 %% max | mean abs diff | max abs diff | within 2σ | within 3σ | "
      "source mean MC/kernel | (deposited + escaped)/emitted − 1 |\n|---|---|---|---|---|---|---|---|---|---|\n");
  for (const char* nuclide : {"Lu-177", "Y-90", "I-131", "Ac-225"}) {
    montecarlo::MonteCarloOptions options;
    options.decays = decays;
    const auto mc = montecarlo::monte_carlo_dose(tia, geometry, nuclide, options);
    dose::DoseMethodSpec spec;
    spec.medium = kernels::Medium::Water;
    const auto kernel =
        dose::DoseCalculator(dose::make_dose_kernel(nuclide, grid.spacing_mm(), spec, 0)).dose_from_tia(tia).total;
    double max_dose = 0.0;
    for (std::size_t v = 0; v < tia.size(); ++v) max_dose = std::max(max_dose, double(kernel.data()[v]));
    int count = 0, within2 = 0, within3 = 0;
    double sum_abs = 0.0, max_abs = 0.0, mc_source = 0.0, kernel_source = 0.0;
    for (std::size_t v = 0; v < tia.size(); ++v) {
      const double k = kernel.data()[v], m = mc.dose_Gy.data()[v];
      if (tia.data()[v] > 0) mc_source += m, kernel_source += k;
      if (k < 0.01 * max_dose) continue;
      const double diff = std::abs(m - k), sigma = mc.relative_uncertainty.data()[v] * m;
      ++count;
      within2 += diff <= 2 * sigma;
      within3 += diff <= 3 * sigma;
      sum_abs += diff / k;
      max_abs = std::max(max_abs, diff / k);
    }
    const auto& e = mc.energy_per_decay;
    std::printf("| %s | %llu | %.1f | %d | %.2f %% | %.2f %% | %.0f %% | %.0f %% | %.4f | %.1e |\n", nuclide,
                static_cast<unsigned long long>(mc.decays), mc.seconds, count, 100 * sum_abs / count, 100 * max_abs,
                100.0 * within2 / count, 100.0 * within3 / count, mc_source / kernel_source,
                (e.deposited_MeV + e.escaped_MeV) / e.emitted_MeV - 1.0);
  }
}
