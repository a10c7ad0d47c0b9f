// The comparison of candidate therapies as JSON and CSV (rptdose/results/therapy_comparison.hpp; keys in
// docs/compare.md).
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "rptdose/core/units.hpp"
#include "rptdose/radiobiology/planning.hpp"
#include "rptdose/results/therapy_comparison.hpp"

namespace rptdose::results {

namespace {

using nlohmann::json;
constexpr double kPerGBq = 1e9;  // Gy/Bq → Gy/GBq

json optional_json(const std::optional<double>& value) {
  return value ? json(*value) : json(nullptr);
}

json interval_json(const Interval& i, double scale = 1.0) {
  return json::array({i.low * scale, i.high * scale});
}

json components_json(const ComponentDose& d) {
  return {{"alpha", d.alpha * kPerGBq}, {"electron", d.electron * kPerGBq}, {"photon", d.photon * kPerGBq}};
}

json voi_json(const CandidateVoiResult& r) {
  const auto& d = r.dosimetry;
  return {{"name", d.name},
          {"tissue", r.tissue.empty() ? json(nullptr) : json(r.tissue)},
          {"tumour", r.tumour},
          {"tia_ratio", d.tia_ratio},
          {"residence_time_h", d.residence_time_h},
          {"effective_half_life_h", optional_json(d.effective_half_life_h)},
          {"uptake_half_time_h", optional_json(d.uptake_half_time_h)},
          {"dose_per_activity_Gy_per_GBq", d.dose_per_activity_Gy_per_Bq * kPerGBq},
          {"components_Gy_per_GBq", components_json(d.components_Gy_per_Bq)},
          {"daughter_change_Gy_per_GBq", components_json(r.daughter_change_per_activity_Gy_per_Bq)},
          {"rbe_alpha", r.rbe_alpha},
          {"rbe_weighted_dose_per_activity_Gy_per_GBq", r.rbe_weighted_dose_per_activity_Gy_per_Bq * kPerGBq},
          {"alpha_beta_Gy", optional_json(r.alpha_beta_Gy)},
          {"g_factor", optional_json(r.g_factor)},
          {"dose_per_cycle_Gy", r.dose_per_cycle_Gy},
          {"bed_per_cycle_Gy", optional_json(r.bed_per_cycle_Gy)},
          {"dose_Gy", r.dose_Gy},
          {"rbe_weighted_dose_Gy", r.rbe_weighted_dose_Gy},
          {"bed_Gy", optional_json(r.bed_Gy)}};
}

json candidate_json(const CandidateResult& c) {
  const auto& e = c.dosimetry.energy_per_decay;
  json sensitivity = {
      {"activity_GBq", interval_json(c.sensitivity.activity_Bq, 1.0 / units::kBqPerGBq)},
      {"therapeutic_index_Gy",
       c.sensitivity.therapeutic_index_Gy ? interval_json(*c.sensitivity.therapeutic_index_Gy) : json(nullptr)},
      {"rank", json::array({c.sensitivity.best_rank, c.sensitivity.worst_rank})}};
  json out = {
      {"nuclide", c.dosimetry.nuclide},
      {"half_life_h", c.dosimetry.half_life_h},
      {"energy_per_decay_MeV",
       {{"alpha", e.alpha_MeV + e.alpha_recoil_MeV}, {"electron", e.electron_MeV}, {"photon", e.photon_MeV}}},
      {"activity_GBq", c.activity_Bq / units::kBqPerGBq},
      {"activity_Bq", c.activity_Bq},
      {"cycles", c.cycles},
      {"limiting",
       {{"organ", c.limiting_limit.organ},
        {"voi", c.limiting_voi},
        {"kind", std::string(radiobiology::limit_kind_name(c.limiting_limit.kind))},
        {"limit_Gy", c.limiting_limit.value_Gy}}},
      {"therapeutic_index_Gy", optional_json(c.therapeutic_index_Gy)},
      {"therapeutic_index_voi", c.therapeutic_index_voi.empty() ? json(nullptr) : json(c.therapeutic_index_voi)},
      {"rank", c.rank},
      {"sensitivity", sensitivity},
      {"vois", json::array()},
      {"warnings", c.dosimetry.warnings}};
  for (const auto& r : c.vois) out["vois"].push_back(voi_json(r));
  return out;
}

}  // namespace

std::string comparison_to_json(const Comparison& comparison, int indent) {
  json out;
  out["measured"] = {{"nuclide", comparison.measured_nuclide},
                     {"administered_activity_GBq", comparison.administered_activity_Bq / units::kBqPerGBq},
                     {"first_scan_h", comparison.first_scan_h},
                     {"last_scan_h", comparison.last_scan_h}};
  out["cycles"] = comparison.cycles;
  out["rbe_alpha_range"] = comparison.rbe_alpha_range ? interval_json(*comparison.rbe_alpha_range) : json(nullptr);
  out["daughters"] = json::array();
  for (const auto& d : comparison.daughters)
    out["daughters"].push_back({{"daughter", d.daughter},
                                {"leaving_fraction", d.leaving_fraction.nominal},
                                {"leaving_fraction_range",
                                 d.leaving_fraction.range ? interval_json(*d.leaving_fraction.range) : json(nullptr)},
                                {"destination", d.destination ? json(*d.destination) : json(nullptr)}});
  out["candidates"] = json::array();
  for (const auto& c : comparison.candidates) out["candidates"].push_back(candidate_json(c));
  out["assumptions"] = comparison.assumptions;
  out["warnings"] = comparison.warnings;
  return out.dump(indent);
}

std::string comparison_to_csv(const Comparison& comparison) {
  std::ostringstream out;
  out.precision(8);
  const auto optional = [](const std::optional<double>& v) {
    std::ostringstream s;
    s.precision(8);
    if (v) s << *v;
    return s.str();
  };
  out << "nuclide,activity_GBq,limiting_voi,limiting_kind,limiting_limit_Gy,therapeutic_index_Gy,rank,voi,tissue,"
         "residence_time_h,dose_per_activity_Gy_per_GBq,alpha_Gy_per_GBq,electron_Gy_per_GBq,photon_Gy_per_GBq,"
         "rbe_weighted_dose_per_activity_Gy_per_GBq,dose_Gy,rbe_weighted_dose_Gy,bed_Gy\n";
  for (const auto& c : comparison.candidates) {
    for (const auto& r : c.vois) {
      const auto& d = r.dosimetry;
      out << c.dosimetry.nuclide << ',' << c.activity_Bq / units::kBqPerGBq << ',' << c.limiting_voi << ','
          << radiobiology::limit_kind_name(c.limiting_limit.kind) << ',' << c.limiting_limit.value_Gy << ','
          << optional(c.therapeutic_index_Gy) << ',' << c.rank << ',' << d.name << ',' << r.tissue << ','
          << d.residence_time_h << ',' << d.dose_per_activity_Gy_per_Bq * kPerGBq << ','
          << d.components_Gy_per_Bq.alpha * kPerGBq << ',' << d.components_Gy_per_Bq.electron * kPerGBq << ','
          << d.components_Gy_per_Bq.photon * kPerGBq << ',' << r.rbe_weighted_dose_per_activity_Gy_per_Bq * kPerGBq
          << ',' << r.dose_Gy << ',' << r.rbe_weighted_dose_Gy << ',' << optional(r.bed_Gy) << '\n';
    }
  }
  return out.str();
}

}  // namespace rptdose::results
