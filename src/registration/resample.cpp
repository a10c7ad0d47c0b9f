#include "rptdose/registration/resample.hpp"

#include <algorithm>
#include <cmath>

#include <Eigen/LU>

namespace rptdose::registration {

namespace {

/// Continuous index in `moving` of target voxel (i, j, k).
struct Mapping {
  Matrix3 linear;  // target index → moving index
  Vector3 offset;
  Mapping(const Grid& moving, const Grid& target, const RigidTransform& transform) {
    // moving_index = P_m⁻¹ (R (o_t + M_t · i) + t − o_m), with M the index-to-point matrices.
    const Matrix3 target_matrix = target.direction() * target.spacing_mm().asDiagonal();
    const Matrix3 moving_matrix = moving.direction() * moving.spacing_mm().asDiagonal();
    const Matrix3 moving_inverse = moving_matrix.inverse();
    linear = moving_inverse * transform.rotation * target_matrix;
    offset = moving_inverse * (transform.apply(target.origin_mm()) - moving.origin_mm());
  }
  Vector3 operator()(std::size_t i, std::size_t j, std::size_t k) const {
    return linear * Vector3(static_cast<double>(i), static_cast<double>(j), static_cast<double>(k)) + offset;
  }
};

template <typename T, typename Sample>
Volume<T> map_voxels(const Grid& moving, const Grid& target, const RigidTransform& transform, Sample sample,
                     ParallelOptions parallel) {
  Volume<T> out(target);
  const Mapping mapping(moving, target, transform);
  const auto& n = target.size();
  parallel.grain = 1;
  parallel_for(
      0, n[2],
      [&](std::size_t k0, std::size_t k1) {
        for (std::size_t k = k0; k < k1; ++k)
          for (std::size_t j = 0; j < n[1]; ++j)
            for (std::size_t i = 0; i < n[0]; ++i) out(i, j, k) = sample(mapping(i, j, k));
      },
      parallel);
  return out;
}

/// Whether a continuous index lies in the image: voxel i covers [i − ½, i + ½), so the low edge (−½) is inside
/// and the high edge (n − ½) is not. Half-open on both sides of every voxel, a point on a shared edge belongs to
/// exactly one voxel, and nearest() below never leaves the image.
bool inside(const Grid& grid, const Vector3& index) {
  for (int a = 0; a < 3; ++a)
    if (!(index[a] >= -0.5 && index[a] < static_cast<double>(grid.size()[static_cast<std::size_t>(a)]) - 0.5))
      return false;
  return true;
}

float trilinear(const Volume<float>& v, const Vector3& index) {
  const auto& n = v.grid().size();
  std::size_t lo[3];
  double f[3];
  for (int a = 0; a < 3; ++a) {
    const double top = static_cast<double>(n[static_cast<std::size_t>(a)] - 1);
    const double x = std::clamp(index[a], 0.0, top);
    const double base = std::min(std::floor(x), std::max(top - 1, 0.0));
    lo[a] = static_cast<std::size_t>(base);
    f[a] = n[static_cast<std::size_t>(a)] > 1 ? x - base : 0.0;
  }
  const auto at = [&](std::size_t di, std::size_t dj, std::size_t dk) {
    return static_cast<double>(
        v(std::min(lo[0] + di, n[0] - 1), std::min(lo[1] + dj, n[1] - 1), std::min(lo[2] + dk, n[2] - 1)));
  };
  double value = 0;
  for (std::size_t dk = 0; dk < 2; ++dk)
    for (std::size_t dj = 0; dj < 2; ++dj)
      for (std::size_t di = 0; di < 2; ++di)
        value += (di ? f[0] : 1 - f[0]) * (dj ? f[1] : 1 - f[1]) * (dk ? f[2] : 1 - f[2]) * at(di, dj, dk);
  return static_cast<float>(value);
}

/// The voxel holding a continuous index inside the image (half-open voxels: floor(x + ½), not lround, which takes
/// −0.5 to −1). Clamped as well, so a rounding error at the edge cannot read outside.
template <typename T>
T nearest(const Volume<T>& v, const Vector3& index) {
  const auto& n = v.grid().size();
  std::size_t at[3];
  for (int a = 0; a < 3; ++a) {
    const double top = static_cast<double>(n[static_cast<std::size_t>(a)] - 1);
    at[a] = static_cast<std::size_t>(std::clamp(std::floor(index[a] + 0.5), 0.0, top));
  }
  return v(at[0], at[1], at[2]);
}

}  // namespace

Volume<float> resample(const Volume<float>& moving, const Grid& target, Interpolation interpolation,
                       const RigidTransform& transform, float outside, ParallelOptions parallel) {
  const Grid& grid = moving.grid();
  return map_voxels<float>(
      grid, target, transform,
      [&](const Vector3& index) {
        if (!inside(grid, index)) return outside;
        return interpolation == Interpolation::Nearest ? nearest(moving, index) : trilinear(moving, index);
      },
      parallel);
}

Volume<std::int32_t> resample_labels(const Volume<std::int32_t>& moving, const Grid& target,
                                     const RigidTransform& transform) {
  const Grid& grid = moving.grid();
  return map_voxels<std::int32_t>(
      grid, target, transform,
      [&](const Vector3& index) { return inside(grid, index) ? nearest(moving, index) : std::int32_t{0}; }, {});
}

Volume<float> resample_activity(const Volume<float>& activity_Bq, const Grid& target, const RigidTransform& transform,
                                ParallelOptions parallel) {
  const Grid& grid = activity_Bq.grid();
  Volume<float> concentration = activity_Bq.clone();
  concentration *= static_cast<float>(1.0 / grid.voxel_volume_ml());
  Volume<float> result = resample(concentration, target, Interpolation::Linear, transform, 0.0f, parallel);
  result *= static_cast<float>(target.voxel_volume_ml());
  // The moving activity inside the target's field of view: voxel centres mapped into the target grid.
  // The inverse of the linear part (a rotation's transpose, but an affine registration gives any invertible matrix).
  const Matrix3 rotation_inverse = transform.rotation.inverse();
  double inside_total = 0;
  const auto& n = grid.size();
  for (std::size_t k = 0; k < n[2]; ++k)
    for (std::size_t j = 0; j < n[1]; ++j)
      for (std::size_t i = 0; i < n[0]; ++i) {
        const Vector3 reference_point =
            rotation_inverse * (grid.index_to_point(Index3{static_cast<std::int64_t>(i), static_cast<std::int64_t>(j),
                                                           static_cast<std::int64_t>(k)}) -
                                transform.translation_mm);
        if (inside(target, target.point_to_index(reference_point))) inside_total += activity_Bq(i, j, k);
      }
  const double resampled_total = result.sum();
  if (resampled_total != 0.0 && inside_total != 0.0) result *= static_cast<float>(inside_total / resampled_total);
  return result;
}

}  // namespace rptdose::registration
