#pragma once
// rptdose::core — image geometry. A Grid places a block of voxels in patient space (mm), as ITK and DICOM do:
// physical point = origin + direction · diag(spacing) · index. The compute core works on Grids and Volumes only;
// it must not depend on ITK or any image-file library.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include <Eigen/Core>

namespace rptdose {

using Index3 = std::array<std::int64_t, 3>;  ///< voxel index (i, j, k), i along x (fastest in memory)
using Size3 = std::array<std::size_t, 3>;    ///< number of voxels along (x, y, z)
using Vector3 = Eigen::Vector3d;             ///< a point or vector in mm
using Matrix3 = Eigen::Matrix3d;             ///< direction cosines, columns = image axes in patient space

class Grid {
 public:
  /// An empty grid (0 voxels, 1 mm spacing, origin 0, identity direction).
  Grid();
  /// Throws InvalidInput when a spacing is not finite and positive, the origin is not finite, or the
  /// direction matrix is singular or not finite.
  Grid(Size3 size, Vector3 spacing_mm, Vector3 origin_mm = Vector3::Zero(), Matrix3 direction = Matrix3::Identity());

  const Size3& size() const { return size_; }
  std::size_t voxel_count() const { return size_[0] * size_[1] * size_[2]; }
  bool empty() const { return voxel_count() == 0; }
  const Vector3& spacing_mm() const { return spacing_mm_; }
  const Vector3& origin_mm() const { return origin_mm_; }
  const Matrix3& direction() const { return direction_; }

  /// Voxel volume in mL (spacing in mm: mm³ / 1000).
  double voxel_volume_ml() const;
  /// Voxel volume in mm³.
  double voxel_volume_mm3() const { return spacing_mm_.prod(); }

  /// Linear offset of voxel (i, j, k) in x-fastest storage. No bounds check.
  std::size_t linear_index(std::size_t i, std::size_t j, std::size_t k) const {
    return i + size_[0] * (j + size_[1] * k);
  }
  bool contains(const Index3& index) const;

  /// Physical point (mm) of a continuous index (voxel centres at integer indices).
  Vector3 index_to_point(const Vector3& continuous_index) const;
  Vector3 index_to_point(const Index3& index) const;
  /// Continuous index of a physical point (mm).
  Vector3 point_to_index(const Vector3& point_mm) const;

  /// Same size, and spacing/origin/direction equal within `tolerance_mm` (absolute, mm) and `tolerance_dir`.
  bool same_geometry(const Grid& other, double tolerance_mm = 1e-4, double tolerance_dir = 1e-6) const;

  /// "64×64×32 voxels, spacing 4.8×4.8×4.8 mm, origin (0, 0, 0) mm" — for error messages.
  std::string describe() const;

 private:
  Size3 size_;
  Vector3 spacing_mm_;
  Vector3 origin_mm_;
  Matrix3 direction_;
  Matrix3 index_to_point_;  // direction · diag(spacing)
  Matrix3 point_to_index_;  // its inverse
};

/// Throws InvalidInput naming both grids when `a` and `b` differ (see Grid::same_geometry).
/// `what_a` and `what_b` name the operands in the message ("TIA map", "density map").
void require_same_geometry(const Grid& a, const Grid& b, const std::string& what_a, const std::string& what_b);

}  // namespace rptdose
