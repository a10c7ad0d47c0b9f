#pragma once
// Internal: the grid of a DICOM Segmentation from its functional groups, for memory estimates and the reader.
#include <filesystem>

#include "rptdose/core/grid.hpp"

namespace rptdose::io::detail {

/// The SEG's own grid (see read_segmentation_vois); throws IoError when its frames do not fit one.
Grid read_segmentation_grid(const std::filesystem::path& file);

}  // namespace rptdose::io::detail
