#include "rptdose/dose/local_deposition.hpp"

#include <gtest/gtest.h>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"

namespace rptdose::dose {
namespace {

using kernels::KernelComponent;

// Hand calculation for 177Lu: 0.1479 MeV of electrons per decay (ICRP 107) in a 4 mm cube of soft tissue
// (0.064 mL × 1.04 g/mL = 66.56 mg): S = 0.1479 × 1.602176634e-13 J / 6.656e-5 kg = 3.560e-10 Gy/(Bq·s).
TEST(LocalDeposition, Lu177MatchesTheHandCalculation) {
  const auto kernel = local_deposition_kernel(nuclides::expand_chain("Lu-177"), Vector3::Constant(4.0), 1.04);
  EXPECT_EQ(kernel.grid().size(), (Size3{1, 1, 1}));
  EXPECT_NEAR(kernel.at(0, 0, 0) / 3.560e-10, 1.0, 1e-3);
  EXPECT_EQ(kernel.at(0, 0, 0, KernelComponent::Photon), 0.0);
  EXPECT_EQ(kernel.at(0, 0, 0, KernelComponent::Alpha), 0.0);
  EXPECT_NEAR(kernel.deposited_energy_MeV(), nuclides::expand_chain("Lu-177").energy_per_parent_decay().electron_MeV,
              1e-12);
}

TEST(LocalDeposition, AlphaChainCountsEveryMemberAndPhotonsOnRequest) {
  const auto chain = nuclides::expand_chain("Ac-225");
  const auto energy = chain.energy_per_parent_decay();
  const auto without = local_deposition_kernel(chain, Vector3(2.0, 3.0, 4.0), 1.0);
  const auto with = local_deposition_kernel(chain, Vector3(2.0, 3.0, 4.0), 1.0, {/*include_photons=*/true});
  EXPECT_NEAR(without.deposited_energy_MeV(KernelComponent::Alpha), energy.alpha_MeV + energy.alpha_recoil_MeV, 1e-9);
  EXPECT_GT(energy.alpha_MeV, 27.0);  // four alphas per 225Ac decay
  EXPECT_EQ(without.deposited_energy_MeV(KernelComponent::Photon), 0.0);
  EXPECT_NEAR(with.deposited_energy_MeV(KernelComponent::Photon), energy.photon_MeV, 1e-9);
  EXPECT_NE(without.info().chain.find("Bi-213"), std::string::npos);
}

TEST(LocalDeposition, RejectsBadDensityAndSpacing) {
  const auto chain = nuclides::expand_chain("Lu-177");
  EXPECT_THROW(local_deposition_kernel(chain, Vector3::Constant(4.0), 0.0), InvalidInput);
  EXPECT_THROW(local_deposition_kernel(chain, Vector3::Constant(4.0), std::nan("")), InvalidInput);
  EXPECT_THROW(local_deposition_kernel(chain, Vector3(4.0, -1.0, 4.0), 1.0), InvalidInput);
}

}  // namespace
}  // namespace rptdose::dose
