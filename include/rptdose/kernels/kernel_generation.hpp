#pragma once
// rptdose::kernels — voxel S-value kernels generated from ICRP-107 emissions for any nuclide (with its decay
// chain), any voxel size and shape, in water or soft tissue at any density (DESIGN.md §3, docs/physics.md):
//  * alphas and alpha recoils deposit their energy in the source voxel (ranges < 0.1 mm);
//  * electrons (summed beta- spectrum, beta+ and delayed-beta branches at their mean energies, conversion and
//    Auger lines) through the Monte Carlo electron point kernels of water (electron_point_kernels.hpp);
//  * photons (gamma, X-ray, annihilation) through the Monte Carlo photon point kernels of water
//    (photon_point_kernels.hpp), followed to a chosen radius; what travels farther is reported as escaped; or,
//    with a photon split radius (full range), split smoothly into a near part on the kernel's grid and a far part
//    followed to the end of the point kernel tables (photon_far_field.hpp);
// each integrated exactly over source and target voxels (voxel_integration.hpp). Other media are modelled as
// water scaled by density (distances ∝ 1/ρ, dose per energy ∝ 1/ρ).
// Depends on core, nuclides and the other kernels headers.
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "rptdose/core/grid.hpp"
#include "rptdose/core/parallel.hpp"
#include "rptdose/kernels/dose_kernel.hpp"
#include "rptdose/kernels/radial_profile.hpp"
#include "rptdose/nuclides/chain.hpp"

namespace rptdose::kernels {

enum class Medium { Water, SoftTissue };
std::string_view medium_name(Medium medium);
/// "water" or "soft-tissue" (also "soft_tissue", "tissue"); throws InvalidInput otherwise.
Medium parse_medium(std::string_view name);
/// Nominal density: water 1.00 g/mL; soft tissue 1.04 g/mL (the ICRU soft tissue of the Monte Carlo VSV databases,
/// e.g. Lanconelli et al. 2012, and of the CLI contract).
double nominal_density_g_per_ml(Medium medium);

/// Largest kernel half-size accepted per axis (a 401³ kernel of doubles is 0.5 GB).
inline constexpr int kMaxKernelHalfSize = 200;

struct KernelOptions {
  Vector3 spacing_mm{4.8, 4.8, 4.8};
  std::array<int, 3> half_size{5, 5, 5};
  Medium medium = Medium::SoftTissue;
  /// Overrides the medium's nominal density (g/mL).
  std::optional<double> density_g_per_ml;
  /// Photons are followed to this radius (mm); energy deposited farther away is left out. Default (nullopt): the
  /// distance to the kernel's farthest corner. 0 removes photons.
  std::optional<double> photon_radius_mm;
  /// Full range: the photon component holds only the near part ε·(1 − g) of the photons split at this radius
  /// (mm, photon_far_field.hpp; it must fit in the kernel: ≤ half_size·spacing on every axis), and the kernel
  /// carries the far part ε·g, followed to photon_radius_mm or else to the end of the point kernel tables.
  std::optional<double> photon_split_radius_mm;
  nuclides::ChainOptions chain;
  ParallelOptions parallel;

  double density() const { return density_g_per_ml.value_or(nominal_density_g_per_ml(medium)); }
  /// Throws InvalidInput naming the first bad value.
  void validate() const;
};

/// Half-sizes that reach `radius_mm` along every axis: N_a = ceil(radius / spacing_a − 1e-9).
std::array<int, 3> half_size_for_radius(const Vector3& spacing_mm, double radius_mm);

/// Radial energy-deposition profiles (MeV per decay of the member) of one nuclide, by component.
struct ComponentProfiles {
  RadialProfile alpha, electron, photon;
};
ComponentProfiles nuclide_profiles(const nuclides::Nuclide& nuclide, const KernelOptions& options,
                                   double shell_width_mm, std::size_t shell_count, double photon_radius_mm);

/// The profiles of a whole chain (MeV per parent decay): each member's nuclide_profiles times its decays per parent
/// decay (in-situ, or with the chain's leaving fractions); electrons to the chain's farthest electron but at most
/// `electron_cap_mm`, photons to `photon_radius_mm` (farther: escaped; 0: no photons).
ComponentProfiles chain_profiles(const nuclides::DecayChain& chain, const KernelOptions& options, double shell_width_mm,
                                 double electron_cap_mm, double photon_radius_mm);
/// The farthest distance (mm) the photon point kernel tables reach for the photons of `chain` at density `rho` (g/mL).
double photon_table_reach_mm(const nuclides::DecayChain& chain, double rho);

/// The kernel of `parent` and its chain (in-situ equilibrium, options.chain).
DoseKernel generate_kernel(std::string_view parent, const KernelOptions& options);
DoseKernel generate_kernel(const nuclides::DecayChain& chain, const KernelOptions& options);

}  // namespace rptdose::kernels
