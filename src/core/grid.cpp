#include "rptdose/core/grid.hpp"

#include <cmath>
#include <sstream>

#include <Eigen/LU>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/core/volume_checks.hpp"

namespace rptdose {

namespace {

// Below this |det| the direction matrix cannot be inverted reliably (unit direction cosines give |det| = 1).
constexpr double kMinDirectionDeterminant = 1e-6;

std::string format_vector(const Vector3& v) {
  std::ostringstream out;
  out << "(" << v.x() << ", " << v.y() << ", " << v.z() << ")";
  return out.str();
}

}  // namespace

Grid::Grid() : Grid(Size3{0, 0, 0}, Vector3::Ones()) {}

Grid::Grid(Size3 size, Vector3 spacing_mm, Vector3 origin_mm, Matrix3 direction)
    : size_(size), spacing_mm_(spacing_mm), origin_mm_(origin_mm), direction_(direction) {
  for (int axis = 0; axis < 3; ++axis) {
    if (!std::isfinite(spacing_mm_[axis]) || spacing_mm_[axis] <= 0.0) {
      std::ostringstream msg;
      msg << "grid spacing along axis " << axis << " is " << spacing_mm_[axis]
          << " mm: voxel spacings must be finite and positive (check the image header or the spacing you passed)";
      throw InvalidInput(msg.str());
    }
  }
  if (!origin_mm_.allFinite()) {
    throw InvalidInput("grid origin " + format_vector(origin_mm_) + " mm is not finite: fix the image header");
  }
  if (!direction_.allFinite() || std::abs(direction_.determinant()) < kMinDirectionDeterminant) {
    std::ostringstream msg;
    msg << "grid direction matrix is singular or not finite (rows: " << format_vector(direction_.row(0).transpose())
        << ", " << format_vector(direction_.row(1).transpose()) << ", " << format_vector(direction_.row(2).transpose())
        << "): pass unit direction cosines of three independent axes";
    throw InvalidInput(msg.str());
  }
  index_to_point_ = direction_ * spacing_mm_.asDiagonal();
  point_to_index_ = index_to_point_.inverse();
}

double Grid::voxel_volume_ml() const {
  return voxel_volume_mm3() / units::kMm3PerMl;
}

bool Grid::contains(const Index3& index) const {
  for (int axis = 0; axis < 3; ++axis) {
    if (index[axis] < 0 || static_cast<std::size_t>(index[axis]) >= size_[axis]) return false;
  }
  return true;
}

Vector3 Grid::index_to_point(const Vector3& continuous_index) const {
  return origin_mm_ + index_to_point_ * continuous_index;
}

Vector3 Grid::index_to_point(const Index3& index) const {
  return index_to_point(
      Vector3(static_cast<double>(index[0]), static_cast<double>(index[1]), static_cast<double>(index[2])));
}

Vector3 Grid::point_to_index(const Vector3& point_mm) const {
  return point_to_index_ * (point_mm - origin_mm_);
}

bool Grid::same_geometry(const Grid& other, double tolerance_mm, double tolerance_dir) const {
  return size_ == other.size_ && (spacing_mm_ - other.spacing_mm_).cwiseAbs().maxCoeff() <= tolerance_mm &&
         (origin_mm_ - other.origin_mm_).cwiseAbs().maxCoeff() <= tolerance_mm &&
         (direction_ - other.direction_).cwiseAbs().maxCoeff() <= tolerance_dir;
}

std::string Grid::describe() const {
  std::ostringstream out;
  out << size_[0] << "x" << size_[1] << "x" << size_[2] << " voxels, spacing " << spacing_mm_.x() << "x"
      << spacing_mm_.y() << "x" << spacing_mm_.z() << " mm, origin " << format_vector(origin_mm_) << " mm";
  if (!direction_.isIdentity(1e-12)) {
    out << ", direction rows " << format_vector(direction_.row(0).transpose()) << " "
        << format_vector(direction_.row(1).transpose()) << " " << format_vector(direction_.row(2).transpose());
  }
  return out.str();
}

void require_same_geometry(const Grid& a, const Grid& b, const std::string& what_a, const std::string& what_b) {
  if (a.same_geometry(b)) return;
  throw InvalidInput("the " + what_a + " grid (" + a.describe() + ") differs from the " + what_b + " grid (" +
                     b.describe() + "): resample one onto the other's grid before combining them");
}

std::string describe_voxel(const Grid& grid, std::size_t linear) {
  const auto& size = grid.size();
  if (size[0] == 0 || size[1] == 0) return "(?)";
  return "(" + std::to_string(linear % size[0]) + ", " + std::to_string(linear / size[0] % size[1]) + ", " +
         std::to_string(linear / (size[0] * size[1])) + ")";
}

}  // namespace rptdose
