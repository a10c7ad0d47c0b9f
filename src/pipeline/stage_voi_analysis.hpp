#pragma once
// Internal: the VOI-analysis stage of a run (run.cpp): for every VOI of the label map its fitted time-activity
// curve, dose statistics and DVH, component means, RBE-weighted dose and radiobiology (BED, EQD2, and from the
// voxel BED map the mean voxel BED, EUBED, EUD), as the run's VOI records.
#include <optional>
#include <string>
#include <vector>

#include "rptdose/analysis/voi_statistics.hpp"
#include "rptdose/results/run_summary.hpp"
#include "rptdose/timeactivity/voi_fit.hpp"
#include "stage_dose.hpp"
#include "stage_inputs.hpp"

namespace rptdose::pipeline::detail {

struct VoiAnalysis {
  std::vector<results::VoiRecord> vois;              ///< in increasing label order
  std::vector<timeactivity::VoiFitResult> kinetics;  ///< the fit of each VOI (as `vois`)
  std::vector<analysis::Dvh> dvhs;                   ///< the cumulative DVH of each VOI (as `vois`)
  std::optional<Volume<float>> bed_Gy;    ///< voxel BED in the tissue-matched VOIs (none when no VOI has a tissue)
  std::optional<Volume<float>> g_factor;  ///< with a per-voxel G: the G of each voxel's BED
  std::vector<std::string> warnings;
};

/// Empty, with a warning, when the study has no label map. With a partial-volume correction, each VOI's curve is
/// also fitted to the images before it (vois[].partial_volume).
VoiAnalysis analyse_vois(const Study& study, const RunInputs& inputs, const timeactivity::ImageSeries& series,
                         const DoseResult& dose);

}  // namespace rptdose::pipeline::detail
