// The heterogeneous-media tables of docs/monte-carlo-validation.md §2–§3:
//  * Fano test: water slabs at 1.0 / 0.26 / 1.92 / 1.0 g/cm³ with a source uniform per unit mass
//    (validation::fano_slab_study): 177Lu in 1 mm voxels, 90Y in 2 mm voxels. Per slab and for the slices next to
//    each interface, the electron dose over E_electron·Ã/m (1 by Fano's theorem) for the Monte Carlo and for the
//    kernel convolution in water with density correction (the library's dose route);
//  * compact bone vs soft tissue: the voxel S-values of the source voxel and its neighbours (a single source voxel
//    in a 21³ phantom) of the Monte Carlo in ICRP soft tissue (1.04 g/cm³) and ICRU compact bone (1.85 g/cm³),
//    against Lanconelli et al. (2012, MCNPX) and against water kernels scaled by density (the kernels' model of
//    other media): 177Lu and 131I in 3 mm voxels, 90Y in 5 mm voxels.
//   build/bin/rptdose_mc_heterogeneous_check [Fano decays, default 2e7 (177Lu) and half for 90Y]
//                                           [S-value decays per medium, default 2e6] [fano: only the Fano test]
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "rptdose/core/units.hpp"
#include "rptdose/dose/dose_calculator.hpp"
#include "rptdose/dose/dose_method.hpp"
#include "rptdose/kernels/kernel_generation.hpp"
#include "rptdose/montecarlo/monte_carlo_dose.hpp"
#include "validation_geometries.hpp"

using namespace rptdose;
using namespace rptdose::montecarlo;

