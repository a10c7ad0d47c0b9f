// Full-range photons (issue 18): the default dose kernel follows photons over the whole image, the far part on a
// coarser grid (DoseCalculator, kernels/photon_far_field.hpp). The reference is the same physics at full
// resolution: a kernel reaching every voxel pair of the image (methods.kernel_radius_mm as large as the image).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "rptdose/core/units.hpp"
#include "rptdose/dose/dose_calculator.hpp"
#include "rptdose/dose/dose_method.hpp"
#include "rptdose/kernels/kernel_generation.hpp"
#include "rptdose/kernels/photon_far_field.hpp"
#include "rptdose/nuclides/chain.hpp"

namespace rptdose::dose {
namespace {

using kernels::KernelComponent;

constexpr double kTia_Bq_s = 3.6e10;  // 10 MBq·h

DoseOptions with_components() {
  DoseOptions options;
  options.components = true;
  options.convolution.threads = 2;
  return options;
}

/// The full-resolution kernel reaching every voxel pair of `size`.
kernels::DoseKernel reference_kernel(const std::string& nuclide, const Size3& size, const Vector3& spacing) {
  DoseMethodSpec reference;
  double reach = 0.0;
  for (int a = 0; a < 3; ++a) reach = std::max(reach, static_cast<double>(size[a] - 1) * spacing[a]);
  reference.kernel_radius_mm = reach;
  return make_dose_kernel(nuclide, spacing, reference, 2);
}

TEST(FullRangePhotons, IsTheDefaultAndAKernelRadiusCutsAsBefore) {
  const Vector3 spacing = Vector3::Constant(4.0);
  const auto full = make_dose_kernel("Lu-177", spacing, DoseMethodSpec{}, 1);
  ASSERT_NE(full.far_photon(), nullptr);
  EXPECT_EQ(full.far_photon()->split_radius_mm(), kFullRangePhotonSplitRadius_mm);
  EXPECT_EQ(full.half_size(), (std::array<int, 3>{15, 15, 15}));  // 60 mm of 4 mm voxels
  DoseMethodSpec cut;
  cut.kernel_radius_mm = 30.0;
  const auto kernel = make_dose_kernel("Lu-177", spacing, cut, 1);
  EXPECT_EQ(kernel.far_photon(), nullptr);
  EXPECT_EQ(kernel.half_size(), (std::array<int, 3>{8, 8, 8}));
  // The split conserves energy: near part + far part = what the photons deposit within the far field's reach
  // (5 mean free paths of 177Lu's 208 keV photons hold all but ~1e-4 of it: the table's far tail).
  const double photon_MeV = full.deposited_energy_MeV(KernelComponent::Photon);
  const double emitted_MeV = nuclides::expand_chain("Lu-177").energy_per_parent_decay().photon_MeV;
  EXPECT_GT(photon_MeV, 0.99 * emitted_MeV);
  EXPECT_LE(photon_MeV, emitted_MeV * (1.0 + 1e-9));
  // The coarse grid: 20 mm voxels for a 60 mm split (3 coarse voxels).
  EXPECT_EQ(far_photon_coarse_factor(spacing, kFullRangePhotonSplitRadius_mm), (std::array<std::size_t, 3>{5, 5, 5}));
}

// One voxel of 177Lu in a 244 mm water-equivalent cube (61³ voxels of 4 mm): the photon dose of the two-grid
// convolution against the full-resolution kernel reaching the whole cube.
//  * Energy: Σ D·m in the cube within 1 % (restriction and interpolation conserve it; the rest is the coarse
//    sampling of the far field, measured −0.4 %).
//  * Near the source (within 2 voxels, the near part at full resolution) within 1 %.
//  * Every voxel along the axis within 7 %, beyond the split radius within 5 %: the coarse grid's second-order
//    error for one source at one position in its coarse voxel (measured at most 5.9 % and 3.9 %); it averages out
//    over organs (next test: < 1 %).
TEST(FullRangePhotons, PointSourceMatchesTheFullResolutionKernel) {
  const double h = 4.0;
  const std::size_t n = 61, s = n / 2;
  const Vector3 spacing = Vector3::Constant(h);
  Volume<float> tia(Grid({n, n, n}, spacing));
  tia(s, s, s) = static_cast<float>(kTia_Bq_s);
  const auto kernel = make_dose_kernel("Lu-177", spacing, DoseMethodSpec{}, 2);
  const auto maps = DoseCalculator(kernel, with_components()).dose_from_tia(tia);
  const auto ref =
      DoseCalculator(reference_kernel("Lu-177", tia.grid().size(), spacing), with_components()).dose_from_tia(tia);
  EXPECT_THAT(maps.report.method, testing::HasSubstr("far photons"));
  EXPECT_NEAR(maps.photon->sum() / ref.photon->sum(), 1.0, 0.01);
  for (std::size_t d = 0; d <= s; ++d) {
    SCOPED_TRACE(d);
    const double ratio = (*maps.photon)(s + d, s, s) / (*ref.photon)(s + d, s, s);
    const double tolerance = d <= 2 ? 0.01 : static_cast<double>(d) * h > kFullRangePhotonSplitRadius_mm ? 0.05 : 0.07;
    EXPECT_NEAR(ratio, 1.0, tolerance);
  }
  // Alphas and electrons are untouched: the same kernel parts at full resolution.
  EXPECT_NEAR(maps.electron->sum() / ref.electron->sum(), 1.0, 1e-5);
}

// A small patient: a soft-tissue body (ellipsoid 300 × 220 × 260 mm) with low uptake, a liver, two kidneys, a
// vertebral marrow proxy and a distant tumour, 4.8 mm voxels (64 × 48 × 56). Mean dose per VOI of the two-grid
// convolution within 1 % of the full-resolution full-range kernel (issue 18's requirement; the bundled example
// study measured ≤ 0.05 %, docs/dose-engine.md; here measured ≤ 0.09 %), its photon part within 2 % (measured
// ≤ 0.4 %).
TEST(FullRangePhotons, OrganDosesWithinOnePercentOfTheFullResolutionKernel) {
  const Vector3 spacing = Vector3::Constant(4.8);
  const Grid grid({64, 48, 56}, spacing);
  Volume<float> tia(grid);
  Volume<std::int32_t> labels(grid);
  struct Organ {
    int label;
    double cx, cy, cz, radius_mm;  // centres in mm from the grid's centre
    double tia_per_voxel;
  };
  const Organ organs[] = {{1, -50, -20, 10, 55, 40.0},  // liver
                          {2, 60, 30, -30, 22, 80.0},   // kidney
                          {3, 65, -30, -30, 22, 80.0},  // kidney
                          {4, 0, 60, -40, 12, 4.0},     // marrow
                          {5, 90, -40, 70, 14, 200.0}};
  const Size3& size = grid.size();
  for (std::size_t k = 0; k < size[2]; ++k)
    for (std::size_t j = 0; j < size[1]; ++j)
      for (std::size_t i = 0; i < size[0]; ++i) {
        const double x = (static_cast<double>(i) - 31.5) * 4.8, y = (static_cast<double>(j) - 23.5) * 4.8,
                     z = (static_cast<double>(k) - 27.5) * 4.8;
        if (std::pow(x / 150, 2) + std::pow(y / 110, 2) + std::pow(z / 130, 2) > 1.0) continue;
        labels(i, j, k) = 6;  // remainder of the body
        tia(i, j, k) = static_cast<float>(1.0e7);
        for (const Organ& o : organs)
          if (std::hypot(x - o.cx, y - o.cy, z - o.cz) < o.radius_mm) {
            labels(i, j, k) = o.label;
            tia(i, j, k) = static_cast<float>(o.tia_per_voxel * 1.0e7);
          }
      }
  const auto maps =
      DoseCalculator(make_dose_kernel("Lu-177", spacing, DoseMethodSpec{}, 2), with_components()).dose_from_tia(tia);
  const auto ref = DoseCalculator(reference_kernel("Lu-177", size, spacing), with_components()).dose_from_tia(tia);
  struct Sums {
    double total = 0, photon = 0, ref_total = 0, ref_photon = 0;
  };
  std::map<int, Sums> vois;
  for (std::size_t v = 0; v < tia.size(); ++v) {
    if (labels[v] == 0) continue;
    Sums& s = vois[labels[v]];
    s.total += maps.total[v];
    s.photon += (*maps.photon)[v];
    s.ref_total += ref.total[v];
    s.ref_photon += (*ref.photon)[v];
  }
  ASSERT_EQ(vois.size(), 6u);
  for (const auto& [label, s] : vois) {
    SCOPED_TRACE(label);
    EXPECT_NEAR(s.total / s.ref_total, 1.0, 0.01);
    EXPECT_NEAR(s.photon / s.ref_photon, 1.0, 0.02);
  }
}

}  // namespace
}  // namespace rptdose::dose
