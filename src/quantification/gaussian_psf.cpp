#include "rptdose/quantification/gaussian_psf.hpp"

#include <cmath>
#include <string>

#include "rptdose/core/error.hpp"
#include "rptdose/core/parallel.hpp"

namespace rptdose::quantification {

namespace {

constexpr double kTruncationSigmas = 3.5;

/// The normalised 1-D weights of σ (in voxels), from −radius to +radius.
std::vector<double> gaussian_weights(double sigma_voxels) {
  const int radius = static_cast<int>(std::ceil(kTruncationSigmas * sigma_voxels));
  std::vector<double> weights(2 * radius + 1);
  double sum = 0;
  for (int d = -radius; d <= radius; ++d)
    sum += weights[d + radius] = std::exp(-0.5 * d * d / (sigma_voxels * sigma_voxels));
  for (auto& w : weights) w /= sum;
  return weights;
}

}  // namespace

void gaussian_blur(std::vector<double>& values, const Grid& grid, const GaussianPsf& psf, unsigned threads) {
  for (int axis = 0; axis < 3; ++axis)
    if (!(psf.fwhm_mm[axis] > 0) || !std::isfinite(psf.fwhm_mm[axis]))
      throw InvalidInput("the resolution (FWHM) must be positive and finite along every axis, not " +
                         std::to_string(psf.fwhm_mm[axis]) + " mm");
  if (values.size() != grid.voxel_count())
    throw InvalidInput("gaussian_blur: " + std::to_string(values.size()) + " values for a grid of " +
                       std::to_string(grid.voxel_count()) + " voxels");
  const auto& n = grid.size();
  for (int axis = 0; axis < 3; ++axis) {
    const auto weights = gaussian_weights(psf.fwhm_mm[axis] / kFwhmPerSigma / grid.spacing_mm()[axis]);
    const auto radius = static_cast<std::ptrdiff_t>(weights.size() / 2);
    const std::size_t stride = axis == 0 ? 1 : axis == 1 ? n[0] : n[0] * n[1];
    const auto length = static_cast<std::ptrdiff_t>(n[axis]);
    // Every line along `axis` starts at a voxel whose `axis` index is 0: enumerate them as (outer, inner) pairs.
    const std::size_t inner = stride, outer = grid.voxel_count() / (stride * n[axis]);
    ParallelOptions parallel;
    parallel.threads = threads;
    parallel.grain = 64;
    parallel_for(
        0, inner * outer,
        [&](std::size_t first, std::size_t last) {
          std::vector<double> line(n[axis]);
          for (std::size_t l = first; l < last; ++l) {
            const std::size_t start = (l / inner) * inner * n[axis] + l % inner;
            for (std::ptrdiff_t i = 0; i < length; ++i) line[i] = values[start + i * stride];
            for (std::ptrdiff_t i = 0; i < length; ++i) {
              double v = 0;
              const std::ptrdiff_t from = std::max<std::ptrdiff_t>(0, i - radius);
              const std::ptrdiff_t to = std::min<std::ptrdiff_t>(length - 1, i + radius);
              for (std::ptrdiff_t j = from; j <= to; ++j) v += weights[j - i + radius] * line[j];
              values[start + i * stride] = v;
            }
          }
        },
        parallel);
  }
}

}  // namespace rptdose::quantification
