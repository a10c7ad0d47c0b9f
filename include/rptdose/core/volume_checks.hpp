#pragma once
// rptdose::core — checks of voxel values that every module applies to its inputs: non-finite voxels are errors
// that name how many there are and where the first is; negative voxels are counted (noisy images have them).
//
// Module core owns geometry, volumes, units, errors, threads, progress and data paths; it depends on Eigen only (no
// other rptdose module, no ITK or DCMTK).
#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>

#include "rptdose/core/error.hpp"
#include "rptdose/core/volume.hpp"

namespace rptdose {

/// "(i, j, k)" of a linear voxel offset on `grid`, for messages.
std::string describe_voxel(const Grid& grid, std::size_t linear);

/// Throws InvalidInput when `volume` has NaN or infinite voxels: "<what> has N NaN or infinite voxels, the first at
/// index (i, j, k): <fix>".
template <typename T>
void require_finite(const Volume<T>& volume, std::string_view what, std::string_view fix) {
  std::size_t bad = 0, first = 0;
  for (std::size_t n = 0; n < volume.size(); ++n)
    if (!std::isfinite(volume[n]) && bad++ == 0) first = n;
  if (bad == 0) return;
  throw InvalidInput(std::string(what) + " has " + std::to_string(bad) + " NaN or infinite voxel" +
                     (bad > 1 ? "s" : "") + ", the first at index " + describe_voxel(volume.grid(), first) + ": " +
                     std::string(fix));
}

/// Negative voxels of a volume: how many, and their sum (in the volume's unit).
struct NegativeVoxels {
  std::size_t count = 0;
  double sum = 0.0;
};
template <typename T>
NegativeVoxels negative_voxels(const Volume<T>& volume) {
  NegativeVoxels negative;
  for (const T& v : volume.values()) {
    if (v < T{0}) {
      ++negative.count;
      negative.sum += static_cast<double>(v);
    }
  }
  return negative;
}

}  // namespace rptdose
