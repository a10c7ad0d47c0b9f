#include "summary.hpp"

#include <cmath>

#include "rptdose/convolution/convolver.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/timeactivity/models.hpp"
#include "rptdose/version.hpp"

namespace rptdose::pipeline::detail {

namespace {

using nlohmann::json;
using timeactivity::Model;

constexpr double kLn2 = 0.69314718055994530942;

json vector_json(const Vector3& v) {
  return json::array({v.x(), v.y(), v.z()});
}

json optional_json(const std::optional<double>& v) {
  return v ? json(*v) : json(nullptr);
}

json grid_json(const Grid& g) {
  return {{"size", json::array({g.size()[0], g.size()[1], g.size()[2]})},
          {"spacing_mm", vector_json(g.spacing_mm())},
          {"origin_mm", vector_json(g.origin_mm())}};
}

json time_points_json(const RunRecord& r) {
  json points = json::array();
  for (std::size_t i = 0; i < r.study.time_points.size(); ++i) {
    const auto& tp = r.study.time_points[i];
    const auto& a = r.inputs.alignment[i];
    json rotation = json::array();
    for (int row = 0; row < 3; ++row)
      rotation.push_back(
          json::array({a.transform.rotation(row, 0), a.transform.rotation(row, 1), a.transform.rotation(row, 2)}));
    points.push_back({{"image", tp.image.string()},
                      {"hours_after_injection", tp.time_after_injection_s / units::kSecondsPerHour},
                      {"units", timeactivity::unit_name(tp.units)},
                      {"decay_corrected", tp.decay_corrected},
                      {"ct", tp.ct ? json(tp.ct->string()) : json(nullptr)},
                      {"alignment",
                       {{"method", a.method},
                        {"rotation", rotation},
                        {"translation_mm", vector_json(a.transform.translation_mm)},
                        {"metric_value", optional_json(a.metric_value)}}}});
  }
  return points;
}

json radiobiology_json(const std::optional<VoiRadiobiology>& r) {
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
          {"parameters", r->source_status}};
}

json voi_json(const VoiResult& v, double lambda_phys_per_s) {
  const auto& d = v.dose_Gy;
  const auto& fit = v.kinetics.fit;
  json dx = json::object(), vx = json::object();
  for (const auto& [x, dose] : d.dose_at_volume_percent) dx["D" + json(x).dump()] = dose;
  for (const auto& [x, percent] : d.volume_percent_at_dose) vx["V" + json(x).dump() + "Gy"] = percent;
  json tac = json::array();
  for (std::size_t i = 0; i < v.kinetics.times_s.size(); ++i)
    tac.push_back({{"time_h", v.kinetics.times_s[i] / units::kSecondsPerHour},
                   {"activity_MBq", v.kinetics.values[i] / units::kBqPerMBq}});
  json parameters = json::array();
  for (int p = 0; p < timeactivity::parameter_count(fit.model); ++p) parameters.push_back(fit.parameters[p]);
  return {{"label", v.label},
          {"name", v.name},
          {"voxels", d.voxels},
          {"volume_mL", d.volume_ml},
          {"mass_g", d.mass_g},
          {"mean_dose_Gy", d.mean},
          {"median_dose_Gy", d.median},
          {"min_dose_Gy", d.min},
          {"max_dose_Gy", d.max},
          {"sd_dose_Gy", d.sd},
          {"dose_at_volume_percent_Gy", dx},
          {"volume_percent_at_dose", vx},
          {"mean_alpha_dose_Gy", optional_json(v.mean_alpha_Gy)},
          {"mean_electron_dose_Gy", optional_json(v.mean_electron_Gy)},
          {"mean_photon_dose_Gy", optional_json(v.mean_photon_Gy)},
          {"mean_rbe_weighted_dose_Gy", optional_json(v.mean_rbe_weighted_Gy)},
          {"rbe_alpha", v.rbe_alpha},
          {"radiobiology", radiobiology_json(v.radiobiology)},
          {"tia_Bq_s", fit.integral},
          {"tia_se_Bq_s", fit.integral_se},
          {"tia_MBq_h", fit.integral / units::kBqSecondsPerMBqHour},
          {"residence_time_h", optional_json(v.kinetics.residence_time_h)},
          {"effective_half_life_h", fit.effective_half_life_s() / units::kSecondsPerHour},
          {"uptake_half_time_h", optional_json(uptake_half_time_h(fit, lambda_phys_per_s))},
          {"fit",
           {{"model", timeactivity::model_name(fit.model)},
            {"status", timeactivity::status_name(fit.status)},
            {"parameters", parameters},
            {"r_squared", fit.r_squared},
            {"aicc", std::isfinite(fit.aicc) ? json(fit.aicc) : json(nullptr)}}},
          {"tac", tac}};
}

json counts_by_name(const auto& counts, auto name_of, std::size_t first) {
  json out = json::object();
  for (std::size_t i = first; i < counts.size(); ++i)
    if (counts[i] > 0) out[std::string(name_of(i))] = counts[i];
  return out;
}

}  // namespace

