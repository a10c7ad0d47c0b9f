#include "rptdose/timeactivity/curve_fit.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <Eigen/Dense>

#include "mono_fit.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"

namespace rptdose::timeactivity {

namespace {

using detail::Curve;
using detail::kConvergence;
using detail::kMaxSamples;
using detail::kStepTolerance;
using detail::kWeightFloorFraction;

// Fits run in hours (rates per hour, integrals in value·h): parameters of similar magnitude condition the normal
// equations far better than rates of ~1e-6/s. Results are converted back to seconds at the end.
constexpr double kS = units::kSecondsPerHour;

Curve make_curve(const Samples& s, double lambda_phys_per_s, Weighting weighting) {
  const std::size_t n = s.times_s.size();
  if (s.values.size() != n)
    throw InvalidInput("a time-activity curve has " + std::to_string(n) + " times but " +
                       std::to_string(s.values.size()) + " values");
  if (!s.weights.empty() && s.weights.size() != n)
    throw InvalidInput("a time-activity curve has " + std::to_string(n) + " samples but " +
                       std::to_string(s.weights.size()) + " weights");
  if (n > static_cast<std::size_t>(kMaxSamples))
    throw InvalidInput("a time-activity curve has " + std::to_string(n) + " samples; at most " +
                       std::to_string(kMaxSamples) + " are supported");
  Curve c;
  c.n = static_cast<int>(n);
  c.lambda_phys = lambda_phys_per_s * kS;
  for (int i = 0; i < c.n; ++i) {
    c.t[i] = s.times_s[i] / kS;
    c.y[i] = s.values[i];
  }
  if (!s.weights.empty()) {
    for (int i = 0; i < c.n; ++i) c.w[i] = s.weights[i];
  } else if (weighting == Weighting::Uniform) {
    std::fill(c.w.begin(), c.w.begin() + c.n, 1.0);
  } else {
    poisson_weights(s.values, std::span<double>(c.w.data(), n));
  }
  return c;
}

int amplitude_indices(Model model, std::array<int, 2>& index) {
  index = {0, 2};
  return (model == Model::BiExponentialWashout || model == Model::TriExponential) ? 2 : 1;
}

// Sample arrays: fixed-size (fully unrolled) for the common 3–8 time points of per-voxel fits, dynamic otherwise.
template <int N>
using SampleArray = Eigen::Array<double, N, 1, 0, N == Eigen::Dynamic ? kMaxSamples : N, 1>;
template <int N>
using ConstSamples = Eigen::Map<const Eigen::Array<double, N, 1>>;

/// Weighted log-linear regression ln y = a − λ t over the positive samples in [first, last): λ (1/h) and e^a.
/// (Vectorised with Eigen's array functions: this and fit_mono run once per voxel.)
template <int N = Eigen::Dynamic>
bool log_linear(const Curve& c, int first, int last, double& lambda, double& amplitude) {
  const int m = last - first;
  const ConstSamples<N> t(c.t.data() + first, m), y(c.y.data() + first, m), weight(c.w.data() + first, m);
  const auto positive = (y > 0.0);
  if (positive.count() < 2) return false;
  const SampleArray<N> w = positive.select(y * y * weight, 0.0);  // var(ln y) = var(y)/y²
  const SampleArray<N> l = positive.select(y, 1.0).log();
  const double sw = w.sum(), st = (w * t).sum(), sy = (w * l).sum(), stt = (w * t * t).sum(), sty = (w * t * l).sum();
  const double det = sw * stt - st * st;
  if (!(det > 0)) return false;
  const double slope = (sw * sty - st * sy) / det;
  lambda = -slope;
  amplitude = std::exp((sy - slope * st) / sw);
  return std::isfinite(lambda) && std::isfinite(amplitude);
}

/// Amplitudes by weighted linear least squares with the rates of `p` fixed (clamped ≥ 0).
void solve_amplitudes(Model model, const Curve& c, Parameters& p) {
  std::array<int, 2> index{};
  const int m = amplitude_indices(model, index);
  Eigen::Matrix2d a = Eigen::Matrix2d::Zero();
  Eigen::Vector2d b = Eigen::Vector2d::Zero();
  Parameters unit = p;
  double g[kMaxParameters];
  for (int i = 0; i < c.n; ++i) {
    evaluate(model, unit, c.lambda_phys, c.t[i], g);
    double basis[2] = {g[index[0]], m > 1 ? g[index[1]] : 0.0};
    for (int r = 0; r < m; ++r) {
      b[r] += c.w[i] * basis[r] * c.y[i];
      for (int q = 0; q < m; ++q) a(r, q) += c.w[i] * basis[r] * basis[q];
    }
  }
  if (m == 1) {
    p[index[0]] = a(0, 0) > 0 ? std::max(b[0] / a(0, 0), 0.0) : 0.0;
    return;
  }
  Eigen::Vector2d x = a.ldlt().solve(b);
  if (!x.allFinite() || x.minCoeff() < 0) {  // one phase only: fit each alone and keep the better
    x = Eigen::Vector2d::Zero();
    const double x0 = a(0, 0) > 0 ? b[0] / a(0, 0) : 0.0, x1 = a(1, 1) > 0 ? b[1] / a(1, 1) : 0.0;
    const double gain0 = x0 > 0 ? b[0] * x0 : 0.0, gain1 = x1 > 0 ? b[1] * x1 : 0.0;
    if (gain0 >= gain1)
      x[0] = std::max(x0, 0.0);
    else
      x[1] = std::max(x1, 0.0);
  }
  p[index[0]] = x[0];
  p[index[1]] = x[1];
}

/// Linearised starting values (hours).
Parameters start(Model model, const Curve& c) {
  const int n = c.n;
  int peak = 0;
  for (int i = 1; i < n; ++i)
    if (c.y[i] > c.y[peak]) peak = i;
  double lambda = c.lambda_phys, amplitude = 0;
  // Slow phase: from the peak on (at least the last two samples).
  if (!log_linear(c, std::min(peak, n - 2), n, lambda, amplitude)) lambda = c.lambda_phys;
  const double mu_slow = std::max(lambda - c.lambda_phys, 0.0);
  const double first_t = std::max(c.t[0], 1e-3);
  Parameters p{};
  switch (model) {
    case Model::MonoExponential:
      if (!log_linear(c, 0, n, lambda, amplitude)) lambda = c.lambda_phys;
      p = {0, std::max(lambda - c.lambda_phys, 0.0)};
      break;
    case Model::BiExponentialUptake:
      // Uptake half-time of half the first sample's time, or faster than the slow phase.
      p = {0, mu_slow, std::max(2.0 * std::log(2.0) / first_t, 4.0 * (mu_slow + c.lambda_phys))};
      break;
    case Model::BiExponentialWashout: {
      double fast = 0, fast_amplitude = 0;
      if (!log_linear(c, 0, std::min(n, 2), fast, fast_amplitude)) fast = 0;
      p = {0, std::max({fast - c.lambda_phys, 5.0 * mu_slow, 0.1 / first_t}), 0, mu_slow};
      break;
    }
    case Model::TriExponential: {
      const double fast = std::max(5.0 * mu_slow, 0.1 / first_t);
      p = {0, fast, 0, mu_slow, std::max(2.0 * std::log(2.0) / first_t, 4.0 * (fast + c.lambda_phys))};
      break;
    }
    case Model::Trapezoid:
      break;
  }
  solve_amplitudes(model, c, p);
  return p;
}

double weighted_rss(Model model, const Curve& c, const Parameters& p) {
  double rss = 0;
  for (int i = 0; i < c.n; ++i) {
    const double r = c.y[i] - evaluate(model, p, c.lambda_phys, c.t[i]);
    rss += c.w[i] * r * r;
  }
  return rss;
}

template <int K>
struct Lm {
  using Matrix = Eigen::Matrix<double, K, K>;
  using Vector = Eigen::Matrix<double, K, 1>;

