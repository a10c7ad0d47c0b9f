#pragma once
// Internal: the data of the run's overlay figure. The figures themselves are drawn outside the library
// (RunOptions::figures: the rptdose program runs python/rptdose/plots.py as a process, the Python package calls it
// in-process), from the tables the run wrote and this file.
#include <filesystem>

#include "rptdose/core/volume.hpp"

namespace rptdose::pipeline::detail {

/// plots/overlay.json: the axial and coronal slices of the dose (Gy) and CT (HU, when given) through the voxel of
/// maximum dose, with the spacing, for the overlay plot.
void write_overlay_data(const std::filesystem::path& path, const Volume<float>& dose_Gy, const Volume<float>* ct_HU);

}  // namespace rptdose::pipeline::detail
