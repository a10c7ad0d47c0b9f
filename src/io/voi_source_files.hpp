#pragma once
// Internal: the file names of VOI sources (voi_sources.cpp), shared with voi_source_grid.cpp.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace rptdose::io::detail {

/// The NIfTI masks of `folder` (its files named <name>.nii or <name>.nii.gz, not its subfolders) as (name, file),
/// sorted by name: a mask folder's VOIs, and its first mask the one whose grid the others share.
std::vector<std::pair<std::string, std::filesystem::path>> nifti_masks(const std::filesystem::path& folder);

}  // namespace rptdose::io::detail