  /// Normal equations JᵀWJ and JᵀWr at p; returns the weighted RSS.
  static double normal_equations(Model model, const Curve& c, const Parameters& p, Matrix& jtj, Vector& jtr) {
    jtj.setZero();
    jtr.setZero();
    double rss = 0, g[kMaxParameters];
    for (int i = 0; i < c.n; ++i) {
      const double r = c.y[i] - evaluate(model, p, c.lambda_phys, c.t[i], g);
      const Eigen::Map<const Vector> grad(g);
      jtj.noalias() += c.w[i] * grad * grad.transpose();
      jtr.noalias() += c.w[i] * r * grad;
      rss += c.w[i] * r * r;
    }
    return rss;
  }

  /// Levenberg–Marquardt with Marquardt's diagonal scaling and projection onto the bounds. Returns true when the
  /// relative change of RSS fell below kConvergence (or RSS reached 0).
  static bool run(Model model, const Curve& c, Parameters& p, int max_iterations, double& rss, int& iterations,
                  Matrix& jtj) {
    Vector jtr;
    rss = normal_equations(model, c, p, jtj, jtr);
    double damping = 1e-3;
    for (iterations = 0; iterations < max_iterations; ++iterations) {
      if (rss == 0) return true;
      Matrix a = jtj;
      for (int d = 0; d < K; ++d) a(d, d) += damping * std::max(jtj(d, d), 1e-300);
      Vector step = a.ldlt().solve(jtr);
      if (!step.allFinite()) return false;
      // Active bounds (as in fit_mono): parameters at their bound that the step pushes out are held there and
      // the others solved without them.
      Vector rhs = jtr;
      bool held = false;
      for (int d = 0; d < K; ++d) {
        if (p[d] <= lower_bound(model, d) && step[d] < 0) {
          a.row(d).setZero();
          a.col(d).setZero();
          a(d, d) = 1;
          rhs[d] = 0;
          held = true;
        }
      }
      if (held) step = a.ldlt().solve(rhs);
      if (!step.allFinite()) return false;
      Parameters trial = p;
      for (int d = 0; d < K; ++d) trial[d] += step[d];
      project_to_bounds(model, trial);
      bool negligible = true;  // judged after projection (see fit_mono)
      for (int d = 0; d < K; ++d)
        negligible =
            negligible && std::abs(trial[d] - p[d]) <= kStepTolerance * std::max(std::abs(p[d]), c.lambda_phys);
      if (negligible) return true;
      const double trial_rss = weighted_rss(model, c, trial);
      if (trial_rss < rss) {
        const double change = (rss - trial_rss) / rss;
        p = trial;
        rss = normal_equations(model, c, p, jtj, jtr);
        damping = std::max(damping * 0.1, 1e-12);
        if (change < kConvergence) return true;
      } else {
        damping *= 10;
        if (damping > 1e12) return true;  // no downhill step left: at a (bounded) minimum
      }
    }
    return false;
  }

