#include "rptdose/dose/density_correction.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/dose/dose_calculator.hpp"
#include "rptdose/dose/local_deposition.hpp"
#include "rptdose/nuclides/chain.hpp"

namespace rptdose::dose {
namespace {

const Grid kGrid({8, 6, 4}, Vector3(4.0, 4.0, 5.0));

/// Left half bone-like (1.85 g/mL), right half lung (0.26 g/mL), one air voxel (0.0012 g/mL).
Volume<float> mixed_density() {
  Volume<float> rho(kGrid, 1.85f);
  for (std::size_t k = 0; k < 4; ++k)
    for (std::size_t j = 0; j < 6; ++j)
      for (std::size_t i = 4; i < 8; ++i) rho(i, j, k) = 0.26f;
  rho(7, 5, 3) = 0.0012f;
  return rho;
}

TEST(DensityScale, IsKernelDensityOverClampedDensity) {
  const auto rho = mixed_density();
  const auto scale = density_scale(rho, 1.04);
  EXPECT_EQ(scale.clamped_voxels, 1u);
  EXPECT_FLOAT_EQ(scale.factor(0, 0, 0), static_cast<float>(1.04 / 1.85));
  EXPECT_FLOAT_EQ(scale.factor(5, 1, 1), static_cast<float>(1.04 / 0.26));
  EXPECT_FLOAT_EQ(scale.factor(7, 5, 3), static_cast<float>(1.04 / kDefaultDensityFloor_g_per_ml));
  EXPECT_EQ(density_scale(rho, 1.04, 0.3).clamped_voxels, 4u * 6u * 4u);  // the lung too
}

// LED with density correction is exact: every voxel receives Ã·E/(ρ·V) of its own density (above the floor).
TEST(DensityCorrection, LocalDepositionGivesEnergyOverRealMass) {
  const auto chain = nuclides::expand_chain("Lu-177");
  const auto led = local_deposition_kernel(chain, kGrid.spacing_mm(), 1.04);
  const Volume<float> tia(kGrid, 1e10f);
  const auto rho = mixed_density();
  const auto maps = DoseCalculator(led).dose_from_tia(tia, &rho);
  EXPECT_TRUE(maps.report.density_corrected);
  EXPECT_EQ(maps.report.density_clamped_voxels, 1u);
  const double energy_J = chain.energy_per_parent_decay().electron_MeV * units::kJoulePerMeV;
  for (std::size_t n = 0; n < tia.size(); ++n) {
    const double mass_kg = kGrid.voxel_volume_ml() * std::max<double>(rho[n], 0.1) * units::kKgPerGram;
    ASSERT_NEAR(maps.total[n] / (1e10 * energy_J / mass_kg), 1.0, 1e-5) << "voxel " << n;
  }
}

TEST(DensityCorrection, ScalesEveryComponentOfAKernelDose) {
  const auto led =
      local_deposition_kernel(nuclides::expand_chain("Ac-225"), kGrid.spacing_mm(), 1.0, {/*include_photons=*/true});
  DoseOptions options;
  options.components = true;
  const DoseCalculator calculator(led, options);
  const Volume<float> tia(kGrid, 1e9f);
  const auto rho = mixed_density();
  const auto plain = calculator.dose_from_tia(tia);
  const auto corrected = calculator.dose_from_tia(tia, &rho);
  for (const auto component : {kernels::KernelComponent::Alpha, kernels::KernelComponent::Electron,
                               kernels::KernelComponent::Photon, kernels::KernelComponent::Total}) {
    const auto& a = plain.component(component);
    const auto& b = corrected.component(component);
    EXPECT_NEAR(b(0, 0, 0) / a(0, 0, 0), 1.0 / 1.85, 1e-6);
    EXPECT_NEAR(b(7, 5, 3) / a(7, 5, 3), 1.0 / 0.1, 1e-5);
  }
}

TEST(DensityScale, BadDensitiesAreNamed) {
  auto rho = mixed_density();
  rho(2, 3, 1) = -1.0f;
  try {
    density_scale(rho, 1.04);
    FAIL() << "negative density accepted";
  } catch (const InvalidInput& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("1 negative voxel, the first at index (2, 3, 1)"));
  }
  rho(2, 3, 1) = std::numeric_limits<float>::quiet_NaN();
  EXPECT_THROW(density_scale(rho, 1.04), InvalidInput);
  rho(2, 3, 1) = 1.0f;
  EXPECT_THROW(density_scale(rho, 0.0), InvalidInput);
  EXPECT_THROW(density_scale(rho, 1.04, -0.1), InvalidInput);
}

}  // namespace
}  // namespace rptdose::dose
