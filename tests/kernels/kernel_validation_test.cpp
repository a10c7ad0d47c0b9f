// Validation of generated 177Lu kernels against independent Monte Carlo voxel S-values: the Lanconelli et al.
// (2012) database (MCNPX, ICRP soft tissue 1.04 g/cm³; Phys Med Biol 57:517), tables in tests/data/vsv/ with
// their provenance in each file's header.
//
// Like with like: the published tables hold less electron energy per decay than ICRP-107 177Lu (Σ S·m minus the
// photon part ≈ 0.138 MeV against 0.133 MeV of betas and 0.148 MeV of betas + conversion + Auger electrons), so
// they do not carry the full conversion/Auger emission. The electron part is therefore compared as fractions of
// its own energy (self, face, edge, corner and 3×3×3 block), against our beta-spectrum kernel; the photon part is
// compared directly far from the source, where photons dominate. docs/physics.md reports the full tables.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "rptdose/core/units.hpp"
#include "rptdose/kernels/kernel_generation.hpp"
#include "rptdose/kernels/kernel_io.hpp"
#include "rptdose/kernels/point_kernel_table.hpp"
#include "rptdose/kernels/voxel_integration.hpp"
#include "rptdose/nuclides/decay_database.hpp"

namespace rptdose::kernels {
namespace {

struct Reference {
  const char* file;
  double spacing_mm;
};
constexpr Reference kLu177SoftTissue[] = {
    {"lu177_soft_tissue_2.21mm_lanconelli2012.csv", 2.21},
    {"lu177_soft_tissue_3mm_lanconelli2012.csv", 3.0},
    {"lu177_soft_tissue_4mm_lanconelli2012.csv", 4.0},
    {"lu177_soft_tissue_5mm_lanconelli2012.csv", 5.0},
};
constexpr double kSoftTissueDensity = 1.04;
constexpr int kHalf = 5;

DoseKernel read_reference(const Reference& r) {
  KernelTableOptions options;
  options.spacing_mm = Vector3(r.spacing_mm, r.spacing_mm, r.spacing_mm);
  options.unit = KernelUnit::MilliGyPerMBqSecond;
  options.info.density_g_per_ml = kSoftTissueDensity;
  return read_kernel_table(std::filesystem::path(RPTDOSE_TEST_DATA_DIR) / "vsv" / r.file, options);
}

/// Our full 177Lu kernel for the reference's voxels (soft tissue, photons to the kernel corner).
DoseKernel generate_like(const Reference& r) {
  KernelOptions options;
  options.spacing_mm = Vector3(r.spacing_mm, r.spacing_mm, r.spacing_mm);
  options.half_size = {kHalf, kHalf, kHalf};
  return generate_kernel("Lu-177", options);
}

/// Energy (MeV per decay) deposited in each voxel by the 177Lu beta spectrum alone.
Volume<double> beta_only_energy(double spacing_mm) {
  const auto& lu = nuclides::DecayDatabase::instance().get("Lu-177");
  RadialProfile profile(spacing_mm / 100.0, 8 * 100);
  PointKernelTable::electrons_in_water().add_spectrum(
      profile, lu.beta_spectrum(), lu.energy_per_decay_MeV(nuclides::Radiation::BetaMinus), kSoftTissueDensity);
  return integrate_over_voxels(profile, Vector3(spacing_mm, spacing_mm, spacing_mm), {kHalf, kHalf, kHalf});
}

double at(const Volume<double>& v, int i, int j, int k) {
  return v(static_cast<std::size_t>(i + kHalf), static_cast<std::size_t>(j + kHalf),
           static_cast<std::size_t>(k + kHalf));
}

double block_sum(const Volume<double>& v) {
  double s = 0.0;
  for (int i = -1; i <= 1; ++i)
    for (int j = -1; j <= 1; ++j)
      for (int k = -1; k <= 1; ++k) s += at(v, i, j, k);
  return s;
}

// Electron part as fractions of its energy. Tolerances: the targets (self 3 %, face 10 %, 3×3×3 block
// 3 %); the agreement measured is self ≤ 0.4 %, face ≤ 2.5 %, edge ≤ 6 % (see docs/physics.md).
TEST(KernelValidation, Lu177ElectronShellsMatchLanconelli2012) {
  for (const auto& r : kLu177SoftTissue) {
    const DoseKernel reference = read_reference(r);
    const DoseKernel ours = generate_like(r);
    // Reference electron part = reference total − our photon part (validated separately below).
    Volume<double> reference_electron = reference.values().clone();
    reference_electron -= ours.values(KernelComponent::Photon);
    const Volume<double> beta = beta_only_energy(r.spacing_mm);
    const double ref_sum = reference_electron.sum(), beta_sum = beta.sum();
    auto fraction_ratio = [&](int i, int j, int k) {
      return (at(beta, i, j, k) / beta_sum) / (at(reference_electron, i, j, k) / ref_sum);
    };
    const double block = (block_sum(beta) / beta_sum) / (block_sum(reference_electron) / ref_sum);
    std::printf("%-46s electron fractions ours/reference: self %.4f face %.4f edge %.4f corner %.4f 3x3x3 %.4f\n",
                r.file, fraction_ratio(0, 0, 0), fraction_ratio(1, 0, 0), fraction_ratio(1, 1, 0),
                fraction_ratio(1, 1, 1), block);
    EXPECT_NEAR(fraction_ratio(0, 0, 0), 1.0, 0.03) << r.file << " self";
    EXPECT_NEAR(fraction_ratio(1, 0, 0), 1.0, 0.10) << r.file << " face";
    EXPECT_NEAR(fraction_ratio(1, 1, 0), 1.0, 0.15) << r.file << " edge";
    EXPECT_NEAR(block, 1.0, 0.03) << r.file << " 3x3x3";
    // The reference's electron energy per decay lies between the beta-only and the full ICRP-107 electron energy.
    const double ref_electron_MeV = ref_sum * reference.voxel_mass_kg() / units::kJoulePerMeV;
    std::printf("%-46s reference electron energy %.5f MeV/decay; ours (ICRP-107) %.5f, beta only %.5f\n", r.file,
                ref_electron_MeV, ours.deposited_energy_MeV(KernelComponent::Electron), beta_sum);
    EXPECT_GT(ref_electron_MeV, 0.99 * 0.13327) << r.file;
    EXPECT_LT(ref_electron_MeV, 0.14792) << r.file;
  }
}

// Photon part: far from the source (≥ 2 voxels, where electrons no longer reach) the reference is pure photon
// dose; ours agrees within 5 % voxel by voxel (measured: ≤ 3 %).
TEST(KernelValidation, Lu177PhotonFarFieldMatchesLanconelli2012) {
  for (const auto& r : kLu177SoftTissue) {
    const DoseKernel reference = read_reference(r);
    const DoseKernel ours = generate_like(r);
    double worst = 0.0;
    for (int i = 0; i <= kHalf; ++i)
      for (int j = 0; j <= i; ++j)
        for (int k = 0; k <= j; ++k) {
          if (i < 3) continue;  // 177Lu betas reach 1.7 mm in soft tissue: beyond 2 voxels only photons
          const double ratio = ours.at(i, j, k) / reference.at(i, j, k);
          worst = std::max(worst, std::abs(ratio - 1.0));
          EXPECT_NEAR(ratio, 1.0, 0.05) << r.file << " (" << i << j << k << ")";
        }
    std::printf("%-46s photon far field (offsets with max index >= 3): worst |ours/reference - 1| = %.4f\n", r.file,
                worst);
  }
}

}  // namespace
}  // namespace rptdose::kernels
