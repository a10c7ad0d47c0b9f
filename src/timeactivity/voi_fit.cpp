#include "rptdose/timeactivity/voi_fit.hpp"

#include <map>
#include <string>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/timeactivity/cross_nuclide.hpp"

namespace rptdose::timeactivity {

std::vector<VoiFitResult> voi_curves(const ImageSeries& series, const Volume<std::int32_t>& labels,
                                     double lambda_phys_per_s, VoiAggregate aggregate) {
  require_same_geometry(series.grid(), labels.grid(), "image", "label map");
  // Sums per label and time point, accumulated in double.
  const std::size_t n_times = series.size();
  std::map<std::int32_t, VoiFitResult> by_label;
  for (std::size_t v = 0; v < labels.size(); ++v) {
    const std::int32_t label = labels[v];
    if (label == 0) continue;
    auto& voi = by_label[label];
    if (voi.voxels++ == 0) {
      voi.label = label;
      voi.values.assign(n_times, 0.0);
    }
    for (std::size_t i = 0; i < n_times; ++i) voi.values[i] += series.image(i)[v];
  }
  std::vector<VoiFitResult> curves;
  for (auto& [label, voi] : by_label) {
    voi.volume_ml = static_cast<double>(voi.voxels) * series.grid().voxel_volume_ml();
    voi.times_s = series.times_s();
    for (std::size_t i = 0; i < n_times; ++i) {
      voi.values[i] *= series.sample_factor(i, lambda_phys_per_s);
      if (aggregate == VoiAggregate::Mean) voi.values[i] /= static_cast<double>(voi.voxels);
    }
    curves.push_back(std::move(voi));
  }
  return curves;
}

std::vector<VoiFitResult> fit_vois(const ImageSeries& series, const Volume<std::int32_t>& labels,
                                   double lambda_phys_per_s, const VoiFitOptions& options) {
  if (series.size() < 2)
    throw InvalidInput("VOI integration needs at least 2 time points; got " + std::to_string(series.size()) +
                       ": for one image use a single-time-point method (single_time_point.hpp)");
  if (options.fit.model) require_enough_samples(*options.fit.model, series.size());  // before any work
  if (options.administered_activity_Bq && !(*options.administered_activity_Bq > 0))
    throw InvalidInput("the administered activity must be positive (Bq)");

  auto results = voi_curves(series, labels, lambda_phys_per_s, options.aggregate);
  for (auto& voi : results) {
    const Samples samples{voi.times_s, voi.values, {}};
    voi.fit = fit_curve(samples, lambda_phys_per_s, options.fit);
    if (options.administered_activity_Bq)
      voi.residence_time_h = voi.fit.integral / *options.administered_activity_Bq / units::kSecondsPerHour;
    if (options.predict_lambda_phys_per_s)
      voi.predicted_integral = predict_integral(voi.fit, samples, lambda_phys_per_s, *options.predict_lambda_phys_per_s,
                                                options.fit.trapezoid);
  }
  return results;
}

}  // namespace rptdose::timeactivity
