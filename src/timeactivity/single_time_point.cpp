#include "rptdose/timeactivity/single_time_point.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <span>
#include <string>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"

namespace rptdose::timeactivity {

namespace {

void require_positive(double value, const char* what) {
  if (!(std::isfinite(value) && value > 0))
    throw InvalidInput(std::string(what) + " must be positive and finite, got " + std::to_string(value));
}

std::string hours_text(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g h", seconds / units::kSecondsPerHour);
  return buffer;
}

void require_one_image(const ImageSeries& series) {
  if (series.size() != 1)
    throw InvalidInput("a single-time-point estimate takes one image; got " + std::to_string(series.size()) +
                       ": fit the time points instead (voxel_fit.hpp, voi_fit.hpp)");
}

/// Everything of an STP curve but its amplitude, per label: one curve of value 1, scaled per voxel or VOI.
class CurvesByLabel {
 public:
  CurvesByLabel(const SingleTimePointOptions& options, double time_s, double lambda_phys_per_s)
      : options_(options), time_s_(time_s), lambda_phys_per_s_(lambda_phys_per_s) {}
  const FitResult& unit_curve(std::int32_t label) {
    auto it = curves_.find(label);
    if (it == curves_.end()) {
      const double half_life_s = single_time_point_half_life_s(options_, label, time_s_, lambda_phys_per_s_);
      it = curves_.emplace(label, single_time_point_curve(1.0, time_s_, half_life_s, lambda_phys_per_s_)).first;
    }
    return it->second;
  }
  /// The curve through `value`: the unit curve scaled (the curve is linear in its sample).
  FitResult curve(std::int32_t label, double value) {
    if (!(value > 0)) {  // fit_curve's rule for a curve without a positive sample
      FitResult zero;
      zero.status = FitStatus::Zero;
      zero.negative_samples = value < 0 ? 1 : 0;
      return zero;
    }
    FitResult r = unit_curve(label);
    r.parameters[0] *= value;
    r.integral *= value;
    return r;
  }

