#include "rptdose/kernels/kernel_generation.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/nuclides/chain.hpp"

namespace rptdose::kernels {
namespace {

KernelOptions options(double spacing, int half, std::optional<double> photon_radius = std::nullopt) {
  KernelOptions o;
  o.spacing_mm = Vector3(spacing, spacing, spacing);
  o.half_size = {half, half, half};
  o.photon_radius_mm = photon_radius;
  return o;
}

// Energy conservation (issue #3): Σ S·m over a kernel that contains the electrons equals the alpha + electron
// energy per decay of the chain (ICRP-107) within 0.5 %. The construction makes it exact to quadrature error.
TEST(KernelGeneration, ElectronAndAlphaEnergyIsConserved) {
  for (const auto& [name, spacing, half] :
       {std::tuple{"Lu-177", 4.8, 3}, std::tuple{"Lu-177", 2.0, 3}, std::tuple{"Y-90", 2.0, 8},
        std::tuple{"Ac-225", 4.8, 4}, std::tuple{"Pb-212", 3.0, 6}, std::tuple{"I-131", 1.0, 5}}) {
    const auto kernel = generate_kernel(name, options(spacing, half, 0.0));
    const auto expected = nuclides::expand_chain(name).energy_per_parent_decay();
    EXPECT_NEAR(kernel.deposited_energy_MeV(KernelComponent::Electron) / expected.electron_MeV, 1.0, 0.005) << name;
    EXPECT_NEAR(kernel.deposited_energy_MeV(KernelComponent::Alpha), expected.alpha_MeV + expected.alpha_recoil_MeV,
                1e-9 * (1.0 + expected.alpha_MeV))
        << name;
    EXPECT_EQ(kernel.deposited_energy_MeV(KernelComponent::Photon), 0.0) << name;
  }
}

// Photons: the kernel holds the fraction of the photon energy absorbed within the kernel; the absorbed energy
// grows with the kernel and approaches the emitted photon energy for a very large kernel (infinite medium).
TEST(KernelGeneration, PhotonPartIsTheAbsorbedFractionWithinTheKernel) {
  const double emitted = nuclides::expand_chain("Lu-177").energy_per_parent_decay().photon_MeV;
  double previous = 0.0;
  for (const int half : {2, 8, 25}) {
    const double absorbed = generate_kernel("Lu-177", options(4.8, half)).deposited_energy_MeV(KernelComponent::Photon);
    EXPECT_GT(absorbed, previous);
    EXPECT_LT(absorbed, emitted);
    previous = absorbed;
  }
  // 100 mm voxels, 41³ kernel: > 2 m of water on every side; 177Lu photons (≤ 0.32 MeV, mfp ≤ 9 cm) are absorbed.
  const double nearly_all = generate_kernel("Lu-177", options(100.0, 20)).deposited_energy_MeV(KernelComponent::Photon);
  EXPECT_NEAR(nearly_all / emitted, 1.0, 0.01);
  // Photon radius limits the deposition.
  const double limited =
      generate_kernel("Lu-177", options(4.8, 25, 20.0)).deposited_energy_MeV(KernelComponent::Photon);
  EXPECT_LT(limited, previous);
}

// Issue #3: 225Ac and 212Pb chain kernels at 4.8 mm: the self voxel's alpha part equals local deposition of the
// chain's alpha (+ recoil) energy within 1 % (here exactly: alphas are local by construction), with the
// beta/photon parts of the daughters (213Bi, 209Pb; 212Bi, 208Tl) in their own components.
TEST(KernelGeneration, AlphaEmittersAreDominatedByLocalAlphaDeposition) {
  for (const char* name : {"Ac-225", "Pb-212"}) {
    const auto kernel = generate_kernel(name, options(4.8, 5));
    const auto energy = nuclides::expand_chain(name).energy_per_parent_decay();
    const double local_alpha_Gy =
        (energy.alpha_MeV + energy.alpha_recoil_MeV) * units::kJoulePerMeV / kernel.voxel_mass_kg();
    EXPECT_NEAR(kernel.at(0, 0, 0, KernelComponent::Alpha) / local_alpha_Gy, 1.0, 1e-9) << name;
    // The daughters' betas mostly stop in a 4.8 mm voxel: more than half of the chain's electron energy.
    const double electron_self_MeV =
        kernel.at(0, 0, 0, KernelComponent::Electron) * kernel.voxel_mass_kg() / units::kJoulePerMeV;
    EXPECT_GT(electron_self_MeV / energy.electron_MeV, 0.5) << name;
    EXPECT_GT(kernel.at(0, 0, 0, KernelComponent::Electron), 0.0) << name;
    EXPECT_GT(kernel.at(0, 0, 0, KernelComponent::Photon), 0.0) << name;
    EXPECT_EQ(kernel.at(1, 0, 0, KernelComponent::Alpha), 0.0) << name;
  }
}

TEST(KernelGeneration, ComponentsSumToTotal) {
  const auto k = generate_kernel("Pb-212", options(3.0, 4));
  for (int i = -4; i <= 4; ++i)
    for (int j = -4; j <= 4; ++j)
      EXPECT_DOUBLE_EQ(k.at(i, j, 1), k.at(i, j, 1, KernelComponent::Alpha) + k.at(i, j, 1, KernelComponent::Electron) +
                                          k.at(i, j, 1, KernelComponent::Photon));
}

// Cubic voxels: symmetric under the 48 symmetries of the cube.
TEST(KernelGeneration, CubicKernelHasCubeSymmetry) {
  const auto k = generate_kernel("Lu-177", options(2.0, 4));
  for (int i = -4; i <= 4; ++i)
    for (int j = -4; j <= 4; ++j)
      for (int l = -4; l <= 4; ++l) {
        const double v = k.at(i, j, l);
        EXPECT_DOUBLE_EQ(v, k.at(-i, j, l));
        EXPECT_DOUBLE_EQ(v, k.at(j, i, l));
        EXPECT_DOUBLE_EQ(v, k.at(l, j, -i));
      }
}

// Anisotropic voxels: mirror symmetric; a neighbour along a short axis gets more than along a long axis; and the
// kernel of (a, a, b) voxels is the (b, a, a) kernel with the axes swapped.
TEST(KernelGeneration, AnisotropicVoxels) {
  KernelOptions o = options(1.0, 4);
  o.spacing_mm = Vector3(2.0, 2.0, 4.0);
  const auto k = generate_kernel("Y-90", o);
  o.spacing_mm = Vector3(4.0, 2.0, 2.0);
  const auto swapped = generate_kernel("Y-90", o);
  EXPECT_GT(k.at(1, 0, 0), k.at(0, 0, 1));
  for (int i = -4; i <= 4; ++i)
    for (int j = -4; j <= 4; ++j)
      for (int l = -4; l <= 4; ++l) {
        EXPECT_DOUBLE_EQ(k.at(i, j, l), k.at(-i, -j, -l));
        EXPECT_NEAR(k.at(i, j, l), swapped.at(l, j, i), 1e-12 * k.at(0, 0, 0));
      }
}

// Density scaling (O'Brien's theorem for a homogeneous medium): at density ρ, distances shrink by 1/ρ, so the
// kernel of voxel L at density ρ deposits the same energies as the kernel of voxel ρL at density 1, in a mass ρ³
// smaller... precisely S_ρ(L) = ρ² · S_1(ρL) (same energy per voxel, mass ρL³ versus (ρL)³).
TEST(KernelGeneration, DensityScaling) {
  KernelOptions dense = options(2.0, 4, 0.0);
  dense.density_g_per_ml = 1.5;
  KernelOptions water = options(3.0, 4, 0.0);
  water.medium = Medium::Water;
  const auto a = generate_kernel("Y-90", dense);
  const auto b = generate_kernel("Y-90", water);
  for (const auto& [i, j, l] : {std::tuple{0, 0, 0}, std::tuple{1, 0, 0}, std::tuple{1, 1, 0}, std::tuple{2, 1, 1}})
    EXPECT_NEAR(a.at(i, j, l) / (1.5 * 1.5 * b.at(i, j, l)), 1.0, 2e-3) << i << j << l;
}

TEST(KernelGeneration, RejectsBadInput) {
  EXPECT_THROW(generate_kernel("Lu-178m2x", options(4.8, 2)), UnknownNuclide);
  EXPECT_THROW(generate_kernel("Lu-177", options(0.0, 2)), InvalidInput);
  EXPECT_THROW(generate_kernel("Lu-177", options(-1.0, 2)), InvalidInput);
  EXPECT_THROW(generate_kernel("Lu-177", options(std::nan(""), 2)), InvalidInput);
  EXPECT_THROW(generate_kernel("Lu-177", options(4.8, 5000)), InvalidInput);
  EXPECT_THROW(generate_kernel("Lu-177", options(4.8, -1)), InvalidInput);
  KernelOptions o = options(4.8, 2);
  o.density_g_per_ml = 0.0;
  EXPECT_THROW(generate_kernel("Lu-177", o), InvalidInput);
  EXPECT_THROW(half_size_for_radius(Vector3(0.01, 1, 1), 100.0), InvalidInput);
  EXPECT_EQ(half_size_for_radius(Vector3(2, 3, 4.8), 9.6), (std::array<int, 3>{5, 4, 2}));
  EXPECT_THROW(parse_medium("bone"), InvalidInput);
  EXPECT_EQ(nominal_density_g_per_ml(parse_medium("soft-tissue")), 1.04);
}

}  // namespace
}  // namespace rptdose::kernels
