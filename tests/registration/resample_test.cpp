#include "rptdose/registration/resample.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "rptdose/dose/hu_to_density.hpp"

namespace rptdose::registration {
namespace {

/// f(p) = 2x − 3y + 0.5z + 7 at physical point p: trilinear interpolation reproduces any linear field exactly.
double field(const Vector3& p) {
  return 2 * p.x() - 3 * p.y() + 0.5 * p.z() + 7;
}

Volume<float> sampled_field(const Grid& grid) {
  Volume<float> v(grid);
  const auto& n = grid.size();
  for (std::size_t k = 0; k < n[2]; ++k)
    for (std::size_t j = 0; j < n[1]; ++j)
      for (std::size_t i = 0; i < n[0]; ++i)
        v(i, j, k) = static_cast<float>(field(grid.index_to_point(
            Index3{static_cast<std::int64_t>(i), static_cast<std::int64_t>(j), static_cast<std::int64_t>(k)})));
  return v;
}

Matrix3 rotation_z(double degrees) {
  const double a = degrees * M_PI / 180, c = std::cos(a), s = std::sin(a);
  Matrix3 r;
  r << c, -s, 0, s, c, 0, 0, 0, 1;
  return r;
}

TEST(Resample, IdentityOntoTheSameGridChangesNothing) {
  const Grid grid({9, 8, 7}, Vector3(4.8, 4.8, 4.8), Vector3(-20, 5, 100));
  const auto v = sampled_field(grid);
  for (const auto interpolation : {Interpolation::Nearest, Interpolation::Linear}) {
    const auto out = resample(v, grid, interpolation);
    for (std::size_t n = 0; n < v.size(); ++n) ASSERT_NEAR(out[n], v[n], 1e-3) << n;
  }
}

// A linear field sampled on an axis-aligned grid and resampled onto an oblique grid of other voxel size, through a
// rigid transform, equals the field evaluated at the transformed target points (inside the moving image).
TEST(Resample, LinearFieldsAreReproducedOnObliqueGridsThroughRigidTransforms) {
  const Grid moving({40, 40, 30}, Vector3(2.0, 2.0, 3.0), Vector3(-40, -40, -45));
  const Grid target({12, 10, 8}, Vector3(3.3, 3.3, 4.1), Vector3(-15, -12, -14), rotation_z(20));
  RigidTransform transform;
  transform.rotation = rotation_z(-7);
  transform.translation_mm = Vector3(1.5, -2.0, 3.0);
  const auto out = resample(sampled_field(moving), target, Interpolation::Linear, transform, -999.0f);
  const auto& n = target.size();
  for (std::size_t k = 0; k < n[2]; ++k)
    for (std::size_t j = 0; j < n[1]; ++j)
      for (std::size_t i = 0; i < n[0]; ++i) {
        const Vector3 p = transform.apply(target.index_to_point(
            Index3{static_cast<std::int64_t>(i), static_cast<std::int64_t>(j), static_cast<std::int64_t>(k)}));
        ASSERT_NEAR(out(i, j, k), field(p), 1e-3) << i << " " << j << " " << k;
      }
}

TEST(Resample, WholeVoxelShiftsMoveValuesAndOutsideGetsTheFillValue) {
  const Grid grid({6, 5, 4}, Vector3(2.0, 3.0, 4.0));
  Volume<float> v(grid);
  for (std::size_t n = 0; n < v.size(); ++n) v[n] = static_cast<float>(n);
  RigidTransform shift;
  shift.translation_mm = Vector3(2 * 2.0, 0, 0);  // target voxel i shows moving voxel i + 2
  const auto out = resample(v, grid, Interpolation::Linear, shift, -1.0f);
  EXPECT_FLOAT_EQ(out(0, 1, 2), v(2, 1, 2));
  EXPECT_FLOAT_EQ(out(3, 4, 3), v(5, 4, 3));
  EXPECT_FLOAT_EQ(out(5, 0, 0), -1.0f);  // beyond the moving image
  Volume<std::int32_t> labels(grid, 3);
  EXPECT_EQ(resample_labels(labels, grid, shift)(3, 0, 0), 3);
  EXPECT_EQ(resample_labels(labels, grid, shift)(5, 0, 0), 0);
}

// Regression (issue 17 row 1): a target voxel centre exactly on the moving image's edge maps to index −0.5 or
// n − 0.5; nearest-neighbour rounding took −0.5 to −1 (out of bounds: segmentation fault on a label map whose edge
// fell half a voxel from the dose-voxel centres). A voxel centre on the edge belongs to the voxel it bounds from
// the inside at the low edge and lies outside at the high edge (half-open voxels [i − ½, i + ½)).
TEST(Resample, VoxelCentresExactlyOnTheEdgeOfTheMovingImageStayInBounds) {
  const Grid labels_grid({4, 4, 4}, Vector3(2.0, 2.0, 2.0));
  Volume<std::int32_t> labels(labels_grid, 7);
  // Target spacing 1 mm starting 1 mm before the first label-voxel centre: indices −0.5, 0, 0.5, ..., 3.5 (= n − ½).
  const Grid target({9, 9, 9}, Vector3(1.0, 1.0, 1.0), Vector3(-1.0, -1.0, -1.0));
  const auto out = resample_labels(labels, target);
  EXPECT_EQ(out(0, 4, 4), 7);  // index −0.5: the low edge of voxel 0
  EXPECT_EQ(out(8, 4, 4), 0);  // index 3.5: the high edge of voxel 3, outside
  EXPECT_EQ(out(0, 0, 0), 7);
  EXPECT_EQ(out(8, 8, 8), 0);
  Volume<float> image(labels_grid, 2.0f);
  const auto nearest = resample(image, target, Interpolation::Nearest, {}, -1.0f);
  EXPECT_FLOAT_EQ(nearest(0, 4, 4), 2.0f);
  EXPECT_FLOAT_EQ(nearest(8, 4, 4), -1.0f);
  const auto linear = resample(image, target, Interpolation::Linear, {}, -1.0f);
  EXPECT_FLOAT_EQ(linear(0, 4, 4), 2.0f);
  EXPECT_FLOAT_EQ(linear(8, 4, 4), -1.0f);
}

// Activity onto a coarser grid covering the whole image: the total is conserved exactly (to float rounding), and
// a compact source stays where it was.
TEST(Resample, ActivityIsConserved) {
  const Grid fine({30, 30, 20}, Vector3(2.0, 2.0, 2.0));
  Volume<float> activity(fine, 0.0f);
  std::mt19937 generator(5);
  std::uniform_real_distribution<float> uniform(0.0f, 1e6f);
  for (std::size_t k = 6; k < 14; ++k)
    for (std::size_t j = 10; j < 20; ++j)
      for (std::size_t i = 8; i < 15; ++i) activity(i, j, k) = uniform(generator);
  const Grid coarse({13, 13, 9}, Vector3(4.8, 4.8, 4.8), Vector3(-1.5, -1.5, -1.5));
  const auto out = resample_activity(activity, coarse);
  EXPECT_NEAR(out.sum() / activity.sum(), 1.0, 1e-5);
  // Centre of activity preserved within a coarse voxel.
  const auto centre = [](const Volume<float>& v) {
    Vector3 c = Vector3::Zero();
    const auto& n = v.grid().size();
    for (std::size_t k = 0; k < n[2]; ++k)
      for (std::size_t j = 0; j < n[1]; ++j)
        for (std::size_t i = 0; i < n[0]; ++i)
          c += v(i, j, k) * v.grid().index_to_point(Index3{static_cast<std::int64_t>(i), static_cast<std::int64_t>(j),
                                                           static_cast<std::int64_t>(k)});
    return Vector3(c / v.sum());
  };
  EXPECT_LT((centre(out) - centre(activity)).norm(), 4.8);
}

// (Registration is in rptdose::itk, hence here rather than in tests/dose.) The density map goes onto the dose grid with
// the existing trilinear resampling (no new code): a uniform region keeps its density, and the fill value is air.
TEST(HuToDensity, DensityMapResamplesOntoTheDoseGrid) {
  const Grid ct_grid({20, 20, 20}, Vector3(1.0, 1.0, 2.0), Vector3(-10, -10, -20));
  Volume<float> ct(ct_grid, 40.0f);
  const auto density = dose::hu_to_density(ct);
  const Grid dose_grid({5, 5, 5}, Vector3(3.0, 3.0, 6.0), Vector3(-6, -6, -12));
  const auto on_dose_grid =
      resample(density, dose_grid, Interpolation::Linear, {},
               static_cast<float>(dose::HuDensityCalibration::schneider2000().points().front().density_g_per_ml));
  const float expected = static_cast<float>(dose::HuDensityCalibration::schneider2000().density_g_per_ml(40));
  for (const float v : on_dose_grid.values()) EXPECT_NEAR(v, expected, 1e-6);
}

}  // namespace
}  // namespace rptdose::registration
