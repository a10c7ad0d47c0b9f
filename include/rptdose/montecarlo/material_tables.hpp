#pragma once
// rptdose::montecarlo — per-material interaction tables on one logarithmic energy grid: what the transport looks
// up at every step. Built once per material from elemental data (data/montecarlo/, sources in data/SOURCES.md):
//  * photons: NIST XCOM (Berger et al., NIST SRD 8) coherent, incoherent (with binding), photoelectric and pair
//    (nuclear + electron field) cross-sections of each element, combined by mass fraction (mixture rule);
//  * electrons: the Bethe collision stopping power with the material's mean excitation energy and Sternheimer
//    density effect (kernels/electron_physics.hpp, generalised to any composition), the Møller cross-section for
//    knock-ons above the cut-off, the screened-Rutherford transport cross-section, and the radiative stopping
//    power of each element (NIST ESTAR, Berger et al., NIST SRD 124) combined by mass fraction.
// Energies in MeV; mass coefficients in cm²/g; stopping powers in MeV cm²/g; ranges in g/cm².
#include <cmath>
#include <cstddef>
#include <vector>

#include "rptdose/montecarlo/materials.hpp"

namespace rptdose::montecarlo {

/// Points uniform in ln E from min_MeV to max_MeV.
class LogEnergyGrid {
 public:
  LogEnergyGrid(double min_MeV = 1e-3, double max_MeV = 20.0, std::size_t points = 2048);
  std::size_t size() const { return points_; }
  double min_MeV() const { return min_MeV_; }
  double max_MeV() const { return max_MeV_; }
  double energy_MeV(std::size_t i) const { return min_MeV_ * std::exp(static_cast<double>(i) * step_); }
  /// Bin and fraction for linear interpolation in ln E between points bin and bin+1; clamped to the grid.
  void locate(double energy_MeV, std::size_t& bin, double& fraction) const {
    double x = (std::log(energy_MeV) - log_min_) * inverse_step_;
    if (!(x > 0.0)) x = 0.0;
    const double last = static_cast<double>(points_ - 1);
    if (x >= last) x = last - 1e-9;
    bin = static_cast<std::size_t>(x);
    fraction = x - static_cast<double>(bin);
  }

 private:
  double min_MeV_, max_MeV_;
  std::size_t points_;
  double log_min_, step_, inverse_step_;
};

/// Linear interpolation of `values` (one per grid point) at a located (bin, fraction).
inline double interpolate(const std::vector<double>& values, std::size_t bin, double fraction) {
  return values[bin] + fraction * (values[bin + 1] - values[bin]);
}

struct PhysicsSettings {
  LogEnergyGrid grid{};
  /// Knock-on (Møller) electrons above this kinetic energy are produced explicitly; below, collision losses are
  /// continuous (restricted stopping power).
  double knock_on_cutoff_MeV = 0.02;
};

struct PhotonTables {
  std::vector<double> coherent;       ///< cm²/g
  std::vector<double> incoherent;     ///< cm²/g, XCOM (binding included)
  std::vector<double> photoelectric;  ///< cm²/g
  std::vector<double> pair;           ///< cm²/g, nuclear + electron field
  std::vector<double> total;          ///< cm²/g, the sum of the four
};

struct ElectronTables {
  std::vector<double> collision_stopping;             ///< S_col/ρ, unrestricted, MeV cm²/g
  std::vector<double> restricted_collision_stopping;  ///< L_Δ/ρ below the knock-on cut-off, MeV cm²/g
  std::vector<double> radiative_stopping;             ///< S_rad/ρ, MeV cm²/g
  std::vector<double> moller_cross_section;           ///< knock-ons above the cut-off, cm²/g
  std::vector<double> transport_cross_section;        ///< elastic first-moment cross-section, cm²/g
  std::vector<double> csda_range;                     ///< ∫ dE / (S_col + S_rad) from 1 keV, g/cm² (ESTAR's)
};

struct MaterialTables {
  Material material;
  double mean_excitation_eV;  ///< I used (given or Bragg additivity)
  PhotonTables photons;
  ElectronTables electrons;
};

/// Tables of `material` on settings.grid. Thread-safe, deterministic; about 50 ms per material on the default grid
/// (mostly the elastic transport cross-section).
MaterialTables build_material_tables(const Material& material, const PhysicsSettings& settings = {});

}  // namespace rptdose::montecarlo
