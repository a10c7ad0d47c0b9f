#include "rptdose/timeactivity/single_time_point.hpp"

#include <cmath>
#include <string>

#include "rptdose/core/error.hpp"

namespace rptdose::timeactivity {

namespace {
void require_positive(double value, const char* what) {
  if (!(std::isfinite(value) && value > 0))
    throw InvalidInput(std::string(what) + " must be positive and finite, got " + std::to_string(value));
}
}  // namespace

double hanscheid_integral(double value, double time_s) {
  require_positive(time_s, "the single-time-point scan time (s after injection)");
  return value * 2.0 * time_s / std::log(2.0);
}

double prior_half_life_integral(double value, double time_s, double effective_half_life_s,
                                double physical_half_life_s) {
  require_positive(time_s, "the single-time-point scan time (s after injection)");
  require_positive(effective_half_life_s, "the prior effective half-life (s)");
  if (effective_half_life_s > physical_half_life_s * (1 + 1e-12))
    throw InvalidInput("the prior effective half-life (" + std::to_string(effective_half_life_s / 3600.0) +
                       " h) is longer than the physical half-life (" + std::to_string(physical_half_life_s / 3600.0) +
                       " h): an effective half-life cannot exceed it");
  const double lambda = std::log(2.0) / effective_half_life_s;
  return value * std::exp(lambda * time_s) / lambda;
}

Volume<float> single_time_point_integral(const ImageSeries& series, double physical_half_life_s,
                                         const SingleTimePointOptions& options, const Volume<std::int32_t>* labels) {
  if (series.size() != 1)
    throw InvalidInput("a single-time-point estimate takes one image; got " + std::to_string(series.size()) +
                       ": fit the time points instead (voxel_fit.hpp)");
  require_positive(physical_half_life_s, "the physical half-life (s)");
  if (labels) require_same_geometry(series.grid(), labels->grid(), "image", "label map");
  const double t = series.times_s().front();
  const double factor = series.sample_factor(0, std::log(2.0) / physical_half_life_s);
  const Volume<float>& image = series.image(0);
  Volume<float> result(series.grid());
  if (options.method == SingleTimePointOptions::Method::Hanscheid) {
    const double scale = hanscheid_integral(factor, t);
    for (std::size_t v = 0; v < image.size(); ++v) result[v] = static_cast<float>(scale * image[v]);
    return result;
  }
  // Prior half-life: one scale per label.
  const auto scale_for = [&](std::int32_t label) {
    const auto it = options.effective_half_life_by_label_s.find(label);
    const double half_life =
        it != options.effective_half_life_by_label_s.end() ? it->second : options.effective_half_life_s;
    if (half_life <= 0)
      throw InvalidInput("no prior effective half-life for label " + std::to_string(label) +
                         ": give one for it or a default (effective_half_life_s)");
    return prior_half_life_integral(factor, t, half_life, physical_half_life_s);
  };
  std::map<std::int32_t, double> scales;
  for (std::size_t v = 0; v < image.size(); ++v) {
    const std::int32_t label = labels ? (*labels)[v] : 0;
    auto it = scales.find(label);
    if (it == scales.end()) it = scales.emplace(label, scale_for(label)).first;
    result[v] = static_cast<float>(it->second * image[v]);
  }
  return result;
}

}  // namespace rptdose::timeactivity
