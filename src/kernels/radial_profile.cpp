#include "rptdose/kernels/radial_profile.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "rptdose/core/error.hpp"

namespace rptdose::kernels {

RadialProfile::RadialProfile(double shell_width_mm, std::size_t shell_count)
    : shell_width_mm_(shell_width_mm), shell_energy_MeV_(shell_count, 0.0) {
  if (!(shell_width_mm > 0.0) || !std::isfinite(shell_width_mm) || shell_count == 0)
    throw InvalidInput("radial profile needs a positive finite shell width and at least one shell (got width " +
                       std::to_string(shell_width_mm) + " mm, " + std::to_string(shell_count) + " shells)");
}

double RadialProfile::deposited_energy_MeV() const {
  double total = point_energy_MeV_;
  for (const double e : shell_energy_MeV_) total += e;
  return total;
}

void RadialProfile::add_uniform(double r_begin_mm, double r_end_mm, double energy_MeV) {
  cumulative_valid_ = false;
  if (!(r_end_mm > r_begin_mm)) {
    // A degenerate interval: all the energy at one radius.
    const auto shell = static_cast<std::size_t>(std::max(0.0, r_begin_mm) / shell_width_mm_);
    if (shell < shell_energy_MeV_.size())
      shell_energy_MeV_[shell] += energy_MeV;
    else
      escaped_energy_MeV_ += energy_MeV;
    return;
  }
  const double density = energy_MeV / (r_end_mm - r_begin_mm);
  const double limit = max_radius_mm();
  if (r_end_mm > limit) {
    escaped_energy_MeV_ += density * (r_end_mm - std::max(r_begin_mm, limit));
    r_end_mm = limit;
    if (r_begin_mm >= limit) return;
  }
  auto first = static_cast<std::size_t>(r_begin_mm / shell_width_mm_);
  const auto last = std::min(static_cast<std::size_t>(r_end_mm / shell_width_mm_), shell_energy_MeV_.size() - 1);
  for (std::size_t s = first; s <= last; ++s) {
    const double lo = std::max(r_begin_mm, static_cast<double>(s) * shell_width_mm_);
    const double hi = std::min(r_end_mm, static_cast<double>(s + 1) * shell_width_mm_);
    if (hi > lo) shell_energy_MeV_[s] += density * (hi - lo);
  }
}

RadialProfile& RadialProfile::operator+=(const RadialProfile& other) {
  if (other.shell_width_mm_ != shell_width_mm_ || other.shell_energy_MeV_.size() != shell_energy_MeV_.size())
    throw InvalidInput("radial profiles with different shells cannot be added");
  for (std::size_t s = 0; s < shell_energy_MeV_.size(); ++s) shell_energy_MeV_[s] += other.shell_energy_MeV_[s];
  point_energy_MeV_ += other.point_energy_MeV_;
  escaped_energy_MeV_ += other.escaped_energy_MeV_;
  cumulative_valid_ = false;
  return *this;
}

RadialProfile& RadialProfile::operator*=(double factor) {
  for (double& e : shell_energy_MeV_) e *= factor;
  point_energy_MeV_ *= factor;
  escaped_energy_MeV_ *= factor;
  cumulative_valid_ = false;
  return *this;
}

double RadialProfile::density_MeV_per_mm(double r_mm) const {
  if (r_mm < 0.0) return 0.0;
  const auto shell = static_cast<std::size_t>(r_mm / shell_width_mm_);
  return shell < shell_energy_MeV_.size() ? shell_energy_MeV_[shell] / shell_width_mm_ : 0.0;
}

double RadialProfile::smooth_density_MeV_per_mm(double r_mm) const {
  const double x = r_mm / shell_width_mm_ - 0.5;
  if (x <= 0.0) return density_MeV_per_mm(0.0);
  const auto s = static_cast<std::size_t>(x);
  if (s + 1 >= shell_energy_MeV_.size()) return density_MeV_per_mm(r_mm);
  const double t = x - static_cast<double>(s);
  return ((1.0 - t) * shell_energy_MeV_[s] + t * shell_energy_MeV_[s + 1]) / shell_width_mm_;
}

void RadialProfile::ensure_cumulative() const {
  if (cumulative_valid_) return;
  cumulative_.assign(shell_energy_MeV_.size() + 1, {0.0, 0.0, 0.0, 0.0});
  for (std::size_t s = 0; s < shell_energy_MeV_.size(); ++s) {
    const double density = shell_energy_MeV_[s] / shell_width_mm_;
    const double r0 = static_cast<double>(s) * shell_width_mm_;
    const double r1 = r0 + shell_width_mm_;
    double p0 = r0, p1 = r1;
    for (int k = 0; k < 4; ++k) {
      cumulative_[s + 1][k] = cumulative_[s][k] + density * (p1 - p0) / (k + 1);
      p0 *= r0;
      p1 *= r1;
    }
  }
  cumulative_valid_ = true;
}

std::array<double, 4> RadialProfile::moments(double r_mm) const {
  ensure_cumulative();
  if (r_mm <= 0.0) return {0.0, 0.0, 0.0, 0.0};
  const auto shell = static_cast<std::size_t>(r_mm / shell_width_mm_);
  if (shell >= shell_energy_MeV_.size()) return cumulative_.back();
  std::array<double, 4> m = cumulative_[shell];
  const double density = shell_energy_MeV_[shell] / shell_width_mm_;
  const double r0 = static_cast<double>(shell) * shell_width_mm_;
  double p0 = r0, p1 = r_mm;
  for (int k = 0; k < 4; ++k) {
    m[k] += density * (p1 - p0) / (k + 1);
    p0 *= r0;
    p1 *= r_mm;
  }
  return m;
}

double RadialProfile::support_radius_mm() const {
  for (std::size_t s = shell_energy_MeV_.size(); s > 0; --s)
    if (shell_energy_MeV_[s - 1] != 0.0) return static_cast<double>(s) * shell_width_mm_;
  return 0.0;
}

double RadialProfile::absorbed_in_sphere_MeV(double radius_mm) const {
  // P(r) integrated against dE/dr with the radial moments M_k(2R) = ∫_0^{2R} (dE/dr) r^k dr.
  const auto m = moments(2.0 * radius_mm);
  return point_energy_MeV_ + m[0] - 0.75 * m[1] / radius_mm + m[3] / (16.0 * radius_mm * radius_mm * radius_mm);
}

}  // namespace rptdose::kernels
