#pragma once
// Internal: summary.json (machine-readable record of a run: inputs, versions, methods, per-VOI results, warnings,
// stage times) and what it is built from. Keys are documented in docs/study-file.md ("summary.json").
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rptdose/dose/dose_calculator.hpp"
#include "rptdose/kernels/dose_kernel.hpp"
#include "rptdose/nuclides/chain.hpp"
#include "rptdose/pipeline/run.hpp"
#include "rptdose/timeactivity/voxel_fit.hpp"
#include "study_inputs.hpp"

namespace rptdose::pipeline::detail {

/// Everything a finished run reports (references; lives as long as run_study's locals).
struct RunRecord {
  const Study& study;
  const StudyInputs& inputs;
  const nuclides::DecayChain& chain;
  const kernels::DoseKernel& kernel;
  const dose::DoseMaps& dose;
  const timeactivity::VoxelFitMaps& tia;
  const RunResult& result;
  const std::vector<std::string>& plots;  ///< PNG files made, relative to the output folder
};

nlohmann::json summary_json(const RunRecord& record);

/// The uptake half-time (h) of a VOI's fitted curve: ln 2 over the rate of the rising exponential (bi-exponential
/// with uptake), none for curves without an uptake phase.
std::optional<double> uptake_half_time_h(const timeactivity::FitResult& fit, double lambda_phys_per_s);

}  // namespace rptdose::pipeline::detail
