#include "rptdose/registration/rigid_registration.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <iostream>
#include <limits>
#include <random>
#include <string>

#include <Eigen/Geometry>

#include "rptdose/core/error.hpp"
#include "rptdose/registration/resample.hpp"

namespace rptdose::registration {
namespace {

using ::testing::HasSubstr;

constexpr double kVoxel_mm = 4.8;
constexpr float kAir_HU = -1000.0f;

/// A grid of `size` voxels of `spacing` mm centred on the origin (rotations about the origin turn it about its
/// centre).
Grid centred_grid(Size3 size, Vector3 spacing, Matrix3 direction = Matrix3::Identity()) {
  const Vector3 half(static_cast<double>(size[0] - 1) / 2, static_cast<double>(size[1] - 1) / 2,
                     static_cast<double>(size[2] - 1) / 2);
  return Grid(size, spacing, -(direction * spacing.asDiagonal() * half), direction);
}

Vector3 voxel_point(const Grid& grid, std::size_t i, std::size_t j, std::size_t k) {
  return grid.index_to_point(
      Index3{static_cast<std::int64_t>(i), static_cast<std::int64_t>(j), static_cast<std::int64_t>(k)});
}

/// Smooth indicator of an ellipsoid (centre c, semi-axes a, mm): 1 inside, 0 outside, an edge of about
/// `edge_mm` width (logistic in the approximate signed distance), as a scanner's resolution blurs it.
double ellipsoid(const Vector3& p, const Vector3& c, const Vector3& a, double edge_mm) {
  const double rho = ((p - c).array() / a.array()).matrix().norm();
  const double distance_mm = (1.0 - rho) * a.minCoeff();
  return 1.0 / (1.0 + std::exp(-distance_mm / edge_mm));
}

/// A cylinder along z (centre (x, y), radius r, mm) from z0 to z1.
double cylinder_z(const Vector3& p, double x, double y, double r, double z0, double z1, double edge_mm) {
  const double radial = r - std::hypot(p.x() - x, p.y() - y);
  const double axial = std::min(p.z() - z0, z1 - p.z());
  return 1.0 / (1.0 + std::exp(-std::min(radial, axial) / edge_mm));
}

/// CT-like phantom (HU): a body ellipsoid of 0 HU in air, lungs at −750 HU, liver 60 HU, kidneys 40 HU, spleen
/// 50 HU and a bone-like spine cylinder at +700 HU. Deliberately asymmetric (liver right, spleen left, spine
/// posterior) so every rotation changes the image.
double ct_phantom_HU(const Vector3& p) {
  constexpr double edge = 2.0;
  double hu = kAir_HU + 1000.0 * ellipsoid(p, {0, 0, 0}, {125, 85, 105}, edge);
  hu += -750.0 * ellipsoid(p, {-50, -5, 65}, {38, 45, 35}, edge);
  hu += -750.0 * ellipsoid(p, {52, -5, 62}, {35, 42, 32}, edge);
  hu += 60.0 * ellipsoid(p, {-50, -15, -5}, {45, 38, 30}, edge);
  hu += 40.0 * ellipsoid(p, {-48, 40, -45}, {17, 20, 32}, edge);
  hu += 40.0 * ellipsoid(p, {50, 42, -40}, {16, 19, 30}, edge);
  hu += 50.0 * ellipsoid(p, {60, 5, 5}, {22, 28, 25}, edge);
  hu += 700.0 * cylinder_z(p, 0, 55, 14, -100, 100, edge);
  return hu;
}

/// SPECT-like activity phantom at an early or a late time: the kidneys and liver wash out, the tumour retains,
/// the body background clears (relative organ intensities change, which is why mutual information is used).
double spect_phantom(const Vector3& p, bool late) {
  constexpr double edge = 5.0;  // SPECT resolution blurs more than CT
  double value = (late ? 0.03 : 0.15) * ellipsoid(p, {0, 0, 0}, {125, 85, 105}, edge);
  value += (late ? 0.4 : 1.0) * ellipsoid(p, {-50, -15, -5}, {45, 38, 30}, edge);
  value += (late ? 1.2 : 4.0) * ellipsoid(p, {-48, 40, -45}, {17, 20, 32}, edge);
  value += (late ? 1.1 : 3.6) * ellipsoid(p, {50, 42, -40}, {16, 19, 30}, edge);
  value += (late ? 6.0 : 5.0) * ellipsoid(p, {30, -35, 20}, {15, 15, 15}, edge);
  value += (late ? 0.1 : 0.3) * ellipsoid(p, {60, 5, 5}, {22, 28, 25}, edge);
  return value;
}

Volume<float> sample(const Grid& grid, const std::function<double(const Vector3&)>& f) {
  Volume<float> v(grid);
  const auto& n = grid.size();
  for (std::size_t k = 0; k < n[2]; ++k)
    for (std::size_t j = 0; j < n[1]; ++j)
      for (std::size_t i = 0; i < n[0]; ++i) v(i, j, k) = static_cast<float>(f(voxel_point(grid, i, j, k)));
  return v;
}

/// Rotation by `degrees` about `axis`.
Matrix3 rotation(Vector3 axis, double degrees) {
  return Eigen::AngleAxisd(degrees * M_PI / 180.0, axis.normalized()).toRotationMatrix();
}

RigidTransform rigid(const Matrix3& r, const Vector3& t) {
  RigidTransform transform;
  transform.rotation = r;
  transform.translation_mm = t;
  return transform;
}

RigidTransform inverse(const RigidTransform& t) {
  return rigid(t.rotation.inverse(), -(t.rotation.inverse() * t.translation_mm));
}

/// Largest distance (mm) between where `recovered` and `truth` send the voxel centres of `fixed` inside the body
/// (`inside` true).
double max_error_mm(const RigidTransform& recovered, const RigidTransform& truth, const Volume<float>& fixed,
                    const std::function<bool(float)>& inside) {
  double worst = 0;
  const auto& n = fixed.grid().size();
  for (std::size_t k = 0; k < n[2]; ++k)
    for (std::size_t j = 0; j < n[1]; ++j)
      for (std::size_t i = 0; i < n[0]; ++i) {
        if (!inside(fixed(i, j, k))) continue;
        const Vector3 p = voxel_point(fixed.grid(), i, j, k);
        worst = std::max(worst, (recovered.apply(p) - truth.apply(p)).norm());
      }
  return worst;
}

/// Pearson correlation of two volumes on the same grid over the voxels where `inside(a)`.
double correlation(const Volume<float>& a, const Volume<float>& b, const std::function<bool(float)>& inside) {
  double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0, count = 0;
  for (std::size_t n = 0; n < a.size(); ++n) {
    if (!inside(a[n])) continue;
    const double x = a[n], y = b[n];
    sa += x, sb += y, saa += x * x, sbb += y * y, sab += x * y, count += 1;
  }
  const double cov = sab / count - sa / count * sb / count;
  return cov / std::sqrt((saa / count - sa * sa / count / count) * (sbb / count - sb * sb / count / count));
}

bool in_body_ct(float hu) {
  return hu > -500.0f;
}

const Grid kGrid = centred_grid({64, 64, 48}, Vector3(kVoxel_mm, kVoxel_mm, kVoxel_mm));

// The moving image is the fixed one seen through a known transform T (fixed → moving content: moving(x) =
// fixed(T x), made with resample()); registration must return T⁻¹, the map from fixed-space points to where the
// same anatomy lies in the moving image. Tolerance: the brief asks < 1 voxel everywhere in the body; we require
// 0.5 voxel (2.4 mm) over every body voxel, which a correct registration of these smooth, noise-free images meets
// with a wide margin, while a sign or direction error (≈ 2 × 10 mm) fails it.
TEST(RigidRegistration, RecoversAKnownShiftAndRotationOfACtPhantom) {
  const auto fixed = sample(kGrid, ct_phantom_HU);
  const auto content = rigid(rotation({0.3, -0.2, 1.0}, 3.0), Vector3(7.3, -4.1, 5.5));
  const auto moving = resample(fixed, kGrid, Interpolation::Linear, content, kAir_HU);

  const auto result = register_images(fixed, moving);
  const double error = max_error_mm(result.transform, inverse(content), fixed, in_body_ct);
  RecordProperty("max_error_mm", std::to_string(error));
  std::cout << "[ RigidRegistration ] CT phantom: max error over the body " << error << " mm (" << error / kVoxel_mm
            << " voxel), " << result.iterations << " iterations\n"
            << result.description << "\n";
  EXPECT_LT(error, 0.5 * kVoxel_mm);
  EXPECT_NEAR(result.rotation_deg, 3.0, 0.3);
  EXPECT_EQ(result.iterations_per_level.size(), 3u);
  EXPECT_THAT(result.description, HasSubstr("Mattes mutual information"));
  EXPECT_LT(result.metric_value, 0.0);  // ITK negates mutual information

  // End to end with resample(): the moving image brought back onto the fixed grid matches the fixed image.
  const auto aligned = resample(moving, kGrid, Interpolation::Linear, result.transform, kAir_HU);
  const double before = correlation(fixed, moving, in_body_ct);
  const double after = correlation(fixed, aligned, in_body_ct);
  std::cout << "[ RigidRegistration ] correlation in the body: " << before << " before, " << after << " after\n";
  EXPECT_GT(after, 0.99);
  EXPECT_GT(after, before + 0.05);
}

// The grids may differ (size, spacing, origin, orientation): geometry is physical. Here the moving CT is the
// analytic phantom sampled on an oblique 4.0 × 4.0 × 4.4 mm grid of another size, moved by T.
TEST(RigidRegistration, AlignsImagesOnDifferentGrids) {
  const auto fixed = sample(kGrid, ct_phantom_HU);
  const auto content = rigid(rotation({1.0, 0.5, 0.2}, -2.5), Vector3(-5.2, 6.8, -3.9));
  const Grid moving_grid = centred_grid({70, 66, 50}, Vector3(4.0, 4.0, 4.4), rotation({0, 0, 1}, 10.0));
  const auto moving = sample(moving_grid, [&](const Vector3& p) { return ct_phantom_HU(inverse(content).apply(p)); });
  // moving(x) = phantom(T⁻¹ x) here, so the anatomy at fixed point p is at T p in the moving image: expect T.
  const auto result = register_images(fixed, moving);
  const double error = max_error_mm(result.transform, content, fixed, in_body_ct);
  std::cout << "[ RigidRegistration ] different grids: max error over the body " << error << " mm\n";
  EXPECT_LT(error, 0.5 * kVoxel_mm);
  const auto aligned = resample(moving, kGrid, Interpolation::Linear, result.transform, kAir_HU);
  EXPECT_GT(correlation(fixed, aligned, in_body_ct), 0.99);
}

// No CT: the emission images themselves, with changed kinetics between the time points and noise. The late image
// is moved by T; after registration, resample_activity() brings it onto the reference grid conserving activity.
TEST(RigidRegistration, AlignsEmissionImagesWithChangedKineticsAndConservesActivity) {
  std::mt19937 random(12345);
  auto noisy = [&](Volume<float> v) {
    std::normal_distribution<double> unit(0.0, 1.0);
    // 8 % multiplicative noise: the empty background stays (nearly) empty, so no activity lies outside the body.
    for (float& x : v.values()) x = static_cast<float>(std::max(0.0, x * (1.0 + 0.08 * unit(random))));
    return v;
  };
  const auto early = noisy(sample(kGrid, [](const Vector3& p) { return spect_phantom(p, false); }));
  const auto late_unmoved = noisy(sample(kGrid, [](const Vector3& p) { return spect_phantom(p, true); }));
  const auto content = rigid(rotation({-0.2, 1.0, 0.4}, 3.0), Vector3(-6.2, 8.4, -3.7));
  const auto late = resample(late_unmoved, kGrid, Interpolation::Linear, content, 0.0f);

  const auto result = register_images(early, late);
  const auto in_body = [](float v) { return v > 0.05f; };
  const double error = max_error_mm(result.transform, inverse(content), early, in_body);
  std::cout << "[ RigidRegistration ] emission images: max error over the body " << error << " mm ("
            << error / kVoxel_mm << " voxel), " << result.iterations << " iterations\n";
  EXPECT_LT(error, 0.5 * kVoxel_mm);

  const auto aligned = resample_activity(late, kGrid, result.transform);
  // Conserved up to the activity that the motion carries out of the field of view: the body's blurred edge reaches
  // the z faces (semi-axis 105 mm, half field 112.8 mm), about 1.5e-4 of the total here.
  EXPECT_NEAR(aligned.sum(), late.sum(), 1e-3 * late.sum());
  const auto in_late = [](float v) { return v > 0.02f; };
  EXPECT_GT(correlation(late_unmoved, aligned, in_late), 0.98);
  EXPECT_GT(correlation(late_unmoved, aligned, in_late), correlation(late_unmoved, late, in_late) + 0.05);
}

TEST(RigidRegistration, EqualImagesGiveTheIdentity) {
  const auto fixed = sample(kGrid, ct_phantom_HU);
  const auto result = register_images(fixed, fixed);
  const double error = max_error_mm(result.transform, RigidTransform{}, fixed, in_body_ct);
  std::cout << "[ RigidRegistration ] identity: max displacement over the body " << error << " mm\n";
  EXPECT_LT(error, 0.1 * kVoxel_mm);
}

TEST(RigidRegistration, IsDeterministic) {
  const auto fixed = sample(kGrid, ct_phantom_HU);
  const auto moving =
      resample(fixed, kGrid, Interpolation::Linear, rigid(rotation({0, 1, 1}, 2.0), Vector3(3.0, -2.0, 1.0)), kAir_HU);
  const auto a = register_images(fixed, moving);
  const auto b = register_images(fixed, moving);
  EXPECT_EQ(a.transform.rotation, b.transform.rotation);
  EXPECT_EQ(a.transform.translation_mm, b.transform.translation_mm);
  EXPECT_EQ(a.metric_value, b.metric_value);
  EXPECT_EQ(a.iterations_per_level, b.iterations_per_level);
}

// Rigid then affine on a rigidly moved CT, with mean squares (CT numbers are calibrated, so the same patient's CTs
// share one intensity scale): the affine stage (finest level only) must not spoil the rigid result beyond half a
// voxel, and its linear part stays close to a rotation (volume change < 2 %). With mutual information the affine
// stage drifts on these phantoms (a few per cent of scaling; docs/registration-and-density.md), which is why the
// header recommends it only with mean squares or correlation.
TEST(RigidRegistration, AffineStageWithMeanSquaresKeepsARigidMotionOfACt) {
  const auto fixed = sample(kGrid, ct_phantom_HU);
  const auto content = rigid(rotation({0.3, -0.2, 1.0}, 3.0), Vector3(7.3, -4.1, 5.5));
  const auto moving = resample(fixed, kGrid, Interpolation::Linear, content, kAir_HU);
  RegistrationOptions options;
  options.model = TransformModel::RigidThenAffine;
  options.metric = RegistrationMetric::MeanSquares;
  const auto result = register_images(fixed, moving, options);
  const double error = max_error_mm(result.transform, inverse(content), fixed, in_body_ct);
  std::cout << "[ RigidRegistration ] affine (mean squares): max error over the body " << error << " mm, determinant "
            << result.transform.rotation.determinant() << "\n";
  EXPECT_LT(error, 0.5 * kVoxel_mm);
  EXPECT_EQ(result.iterations_per_level.size(), 4u);  // 3 rigid levels, 1 affine
  EXPECT_NEAR(result.transform.rotation.determinant(), 1.0, 0.02);
  EXPECT_THAT(result.description, HasSubstr("affine"));
}

TEST(RigidRegistration, RejectsBadInput) {
  const auto image = sample(kGrid, ct_phantom_HU);
  const auto message = [](const std::function<void()>& f) -> std::string {
    try {
      f();
    } catch (const InvalidInput& e) {
      return e.what();
    }
    return "no InvalidInput thrown";
  };
  EXPECT_THAT(message([&] { register_images(Volume<float>(), image); }), HasSubstr("fixed image is empty"));
  EXPECT_THAT(message([&] { register_images(image, Volume<float>(kGrid, 5.0f)); }),
              HasSubstr("moving image is constant (every voxel is 5)"));
  EXPECT_THAT(message([&] { register_images(Volume<float>(kGrid, -1000.0f), image); }),
              HasSubstr("fixed image is constant"));
  auto with_nan = image.clone();
  with_nan(3, 4, 5) = std::numeric_limits<float>::quiet_NaN();
  EXPECT_THAT(message([&] { register_images(image, with_nan); }),
              HasSubstr("the moving image has 1 NaN or infinite voxel, the first at index (3, 4, 5)"));
  const Grid thin({64, 64, 3}, Vector3(4.8, 4.8, 4.8));
  EXPECT_THAT(message([&] { register_images(image, sample(thin, ct_phantom_HU)); }), HasSubstr("fewer than 4"));
  RegistrationOptions options;
  options.smoothing_sigmas_voxels = {1.0};
  EXPECT_THAT(message([&] { register_images(image, image, options); }), HasSubstr("3 shrink factors but 1"));
  options = {};
  options.histogram_bins = 2;
  EXPECT_THAT(message([&] { register_images(image, image, options); }), HasSubstr("at least 5"));
}

// Images that do not overlap (the moving one 2 m away, scanner coordinates trusted) cannot be registered: a
// NumericalError that says what to check, not a wrong transform.
TEST(RigidRegistration, NonOverlappingImagesAreAnError) {
  const auto fixed = sample(kGrid, ct_phantom_HU);
  const Grid far(kGrid.size(), kGrid.spacing_mm(), kGrid.origin_mm() + Vector3(2000, 0, 0));
  RegistrationOptions options;
  options.initialization = RegistrationInitialization::Identity;
  try {
    register_images(fixed, sample(far, [](const Vector3& p) { return ct_phantom_HU(p - Vector3(2000, 0, 0)); }),
                    options);
    FAIL() << "expected NumericalError";
  } catch (const NumericalError& e) {
    EXPECT_THAT(e.what(), HasSubstr("overlap"));
  }
}

}  // namespace
}  // namespace rptdose::registration
