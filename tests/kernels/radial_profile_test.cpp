#include "rptdose/kernels/radial_profile.hpp"

#include <gtest/gtest.h>

#include "rptdose/core/error.hpp"

namespace rptdose::kernels {
namespace {

TEST(RadialProfile, UniformEnergyAndExactMoments) {
  RadialProfile p(0.1, 100);     // 0..10 mm
  p.add_uniform(1.0, 3.0, 2.0);  // 1 MeV/mm between 1 and 3 mm
  EXPECT_NEAR(p.deposited_energy_MeV(), 2.0, 1e-12);
  const auto m = p.moments(2.0);
  EXPECT_NEAR(m[0], 1.0, 1e-12);
  EXPECT_NEAR(m[1], (4.0 - 1.0) / 2.0, 1e-12);
  EXPECT_NEAR(m[2], (8.0 - 1.0) / 3.0, 1e-12);
  EXPECT_NEAR(m[3], (16.0 - 1.0) / 4.0, 1e-12);
  const auto all = p.moments(50.0);
  EXPECT_NEAR(all[0], 2.0, 1e-12);
  EXPECT_NEAR(p.support_radius_mm(), 3.0, 1e-9);
}

TEST(RadialProfile, EnergyBeyondTheLastShellEscapes) {
  RadialProfile p(1.0, 5);
  p.add_uniform(4.0, 6.0, 2.0);
  EXPECT_NEAR(p.deposited_energy_MeV(), 1.0, 1e-12);
  EXPECT_NEAR(p.escaped_energy_MeV(), 1.0, 1e-12);
  p.add_point(3.0);
  EXPECT_NEAR(p.deposited_energy_MeV(), 4.0, 1e-12);
  EXPECT_NEAR(p.moments(10.0)[0], 1.0, 1e-12);  // the point part is not in the shell moments
}

TEST(RadialProfile, RejectsBadShells) {
  EXPECT_THROW(RadialProfile(0.0, 10), InvalidInput);
  EXPECT_THROW(RadialProfile(1.0, 0), InvalidInput);
}

}  // namespace
}  // namespace rptdose::kernels
