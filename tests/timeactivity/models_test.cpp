#include "rptdose/timeactivity/models.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "rptdose/core/error.hpp"

namespace rptdose::timeactivity {
namespace {

constexpr double kLambdaLu177 = 0.6931471805599453 / (6.647 * 86400);  // 1/s

struct Case {
  Model model;
  Parameters p;
};

// Rates in 1/s: biological half-lives of hours to days.
const Case kCases[] = {
    {Model::MonoExponential, {5e6, 2e-6}},
    {Model::BiExponentialUptake, {5e6, 1e-6, 3e-5}},
    {Model::BiExponentialWashout, {3e6, 4e-5, 2e6, 5e-7}},
    {Model::TriExponential, {3e6, 4e-5, 2e6, 5e-7, 2e-4}},
};

// ∫_0^∞ by Simpson's rule in u = ln(1 + t/τ) (dense near 0, reaching t ≈ 10⁸ s): an independent check of the
// closed forms.
double numeric_integral(const Case& c) {
  const double tau = 3600.0;
  const double u_max = std::log(1.0 + 2e8 / tau);
  const int steps = 200000;
  const double h = u_max / steps;
  double sum = 0;
  for (int i = 0; i <= steps; ++i) {
    const double u = i * h, t = tau * (std::exp(u) - 1.0), dt_du = tau * std::exp(u);
    const double f = evaluate(c.model, c.p, kLambdaLu177, t) * dt_du;
    sum += f * (i == 0 || i == steps ? 1 : (i % 2 ? 4 : 2));
  }
  return sum * h / 3;
}

TEST(TimeActivityModels, ClosedFormIntegralsMatchNumericalIntegration) {
  for (const Case& c : kCases) {
    SCOPED_TRACE(model_name(c.model));
    EXPECT_NEAR(integral(c.model, c.p, kLambdaLu177) / numeric_integral(c), 1.0, 1e-7);
  }
}

TEST(TimeActivityModels, DerivativesMatchFiniteDifferences) {
  for (const Case& c : kCases) {
    SCOPED_TRACE(model_name(c.model));
    double g[kMaxParameters], gi[kMaxParameters];
    const double t = 30 * 3600.0;
    evaluate(c.model, c.p, kLambdaLu177, t, g);
    integral(c.model, c.p, kLambdaLu177, gi);
    for (int i = 0; i < parameter_count(c.model); ++i) {
      Parameters up = c.p, down = c.p;
      const double h = 1e-4 * std::abs(c.p[i]);  // central differences: error O(h²), rounding ~1e-12/h
      up[i] += h;
      down[i] -= h;
      const double fd = (evaluate(c.model, up, kLambdaLu177, t) - evaluate(c.model, down, kLambdaLu177, t)) / (2 * h);
      EXPECT_NEAR(g[i], fd, 1e-5 * std::abs(fd) + 1e-12) << "parameter " << i;
      const double fdi = (integral(c.model, up, kLambdaLu177) - integral(c.model, down, kLambdaLu177)) / (2 * h);
      EXPECT_NEAR(gi[i], fdi, 1e-5 * std::abs(fdi)) << "parameter " << i;
    }
  }
}

TEST(TimeActivityModels, EffectiveDecayIsBoundedByPhysicalDecay) {
  Parameters p{1e6, -3e-6};  // a negative biological rate would clear slower than physical decay
  project_to_bounds(Model::MonoExponential, p);
  EXPECT_EQ(p[1], 0.0);
  EXPECT_DOUBLE_EQ(terminal_decay_constant(Model::MonoExponential, p, kLambdaLu177), kLambdaLu177);
  // The slower washout is the terminal phase.
  EXPECT_DOUBLE_EQ(terminal_decay_constant(Model::BiExponentialWashout, kCases[2].p, kLambdaLu177),
                   kLambdaLu177 + 5e-7);
  EXPECT_FALSE(is_valid(Model::TriExponential, {1, 2e-5, 1, 1e-6, 1e-5}));  // uptake slower than a washout
}

TEST(TimeActivityModels, NamesRoundTrip) {
  for (const Model m : {Model::MonoExponential, Model::BiExponentialUptake, Model::BiExponentialWashout,
                        Model::TriExponential, Model::Trapezoid})
    EXPECT_EQ(parse_model(model_name(m)), m);
  EXPECT_EQ(parse_model("bi-uptake"), Model::BiExponentialUptake);
  EXPECT_THROW(parse_model("quadratic"), InvalidInput);
}

}  // namespace
}  // namespace rptdose::timeactivity
