#include "rptdose/radiobiology/plan_summary.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/radiobiology/dose_protraction.hpp"
#include "rptdose/radiobiology/rbe.hpp"
#include "validation.hpp"

namespace rptdose::radiobiology {

namespace {

using nlohmann::json;

double number(const json& object, const char* key, const std::string& where, bool positive) {
  if (!object.contains(key))
    throw InvalidInput(where + " has no \"" + key + "\": the summary must give it (see docs/radiobiology.md)");
  const auto& value = object.at(key);
  if (!value.is_number()) throw InvalidInput(where + " \"" + key + "\" is " + value.dump() + ": it must be a number");
  const double x = value.get<double>();
  if (!std::isfinite(x) || x < 0.0 || (positive && x == 0.0))
    throw InvalidInput(where + " \"" + key + "\" is " + format_number(x) + ": it must be " +
                       (positive ? "positive" : "≥ 0"));
  return x;
}

std::optional<double> optional_number(const json& object, const char* key, const std::string& where,
                                      bool positive = true) {
  if (!object.contains(key) || object.at(key).is_null()) return std::nullopt;
  return number(object, key, where, positive);
}

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

PlanSummary parse_plan_summary(std::string_view text, std::string_view source) {
  json root;
  try {
    root = json::parse(text);
  } catch (const json::parse_error& error) {
    throw InvalidInput(std::string(source) + " is not valid JSON: " + error.what());
  }
  const std::string where(source);
  if (!root.is_object())
    throw InvalidInput(where + " must be a JSON object with nuclide, administered_activity_Bq, vois");
  PlanSummary summary;
  if (root.contains("nuclide") && root.at("nuclide").is_string())
    summary.nuclide = root.at("nuclide").get<std::string>();
  summary.administered_activity_Bq = number(root, "administered_activity_Bq", where, true);
  if (!root.contains("vois") || !root.at("vois").is_array() || root.at("vois").empty())
    throw InvalidInput(where +
                       " needs \"vois\": a non-empty array of {name, mean_dose_Gy, effective_half_life_h, ...}");
  for (std::size_t n = 0; n < root.at("vois").size(); ++n) {
    const auto& v = root.at("vois")[n];
    const std::string at = where + " vois[" + std::to_string(n) + "]";
    if (!v.is_object() || !v.contains("name") || !v.at("name").is_string() || v.at("name").get<std::string>().empty())
      throw InvalidInput(at + " needs a \"name\" string");
    SummaryVoi voi;
    voi.name = v.at("name").get<std::string>();
    const std::string named = at + " (" + voi.name + ")";
    if (v.contains("label") && v.at("label").is_number_integer()) voi.label = v.at("label").get<std::int32_t>();
    voi.mean_dose_Gy = number(v, "mean_dose_Gy", named, false);
    voi.mass_g = optional_number(v, "mass_g", named);
    if (v.contains("effective_half_life_h") && !v.at("effective_half_life_h").is_null()) {
      const auto& t = v.at("effective_half_life_h");
      if (!t.is_number())
        throw InvalidInput(named + " \"effective_half_life_h\" is " + t.dump() + ": it must be a number or null");
      if (std::isfinite(t.get<double>()) && t.get<double>() > 0.0)
        voi.effective_half_life_s = t.get<double>() * units::kSecondsPerHour;
    }
    if (const auto t = optional_number(v, "uptake_half_time_h", named))
      voi.uptake_half_time_s = *t * units::kSecondsPerHour;
    voi.tia_Bq_s = optional_number(v, "tia_Bq_s", named, false);
    voi.mean_alpha_dose_Gy = optional_number(v, "mean_alpha_dose_Gy", named, false);
    voi.rbe_alpha = optional_number(v, "rbe_alpha", named);
    if (voi.mean_alpha_dose_Gy && *voi.mean_alpha_dose_Gy > voi.mean_dose_Gy * (1.0 + 1e-9))
      throw InvalidInput(named + " \"mean_alpha_dose_Gy\" " + format_number(*voi.mean_alpha_dose_Gy) +
                         " exceeds its mean_dose_Gy " + format_number(voi.mean_dose_Gy) + ": it is a part of it");
    if (v.contains("radiobiology") && !v.at("radiobiology").is_null()) {
      const auto& r = v.at("radiobiology");
      const std::string in = named + " radiobiology";
      if (!r.is_object()) throw InvalidInput(in + " must be an object or null");
      SummaryRadiobiology rb;
      if (r.contains("tissue") && r.at("tissue").is_string()) rb.tissue = r.at("tissue").get<std::string>();
      rb.alpha_beta_Gy = number(r, "alpha_beta_Gy", in, true);
      rb.bed_Gy = number(r, "bed_Gy", in, false);
      rb.g_factor = optional_number(r, "g_factor", in, false);
      voi.radiobiology = rb;
    }
    for (const auto& other : summary.vois)
      if (other.name == voi.name) throw InvalidInput(named + ": VOI names must be unique");
    summary.vois.push_back(std::move(voi));
  }
  return summary;
}

PlanSummary read_plan_summary(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw IoError("cannot read the summary " + path.string() + ": check the path");
  std::stringstream text;
  text << in.rdbuf();
  return parse_plan_summary(text.str(), path.string());
}

const SummaryVoi* find_summary_voi(const PlanSummary& summary, std::string_view name) {
  for (const auto& v : summary.vois)
    if (v.name == name) return &v;
  const std::string wanted = normalized_name(name);
  for (const auto& v : summary.vois)
    if (normalized_name(v.name) == wanted) return &v;
  return nullptr;
}

const SummaryVoi& require_summary_voi(const PlanSummary& summary, std::string_view name, std::string_view option) {
  if (const SummaryVoi* voi = find_summary_voi(summary, name)) return *voi;
  std::string names;
  for (const auto& v : summary.vois) names += (names.empty() ? "" : ", ") + v.name;
  throw InvalidInput(std::string(option) + " '" + std::string(name) + "' is not a VOI of the summary (VOIs: " + names +
                     "): give one of these names");
}

std::vector<PlanVoi> plan_vois(const PlanSummary& summary, const TissueTable& tissues,
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
    p.rbe_alpha = v.rbe_alpha.value_or(kDefaultAlphaRbe);
    const TissueParameters* tissue = tissues.match_voi(v.name);
    if (tissue) {
      p.tissue = tissue->tissue;
      p.alpha_beta_Gy = tissue->lq.alpha_beta_Gy;
      p.repair_half_time_s = tissue->lq.repair_half_time_s;
      p.tumour = tissue->tissue == "tumour";
    }
    if (const auto ab = override_for(overrides.alpha_beta_Gy, v.name)) p.alpha_beta_Gy = ab;
    if (const auto tr = override_for(overrides.repair_half_time_s, v.name)) p.repair_half_time_s = tr;
    if (v.effective_half_life_s && p.repair_half_time_s)
      p.g_factor = g_factor(Kinetics{*v.effective_half_life_s, v.uptake_half_time_s}, *p.repair_half_time_s);
    out.push_back(std::move(p));
  }
  return out;
}

std::string plan_to_json(const Plan& plan, std::string_view nuclide, int indent) {
  constexpr double kBqPerGBq = 1e9;
  json out;
  if (!nuclide.empty()) out["nuclide"] = std::string(nuclide);
  out["cycles"] = plan.cycles;
  out["activity_Bq"] = plan.activity_Bq;
  out["activity_GBq"] = plan.activity_Bq / kBqPerGBq;
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
    v["dose_per_activity_Gy_per_GBq"] = vp.voi.dose_per_activity_Gy_per_Bq * kBqPerGBq;
    v["alpha_dose_per_activity_Gy_per_GBq"] = vp.voi.alpha_dose_per_activity_Gy_per_Bq * kBqPerGBq;
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

}  // namespace rptdose::radiobiology