std::optional<double> uptake_half_time_h(const timeactivity::FitResult& fit, double lambda_phys_per_s) {
  const auto& p = fit.parameters;
  double rising = 0.0;  // decay constant of the subtracted exponential, 1/s
  if (fit.model == Model::BiExponentialUptake)
    rising = lambda_phys_per_s + p[1] + p[2];
  else if (fit.model == Model::TriExponential)
    rising = lambda_phys_per_s + p[4];
  else
    return std::nullopt;
  return kLn2 / rising / units::kSecondsPerHour;
}

json summary_json(const RunRecord& r) {
  const double lambda = r.chain.parent().decay_constant_per_s();
  json chain = json::array();
  for (const auto& m : r.chain.members())
    chain.push_back({{"name", m.nuclide->name()}, {"decays_per_parent_decay", m.decays_per_parent_decay}});
  json vois = json::array();
  for (const auto& v : r.result.vois) vois.push_back(voi_json(v, lambda));
  const auto& summary = r.tia.summary;
  json timing = json::object();
  for (const auto& s : r.result.stages) timing[s.stage] = s.seconds;
  timing["total"] = r.result.total_seconds;
  double total_tia = 0.0;
  for (const float v : r.tia.integral.values()) total_tia += v;
  const auto half = r.kernel.half_size();

  return {
      {"rptdose_version", kVersion},
      {"fft_library", convolution::fft_library_name()},
      {"study_file", r.study.file.string()},
      {"nuclide", r.study.nuclide},
      {"half_life_h", r.chain.parent().half_life_s() / units::kSecondsPerHour},
      {"chain", chain},
      {"administered_activity_Bq", r.study.administered_activity_Bq},
      {"administered_activity_MBq", r.study.administered_activity_Bq / units::kBqPerMBq},
      {"inputs",
       {{"time_points", time_points_json(r)},
        {"ct", r.study.ct ? json(r.study.ct->image.string()) : json(nullptr)},
        {"labels", r.study.labels ? json(r.study.labels->string()) : json(nullptr)},
        {"dose_grid", grid_json(r.inputs.grid)}}},
      {"methods",
       {{"integration", timeactivity::model_choice_name(r.study.methods.integration)},
        {"route", route_name(r.study.methods.route)},
        {"dose", dose::dose_method_name(r.study.methods.dose)},
        {"kernel_radius_mm", r.study.methods.kernel_radius_mm},
        {"kernel_size", json::array({2 * half[0] + 1, 2 * half[1] + 1, 2 * half[2] + 1})},
        {"kernel",
         {{"method", r.kernel.info().method},
          {"medium", r.kernel.info().medium},
          {"density_g_per_mL", r.kernel.info().density_g_per_ml},
          {"photon_radius_mm", r.kernel.info().photon_radius_mm},
          {"source", r.kernel.info().source},
          {"energy_deposited_per_decay_MeV", r.kernel.deposited_energy_MeV()}}},
        {"components", r.study.methods.components},
        {"density_correction", r.study.methods.density_correction},
        {"rbe_alpha", r.study.methods.rbe_alpha},
        {"rbe_alpha_by_tissue", r.study.methods.rbe_alpha_by_tissue},
        {"eud_alpha_per_Gy", optional_json(r.study.methods.eud_alpha_per_Gy)},
        {"bed_kinetics", bed_kinetics_name(r.study.methods.bed_kinetics)},
        {"registration", registration_method_name(r.study.registration.method)},
        {"reference_time_point", r.study.registration.reference_time_point},
        {"convolution", r.dose.report.method}}},
      {"voxel_fits",
       {{"voxels", summary.voxels},
        {"by_status", counts_by_name(
                          summary.by_status,
                          [](std::size_t i) { return timeactivity::status_name(timeactivity::FitStatus(i)); }, 0)},
        {"by_model", counts_by_name(
                         summary.by_model, [](std::size_t i) { return timeactivity::model_name(Model(i)); }, 1)},
        {"negative_samples", summary.negative_samples},
        {"negative_integrals", summary.negative_integrals}}},
      {"totals",
       {{"tia_Bq_s", total_tia},
        {"tia_over_administered_h", total_tia / r.study.administered_activity_Bq / units::kSecondsPerHour},
        {"negative_tia_voxels", r.dose.report.negative_input.count},
        {"density_clamped_voxels", r.dose.report.density_clamped_voxels}}},
      {"vois", vois},
      {"plots", r.plots},
      {"warnings", r.result.warnings},
      {"timing_s", timing},
  };
}

}  // namespace rptdose::pipeline::detail
