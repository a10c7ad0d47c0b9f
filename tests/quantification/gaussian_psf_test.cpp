#include "rptdose/quantification/gaussian_psf.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "rptdose/core/error.hpp"

namespace rptdose::quantification {
namespace {

// A point in the middle of a grid blurred by an anisotropic PSF: the sum is kept (the kernel is normalised and
// nothing reaches the edges) and the second moment along each axis is σ² of that axis' FWHM. The kernel is
// truncated at 3.5 σ, which removes 0.05 % of the weight and ~0.5 % of the variance; sampling at voxel centres
// adds (spacing²/12 relative to σ² is the continuous limit, but a sampled Gaussian's variance is σ² to 1e-6 for
// σ ≥ 1 voxel). Tolerance 1 % of σ².
TEST(GaussianPsf, PointSpreadKeepsTheSumAndHasTheFwhmOfEachAxis) {
  const Grid grid({41, 41, 41}, Vector3(2.0, 2.5, 3.0), Vector3::Zero());
  std::vector<double> values(grid.voxel_count(), 0.0);
  values[grid.linear_index(20, 20, 20)] = 1000.0;
  const GaussianPsf psf{Vector3(8.0, 10.0, 12.0)};
  gaussian_blur(values, grid, psf, 2);
  double sum = 0;
  Vector3 second_moment = Vector3::Zero();
  for (std::size_t k = 0; k < 41; ++k)
    for (std::size_t j = 0; j < 41; ++j)
      for (std::size_t i = 0; i < 41; ++i) {
        const double v = values[grid.linear_index(i, j, k)];
        sum += v;
        const Vector3 d = Vector3(double(i) - 20, double(j) - 20, double(k) - 20).cwiseProduct(grid.spacing_mm());
        second_moment += v * d.cwiseProduct(d);
      }
  EXPECT_NEAR(sum, 1000.0, 1e-9);
  for (int a = 0; a < 3; ++a) {
    const double sigma = psf.fwhm_mm[a] / kFwhmPerSigma;
    EXPECT_NEAR(second_moment[a] / sum, sigma * sigma, 0.01 * sigma * sigma) << "axis " << a;
  }
  // Half maximum at FWHM/2 along x (linear interpolation between voxel centres: within 2 % of the FWHM).
  const double peak = values[grid.linear_index(20, 20, 20)];
  double half_width = 0;
  for (std::size_t i = 20; i < 40; ++i) {
    const double a = values[grid.linear_index(i, 20, 20)], b = values[grid.linear_index(i + 1, 20, 20)];
    if (a >= peak / 2 && b < peak / 2) half_width = (double(i) - 20 + (a - peak / 2) / (a - b)) * 2.0;
  }
  EXPECT_NEAR(2 * half_width, 8.0, 0.02 * 8.0);
}

TEST(GaussianPsf, ThreadCountDoesNotChangeTheResult) {
  const Grid grid({17, 13, 11}, Vector3(4.0, 4.0, 5.0), Vector3::Zero());
  std::vector<double> a(grid.voxel_count());
  for (std::size_t v = 0; v < a.size(); ++v) a[v] = std::sin(0.37 * double(v)) + 1.5;
  auto b = a;
  gaussian_blur(a, grid, GaussianPsf::isotropic(9.0), 1);
  gaussian_blur(b, grid, GaussianPsf::isotropic(9.0), 2);
  EXPECT_EQ(a, b);
}

TEST(GaussianPsf, RefusesABadFwhmOrValuesOfAnotherGrid) {
  const Grid grid({4, 4, 4}, Vector3::Constant(4.0), Vector3::Zero());
  std::vector<double> values(grid.voxel_count(), 1.0);
  EXPECT_THROW(gaussian_blur(values, grid, GaussianPsf{Vector3(10, 0, 10)}), InvalidInput);
  EXPECT_THROW(gaussian_blur(values, grid, GaussianPsf::isotropic(std::nan(""))), InvalidInput);
  std::vector<double> wrong(5, 1.0);
  EXPECT_THROW(gaussian_blur(wrong, grid, GaussianPsf::isotropic(10)), InvalidInput);
}

}  // namespace
}  // namespace rptdose::quantification
