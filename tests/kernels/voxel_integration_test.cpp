#include "rptdose/kernels/voxel_integration.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <numeric>
#include <random>

namespace rptdose::kernels {
namespace {

RadialProfile test_profile(double shell_mm, double reach_mm) {
  // Two electron-like components: a short-range one and one reaching beyond the neighbour voxels.
  RadialProfile p(shell_mm, static_cast<std::size_t>(std::ceil(reach_mm / shell_mm)) + 1);
  p.add_uniform(0.0, 0.15 * reach_mm, 1.0);
  p.add_uniform(0.0, reach_mm, 2.0);
  return p;
}

/// Independent reference: Monte Carlo over source points (uniform in the source voxel), isotropic directions and
/// radii drawn from the profile; tallies the energy fraction landing in each voxel.
std::map<std::array<int, 3>, double> brute_force(const RadialProfile& p, const Vector3& L, std::size_t samples) {
  std::mt19937_64 rng(12345);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const auto& shells = p.shell_energy_MeV();
  std::vector<double> cumulative(shells.size());
  std::partial_sum(shells.begin(), shells.end(), cumulative.begin());
  const double total = cumulative.back();
  std::map<std::array<int, 3>, double> out;
  for (std::size_t n = 0; n < samples; ++n) {
    const double pick = u(rng) * total;
    const auto s =
        static_cast<std::size_t>(std::lower_bound(cumulative.begin(), cumulative.end(), pick) - cumulative.begin());
    const double r = (s + u(rng)) * p.shell_width_mm();
    const double c = 2.0 * u(rng) - 1.0, phi = 2.0 * M_PI * u(rng), sn = std::sqrt(1.0 - c * c);
    const double dir[3] = {sn * std::cos(phi), sn * std::sin(phi), c};
    std::array<int, 3> offset{};
    for (int a = 0; a < 3; ++a) {
      const double x = (u(rng) - 0.5) * L[a] + r * dir[a];
      offset[a] = static_cast<int>(std::floor(x / L[a] + 0.5));
    }
    out[offset] += 1.0 / static_cast<double>(samples);
  }
  return out;
}

// Against an independent Monte Carlo integration: every voxel holding > 0.5 % of the energy agrees within 1 %
// plus 4 statistical sigma, for cubic and strongly anisotropic voxels.
TEST(VoxelIntegration, AgreesWithBruteForceMonteCarlo) {
  for (const Vector3& spacing : {Vector3(2.0, 2.0, 2.0), Vector3(1.5, 2.5, 4.0), Vector3(4.8, 4.8, 1.2)}) {
    const RadialProfile p = test_profile(0.01, spacing.minCoeff() < 1.5 ? 6.0 : 3.2);
    const std::array<int, 3> half{4, 4, 4};
    const auto e = integrate_over_voxels(p, spacing, half);
    const double total = p.deposited_energy_MeV();
    const std::size_t samples = 2000000;
    for (const auto& [offset, fraction] : brute_force(p, spacing, samples)) {
      if (fraction < 0.0005 || std::abs(offset[0]) > 4 || std::abs(offset[1]) > 4 || std::abs(offset[2]) > 4) continue;
      const double computed = e(offset[0] + 4, offset[1] + 4, offset[2] + 4) / total;
      const double sigma = std::sqrt(fraction / samples);
      EXPECT_NEAR(computed, fraction, 0.01 * fraction + 4.0 * sigma)
          << "offset " << offset[0] << "," << offset[1] << "," << offset[2] << " spacing " << spacing.transpose();
    }
  }
}

// Σ_Δ W_Δ(u) = V for every u: the voxel values add up to the deposited energy when the kernel covers the profile.
// This profile ends with a step (unlike physical kernels, which fall smoothly); the Gauss quadrature of voxels cut
// by that step limits the sum to ~5e-4 for a 4:1 voxel, hence 1e-3. Physical kernels: kernel_generation_test.
TEST(VoxelIntegration, ConservesEnergy) {
  for (const Vector3& spacing : {Vector3(2.0, 2.0, 2.0), Vector3(1.0, 2.0, 3.0), Vector3(4.8, 4.8, 1.2)}) {
    RadialProfile p = test_profile(0.005, 6.0);
    p.add_point(0.5);
    const auto e = integrate_over_voxels(p, spacing, {8, 8, 8});
    EXPECT_NEAR(e.sum() / p.deposited_energy_MeV(), 1.0, 1e-3) << spacing.transpose();
  }
}

TEST(VoxelIntegration, PointEnergyStaysInTheSourceVoxel) {
  RadialProfile p(0.1, 10);
  p.add_point(5.0);
  const auto e = integrate_over_voxels(p, Vector3(3, 3, 3), {2, 2, 2});
  EXPECT_DOUBLE_EQ(e(2, 2, 2), 5.0);
  EXPECT_DOUBLE_EQ(e.sum(), 5.0);
}

// Cubic voxels: the 48 symmetries of the cube. Anisotropic voxels: the three mirror planes.
TEST(VoxelIntegration, Symmetries) {
  const RadialProfile p = test_profile(0.01, 5.0);
  const auto cubic = integrate_over_voxels(p, Vector3(2, 2, 2), {3, 3, 3});
  for (int i = -3; i <= 3; ++i)
    for (int j = -3; j <= 3; ++j)
      for (int k = -3; k <= 3; ++k) {
        const double v = cubic(i + 3, j + 3, k + 3);
        EXPECT_DOUBLE_EQ(v, cubic(j + 3, k + 3, i + 3));
        EXPECT_DOUBLE_EQ(v, cubic(-i + 3, j + 3, -k + 3));
        EXPECT_DOUBLE_EQ(v, cubic(k + 3, j + 3, i + 3));
      }
  const auto aniso = integrate_over_voxels(p, Vector3(1.5, 2, 3), {3, 3, 3});
  for (int i = -3; i <= 3; ++i)
    for (int j = -3; j <= 3; ++j)
      for (int k = -3; k <= 3; ++k) EXPECT_DOUBLE_EQ(aniso(i + 3, j + 3, k + 3), aniso(-i + 3, -j + 3, -k + 3));
  // Closer along the short axis: more energy in the x neighbour than in the z neighbour.
  EXPECT_GT(aniso(4, 3, 3), aniso(3, 3, 4));
}

TEST(VoxelIntegration, KernelGridIsCentredOnTheSource) {
  const Grid g = kernel_grid(Vector3(2, 3, 4), {1, 2, 3});
  EXPECT_EQ(g.size(), (Size3{3, 5, 7}));
  EXPECT_TRUE(g.index_to_point(Index3{1, 2, 3}).isZero(1e-12));
  EXPECT_THROW(kernel_grid(Vector3(2, 3, 4), {-1, 2, 3}), InvalidInput);
}

}  // namespace
}  // namespace rptdose::kernels
