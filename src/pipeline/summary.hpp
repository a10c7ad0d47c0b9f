#pragma once
// Internal: the results::RunSummary of a finished run (what summary.json holds, rptdose/results/run_summary.hpp),
// made from the values of its stages.
#include <string>
#include <utility>
#include <vector>

#include "rptdose/results/run_summary.hpp"
#include "stage_writers.hpp"

namespace rptdose::pipeline::detail {

/// `plots`: PNG files made, relative to the output folder; `warnings` of every stage, in run order; `timing_s`:
/// seconds per stage in run order, then "total".
results::RunSummary make_run_summary(const RunProducts& run, std::vector<std::string> plots,
                                     std::vector<std::string> warnings,
                                     std::vector<std::pair<std::string, double>> timing_s);

}  // namespace rptdose::pipeline::detail
