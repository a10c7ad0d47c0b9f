#include "rptdose/timeactivity/voxel_fit.hpp"

#include <algorithm>
#include <cmath>
#include <span>
#include <string>
#include <vector>

#include "mono_fit.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/core/parallel.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/timeactivity/cross_nuclide.hpp"

namespace rptdose::timeactivity {

namespace {

constexpr std::size_t kGrain = 4096;        // voxels per chunk (fixed: deterministic summaries)
constexpr std::size_t kProgressSteps = 32;  // progress reports over the whole image

struct Output {
  float* integral;
  float* integral_se;
  float* half_life_h;
  float* r_squared;
  std::uint8_t* model;
  std::uint8_t* status;
  std::vector<float*> predicted;  ///< one per prediction decay constant
  float* figure;
};

void add(VoxelFitSummary& into, const VoxelFitSummary& part) {
  into.voxels += part.voxels;
  for (std::size_t i = 0; i < into.by_status.size(); ++i) into.by_status[i] += part.by_status[i];
  for (std::size_t i = 0; i < into.by_model.size(); ++i) into.by_model[i] += part.by_model[i];
  into.negative_samples += part.negative_samples;
  into.negative_integrals += part.negative_integrals;
}

}  // namespace

VoxelFitMaps masked_voxel_fit_maps(const Grid& grid) {
  return {Volume<float>(grid),
          Volume<float>(grid),
          Volume<float>(grid),
          Volume<float>(grid),
          Volume<std::uint8_t>(grid),
          Volume<std::uint8_t>(grid),
          {},
          std::nullopt,
          {}};
}

VoxelFitMaps fit_voxels(const ImageSeries& series, double lambda_phys_per_s, const VoxelFitOptions& options) {
  if (series.size() < 2)
    throw InvalidInput("per-voxel integration needs at least 2 time points; got " + std::to_string(series.size()) +
                       ": for one image use a single-time-point method (single_time_point.hpp)");
  if (!(std::isfinite(lambda_phys_per_s) && lambda_phys_per_s > 0))
    throw InvalidInput("the physical decay constant must be positive and finite, got " +
                       std::to_string(lambda_phys_per_s) + " /s");
  const Grid& grid = series.grid();
  if (options.mask) require_same_geometry(grid, options.mask->grid(), "image", "mask");
  for (const double lambda : options.predict_lambdas_phys_per_s)
    if (!(std::isfinite(lambda) && lambda > 0))
      throw InvalidInput("the predicted nuclide's decay constant must be positive and finite, got " +
                         std::to_string(lambda) + " /s");
  if (options.fit.model) require_enough_samples(*options.fit.model, series.size());  // before any work

  VoxelFitMaps maps = masked_voxel_fit_maps(grid);
  std::vector<float*> predicted;
  maps.predicted_integrals.reserve(options.predict_lambdas_phys_per_s.size());  // data() stays valid below
  for (std::size_t k = 0; k < options.predict_lambdas_phys_per_s.size(); ++k) {
    maps.predicted_integrals.emplace_back(grid);
    predicted.push_back(maps.predicted_integrals.back().data());
  }
  if (options.curve_figure) maps.curve_figure = Volume<float>(grid);
  const Output out{maps.integral.data(),
                   maps.integral_se.data(),
                   maps.effective_half_life_h.data(),
                   maps.r_squared.data(),
                   maps.model.data(),
                   maps.status.data(),
                   std::move(predicted),
                   maps.curve_figure ? maps.curve_figure->data() : nullptr};

  const std::size_t n_times = series.size();
  std::vector<double> factors(n_times);
  std::vector<const float*> images(n_times);
  for (std::size_t i = 0; i < n_times; ++i) {
    factors[i] = series.sample_factor(i, lambda_phys_per_s);
    images[i] = series.image(i).data();
  }
  const std::vector<double>& times = series.times_s();
  const std::uint8_t* mask = options.mask ? options.mask->data() : nullptr;

  const std::size_t voxel_count = grid.voxel_count();
  const std::size_t chunk_count = (voxel_count + kGrain - 1) / kGrain;
  std::vector<VoxelFitSummary> summaries(chunk_count);
  const auto write = [&](std::size_t v, const FitResult& r, const Samples& samples, VoxelFitSummary& summary) {
    ++summary.voxels;
    ++summary.by_status[static_cast<std::size_t>(r.status)];
    out.status[v] = static_cast<std::uint8_t>(r.status);
    if (r.status == FitStatus::Zero) return;
    ++summary.by_model[static_cast<std::size_t>(r.model)];
    summary.negative_integrals += r.integral < 0 ? 1 : 0;
    out.integral[v] = static_cast<float>(r.integral);
    out.integral_se[v] = static_cast<float>(r.integral_se);
    out.half_life_h[v] = static_cast<float>(r.effective_half_life_s() / units::kSecondsPerHour);
    out.r_squared[v] = static_cast<float>(r.r_squared);
    out.model[v] = static_cast<std::uint8_t>(r.model);
    for (std::size_t k = 0; k < out.predicted.size(); ++k)
      out.predicted[k][v] = static_cast<float>(predict_integral(
          r, samples, lambda_phys_per_s, options.predict_lambdas_phys_per_s[k], options.fit.trapezoid));
    if (out.figure) out.figure[v] = options.curve_figure(v, r, samples);
  };
  // One curve at a time: fit_curve.
  const auto fit_chunk = [&](std::size_t begin, std::size_t end) {
    VoxelFitSummary summary;  // local: neighbouring chunks' entries share cache lines
    std::vector<double> values(n_times);
    for (std::size_t v = begin; v < end; ++v) {
      if (mask && mask[v] == 0) continue;  // outputs stay 0, status Masked
      for (std::size_t i = 0; i < n_times; ++i) {
        values[i] = static_cast<double>(images[i][v]) * factors[i];
        summary.negative_samples += values[i] < 0 ? 1 : 0;
      }
      const Samples samples{times, values, {}};
      write(v, fit_curve(samples, lambda_phys_per_s, options.fit), samples, summary);
    }
    summaries[begin / kGrain] = summary;
  };
  // Mono-exponential (asked for, or the first candidate of the automatic choice): a batch of curves at once
  // (detail::MonoBatch), the same result as fit_curve voxel by voxel. A fitted mono-exponential that nothing else
  // competes with (asked for, or at most 4 time points) is written directly; every other curve goes through
  // fit_curve's rule (detail::select_fit) with its mono-exponential fit.
  const bool mono_asked = options.fit.model == Model::MonoExponential;
  const bool batched =
      n_times >= 3 && n_times <= static_cast<std::size_t>(detail::kMaxSamples) && (!options.fit.model || mono_asked);
  const bool mono_final = (mono_asked || n_times <= 4) && out.predicted.empty();
  std::vector<double> times_h(n_times);
  for (std::size_t i = 0; i < n_times; ++i) times_h[i] = times[i] / units::kSecondsPerHour;
  const double lambda_phys_per_h = lambda_phys_per_s * units::kSecondsPerHour;
  const double ln2 = std::log(2.0);
  const auto fit_chunk_batched = [&](std::size_t begin, std::size_t end) {
    VoxelFitSummary summary;
    detail::MonoBatch batch(static_cast<int>(n_times), times_h.data(), lambda_phys_per_h);
    detail::Curve curve;
    std::size_t voxel[detail::MonoBatch::kCapacity];
    int count = 0;
    const auto flush = [&] {
      batch.fit(count, options.fit);
      for (int k = 0; k < count; ++k) {
        const std::size_t v = voxel[k];
        if (batch.acceptable(k) && mono_final) {  // write() with fit_curve's result (to_seconds included)
          const double rate_per_s = (lambda_phys_per_h + batch.mu(k)) / units::kSecondsPerHour;
          const double integral = batch.integral(k) * units::kSecondsPerHour;
          ++summary.voxels;
          ++summary.by_status[static_cast<std::size_t>(FitStatus::Fitted)];
          ++summary.by_model[static_cast<std::size_t>(Model::MonoExponential)];
          summary.negative_integrals += integral < 0 ? 1 : 0;
          out.status[v] = static_cast<std::uint8_t>(FitStatus::Fitted);
          out.integral[v] = static_cast<float>(integral);
          out.integral_se[v] = static_cast<float>(batch.integral_se(k) * units::kSecondsPerHour);
          out.half_life_h[v] = static_cast<float>(ln2 / rate_per_s / units::kSecondsPerHour);
          out.r_squared[v] = static_cast<float>(batch.r_squared(k));
          out.model[v] = static_cast<std::uint8_t>(Model::MonoExponential);
          if (out.figure) {  // the curve's figure from the same result fit_curve gives
            batch.curve(k, curve);
            out.figure[v] = options.curve_figure(v, detail::in_seconds(batch.result(k)),
                                                 Samples{times, std::span<const double>(curve.y.data(), n_times), {}});
          }
          continue;
        }
        batch.curve(k, curve);
        const Samples samples{times, std::span<const double>(curve.y.data(), n_times), {}};
        if (mono_asked && !batch.acceptable(k)) {  // fit_curve's fallback
          FitResult r = detail::trapezoid(curve, options.fit.trapezoid);
          r.status = FitStatus::Fallback;
          write(v, r, samples, summary);
          continue;
        }
        const FitResult mono = batch.result(k);
        write(v, detail::select_fit(curve, options.fit, &mono), samples, summary);
      }
      count = 0;
    };
    for (std::size_t v = begin; v < end; ++v) {
      if (mask && mask[v] == 0) continue;  // outputs stay 0, status Masked
      bool positive = false;
      for (std::size_t i = 0; i < n_times; ++i) {
        const double value = static_cast<double>(images[i][v]) * factors[i];
        batch.value(static_cast<int>(i), count) = value;
        summary.negative_samples += value < 0 ? 1 : 0;
        positive = positive || value > 0;
      }
      if (!positive) {  // fit_curve's status Zero: integral 0
        ++summary.voxels;
        ++summary.by_status[static_cast<std::size_t>(FitStatus::Zero)];
        out.status[v] = static_cast<std::uint8_t>(FitStatus::Zero);
        continue;
      }
      voxel[count++] = v;
      if (count == detail::MonoBatch::kCapacity) flush();
    }
    if (count > 0) flush();
    summaries[begin / kGrain] = summary;
  };
  // Blocks of whole chunks between progress reports.
  const std::size_t chunks_per_step = std::max<std::size_t>(1, (chunk_count + kProgressSteps - 1) / kProgressSteps);
  for (std::size_t first = 0; first < chunk_count; first += chunks_per_step) {
    report_progress(options.progress, static_cast<double>(first) / static_cast<double>(chunk_count),
                    "fitting time-activity curves");
    const std::size_t begin = first * kGrain;
    const std::size_t end = std::min(voxel_count, (first + chunks_per_step) * kGrain);
    if (batched)
      parallel_for(begin, end, fit_chunk_batched, ParallelOptions{options.threads, kGrain});
    else
      parallel_for(begin, end, fit_chunk, ParallelOptions{options.threads, kGrain});
  }
  report_progress(options.progress, 1.0, "fitting time-activity curves");
  for (const auto& part : summaries) add(maps.summary, part);
  return maps;
}

}  // namespace rptdose::timeactivity
