#pragma once
// Internal: report.md, the short human-readable report of a run: what was computed, the VOI table, the plots and
// the warnings, rendered from the run's summary.
#include <filesystem>

#include "rptdose/pipeline/study.hpp"
#include "rptdose/results/run_summary.hpp"
#include "rptdose/results/therapy_comparison.hpp"

namespace rptdose::pipeline::detail {

/// `study`: the run's typed choices (the summary records them as text); `comparison`: methods.compare_nuclides'.
void write_report(const std::filesystem::path& path, const results::RunSummary& summary, const Study& study,
                  const results::Comparison* comparison = nullptr);

}  // namespace rptdose::pipeline::detail
