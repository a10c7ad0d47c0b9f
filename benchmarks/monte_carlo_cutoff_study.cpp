// The cut-off study of docs/monte-carlo-validation.md §1: soft tissue / lung (0.26 g/cm³) / cortical bone / soft
// tissue slabs of 4 mm voxels with source bands across all three interfaces
// (tests/montecarlo/validation_geometries.hpp, cutoff_slab_study), 177Lu and 90Y. Each variant of the electron cut-off
// (5, 10, 30 keV), the knock-on cut-off (20, 50 keV) and range rejection (on, off) against the defaults (10 keV, 20
// keV, on), each run with its own seed:
//  * eight regions (source bands on each side of the interfaces and the dose fall-offs between them; mirror-image
//    columns): dose, relative uncertainty and z = (D − D_default)/√(σ² + σ_default²);
//  * the 24-slice depth-dose profile (columns i < 6): largest |z|, χ²/slice, and the largest |D/D_default − 1| over
//    the slices where the default run's uncertainty is below 1 % (the tails' doses are known to 2–20 % only);
//  * the run time (range rejection is what the cut-offs cost or save).
//   build/bin/rptdose_mc_cutoff_study [decays for 177Lu, default 4e6] [decays for 90Y, default 2e6]
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "rptdose/montecarlo/monte_carlo_dose.hpp"
#include "validation_geometries.hpp"

using namespace rptdose;
using namespace rptdose::montecarlo;

namespace {

const VoiDose& voi(const MonteCarloResult& r, std::uint16_t label) {
  for (const auto& v : r.vois)
    if (v.label == label) return v;
  std::fprintf(stderr, "no VOI %d\n", label);
  std::exit(1);
}

double z_score(const VoiDose& a, const VoiDose& b) {
  const double sa = a.relative_uncertainty * a.mean_dose_Gy, sb = b.relative_uncertainty * b.mean_dose_Gy;
  return (a.mean_dose_Gy - b.mean_dose_Gy) / std::sqrt(sa * sa + sb * sb);
}

struct Variant {
  const char* name;
  double electron_cutoff_MeV, knock_on_cutoff_MeV;
  bool range_rejection;
};

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t lu_decays = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 4'000'000;
  const std::uint64_t y_decays = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 2'000'000;
  const auto study = validation::cutoff_slab_study(false);
  const std::vector<Variant> variants = {{"default (10 keV, 20 keV, RR on)", 0.01, 0.02, true},
                                         {"electron cut-off 5 keV", 0.005, 0.02, true},
                                         {"electron cut-off 30 keV", 0.03, 0.02, true},
                                         {"knock-on cut-off 50 keV", 0.01, 0.05, true},
                                         {"range rejection off", 0.01, 0.02, false},
                                         {"5 keV, 20 keV, RR off", 0.005, 0.02, false}};
  for (const auto& [nuclide, decays] : {std::pair<const char*, std::uint64_t>{"Lu-177", lu_decays},
                                        std::pair<const char*, std::uint64_t>{"Y-90", y_decays}}) {
    std::printf("\n### %s, %llu decays per run\n\n", nuclide, static_cast<unsigned long long>(decays));
    std::printf("| variant | s |");
    for (const char* name : validation::kCutoffRegionNames) std::printf(" %s Gy (z) |", name);
    std::printf(" profile max abs z | profile chi2/slice | profile max abs diff (σ < 1 %%) |\n|---|---|");
    for (std::size_t r = 0; r < validation::kCutoffRegionNames.size() + 3; ++r) std::printf("---|");
    std::printf("\n");
    {
      MonteCarloOptions warm_up;  // decay data, material tables and pages touched once before the timed runs
      warm_up.decays = 4096;
      monte_carlo_dose(study.tia, study.geometry, nuclide, warm_up, &study.labels);
    }
    std::vector<MonteCarloResult> runs;
    std::uint64_t seed = 1;
    for (const Variant& v : variants) {
      MonteCarloOptions options;
      options.decays = decays;
      options.seed = seed++;
      options.electron_cutoff_MeV = v.electron_cutoff_MeV;
      options.physics.knock_on_cutoff_MeV = v.knock_on_cutoff_MeV;
      options.range_rejection = v.range_rejection;
      runs.push_back(monte_carlo_dose(study.tia, study.geometry, nuclide, options, &study.labels));
      const auto& run = runs.back();
      const auto& reference = runs.front();
      std::printf("| %s | %.1f |", v.name, run.seconds);
      for (int r = 0; r < static_cast<int>(validation::kCutoffRegionNames.size()); ++r) {
        const VoiDose& x = voi(run, validation::kRegionLabel0 + r);
        if (runs.size() == 1)
          std::printf(" %.4g ± %.2f %% |", x.mean_dose_Gy, 100 * x.relative_uncertainty);
        else
          std::printf(" %.4g ± %.2f %% (%+.1f) |", x.mean_dose_Gy, 100 * x.relative_uncertainty,
                      z_score(x, voi(reference, validation::kRegionLabel0 + r)));
      }
      if (runs.size() == 1) {
        std::printf(" — | — | — |\n");
        continue;
      }
      double max_z = 0.0, chi2 = 0.0, max_rel = 0.0;
      for (int k = 0; k < 24; ++k) {
        const VoiDose &x = voi(run, validation::kProfileLabel0 + k),
                      &y = voi(reference, validation::kProfileLabel0 + k);
        const double z = z_score(x, y), rel = std::abs(x.mean_dose_Gy / y.mean_dose_Gy - 1.0);
        max_z = std::max(max_z, std::abs(z));
        chi2 += z * z / 24.0;
        if (y.relative_uncertainty < 0.01) max_rel = std::max(max_rel, rel);
      }
      std::printf(" %.2f | %.2f | %.2f %% |\n", max_z, chi2, 100 * max_rel);
    }
    std::printf("\nDepth-dose profile of the default run (slice: Gy ± %%):");
    for (int k = 0; k < 24; ++k) {
      const VoiDose& x = voi(runs.front(), validation::kProfileLabel0 + k);
      std::printf("%s %d: %.4g ± %.2f", k % 6 == 0 ? "\n" : ";", k, x.mean_dose_Gy, 100 * x.relative_uncertainty);
    }
    std::printf("\n");
  }
}
