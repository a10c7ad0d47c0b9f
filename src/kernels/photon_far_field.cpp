#include "rptdose/kernels/photon_far_field.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/kernels/voxel_integration.hpp"

namespace rptdose::kernels {

double photon_far_weight(double r_mm, double split_radius_mm) {
  const double x = r_mm / split_radius_mm;
  if (x >= 1.0) return 1.0;
  const double near = 1.0 - x * x;
  return 1.0 - near * near * near;
}

PhotonFarField::PhotonFarField(RadialProfile photon_profile, double split_radius_mm, double density_g_per_ml)
    : shell_width_mm_(photon_profile.shell_width_mm()),
      split_radius_mm_(split_radius_mm),
      density_g_per_ml_(density_g_per_ml),
      reach_mm_(photon_profile.max_radius_mm()) {
  if (!(split_radius_mm > 0.0 && std::isfinite(split_radius_mm)))
    throw InvalidInput("the photon split radius must be positive and finite, got " + std::to_string(split_radius_mm) +
                       " mm");
  if (!(density_g_per_ml > 0.0 && std::isfinite(density_g_per_ml)))
    throw InvalidInput("the far photon field needs a positive density, got " + std::to_string(density_g_per_ml));
  const auto& shells = photon_profile.shell_energy_MeV();
  cumulative_far_MeV_.assign(shells.size() + 1, 0.0);
  for (std::size_t s = 0; s < shells.size(); ++s)
    cumulative_far_MeV_[s + 1] =
        cumulative_far_MeV_[s] +
        shells[s] * photon_far_weight((static_cast<double>(s) + 0.5) * shell_width_mm_, split_radius_mm_);
}

double PhotonFarField::far_energy_within_MeV(double r_mm) const {
  const double x = std::max(0.0, r_mm) / shell_width_mm_;
  const auto shell = static_cast<std::size_t>(x);
  if (shell + 1 >= cumulative_far_MeV_.size()) return cumulative_far_MeV_.back();
  const double t = x - static_cast<double>(shell);
  return (1.0 - t) * cumulative_far_MeV_[shell] + t * cumulative_far_MeV_[shell + 1];
}

double PhotonFarField::dose_Gy_per_Bq_s(double r_mm, double window_mm) const {
  double energy_MeV_per_mm3 = 0.0;
  if (r_mm < window_mm) {
    // The mean over the ball of radius w: (∫₀^w (dE/dr)·g dr) / (4πw³/3).
    energy_MeV_per_mm3 = far_energy_within_MeV(window_mm) / (4.0 / 3.0 * std::numbers::pi * std::pow(window_mm, 3));
  } else {
    // ε·g = (dE/dr)·g/(4πr²), (dE/dr)·g averaged over the window.
    const double de_dr = (far_energy_within_MeV(r_mm + window_mm) - far_energy_within_MeV(r_mm - window_mm)) /
                         (2.0 * window_mm);  // MeV/mm per decay
    energy_MeV_per_mm3 = de_dr / (4.0 * std::numbers::pi * r_mm * r_mm);
  }
  // MeV/mm³ → J/kg: × J/MeV ÷ (ρ g/mL · kg/g ÷ mm³/mL).
  const double kg_per_mm3 = density_g_per_ml_ * units::kKgPerGram / units::kMm3PerMl;
  return energy_MeV_per_mm3 * units::kJoulePerMeV / kg_per_mm3;
}

Volume<double> PhotonFarField::sampled(const Vector3& spacing_mm, const std::array<int, 3>& half_size,
                                       ParallelOptions parallel) const {
  Volume<double> values(kernel_grid(spacing_mm, half_size));
  const double window_mm = 0.5 * spacing_mm.minCoeff();
  const Size3& size = values.grid().size();
  parallel.grain = 1;
  parallel_for(
      0, size[2],
      [&](std::size_t begin, std::size_t end) {
        for (std::size_t k = begin; k < end; ++k)
          for (std::size_t j = 0; j < size[1]; ++j)
            for (std::size_t i = 0; i < size[0]; ++i) {
              const double dx = (static_cast<double>(i) - half_size[0]) * spacing_mm[0];
              const double dy = (static_cast<double>(j) - half_size[1]) * spacing_mm[1];
              const double dz = (static_cast<double>(k) - half_size[2]) * spacing_mm[2];
              values(i, j, k) = dose_Gy_per_Bq_s(std::sqrt(dx * dx + dy * dy + dz * dz), window_mm);
            }
      },
      parallel);
  return values;
}

}  // namespace rptdose::kernels
