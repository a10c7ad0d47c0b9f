#pragma once
// Internal: the comparison stage of a run (methods.compare_nuclides; docs/compare.md, "From rptdose run"): each
// candidate nuclide at voxel level. Every voxel's fitted curve keeps its biological rates and takes the candidate's
// physical decay (timeactivity/cross_nuclide.hpp, through fit_voxels' prediction), the predicted TIA map is
// convolved with the candidate's whole-chain kernel (the study's dose method, density correction and components),
// and the VOI means of the maps (mass-weighted, as the run's) per administered activity replace the VOI-level
// dose model of results::predict_candidate (its kinetics figures — residence time, half-lives for G — stay those of
// each VOI's fitted curve). Planning, daughters and sensitivity are results::evaluate_candidates'.
#include "rptdose/results/run_summary.hpp"
#include "rptdose/results/therapy_comparison.hpp"
#include "rptdose/timeactivity/image_series.hpp"
#include "stage_inputs.hpp"

namespace rptdose::pipeline::detail {

/// The comparison of study.methods.compare (which must be set) for the run whose VOI records are `measured`.
results::Comparison compare_candidates(const Study& study, const RunInputs& inputs,
                                       const timeactivity::ImageSeries& series, const results::RunSummary& measured,
                                       unsigned threads);

}  // namespace rptdose::pipeline::detail
