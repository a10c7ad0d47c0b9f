#pragma once
// Internal: the dose stage of methods.dose "monte-carlo" (stage_dose.cpp): the decays of the TIA map transported
// through the study's voxel geometry (montecarlo/monte_carlo_dose.hpp): the CT's tissues and densities, or soft
// tissue everywhere.
#include <cstdint>
#include <map>

#include "rptdose/core/progress.hpp"
#include "rptdose/core/volume.hpp"
#include "rptdose/dose/dose_calculator.hpp"
#include "rptdose/pipeline/study.hpp"
#include "rptdose/results/run_summary.hpp"
#include "stage_inputs.hpp"

namespace rptdose::pipeline::detail {

/// What the transport adds to its dose maps: the statistical uncertainties and its record for summary.json.
struct MonteCarloFigures {
  Volume<float> relative_uncertainty;  ///< of the total dose per voxel (0 where no dose)
  std::map<std::int32_t, double> voi_relative_uncertainty;  ///< of each VOI's mean dose, by label
  results::MonteCarloMethodRecord record;
};

struct MonteCarloStage {
  dose::DoseMaps maps;  ///< total (Gy) and, with methods.components, alpha/electron/photon
  MonteCarloFigures figures;
};

/// Transports the decays of `tia_Bq_s` (the dose grid's TIA map; negative voxels of noisy fits get no decays and
/// are counted in maps.report.negative_input). Throws InvalidInput (the CT not in HU, labels above 65535, ...) and
/// Cancelled.
MonteCarloStage monte_carlo_stage(const Study& study, const RunInputs& inputs, const Volume<float>& tia_Bq_s,
                                  unsigned threads, const ProgressCallback& progress);

}  // namespace rptdose::pipeline::detail
