#pragma once
// rptdose::kernels — tables of scaled monoenergetic point kernels and the radial profiles built from them.
//
// A scaled point kernel F(x) is the fraction of a particle's energy deposited per unit scaled radius x = r / r_s
// around an isotropic point source in an infinite medium, r_s being a scale length of the energy: the CSDA
// range for electrons, the mean free path 1/μ for photons. Both tables are versioned data made by the Monte
// Carlo programs of this module (electron_monte_carlo.hpp, photon_monte_carlo.hpp) with
// build/bin/rptdose-make-point-kernels:
//   data/kernels/electron_point_kernels_water.csv, data/kernels/photon_point_kernels_water.csv.
//
// Between tabulated energies F is interpolated linearly in ln E at fixed x and r_s log-log; below the first
// energy the first shape is used with the scale length extrapolated log-log (electrons < 10 keV: ranges
// < 2.6 µm), above the last energy the last shape. In a medium of density ρ (g/mL) distances scale as 1/ρ
// (the density-scaling theorem for a homogeneous medium of water-like composition).
// Depends on core, nuclides/nuclide and kernels/radial_profile.
#include <istream>
#include <span>
#include <string>
#include <vector>

#include "rptdose/kernels/radial_profile.hpp"
#include "rptdose/nuclides/nuclide.hpp"

namespace rptdose::kernels {

/// One monoenergetic scaled kernel: F in bins of width `bin_width` starting at x = 0 (∫ F dx + fraction_beyond = 1).
struct ScaledPointKernel {
  double energy_MeV = 0.0;
  double scale_length_g_per_cm2 = 0.0;
  double bin_width = 0.0;
  std::vector<double> values;
  /// Fraction of the energy deposited beyond the last bin (far photon tails; 0 for electrons).
  double fraction_beyond = 0.0;
};

class PointKernelTable {
 public:
  /// Parses the CSV table; `source` names it in error messages.
  PointKernelTable(std::istream& in, const std::string& source);
  /// The bundled tables (loaded once from the data directory; thread-safe).
  static const PointKernelTable& electrons_in_water();
  static const PointKernelTable& photons_in_water();

  const std::vector<ScaledPointKernel>& kernels() const { return kernels_; }
  const std::string& source() const { return source_; }
  /// Scale length (g/cm²) at any energy, interpolated log-log.
  double scale_length_g_per_cm2(double energy_MeV) const;

  /// Adds to `profile` the energy deposition of `count` particles (per decay) of energy `energy_MeV` in a
  /// water-like medium of density `density_g_per_ml`. What lies beyond the profile's last shell or the table's
  /// last bin is counted as escaped.
  void add_line(RadialProfile& profile, double energy_MeV, double count, double density_g_per_ml) const;
  /// Adds a spectrum (ICRP-107 summed beta spectrum, particles per MeV per decay), renormalised so that its mean
  /// energy per decay equals `energy_per_decay_MeV` (the ICRP-107 mean, to conserve energy exactly).
  void add_spectrum(RadialProfile& profile, std::span<const nuclides::SpectrumPoint> spectrum,
                    double energy_per_decay_MeV, double density_g_per_ml) const;

 private:
  /// The tabulated kernels around an energy and its position between them in ln E (outside [0, 1] beyond the
  /// table).
  struct Bracket {
    const ScaledPointKernel& below;
    const ScaledPointKernel& above;
    double log_fraction;
  };
  Bracket bracket(double energy_MeV) const;
  std::vector<ScaledPointKernel> kernels_;
  std::string source_;
};

/// Writes a table in the format PointKernelTable reads (a '#' comment block, a header line, one row per energy).
void write_point_kernel_table(std::ostream& out, const std::string& comment,
                              const std::vector<ScaledPointKernel>& kernels);

}  // namespace rptdose::kernels