 private:
  const SingleTimePointOptions& options_;
  double time_s_, lambda_phys_per_s_;
  std::map<std::int32_t, FitResult> curves_;
};

}  // namespace

std::string_view single_time_point_assumptions(SingleTimePointMethod method) {
  switch (method) {
    case SingleTimePointMethod::PhysicalDecay:
      return "no biological clearance: the activity seen at the scan was in place from the injection and leaves by "
             "physical decay only (a permanent implant, e.g. 90Y microspheres); TIA = A(t)·e^{λp t}/λp";
    case SingleTimePointMethod::Hanscheid:
      return "Hänscheid et al. 2018: TIA = A(t)·2t/ln 2, exact for a mono-exponential with instant uptake whose "
             "effective half-life is the scan time t (or t/2), +6.1 % at most between, within -10 % for "
             "0.764 ≤ t/T_eff ≤ 2.437; the curve it stands for (BED's G, the fitted-curve outputs) has T_eff = t";
    case SingleTimePointMethod::EffectiveHalfLife:
      break;
  }
  return "mono-exponential with instant uptake through the one scan, with each VOI's effective half-life (given, "
         "or from an earlier cycle's fit: the kinetics taken as unchanged between cycles); "
         "TIA = A(t)·e^{λ t}/λ, λ = ln 2/T_eff";
}

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

FitResult single_time_point_curve(double value, double time_s, double effective_half_life_s, double lambda_phys_per_s) {
  require_positive(lambda_phys_per_s, "the physical decay constant (1/s)");
  const double physical_half_life_s = std::log(2.0) / lambda_phys_per_s;
  FitResult r;
  r.model = Model::MonoExponential;
  r.status = FitStatus::Fitted;
  r.integral = prior_half_life_integral(value, time_s, effective_half_life_s, physical_half_life_s);
  const double lambda = std::log(2.0) / effective_half_life_s;
  // A0 = A(t)·e^{λt} = λ·TIA; μ ≥ 0 (the check above allows an effective half-life 1e-12 above the physical one).
  r.parameters[0] = r.integral * lambda;
  r.parameters[1] = std::max(lambda - lambda_phys_per_s, 0.0);
  r.terminal_decay_constant_per_s = lambda;
  r.r_squared = 1.0;
  r.negative_samples = value < 0 ? 1 : 0;
  return r;
}

double single_time_point_half_life_s(const SingleTimePointOptions& options, std::int32_t label, double time_s,
                                     double lambda_phys_per_s) {
  require_positive(lambda_phys_per_s, "the physical decay constant (1/s)");
  switch (options.method) {
    case SingleTimePointMethod::PhysicalDecay:
      return std::log(2.0) / lambda_phys_per_s;
    case SingleTimePointMethod::Hanscheid:
      if (time_s > std::log(2.0) / lambda_phys_per_s * (1 + 1e-12))
        throw InvalidInput("Hänscheid's method stands for the curve whose effective half-life is the scan time (" +
                           hours_text(time_s) + "), longer than the physical half-life (" +
                           hours_text(std::log(2.0) / lambda_phys_per_s) +
                           "): no curve clears that slowly; use effective-half-life or physical-decay");
      return time_s;
    case SingleTimePointMethod::EffectiveHalfLife:
      break;
  }
  if (const auto it = options.effective_half_life_by_label_s.find(label);
      it != options.effective_half_life_by_label_s.end())
    return it->second;
  if (options.effective_half_life_s) return *options.effective_half_life_s;
  throw InvalidInput(label == 0 ? std::string("no effective half-life for the voxels outside every VOI (label 0): "
                                              "give a default effective half-life")
                                : "no effective half-life for label " + std::to_string(label) +
                                      ": give one for it or a default effective half-life");
}

VoxelFitMaps single_time_point_voxels(
    const ImageSeries& series, double lambda_phys_per_s, const SingleTimePointOptions& options,
    const Volume<std::int32_t>* labels, const Volume<std::uint8_t>* mask,
    const std::function<float(std::size_t, const FitResult&, const Samples&)>& curve_figure) {
  require_one_image(series);
  require_positive(lambda_phys_per_s, "the physical decay constant (1/s)");
  const Grid& grid = series.grid();
  if (labels) require_same_geometry(grid, labels->grid(), "image", "label map");
  if (mask) require_same_geometry(grid, mask->grid(), "image", "mask");
  VoxelFitMaps maps = masked_voxel_fit_maps(grid);
  if (curve_figure) maps.curve_figure = Volume<float>(grid);
  const std::vector<double>& times = series.times_s();
  const double factor = series.sample_factor(0, lambda_phys_per_s);
  const Volume<float>& image = series.image(0);
  CurvesByLabel curves(options, times.front(), lambda_phys_per_s);
  auto& summary = maps.summary;
  // One multiplication per voxel: not worth threads.
  for (std::size_t v = 0; v < image.size(); ++v) {
    if (mask && (*mask)[v] == 0) continue;  // outputs stay 0, status Masked
    const double value = static_cast<double>(image[v]) * factor;
    const FitResult r = curves.curve(labels ? (*labels)[v] : 0, value);
    ++summary.voxels;
    ++summary.by_status[static_cast<std::size_t>(r.status)];
    summary.negative_samples += static_cast<std::size_t>(r.negative_samples);
    maps.status[v] = static_cast<std::uint8_t>(r.status);
    if (r.status == FitStatus::Zero) continue;
    ++summary.by_model[static_cast<std::size_t>(r.model)];
    maps.integral[v] = static_cast<float>(r.integral);
    maps.effective_half_life_h[v] = static_cast<float>(r.effective_half_life_s() / units::kSecondsPerHour);
    maps.r_squared[v] = static_cast<float>(r.r_squared);
    maps.model[v] = static_cast<std::uint8_t>(r.model);
    if (curve_figure)
      (*maps.curve_figure)[v] = curve_figure(v, r, Samples{times, std::span<const double>(&value, 1), {}});
  }
  return maps;
}

std::vector<VoiFitResult> single_time_point_vois(const ImageSeries& series, const Volume<std::int32_t>& labels,
                                                 double lambda_phys_per_s, const SingleTimePointOptions& options,
                                                 VoiAggregate aggregate,
                                                 std::optional<double> administered_activity_Bq) {
  require_one_image(series);
  if (administered_activity_Bq) require_positive(*administered_activity_Bq, "the administered activity (Bq)");
  auto vois = voi_curves(series, labels, lambda_phys_per_s, aggregate);
  CurvesByLabel curves(options, series.times_s().front(), lambda_phys_per_s);
  for (auto& voi : vois) {
    voi.fit = curves.curve(voi.label, voi.values.front());
    if (administered_activity_Bq)
      voi.residence_time_h = voi.fit.integral / *administered_activity_Bq / units::kSecondsPerHour;
  }
  return vois;
}

}  // namespace rptdose::timeactivity
