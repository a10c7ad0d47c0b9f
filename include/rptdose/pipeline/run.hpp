#pragma once
// rptdose::pipeline — running a study: images → (units, registration) → time-integrated activity per voxel →
// dose per voxel → per-VOI figures, written as one output folder (docs/study-file.md lists every output).
//
// The folder is written completely or not at all: everything goes to a temporary folder beside it, which is
// renamed into place at the end. An existing non-empty folder is refused unless `force`, and never one that holds
// an input of the study.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "rptdose/analysis/voi_statistics.hpp"
#include "rptdose/core/progress.hpp"
#include "rptdose/pipeline/study.hpp"
#include "rptdose/timeactivity/voi_fit.hpp"

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

/// The linear-quadratic figures of a VOI whose name matches a tissue of the radiobiology table
/// (data/radiobiology/tissue_parameters.csv): BED of the VOI's mean dose with the G factor of its fitted curve (the
/// dose rate taken proportional to the VOI's activity: self-dose), and EQD2; from the voxel BED map (the same G and
/// α/β in every voxel of the VOI) the mean of the voxel BEDs, which is ≥ the BED of the mean dose as BED is convex in
/// dose, and with a radiosensitivity α (study methods.eud_alpha_per_Gy) EUBED and EUD.
struct VoiRadiobiology {
  std::string tissue;
  double alpha_beta_Gy = 0.0;
  double repair_half_time_h = 0.0;
  double g_factor = 0.0;
  double bed_Gy = 0.0;                     ///< BED of the VOI's mean dose
  double eqd2_Gy = 0.0;                    ///< EQD2 of bed_Gy
  std::string source_status;               ///< "cited", "alpha_beta_cited" or "assumed" (data/SOURCES.md)
  double mean_voxel_bed_Gy = 0.0;          ///< mean of the voxel BED map over the VOI
  std::optional<double> eud_alpha_per_Gy;  ///< the α used for EUBED and EUD (none: not computed)
  std::optional<double> eubed_Gy;          ///< equivalent uniform BED (O'Donoghue 1999)
  std::optional<double> eud_Gy;            ///< equivalent uniform absorbed dose
};

/// The figures of one VOI.
struct VoiResult {
  std::int32_t label = 0;
  std::string name;
  analysis::VoiStatistics dose_Gy;  ///< of the total dose map
  std::optional<double> mean_alpha_Gy, mean_electron_Gy, mean_photon_Gy;
  /// RBE_α·D_α + D_electron + D_photon (MIRD Pamphlet 22), with components of a chain that emits alphas.
  std::optional<double> mean_rbe_weighted_Gy;
  double rbe_alpha = 5.0;  ///< the RBE_α of this VOI: its tissue's (methods.rbe_alpha_by_tissue) or the default
  std::optional<VoiRadiobiology> radiobiology;
  timeactivity::VoiFitResult kinetics;  ///< TAC (Bq, sum over the VOI), fit, TIA (Bq·s), residence time
};

struct StageTime {
  std::string stage;
  double seconds = 0.0;
};

struct RunResult {
  std::filesystem::path output_folder;
  std::vector<VoiResult> vois;
  std::vector<std::string> warnings;
  std::vector<StageTime> stages;
  double total_seconds = 0.0;
};

/// Runs `study`. Throws InvalidInput for inputs that do not fit together (geometries without registration, a
/// label map that covers no voxel of the dose grid, ...), IoError for unreadable inputs or an output folder that
/// cannot be written, and leaves no partial output.
RunResult run_study(const Study& study, const RunOptions& options);

/// Reads every input of `study` and checks that they fit together, without computing: what `rptdose validate`
/// does. Returns warnings; throws as run_study.
std::vector<std::string> validate_study(const Study& study);

}  // namespace rptdose::pipeline