namespace {

const VoiDose* find_voi(const MonteCarloResult& r, std::uint16_t label) {
  for (const auto& v : r.vois)
    if (v.label == label) return &v;
  return nullptr;
}

void fano(const char* nuclide, double voxel_mm, std::size_t lateral, std::size_t slab_slices, std::size_t margin,
          std::uint64_t decays) {
  const auto study = validation::fano_slab_study(voxel_mm, lateral, slab_slices, margin);
  MonteCarloOptions options;
  options.decays = decays;
  options.seed = 11;
  const auto mc = monte_carlo_dose(study.tia, study.geometry, nuclide, options, &study.labels);
  dose::DoseMethodSpec spec;
  spec.medium = kernels::Medium::Water;
  dose::DoseOptions dose_options;
  dose_options.components = true;
  const auto kernel =
      dose::DoseCalculator(dose::make_dose_kernel(nuclide, study.tia.grid().spacing_mm(), spec, 0), dose_options)
          .dose_from_tia(study.tia, &study.geometry.density_g_per_cm3);
  const double electron_MeV = nuclides::expand_chain(nuclide).energy_per_parent_decay().electron_MeV;
  const double voxel_cm3 = std::pow(voxel_mm / 10.0, 3);
  const double expected = 1e6 * electron_MeV * units::kJoulePerMeV / (voxel_cm3 * units::kKgPerGram);
  const auto& rho = study.geometry.density_g_per_cm3;
  std::printf("\n### Fano test, %s, %.0f mm voxels, %llu decays (%.1f s); electron dose / (E_e·Ã/m)\n\n", nuclide,
              voxel_mm, static_cast<unsigned long long>(mc.decays), mc.seconds);
  std::printf("| region | density g/cm³ | Monte Carlo | kernel + density correction |\n|---|---|---|---|\n");
  const char* slab_names[4] = {"slab 1 (water)", "slab 2 (lung density)", "slab 3 (bone density)", "slab 4 (water)"};
  const double slab_density[4] = {1.0, 0.26, 1.92, 1.0};
  for (int s = 0; s < 4; ++s) {
    const auto label = static_cast<std::uint16_t>(validation::kRegionLabel0 + s);
    const VoiDose* v = find_voi(mc, label);
    std::printf("| %s, whole | %.2f | %.4f ± %.4f | %.4f |\n", slab_names[s], slab_density[s],
                validation::voi_mean(mc.dose_electron_Gy, study.labels, rho, label) / expected, v->relative_uncertainty,
                validation::voi_mean(*kernel.electron, study.labels, rho, label) / expected);
  }
  // The two slices on each side of the three interfaces.
  double mc_worst = 0.0, kernel_worst = 0.0;
  for (std::size_t k = margin; k < 4 * slab_slices - margin; ++k) {
    const auto label = static_cast<std::uint16_t>(validation::kProfileLabel0 + k);
    const double m = validation::voi_mean(mc.dose_electron_Gy, study.labels, rho, label) / expected;
    const double c = validation::voi_mean(*kernel.electron, study.labels, rho, label) / expected;
    mc_worst = std::max(mc_worst, std::abs(m - 1.0));
    kernel_worst = std::max(kernel_worst, std::abs(c - 1.0));
    const std::size_t in_slab = k % slab_slices;
    const bool near_interface =
        (in_slab <= 1 && k >= slab_slices) || (in_slab >= slab_slices - 2 && k + 2 < 4 * slab_slices);
    if (!near_interface) continue;
    std::printf("| slice %zu (%s %s) | %.2f | %.4f ± %.4f | %.4f |\n", k, in_slab <= 1 ? "first of" : "last of",
                slab_names[k / slab_slices], slab_density[k / slab_slices], m,
                find_voi(mc, label)->relative_uncertainty, c);
  }
  std::printf("| every scored slice: largest abs(ratio − 1) | | %.4f | %.4f |\n", mc_worst, kernel_worst);
  // Every scored slice as z = (ratio − 1)/σ, and χ² per slice: Fano's theorem is the null hypothesis.
  double chi2 = 0.0;
  int slices = 0;
  std::printf("\nMonte Carlo, every scored slice (k: ratio − 1 in %%, z):");
  for (std::size_t k = margin; k < 4 * slab_slices - margin; ++k, ++slices) {
    const auto label = static_cast<std::uint16_t>(validation::kProfileLabel0 + k);
    const double m = validation::voi_mean(mc.dose_electron_Gy, study.labels, rho, label) / expected;
    const double z = (m - 1.0) / find_voi(mc, label)->relative_uncertainty;
    chi2 += z * z;
    std::printf("%s %zu: %+.2f, %+.1f", slices % 6 == 0 ? "\n" : ";", k, 100 * (m - 1.0), z);
  }
  std::printf("\nχ²/slice = %.2f over %d slices\n", chi2 / slices, slices);
}

void bone_vs_soft(const char* nuclide, double h, std::uint64_t decays,
                  const std::map<std::tuple<std::string, std::string, int, int, int>, double>& reference) {
  const validation::ShellScoring scoring(21, h, {{0, 0, 0}, {1, 0, 0}, {1, 1, 0}, {1, 1, 1}, {2, 0, 0}, {2, 2, 2}});
  const auto& shells = scoring.shells;
  const auto& tia = scoring.tia;
  const auto& labels = scoring.labels;
  const Grid& grid = tia.grid();
  MonteCarloOptions options;
  options.decays = decays;
  options.seed = 21;
  const auto soft = monte_carlo_dose(tia, uniform_geometry(grid, icrp_soft_tissue(), 1.04), nuclide, options, &labels);
  options.seed = 22;
  const auto bone =
      monte_carlo_dose(tia, uniform_geometry(grid, validation::icru_compact_bone(), 1.85), nuclide, options, &labels);
  // Water kernels scaled to each density (kernels/kernel_generation.hpp: distances ∝ 1/ρ, dose per energy ∝ 1/ρ).
  kernels::KernelOptions ko;
  ko.spacing_mm = Vector3(h, h, h);
  ko.half_size = {10, 10, 10};
  ko.medium = kernels::Medium::SoftTissue;
  const auto kernel_soft = kernels::generate_kernel(nuclide, ko);
  ko.density_g_per_ml = 1.85;
  const auto kernel_bone = kernels::generate_kernel(nuclide, ko);
  std::printf("\n### %s, %.0f mm voxels, %llu decays per medium (%.1f s, %.1f s); S in mGy/(MBq·s)\n\n", nuclide, h,
              static_cast<unsigned long long>(decays), soft.seconds, bone.seconds);
  std::printf(
      "| voxel | MC soft | Lanconelli soft | MC bone | Lanconelli bone | water×ρ kernel bone | (bone/soft) MC ÷ "
      "Lanconelli | (bone/soft) kernel ÷ Lanconelli |\n|---|---|---|---|---|---|---|---|\n");
  for (std::size_t s = 0; s < shells.size(); ++s) {
    const auto& [i, j, k] = shells[s];
    const VoiDose *vs = find_voi(soft, static_cast<std::uint16_t>(s + 1)),
                  *vb = find_voi(bone, static_cast<std::uint16_t>(s + 1));
    const double ms = vs->mean_dose_Gy * 1e3, mb = vb->mean_dose_Gy * 1e3;
    const double rs = reference.at({nuclide, "soft", i, j, k}), rb = reference.at({nuclide, "bone", i, j, k});
    const double ks = kernel_soft.at(i, j, k) * 1e9, kb = kernel_bone.at(i, j, k) * 1e9;
    const double ratio = (mb / ms) / (rb / rs), sigma = std::hypot(vs->relative_uncertainty, vb->relative_uncertainty);
    std::printf("| (%d,%d,%d) | %.4g ± %.1f %% | %.3g | %.4g ± %.1f %% | %.3g | %.4g | %.3f ± %.3f | %.3f |\n", i, j, k,
                ms, 100 * vs->relative_uncertainty, rs, mb, 100 * vb->relative_uncertainty, rb, kb, ratio,
                ratio * sigma, (kb / ks) / (rb / rs));
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t fano_decays = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 20'000'000;
  const std::uint64_t s_decays = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 2'000'000;
  const bool fano_only = argc > 3 && std::string(argv[3]) == "fano";
  fano("Lu-177", 1.0, 30, 15, 7, fano_decays);
  fano("Y-90", 2.0, 40, 15, 12, fano_decays / 2);
  if (fano_only) return 0;
  const auto reference = validation::read_lanconelli_shells(RPTDOSE_TEST_DATA_DIR);
  bone_vs_soft("Lu-177", 3.0, s_decays, reference);
  bone_vs_soft("Y-90", 5.0, s_decays, reference);
  bone_vs_soft("I-131", 3.0, s_decays, reference);
}
