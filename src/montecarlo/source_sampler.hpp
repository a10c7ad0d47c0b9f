#pragma once
// Internal: decay positions ∝ a map of time-integrated activity, uniform within each voxel. Inverse CDF in four
// levels — slices (double), rows within the slice, blocks of 16 voxels within the row (float, relative to their
// parent), then the voxels of the block summed from the map itself — so each search is over a few dozen contiguous
// values (a flat search over a slice's 2.6·10⁵ floats spent most of its time in cache misses), float rounding stays
// within a row, and the tables take 1/16 of a float per voxel (26 MB for 512×512×400, beside the map they read).
#include <algorithm>
#include <cstdint>
#include <vector>

#include "rptdose/core/volume.hpp"

namespace rptdose::montecarlo::detail {

class SourceSampler {
 public:
  static constexpr std::size_t kBlock = 16;  ///< voxels of a row summed at sampling time (one cache line of floats)

  /// Keeps a pointer to `map`'s values: the map must outlive the sampler and not change.
  explicit SourceSampler(const Volume<float>& map)
      : map_(map.data()), size_(map.grid().size()), blocks_((size_[0] + kBlock - 1) / kBlock) {
    const std::size_t nx = size_[0], ny = size_[1], nz = size_[2];
    within_row_.resize(ny * nz * blocks_);
    within_slice_.resize(ny * nz);
    row_sum_.resize(ny * nz);
    slice_cdf_.assign(nz + 1, 0.0);
    std::vector<double> block_sum(blocks_);
    for (std::size_t k = 0; k < nz; ++k) {
      double slice_sum = 0.0;
      for (std::size_t j = 0; j < ny; ++j) {
        const std::size_t row = k * ny + j;
        const float* values = map_ + row * nx;
        double sum = 0.0;
        for (std::size_t b = 0; b < blocks_; ++b) {
          double s = 0.0;
          for (std::size_t i = b * kBlock, end = std::min(nx, i + kBlock); i < end; ++i) s += values[i];
          block_sum[b] = s;
          sum += s;
        }
        float* cdf = within_row_.data() + row * blocks_;
        double partial = 0.0;
        for (std::size_t b = 0; b < blocks_; ++b) {
          partial += block_sum[b];
          cdf[b] = sum > 0.0 ? static_cast<float>(partial / sum) : 0.0f;
        }
        if (sum > 0.0) cdf[blocks_ - 1] = 1.0f;
        row_sum_[row] = sum;
        slice_sum += sum;
      }
      double partial = 0.0;
      for (std::size_t j = 0; j < ny; ++j) {
        partial += row_sum_[k * ny + j];
        within_slice_[k * ny + j] = slice_sum > 0.0 ? static_cast<float>(partial / slice_sum) : 0.0f;
      }
      if (slice_sum > 0.0) within_slice_[k * ny + ny - 1] = 1.0f;
      slice_cdf_[k + 1] = slice_cdf_[k] + slice_sum;
    }
    total_ = slice_cdf_[nz];
  }
  double total() const { return total_; }

  /// Voxel (linear index) for u1, u2, u3 uniform in [0, 1); always one whose value is positive. The same as the
  /// stages below in order; a caller drawing many decays runs each stage over a batch of them and prefetches what
  /// the next stage reads, so that the cache misses of different decays overlap.
  std::size_t voxel(double u1, double u2, double u3) const {
    const std::size_t row = row_of(slice_of(u1), u2);
    return voxel_in_block(row, block_of(row, u3), u3);
  }

  /// Stage 1: the slice (z index) for u1; reads only the small slice table.
  std::size_t slice_of(double u1) const {
    // First slice whose cumulative end exceeds the target (skips empty slices).
    const auto slice = std::upper_bound(slice_cdf_.begin() + 1, slice_cdf_.end(), u1 * total_);
    return std::min<std::size_t>(static_cast<std::size_t>(slice - slice_cdf_.begin()) - 1, size_[2] - 1);
  }
  /// What row_of(k, ·) reads.
  const float* rows_of_slice(std::size_t k) const { return within_slice_.data() + k * size_[1]; }
  /// Stage 2: the row (k·ny + j) for u2.
  std::size_t row_of(std::size_t k, double u2) const {
    return k * size_[1] + first_above(rows_of_slice(k), size_[1], u2);
  }
  /// What block_of(row, ·) reads.
  const float* blocks_of_row(std::size_t row) const { return within_row_.data() + row * blocks_; }
  /// Stage 3: the block of 16 voxels within the row for u3.
  std::size_t block_of(std::size_t row, double u3) const { return first_above(blocks_of_row(row), blocks_, u3); }
  /// What voxel_in_block(row, b, ·) reads.
  const float* values_of_block(std::size_t row, std::size_t b) const { return map_ + row * size_[0] + b * kBlock; }
  /// Stage 4: the voxel whose running sum passes u3's share of the row beyond the blocks before this one.
  std::size_t voxel_in_block(std::size_t row, std::size_t b, double u3) const {
    const std::size_t nx = size_[0];
    const float* cdf = blocks_of_row(row);
    const double lo = b == 0 ? 0.0 : cdf[b - 1];
    const double target = std::max(0.0, u3 - lo) * row_sum_[row];
    const float* values = map_ + row * nx;
    const std::size_t begin = b * kBlock, end = std::min(nx, begin + kBlock);
    double partial = 0.0;
    std::size_t last_positive = begin;
    for (std::size_t i = begin; i < end; ++i) {
      if (!(values[i] > 0.0f)) continue;
      partial += values[i];
      last_positive = i;
      if (partial > target) return row * nx + i;
    }
    return row * nx + last_positive;  // the target beyond the block's sum by rounding
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

  const float* map_;
  Size3 size_;
  std::size_t blocks_;  ///< per row
  std::vector<float> within_row_, within_slice_;
  std::vector<double> row_sum_, slice_cdf_;  ///< per row; cumulative per slice
  double total_ = 0.0;
};

}  // namespace rptdose::montecarlo::detail
