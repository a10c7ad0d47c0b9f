#include "rptdose/timeactivity/models.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "rptdose/core/error.hpp"

namespace rptdose::timeactivity {

namespace {

// Smallest uptake separation κ (1/s): 1e-12/s is a rate of ~30000 years, i.e. "no separation" without dividing
// by zero.
constexpr double kMinRate_per_s = 1e-12;

// Terms of the form a·e^{−λ t} with λ = λ_phys + μ, accumulated with their derivatives.
double exp_term(double amplitude, double lambda, double t, double* d_amplitude, double* d_mu) {
  const double e = std::exp(-lambda * t);
  if (d_amplitude) *d_amplitude += e;
  if (d_mu) *d_mu += -amplitude * t * e;
  return amplitude * e;
}

}  // namespace

std::string_view model_name(Model model) {
  return enum_name(kModelNames, model);
}

Model parse_model(std::string_view name) {
  if (const auto model = find_enum(kModelNames, name)) return *model;
  throw InvalidInput("unknown time-activity model '" + std::string(name) + "': use " + enum_names_list(kModelNames) +
                     " or " + std::string(kAutomaticModelName));
}

std::optional<Model> parse_model_choice(std::string_view name) {
  if (name == kAutomaticModelName) return std::nullopt;
  return parse_model(name);
}

std::string_view model_choice_name(const std::optional<Model>& model) {
  return model ? model_name(*model) : kAutomaticModelName;
}

int parameter_count(Model model) {
  switch (model) {
    case Model::MonoExponential:
      return 2;
    case Model::BiExponentialUptake:
      return 3;
    case Model::BiExponentialWashout:
      return 4;
    case Model::TriExponential:
      return 5;
    case Model::Trapezoid:
      return 0;
  }
  return 0;
}

double evaluate(Model model, const Parameters& p, double lp, double t, double* g) {
  if (g) std::fill(g, g + parameter_count(model), 0.0);
  switch (model) {
    case Model::MonoExponential:
      return exp_term(p[0], lp + p[1], t, g ? &g[0] : nullptr, g ? &g[1] : nullptr);
    case Model::BiExponentialUptake: {
      // A0·e^{−λ1 t}·(1 − e^{−κ t})
      const double l1 = lp + p[1];
      const double e1 = std::exp(-l1 * t), ek = std::exp(-p[2] * t);
      if (g) {
        g[0] = e1 * (1.0 - ek);
        g[1] = -p[0] * t * e1 * (1.0 - ek);
        g[2] = p[0] * e1 * t * ek;
      }
      return p[0] * e1 * (1.0 - ek);
    }
    case Model::BiExponentialWashout:
      return exp_term(p[0], lp + p[1], t, g ? &g[0] : nullptr, g ? &g[1] : nullptr) +
             exp_term(p[2], lp + p[3], t, g ? &g[2] : nullptr, g ? &g[3] : nullptr);
    case Model::TriExponential: {
      const double e3 = std::exp(-(lp + p[4]) * t);
      double value = exp_term(p[0], lp + p[1], t, g ? &g[0] : nullptr, g ? &g[1] : nullptr) +
                     exp_term(p[2], lp + p[3], t, g ? &g[2] : nullptr, g ? &g[3] : nullptr);
      value -= (p[0] + p[2]) * e3;
      if (g) {
        g[0] -= e3;
        g[2] -= e3;
        g[4] = (p[0] + p[2]) * t * e3;
      }
      return value;
    }
    case Model::Trapezoid:
      break;
  }
  throw InvalidInput("evaluate: the trapezoid is not a parametric model");
}

double integral(Model model, const Parameters& p, double lp, double* g) {
  switch (model) {
    case Model::MonoExponential: {
      const double l1 = lp + p[1];
      if (g) {
        g[0] = 1.0 / l1;
        g[1] = -p[0] / (l1 * l1);
      }
      return p[0] / l1;
    }
    case Model::BiExponentialUptake: {
      const double l1 = lp + p[1], l2 = l1 + p[2];
      if (g) {
        g[0] = 1.0 / l1 - 1.0 / l2;
        g[1] = p[0] * (-1.0 / (l1 * l1) + 1.0 / (l2 * l2));
        g[2] = p[0] / (l2 * l2);
      }
      return p[0] * (1.0 / l1 - 1.0 / l2);
    }
    case Model::BiExponentialWashout: {
      const double l1 = lp + p[1], l2 = lp + p[3];
      if (g) {
        g[0] = 1.0 / l1;
        g[1] = -p[0] / (l1 * l1);
        g[2] = 1.0 / l2;
        g[3] = -p[2] / (l2 * l2);
      }
      return p[0] / l1 + p[2] / l2;
    }
    case Model::TriExponential: {
      const double l1 = lp + p[1], l2 = lp + p[3], l3 = lp + p[4];
      if (g) {
        g[0] = 1.0 / l1 - 1.0 / l3;
        g[1] = -p[0] / (l1 * l1);
        g[2] = 1.0 / l2 - 1.0 / l3;
        g[3] = -p[2] / (l2 * l2);
        g[4] = (p[0] + p[2]) / (l3 * l3);
      }
      return p[0] / l1 + p[2] / l2 - (p[0] + p[2]) / l3;
    }
    case Model::Trapezoid:
      break;
  }
  throw InvalidInput("integral: the trapezoid is not a parametric model");
}

double terminal_decay_constant(Model model, const Parameters& p, double lp) {
  switch (model) {
    case Model::MonoExponential:
    case Model::BiExponentialUptake:
      return lp + p[1];
    case Model::BiExponentialWashout:
    case Model::TriExponential:
      // The slower washout among those with a non-zero amplitude.
      if (p[0] <= 0.0) return lp + p[3];
      if (p[2] <= 0.0) return lp + p[1];
      return lp + std::min(p[1], p[3]);
    case Model::Trapezoid:
      break;
  }
  return lp;
}

double lower_bound(Model model, int index) {
  return model == Model::BiExponentialUptake && index == 2 ? kMinRate_per_s : 0.0;
}

void project_to_bounds(Model model, Parameters& p) {
  for (int i = 0; i < parameter_count(model); ++i) p[i] = std::max(p[i], lower_bound(model, i));
}

bool is_valid(Model model, const Parameters& p) {
  for (int i = 0; i < parameter_count(model); ++i)
    if (!std::isfinite(p[i])) return false;
  if (model == Model::TriExponential) return p[4] > p[1] && p[4] > p[3];
  return true;
}

}  // namespace rptdose::timeactivity
