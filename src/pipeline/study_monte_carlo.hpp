#pragma once
// Internal: methods.monte_carlo of a study file (docs/study-file.md), and the checks of methods.dose "monte-carlo"
// against the rest of the study.
#include <nlohmann/json.hpp>

#include "rptdose/pipeline/study.hpp"

namespace rptdose::pipeline::detail {

/// Sets study.methods.monte_carlo from `methods` (its dose already read): the key's options with dose
/// "monte-carlo" (defaults when the key is absent), none otherwise. Throws InvalidInput naming the key: monte_carlo
/// without dose "monte-carlo", a bad option, or a combination the Monte Carlo does not take (route dose-rate,
/// kernel_radius_mm, density_correction, compare_nuclides, materials "ct" without a CT).
void parse_monte_carlo(const nlohmann::json& methods, Study& study);

}  // namespace rptdose::pipeline::detail
