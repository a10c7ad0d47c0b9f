#pragma once
// Internal: the grid of a stack of DICOM image planes (PS3.3 C.7.6.2 Image Plane Module): each plane's
// ImagePositionPatient (the centre of its first voxel), ImageOrientationPatient (row and column direction cosines)
// and PixelSpacing, in the patient's LPS space. Planes are ordered by their position along the normal
// (row × column), whatever the file names or InstanceNumbers say; a stack whose planes are not one regular grid
// (different orientations or sizes, missing slices, uneven steps, a sheared stack from a tilted gantry) is refused,
// never resampled silently.
#include <cstddef>
#include <string>
#include <vector>

#include "rptdose/core/grid.hpp"

namespace rptdose::io::detail {

struct ImagePlane {
  Vector3 position_mm;  ///< ImagePositionPatient (0020,0032)
  Vector3 row;          ///< ImageOrientationPatient (0020,0037) values 1–3: direction of increasing column index
  Vector3 column;       ///< values 4–6: direction of increasing row index
  double row_spacing_mm = 0;     ///< PixelSpacing (0028,0030) value 1: between rows (along `column`)
  double column_spacing_mm = 0;  ///< value 2: between columns (along `row`)
  std::size_t rows = 0, columns = 0;
  std::string source;  ///< the file, for messages
};

/// Slice positions may differ from a regular step by this fraction of the step: positions are written as
/// decimal strings of ~6 significant digits (0.001 mm on a 300 mm field), far below 1 % of any slice; a missing
/// slice is a 100 % gap, and an uneven series (slices of two reconstructions mixed) tens of percent.
inline constexpr double kSliceStepTolerance = 0.01;

/// The planes in slice order (indices into `planes`) and the grid they make: x along the row direction, y along
/// the column direction, z along the normal. One plane needs `single_plane_step_mm` (> 0) as its z spacing.
/// Throws IoError naming the files when the planes do not make one regular grid.
struct PlaneStack {
  std::vector<std::size_t> order;
  Grid grid;
};
PlaneStack stack_planes(const std::vector<ImagePlane>& planes, double single_plane_step_mm);

/// The grid of `frames` planes stepping `step_mm` (> 0) along the normal from `first` (a multi-frame image).
Grid frame_stack_grid(const ImagePlane& first, std::size_t frames, double step_mm);

}  // namespace rptdose::io::detail
