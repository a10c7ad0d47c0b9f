#include "rptdose/quantification/partial_volume.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <Eigen/Dense>

#include "rptdose/core/error.hpp"

namespace rptdose::quantification {

namespace {

/// The voxels, per axis, that the PSF's truncated kernel reaches (gaussian_psf.cpp truncates at 3.5 σ).
std::array<std::size_t, 3> psf_reach_voxels(const Grid& grid, const GaussianPsf& psf) {
  std::array<std::size_t, 3> reach{};
  for (int a = 0; a < 3; ++a)
    reach[a] = static_cast<std::size_t>(std::ceil(3.5 * psf.fwhm_mm[a] / kFwhmPerSigma / grid.spacing_mm()[a]));
  return reach;
}

struct Box {
  std::array<std::size_t, 3> lo{}, hi{};  // inclusive
  std::size_t extent(int a) const { return hi[a] - lo[a] + 1; }
};

}  // namespace

RegionPartialVolume::RegionPartialVolume(const Volume<std::int32_t>& labels, const GaussianPsf& psf,
                                         unsigned threads)
    : grid_(labels.grid()), psf_(psf), threads_(threads) {
  if (labels.grid().empty()) throw InvalidInput("partial-volume correction: the label map is empty");
  std::vector<double> probe(1, 1.0);  // checks the PSF before any work
  gaussian_blur(probe, Grid({1, 1, 1}, grid_.spacing_mm(), Vector3::Zero()), psf_, 1);

  labels_.assign(labels.begin(), labels.end());
  std::sort(labels_.begin(), labels_.end());
  labels_.erase(std::unique(labels_.begin(), labels_.end()), labels_.end());
  const std::size_t regions = labels_.size();
  region_of_voxel_.resize(labels.size());
  voxels_.assign(regions, 0);
  std::vector<Box> boxes(regions);
  for (auto& b : boxes) b.lo = grid_.size(), b.hi = {0, 0, 0};
  const auto& n = grid_.size();
  for (std::size_t k = 0, v = 0; k < n[2]; ++k)
    for (std::size_t j = 0; j < n[1]; ++j)
      for (std::size_t i = 0; i < n[0]; ++i, ++v) {
        const auto r = static_cast<std::uint32_t>(
            std::lower_bound(labels_.begin(), labels_.end(), labels[v]) - labels_.begin());
        region_of_voxel_[v] = r;
        ++voxels_[r];
        const std::array<std::size_t, 3> ijk{i, j, k};
        for (int a = 0; a < 3; ++a) {
          boxes[r].lo[a] = std::min(boxes[r].lo[a], ijk[a]);
          boxes[r].hi[a] = std::max(boxes[r].hi[a], ijk[a]);
        }
      }

  // Column j of W: region j's indicator blurred, summed over each region i. The blur only needs the region's
  // bounding box grown by the kernel's reach (zero beyond it), so small regions cost little.
  transfer_.assign(regions * regions, 0.0);
  const auto reach = psf_reach_voxels(grid_, psf_);
  std::vector<double> box_values;
  for (std::size_t col = 0; col < regions; ++col) {
    Box box = boxes[col];
    for (int a = 0; a < 3; ++a) {
      box.lo[a] = box.lo[a] > reach[a] ? box.lo[a] - reach[a] : 0;
      box.hi[a] = std::min(n[a] - 1, box.hi[a] + reach[a]);
    }
    const Grid box_grid({box.extent(0), box.extent(1), box.extent(2)}, grid_.spacing_mm(), Vector3::Zero());
    box_values.assign(box_grid.voxel_count(), 0.0);
    const auto for_each_box_voxel = [&](auto&& visit) {
      for (std::size_t k = 0, b = 0; k < box.extent(2); ++k)
        for (std::size_t j = 0; j < box.extent(1); ++j)
          for (std::size_t i = 0; i < box.extent(0); ++i, ++b)
            visit(b, grid_.linear_index(box.lo[0] + i, box.lo[1] + j, box.lo[2] + k));
    };
    for_each_box_voxel([&](std::size_t b, std::size_t v) { box_values[b] = region_of_voxel_[v] == col ? 1.0 : 0.0; });
    gaussian_blur(box_values, box_grid, psf_, threads_);
    for_each_box_voxel(
        [&](std::size_t b, std::size_t v) { transfer_[region_of_voxel_[v] * regions + col] += box_values[b]; });
  }
  for (std::size_t row = 0; row < regions; ++row)
    for (std::size_t col = 0; col < regions; ++col) transfer_[row * regions + col] /= static_cast<double>(voxels_[row]);
}

PartialVolumeCorrection RegionPartialVolume::correct(const Volume<float>& image) const {
  if (!image.grid().same_geometry(grid_))
    throw InvalidInput("partial-volume correction: the image's grid (" + image.grid().describe() +
                       ") is not the label map's (" + grid_.describe() + ")");
  const std::size_t regions = labels_.size();
  PartialVolumeCorrection out;
  out.observed_mean.assign(regions, 0.0);
  for (std::size_t v = 0; v < image.size(); ++v) {
    if (!std::isfinite(image[v]))
      throw InvalidInput("partial-volume correction: the image has a non-finite voxel (index " + std::to_string(v) +
                         ")");
    out.observed_mean[region_of_voxel_[v]] += image[v];
  }
  for (std::size_t r = 0; r < regions; ++r) out.observed_mean[r] /= static_cast<double>(voxels_[r]);

  const Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> w(
      transfer_.data(), static_cast<Eigen::Index>(regions), static_cast<Eigen::Index>(regions));
  const Eigen::Map<const Eigen::VectorXd> observed(out.observed_mean.data(), static_cast<Eigen::Index>(regions));
  const Eigen::VectorXd means = w.colPivHouseholderQr().solve(observed);
  if (!means.allFinite())
    throw NumericalError("partial-volume correction: the transfer matrix is singular (regions the resolution "
                         "cannot tell apart)");
  out.corrected_mean.assign(means.data(), means.data() + regions);
  // A region of (almost) no activity next to hot ones solves to a small ± value: noise and the model's error at
  // the grid's edges. Only a negative mean of more than 0.1 % of the hottest region's is counted (below that it
  // changes no dose that matters); every negative mean is set to 0.
  const double negligible = 1e-3 * means.cwiseAbs().maxCoeff();
  for (auto& m : out.corrected_mean)
    if (m < 0) {
      if (m < -negligible) ++out.negative_means_set_to_zero;
      m = 0.0;
    }

  // RBV: f = g · S / (h ⊗ S).
  std::vector<double> piecewise(image.size()), blurred;
  for (std::size_t v = 0; v < image.size(); ++v) piecewise[v] = out.corrected_mean[region_of_voxel_[v]];
  blurred = piecewise;
  gaussian_blur(blurred, grid_, psf_, threads_);
  out.corrected = Volume<float>(grid_);
  for (std::size_t v = 0; v < image.size(); ++v)
    out.corrected[v] = piecewise[v] > 0 && blurred[v] > 0 ? static_cast<float>(image[v] * piecewise[v] / blurred[v])
                                                          : 0.0f;
  return out;
}

}  // namespace rptdose::quantification
