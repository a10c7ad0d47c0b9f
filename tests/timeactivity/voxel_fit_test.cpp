#include "rptdose/timeactivity/voxel_fit.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "../../src/timeactivity/mono_fit.hpp"  // internal: the batch kernel of fit_voxels
#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/timeactivity/cross_nuclide.hpp"
#include "rptdose/timeactivity/image_series.hpp"
#include "rptdose/timeactivity/voi_fit.hpp"

namespace rptdose::timeactivity {
namespace {

constexpr double kHour = units::kSecondsPerHour;
const double kLn2 = std::log(2.0);
const double kLambdaLu177 = kLn2 / (6.647 * units::kSecondsPerDay);
const double kLambdaPb212 = kLn2 / (10.64 * kHour);  // ICRP 107: 10.64 h
const Grid kGrid({6, 5, 4}, Vector3(4.8, 4.8, 4.8));
const std::vector<double> kTimes{4 * kHour, 24 * kHour, 96 * kHour, 168 * kHour};

/// A mono-exponential phantom: voxel v has A0 = 1000 + 50 v Bq and a biological half-life of 40 + v h.
double a0(std::size_t v) {
  return 1000.0 + 50.0 * static_cast<double>(v);
}
double lambda_of(std::size_t v) {
  return kLambdaLu177 + kLn2 / ((40.0 + static_cast<double>(v)) * kHour);
}

ImageSeries phantom(DecayCorrection correction, SampleUnit unit = SampleUnit::BqPerVoxel) {
  std::vector<Volume<float>> images;
  for (const double t : kTimes) {
    Volume<float> image(kGrid);
    for (std::size_t v = 0; v < image.size(); ++v) {
      double value = a0(v) * std::exp(-lambda_of(v) * t);
      if (correction == DecayCorrection::ToInjection) value *= std::exp(kLambdaLu177 * t);
      if (unit == SampleUnit::BqPerMl) value /= kGrid.voxel_volume_ml();
      image[v] = static_cast<float>(value);
    }
    images.push_back(std::move(image));
  }
  return ImageSeries(std::move(images), kTimes, unit, correction);
}

TEST(VoxelFit, RecoversEveryVoxelsTiaAndHalfLife) {
  const auto maps = fit_voxels(phantom(DecayCorrection::None), kLambdaLu177);
  for (std::size_t v = 0; v < kGrid.voxel_count(); ++v) {
    ASSERT_NEAR(maps.integral[v] / (a0(v) / lambda_of(v)), 1.0, 1e-4) << v;
    ASSERT_NEAR(maps.effective_half_life_h[v], kLn2 / lambda_of(v) / kHour, 1e-3 * kLn2 / lambda_of(v) / kHour);
    ASSERT_EQ(maps.status[v], static_cast<std::uint8_t>(FitStatus::Fitted));
    ASSERT_EQ(maps.model[v], static_cast<std::uint8_t>(Model::MonoExponential));
  }
  EXPECT_EQ(maps.summary.voxels, kGrid.voxel_count());
  EXPECT_EQ(maps.summary.by_status[static_cast<std::size_t>(FitStatus::Fitted)], kGrid.voxel_count());
}

// The same activity given decay-corrected to injection, or as concentrations, gives the same TIA.
TEST(VoxelFit, DecayCorrectedAndUncorrectedInputsGiveTheSameTia) {
  const auto plain = fit_voxels(phantom(DecayCorrection::None), kLambdaLu177);
  const auto corrected = fit_voxels(phantom(DecayCorrection::ToInjection), kLambdaLu177);
  const auto concentration = fit_voxels(phantom(DecayCorrection::ToInjection, SampleUnit::BqPerMl), kLambdaLu177);
  for (std::size_t v = 0; v < kGrid.voxel_count(); ++v) {
    ASSERT_NEAR(corrected.integral[v] / plain.integral[v], 1.0, 1e-5);
    ASSERT_NEAR(concentration.integral[v] / plain.integral[v], 1.0, 1e-5);
  }
}

TEST(VoxelFit, MaskZeroAndNegativeVoxels) {
  auto series = phantom(DecayCorrection::None);
  std::vector<Volume<float>> images;
  for (std::size_t i = 0; i < series.size(); ++i) images.push_back(series.image(i).clone());
  for (auto& image : images) image[7] = 0.0f;  // an all-zero voxel
  images[3][9] = -5.0f;                        // a negative sample (noise)
  const ImageSeries edited(std::move(images), kTimes, SampleUnit::BqPerVoxel, DecayCorrection::None);
  Volume<std::uint8_t> mask(kGrid, 1);
  mask[0] = 0;
  VoxelFitOptions options;
  options.mask = &mask;
  const auto maps = fit_voxels(edited, kLambdaLu177, options);
  EXPECT_EQ(maps.status[0], static_cast<std::uint8_t>(FitStatus::Masked));
  EXPECT_EQ(maps.integral[0], 0.0f);
  EXPECT_EQ(maps.status[7], static_cast<std::uint8_t>(FitStatus::Zero));
  EXPECT_EQ(maps.integral[7], 0.0f);
  EXPECT_GT(maps.integral[9], 0.0f);
  EXPECT_EQ(maps.summary.negative_samples, 1u);
  EXPECT_EQ(maps.summary.voxels, kGrid.voxel_count() - 1);
  EXPECT_EQ(maps.summary.by_status[static_cast<std::size_t>(FitStatus::Zero)], 1u);
}

TEST(VoxelFit, ResultsDoNotDependOnTheThreadCount) {
  std::mt19937 generator(3);
  std::vector<Volume<float>> images;
  const Grid grid({40, 30, 20}, Vector3::Constant(4.0));
  for (const double t : kTimes) {
    Volume<float> image(grid);
    for (std::size_t v = 0; v < image.size(); ++v)
      image[v] = static_cast<float>(std::poisson_distribution<int>(300 * std::exp(-2e-6 * t))(generator));
    images.push_back(std::move(image));
  }
  const ImageSeries series(std::move(images), kTimes, SampleUnit::BqPerVoxel, DecayCorrection::None);
  VoxelFitOptions one, two;
  one.threads = 1;
  two.threads = 2;
  const auto a = fit_voxels(series, kLambdaLu177, one), b = fit_voxels(series, kLambdaLu177, two);
  EXPECT_TRUE(std::equal(a.integral.begin(), a.integral.end(), b.integral.begin()));
  EXPECT_TRUE(std::equal(a.status.begin(), a.status.end(), b.status.begin()));
}

TEST(VoxelFit, CrossNuclidePredictionKeepsTheBiologicalCurve) {
  // Two nuclides from one pass of fits, each against its own analytic integral; the measured nuclide's own decay
  // gives the fitted integral back.
  VoxelFitOptions options;
  options.predict_lambdas_phys_per_s = {kLambdaPb212, kLambdaLu177};
  const auto maps = fit_voxels(phantom(DecayCorrection::None), kLambdaLu177, options);
  ASSERT_EQ(maps.predicted_integrals.size(), 2u);
  for (std::size_t v = 0; v < kGrid.voxel_count(); ++v) {
    const double expected = a0(v) / (lambda_of(v) - kLambdaLu177 + kLambdaPb212);
    ASSERT_NEAR(maps.predicted_integrals[0][v] / expected, 1.0, 1e-4) << v;
    ASSERT_NEAR(maps.predicted_integrals[1][v] / maps.integral[v], 1.0, 1e-6) << v;
  }
  options.predict_lambdas_phys_per_s = {kLambdaPb212, -1.0};
  EXPECT_THROW(fit_voxels(phantom(DecayCorrection::None), kLambdaLu177, options), InvalidInput);
}

// fit_voxels fits the mono-exponential to several voxels at once (src/timeactivity/mono_fit.hpp); fit_curve and
// fit_model, one curve at a time, are the reference. Curves of every kind (noisy mono-exponentials and uptakes,
// noise-free, zero, negative samples, flat and rising curves held at μ = 0, one positive sample, noise, tiny
// values), 3 to 8 time points, both weightings, mono-exponential asked for and automatic selection, a mask and a
// voxel count that is no multiple of the block: every voxel has fit_curve's status and model, its TIA within 1e-6
// and standard error within 1e-4 (relative; the maps are float, 6e-8), and the summary counts agree.
TEST(VoxelFit, CurveFigureIsCalledWithEachVoxelsFitAndSamples) {
  // A figure of the fitted curve per voxel (here its effective half-life and its first sample) equals what the
  // maps hold; voxels outside the mask are not called (0). 4 time points: the batched mono-exponential path too.
  auto series = phantom(DecayCorrection::None);
  Volume<std::uint8_t> mask(kGrid);
  for (std::size_t v = 0; v < mask.size(); ++v) mask[v] = v % 3 != 0;
  for (const bool mono : {false, true}) {
    VoxelFitOptions options;
    options.mask = &mask;
    if (mono) options.fit.model = Model::MonoExponential;
    options.curve_figure = [](std::size_t, const FitResult& fit, const Samples& samples) {
      return static_cast<float>(fit.effective_half_life_s() / kHour + 1e-3 * samples.values[0]);
    };
    const auto maps = fit_voxels(series, kLambdaLu177, options);
    ASSERT_TRUE(maps.curve_figure);
    for (std::size_t v = 0; v < kGrid.voxel_count(); ++v) {
      if (!mask[v]) {
        ASSERT_EQ((*maps.curve_figure)[v], 0.0f) << v;
        continue;
      }
      const float expected = static_cast<float>(maps.effective_half_life_h[v] + 1e-3 * series.image(0)[v]);
      ASSERT_NEAR((*maps.curve_figure)[v], expected, 1e-5 * expected) << v << (mono ? " mono" : " auto");
    }
  }
}

TEST(VoxelFit, BlockedMonoFitEqualsFitCurveVoxelByVoxel) {
  const Grid grid({13, 7, 5}, Vector3::Constant(4.8));
  const std::vector<std::vector<double>> time_sets{
      {4, 24, 96}, {4, 24, 96, 168}, {1, 4, 24, 96, 168}, {1, 4, 24, 48, 96, 168}, {0.5, 1, 4, 24, 48, 72, 96, 168}};
  Volume<std::uint8_t> mask(grid, 1);
  for (std::size_t v = 0; v < mask.size(); v += 17) mask[v] = 0;
  const auto relative = [](double a, double b) { return std::abs(a - b) / std::max(std::abs(b), 1e-300); };
  for (const auto& times_h : time_sets) {
    const std::vector<double> times = hours_to_seconds(times_h);
    std::mt19937 generator(static_cast<unsigned>(times.size()));
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::normal_distribution<double> normal;
    std::vector<Volume<float>> images(times.size(), Volume<float>(grid));
    for (std::size_t v = 0; v < grid.voxel_count(); ++v) {
      const double amplitude = std::pow(10.0, 1 + 4 * uniform(generator));
      const double lambda = kLambdaLu177 + kLn2 / ((10 + 300 * uniform(generator)) * kHour);
      const double kappa = kLn2 / ((1 + 20 * uniform(generator)) * kHour);
      const int single = static_cast<int>(uniform(generator) * static_cast<double>(times.size()));
      for (std::size_t i = 0; i < times.size(); ++i) {
        const double mono = amplitude * std::exp(-lambda * times[i]);
        const double noise = std::sqrt(mono) * normal(generator);
        double value = 0;
        switch (v % 10) {
          case 0:
            value = mono + noise;
            break;
          case 1:
            value = mono * (1 - std::exp(-kappa * times[i])) + noise;
            break;
          case 2:
            value = 0;
            break;
          case 3:
            value = i == 1 ? -std::abs(noise) - 1 : mono + noise;
            break;
          case 4:
            value = amplitude;
            break;
          case 5:
            value = amplitude * (1 + 0.1 * static_cast<double>(i));
            break;
          case 6:
            value = amplitude * uniform(generator);
            break;
          case 7:
            value = static_cast<int>(i) == single ? amplitude : 0.0;
            break;
          case 8:
            value = mono;
            break;
          default:
            value = 1e-30 * (mono + noise);
            break;
        }
        images[i][v] = static_cast<float>(value);
      }
    }
    const ImageSeries series(std::move(images), times, SampleUnit::BqPerVoxel, DecayCorrection::None);
    for (const Weighting weighting : {Weighting::Poisson, Weighting::Uniform}) {
      for (const std::optional<Model> model : {std::optional<Model>(Model::MonoExponential), std::optional<Model>()}) {
        SCOPED_TRACE(std::to_string(times.size()) + " time points, " + (model ? "mono" : "auto") +
                     (weighting == Weighting::Poisson ? ", Poisson" : ", uniform"));
        VoxelFitOptions options;
        options.fit.model = model;
        options.fit.weighting = weighting;
        options.mask = &mask;
        options.threads = 2;
        if (times.size() == 4 && !model) options.predict_lambdas_phys_per_s = {kLambdaPb212};  // the per-curve path too
        const auto maps = fit_voxels(series, kLambdaLu177, options);
        VoxelFitSummary expected;
        for (std::size_t v = 0; v < grid.voxel_count(); ++v) {
          if (!mask[v]) {
            ASSERT_EQ(maps.status[v], static_cast<std::uint8_t>(FitStatus::Masked));
            continue;
          }
          std::vector<double> values;
          for (std::size_t i = 0; i < times.size(); ++i) values.push_back(series.image(i)[v]);
          const Samples samples{times, values, {}};
          const FitResult r = fit_curve(samples, kLambdaLu177, options.fit);
          ++expected.by_status[static_cast<std::size_t>(r.status)];
          ASSERT_EQ(maps.status[v], static_cast<std::uint8_t>(r.status)) << "voxel " << v;
          if (r.status == FitStatus::Zero) {
            ASSERT_EQ(maps.integral[v], 0.0f);
            continue;
          }
          ASSERT_EQ(maps.model[v], static_cast<std::uint8_t>(r.model)) << "voxel " << v;
          ASSERT_LE(relative(maps.integral[v], r.integral), 1e-6) << "voxel " << v;
          ASSERT_LE(relative(maps.effective_half_life_h[v], r.effective_half_life_s() / kHour), 1e-6) << "voxel " << v;
          ASSERT_NEAR(maps.r_squared[v], r.r_squared, 1e-6) << "voxel " << v;
          if (r.integral_se == 0) {
            ASSERT_EQ(maps.integral_se[v], 0.0f) << "voxel " << v;
          } else {
            ASSERT_LE(relative(maps.integral_se[v], r.integral_se), 1e-4) << "voxel " << v;
          }
          if (r.model == Model::MonoExponential) {  // what fit_curve took is fit_model's fit
            const FitResult m = fit_model(Model::MonoExponential, samples, kLambdaLu177, options.fit);
            ASSERT_LE(relative(maps.integral[v], m.integral), 1e-6) << "voxel " << v;
            ASSERT_LE(relative(maps.integral_se[v], m.integral_se), 1e-4) << "voxel " << v;
          }
          if (!options.predict_lambdas_phys_per_s.empty()) {
            ASSERT_LE(relative(maps.predicted_integrals.front()[v],
                               predict_integral(r, samples, kLambdaLu177, options.predict_lambdas_phys_per_s.front())),
                      1e-6)
                << "voxel " << v;
          }
        }
        EXPECT_EQ(maps.summary.by_status, expected.by_status);
        if (model) {  // the kinds of curve meant to be fitted are
          EXPECT_GT(maps.summary.by_status[static_cast<std::size_t>(FitStatus::Fitted)], grid.voxel_count() / 5);
        }
      }
    }
  }
}

// The batch kernel behind fit_voxels (src/timeactivity/mono_fit.hpp) on every instruction set this CPU runs
// (SSE2, AVX2, AVX-512F): on random noisy curves of 3 to 9 samples, both weightings, every curve has fit_model's
// status and iteration count, its TIA within 1e-6 and standard error within 1e-4 (relative). In the default
// x86-64 build (fit_model's Eigen in SSE2 packets, no fused multiply-add) the kernel mirrors fit_model operation by
// operation, and the TIA, standard error and iterations are the same bits (and R² up to 6 samples; beyond, Eigen's
// sum of the weights depends on the alignment of fit_model's stack).
TEST(MonoBatch, EveryInstructionSetEqualsFitModel) {
#if defined(__x86_64__) && !defined(__AVX__) && !defined(__FMA__)
  constexpr bool kBitwise = true;
#else
  constexpr bool kBitwise = false;
#endif
  using detail::MonoBatch;
  const auto relative = [](double a, double b) { return std::abs(a - b) / std::max(std::abs(b), 1e-300); };
  for (const std::vector<double>& times_h : std::vector<std::vector<double>>{{4, 24, 96},
                                                                             {4, 24, 96, 168},
                                                                             {1, 4, 24, 96, 168},
                                                                             {1, 4, 24, 48, 96, 168},
                                                                             {1, 4, 24, 48, 72, 96, 168},
                                                                             {0.5, 1, 2, 4, 24, 48, 72, 96, 168}}) {
    const std::size_t n = times_h.size();
    const std::vector<double> times = hours_to_seconds(times_h);
    std::vector<double> fit_times_h;  // as fit_voxels gives them
    for (const double t : times) fit_times_h.push_back(t / kHour);
    std::mt19937 generator(static_cast<unsigned>(7 * n));
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::normal_distribution<double> normal;
    constexpr int kCurves = 300;
    std::vector<std::vector<double>> curves;
    for (int c = 0; c < kCurves; ++c) {
      const double amplitude = std::pow(10.0, 1 + 4 * uniform(generator));
      const double lambda = kLambdaLu177 + kLn2 / ((10 + 300 * uniform(generator)) * kHour);
      const double kappa = kLn2 / ((1 + 20 * uniform(generator)) * kHour);
      std::vector<double> values;
      for (const double t : times) {
        double value = amplitude * std::exp(-lambda * t);
        if (c % 3 == 1) value *= 1 - std::exp(-kappa * t);  // uptake: often not acceptable
        if (c % 5 != 4) value += std::sqrt(value) * normal(generator);
        values.push_back(static_cast<float>(std::max(value, 0.0)) + (c % 7 == 6 ? -0.5 : 0.0));
      }
      values[0] = std::max(values[0], 1.0);  // a positive sample
      curves.push_back(values);
    }
    for (const Weighting weighting : {Weighting::Poisson, Weighting::Uniform}) {
      FitOptions options;
      options.model = Model::MonoExponential;
      options.weighting = weighting;
      for (const char* instruction_set : MonoBatch::instruction_sets()) {
        SCOPED_TRACE(std::string(instruction_set) + ", " + std::to_string(n) + " samples");
        MonoBatch batch(static_cast<int>(n), fit_times_h.data(), kLambdaLu177 * kHour);
        for (int first = 0; first < kCurves; first += MonoBatch::kCapacity) {
          const int count = std::min(MonoBatch::kCapacity, kCurves - first);
          for (int k = 0; k < count; ++k)
            for (std::size_t i = 0; i < n; ++i) batch.value(static_cast<int>(i), k) = curves[first + k][i];
          batch.fit_with(instruction_set, count, options);
          for (int k = 0; k < count; ++k) {
            const FitResult reference =
                fit_model(Model::MonoExponential, {times, curves[first + k], {}}, kLambdaLu177, options);
            const FitResult fast = batch.result(k);
            const double tia = batch.integral(k) * kHour, se = batch.integral_se(k) * kHour;
            ASSERT_EQ(fast.status, reference.status) << "curve " << first + k;
            ASSERT_EQ(fast.iterations, reference.iterations) << "curve " << first + k;
            ASSERT_LE(relative(tia, reference.integral), 1e-6) << "curve " << first + k;
            if (std::isfinite(reference.integral_se)) {
              ASSERT_LE(relative(se, reference.integral_se), 1e-4) << "curve " << first + k;
            } else {
              ASSERT_FALSE(std::isfinite(se)) << "curve " << first + k;
            }
            if (kBitwise) {
              ASSERT_EQ(tia, reference.integral) << "curve " << first + k;
              ASSERT_TRUE(se == reference.integral_se || (std::isnan(se) && std::isnan(reference.integral_se)))
                  << "curve " << first + k;
              if (n <= 6) {
                ASSERT_EQ(batch.r_squared(k), reference.r_squared) << "curve " << first + k;
              }
            }
          }
        }
      }
    }
  }
}

TEST(ImageSeries, RejectsBadSeriesWithClearMessages) {
  const Volume<float> image(kGrid, 1.0f);
  const auto make = [&](std::vector<double> times_h) {
    std::vector<Volume<float>> images(times_h.size(), image);
    return ImageSeries(std::move(images), hours_to_seconds(times_h), SampleUnit::BqPerVoxel, DecayCorrection::None);
  };
  EXPECT_THAT(
      [&] {
        make({24, 4});
      },
      ::testing::ThrowsMessage<InvalidInput>(::testing::HasSubstr("time point 2 (4 h) is earlier than")));
  EXPECT_THAT([&] { make({4, 4}); }, ::testing::ThrowsMessage<InvalidInput>(::testing::HasSubstr("same time")));
  EXPECT_THROW(make({-1, 4}), InvalidInput);
  EXPECT_THROW(make({}), InvalidInput);
  std::vector<Volume<float>> mismatched{image, Volume<float>(Grid({6, 5, 3}, Vector3(4.8, 4.8, 4.8)), 1.0f)};
  EXPECT_THROW(ImageSeries(mismatched, hours_to_seconds({4, 24}), SampleUnit::BqPerVoxel, DecayCorrection::None),
               InvalidInput);
  Volume<float> nan_image = image;
  nan_image[3] = std::nanf("");
  EXPECT_THAT(
      [&] {
        ImageSeries({image, nan_image}, hours_to_seconds({4, 24}), SampleUnit::BqPerVoxel, DecayCorrection::None);
      },
      ::testing::ThrowsMessage<InvalidInput>(::testing::HasSubstr("the image of time point 2 has 1 NaN")));
  // One time point: a fit needs a single-time-point method instead.
  EXPECT_THAT([&] { fit_voxels(make({24}), kLambdaLu177); },
              ::testing::ThrowsMessage<InvalidInput>(::testing::HasSubstr("single-time-point")));
  EXPECT_THROW(parse_unit("kBq"), InvalidInput);
  // A 3-parameter model on 3 time points is refused up front.
  VoxelFitOptions uptake;
  uptake.fit.model = Model::BiExponentialUptake;
  EXPECT_THAT(
      [&] {
        fit_voxels(make({4, 24, 96}), kLambdaLu177, uptake);
      },
      ::testing::ThrowsMessage<InvalidInput>(::testing::HasSubstr("needs at least 4 time points")));
}

TEST(VoiFit, SumsLabelsAndReportsResidenceTime) {
  Volume<std::int32_t> labels(kGrid, 0);
  for (std::size_t v = 0; v < 10; ++v) labels[v] = 3;
  for (std::size_t v = 10; v < 20; ++v) labels[v] = 7;
  // A uniform mono-exponential everywhere, so that each VOI's sum is mono-exponential too.
  std::vector<Volume<float>> images;
  for (const double t : kTimes) images.emplace_back(kGrid, static_cast<float>(100.0 * std::exp(-lambda_of(0) * t)));
  const ImageSeries series(std::move(images), kTimes, SampleUnit::BqPerVoxel, DecayCorrection::None);
  VoiFitOptions options;
  options.administered_activity_Bq = 7.4e9;
  const auto vois = fit_vois(series, labels, kLambdaLu177, options);
  ASSERT_EQ(vois.size(), 2u);
  EXPECT_EQ(vois[0].label, 3);
  EXPECT_EQ(vois[1].voxels, 10u);
  EXPECT_NEAR(vois[0].volume_ml, 10 * kGrid.voxel_volume_ml(), 1e-9);
  const double tia = 10 * 100.0 / lambda_of(0);
  EXPECT_NEAR(vois[0].fit.integral / tia, 1.0, 1e-5);
  EXPECT_NEAR(*vois[0].residence_time_h, tia / 7.4e9 / kHour, 1e-6 * tia / 7.4e9 / kHour);
  EXPECT_EQ(vois[0].fit.status, FitStatus::Fitted);
  options.aggregate = VoiAggregate::Mean;
  EXPECT_NEAR(fit_vois(series, labels, kLambdaLu177, options)[1].fit.integral / (tia / 10), 1.0, 1e-5);
  EXPECT_THROW(fit_vois(series, Volume<std::int32_t>(Grid({2, 2, 2}, Vector3::Constant(4.8))), kLambdaLu177),
               InvalidInput);
}

}  // namespace
}  // namespace rptdose::timeactivity
