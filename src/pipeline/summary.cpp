#include "summary.hpp"

#include "rptdose/dose/dose_method.hpp"

#include "rptdose/convolution/convolver.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/timeactivity/models.hpp"
#include "rptdose/version.hpp"
#include "stage_partial_volume.hpp"

namespace rptdose::pipeline::detail {

namespace {

void set_triple(double (&to)[3], const Vector3& v) {
  for (int i = 0; i < 3; ++i) to[i] = v[i];
}

results::InputsRecord inputs_record(const Study& study, const StudyInputs& in) {
  results::InputsRecord r;
  for (std::size_t i = 0; i < study.time_points.size(); ++i) {
    const auto& tp = study.time_points[i];
    const auto& a = in.alignment[i];
    results::TimePointRecord t;
    t.image = tp.image.string();
    t.hours_after_injection = tp.time_after_injection_s / units::kSecondsPerHour;
    t.units = timeactivity::unit_name(tp.units);
    t.decay_corrected = tp.decay_corrected;
    if (tp.ct) t.ct = tp.ct->string();
    t.alignment.method = a.method;
    for (int row = 0; row < 3; ++row)
      for (int col = 0; col < 3; ++col) t.alignment.rotation[row][col] = a.transform.rotation(row, col);
    set_triple(t.alignment.translation_mm, a.transform.translation_mm);
    t.alignment.metric_value = a.metric_value;
    if (!in.activity_outside_body_fraction.empty()) t.activity_outside_body_fraction = in.activity_outside_body_fraction[i];
    t.activity_in_image_MBq = tp.activity_in_image_MBq;
    if (tp.units == timeactivity::SampleUnit::Counts && !tp.activity_in_image_MBq)
      t.sensitivity_cps_per_MBq = counts_sensitivity_cps_per_MBq(study, tp);
    r.time_points.push_back(std::move(t));
  }
  if (study.ct) r.ct = study.ct->image.string();
  if (study.labels) r.labels = study.labels->string();
  if (study.calibration_file) r.calibration = study.calibration_file->string();
  for (int i = 0; i < 3; ++i) r.dose_grid.size[i] = in.grid.size()[i];
  set_triple(r.dose_grid.spacing_mm, in.grid.spacing_mm());
  set_triple(r.dose_grid.origin_mm, in.grid.origin_mm());
  return r;
}

results::MethodsRecord methods_record(const RunProducts& run) {
  const auto& m = run.study.methods;
  results::MethodsRecord r;
  r.integration =
      m.single_time_point ? timeactivity::kSingleTimePointName : timeactivity::model_choice_name(m.integration);
  r.route = route_name(m.route);
  r.dose = dose::dose_method_name(m.dose);
  if (const auto* kernel = run.kernel) {
    // Full range: photons are followed as far as the kernel's photon radius (the end of the point kernel tables).
    r.kernel_radius_mm = m.kernel_radius_mm.value_or(kernel->info().photon_radius_mm);
    const auto half = kernel->half_size();
    for (int i = 0; i < 3; ++i) r.kernel_size[i] = static_cast<std::size_t>(2 * half[i] + 1);
    const auto& info = kernel->info();
    r.kernel = {info.method,           info.medium, info.density_g_per_ml,
                info.photon_radius_mm, info.source, kernel->deposited_energy_MeV()};
  }
  if (run.dose.monte_carlo) r.monte_carlo = run.dose.monte_carlo->record;
  r.components = m.components;
  r.density_correction = m.density_correction;
  r.activity_outside_body = activity_outside_body_name(m.activity_outside_body);
  r.rbe_alpha = m.rbe_alpha;
  r.rbe_alpha_by_tissue = m.rbe_alpha_by_tissue;
  r.eud_alpha_per_Gy = m.eud_alpha_per_Gy;
  r.bed_kinetics = bed_kinetics_name(m.bed_kinetics);
  r.registration = registration_method_name(run.study.registration.method);
  r.reference_time_point = run.study.registration.reference_time_point;
  r.convolution = run.dose.maps.report.method;
  if (const auto& stp = m.single_time_point) {
    results::SingleTimePointMethodRecord t;
    t.method = timeactivity::single_time_point_method_name(stp->method);
    t.assumptions = timeactivity::single_time_point_assumptions(stp->method);
    if (stp->default_effective_half_life_s)
      t.default_effective_half_life_h = *stp->default_effective_half_life_s / units::kSecondsPerHour;
    for (const auto& [name, seconds] : stp->effective_half_life_by_name_s)
      t.effective_half_life_h[name] = seconds / units::kSecondsPerHour;
    if (stp->from_summary) t.from_summary = stp->from_summary->string();
    r.single_time_point = std::move(t);
  }
  r.partial_volume = partial_volume_method_record(run.study);
  return r;
}

/// `single_time_point`: the voxels' curves are single-time-point integrals, counted under that name, not as the
/// mono-exponential model they are written as.
results::VoxelFitsRecord voxel_fits_record(const timeactivity::VoxelFitSummary& s, bool single_time_point) {
  results::VoxelFitsRecord r;
  r.voxels = s.voxels;
  for (std::size_t i = 0; i < s.by_status.size(); ++i)
    if (s.by_status[i] > 0)
      r.by_status[std::string(timeactivity::status_name(timeactivity::FitStatus(i)))] = s.by_status[i];
  for (std::size_t i = 1; i < s.by_model.size(); ++i)  // 0: no model
    if (s.by_model[i] > 0)
      r.by_model[std::string(single_time_point ? timeactivity::kSingleTimePointName
                                               : timeactivity::model_name(timeactivity::Model(i)))] = s.by_model[i];
  r.negative_samples = s.negative_samples;
  r.negative_integrals = s.negative_integrals;
  return r;
}

}  // namespace

results::RunSummary make_run_summary(const RunProducts& run, std::vector<std::string> plots,
                                     std::vector<std::string> warnings,
                                     std::vector<std::pair<std::string, double>> timing_s) {
  const auto& study = run.study;
  const auto& chain = run.inputs.chain;
  results::RunSummary s;
  s.rptdose_version = kVersion;
  s.fft_library = convolution::fft_library_name();
  s.study_file = study.file.string();
  s.nuclide = study.nuclide;
  s.half_life_h = chain.parent().half_life_s() / units::kSecondsPerHour;
  for (const auto& m : chain.members()) s.chain.push_back({m.nuclide->name(), m.decays_per_parent_decay});
  s.administered_activity_Bq = study.administered_activity_Bq;
  s.inputs = inputs_record(study, run.inputs.images);
  s.methods = methods_record(run);
  s.voxel_fits = voxel_fits_record(run.kinetics.fits.summary, run.kinetics.single_time_point.has_value());
  double total_tia = 0.0;
  for (const float v : run.kinetics.fits.integral.values()) total_tia += v;
  s.totals = {total_tia, total_tia / study.administered_activity_Bq / units::kSecondsPerHour,
              run.dose.maps.report.negative_input.count, run.dose.maps.report.density_clamped_voxels};
  s.vois = run.vois.vois;
  s.plots = std::move(plots);
  s.warnings = std::move(warnings);
  s.timing_s = std::move(timing_s);
  return s;
}

}  // namespace rptdose::pipeline::detail
