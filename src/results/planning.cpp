// The planning view of a run's summary and the plan's JSON (rptdose/results/planning.hpp).
#include "rptdose/results/planning.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>

#include "../radiobiology/validation.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/radiobiology/dose_protraction.hpp"

namespace rptdose::results {

namespace {

using nlohmann::json;
using namespace rptdose::radiobiology;

/// Value of the longest organ in `overrides` matching `voi`, or nullopt.
std::optional<double> override_for(const std::vector<std::pair<std::string, double>>& overrides,
                                   const std::string& voi) {
  std::optional<double> value;
  std::size_t best = 0;
  for (const auto& [organ, v] : overrides) {
    const std::size_t length = normalized_name(organ).size();
    if (name_matches(voi, organ) && length > best) {
      value = v;
      best = length;
    }
  }
  return value;
}

json optional_json(const std::optional<double>& value) {
  return value ? json(*value) : json(nullptr);
}

json finite_or_null(double value) {
  return std::isfinite(value) ? json(value) : json(nullptr);
}

}  // namespace

std::vector<PlanVoi> plan_vois(const RunSummary& summary, const TissueTable& tissues,
                               const TissueOverrides& overrides) {
  require_positive(summary.administered_activity_Bq, "administered activity", "Bq", "the activity of the cycle");
  const auto check_used = [&](const std::vector<std::pair<std::string, double>>& list, const char* what) {
    for (const auto& [organ, value] : list) {
      bool used = false;
      for (const auto& v : summary.vois) used = used || name_matches(v.name, organ);
      if (!used) {
        std::string names;
        for (const auto& v : summary.vois) names += (names.empty() ? "" : ", ") + v.name;
        throw InvalidInput(std::string(what) + " override for '" + organ + "' matches no VOI (VOIs: " + names + ")");
      }
    }
  };
  check_used(overrides.alpha_beta_Gy, "α/β");
  check_used(overrides.repair_half_time_s, "repair half-time");
  for (const auto& [organ, value] : overrides.alpha_beta_Gy) require_alpha_beta(value);
  for (const auto& [organ, value] : overrides.repair_half_time_s)
    require_positive(value, "repair half-time of " + organ, "s", "e.g. 2.8 h for kidney");

  std::vector<PlanVoi> out;
  for (const auto& v : summary.vois) {
    PlanVoi p;
    p.name = v.name;
    require_dose(v.mean_dose_Gy, "mean dose of " + v.name);
    p.dose_per_activity_Gy_per_Bq = v.mean_dose_Gy / summary.administered_activity_Bq;
    p.alpha_dose_per_activity_Gy_per_Bq =
        std::min(v.mean_alpha_dose_Gy.value_or(0.0), v.mean_dose_Gy) / summary.administered_activity_Bq;
    p.rbe_alpha = v.rbe_alpha;
    const TissueParameters* tissue = tissues.match_voi(v.name);
    if (tissue) {
      p.tissue = tissue->tissue;
      p.alpha_beta_Gy = tissue->lq.alpha_beta_Gy;
      p.repair_half_time_s = tissue->lq.repair_half_time_s;
      p.tumour = tissue->tissue == "tumour";
    }
    if (const auto ab = override_for(overrides.alpha_beta_Gy, v.name)) p.alpha_beta_Gy = ab;
    if (const auto tr = override_for(overrides.repair_half_time_s, v.name)) p.repair_half_time_s = tr;
    if (v.effective_half_life_h && p.repair_half_time_s) {
      std::optional<double> uptake_half_time_s;
      if (v.uptake_half_time_h) uptake_half_time_s = *v.uptake_half_time_h * units::kSecondsPerHour;
      p.g_factor = g_factor(Kinetics{*v.effective_half_life_h * units::kSecondsPerHour, uptake_half_time_s},
                            *p.repair_half_time_s);
    }
    out.push_back(std::move(p));
  }
  return out;
}

std::string plan_to_json(const Plan& plan, std::string_view nuclide, int indent) {
  json out;
  if (!nuclide.empty()) out["nuclide"] = std::string(nuclide);
  out["cycles"] = plan.cycles;
  out["activity_Bq"] = plan.activity_Bq;
  out["activity_GBq"] = plan.activity_Bq / units::kBqPerGBq;
  out["limiting"] = {{"voi", plan.limiting_voi},
                     {"organ", plan.limiting_limit.organ},
                     {"kind", std::string(limit_kind_name(plan.limiting_limit.kind))},
                     {"limit_Gy", plan.limiting_limit.value_Gy}};
  out["vois"] = json::array();
  out["tumours"] = json::array();
  for (const auto& vp : plan.vois) {
    json v;
    v["name"] = vp.voi.name;
    v["tissue"] = vp.voi.tissue.empty() ? json(nullptr) : json(vp.voi.tissue);
    v["alpha_beta_Gy"] = optional_json(vp.voi.alpha_beta_Gy);
    v["repair_half_time_h"] =
        vp.voi.repair_half_time_s ? json(*vp.voi.repair_half_time_s / units::kSecondsPerHour) : json(nullptr);
    v["g_factor"] = optional_json(vp.voi.g_factor);
    v["dose_per_activity_Gy_per_GBq"] = vp.voi.dose_per_activity_Gy_per_Bq * units::kBqPerGBq;
    v["alpha_dose_per_activity_Gy_per_GBq"] = vp.voi.alpha_dose_per_activity_Gy_per_Bq * units::kBqPerGBq;
    v["rbe_alpha"] = vp.voi.rbe_alpha;
    v["dose_per_cycle_Gy"] = vp.dose_per_cycle_Gy;
    v["bed_per_cycle_Gy"] = optional_json(vp.bed_per_cycle_Gy);
    v["received_dose_Gy"] = vp.received_dose_Gy;
    v["received_bed_Gy"] = vp.received_bed_Gy;
    v["total_dose_Gy"] = vp.total_dose_Gy;
    v["total_bed_Gy"] = optional_json(vp.total_bed_Gy);
    v["limits"] = json::array();
    for (const auto& check : vp.limits) {
      v["limits"].push_back({{"organ", check.limit.organ},
                             {"kind", std::string(limit_kind_name(check.limit.kind))},
                             {"limit_Gy", check.limit.value_Gy},
                             {"received_Gy", check.received_Gy},
                             {"max_activity_Bq", finite_or_null(check.max_activity_Bq)},
                             {"total_at_plan_Gy", check.total_at_plan_Gy}});
    }
    if (vp.voi.tumour)
      out["tumours"].push_back({{"name", vp.voi.name},
                                {"dose_per_cycle_Gy", vp.dose_per_cycle_Gy},
                                {"bed_per_cycle_Gy", optional_json(vp.bed_per_cycle_Gy)},
                                {"total_bed_Gy", optional_json(vp.total_bed_Gy)}});
    out["vois"].push_back(std::move(v));
  }
  return out.dump(indent);
}

}  // namespace rptdose::results
