#include "stage_voi_analysis.hpp"

#include <cmath>

#include "rptdose/core/units.hpp"
#include "rptdose/timeactivity/models.hpp"
#include "stage_kinetics.hpp"
#include "voi_radiobiology.hpp"

namespace rptdose::pipeline::detail {

namespace {

constexpr std::size_t kDvhBins = 200;
constexpr double kLn2 = 0.69314718055994530942;

/// The uptake half-time (h) of a VOI's fitted curve: ln 2 over the rate of the rising exponential (bi-exponential
/// with uptake), none for curves without an uptake phase.
std::optional<double> uptake_half_time_h(const timeactivity::FitResult& fit, double lambda_phys_per_s) {
  using timeactivity::Model;
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

/// The record of one VOI from its dose statistics and its fitted curve (radiobiology comes later).
results::VoiRecord voi_record(const analysis::VoiStatistics& d, std::string name, const timeactivity::VoiFitResult& k,
                              double lambda_phys_per_s) {
  const auto& fit = k.fit;
  results::VoiRecord v;
  v.label = d.label;
  v.name = std::move(name);
  v.voxels = d.voxels;
  v.volume_mL = d.volume_ml;
  v.mass_g = d.mass_g;
  v.mean_dose_Gy = d.mean;
  v.median_dose_Gy = d.median;
  v.min_dose_Gy = d.min;
  v.max_dose_Gy = d.max;
  v.sd_dose_Gy = d.sd;
  v.dose_at_volume_percent_Gy = d.dose_at_volume_percent;
  v.volume_percent_at_dose = d.volume_percent_at_dose;
  v.tia_Bq_s = fit.integral;
  v.tia_se_Bq_s = fit.integral_se;
  v.residence_time_h = k.residence_time_h;
  if (const double t = fit.effective_half_life_s() / units::kSecondsPerHour; std::isfinite(t) && t > 0)
    v.effective_half_life_h = t;
  v.uptake_half_time_h = uptake_half_time_h(fit, lambda_phys_per_s);
  v.fit.model = timeactivity::model_name(fit.model);
  v.fit.status = timeactivity::status_name(fit.status);
  v.fit.parameters.assign(fit.parameters.begin(), fit.parameters.begin() + timeactivity::parameter_count(fit.model));
  v.fit.r_squared = fit.r_squared;
  if (std::isfinite(fit.aicc)) v.fit.aicc = fit.aicc;
  for (std::size_t i = 0; i < k.times_s.size(); ++i)
    v.tac.push_back({k.times_s[i] / units::kSecondsPerHour, k.values[i] / units::kBqPerMBq});
  return v;
}

}  // namespace

VoiAnalysis analyse_vois(const Study& study, const RunInputs& inputs, const timeactivity::ImageSeries& series,
                         const DoseResult& dose, const SingleTimePointPlan* single_time_point) {
  const auto& in = inputs.images;
  const double lambda = inputs.lambda_phys_per_s;
  VoiAnalysis result;
  if (!in.labels) {
    result.warnings.push_back("no label map: no VOI table, DVH or TAC plot");
    return result;
  }
  const auto& labels = *in.labels;
  const auto& maps = dose.maps;
  const Volume<float>* density = in.density_g_per_ml ? &*in.density_g_per_ml : nullptr;
  // Each VOI's curve fitted, or its one sample integrated (single-time-point run).
  const auto integrate_vois = [&](const timeactivity::ImageSeries& images) {
    if (single_time_point)
      return timeactivity::single_time_point_vois(images, labels, lambda, single_time_point->options,
                                                  timeactivity::VoiAggregate::Sum, study.administered_activity_Bq);
    timeactivity::VoiFitOptions voi_fit;
    voi_fit.fit = fit_options(study);
    voi_fit.administered_activity_Bq = study.administered_activity_Bq;
    return timeactivity::fit_vois(images, labels, lambda, voi_fit);
  };
  result.kinetics = integrate_vois(series);
  std::vector<timeactivity::VoiFitResult> uncorrected;
  if (const auto& partial_volume = inputs.partial_volume; partial_volume.corrected())
    uncorrected = integrate_vois(activity_series_of(partial_volume.uncorrected_activity_Bq, in.times_s));
  analysis::VoiStatisticsOptions stats_options;
  stats_options.dose_volume_percent = study.output.dose_volume_percent;
  stats_options.volume_dose_thresholds = study.output.dose_thresholds_Gy;
  stats_options.density_g_per_ml = density;
  const auto stats = analysis::voi_statistics(maps.total, labels, stats_options);
  const auto component_means = [&](const std::optional<Volume<float>>& map) {
    std::vector<std::optional<double>> means(stats.size());
    if (!map) return means;
    analysis::VoiStatisticsOptions mean_only;
    mean_only.density_g_per_ml = density;
    mean_only.dose_volume_percent = {};
    const auto s = analysis::voi_statistics(*map, labels, mean_only);
    for (std::size_t i = 0; i < s.size(); ++i) means[i] = s[i].mean;
    return means;
  };
  const auto alpha = component_means(maps.alpha), electron = component_means(maps.electron),
             photon = component_means(maps.photon);
  for (std::size_t i = 0; i < stats.size(); ++i) {
    auto v = voi_record(stats[i], in.label_names.at(stats[i].label), result.kinetics[i], lambda);
    if (single_time_point) {  // no fit: the one sample and the half-life it was integrated with
      const HalfLifeChoice& h = single_time_point->by_label.at(v.label);
      v.fit.model = timeactivity::kSingleTimePointName;
      v.fit.single_time_point = results::VoiSingleTimePointRecord{
          std::string(timeactivity::single_time_point_method_name(single_time_point->options.method)),
          h.half_life_s / units::kSecondsPerHour, h.source};
    }
    v.mean_alpha_dose_Gy = alpha[i];
    v.mean_electron_dose_Gy = electron[i];
    v.mean_photon_dose_Gy = photon[i];
    if (dose.monte_carlo) {
      const auto& u = dose.monte_carlo->voi_relative_uncertainty;
      if (const auto it = u.find(v.label); it != u.end()) v.monte_carlo_relative_uncertainty = it->second;
    }
    if (!uncorrected.empty()) {
      v.partial_volume = results::VoiPartialVolumeRecord{uncorrected[i].fit.integral, std::nullopt};
      const auto& rc = inputs.partial_volume.recovery_by_label;
      if (const auto it = rc.find(v.label); it != rc.end()) v.partial_volume->recovery_coefficient = it->second;
    }
    result.vois.push_back(std::move(v));
    result.dvhs.push_back(analysis::cumulative_dvh(maps.total, labels, stats[i].label, kDvhBins));
  }
  add_voi_radiobiology(result.vois, result.kinetics, study.methods.rbe_alpha, study.methods.rbe_alpha_by_tissue,
                       lambda);
  const Volume<float>* voxel_g = dose.voxel_g ? &*dose.voxel_g : nullptr;
  Volume<float> g_used;
  result.bed_Gy = voi_bed_map(maps, labels, result.vois, voxel_g, voxel_g ? &g_used : nullptr);
  if (result.bed_Gy) {
    add_voxel_bed_figures(result.vois, *result.bed_Gy, maps.total, labels, density, study.methods.eud_alpha_per_Gy);
    if (voxel_g) result.g_factor = std::move(g_used);
  }
  return result;
}

}  // namespace rptdose::pipeline::detail