  static void fit(Model model, const Curve& c, const FitOptions& options, FitResult& result) {
    Parameters p = start(model, c);
    double rss = 0;
    Matrix jtj;
    const bool converged = run(model, c, p, options.max_iterations, rss, result.iterations, jtj);
    result.parameters = p;
    // Goodness of fit: weighted R² about the weighted mean.
    double sw = 0, swy = 0;
    for (int i = 0; i < c.n; ++i) {
      sw += c.w[i];
      swy += c.w[i] * c.y[i];
    }
    double tss = 0;
    for (int i = 0; i < c.n; ++i) tss += c.w[i] * (c.y[i] - swy / sw) * (c.y[i] - swy / sw);
    result.r_squared = tss > 0 ? 1.0 - rss / tss : (rss == 0 ? 1.0 : 0.0);
    const int n = c.n;
    const double rss_floor = std::max(rss, 1e-300 * sw);  // an exact fit: ln(0) would make AICc −inf
    if (n - K - 1 > 0) result.aicc = n * std::log(rss_floor / n) + 2.0 * K + 2.0 * K * (K + 1) / (n - K - 1);
    // Covariance s²·(JᵀWJ)⁻¹ and the integral's standard error.
    double g[kMaxParameters];
    result.integral = integral(model, p, c.lambda_phys, g);
    const Eigen::Map<const Vector> grad(g);
    Matrix covariance = Matrix::Constant(std::numeric_limits<double>::quiet_NaN());
    double variance = std::numeric_limits<double>::quiet_NaN();
    // Inverted in the scaled form D^{-1/2}·JᵀWJ·D^{-1/2} (D its diagonal): amplitudes and rates differ by many
    // orders of magnitude, and the condition check must not mistake that for singularity.
    const Vector scale = jtj.diagonal().cwiseMax(1e-300).cwiseSqrt().cwiseInverse();
    const Matrix scaled = scale.asDiagonal() * jtj * scale.asDiagonal();
    const Eigen::LDLT<Matrix> ldlt(scaled);
    if (ldlt.info() == Eigen::Success && ldlt.isPositive() && ldlt.rcond() > 1e-12) {
      covariance = (rss / (n - K)) * (scale.asDiagonal() * ldlt.solve(Matrix::Identity()) * scale.asDiagonal());
      variance = grad.dot(covariance * grad);
    }
    for (int r = 0; r < K; ++r)
      for (int q = 0; q < K; ++q) result.covariance[static_cast<std::size_t>(r * K + q)] = covariance(r, q);
    result.integral_se = variance >= 0 ? std::sqrt(variance) : std::numeric_limits<double>::quiet_NaN();
    result.terminal_decay_constant_per_s = terminal_decay_constant(model, p, c.lambda_phys);
    const bool acceptable = converged && is_valid(model, p) && std::isfinite(result.integral) &&
                            std::isfinite(result.integral_se) && result.r_squared >= options.min_r_squared;
    result.status = acceptable ? FitStatus::Fitted : FitStatus::Fallback;
  }
};

/// The mono-exponential, the per-voxel workhorse, without the generic machinery of Lm<K>: Levenberg–Marquardt on
/// (A0, μ) from the log-linear start with the exponentials of each accepted point reused for its normal equations,
/// and closed-form 2×2 algebra. Same objective, bounds, statistics and acceptance as Lm<K> (tested against
/// analytic curves, the noise statistics and scipy.optimize.curve_fit).
template <int N>
void fit_mono(const Curve& c, const FitOptions& options, FitResult& result) {
  const int n = c.n;
  const double lp = c.lambda_phys;
  const ConstSamples<N> t(c.t.data(), n), y(c.y.data(), n), w(c.w.data(), n);
  double lambda = lp, amplitude = 0;
  if (!log_linear<N>(c, 0, n, lambda, amplitude)) lambda = lp;
  double mu = std::max(lambda - lp, 0.0);
  SampleArray<N> e = (-(lp + mu) * t).exp();
  // Amplitude by linear least squares at the start rate.
  const double swee = (w * e * e).sum();
  double a = swee > 0 ? std::max((w * e * y).sum() / swee, 0.0) : 0.0;
  const auto rss_at = [&](double amp) { return (w * (y - amp * e).square()).sum(); };
  double rss = rss_at(a);
  double j00 = 0, j01 = 0, j11 = 0, g0 = 0, g1 = 0;  // JᵀWJ and JᵀWr at (a, mu)
  const auto normal_equations = [&] {
    const SampleArray<N> d1 = -a * t * e, r = y - a * e;
    j00 = (w * e * e).sum();
    j01 = (w * e * d1).sum();
    j11 = (w * d1 * d1).sum();
    g0 = (w * e * r).sum();
    g1 = (w * d1 * r).sum();
  };
  normal_equations();
  bool converged = false;
  double damping = 1e-3;
  int iteration = 0;
  for (; iteration < options.max_iterations; ++iteration) {
    if (rss == 0) {
      converged = true;
      break;
    }
    const double m00 = j00 + damping * std::max(j00, 1e-300), m11 = j11 + damping * std::max(j11, 1e-300);
    const double det = m00 * m11 - j01 * j01;
    if (!(det > 0)) break;
    double da = (m11 * g0 - j01 * g1) / det, dmu = (m00 * g1 - j01 * g0) / det;
    // Active bounds: a parameter at its bound that the step would push out stays there, and the other is solved
    // alone (the joint step would otherwise move it as if the first could follow, and never settle).
    if (mu <= 0 && dmu < 0) {
      dmu = 0;
      da = g0 / m00;
    } else if (a <= 0 && da < 0) {
      da = 0;
      dmu = g1 / m11;
    }
    const double trial_a = std::max(a + da, 0.0), trial_mu = std::max(mu + dmu, 0.0);
    // The step after projection onto the bounds: at a bound (μ = 0 for a curve that decays no faster than
    // physics) the unprojected step stays large although nothing moves.
    if (std::abs(trial_a - a) <= kStepTolerance * a && std::abs(trial_mu - mu) <= kStepTolerance * (lp + mu)) {
      converged = true;
      break;
    }
    const SampleArray<N> trial_e = (-(lp + trial_mu) * t).exp();
    const double trial_rss = (w * (y - trial_a * trial_e).square()).sum();
    if (trial_rss < rss) {
      const double change = (rss - trial_rss) / rss;
      a = trial_a;
      mu = trial_mu;
      e = trial_e;
      rss = trial_rss;
      normal_equations();
      damping = std::max(damping * 0.1, 1e-12);
      if (change < kConvergence) {
        converged = true;
        break;
      }
    } else {
      damping *= 10;
      if (damping > 1e12) {
        converged = true;  // no downhill step left: at a (bounded) minimum
        break;
      }
    }
  }
  result.iterations = iteration;
  result.parameters = {a, mu};
  const double sw = w.sum(), mean = (w * y).sum() / sw;
  const double tss = (w * (y - mean).square()).sum();
  result.r_squared = tss > 0 ? 1.0 - rss / tss : (rss == 0 ? 1.0 : 0.0);
  if (n > 3) result.aicc = n * std::log(std::max(rss, 1e-300 * sw) / n) + 4.0 + 12.0 / (n - 3);
  const double l = lp + mu;
  result.integral = a / l;
  // Covariance s²·(JᵀWJ)⁻¹ (2×2 closed form, conditioning judged on the scaled matrix).
  const double det = j00 * j11 - j01 * j01;
  const double scaled_det = j00 > 0 && j11 > 0 ? det / (j00 * j11) : 0.0;
  result.integral_se = std::numeric_limits<double>::quiet_NaN();
  result.covariance.fill(std::numeric_limits<double>::quiet_NaN());
  if (scaled_det > 1e-12) {
    const double s2 = rss / (n - 2);
    const double c00 = s2 * j11 / det, c01 = -s2 * j01 / det, c11 = s2 * j00 / det;
    result.covariance[0] = c00;
    result.covariance[1] = result.covariance[2] = c01;
    result.covariance[3] = c11;
    const double d0 = 1.0 / l, d1 = -a / (l * l);
    const double variance = d0 * d0 * c00 + 2 * d0 * d1 * c01 + d1 * d1 * c11;
    result.integral_se = variance >= 0 ? std::sqrt(variance) : std::numeric_limits<double>::quiet_NaN();
  }
  result.terminal_decay_constant_per_s = l;
  const bool acceptable = converged && std::isfinite(result.integral) && std::isfinite(result.integral_se) &&
                          result.r_squared >= options.min_r_squared;
  result.status = acceptable ? FitStatus::Fitted : FitStatus::Fallback;
}

/// Converts a result computed in hours to seconds.
void to_seconds(FitResult& r) {
  const int k = parameter_count(r.model);
  const auto is_rate = [&](int i) {
    return i % 2 == 1 || (r.model == Model::BiExponentialUptake && i == 2) ||
           (r.model == Model::TriExponential && i == 4);
  };
  for (int i = 0; i < k; ++i) {
    if (is_rate(i)) r.parameters[i] /= kS;
    for (int j = 0; j < k; ++j) {
      double& c = r.covariance[static_cast<std::size_t>(i * k + j)];
      if (is_rate(i)) c /= kS;
      if (is_rate(j)) c /= kS;
    }
  }
  r.integral *= kS;
  r.integral_se *= kS;
  r.terminal_decay_constant_per_s /= kS;
}

int count_negative(const Curve& c) {
  int negative = 0;
  for (int i = 0; i < c.n; ++i) negative += c.y[i] < 0 ? 1 : 0;
  return negative;
}

FitResult fit_in_hours(Model model, const Curve& c, const FitOptions& options) {
  const int k = parameter_count(model);
  require_enough_samples(model, static_cast<std::size_t>(c.n));
  FitResult result;
  result.model = model;
  result.negative_samples = count_negative(c);
  switch (k) {
    case 2:
      switch (c.n) {  // fixed sizes for the usual per-voxel series
        case 3:
          fit_mono<3>(c, options, result);
          break;
        case 4:
          fit_mono<4>(c, options, result);
          break;
        case 5:
          fit_mono<5>(c, options, result);
          break;
        case 6:
          fit_mono<6>(c, options, result);
          break;
        default:
          fit_mono<Eigen::Dynamic>(c, options, result);
          break;
      }
      break;
    case 3:
      Lm<3>::fit(model, c, options, result);
      break;
    case 4:
      Lm<4>::fit(model, c, options, result);
      break;
    default:
      Lm<5>::fit(model, c, options, result);
      break;
  }
  return result;
}

FitResult trapezoid_in_hours(const Curve& c, const TrapezoidOptions& options) {
  FitResult r;
  r.model = Model::Trapezoid;
  r.status = FitStatus::Trapezoid;
  r.negative_samples = count_negative(c);
  const int n = c.n;
  double area = options.head == TrapezoidOptions::Head::ZeroAtInjection ? 0.5 * c.t[0] * c.y[0] : c.t[0] * c.y[0];
  for (int i = 0; i + 1 < n; ++i) area += 0.5 * (c.t[i + 1] - c.t[i]) * (c.y[i] + c.y[i + 1]);
  double tail_lambda = c.lambda_phys;
  if (options.exponential_tail && n >= 2 && c.y[n - 2] > c.y[n - 1] && c.y[n - 1] > 0) {
    const double fitted = std::log(c.y[n - 2] / c.y[n - 1]) / (c.t[n - 1] - c.t[n - 2]);
    tail_lambda = std::max(tail_lambda, fitted);
  }
  area += std::max(c.y[n - 1], 0.0) / tail_lambda;
  r.integral = area;
  r.terminal_decay_constant_per_s = tail_lambda;
  return r;
}

void require_samples(const Curve& c, double lambda_phys_per_s) {
  if (c.n == 0) throw InvalidInput("a time-activity curve needs at least one sample");
  if (!(std::isfinite(lambda_phys_per_s) && lambda_phys_per_s > 0))
    throw InvalidInput("the physical decay constant must be positive and finite, got " +
                       std::to_string(lambda_phys_per_s) + " /s");
}

}  // namespace

std::string_view status_name(FitStatus status) {
  return enum_name(kFitStatusNames, status);
}

Weighting parse_weighting(std::string_view name) {
  if (const auto weighting = find_enum(kWeightingNames, name)) return *weighting;
  throw InvalidInput("unknown weighting '" + std::string(name) + "': use " +
                     enum_names_list(kWeightingNames, ", ", " or "));
}

void require_enough_samples(Model model, std::size_t samples) {
  const auto k = static_cast<std::size_t>(parameter_count(model));
  if (k > 0 && samples < k + 1)
    throw InvalidInput("a " + std::string(model_name(model)) + " fit has " + std::to_string(k) +
                       " parameters and needs at least " + std::to_string(k + 1) + " time points; got " +
                       std::to_string(samples) + ": use fewer parameters or the trapezoid");
}

void poisson_weights(std::span<const double> values, std::span<double> weights) {
  double largest = 0;
  for (const double v : values) largest = std::max(largest, std::abs(v));
  const double floor = std::max(kWeightFloorFraction * largest, std::numeric_limits<double>::min());
  for (std::size_t i = 0; i < values.size(); ++i) weights[i] = 1.0 / std::max(std::abs(values[i]), floor);
}

FitResult fit_model(Model model, const Samples& samples, double lambda_phys_per_s, const FitOptions& options) {
  if (model == Model::Trapezoid) return integrate_trapezoid(samples, lambda_phys_per_s, options.trapezoid);
  const Curve c = make_curve(samples, lambda_phys_per_s, options.weighting);
  require_samples(c, lambda_phys_per_s);
  FitResult r = fit_in_hours(model, c, options);
  to_seconds(r);
  return r;
}

FitResult integrate_trapezoid(const Samples& samples, double lambda_phys_per_s, const TrapezoidOptions& options) {
  const Curve c = make_curve(samples, lambda_phys_per_s, Weighting::Uniform);
  require_samples(c, lambda_phys_per_s);
  FitResult r = trapezoid_in_hours(c, options);
  to_seconds(r);
  return r;
}

FitResult fit_curve(const Samples& samples, double lambda_phys_per_s, const FitOptions& options) {
  const Curve c = make_curve(samples, lambda_phys_per_s, options.weighting);
  require_samples(c, lambda_phys_per_s);
  if (std::none_of(c.y.begin(), c.y.begin() + c.n, [](double v) { return v > 0; })) {
    FitResult zero;
    zero.status = FitStatus::Zero;
    zero.negative_samples = count_negative(c);
    zero.terminal_decay_constant_per_s = lambda_phys_per_s;
    return zero;
  }
  return detail::select_fit(c, options, nullptr);
}

FitResult detail::trapezoid(const Curve& c, const TrapezoidOptions& options) {
  FitResult r = trapezoid_in_hours(c, options);
  to_seconds(r);
  return r;
}

FitResult detail::in_seconds(FitResult hours) {
  to_seconds(hours);
  return hours;
}

FitResult detail::select_fit(const Curve& c, const FitOptions& options, const FitResult* mono) {
  // The mono-exponential candidate: the one given, or fitted here.
  const auto fit = [&](Model model) {
    return model == Model::MonoExponential && mono ? *mono : fit_in_hours(model, c, options);
  };
  FitResult best;
  if (options.model) {
    if (*options.model == Model::Trapezoid) {
      best = trapezoid_in_hours(c, options.trapezoid);
    } else {
      best = fit(*options.model);
      if (best.status != FitStatus::Fitted) {
        best = trapezoid_in_hours(c, options.trapezoid);
        best.status = FitStatus::Fallback;
      }
    }
    to_seconds(best);
    return best;
  }
  // Automatic: candidates that the data can support, simplest first.
  bool found = false;
  for (const Model model :
       {Model::MonoExponential, Model::BiExponentialUptake, Model::BiExponentialWashout, Model::TriExponential}) {
    const int k = parameter_count(model);
    if (c.n < k + 1) break;
    // A model without a defined AICc competes only when nothing with one was acceptable.
    if (c.n == k + 1 && found) break;
    FitResult r = fit(model);
    if (r.status != FitStatus::Fitted) continue;
    if (!found || r.aicc < best.aicc) best = r;
    found = true;
  }
  if (!found) {
    best = trapezoid_in_hours(c, options.trapezoid);
    best.status = c.n >= 3 ? FitStatus::Fallback : FitStatus::Trapezoid;
  }
  to_seconds(best);
  return best;
}

}  // namespace rptdose::timeactivity
