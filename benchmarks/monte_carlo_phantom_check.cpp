// The ICRP 110 adult male table of docs/monte-carlo-validation.md §4: 177Lu uniform in the kidneys, then in the
// liver, of the OpenDose ICRP 110 AM phantom (254 × 127 × 222 voxels of 2.137 × 2.137 × 8 mm; materials and
// densities from its GATE files: tests/montecarlo/validation_geometries.hpp). Per organ: mass, the Monte Carlo dose
// per unit TIA of the source (mGy per MBq·s, ± its standard uncertainty) and its photon share, the kernel convolution
// (soft-tissue kernel, full-range photons) with density correction and without it, MC / (kernel + density), and the
// published OpenDose S-values of the same phantom (Chauvin et al. 2020; tests/data/montecarlo/) with MC / OpenDose.
//   build/bin/rptdose_mc_phantom_check [decays per source organ, default 2e7] [phantom folder, default
//                                      RPTDOSE_REFERENCE_DIR/phantoms/icrp110]
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "rptdose/dose/dose_calculator.hpp"
#include "rptdose/dose/dose_method.hpp"
#include "rptdose/montecarlo/monte_carlo_dose.hpp"
#include "validation_geometries.hpp"

using namespace rptdose;
using namespace rptdose::montecarlo;

int main(int argc, char** argv) {
  const std::uint64_t decays = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 20'000'000;
  const std::filesystem::path folder =
      argc > 2 ? std::filesystem::path(argv[2]) : std::filesystem::path(RPTDOSE_REFERENCE_DIR) / "phantoms" / "icrp110";
  const auto phantom = validation::read_icrp110_adult_male(folder);
  if (!phantom) {
    std::fprintf(stderr, "no ICRP 110 AM phantom files in %s (or built without zlib)\n", folder.string().c_str());
    return 2;
  }
  const auto groups = validation::icrp110_organ_groups();
  const Grid& grid = phantom->organs.grid();
  const auto& density = phantom->geometry.density_g_per_cm3;
  // Labels: 1 + group index; the rest of the body (organ ID > 0 in no group) is the remainder.
  const auto remainder = static_cast<std::uint16_t>(groups.size() + 1);
  Volume<std::uint16_t> labels(grid, 0);
  for (std::size_t v = 0; v < labels.size(); ++v) {
    const std::uint16_t id = phantom->organs.data()[v];
    if (id == 0) continue;
    labels.data()[v] = remainder;
    for (std::size_t g = 0; g < groups.size(); ++g)
      if (groups[g].contains(id)) labels.data()[v] = static_cast<std::uint16_t>(g + 1);
  }
  std::printf("ICRP 110 AM: %s; %llu decays per source organ\n", grid.describe().c_str(),
              static_cast<unsigned long long>(decays));

  const auto opendose = validation::read_opendose_lu177_groups(std::filesystem::path(RPTDOSE_TEST_DATA_DIR) /
                                                               "montecarlo" / "opendose_icrp110am_lu177_s_values.csv");
  dose::DoseOptions dose_options;
  dose_options.components = true;
  const dose::DoseCalculator calculator(dose::make_dose_kernel("Lu-177", grid.spacing_mm(), {}, 0), dose_options);
  for (std::size_t source : {std::size_t{0}, std::size_t{1}}) {
    Volume<float> tia(grid, 0.0f);
    double tia_total = 0.0;
    for (std::size_t v = 0; v < tia.size(); ++v)
      if (labels.data()[v] == source + 1) tia.data()[v] = 1e6f, tia_total += 1e6;
    MonteCarloOptions options;
    options.decays = decays;
    options.seed = 31 + source;
    const auto mc = monte_carlo_dose(tia, phantom->geometry, "Lu-177", options, &labels);
    const auto with_density = calculator.dose_from_tia(tia, &density);
    const auto without_density = calculator.dose_from_tia(tia);
    // S in mGy/(MBq·s): Gy per TIA (Bq·s) × 10³ × 10⁶.
    const double to_s = 1e9 / tia_total;
    std::printf(
        "\n### 177Lu in the %s: %llu decays in %.0f s; energy per decay emitted %.4f, deposited %.4f, escaped "
        "%.4f MeV\n\n",
        groups[source].name, static_cast<unsigned long long>(mc.decays), mc.seconds, mc.energy_per_decay.emitted_MeV,
        mc.energy_per_decay.deposited_MeV, mc.energy_per_decay.escaped_MeV);
    std::printf(
        "| target | mass g | MC S mGy/(MBq·s) | MC photon share | kernel + density | its photon share | kernel, no "
        "density | MC / (kernel + density) | OpenDose | MC / OpenDose | (kernel + density) / OpenDose "
        "|\n|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (std::uint16_t l = 1; l <= remainder; ++l) {
      const VoiDose* v = nullptr;
      for (const auto& x : mc.vois)
        if (x.label == l) v = &x;
      if (!v) continue;
      const char* name = l == remainder ? "remainder of the body" : groups[l - 1].name;
      const double mc_s = v->mean_dose_Gy * to_s;
      const double mc_photon = validation::voi_mean(mc.dose_photon_Gy, labels, density, l) / v->mean_dose_Gy;
      const double k = validation::voi_mean(with_density.total, labels, density, l) * to_s;
      const double k_photon = validation::voi_mean(*with_density.photon, labels, density, l) * to_s / k;
      const double k0 = validation::voi_mean(without_density.total, labels, density, l) * to_s;
      std::printf("| %s | %.0f | %.4g ± %.2f %% | %.3f | %.4g | %.3f | %.4g | %.3f ± %.3f |", name, v->mass_g, mc_s,
                  100 * v->relative_uncertainty, mc_photon, k, k_photon, k0, mc_s / k,
                  mc_s / k * v->relative_uncertainty);
      const auto od = std::find_if(opendose.begin(), opendose.end(), [&](const auto& g) { return g.group == name; });
      if (od == opendose.end()) {
        std::printf(" — | — | — |\n");
        continue;
      }
      const double ref = source == 0 ? od->from_kidneys : od->from_liver;
      std::printf(" %.4g (%.0f g) | %.3f ± %.3f | %.3f |\n", ref, od->mass_g, mc_s / ref,
                  mc_s / ref * v->relative_uncertainty, k / ref);
    }
  }
}
