#pragma once
// rptdose::results — planning from a previous run (rptdose plan, Python plan_activity): the run's summary as the
// planning view of its VOIs, and the plan as JSON.
// The dose per activity of a VOI is mean_dose_Gy / administered_activity_Bq (its alpha part, with rbe_alpha,
// enters the BED of a cycle linearly: radiobiology/planning.hpp); its G comes from its kinetics (mono-exponential
// with effective_half_life_h, or e^{−λt} − e^{−λu t} with λu = ln 2 / uptake_half_time_h, the half-life of the
// rising term as the pipeline writes it) with the repair half-time of its tissue; its tissue from the VOI name
// (TissueTable::match_voi), unless overridden.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rptdose/radiobiology/planning.hpp"
#include "rptdose/radiobiology/tissue_parameters.hpp"
#include "rptdose/results/run_summary.hpp"

namespace rptdose::results {

/// Per-organ overrides of the tissue table: organ (a VOI name or prefix) → value. The longest matching organ wins;
/// an organ that matches no VOI is an InvalidInput (a typo would otherwise be silently ignored).
struct TissueOverrides {
  std::vector<std::pair<std::string, double>> alpha_beta_Gy;
  std::vector<std::pair<std::string, double>> repair_half_time_s;
};

/// The planning view of every VOI of the summary.
std::vector<radiobiology::PlanVoi> plan_vois(const RunSummary& summary, const radiobiology::TissueTable& tissues,
                                             const TissueOverrides& overrides = {});

/// The plan as JSON (keys documented in docs/radiobiology.md): activity_Bq, activity_GBq, cycles, limiting,
/// vois [...], tumours [...]. Unknown values are null.
std::string plan_to_json(const radiobiology::Plan& plan, std::string_view nuclide = "", int indent = 2);

}  // namespace rptdose::results
