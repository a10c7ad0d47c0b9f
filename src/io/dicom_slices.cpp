#include "dicom_slices.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

#include <Eigen/Geometry>

#include "rptdose/core/error.hpp"

namespace rptdose::io::detail {

namespace {

/// Direction cosines agree to this (written with ~6 decimals): 1e-4 rad is 0.03 mm across a 300 mm field.
constexpr double kDirectionTolerance = 1e-4;

std::string point_text(const Vector3& p) {
  std::ostringstream text;
  text.precision(6);
  text << "(" << p.x() << ", " << p.y() << ", " << p.z() << ") mm";
  return text.str();
}

Vector3 normal_of(const ImagePlane& plane) {
  return plane.row.cross(plane.column);
}

void check_plane(const ImagePlane& plane) {
  if (std::abs(plane.row.norm() - 1) > 1e-3 || std::abs(plane.column.norm() - 1) > 1e-3 ||
      std::abs(plane.row.dot(plane.column)) > 1e-3)
    throw IoError(plane.source + ": ImageOrientationPatient (0020,0037) is not two orthogonal unit vectors");
  if (!(plane.row_spacing_mm > 0) || !(plane.column_spacing_mm > 0))
    throw IoError(plane.source + ": PixelSpacing (0028,0030) is missing or not positive");
}

Grid grid_of(const ImagePlane& first, std::size_t slices, double step_mm) {
  Matrix3 direction;
  direction.col(0) = first.row.normalized();
  direction.col(1) = first.column.normalized();
  direction.col(2) = normal_of(first).normalized();
  try {
    return Grid({first.columns, first.rows, slices}, Vector3(first.column_spacing_mm, first.row_spacing_mm, step_mm),
                first.position_mm, direction);
  } catch (const InvalidInput& e) {
    throw IoError(first.source + ": the image's geometry is not usable: " + e.what());
  }
}

}  // namespace

Grid frame_stack_grid(const ImagePlane& first, std::size_t frames, double step_mm) {
  check_plane(first);
  return grid_of(first, frames, step_mm);
}

PlaneStack stack_planes(const std::vector<ImagePlane>& planes, double single_plane_step_mm) {
  if (planes.empty()) throw IoError("no image planes to stack");
  for (const auto& plane : planes) check_plane(plane);
  const ImagePlane& reference = planes.front();
  for (const auto& plane : planes) {
    if ((plane.row - reference.row).cwiseAbs().maxCoeff() > kDirectionTolerance ||
        (plane.column - reference.column).cwiseAbs().maxCoeff() > kDirectionTolerance)
      throw IoError("the slices " + reference.source + " and " + plane.source +
                    " have different ImageOrientationPatient (0020,0037): they are not one volume");
    if (plane.rows != reference.rows || plane.columns != reference.columns ||
        std::abs(plane.row_spacing_mm - reference.row_spacing_mm) > 1e-4 * reference.row_spacing_mm ||
        std::abs(plane.column_spacing_mm - reference.column_spacing_mm) > 1e-4 * reference.column_spacing_mm)
      throw IoError("the slices " + reference.source + " and " + plane.source +
                    " differ in Rows, Columns or PixelSpacing: they are not one volume");
  }
  const Vector3 normal = normal_of(reference).normalized();
  PlaneStack stack;
  stack.order.resize(planes.size());
  std::iota(stack.order.begin(), stack.order.end(), std::size_t{0});
  const auto along = [&](std::size_t i) { return planes[i].position_mm.dot(normal); };
  std::stable_sort(stack.order.begin(), stack.order.end(),
                   [&](std::size_t a, std::size_t b) { return along(a) < along(b); });
  if (planes.size() == 1) {
    if (!(single_plane_step_mm > 0))
      throw IoError(reference.source +
                    " is a single slice without SliceThickness (0018,0050): its slice "
                    "thickness is unknown");
    stack.grid = grid_of(reference, 1, single_plane_step_mm);
    return stack;
  }
  const ImagePlane& first = planes[stack.order.front()];
  // Each gap against the median gap (a missing slice doubles one gap, an uneven series changes some): the grid
  // then steps the mean gap, end to end.
  std::vector<double> gaps;
  for (std::size_t k = 1; k < planes.size(); ++k) gaps.push_back(along(stack.order[k]) - along(stack.order[k - 1]));
  std::vector<double> sorted = gaps;
  std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
  const double median = sorted[sorted.size() / 2];
  const double step = (along(stack.order.back()) - along(stack.order.front())) / double(planes.size() - 1);
  if (!(median > 0))
    throw IoError("the DICOM series has several slices at one position (" + first.source +
                  ", ...): it is not one volume; give one reconstruction per folder");
  const double in_plane_tolerance = kSliceStepTolerance * std::min(first.row_spacing_mm, first.column_spacing_mm);
  for (std::size_t k = 1; k < planes.size(); ++k) {
    const ImagePlane& previous = planes[stack.order[k - 1]];
    const ImagePlane& plane = planes[stack.order[k]];
    const double gap = gaps[k - 1];
    if (std::abs(gap - median) > kSliceStepTolerance * median) {
      std::ostringstream message;
      message.precision(4);
      message << "the DICOM series has "
              << (gap < 1e-6           ? "two slices at one position"
                  : gap > 1.5 * median ? "a missing slice"
                                       : "unevenly spaced slices")
              << ": " << previous.source << " and " << plane.source << " are " << gap
              << " mm apart where the series steps " << median << " mm (tolerance " << 100 * kSliceStepTolerance
              << " %): give the complete series, one reconstruction only";
      throw IoError(message.str());
    }
    const Vector3 offset = plane.position_mm - first.position_mm;
    if ((offset - offset.dot(normal) * normal).norm() > in_plane_tolerance + 1e-6)
      throw IoError("the slices of the DICOM series are shifted within their plane from one to the next (" +
                    plane.source + " at " + point_text(plane.position_mm) + ", the first at " +
                    point_text(first.position_mm) +
                    "): a tilted gantry or sheared stack; resample it to a regular grid first");
  }
  stack.grid = grid_of(first, planes.size(), step);
  return stack;
}

}  // namespace rptdose::io::detail
