#include "rptdose/quantification/recovery_curve.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "rptdose/core/error.hpp"

namespace rptdose::quantification {
namespace {

using Matrix3 = Eigen::Matrix3d;
using Vector3 = Eigen::Vector3d;

// The fit works on θ = (a, ln b, ln c), which keeps b and c positive without bounds; the covariance is mapped back
// to (a, b, c) by the Jacobian diag(1, b, c).
struct Theta {
  double a, log_b, log_c;
};

/// RC and ∂RC/∂θ at volume v.
double model(const Theta& t, double v, Vector3* gradient) {
  const double b = std::exp(t.log_b), c = std::exp(t.log_c);
  const double q = std::pow(b / v, c);  // (b/V)^c
  const double h = 1.0 / (1.0 + q);
  if (gradient) {
    // ∂RC/∂a = h; ∂RC/∂q = −a h²; ∂q/∂ln b = c q; ∂q/∂ln c = c q ln(b/V).
    const double d_q = -t.a * h * h;
    *gradient << h, d_q * c * q, d_q * c * q * std::log(b / v);
  }
  return t.a * h;
}

struct Data {
  std::vector<double> v, y, w;
};

double rss(const Data& d, const Theta& t) {
  double sum = 0;
  for (std::size_t i = 0; i < d.v.size(); ++i) {
    const double r = d.y[i] - model(t, d.v[i], nullptr);
    sum += d.w[i] * r * r;
  }
  return sum;
}

double normal_equations(const Data& d, const Theta& t, Matrix3& jtj, Vector3& jtr) {
  jtj.setZero();
  jtr.setZero();
  double sum = 0;
  Vector3 g;
  for (std::size_t i = 0; i < d.v.size(); ++i) {
    const double r = d.y[i] - model(t, d.v[i], &g);
    jtj.noalias() += d.w[i] * g * g.transpose();
    jtr.noalias() += d.w[i] * r * g;
    sum += d.w[i] * r * r;
  }
  return sum;
}

constexpr int kMaxIterations = 500;
constexpr double kRelativeChange = 1e-14;  // of RSS: the fit is cheap (≤ a few dozen points), so converge fully

/// Levenberg–Marquardt with Marquardt's diagonal scaling. Returns whether it converged; `t` and `sum` hold the
/// minimum reached.
bool levenberg_marquardt(const Data& d, Theta& t, double& sum) {
  Matrix3 jtj;
  Vector3 jtr;
  sum = normal_equations(d, t, jtj, jtr);
  double damping = 1e-3;
  for (int iteration = 0; iteration < kMaxIterations; ++iteration) {
    if (sum == 0) return true;
    Matrix3 a = jtj;
    for (int k = 0; k < 3; ++k) a(k, k) += damping * std::max(jtj(k, k), 1e-300);
    const Vector3 step = a.ldlt().solve(jtr);
    if (!step.allFinite()) return false;
    const Theta trial{t.a + step[0], t.log_b + step[1], t.log_c + step[2]};
    const double trial_sum = rss(d, trial);
    if (std::isfinite(trial_sum) && trial_sum < sum) {
      const double change = (sum - trial_sum) / sum;
      t = trial;
      sum = normal_equations(d, t, jtj, jtr);
      damping = std::max(damping * 0.1, 1e-15);
      if (change < kRelativeChange) return true;
    } else {
      damping *= 10;
      if (damping > 1e15) return true;  // no downhill step left: at the minimum
    }
  }
  return false;
}

/// (V_max / V)^(1/3): how the lost fraction 1 − RC of an object large against the PSF falls with its volume. The
/// loss is a shell of fixed thickness at the surface (for a Gaussian PSF of σ, σ/√(2π) of lost depth: 1 − RC ≈
/// 3σ/(R√(2π)) for a sphere of radius R ≫ σ), so it goes with surface/volume ∝ V^(−1/3).
double surface_law_factor(double volume_max_mL, double volume_mL) {
  return std::cbrt(volume_max_mL / volume_mL);
}

void check_volume(double volume_mL) {
  if (!(std::isfinite(volume_mL) && volume_mL > 0))
    throw InvalidInput("recovery curve: volume " + std::to_string(volume_mL) +
                       " mL is not a positive number: give the VOI's volume in mL");
}

}  // namespace

double RecoveryCurve::recovery(double volume_mL) const {
  check_volume(volume_mL);
  if (volume_mL > volume_max_mL) {
    const double loss_at_max = 1.0 - recovery(volume_max_mL);
    return 1.0 - loss_at_max * surface_law_factor(volume_max_mL, volume_mL);
  }
  const double v = std::max(volume_mL, volume_min_mL);
  return a / (1.0 + std::pow(b_mL / v, c));
}

double RecoveryCurve::recovery_u(double volume_mL) const {
  check_volume(volume_mL);
  if (volume_mL > volume_max_mL) return recovery_u(volume_max_mL) * surface_law_factor(volume_max_mL, volume_mL);
  const double v = std::max(volume_mL, volume_min_mL);
  const double q = std::pow(b_mL / v, c), h = 1.0 / (1.0 + q);
  // ∂RC/∂a = h, ∂RC/∂b = −a h² c q / b, ∂RC/∂c = −a h² q ln(b/V).
  const Vector3 g(h, -a * h * h * c * q / b_mL, -a * h * h * q * std::log(b_mL / v));
  const Eigen::Map<const Eigen::Matrix<double, 3, 3, Eigen::RowMajor>> cov(covariance.data());
  return std::sqrt(std::max(g.dot(cov * g), 0.0));
}

bool RecoveryCurve::within_fitted_range(double volume_mL) const {
  return volume_mL >= volume_min_mL && volume_mL <= volume_max_mL;
}

RecoveryCurve fit_recovery_curve(std::span<const RecoveryPoint> points) {
  constexpr std::size_t k = RecoveryCurve::kParameterCount;
  if (points.size() < k + 1)
    throw InvalidInput("recovery curve: " + std::to_string(points.size()) +
                       " point(s) given; the fit of RC(V) = a/(1 + (b/V)^c) needs at least 4 (e.g. the 6 spheres "
                       "of the NEMA IEC body phantom)");
  const bool weighted = std::all_of(points.begin(), points.end(), [](const auto& p) { return p.recovery_u > 0; });
  Data d;
  for (const auto& p : points) {
    const std::string name = p.name.empty() ? "a point" : "'" + p.name + "'";
    if (!(std::isfinite(p.volume_mL) && p.volume_mL > 0))
      throw InvalidInput("recovery curve: " + name + " has volume " + std::to_string(p.volume_mL) +
                         " mL: volumes must be positive");
    if (!(std::isfinite(p.recovery) && p.recovery > 0))
      throw InvalidInput("recovery curve: " + name + " has recovery " + std::to_string(p.recovery) +
                         ": recovery coefficients must be positive (is the sphere in the image?)");
    if (!(std::isfinite(p.recovery_u) && p.recovery_u >= 0))
      throw InvalidInput("recovery curve: " + name + " has uncertainty " + std::to_string(p.recovery_u) +
                         ": give a non-negative number (0: unknown)");
    d.v.push_back(p.volume_mL);
    d.y.push_back(p.recovery);
    d.w.push_back(weighted ? 1.0 / (p.recovery_u * p.recovery_u) : 1.0);
  }
  std::vector<double> distinct = d.v;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  if (distinct.size() < k)
    throw InvalidInput("recovery curve: the points have " + std::to_string(distinct.size()) +
                       " distinct volume(s); a sigmoid in V needs at least 3");

  // Starts: a at the largest RC, b where the measured RC crosses a/2 (geometric interpolation; the extreme volume
  // when it does not cross), several steepnesses; the best minimum wins.
  const double a0 = *std::max_element(d.y.begin(), d.y.end());
  std::vector<std::size_t> order(d.v.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return d.v[i] < d.v[j]; });
  double b0 = d.y[order.front()] >= a0 / 2 ? d.v[order.front()] : d.v[order.back()];
  for (std::size_t i = 1; i < order.size(); ++i) {
    const double y0 = d.y[order[i - 1]], y1 = d.y[order[i]];
    if (y0 < a0 / 2 && y1 >= a0 / 2) {
      const double f = (a0 / 2 - y0) / (y1 - y0);
      b0 = std::exp(std::log(d.v[order[i - 1]]) + f * (std::log(d.v[order[i]]) - std::log(d.v[order[i - 1]])));
      break;
    }
  }
  Theta best{};
  double best_sum = std::numeric_limits<double>::infinity();
  bool converged = false;
  for (const double c0 : {0.5, 1.0, 2.0}) {
    Theta t{a0, std::log(b0), std::log(c0)};
    double sum = 0;
    const bool ok = levenberg_marquardt(d, t, sum);
    if (ok && sum < best_sum) {
      best = t;
      best_sum = sum;
      converged = true;
    }
  }
  if (!converged)
    throw NumericalError(
        "recovery curve: the fit of RC(V) = a/(1 + (b/V)^c) did not converge: check that the "
        "recovery coefficients rise with volume");

