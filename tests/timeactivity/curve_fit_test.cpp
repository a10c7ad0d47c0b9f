#include "rptdose/timeactivity/curve_fit.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"

namespace rptdose::timeactivity {
namespace {

constexpr double kHour = units::kSecondsPerHour;
const double kLambdaLu177 = std::log(2.0) / (6.647 * units::kSecondsPerDay);  // ICRP 107: 6.647 d
const double kLn2 = std::log(2.0);

/// Rate (1/s) of a biological half-life in hours.
double bio(double half_life_h) {
  return kLn2 / (half_life_h * kHour);
}

std::vector<double> hours(std::initializer_list<double> h) {
  std::vector<double> s;
  for (const double v : h) s.push_back(v * kHour);
  return s;
}

std::vector<double> sample(Model model, const Parameters& p, const std::vector<double>& times) {
  std::vector<double> values;
  for (const double t : times) values.push_back(evaluate(model, p, kLambdaLu177, t));
  return values;
}

const Parameters kMono{1e6, bio(100)};
const Parameters kUptake{1.2e6, bio(80), kLn2 / (3 * kHour)};
const Parameters kWashout{6e5, bio(6), 6e5, bio(150)};

TEST(CurveFit, NoiseFreeCurvesAreRecoveredExactly) {
  struct Case {
    Model model;
    Parameters p;
    std::vector<double> times;
  };
  const Case cases[] = {
      {Model::MonoExponential, kMono, hours({4, 24, 96, 168})},
      {Model::BiExponentialUptake, kUptake, hours({4, 24, 96, 168})},
      {Model::BiExponentialWashout, kWashout, hours({1, 4, 24, 48, 96, 168})},
      {Model::TriExponential, {6e5, bio(6), 6e5, bio(150), kLn2 / (0.5 * kHour)}, hours({0.5, 1, 4, 24, 48, 96, 168})}};
  for (const Case& c : cases) {
    SCOPED_TRACE(model_name(c.model));
    const auto values = sample(c.model, c.p, c.times);
    FitOptions options;
    options.model = c.model;
    const FitResult r = fit_curve({c.times, values, {}}, kLambdaLu177, options);
    EXPECT_EQ(r.status, FitStatus::Fitted);
    EXPECT_NEAR(r.integral / integral(c.model, c.p, kLambdaLu177), 1.0, 1e-5);
    EXPECT_GT(r.r_squared, 0.999999);
  }
}

TEST(CurveFit, AutomaticSelectionFollowsTheData) {
  // 4 time points with an uptake phase: a mono-exponential cannot follow it (R² < 0.9); the 3-parameter uptake
  // model (AICc undefined at n = 4) is taken.
  const auto t4 = hours({1, 24, 96, 168});
  const Parameters slow_uptake{1.2e6, bio(80), kLn2 / (12 * kHour)};
  auto r = fit_curve({t4, sample(Model::BiExponentialUptake, slow_uptake, t4), {}}, kLambdaLu177);
  EXPECT_EQ(r.model, Model::BiExponentialUptake);
  // A clean mono-exponential stays mono-exponential at 5 points (AICc penalises the extra parameter).
  const auto t5 = hours({4, 24, 48, 96, 168});
  auto mono_values = sample(Model::MonoExponential, kMono, t5);
  mono_values[2] *= 1.01;  // a little noise, so that no model fits exactly
  r = fit_curve({t5, mono_values, {}}, kLambdaLu177);
  EXPECT_EQ(r.model, Model::MonoExponential);
  // Two clear washout phases at 7 points, with ±1 % noise (noise-free data would let every richer model fit
  // exactly, which AICc cannot rank).
  const auto t7 = hours({0.5, 2, 4, 24, 48, 96, 168});
  auto washout_values = sample(Model::BiExponentialWashout, kWashout, t7);
  for (std::size_t i = 0; i < washout_values.size(); ++i) washout_values[i] *= i % 2 ? 1.01 : 0.99;
  r = fit_curve({t7, washout_values, {}}, kLambdaLu177);
  EXPECT_EQ(r.model, Model::BiExponentialWashout);
  EXPECT_NEAR(r.integral / integral(Model::BiExponentialWashout, kWashout, kLambdaLu177), 1.0, 0.02);
}

// Poisson counts (peak ~1000 counts: a 4.8 mm voxel of a 177Lu SPECT at 24 h is hundreds to thousands) at the
// clinical 4, 24, 96, 168 h: the TIA is unbiased within 2 % (2000 noise draws), and its standard error from the
// covariance matches the scatter of the estimates over the draws within 15 %.
TEST(CurveFit, NoisyFourTimePointFitsAreUnbiasedWithHonestErrors) {
  const auto times = hours({4, 24, 96, 168});
  struct Case {
    Model model;
    Parameters p;
  };
  for (const Case c : {Case{Model::MonoExponential, kMono}, Case{Model::BiExponentialUptake, kUptake}}) {
    SCOPED_TRACE(model_name(c.model));
    const auto truth = sample(c.model, c.p, times);
    const double peak = *std::max_element(truth.begin(), truth.end());
    const double counts_per_Bq = 1000.0 / peak;
    std::mt19937 generator(42);
    FitOptions options;
    options.model = c.model;
    std::vector<double> tia, se;
    for (int draw = 0; draw < 2000; ++draw) {
      std::vector<double> noisy;
      for (const double v : truth)
        noisy.push_back(std::poisson_distribution<long>(v * counts_per_Bq)(generator) / counts_per_Bq);
      const FitResult r = fit_curve({times, noisy, {}}, kLambdaLu177, options);
      if (r.status != FitStatus::Fitted) continue;
      tia.push_back(r.integral);
      se.push_back(r.integral_se);
    }
    ASSERT_GT(tia.size(), 1900u);  // nearly every draw fits
    double mean = 0, mean_square_se = 0;
    for (std::size_t i = 0; i < tia.size(); ++i) {
      mean += tia[i] / tia.size();
      mean_square_se += se[i] * se[i] / se.size();
    }
    double variance = 0;
    for (const double v : tia) variance += (v - mean) * (v - mean) / (tia.size() - 1);
    EXPECT_NEAR(mean / integral(c.model, c.p, kLambdaLu177), 1.0, 0.02);
    EXPECT_NEAR(std::sqrt(mean_square_se / variance), 1.0, 0.15);
  }
}

TEST(CurveFit, TrapezoidMatchesTheHandCalculation) {
  // 0 → 10 at 2 h (uptake segment: 10 Bq·h), 10 → 6 over 2..12 h (80 Bq·h), tail from 6 with the faster of the
  // physical decay and the last two samples' exponential (ln(10/6)/10 h): 6/0.05108 = 117.45 Bq·h.
  const auto times = hours({2, 12});
  const std::vector<double> values{10, 6};
  const FitResult r = integrate_trapezoid({times, values, {}}, kLambdaLu177);
  const double tail_lambda_per_h = std::log(10.0 / 6.0) / 10.0;
  EXPECT_NEAR(r.integral / kHour, 10 + 80 + 6 / tail_lambda_per_h, 1e-9);
  TrapezoidOptions flat;
  flat.head = TrapezoidOptions::Head::FirstValue;
  flat.exponential_tail = false;
  const double lambda_per_h = kLambdaLu177 * kHour;
  EXPECT_NEAR(integrate_trapezoid({times, values, {}}, kLambdaLu177, flat).integral / kHour, 20 + 80 + 6 / lambda_per_h,
              1e-9);
}

TEST(CurveFit, DegenerateCurves) {
  const auto times = hours({4, 24, 96, 168});
  // No positive sample: integral 0, status Zero.
  const std::vector<double> zeros{0, -1, 0, 0};
  const FitResult zero = fit_curve({times, zeros, {}}, kLambdaLu177);
  EXPECT_EQ(zero.status, FitStatus::Zero);
  EXPECT_EQ(zero.integral, 0.0);
  EXPECT_EQ(zero.negative_samples, 1);
  // Garbage that no exponential follows falls back to the trapezoid, and says so.
  const std::vector<double> zigzag{100, 1, 100, 1};
  const FitResult fallback = fit_curve({times, zigzag, {}}, kLambdaLu177);
  EXPECT_EQ(fallback.status, FitStatus::Fallback);
  EXPECT_EQ(fallback.model, Model::Trapezoid);
  // Two points: no fit has a spare degree of freedom; the trapezoid is used.
  const auto two = hours({24, 96});
  const std::vector<double> two_values{5, 3};
  EXPECT_EQ(fit_curve({two, two_values, {}}, kLambdaLu177).status, FitStatus::Trapezoid);
  // Never a 3-parameter fit on 3 points.
  FitOptions uptake;
  uptake.model = Model::BiExponentialUptake;
  const auto three = hours({4, 24, 96});
  const std::vector<double> three_values{5, 6, 3};
  EXPECT_THROW(fit_model(Model::BiExponentialUptake, {three, three_values, {}}, kLambdaLu177, uptake), InvalidInput);
  EXPECT_THROW(fit_curve({times, zigzag, {}}, -1.0), InvalidInput);
}

}  // namespace
}  // namespace rptdose::timeactivity
