#pragma once
// rptdose::pipeline — the cycles of one patient: the results folders of one `rptdose run` (or `rptdose demo`) per
// cycle, accumulated into a cumulative table (dose, BED, EQD2 per VOI and cycle), and, written as one output folder,
// the voxel sums of the cycles' dose (and BED) maps and the cumulative DVH (docs/radiobiology.md, "Cycles").
//
// Assumptions (stated in every output): repair between cycles is complete (cycles are weeks apart, far longer than
// any repair half-time), so the BEDs of the cycles add, BED_total = Σ_k BED_k (radiobiology/cycles.hpp); no
// repopulation or other time factor between cycles; the maps of all cycles lie on one grid (register them first).
// Each cycle's BED is the run's own (summary.json vois[].radiobiology.bed_Gy: for alpha emitters it already holds
// RBE_α·D_α linearly), each with its own nuclide, activity and kinetics.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "rptdose/radiobiology/cycles.hpp"
#include "rptdose/results/run_summary.hpp"

namespace rptdose::pipeline {

/// The results of one cycle.
struct CycleRun {
  std::filesystem::path folder;        ///< the results folder
  std::filesystem::path summary_file;  ///< its summary.json
  /// What summary.json holds; a VOI's vois[].radiobiology (when it matched a tissue) gives its α/β and BED, a VOI
  /// without one gets doses only.
  results::RunSummary summary;
  /// Maps present in the folder: dose_Gy, bed_Gy and labels with the extension of the run's output format
  /// (.nii.gz, .nii, .nrrd or .mha, whichever dose_Gy has).
  std::string image_extension;  ///< e.g. ".nii.gz"; empty when there is no dose map
  std::optional<std::filesystem::path> dose_map, bed_map, labels_map;
};

/// Reads a cycle's results: a results folder (with summary.json) or the path of a summary.json. Throws IoError for
/// a missing folder or summary, InvalidInput for malformed JSON or values (missing keys, negative doses, α/β ≤ 0),
/// naming the file and the key.
CycleRun read_cycle_run(const std::filesystem::path& results);

/// The cumulative table of runs already read, in treatment order; labels (one per run) name the cycles. VOIs are
/// matched by name; a VOI absent from a cycle adds nothing there. Throws InvalidInput for a VOI whose α/β differs
/// between cycles (naming it) and as radiobiology::cumulative_table.
std::vector<radiobiology::CumulativeRow> cumulative_rows(const std::vector<CycleRun>& runs,
                                                         const std::vector<std::string>& labels);

struct CyclesOptions {
  /// One per run (e.g. "cycle 1, 2026-03-02"), or empty: "cycle 1", "cycle 2", ...
  std::vector<std::string> labels;
  /// Where to write cumulative.csv, cumulative.json and (with `maps`) the cumulative maps and DVH; empty: nothing
  /// is written. Written completely or not at all; a non-empty folder is refused unless `force`, and never one that
  /// is, holds or lies inside a cycle's results folder.
  std::filesystem::path output_folder;
  bool force = false;
  /// With an output folder: cumulative_dose_Gy (voxel sum of the dose_Gy maps), cumulative_bed_Gy (of the bed_Gy
  /// maps, when every run has one) and cumulative_dvh.csv. Needs every run's dose map and label map on one grid.
  bool maps = true;
};

struct CyclesResult {
  std::vector<CycleRun> runs;
  std::vector<std::string> labels;  ///< of the cycles
  std::vector<radiobiology::CumulativeRow> rows;
  std::vector<std::string> warnings;
  std::filesystem::path output_folder;  ///< when written
  std::vector<std::string> files;       ///< written, relative to output_folder
};

/// Reads the runs (at least one; one gives that cycle's own figures), accumulates them and writes the outputs.
/// Throws InvalidInput for no runs, a label count that differs from the run count, runs on different grids
/// ("cycle 2 is on another grid: register the cycles' results to one grid first"), a run without a dose or label
/// map when maps are written, and as read_cycle_run and cumulative_rows; IoError for unreadable files or an output
/// folder that cannot be written. Label maps that differ between cycles are a warning: the cumulative DVH uses the
/// first cycle's label map and VOI names.
CyclesResult accumulate_cycles(const std::vector<std::filesystem::path>& runs, const CyclesOptions& options = {});

/// The result as JSON (cumulative.json; keys in docs/radiobiology.md): assumptions, cycles [...], vois [{name,
/// tissue, alpha_beta_Gy, cycles [...], total_dose_Gy, total_bed_Gy, total_eqd2_Gy}], files, warnings; unknown
/// values are null.
std::string cycles_to_json(const CyclesResult& result, int indent = 2);

/// The cumulative table as CSV (cumulative.csv): voi, cycle (1-based), cycle_label, nuclide,
/// administered_activity_MBq, tissue, alpha_beta_Gy, dose_Gy, bed_Gy, cumulative_dose_Gy, cumulative_bed_Gy,
/// cumulative_eqd2_Gy; empty fields where unknown.
std::string cycles_to_csv(const CyclesResult& result);

}  // namespace rptdose::pipeline
