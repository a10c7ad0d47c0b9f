#pragma once
// rptdose::pipeline — running a study: images → (units, registration) → time-integrated activity per voxel →
// dose per voxel → per-VOI figures, written as one output folder (docs/study-file.md lists every output).
// The run is a sequence of stages with typed values between them (src/pipeline/stage_*.hpp): inputs → kinetics
// (voxel time-activity fits) → dose → VOI analysis → writers (maps, tables, figures, summary.json, report.md).
//
// The folder is written completely or not at all: everything goes to a temporary folder beside it, which is
// renamed into place at the end. An existing non-empty folder is refused unless `force`, and never one that holds
// an input of the study.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "rptdose/core/progress.hpp"
#include "rptdose/pipeline/study.hpp"
#include "rptdose/results/run_summary.hpp"

namespace rptdose::pipeline {

/// What a figure maker drew: PNG files relative to the output folder ("plots/tac.png", ...), or why it drew none.
struct FigureResult {
  std::vector<std::string> files;
  std::optional<std::string> error;  ///< becomes the warning "plots not made: <error>"
};

/// Draws the run's figures into `output_folder` (the run's folder before it is committed: it holds the tables,
/// tac.csv, dvh.csv, and plots/overlay.json). The library draws nothing itself (no plotting library, no second
/// process): the rptdose program runs the plot script as a separate process (src/cli/plot_script.hpp), the Python
/// package draws in its own interpreter (rptdose.plots.plot_study). Called only when the study asks for plots.
using FigureMaker = std::function<FigureResult(const std::filesystem::path& output_folder)>;

struct RunOptions {
  std::filesystem::path output_folder;
  bool force = false;    ///< replace a non-empty output folder
  unsigned threads = 0;  ///< 0: default_thread_count()
  ProgressCallback progress;
  /// Draws the figures; empty: none are drawn, and a study that asks for plots gets a warning saying so.
  FigureMaker figures;
};

/// A finished run: its record (what summary.json holds; one results::VoiRecord per VOI) and where it was written.
struct RunResult {
  std::filesystem::path output_folder;
  results::RunSummary summary;
};

/// Runs `study`. Throws InvalidInput for inputs that do not fit together (geometries without registration, a
/// label map that covers no voxel of the dose grid, ...), IoError for unreadable inputs or an output folder that
/// cannot be written, and leaves no partial output.
RunResult run_study(const Study& study, const RunOptions& options);

/// Reads every input of `study` and checks that they fit together, without computing: what `rptdose validate`
/// does. Returns warnings; throws as run_study.
std::vector<std::string> validate_study(const Study& study);

}  // namespace rptdose::pipeline
