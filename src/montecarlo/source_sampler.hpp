#pragma once
// Internal: decay positions ∝ a map of time-integrated activity, uniform within each voxel. Two-level inverse
// CDF — slices (double) then voxels within the slice (float, relative to the slice) — so a 512×512×400 map needs
// 4 bytes per voxel and float rounding stays within a slice's 2.6·10⁵ voxels.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "rptdose/core/volume.hpp"

namespace rptdose::montecarlo::detail {

class SourceSampler {
 public:
  explicit SourceSampler(const Volume<float>& map) : size_(map.grid().size()) {
    const std::size_t slice_voxels = size_[0] * size_[1];
    within_.resize(map.grid().voxel_count());
    slice_cdf_.assign(size_[2] + 1, 0.0);
    for (std::size_t k = 0; k < size_[2]; ++k) {
      const float* slice = map.data() + k * slice_voxels;
      double running = 0.0;
      for (std::size_t i = 0; i < slice_voxels; ++i) running += slice[i];
      double partial = 0.0;
      for (std::size_t i = 0; i < slice_voxels; ++i) {
        partial += slice[i];
        within_[k * slice_voxels + i] = running > 0.0 ? static_cast<float>(partial / running) : 0.0f;
      }
      if (running > 0.0) within_[k * slice_voxels + slice_voxels - 1] = 1.0f;
      slice_cdf_[k + 1] = slice_cdf_[k] + running;
      total_ += running;
    }
  }
  double total() const { return total_; }

  /// Voxel (linear index) for u1, u2 uniform in [0, 1).
  std::size_t voxel(double u1, double u2) const {
    const double target = u1 * total_;
    // First slice whose cumulative end exceeds the target (skips empty slices).
    const auto it = std::upper_bound(slice_cdf_.begin() + 1, slice_cdf_.end(), target);
    const std::size_t k = std::min<std::size_t>(static_cast<std::size_t>(it - slice_cdf_.begin()) - 1, size_[2] - 1);
    const std::size_t slice_voxels = size_[0] * size_[1];
    const float* begin = within_.data() + k * slice_voxels;
    const float* end = begin + slice_voxels;
    const float* hit = std::upper_bound(begin, end, static_cast<float>(u2));
    return k * slice_voxels + static_cast<std::size_t>(std::min(hit, end - 1) - begin);
  }

 private:
  Size3 size_;
  std::vector<float> within_;
  std::vector<double> slice_cdf_;
  double total_ = 0.0;
};

}  // namespace rptdose::montecarlo::detail
