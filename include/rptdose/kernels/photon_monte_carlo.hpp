#pragma once
// rptdose::kernels — a compact Monte Carlo for photons in liquid water that produces scaled monoenergetic photon
// point kernels (the radial distribution, in mean free paths of the start energy, of the energy an isotropic
// point source deposits). Its tabulated output is versioned data (data/kernels/photon_point_kernels_water.csv,
// made by build/bin/rptdose-make-point-kernels); the library reads the table.
//
// Physics: interaction coefficients of photon_interactions.hpp; incoherent scattering with Klein–Nishina angles
// (binding changes the total, which the incoherent cross-section includes, more than the angles); photoelectric
// absorption and the energy of Compton electrons
// deposited where the interaction happens (secondary-electron ranges are mm at most, much shorter than photon
// paths: the kerma approximation); pair production deposits E − 2mc² locally and emits two 0.511 MeV photons
// back to back. Coherent scattering is left out (it deposits nothing and deflects by small angles; < 5 % of μ
// above 60 keV). Depends on core and kernels/point_kernel_table.
#include <cstdint>

#include "rptdose/core/parallel.hpp"
#include "rptdose/kernels/photon_interactions.hpp"
#include "rptdose/kernels/point_kernel_table.hpp"

namespace rptdose::kernels {

struct PhotonMonteCarloOptions {
  std::uint64_t histories = 1000000;
  std::uint64_t seed = 20261125;
  /// Tally bin width and extent in mean free paths of the start energy.
  double bin_width = 0.02;
  double max_scaled_radius = 16.0;
  ParallelOptions parallel{0, 1};
};

/// Scaled point kernel of photons of `energy_MeV` (0.001–10 MeV): scale length 1/μ(E) in g/cm², μ being the
/// transport attenuation (coherent scattering excluded).
ScaledPointKernel simulate_photon_point_kernel(double energy_MeV, const PhotonInteractions& interactions,
                                               const PhotonMonteCarloOptions& options = {});

}  // namespace rptdose::kernels
