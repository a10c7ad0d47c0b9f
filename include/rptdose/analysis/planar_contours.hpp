#pragma once
// rptdose::analysis — closed planar contours (an RTSTRUCT ROI, DICOM PS3.3 C.8.8.6) → the voxels of a Grid inside
// them, with sub-voxel accuracy. Plain C++ on Grid and Eigen points: no DICOM library here (io reads the contours).
//
// Method (the rule between contour planes is NEAREST PLANE, no interpolation of shapes):
// - All contours of one ROI lie on parallel planes (any orientation, not only axial). A plane holds one or more
//   contours; a point of the plane is inside when a ray from it crosses the plane's contours an odd number of
//   times (even-odd rule), so holes (a contour inside another) and several islands per plane work, and so does
//   the "keyhole" form some planning systems write for holes.
// - A contour plane at position w (along the planes' normal) stands for the slab from halfway to the neighbouring
//   plane on each side, at most s/2 from w, where s is the ROI's contouring step: the median distance between
//   consecutive planes. So a gap larger than s between planes (two lesions) stays outside, and the first and last
//   planes reach s/2 beyond themselves (the midpoint rule: a sphere contoured every 2.5 mm loses < 0.1 % of its
//   volume). An ROI on one plane stands for one voxel's extent of the grid along the normal.
// - Each voxel's covered fraction is integrated exactly along the grid axis closest to the contour planes (the
//   crossings of a line with the polygon edges) and sampled on a sub-grid across it (sub-lines at most
//   kContourSubsampleSpacing_mm apart). A voxel belongs to the ROI when at least half of it is covered.
#include <cstdint>
#include <span>
#include <vector>

#include "rptdose/core/grid.hpp"

namespace rptdose::analysis {

/// One closed planar contour: its vertices in patient coordinates (mm, DICOM LPS), the closing edge implied.
using PlanarContour = std::vector<Vector3>;

/// The sub-line spacing across the integrated axis: 0.5 mm keeps the volume of a 4.8 mm voxel rasterisation within
/// 0.5 % for organ-sized shapes (tests/analysis/planar_contours_test.cpp), at 10 × 10 sub-lines per voxel row.
constexpr double kContourSubsampleSpacing_mm = 0.5;
/// Most sub-lines per voxel along one axis (coarse grids: 16 × 16 lines per row keep the cost bounded).
constexpr int kContourMaxSubsamples = 16;
/// Distance (mm) within which contour points count as one plane: DICOM's DS values carry at most 16 characters,
/// so points of one plane written by a planning system agree to far better than this.
constexpr double kContourPlaneTolerance_mm = 0.05;
/// A voxel is inside the ROI when at least this fraction of it is covered.
constexpr float kContourInsideFraction = 0.5f;

/// The covered fraction (0..1) of each voxel in the box of the grid the contours reach.
struct ContourCoverage {
  Index3 begin{0, 0, 0};               ///< first voxel of the box (inside the grid)
  Size3 size{0, 0, 0};                 ///< box size (0 when the contours miss the grid)
  std::vector<float> fraction;         ///< x fastest, size[0]·size[1]·size[2] values
  double volume_in_grid_mm3 = 0;       ///< contoured volume inside the grid (sum of fractions · voxel volume)
  double volume_outside_grid_mm3 = 0;  ///< contoured volume beyond the grid's outer voxel faces

  /// Fraction of grid voxel (i, j, k), 0 outside the box.
  float at(std::int64_t i, std::int64_t j, std::int64_t k) const;
  /// Grid voxels (linear indices, ascending) covered at least kContourInsideFraction.
  std::vector<std::size_t> inside_voxels(const Grid& grid) const;
};

/// Rasterises one ROI's closed planar contours onto `grid` (any origin, spacing, direction). Throws InvalidInput
/// when a contour has fewer than 3 points, is not planar (a point farther than kContourPlaneTolerance_mm from its
/// plane), or lies on a plane not parallel to the others, or when no contour encloses an area. `threads` as
/// ParallelOptions::threads (0: default); results do not depend on it.
ContourCoverage rasterise_planar_contours(std::span<const PlanarContour> contours, const Grid& grid,
                                          unsigned threads = 0);

}  // namespace rptdose::analysis