  Matrix3 jtj;
  Vector3 jtr;
  normal_equations(d, best, jtj, jtr);
  // Inverted in the scaled form (as timeactivity's fits) so that the check is not fooled by parameter scales.
  const Vector3 scale = jtj.diagonal().cwiseMax(1e-300).cwiseSqrt().cwiseInverse();
  const Matrix3 scaled = scale.asDiagonal() * jtj * scale.asDiagonal();
  const Eigen::LDLT<Matrix3> ldlt(scaled);
  if (!(ldlt.info() == Eigen::Success && ldlt.isPositive() && ldlt.rcond() > 1e-12))
    throw NumericalError(
        "recovery curve: the parameters of RC(V) = a/(1 + (b/V)^c) are not determined by the "
        "points (singular normal equations): measure more distinct volumes around the curve's rise");
  const double s2 = best_sum / static_cast<double>(d.v.size() - k);
  const Matrix3 cov_theta = s2 * (scale.asDiagonal() * ldlt.solve(Matrix3::Identity()) * scale.asDiagonal());

  RecoveryCurve curve;
  curve.a = best.a;
  curve.b_mL = std::exp(best.log_b);
  curve.c = std::exp(best.log_c);
  const Vector3 jacobian(1.0, curve.b_mL, curve.c);  // ∂(a, b, c)/∂θ, diagonal
  const Matrix3 cov = jacobian.asDiagonal() * cov_theta * jacobian.asDiagonal();
  for (std::size_t r = 0; r < k; ++r)
    for (std::size_t q = 0; q < k; ++q)
      curve.covariance[r * k + q] = cov(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(q));
  curve.volume_min_mL = distinct.front();
  curve.volume_max_mL = distinct.back();
  return curve;
}

}  // namespace rptdose::quantification
