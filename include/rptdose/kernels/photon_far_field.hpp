#pragma once
// rptdose::kernels — the far part of the photon point kernel, for full-range photon dose on a coarse grid
// (dose::DoseCalculator; docs/dose-engine.md "Full-range photons").
//
// The photon energy per unit volume around a point source, ε(r) = (dE/dr)/(4πr²), is split smoothly at a radius
// R into a near part ε·(1 − g) (zero beyond R; voxel-integrated exactly on the image's grid as the kernel's photon
// component) and a far part ε·g, with
//     g(r) = 1 − (1 − x²)³ for x = r/R < 1, g = 1 beyond.
// g is C² at R (g' and g'' vanish there: a kink in the curvature would be what a coarse grid renders worst) and
// g = x²(3 − 3x² + x⁴) ~ 3x² at the source, so the far part ε·g = (dE/dr)(3 − 3x² + x⁴)/(4πR²) is finite and
// smooth inside R (dE/dr of photons is finite at the source: the primaries' deposition goes as e^{−μr}) and equals
// ε beyond: smooth enough to be convolved on a grid a few times coarser than the image and interpolated back.
// 1 − g = (1 − x²)³ ≥ 0, so both parts are non-negative and add up to ε exactly.
// Depends on core and kernels/radial_profile.
#include <array>
#include <vector>

#include "rptdose/core/grid.hpp"
#include "rptdose/core/parallel.hpp"
#include "rptdose/core/volume.hpp"
#include "rptdose/kernels/radial_profile.hpp"

namespace rptdose::kernels {

/// g(r) of the split at `split_radius_mm` (see above): the share of ε at distance r that is the far part.
double photon_far_weight(double r_mm, double split_radius_mm);

class PhotonFarField {
 public:
  /// The far part of `photon_profile` (the whole photon profile, MeV per decay, in a medium of density
  /// `density_g_per_ml`) split at `split_radius_mm` > 0.
  PhotonFarField(RadialProfile photon_profile, double split_radius_mm, double density_g_per_ml);

  double split_radius_mm() const { return split_radius_mm_; }
  /// How far the profile reaches (mm): photons are followed this far.
  double reach_mm() const { return reach_mm_; }
  /// Energy per decay (MeV) of the far part within reach_mm().
  double deposited_energy_MeV() const { return cumulative_far_MeV_.back(); }

  /// Absorbed dose per decay, Gy/(Bq·s), of the far part at a point at distance r from the source: ε·g over the
  /// medium's density, with (dE/dr)·g averaged over [r − w, r + w] (w = `window_mm`: smoothing the Monte Carlo
  /// noise of the point kernel tables over the scale of the grid that samples it); for r < w, the mean of ε·g over
  /// the ball of radius w (so what photons deposit right at the source, ε·g ≈ 0 in energy, stays out).
  double dose_Gy_per_Bq_s(double r_mm, double window_mm) const;
  /// The far part sampled at the voxel centres of a kernel grid (kernel_grid(spacing_mm, half_size)): point values
  /// in Gy/(Bq·s), windows of half the smallest voxel edge.
  Volume<double> sampled(const Vector3& spacing_mm, const std::array<int, 3>& half_size,
                         ParallelOptions parallel = {}) const;

 private:
  /// ∫₀^r (dE/dr)·g dr (MeV per decay) at r = shell boundaries of the photon profile.
  double far_energy_within_MeV(double r_mm) const;
  std::vector<double> cumulative_far_MeV_;
  double shell_width_mm_;
  double split_radius_mm_;
  double density_g_per_ml_;
  double reach_mm_;
};

}  // namespace rptdose::kernels
