#pragma once
// rptdose::radiobiology — planning from the per-VOI summary of a previous run (summary.json, written by the
// pipeline):
//   {"nuclide": "Lu-177", "administered_activity_Bq": 7.4e9,
//    "vois": [{"name": "kidney_left", "mean_dose_Gy": 3.1, "mass_g": 150, "effective_half_life_h": 50.2,
//              "uptake_half_time_h": null}, ...]}
// Other keys are ignored. The dose per activity of a VOI is mean_dose_Gy / administered_activity_Bq; its G comes
// from its kinetics (mono-exponential with effective_half_life_h, or e^{−λt} − e^{−λu t} with λu = ln 2 /
// uptake_half_time_h, the half-life of the rising term as the pipeline writes it) with the repair half-time of its
// tissue; its tissue from the VOI name (TissueTable::match_voi), unless overridden.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rptdose/radiobiology/planning.hpp"
#include "rptdose/radiobiology/tissue_parameters.hpp"

namespace rptdose::radiobiology {

struct SummaryVoi {
  std::string name;
  double mean_dose_Gy = 0.0;
  std::optional<double> mass_g;
  std::optional<double> effective_half_life_s;
  std::optional<double> uptake_half_time_s;
};

struct PlanSummary {
  std::string nuclide;
  double administered_activity_Bq = 0.0;
  std::vector<SummaryVoi> vois;
};

/// Parses the JSON text; `source` names it in messages. Throws InvalidInput naming the key that is missing or has
/// the wrong type or value.
PlanSummary parse_plan_summary(std::string_view json_text, std::string_view source = "summary");
/// Reads and parses a summary.json (IoError when unreadable).
PlanSummary read_plan_summary(const std::filesystem::path& path);

/// Per-organ overrides of the tissue table: organ (a VOI name or prefix) → value. The longest matching organ wins;
/// an organ that matches no VOI is an InvalidInput (a typo would otherwise be silently ignored).
struct TissueOverrides {
  std::vector<std::pair<std::string, double>> alpha_beta_Gy;
  std::vector<std::pair<std::string, double>> repair_half_time_s;
};

/// The planning view of every VOI of the summary.
std::vector<PlanVoi> plan_vois(const PlanSummary& summary, const TissueTable& tissues,
                               const TissueOverrides& overrides = {});

/// The plan as JSON (keys documented in docs/radiobiology.md): activity_Bq, activity_GBq, cycles, limiting,
/// vois [...], tumours [...]. Unknown values are null.
std::string plan_to_json(const Plan& plan, std::string_view nuclide = "", int indent = 2);

}  // namespace rptdose::radiobiology
