// The writer of summary.json (rptdose/results/run_summary.hpp): a RunSummary as the JSON object that
// docs/study-file.md ("summary.json") documents. nlohmann's default object sorts its keys, which is the file's key
// order; absent optionals are written as null.
#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "rptdose/core/units.hpp"
#include "rptdose/results/run_summary.hpp"

namespace rptdose::results {

namespace {

using nlohmann::json;

json optional_json(const std::optional<double>& v) {
  return v ? json(*v) : json(nullptr);
}

json optional_json(const std::optional<std::string>& v) {
  return v ? json(*v) : json(nullptr);
}

json triple_json(const double (&v)[3]) {
  return json::array({v[0], v[1], v[2]});
}

json triple_json(const std::size_t (&v)[3]) {
  return json::array({v[0], v[1], v[2]});
}

json time_point_json(const TimePointRecord& tp) {
  const auto& a = tp.alignment;
  json rotation = json::array();
  for (const auto& row : a.rotation) rotation.push_back(triple_json(row));
  return {{"image", tp.image},
          {"hours_after_injection", tp.hours_after_injection},
          {"units", tp.units},
          {"decay_corrected", tp.decay_corrected},
          {"ct", optional_json(tp.ct)},
          {"alignment",
           {{"method", a.method},
            {"rotation", rotation},
            {"translation_mm", triple_json(a.translation_mm)},
            {"metric_value", optional_json(a.metric_value)}}},
          {"activity_outside_body_fraction", optional_json(tp.activity_outside_body_fraction)},
          {"sensitivity_cps_per_MBq", optional_json(tp.sensitivity_cps_per_MBq)},
          {"activity_in_image_MBq", optional_json(tp.activity_in_image_MBq)}};
}

json radiobiology_json(const std::optional<VoiRadiobiologyRecord>& r) {
  if (!r) return nullptr;
  return {{"tissue", r->tissue},
          {"alpha_beta_Gy", r->alpha_beta_Gy},
          {"repair_half_time_h", r->repair_half_time_h},
          {"g_factor", r->g_factor},
          {"bed_Gy", r->bed_Gy},
          {"eqd2_Gy", r->eqd2_Gy},
          {"mean_voxel_bed_Gy", r->mean_voxel_bed_Gy},
          {"eud_alpha_per_Gy", optional_json(r->eud_alpha_per_Gy)},
          {"eubed_Gy", optional_json(r->eubed_Gy)},
          {"eud_Gy", optional_json(r->eud_Gy)},
          {"parameters", r->parameters}};
}

json single_time_point_json(const std::optional<VoiSingleTimePointRecord>& r) {
  if (!r) return nullptr;
  return {{"method", r->method},
          {"effective_half_life_h", r->effective_half_life_h},
          {"half_life_source", r->half_life_source}};
}

json single_time_point_json(const std::optional<SingleTimePointMethodRecord>& r) {
  if (!r) return nullptr;
  return {{"method", r->method},
          {"assumptions", r->assumptions},
          {"default_effective_half_life_h", optional_json(r->default_effective_half_life_h)},
          {"effective_half_life_h", r->effective_half_life_h},
          {"from_summary", optional_json(r->from_summary)}};
}

json voi_json(const VoiRecord& v) {
  // D_x and V(x Gy) keys spell x as JSON does: "D98.0", "V20.0Gy".
  json dx = json::object(), vx = json::object();
  for (const auto& [x, dose] : v.dose_at_volume_percent_Gy) dx["D" + json(x).dump()] = dose;
  for (const auto& [x, percent] : v.volume_percent_at_dose) vx["V" + json(x).dump() + "Gy"] = percent;
  json tac = json::array();
  for (const auto& p : v.tac) tac.push_back({{"time_h", p.time_h}, {"activity_MBq", p.activity_MBq}});
  return {{"label", v.label},
          {"name", v.name},
          {"voxels", v.voxels},
          {"volume_mL", v.volume_mL},
          {"mass_g", optional_json(v.mass_g)},
          {"mean_dose_Gy", v.mean_dose_Gy},
          {"median_dose_Gy", v.median_dose_Gy},
          {"min_dose_Gy", v.min_dose_Gy},
          {"max_dose_Gy", v.max_dose_Gy},
          {"sd_dose_Gy", v.sd_dose_Gy},
          {"dose_at_volume_percent_Gy", dx},
          {"volume_percent_at_dose", vx},
          {"mean_alpha_dose_Gy", optional_json(v.mean_alpha_dose_Gy)},
          {"mean_electron_dose_Gy", optional_json(v.mean_electron_dose_Gy)},
          {"mean_photon_dose_Gy", optional_json(v.mean_photon_dose_Gy)},
          {"mean_rbe_weighted_dose_Gy", optional_json(v.mean_rbe_weighted_dose_Gy)},
          {"rbe_alpha", v.rbe_alpha},
          {"radiobiology", radiobiology_json(v.radiobiology)},
          {"tia_Bq_s", optional_json(v.tia_Bq_s)},
          {"tia_se_Bq_s", v.tia_se_Bq_s},
          {"tia_MBq_h", v.tia_Bq_s ? json(*v.tia_Bq_s / units::kBqSecondsPerMBqHour) : json(nullptr)},
          {"residence_time_h", optional_json(v.residence_time_h)},
          {"effective_half_life_h", optional_json(v.effective_half_life_h)},
          {"uptake_half_time_h", optional_json(v.uptake_half_time_h)},
          {"fit",
           {{"model", v.fit.model},
            {"status", v.fit.status},
            {"parameters", v.fit.parameters},
            {"r_squared", v.fit.r_squared},
            {"aicc", optional_json(v.fit.aicc)},
            {"single_time_point", single_time_point_json(v.fit.single_time_point)}}},
          {"tac", tac},
          {"partial_volume", v.partial_volume
                                 ? json{{"tia_uncorrected_Bq_s", v.partial_volume->tia_uncorrected_Bq_s},
                                        {"recovery_coefficient", optional_json(v.partial_volume->recovery_coefficient)}}
                                 : json(nullptr)},
          {"monte_carlo_relative_uncertainty", optional_json(v.monte_carlo_relative_uncertainty)}};
}

json inputs_json(const InputsRecord& in) {
  json points = json::array();
  for (const auto& tp : in.time_points) points.push_back(time_point_json(tp));
  const auto& g = in.dose_grid;
  return {{"time_points", points},
          {"ct", optional_json(in.ct)},
          {"labels", optional_json(in.labels)},
          {"calibration", optional_json(in.calibration)},
          {"dose_grid",
           {{"size", triple_json(g.size)},
            {"spacing_mm", triple_json(g.spacing_mm)},
            {"origin_mm", triple_json(g.origin_mm)}}}};
}

json monte_carlo_json(const std::optional<MonteCarloMethodRecord>& r) {
  if (!r) return nullptr;
  return {{"materials", r->materials},
          {"seed", r->seed},
          {"decays", r->decays ? json(*r->decays) : json(nullptr)},
          {"target_uncertainty", optional_json(r->target_uncertainty)},
          {"min_voi_ml", r->min_voi_ml},
          {"decays_simulated", r->decays_simulated},
          {"seconds", r->seconds},
          {"energy_per_decay_MeV",
           {{"emitted", r->emitted_per_decay_MeV},
            {"deposited", r->deposited_per_decay_MeV},
            {"escaped", r->escaped_per_decay_MeV}}}};
}

json methods_json(const MethodsRecord& m) {
  const auto& k = m.kernel;
  const bool kernel = !m.monte_carlo;  // the Monte Carlo has none
  return {{"integration", m.integration},
          {"route", m.route},
          {"dose", m.dose},
          {"kernel_radius_mm", kernel ? json(m.kernel_radius_mm) : json(nullptr)},
          {"kernel_size", kernel ? triple_json(m.kernel_size) : json(nullptr)},
          {"kernel", kernel ? json{{"method", k.method},
                                   {"medium", k.medium},
                                   {"density_g_per_mL", k.density_g_per_mL},
                                   {"photon_radius_mm", k.photon_radius_mm},
                                   {"source", k.source},
                                   {"energy_deposited_per_decay_MeV", k.energy_deposited_per_decay_MeV}}
                            : json(nullptr)},
          {"monte_carlo", monte_carlo_json(m.monte_carlo)},
          {"components", m.components},
          {"density_correction", m.density_correction},
          {"activity_outside_body", m.activity_outside_body},
          {"rbe_alpha", m.rbe_alpha},
          {"rbe_alpha_by_tissue", m.rbe_alpha_by_tissue},
          {"eud_alpha_per_Gy", optional_json(m.eud_alpha_per_Gy)},
          {"bed_kinetics", m.bed_kinetics},
          {"registration", m.registration},
          {"reference_time_point", m.reference_time_point},
          {"convolution", m.convolution},
          {"single_time_point", single_time_point_json(m.single_time_point)},
          {"partial_volume", m.partial_volume ? json{{"method", m.partial_volume->method},
                                                     {"resolution_fwhm_mm", m.partial_volume->resolution_fwhm_mm},
                                                     {"description", m.partial_volume->description}}
                                              : json(nullptr)}};
}

}  // namespace

std::string summary_schema_version() {
  return std::to_string(kSummarySchemaMajor) + "." + std::to_string(kSummarySchemaMinor);
}

std::string to_json(const RunSummary& s, int indent) {
  json chain = json::array();
  for (const auto& m : s.chain)
    chain.push_back({{"name", m.name}, {"decays_per_parent_decay", m.decays_per_parent_decay}});
  json vois = json::array();
  for (const auto& v : s.vois) vois.push_back(voi_json(v));
  json timing = json::object();
  for (const auto& [stage, seconds] : s.timing_s) timing[stage] = seconds;
  const auto& f = s.voxel_fits;
  const json summary = {
      {"schema_version", summary_schema_version()},
      {"rptdose_version", s.rptdose_version},
      {"fft_library", s.fft_library},
      {"study_file", s.study_file},
      {"nuclide", s.nuclide},
      {"half_life_h", s.half_life_h},
      {"chain", chain},
      {"administered_activity_Bq", s.administered_activity_Bq},
      {"administered_activity_MBq", s.administered_activity_Bq / units::kBqPerMBq},
      {"inputs", inputs_json(s.inputs)},
      {"methods", methods_json(s.methods)},
      {"voxel_fits",
       {{"voxels", f.voxels},
        {"by_status", f.by_status},
        {"by_model", f.by_model},
        {"negative_samples", f.negative_samples},
        {"negative_integrals", f.negative_integrals}}},
      {"totals",
       {{"tia_Bq_s", s.totals.tia_Bq_s},
        {"tia_over_administered_h", s.totals.tia_over_administered_h},
        {"negative_tia_voxels", s.totals.negative_tia_voxels},
        {"density_clamped_voxels", s.totals.density_clamped_voxels}}},
      {"vois", vois},
      {"plots", s.plots},
      {"warnings", s.warnings},
      {"timing_s", timing},
  };
  return summary.dump(indent);
}

}  // namespace rptdose::results
