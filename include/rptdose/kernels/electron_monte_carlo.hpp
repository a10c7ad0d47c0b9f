#pragma once
// rptdose::kernels — a compact class-II condensed-history Monte Carlo for electrons in water or soft tissue that
// produces scaled monoenergetic dose-point kernels: the radial distribution of the energy an isotropic point source of
// electrons deposits, in units of the CSDA range r0. Its tabulated output is versioned data
// (data/kernels/electron_point_kernels_water.csv, made by build/bin/rptdose-make-point-kernels); the library
// reads the table and never runs transport at kernel-generation time.
//
// Physics (electron_physics.hpp): continuous slowing down with the restricted Bethe stopping power, explicit
// Møller knock-on electrons above a cut-off (they are transported too, which gives the energy-loss straggling
// that softens the kernel edge), and multiple elastic scattering through the random-hinge method with a
// screened-Rutherford deflection whose first moment matches the transport mean free path over each step.
// Depends on core and kernels/electron_physics only.
#include <cstdint>
#include <vector>

#include "rptdose/core/parallel.hpp"
#include "rptdose/kernels/electron_physics.hpp"
#include "rptdose/kernels/point_kernel_table.hpp"

namespace rptdose::kernels {

struct ElectronMonteCarloOptions {
  std::uint64_t histories = 200000;
  std::uint64_t seed = 20261125;
  /// Fraction of the electron's energy lost (continuously) per condensed-history step.
  double step_energy_fraction = 0.02;
  /// Bin width of the tally in units of r0 (scaled radius x = r / r0), and the tally extent.
  double bin_width = 0.01;
  double max_scaled_radius = 1.5;
  /// Knock-on and tracking cut-off: this fraction of the start energy, clamped to [1 keV, 20 keV]. Energy
  /// below it is deposited where the electron stops.
  double cutoff_fraction = 0.01;
  /// The medium (composition, I, density effect); the scale length is its CSDA range.
  electrons::Medium medium = electrons::Medium::liquid_water();
  ParallelOptions parallel{0, 1};
};

/// Runs the transport for electrons of `energy_MeV` (0.005 to 10 MeV) from a point in an infinite medium.
/// Deterministic for a given seed whatever the thread count.
ScaledPointKernel simulate_electron_point_kernel(double energy_MeV, const ElectronMonteCarloOptions& options = {});

}  // namespace rptdose::kernels
