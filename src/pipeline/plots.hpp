#pragma once
// Internal: the PNG plots of a run (TAC with the fitted curve per VOI, cumulative DVH per VOI, dose over CT). They
// are drawn by matplotlib through the script python/rptdose/plots.py (installed as share/rptdose/plot_study.py),
// run as a separate process on the tables the run wrote: the C++ program needs no plotting library, and a missing
// Python or matplotlib costs the plots (a warning), never the dose.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "rptdose/core/volume.hpp"

namespace rptdose::pipeline::detail {

/// plots/overlay.json: the axial and coronal slices of the dose (Gy) and CT (HU, when given) through the voxel of
/// maximum dose, with the spacing, for the overlay plot.
void write_overlay_data(const std::filesystem::path& path, const Volume<float>& dose_Gy, const Volume<float>* ct_HU);

struct PlotResult {
  std::vector<std::string> files;    ///< PNGs made, relative to the output folder ("plots/tac.png", ...)
  std::optional<std::string> error;  ///< why plots are missing
};

/// Runs the plot script on the output folder that holds `plots_folder`. `python`: the interpreter (empty:
/// $RPTDOSE_PYTHON, else the one found at build time). The script: $RPTDOSE_PLOT_SCRIPT, else the installed one
/// next to the data folder, else the source tree's.
PlotResult make_plots(const std::filesystem::path& plots_folder, const std::filesystem::path& python);

}  // namespace rptdose::pipeline::detail
