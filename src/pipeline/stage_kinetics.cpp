#include "stage_kinetics.hpp"

#include "rptdose/core/error.hpp"
#include "voi_radiobiology.hpp"

namespace rptdose::pipeline::detail {

timeactivity::FitOptions fit_options(const Study& study) {
  timeactivity::FitOptions fit;
  fit.model = study.methods.integration;
  return fit;
}

void require_enough_time_points(const Study& study) {
  const std::size_t n = study.time_points.size();
  if (n < 2)
    throw InvalidInput(
        "the study has one time point: rptdose run needs at least two (single-time-point methods are "
        "available in the library: timeactivity/single_time_point.hpp)");
  if (const auto fit = fit_options(study); fit.model) timeactivity::require_enough_samples(*fit.model, n);
}

timeactivity::VoxelFitOptions voxel_fit_options(const Study& study, const RunInputs& inputs, unsigned threads,
                                                bool g_figure) {
  const auto& in = inputs.images;
  timeactivity::VoxelFitOptions fit;
  fit.fit = fit_options(study);
  const bool drop_outside = study.methods.activity_outside_body == ActivityOutsideBody::Drop;
  fit.mask = in.body_mask && drop_outside ? &*in.body_mask : nullptr;
  fit.threads = threads;
  if (g_figure && in.labels && study.methods.bed_kinetics == BedKinetics::Voxel)
    if (auto rates = repair_rates_by_label(in.label_names); !rates.empty())
      fit.curve_figure = voxel_g_factor_figure(*in.labels, std::move(rates), inputs.lambda_phys_per_s);
  return fit;
}

VoxelKinetics fit_voxel_kinetics(const Study& study, const RunInputs& inputs, const timeactivity::ImageSeries& series,
                                 unsigned threads, const ProgressCallback& progress) {
  // The G of the BED map comes from the curves the dose comes from: here the activity curves on the tia route.
  auto options = voxel_fit_options(study, inputs, threads, study.methods.route == Route::Tia);
  options.progress = progress;
  VoxelKinetics kinetics{timeactivity::fit_voxels(series, inputs.lambda_phys_per_s, options), std::nullopt};
  kinetics.voxel_g = std::move(kinetics.fits.curve_figure);
  kinetics.fits.curve_figure.reset();
  return kinetics;
}

}  // namespace rptdose::pipeline::detail
