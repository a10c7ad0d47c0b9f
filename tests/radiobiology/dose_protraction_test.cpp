#include "rptdose/radiobiology/dose_protraction.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"

namespace rptdose::radiobiology {
namespace {

constexpr double kHour = units::kSecondsPerHour;
const double kLn2 = std::log(2.0);
double rate(double half_life_h) {
  return kLn2 / (half_life_h * kHour);
}

// The quadrature is the independent reference for the closed forms: the double integral of the definition
// (Lea–Catcheside; Dale 1985), nested Gauss–Legendre. Integrated to 60 of the slowest half-lives (remainder
// e^{-41.6}) without an analytic tail, so the tail formula is not part of the check.
DoseRateIntegrals quadrature_of(const std::vector<ExponentialTerm>& terms, double mu) {
  double slowest = terms[0].decay_constant_per_s;
  for (const auto& t : terms) slowest = std::min(slowest, t.decay_constant_per_s);
  QuadratureOptions options;
  options.end_time_s = 60.0 * kLn2 / slowest;
  return integrate_dose_rate(
      [&](double t) {
        double r = 0;
        for (const auto& term : terms) r += term.amplitude * std::exp(-term.decay_constant_per_s * t);
        return r;
      },
      mu, options);
}

TEST(GFactor, MonoExponentialClosedFormMatchesQuadrature) {
  // 177Lu kidney-like kinetics (T_eff 50 h) and tumour-like (T_eff 100 h), repair 0.5-2.8 h. Tolerance 1e-6
  // relative as asked; the quadrature reaches ~1e-12.
  for (const double t_eff : {5.0, 50.0, 100.0}) {
    for (const double t_rep : {0.5, 1.5, 2.8}) {
      const double lambda = rate(t_eff), mu = rate(t_rep);
      const auto q = quadrature_of({{1.0, lambda}}, mu);
      EXPECT_NEAR(q.g_factor / g_factor_mono_exponential(lambda, mu), 1.0, 1e-6) << t_eff << " h, " << t_rep << " h";
      EXPECT_NEAR(q.dose * lambda, 1.0, 1e-9);
    }
  }
}

TEST(GFactor, MonoExponentialIsRepairTimeOverRepairPlusEffectiveTime) {
  // λ/(λ + μ) with λ = ln2/T_eff, μ = ln2/T_rep is T_rep/(T_rep + T_eff): 2.8/(2.8 + 50) = 0.0530303...
  EXPECT_NEAR(g_factor_mono_exponential(rate(50.0), rate(2.8)), 2.8 / 52.8, 1e-15);
}

TEST(GFactor, AnalyticTailAfterTheEndTimeMatchesTheClosedForm) {
  // Integrating e^{−λt} only to 100 h (2 half-lives) and adding the exponential tail in closed form must give the
  // full-range result: 1e-9 relative for G and the dose.
  const double lambda = rate(50.0), mu = rate(2.8);
  QuadratureOptions options;
  options.end_time_s = 100.0 * kHour;
  options.tail_decay_constant_per_s = lambda;
  const auto q = integrate_dose_rate([&](double t) { return std::exp(-lambda * t); }, mu, options);
  EXPECT_NEAR(q.g_factor / g_factor_mono_exponential(lambda, mu), 1.0, 1e-9);
  EXPECT_NEAR(q.dose * lambda, 1.0, 1e-9);
  // Without the tail the truncated curve has a different (smaller) dose: the test can fail.
  options.tail_decay_constant_per_s = 0.0;
  EXPECT_LT(integrate_dose_rate([&](double t) { return std::exp(-lambda * t); }, mu, options).dose * lambda, 0.8);
}

TEST(GFactor, BiExponentialUptakeClosedFormMatchesQuadrature) {
  // Uptake half-times from 0.5 h to 20 h (slower than repair and faster), 1e-6 relative.
  for (const double t_up : {0.5, 3.0, 20.0}) {
    const double lambda = rate(50.0), lambda_u = rate(t_up), mu = rate(2.8);
    const auto q = quadrature_of({{1.0, lambda}, {-1.0, lambda_u}}, mu);
    EXPECT_NEAR(q.g_factor / g_factor_bi_exponential_uptake(lambda, lambda_u, mu), 1.0, 1e-6) << t_up << " h";
  }
}

TEST(GFactor, BiExponentialUptakeClosedFormEqualsTheSumOfExponentialsForm) {
  const double lambda = rate(67.0), lambda_u = rate(4.0), mu = rate(1.5);
  const std::vector<ExponentialTerm> terms{{2.5, lambda}, {-2.5, lambda_u}};
  EXPECT_NEAR(g_factor_exponentials(terms, mu) / g_factor_bi_exponential_uptake(lambda, lambda_u, mu), 1.0, 1e-12);
}

TEST(GFactor, UptakeLowersGAndFastUptakeTendsToMonoExponential) {
  const double lambda = rate(50.0), mu = rate(2.8);
  EXPECT_LT(g_factor_bi_exponential_uptake(lambda, rate(3.0), mu), g_factor_mono_exponential(lambda, mu));
  EXPECT_NEAR(g_factor_bi_exponential_uptake(lambda, rate(1e-6), mu), g_factor_mono_exponential(lambda, mu), 1e-9);
  // The uptake half-time must be shorter than the effective half-life (the rising term decays faster).
  EXPECT_THROW(g_factor_bi_exponential_uptake(lambda, lambda, mu), InvalidInput);
  EXPECT_THROW(g_factor(Kinetics{5.0 * kHour, 6.0 * kHour}, 2.8 * kHour), InvalidInput);
}

TEST(GFactor, SumOfExponentialsMatchesQuadratureForWashoutAndTriExponentialCurves) {
  const double mu = rate(2.8);
  const std::vector<std::vector<ExponentialTerm>> curves = {
      {{3.0, rate(2.0)}, {1.0, rate(80.0)}},                      // fast + slow washout
      {{3.0, rate(10.0)}, {1.0, rate(90.0)}, {-4.0, rate(0.7)}},  // tri-exponential with uptake
  };
  for (const auto& terms : curves) {
    const auto q = quadrature_of(terms, mu);
    EXPECT_NEAR(q.g_factor / g_factor_exponentials(terms, mu), 1.0, 1e-6);
  }
}

TEST(GFactor, InstantaneousDeliveryTendsToOne) {
  // λ → ∞ (T_eff = 1e-6 h ≪ T_rep): G = λ/(λ + μ) → 1, also with an even faster uptake.
  EXPECT_NEAR(g_factor_mono_exponential(rate(1e-6), rate(2.8)), 1.0, 1e-6);
  EXPECT_NEAR(g_factor_bi_exponential_uptake(rate(1e-6), rate(1e-7), rate(2.8)), 1.0, 1e-6);
  // No repair at all (μ = 0) gives exactly 1 for any curve.
  EXPECT_DOUBLE_EQ(g_factor_exponentials(std::vector<ExponentialTerm>{{1.0, rate(5.0)}, {2.0, rate(60.0)}}, 0.0), 1.0);
}

TEST(GFactor, SlowDeliveryTendsToZero) {
  // λ → 0: G ≈ λ/μ → 0 (T_eff = 1e6 h, T_rep = 2.8 h: G = 2.8e-6).
  EXPECT_NEAR(g_factor_mono_exponential(rate(1e6), rate(2.8)), 2.8e-6, 1e-11);
  EXPECT_LT(g_factor_bi_exponential_uptake(rate(1e6), rate(10.0), rate(2.8)), 3e-6);
}

TEST(GFactor, IsIndependentOfTheDoseRateScale) {
  const double mu = rate(2.8);
  const std::vector<ExponentialTerm> a{{1.0, rate(5.0)}, {2.0, rate(60.0)}}, b{{7e3, rate(5.0)}, {14e3, rate(60.0)}};
  EXPECT_NEAR(g_factor_exponentials(a, mu), g_factor_exponentials(b, mu), 1e-15);
}

TEST(GFactor, ConstantDoseRateMatchesTheContinuousIrradiationFormula) {
  // A constant dose rate for T (tabulated: 0 and T, the first value held back to injection, no tail) has
  // G = 2(μT − 1 + e^{−μT})/(μT)² (Lea–Catcheside for continuous irradiation; Thames 1985). 1e-9 relative.
  const double mu = rate(1.5);
  for (const double hours : {0.1, 2.0, 30.0}) {
    const double T = hours * kHour, x = mu * T;
    const std::vector<double> times{0.0, T}, rates{3.0, 3.0};
    const auto q = integrate_tabulated_dose_rate(times, rates, mu, {false, 0.0});
    EXPECT_NEAR(q.g_factor / (2.0 * (x - 1.0 + std::exp(-x)) / (x * x)), 1.0, 1e-9) << hours << " h";
    EXPECT_NEAR(q.dose / (3.0 * T), 1.0, 1e-12);
  }
}

TEST(GFactor, ContinuousLowDoseRateTextbookExampleIsReproduced) {
  // Published teaching example (radiation-oncology notes, http://rtnotes.wikidot.com/radonc-biology, "Change from
  // LDR to HDR"): tumour α/β 10 Gy, μ = 0.46 1/h, 40 Gy at a constant 0.55 Gy/h gives BED
  // = D[1 + 2R/(μ·α/β)] = 49.6 Gy. That formula is the long-exposure limit G → 2/(μT) of the exact continuous-
  // irradiation G, which the quadrature reproduces; the exact finite-time BED (T = 72.7 h, μT = 33.5) is lower,
  // 49.28 Gy (G = 2(μT − 1 + e^{−μT})/(μT)² = 0.0580), 0.6 % below the printed limit value.
  const double mu = 0.46 / kHour, dose = 40.0, rate_Gy_per_h = 0.55, alpha_beta = 10.0;
  const double T = dose / rate_Gy_per_h * kHour;
  const std::vector<double> times{0.0, T}, rates{rate_Gy_per_h, rate_Gy_per_h};
  const auto q = integrate_tabulated_dose_rate(times, rates, mu, {false, 0.0});
  const double bed_exact = dose * (1.0 + q.g_factor * dose / alpha_beta);
  const double bed_long_exposure = dose * (1.0 + (2.0 / (mu * T)) * dose / alpha_beta);
  EXPECT_NEAR(bed_long_exposure, 49.6, 0.05);  // the printed value, to its 3 figures
  EXPECT_NEAR(bed_exact, 49.28, 0.005);
  EXPECT_LT(bed_exact, bed_long_exposure);  // the limit overestimates G for a finite exposure
}

TEST(GFactor, TabulatedSamplesOfAnExponentialApproachItsClosedForm) {
  // Dense samples of e^{−λt} joined by lines, with the exponential tail: the piecewise-linear curve differs from the
  // exponential by O(h²), so G agrees to ~1e-4 at 0.5 h spacing.
  const double lambda = rate(50.0), mu = rate(2.8);
  std::vector<double> times, rates;
  for (double t = 0.0; t <= 200.0; t += 0.5) {
    times.push_back(t * kHour);
    rates.push_back(std::exp(-lambda * t * kHour));
  }
  const auto q = integrate_tabulated_dose_rate(times, rates, mu, {false, lambda});
  EXPECT_NEAR(q.g_factor / g_factor_mono_exponential(lambda, mu), 1.0, 1e-4);
  EXPECT_NEAR(q.dose * lambda, 1.0, 1e-4);
}

TEST(GFactor, OfAFitUsesTheFittedModel) {
  const double lp = rate(6.647 * 24.0), mu = rate(2.8);
  timeactivity::FitResult fit;
  fit.status = timeactivity::FitStatus::Fitted;
  fit.model = timeactivity::Model::BiExponentialUptake;
  fit.parameters = {5e6, rate(100.0), rate(2.0)};  // A0, μ1, κ
  const double lambda = lp + rate(100.0);
  EXPECT_NEAR(g_factor_of_fit(fit, lp, mu), g_factor_bi_exponential_uptake(lambda, lambda + rate(2.0), mu), 1e-15);

  fit.model = timeactivity::Model::Trapezoid;
  fit.status = timeactivity::FitStatus::Trapezoid;
  fit.terminal_decay_constant_per_s = lp;
  EXPECT_THROW(g_factor_of_fit(fit, lp, mu), InvalidInput);  // needs the samples
  const std::vector<double> t{4 * kHour, 24 * kHour, 96 * kHour}, a{3.0, 2.5, 1.0};
  const timeactivity::Samples samples{t, a, {}};
  const double g = g_factor_of_fit(fit, lp, mu, &samples);
  EXPECT_GT(g, 0.0);
  EXPECT_LT(g, 1.0);
  fit.status = timeactivity::FitStatus::Zero;
  EXPECT_THROW(g_factor_of_fit(fit, lp, mu, &samples), InvalidInput);
}

TEST(GFactor, KineticsUseUptakeOnlyWhenGiven) {
  const Kinetics mono{50.0 * kHour, std::nullopt}, uptake{50.0 * kHour, 3.0 * kHour};
  EXPECT_DOUBLE_EQ(g_factor(mono, 2.8 * kHour), g_factor_mono_exponential(rate(50.0), rate(2.8)));
  EXPECT_DOUBLE_EQ(g_factor(uptake, 2.8 * kHour), g_factor_bi_exponential_uptake(rate(50.0), rate(3.0), rate(2.8)));
}

TEST(GFactor, RejectsBadInputWithMessagesSayingWhatToFix) {
  EXPECT_THROW(g_factor_mono_exponential(0.0, 1e-4), InvalidInput);
  EXPECT_THROW(g_factor_mono_exponential(NAN, 1e-4), InvalidInput);
  EXPECT_THROW(g_factor_mono_exponential(1e-5, -1.0), InvalidInput);
  EXPECT_THROW(g_factor_bi_exponential_uptake(1e-5, 0.0, 1e-4), InvalidInput);
  EXPECT_THROW(g_factor_exponentials({}, 1e-4), InvalidInput);
  EXPECT_THROW(g_factor_exponentials(std::vector<ExponentialTerm>{{-1.0, 1e-5}}, 1e-4), InvalidInput);
  EXPECT_THROW(repair_rate_per_s(0.0), InvalidInput);
  try {
    g_factor(Kinetics{-3.0, std::nullopt}, 2.8 * kHour);
    FAIL() << "negative effective half-life accepted";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("effective half-life"), std::string::npos) << e.what();
  }
  QuadratureOptions options;
  options.end_time_s = 10.0;
  EXPECT_THROW(integrate_dose_rate([](double) { return -1.0; }, 1e-4, options), InvalidInput);
  EXPECT_THROW(integrate_dose_rate([](double) { return 0.0; }, 1e-4, options), InvalidInput);
  const std::vector<double> unsorted{2.0, 1.0}, rates{1.0, 1.0};
  EXPECT_THROW(integrate_tabulated_dose_rate(unsorted, rates, 1e-4, {}), InvalidInput);
}

}  // namespace
}  // namespace rptdose::radiobiology
