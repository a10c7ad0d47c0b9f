#pragma once
// Internal: report.md, the short human-readable report of a run: what was computed, the VOI table, the plots and
// the warnings.
#include <filesystem>

#include "summary.hpp"

namespace rptdose::pipeline::detail {

void write_report(const std::filesystem::path& path, const RunRecord& record);

}  // namespace rptdose::pipeline::detail
