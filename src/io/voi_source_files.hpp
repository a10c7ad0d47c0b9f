#pragma once
// Internal: the file names of VOI sources (voi_sources.cpp), shared with voi_source_grid.cpp.
#include <filesystem>

namespace rptdose::io::detail {

/// A NIfTI mask's name: ends in .nii or .nii.gz (and has more before it).
bool is_nifti_name(const std::filesystem::path& path);

}  // namespace rptdose::io::detail
