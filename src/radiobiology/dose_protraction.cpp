#include "rptdose/radiobiology/dose_protraction.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "validation.hpp"

namespace rptdose::radiobiology {

namespace {

// 10-point Gauss–Legendre nodes and weights on [−1, 1] (numpy.polynomial.legendre.leggauss(10), 17 digits).
constexpr std::array<std::array<double, 2>, 10> kGaussLegendre10 = {{
    {-0.97390652851717174, 0.066671344308688069},
    {-0.86506336668898454, 0.14945134915058036},
    {-0.67940956829902444, 0.21908636251598201},
    {-0.43339539412924721, 0.26926671930999652},
    {-0.14887433898163122, 0.29552422471475298},
    {0.14887433898163122, 0.29552422471475298},
    {0.43339539412924721, 0.26926671930999652},
    {0.67940956829902444, 0.21908636251598201},
    {0.86506336668898454, 0.14945134915058036},
    {0.97390652851717174, 0.066671344308688069},
}};

void require_rate(double rate_per_s, const char* what, bool allow_zero) {
  if (!std::isfinite(rate_per_s) || rate_per_s < 0.0 || (!allow_zero && rate_per_s == 0.0))
    throw InvalidInput(std::string(what) + " is " + std::to_string(rate_per_s) + " 1/s: give a finite " +
                       (allow_zero ? "non-negative" : "positive") + " rate (ln 2 / half-life)");
}

}  // namespace

double repair_rate_per_s(double repair_half_time_s) {
  require_positive(repair_half_time_s, "repair half-time", "s", "e.g. 2.8 h = 10080 s for kidney");
  return std::log(2.0) / repair_half_time_s;
}

double g_factor_mono_exponential(double lambda, double mu) {
  require_rate(lambda, "decay constant of the dose rate", false);
  require_rate(mu, "repair rate", true);
  // R = R0 e^{−λt}, D = R0/λ. Inner integral: R0 (e^{−λt} − e^{−μt})/(μ − λ); outer:
  // R0²/(μ − λ)·(1/(2λ) − 1/(λ + μ)) = R0² / (2λ(λ + μ)); G = (2/D²)·that = λ/(λ + μ) (Dale 1985).
  return lambda / (lambda + mu);
}

double g_factor_bi_exponential_uptake(double lambda, double lambda_u, double mu) {
  require_rate(lambda, "decay constant of the dose rate", false);
  require_rate(lambda_u, "decay constant of the uptake term", false);
  require_rate(mu, "repair rate", true);
  if (!(lambda_u > lambda))
    throw InvalidInput("the uptake term's decay constant (" + format_number(lambda_u) +
                       " 1/s) must exceed the dose rate's (" + format_number(lambda) +
                       " 1/s): the uptake half-time must be shorter than the effective half-life");
  // Derivation. R(t) = R0 (e^{−λ1 t} − e^{−λ2 t}) with λ1 = λ, λ2 = λu, i.e. terms a1 = R0, a2 = −R0 of the
  // sum-of-exponentials formula (g_factor_exponentials):
  //   I = ∫R(t)∫_0^t R(w) e^{−μ(t−w)} dw dt = Σ_ij a_i a_j / ((λ_i + λ_j)(λ_i + μ)),
  //   2I/R0² = 1/(λ1(λ1+μ)) + 1/(λ2(λ2+μ)) − (2/(λ1+λ2))·(1/(λ1+μ) + 1/(λ2+μ)),
  //   D = R0 (1/λ1 − 1/λ2) = R0 (λ2 − λ1)/(λ1 λ2).
  // G = 2I/D²; putting the bracket over the common denominator λ1 λ2 (λ1+λ2)(λ1+μ)(λ2+μ), its numerator is
  // (λ2 − λ1)²·(λ1 + λ2 + μ) (checked symbolically with sympy), so
  //   G = λ1 λ2 (λ1 + λ2 + μ) / ((λ1 + λ2)(λ1 + μ)(λ2 + μ)),
  // free of the cancellation of the sum form when λu − λ ≪ λ. Limits: λu → ∞ gives λ/(λ + μ); μ = 0 gives 1.
  const double l1 = lambda, l2 = lambda_u;
  return l1 * l2 * (l1 + l2 + mu) / ((l1 + l2) * (l1 + mu) * (l2 + mu));
}

double g_factor_exponentials(std::span<const ExponentialTerm> terms, double mu) {
  if (terms.empty()) throw InvalidInput("the dose-rate curve has no exponential terms: give at least one");
  require_rate(mu, "repair rate", true);
  for (const auto& term : terms) {
    if (!std::isfinite(term.amplitude))
      throw InvalidInput("an exponential term of the dose rate has a non-finite amplitude: fix the fitted curve");
    require_rate(term.decay_constant_per_s, "decay constant of an exponential term", false);
  }
  // Derivation. For R(t) = Σ a_i e^{−λ_i t}:
  //   Q(t) = ∫_0^t R(w) e^{−μ(t−w)} dw = Σ_j a_j (e^{−λ_j t} − e^{−μ t}) / (μ − λ_j),
  //   ∫_0^∞ a_i e^{−λ_i t} a_j (e^{−λ_j t} − e^{−μ t})/(μ − λ_j) dt
  //     = a_i a_j (1/(λ_i + λ_j) − 1/(λ_i + μ)) / (μ − λ_j) = a_i a_j / ((λ_i + λ_j)(λ_i + μ)),
  // which has no singularity at μ = λ_j. Summing the (i, j) and (j, i) terms keeps it symmetric.
  double dose = 0.0, integral = 0.0;
  for (std::size_t i = 0; i < terms.size(); ++i) {
    const double ai = terms[i].amplitude, li = terms[i].decay_constant_per_s;
    dose += ai / li;
    for (std::size_t j = 0; j < terms.size(); ++j) {
      const double aj = terms[j].amplitude, lj = terms[j].decay_constant_per_s;
      integral += ai * aj / ((li + lj) * (li + mu));
    }
  }
  if (!(dose > 0.0))
    throw InvalidInput("the dose-rate curve integrates to " + std::to_string(dose) +
                       " (not positive): check the signs of its amplitudes");
  return 2.0 * integral / (dose * dose);
}

double g_factor(const Kinetics& kinetics, double repair_half_time_s) {
  require_positive(kinetics.effective_half_life_s, "effective half-life", "s", "the half-life of the dose rate");
  const double mu = repair_rate_per_s(repair_half_time_s);
  const double lambda = std::log(2.0) / kinetics.effective_half_life_s;
  if (!kinetics.uptake_half_time_s) return g_factor_mono_exponential(lambda, mu);
  require_positive(*kinetics.uptake_half_time_s, "uptake half-time", "s", "omit it for instantaneous uptake");
  if (!(*kinetics.uptake_half_time_s < kinetics.effective_half_life_s))
    throw InvalidInput("uptake half-time " + format_number(*kinetics.uptake_half_time_s / units::kSecondsPerHour) +
                       " h is not shorter than the effective half-life " +
                       format_number(kinetics.effective_half_life_s / units::kSecondsPerHour) +
                       " h: the uptake half-time is the half-life of the rising (subtracted) exponential");
  return g_factor_bi_exponential_uptake(lambda, std::log(2.0) / *kinetics.uptake_half_time_s, mu);
}

DoseRateIntegrals integrate_dose_rate(const std::function<double(double)>& dose_rate, double mu,
                                      const QuadratureOptions& options) {
  require_rate(mu, "repair rate", true);
  require_positive(options.end_time_s, "quadrature end time", "s", "integrate to where the dose rate is negligible");
  require_rate(options.tail_decay_constant_per_s, "tail decay constant", true);
  if (!(std::isfinite(options.growth) && options.growth > 1.0))
    throw InvalidInput("quadrature growth factor is " + std::to_string(options.growth) + ": give a value > 1");
  if (!(std::isfinite(options.max_step_repair_times) && options.max_step_repair_times > 0.0))
    throw InvalidInput("quadrature max_step_repair_times must be positive");
  if (!(std::isfinite(options.first_step_s) && options.first_step_s >= 0.0))
    throw InvalidInput("quadrature first step must be ≥ 0 s (0: automatic)");
  const double end = options.end_time_s;
  const double first = options.first_step_s > 0.0 ? options.first_step_s : end * 1e-7;
  const double max_step = mu > 0.0 ? options.max_step_repair_times / mu : std::numeric_limits<double>::infinity();

  std::vector<double> stops;
  for (const double t : options.breakpoints_s) {
    if (!std::isfinite(t)) throw InvalidInput("a quadrature breakpoint is not finite");
    if (t > 0.0 && t < end) stops.push_back(t);
  }
  std::sort(stops.begin(), stops.end());
  stops.push_back(end);

  const auto rate = [&](double t) {
    const double r = dose_rate(t);
    if (!std::isfinite(r) || r < 0.0)
      throw InvalidInput("the dose rate at t = " + std::to_string(t) + " s is " + std::to_string(r) +
                         ": a dose-rate curve must be finite and non-negative");
    return r;
  };

  double a = 0.0, q = 0.0, dose = 0.0, integral = 0.0;
  std::size_t next = 0;
  std::array<double, 10> nodes{}, values{};
  while (a < end) {
    while (stops[next] <= a) ++next;
    const double b = std::min({a + std::min((options.growth - 1.0) * a + first, max_step), stops[next]});
    const double half = 0.5 * (b - a), mid = 0.5 * (a + b);
    for (std::size_t j = 0; j < nodes.size(); ++j) {
      nodes[j] = mid + half * kGaussLegendre10[j][0];
      values[j] = rate(nodes[j]);
    }
    double q_end = q * std::exp(-mu * (b - a));
    for (std::size_t j = 0; j < nodes.size(); ++j) {
      const double t = nodes[j], w = half * kGaussLegendre10[j][1];
      dose += w * values[j];
      q_end += w * values[j] * std::exp(-mu * (b - t));
      // Q(t) = Q(a) e^{−μ(t−a)} + ∫_a^t R(s) e^{−μ(t−s)} ds, the inner integral by Gauss–Legendre on [a, t].
      const double inner_half = 0.5 * (t - a), inner_mid = 0.5 * (a + t);
      double q_t = q * std::exp(-mu * (t - a));
      for (const auto& [x, wx] : kGaussLegendre10) {
        const double s = inner_mid + inner_half * x;
        q_t += inner_half * wx * rate(s) * std::exp(-mu * (t - s));
      }
      integral += w * values[j] * q_t;
    }
    q = q_end;
    a = b;
  }
  if (const double lt = options.tail_decay_constant_per_s; lt > 0.0) {
    // Beyond the end R = R_T e^{−λs}: Q(T+s) = Q_T e^{−μs} + R_T (e^{−λs} − e^{−μs})/(μ − λ), so
    // ∫R·Q = R_T Q_T/(λ + μ) + R_T²/(2λ(λ + μ)) and ∫R = R_T/λ.
    const double rt = rate(end);
    dose += rt / lt;
    integral += rt * q / (lt + mu) + rt * rt / (2.0 * lt * (lt + mu));
  }
  if (!(dose > 0.0))
    throw InvalidInput("the dose-rate curve integrates to zero: G is undefined (is the curve all zeros?)");
  return {dose, 2.0 * integral / (dose * dose)};
}

DoseRateIntegrals integrate_tabulated_dose_rate(std::span<const double> times_s, std::span<const double> rates,
                                                double mu, const TabulatedOptions& options) {
  if (times_s.size() != rates.size() || times_s.empty())
    throw InvalidInput("a tabulated dose rate needs as many rates as times (got " + std::to_string(times_s.size()) +
                       " times and " + std::to_string(rates.size()) + " rates) and at least one sample");
  for (std::size_t n = 0; n < times_s.size(); ++n) {
    if (!std::isfinite(times_s[n]) || times_s[n] < 0.0 || (n > 0 && !(times_s[n] > times_s[n - 1])))
      throw InvalidInput("time point " + std::to_string(n + 1) + " (" + std::to_string(times_s[n]) +
                         " s) is not after the previous one or negative: sort the times after injection");
    if (!std::isfinite(rates[n]) || rates[n] < 0.0)
      throw InvalidInput("dose rate " + std::to_string(n + 1) + " is " + std::to_string(rates[n]) +
                         ": dose rates must be finite and ≥ 0 (clamp noisy values at 0)");
  }
  if (!(times_s.back() > 0.0)) throw InvalidInput("a tabulated dose rate needs a sample after injection (t > 0)");
  const auto interpolate = [&](double t) {
    if (t <= times_s.front()) {
      if (!options.zero_at_injection || times_s.front() == 0.0) return rates.front();
      return rates.front() * t / times_s.front();
    }
    if (t >= times_s.back()) return rates.back();
    const auto upper = std::upper_bound(times_s.begin(), times_s.end(), t);
    const std::size_t k = static_cast<std::size_t>(upper - times_s.begin());
    const double f = (t - times_s[k - 1]) / (times_s[k] - times_s[k - 1]);
    return rates[k - 1] + f * (rates[k] - rates[k - 1]);
  };
  QuadratureOptions quadrature;
  quadrature.end_time_s = times_s.back();
  quadrature.tail_decay_constant_per_s = options.tail_decay_constant_per_s;
  quadrature.breakpoints_s.assign(times_s.begin(), times_s.end());
  return integrate_dose_rate(interpolate, mu, quadrature);
}

std::vector<ExponentialTerm> exponential_terms(timeactivity::Model model, const timeactivity::Parameters& p,
                                               double lp) {
  using timeactivity::Model;
  switch (model) {
    case Model::MonoExponential:
      return {{p[0], lp + p[1]}};
    case Model::BiExponentialUptake:
      return {{p[0], lp + p[1]}, {-p[0], lp + p[1] + p[2]}};
    case Model::BiExponentialWashout:
      return {{p[0], lp + p[1]}, {p[2], lp + p[3]}};
    case Model::TriExponential:
      return {{p[0], lp + p[1]}, {p[2], lp + p[3]}, {-(p[0] + p[2]), lp + p[4]}};
    case Model::Trapezoid:
      break;
  }
  throw InvalidInput("the trapezoid has no exponential terms: use integrate_tabulated_dose_rate with its samples");
}

double g_factor_of_fit(const timeactivity::FitResult& fit, double lp, double mu, const timeactivity::Samples* samples,
                       timeactivity::TrapezoidOptions::Head head) {
  using timeactivity::FitStatus;
  if (fit.status == FitStatus::Zero || fit.status == FitStatus::Masked)
    throw InvalidInput(std::string("no dose-rate curve to take G from: the fit status is '") +
                       std::string(timeactivity::status_name(fit.status)) + "'");
  if (fit.model == timeactivity::Model::MonoExponential)  // the one-term case of g_factor_exponentials, per voxel
    return g_factor_mono_exponential(lp + fit.parameters[1], mu);
  if (fit.model != timeactivity::Model::Trapezoid) {
    const auto terms = exponential_terms(fit.model, fit.parameters, lp);
    return g_factor_exponentials(terms, mu);
  }
  if (samples == nullptr) throw InvalidInput("G of a trapezoid fit needs the samples it was made from: pass them");
  TabulatedOptions options;
  options.zero_at_injection = head == timeactivity::TrapezoidOptions::Head::ZeroAtInjection;
  options.tail_decay_constant_per_s = fit.terminal_decay_constant_per_s > 0.0 ? fit.terminal_decay_constant_per_s : lp;
  return integrate_tabulated_dose_rate(samples->times_s, samples->values, mu, options).g_factor;
}

}  // namespace rptdose::radiobiology
