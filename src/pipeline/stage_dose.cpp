#include "stage_dose.hpp"

#include "rptdose/dose/dose_method.hpp"

namespace rptdose::pipeline::detail {

namespace {

/// Dose-rate route: every time point convolved, then each voxel's dose-rate curve integrated; with
/// fit.curve_figure, `figure` gets it of the total dose-rate curves.
dose::DoseMaps dose_by_dose_rate(const dose::DoseCalculator& calculator, const StudyInputs& in,
                                 timeactivity::VoxelFitOptions fit, double lambda_phys_per_s,
                                 std::vector<std::string>& warnings, std::optional<Volume<float>>& figure) {
  const Volume<float>* density = in.density_g_per_ml ? &*in.density_g_per_ml : nullptr;
  std::vector<dose::DoseMaps> rates;
  for (const auto& activity : in.activity_Bq) rates.push_back(calculator.dose_rate_from_activity(activity, density));
  // Each map of `rates` goes into one series only, so it is moved there.
  const auto integrate = [&](Volume<float>& (*map_of)(dose::DoseMaps&)) {
    std::vector<Volume<float>> series;
    for (auto& r : rates) series.push_back(std::move(map_of(r)));
    const timeactivity::ImageSeries s(std::move(series), in.times_s, timeactivity::SampleUnit::GyPerS,
                                      timeactivity::DecayCorrection::None);
    auto maps = timeactivity::fit_voxels(s, lambda_phys_per_s, fit);
    if (maps.curve_figure) figure = std::move(maps.curve_figure);
    fit.curve_figure = {};  // the total's curves only
    return std::move(maps.integral);
  };
  dose::DoseMaps out;
  out.report = rates.front().report;
  const bool components = rates.front().alpha.has_value();
  out.total = integrate([](dose::DoseMaps& r) -> Volume<float>& { return r.total; });
  if (components) {
    out.alpha = integrate([](dose::DoseMaps& r) -> Volume<float>& { return *r.alpha; });
    out.electron = integrate([](dose::DoseMaps& r) -> Volume<float>& { return *r.electron; });
    out.photon = integrate([](dose::DoseMaps& r) -> Volume<float>& { return *r.photon; });
    warnings.push_back(
        "dose-rate route: each component's dose-rate curve is integrated on its own, so the "
        "components add up to the total only to within the fits' differences");
  }
  return out;
}

}  // namespace

dose::DoseCalculator make_dose_calculator(const Study& study, const RunInputs& inputs, unsigned threads) {
  return make_dose_calculator(study, inputs, threads, study.nuclide);
}

dose::DoseCalculator make_dose_calculator(const Study& study, const RunInputs& inputs, unsigned threads,
                                          std::string_view nuclide) {
  dose::DoseOptions options;
  options.components = study.methods.components;
  options.convolution.threads = threads;
  return dose::DoseCalculator(
      dose::make_dose_kernel(nuclide, inputs.images.grid.spacing_mm(), study.methods.dose_method(), threads), options);
}

DoseResult compute_dose(const Study& study, const dose::DoseCalculator* calculator, const RunInputs& inputs,
                        VoxelKinetics& kinetics, unsigned threads, const ProgressCallback& progress) {
  const auto& in = inputs.images;
  DoseResult result;
  if (!calculator) {  // dose "monte-carlo" (read_study allows it on the tia route only)
    auto stage = monte_carlo_stage(study, inputs, kinetics.fits.integral, threads, progress);
    result.maps = std::move(stage.maps);
    result.monte_carlo = std::move(stage.figures);
    if (result.maps.report.negative_input.count > 0)
      result.warnings.push_back("Monte Carlo: " + std::to_string(result.maps.report.negative_input.count) +
                                " voxels of negative TIA (fit noise) were given no decays");
    result.voxel_g = std::move(kinetics.voxel_g);
  } else if (study.methods.route == Route::Tia) {
    result.maps =
        calculator->dose_from_tia(kinetics.fits.integral, in.density_g_per_ml ? &*in.density_g_per_ml : nullptr);
    result.voxel_g = std::move(kinetics.voxel_g);
  } else {
    result.maps = dose_by_dose_rate(*calculator, in, voxel_fit_options(study, inputs, threads, true),
                                    inputs.lambda_phys_per_s, result.warnings, result.voxel_g);
  }
  kinetics.voxel_g.reset();
  return result;
}

}  // namespace rptdose::pipeline::detail
