#include "rptdose/quantification/partial_volume.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "rptdose/core/error.hpp"

namespace rptdose::quantification {
namespace {

constexpr double kFwhm_mm = 10.0;

/// A uniform sphere (radius R, concentration 1) convolved with an isotropic 3-D Gaussian of σ, at distance r from
/// its centre: the closed form of the radial integral (e.g. Hoffman et al. 1979, J Comput Assist Tomogr 3:299, for
/// the recovery of spheres), independent of the project's discrete blur.
double blurred_sphere(double r, double radius, double sigma) {
  const double s2 = std::sqrt(2.0) * sigma;
  if (r < 1e-9)
    return std::erf(radius / s2) - std::sqrt(2.0 / std::numbers::pi) * radius / sigma *
                                       std::exp(-radius * radius / (2 * sigma * sigma));
  return 0.5 * (std::erf((radius - r) / s2) + std::erf((radius + r) / s2)) -
         sigma / (r * std::sqrt(2 * std::numbers::pi)) *
             (std::exp(-(radius - r) * (radius - r) / (2 * sigma * sigma)) -
              std::exp(-(radius + r) * (radius + r) / (2 * sigma * sigma)));
}

struct TwoSpheres {
  Volume<std::int32_t> labels;
  Volume<float> image;
};

// A hot sphere (r 15 mm, 1 Bq/voxel... any unit) in a warm background sphere (r 40 mm, 0.25) in air, 2 mm voxels:
// the image is the analytic blur of the continuous spheres sampled at the voxel centres; the label map is the
// voxelised spheres (centre inside).
TwoSpheres two_spheres(double hot, double warm) {
  const Grid grid({64, 64, 64}, Vector3::Constant(2.0), Vector3::Constant(-63.0));
  TwoSpheres p{Volume<std::int32_t>(grid), Volume<float>(grid)};
  const double sigma = kFwhm_mm / kFwhmPerSigma;
  for (std::size_t k = 0, v = 0; k < 64; ++k)
    for (std::size_t j = 0; j < 64; ++j)
      for (std::size_t i = 0; i < 64; ++i, ++v) {
        const double r = grid.index_to_point(Index3{std::int64_t(i), std::int64_t(j), std::int64_t(k)}).norm();
        p.labels[v] = r <= 15.0 ? 2 : r <= 40.0 ? 1 : 0;
        p.image[v] = static_cast<float>(warm * blurred_sphere(r, 40.0, sigma) +
                                        (hot - warm) * blurred_sphere(r, 15.0, sigma));
      }
  return p;
}

double mean_in(const Volume<float>& image, const Volume<std::int32_t>& labels, std::int32_t label) {
  double sum = 0;
  std::size_t n = 0;
  for (std::size_t v = 0; v < image.size(); ++v)
    if (labels[v] == label) sum += image[v], ++n;
  return sum / double(n);
}

// Against the independent analytic blur: the hot sphere's mean recovers from ~0.8 of the truth to within 3 % (the
// voxelised boundary is not the continuous sphere: a 2 mm voxel on a 15 mm radius changes the volume by a few %),
// the background within 3 %, air stays 0.
TEST(RegionPartialVolume, RecoversAnAnalyticallyBlurredSphereInABackground) {
  const auto phantom = two_spheres(1.0, 0.25);
  const RegionPartialVolume pvc(phantom.labels, GaussianPsf::isotropic(kFwhm_mm), 2);
  ASSERT_EQ(pvc.region_labels(), (std::vector<std::int32_t>{0, 1, 2}));
  const double before = mean_in(phantom.image, phantom.labels, 2);
  EXPECT_LT(before, 0.9);  // the partial-volume loss the correction must undo
  const auto result = pvc.correct(phantom.image);
  EXPECT_NEAR(result.corrected_mean[2], 1.0, 0.03);
  EXPECT_NEAR(result.corrected_mean[1], 0.25, 0.03 * 0.25);
  EXPECT_NEAR(result.corrected_mean[0], 0.0, 0.01);
  EXPECT_NEAR(mean_in(result.corrected, phantom.labels, 2), 1.0, 0.03);
  EXPECT_NEAR(mean_in(result.corrected, phantom.labels, 1), 0.25, 0.03 * 0.25);
  EXPECT_NEAR(result.observed_mean[2], before, 1e-6);
}

// The model's own case: regions of uniform activity blurred by the same PSF (a cortex-like shell around a core, as
// the kidneys of the example) are restored voxel by voxel, and the GTM means are exact.
TEST(RegionPartialVolume, RestoresPiecewiseUniformImagesOfItsOwnModelExactly) {
  const Grid grid({40, 36, 30}, Vector3(3.0, 3.0, 4.0), Vector3::Zero());
  Volume<std::int32_t> labels(grid);
  std::vector<double> truth(grid.voxel_count());
  const Vector3 centre(60, 54, 60);
  const std::vector<double> activity{0.0, 0.1, 3.0, 0.8};  // air, body, cortex, medulla
  for (std::size_t k = 0, v = 0; k < 30; ++k)
    for (std::size_t j = 0; j < 36; ++j)
      for (std::size_t i = 0; i < 40; ++i, ++v) {
        const Vector3 d = grid.index_to_point(Index3{std::int64_t(i), std::int64_t(j), std::int64_t(k)}) - centre;
        const double r = d.cwiseQuotient(Vector3(30, 25, 40)).norm();  // ellipsoidal "kidney"
        labels[v] = r <= 0.7 ? 3 : r <= 1.0 ? 2 : d.norm() < 55 ? 1 : 0;
        truth[v] = activity[labels[v]];
      }
  auto blurred = truth;
  gaussian_blur(blurred, grid, GaussianPsf::isotropic(kFwhm_mm), 1);
  Volume<float> image(grid);
  for (std::size_t v = 0; v < image.size(); ++v) image[v] = static_cast<float>(blurred[v]);
  const RegionPartialVolume pvc(labels, GaussianPsf::isotropic(kFwhm_mm));
  const auto result = pvc.correct(image);
  for (std::size_t r = 0; r < 4; ++r) EXPECT_NEAR(result.corrected_mean[r], activity[r], 1e-5) << "region " << r;
  for (std::size_t v = 0; v < image.size(); ++v) ASSERT_NEAR(result.corrected[v], truth[v], 1e-4) << "voxel " << v;
  EXPECT_EQ(result.negative_means_set_to_zero, 0u);
  // The transfer matrix's rows add to ≤ 1 (what the grid's edges lose) and to 1 away from them.
  const auto& w = pvc.transfer_matrix();
  for (std::size_t row = 2; row < 4; ++row) EXPECT_NEAR(w[row * 4] + w[row * 4 + 1] + w[row * 4 + 2] + w[row * 4 + 3],
                                                        1.0, 1e-9);
}

TEST(RegionPartialVolume, IsLinearInTheImage) {
  const auto phantom = two_spheres(1.0, 0.25);
  const RegionPartialVolume pvc(phantom.labels, GaussianPsf::isotropic(kFwhm_mm));
  Volume<float> scaled = phantom.image.clone();
  for (auto& v : scaled) v *= 7.5f;
  const auto a = pvc.correct(phantom.image), b = pvc.correct(scaled);
  for (std::size_t v = 0; v < a.corrected.size(); v += 97) EXPECT_NEAR(b.corrected[v], 7.5 * a.corrected[v], 1e-4);
}

TEST(RegionPartialVolume, RefusesAnImageOfAnotherGridOrWithNaN) {
  const auto phantom = two_spheres(1.0, 0.25);
  const RegionPartialVolume pvc(phantom.labels, GaussianPsf::isotropic(kFwhm_mm));
  Volume<float> other(Grid({64, 64, 63}, Vector3::Constant(2.0), Vector3::Constant(-63.0)));
  EXPECT_THROW(pvc.correct(other), InvalidInput);
  Volume<float> nan = phantom.image.clone();
  nan[1234] = std::nanf("");
  EXPECT_THROW(pvc.correct(nan), InvalidInput);
  EXPECT_THROW(RegionPartialVolume(phantom.labels, GaussianPsf::isotropic(-1)), InvalidInput);
}

}  // namespace
}  // namespace rptdose::quantification
