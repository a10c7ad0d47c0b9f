#pragma once
// The figures of `rptdose run` and `rptdose demo`: python/rptdose/plots.py (installed as
// share/rptdose/plot_study.py) run as a separate process on the run's tables, so the C++ program needs no plotting
// library, and a missing Python or matplotlib costs the plots (a warning), never the dose.
#include <filesystem>
#include <optional>
#include <string>

#include "rptdose/pipeline/run.hpp"

namespace rptdose::cli {

/// A figure maker that runs the plot script with an interpreter: $RPTDOSE_PYTHON, else the one found at build time.
/// The script: $RPTDOSE_PLOT_SCRIPT, else the installed one next to the data folder, else the source tree's.
pipeline::FigureMaker plot_script_figures();

/// rptdose compare --plot: the plot script draws the comparison (JSON text of results::comparison_to_json) into
/// `png` (written completely or not at all). Returns the reason when it could not (no Python, no matplotlib).
std::optional<std::string> plot_comparison(const std::string& comparison_json, const std::filesystem::path& png);

}  // namespace rptdose::cli
