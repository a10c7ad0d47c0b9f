#pragma once
// Internal: decay positions ∝ a map of time-integrated activity, uniform within each voxel. Three-level inverse
// CDF — slices (double), rows within the slice, voxels within the row (float, relative to their parent) — so each
// search is over a few hundred contiguous values (a flat search over a slice's 2.6·10⁵ floats spent most of its time
// in cache misses), float rounding stays within a row, and a 512×512×400 map needs 4 bytes per voxel.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "rptdose/core/volume.hpp"

namespace rptdose::montecarlo::detail {

class SourceSampler {
 public:
  explicit SourceSampler(const Volume<float>& map) : size_(map.grid().size()) {
    const std::size_t nx = size_[0], ny = size_[1], nz = size_[2];
    within_row_.resize(map.grid().voxel_count());
    within_slice_.resize(ny * nz);
    slice_cdf_.assign(nz + 1, 0.0);
    std::vector<double> row_sum(ny);
    for (std::size_t k = 0; k < nz; ++k) {
      double slice_sum = 0.0;
      for (std::size_t j = 0; j < ny; ++j) {
        const std::size_t row = (k * ny + j) * nx;
        double sum = 0.0;
        for (std::size_t i = 0; i < nx; ++i) sum += map.data()[row + i];
        double partial = 0.0;
        for (std::size_t i = 0; i < nx; ++i) {
          partial += map.data()[row + i];
          within_row_[row + i] = sum > 0.0 ? static_cast<float>(partial / sum) : 0.0f;
        }
        if (sum > 0.0) within_row_[row + nx - 1] = 1.0f;
        row_sum[j] = sum;
        slice_sum += sum;
      }
      double partial = 0.0;
      for (std::size_t j = 0; j < ny; ++j) {
        partial += row_sum[j];
        within_slice_[k * ny + j] = slice_sum > 0.0 ? static_cast<float>(partial / slice_sum) : 0.0f;
      }
      if (slice_sum > 0.0) within_slice_[k * ny + ny - 1] = 1.0f;
      slice_cdf_[k + 1] = slice_cdf_[k] + slice_sum;
    }
    total_ = slice_cdf_[nz];
  }
  double total() const { return total_; }

  /// Voxel (linear index) for u1, u2, u3 uniform in [0, 1).
  std::size_t voxel(double u1, double u2, double u3) const {
    const std::size_t nx = size_[0], ny = size_[1];
    // First slice whose cumulative end exceeds the target (skips empty slices).
    const auto slice = std::upper_bound(slice_cdf_.begin() + 1, slice_cdf_.end(), u1 * total_);
    const std::size_t k = std::min<std::size_t>(static_cast<std::size_t>(slice - slice_cdf_.begin()) - 1, size_[2] - 1);
    const std::size_t j = first_above(within_slice_.data() + k * ny, ny, u2);
    const std::size_t row = (k * ny + j) * nx;
    return row + first_above(within_row_.data() + row, nx, u3);
  }

 private:
  /// Index of the first of `n` ascending values above u (the last one if none is): the count of values ≤ u, by a
  /// branch-free scan that the compiler vectorises — its cache-line loads are independent, where a binary search's
  /// are a chain of misses.
  static std::size_t first_above(const float* values, std::size_t n, double u) {
    const float x = static_cast<float>(u);
    std::size_t count = 0;
    for (std::size_t i = 0; i < n; ++i) count += values[i] <= x;
    return std::min(count, n - 1);
  }

  Size3 size_;
  std::vector<float> within_row_, within_slice_;
  std::vector<double> slice_cdf_;
  double total_ = 0.0;
};

}  // namespace rptdose::montecarlo::detail
