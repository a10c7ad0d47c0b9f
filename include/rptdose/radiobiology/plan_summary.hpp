#pragma once
// rptdose::radiobiology — planning from the per-VOI summary of a previous run (summary.json, written by the
// pipeline):
//   {"nuclide": "Lu-177", "administered_activity_Bq": 7.4e9,
//    "vois": [{"name": "kidney_left", "mean_dose_Gy": 3.1, "mass_g": 150, "effective_half_life_h": 50.2,
//              "uptake_half_time_h": null, "tia_Bq_s": 1.4e13}, ...]}
// Other keys are ignored. mean_alpha_dose_Gy and rbe_alpha (alpha emitters) enter the BED of a cycle as its alpha
// part (planning.hpp). Read too, for the other users of a run's summary: label, tia_Bq_s (the parent's
// time-integrated activity: rptdose marrow and daughters) and radiobiology {tissue, alpha_beta_Gy, g_factor, bed_Gy}
// (rptdose cycles).
// The dose per activity of a VOI is mean_dose_Gy / administered_activity_Bq; its G comes from its kinetics
// (mono-exponential with effective_half_life_h, or e^{−λt} − e^{−λu t} with λu = ln 2 / uptake_half_time_h, the
// half-life of the rising term as the pipeline writes it) with the repair half-time of its tissue; its tissue from the
// VOI name (TissueTable::match_voi), unless overridden.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rptdose/radiobiology/planning.hpp"
#include "rptdose/radiobiology/tissue_parameters.hpp"

namespace rptdose::radiobiology {

/// vois[].radiobiology of a run: the VOI matched a tissue and the run computed its BED.
struct SummaryRadiobiology {
  std::string tissue;
  double alpha_beta_Gy = 0.0;  ///< > 0
  std::optional<double> g_factor;
  double bed_Gy = 0.0;  ///< ≥ 0, the run's BED of the VOI (with an alpha part: RBE_α·D_α linearly)
};

struct SummaryVoi {
  std::string name;
  std::int32_t label = 0;  ///< in the run's label map; 0 when the summary does not say
  double mean_dose_Gy = 0.0;
  std::optional<double> mass_g;
  /// Absent when the summary gives none, or a value that is not positive and finite (a VOI without activity has no
  /// decay to speak of): the VOI then has no kinetics.
  std::optional<double> effective_half_life_s;
  std::optional<double> uptake_half_time_s;
  std::optional<double> tia_Bq_s;            ///< the parent's time-integrated activity in the VOI (≥ 0), when given
  std::optional<double> mean_alpha_dose_Gy;  ///< the alpha part of mean_dose_Gy (a run with components), when given
  std::optional<double> rbe_alpha;           ///< the RBE_α the run used for the VOI, when given
  std::optional<SummaryRadiobiology> radiobiology;
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

/// The VOI named `name` (exact, or equal after normalized_name: "Kidney-Left" finds kidney_left), or nullptr.
const SummaryVoi* find_summary_voi(const PlanSummary& summary, std::string_view name);
/// The same, throwing InvalidInput that lists the summary's VOIs when none has that name; `option` names the
/// option the name came from in the message (e.g. "--to").
const SummaryVoi& require_summary_voi(const PlanSummary& summary, std::string_view name, std::string_view option);

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
