#pragma once
// rptdose::kernels — the radial energy-deposition profile of an isotropic point source in a homogeneous medium:
// how much energy (MeV per decay) lands in each thin spherical shell around the source. Every physical model
// (local deposition, electron and photon point kernels) produces one; voxel_integration.hpp turns it into voxel
// S-values. Within a shell the energy is spread uniformly in radius (piecewise-constant dE/dr).
// Depends on core only.
#include <array>
#include <cstddef>
#include <vector>

namespace rptdose::kernels {

class RadialProfile {
 public:
  /// Shells [i·w, (i+1)·w) for i < shell_count, w = shell_width_mm.
  RadialProfile(double shell_width_mm, std::size_t shell_count);

  double shell_width_mm() const { return shell_width_mm_; }
  double max_radius_mm() const { return shell_width_mm_ * static_cast<double>(shell_energy_MeV_.size()); }
  const std::vector<double>& shell_energy_MeV() const { return shell_energy_MeV_; }
  /// Energy deposited at the source point itself (alphas, recoils: ranges far below any voxel).
  double point_energy_MeV() const { return point_energy_MeV_; }
  /// Energy emitted per decay that this profile does not deposit within max_radius_mm (photons escaping the
  /// kernel radius; electrons beyond it if the radius is too small).
  double escaped_energy_MeV() const { return escaped_energy_MeV_; }
  double deposited_energy_MeV() const;

  void add_point(double energy_MeV) { point_energy_MeV_ += energy_MeV; }
  /// Adds `energy_MeV` spread uniformly in radius over [r_begin, r_end) (mm); what lies beyond the last shell is
  /// counted as escaped.
  void add_uniform(double r_begin_mm, double r_end_mm, double energy_MeV);
  void add_escaped(double energy_MeV) { escaped_energy_MeV_ += energy_MeV; }
  RadialProfile& operator+=(const RadialProfile& other);
  RadialProfile& operator*=(double factor);

  /// dE/dr (MeV per mm per decay) at radius r, excluding the point part.
  double density_MeV_per_mm(double r_mm) const;
  /// dE/dr interpolated linearly between shell centres: a smooth version for quadrature away from the source.
  double smooth_density_MeV_per_mm(double r_mm) const;
  /// Radial moments M_k(R) = ∫₀^R (dE/dr) r^k dr for k = 0..3 (MeV·mm^k) of the shells (the point part is not
  /// included). Exact for the piecewise-constant profile. R beyond the last shell gives the totals.
  std::array<double, 4> moments(double r_mm) const;
  /// Energy per decay (MeV) that a source spread uniformly in a sphere of radius R (mm) absorbs within that sphere:
  /// E_point + ∫_0^{2R} (dE/dr)·P(r) dr, P(r) = 1 − 3r/(4R) + r³/(16R³) the probability that the point at distance
  /// r, in a random direction, from a uniformly random point of the sphere lies in it (docs/compare.md derives
  /// it). Exact for the piecewise-constant profile (from the moments). The self-dose of a sphere of mass m is
  /// Ã·E/m.
  double absorbed_in_sphere_MeV(double radius_mm) const;
  /// The smallest radius beyond which nothing is deposited (mm).
  double support_radius_mm() const;

 private:
  void ensure_cumulative() const;
  double shell_width_mm_;
  std::vector<double> shell_energy_MeV_;
  double point_energy_MeV_ = 0.0;
  double escaped_energy_MeV_ = 0.0;
  // Cumulative moments at shell boundaries, rebuilt lazily after a change.
  mutable std::vector<std::array<double, 4>> cumulative_;
  mutable bool cumulative_valid_ = false;
};

}  // namespace rptdose::kernels
