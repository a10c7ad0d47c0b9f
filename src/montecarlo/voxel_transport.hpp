#pragma once
// Internal: transport of electrons, positrons and photons through a VoxelGeometry (docs/monte-carlo.md).
//
// Photons: Woodcock (delta) tracking against a majorant μ_max(E) = max over materials of ρ_max(material)·(μ/ρ)(E),
// so a photon flies through voxel boundaries without stopping; at each tentative collision the real interaction
// is accepted with μ(voxel)/μ_max and chosen by the XCOM components of the voxel's material:
//  * photoelectric: a photoelectron of the photon's energy (binding energy and fluorescence deposited with it:
//    K-shell energies of tissue elements are below 4.1 keV (Ca), ranges of micrometres);
//  * incoherent: Klein–Nishina angles and energies (the XCOM cross-section carries the binding correction), the
//    Compton electron along the momentum transfer;
//  * coherent: no energy loss; angle from the Thomson distribution times a screened-hydrogenic atomic form factor
//    F(x)/Z = (1 + b x²)⁻², b = (2π a₀)² Z_eff^(−2/3) (x = sin(θ/2)/λ in 1/Å; Thomas–Fermi Z^(−1/3) scaling of the
//    atomic radius). Approximate in shape, exact in how often; coherent is 1–5 % of μ at 100–400 keV in tissue;
//  * pair: electron and positron share E − 2mc² uniformly, along the photon; the positron annihilates into two
//    0.511 MeV photons where it stops.
// Electrons: class-II condensed history as in kernels/electron_monte_carlo.cpp, with each voxel's material and
// density: continuous loss by the restricted collision stopping power plus soft bremsstrahlung; Møller knock-ons
// above the cut-off and bremsstrahlung photons above kBremsstrahlungCutoff_MeV produced explicitly; multiple
// scattering by the random-hinge method; steps end at voxel boundaries (so materials change only between steps).
// Bremsstrahlung spectrum: k·dσ/dk constant in k (Kramers' thin-target shape), normalised to the radiative
// stopping power: σ(k > k_c) = S_rad ln(E/k_c)/E, soft loss S_rad·k_c/E; photons emitted along the electron.
// Range rejection: an electron whose largest possible residual path (CSDA range of the continuous loss alone, an
// upper bound of any path in this scheme) is shorter than the distance to its voxel's nearest face deposits its
// energy in that voxel — exact for the voxel tally except for the bremsstrahlung it would have made (below 0.1 %
// of the energy of electrons under 300 keV in tissue, ESTAR radiation yield).
#include <cstdint>
#include <vector>

#include "../kernels/monte_carlo_support.hpp"
#include "chunk_tally.hpp"
#include "counter_random.hpp"
#include "decay_emissions.hpp"
#include "rptdose/montecarlo/monte_carlo_dose.hpp"

namespace rptdose::montecarlo::detail {

using Vec3 = kernels::mc::Vec3;

struct Particle {
  Vec3 position_cm;  ///< from the corner of voxel (0, 0, 0), along the grid's axes
  Vec3 direction;
  double energy_MeV;
  ParticleKind kind;
  bool photon_origin;  ///< comes from a decay photon (for the photon component)
};

/// Bremsstrahlung photons below this energy are part of the continuous loss (10 keV photons travel 2 mm in tissue).
inline constexpr double kBremsstrahlungCutoff_MeV = 0.01;

class VoxelTransport {
 public:
  VoxelTransport(const VoxelGeometry& geometry, const MonteCarloOptions& options);

  /// A particle emitted isotropically by a decay at `position_cm` in `voxel`: an electron that cannot leave the
  /// voxel is absorbed at once (range rejection before its direction is drawn), else it is followed by run().
  void emit(ParticleKind kind, double energy_MeV, const Vec3& position_cm, std::int64_t voxel, CounterRandom& random,
            ChunkTally& tally, std::vector<Particle>& stack) const;

  /// Follows `start` and every secondary it makes to the end; energy into `tally` (deposited or escaped).
  void run(const Particle& start, CounterRandom& random, ChunkTally& tally, std::vector<Particle>& stack) const;

  /// Woodcock tracking: moves photon `p` to its next real collision and returns that voxel, or −1 when it leaves
  /// the grid first; (bin, f) locate its energy.
  std::int64_t fly_to_collision(Particle& p, CounterRandom& random, std::size_t& bin, double& f) const;

  /// Voxel of a position, or −1 outside the grid.
  std::int64_t voxel_of(const Vec3& p) const {
    const double fx = p.x * inverse_spacing_cm_[0], fy = p.y * inverse_spacing_cm_[1],
                 fz = p.z * inverse_spacing_cm_[2];
    if (!(fx >= 0.0 && fy >= 0.0 && fz >= 0.0 && fx < size_[0] && fy < size_[1] && fz < size_[2])) return -1;
    return static_cast<std::int64_t>(fx) +
           static_cast<std::int64_t>(size_[0]) *
               (static_cast<std::int64_t>(fy) + static_cast<std::int64_t>(size_[1]) * static_cast<std::int64_t>(fz));
  }
  const std::array<double, 3>& spacing_cm() const { return spacing_cm_; }

 private:
  struct MaterialData {
    MaterialTables tables;
    std::vector<double> continuous_stopping;  // restricted collision + soft radiative, MeV cm²/g
    std::vector<double> moller;               // cm²/g
    std::vector<double> bremsstrahlung;       // cm²/g, photons above kBremsstrahlungCutoff_MeV
    std::vector<double> max_range;            // ∫ dE / continuous_stopping, g/cm²
    double z_eff = 1.0;                       // mass-weighted mean Z (coherent form factor)
  };

  static MaterialData material_data(const Material& material, const PhysicsSettings& physics);
  void photon(Particle p, CounterRandom& random, ChunkTally& tally, std::vector<Particle>& stack) const;
  void electron(Particle e, CounterRandom& random, ChunkTally& tally, std::vector<Particle>& stack) const;
  void deposit_at(const Vec3& p, double energy_MeV, bool photon_origin, ChunkTally& tally) const;
  double distance_to_exit(const Vec3& p, const Vec3& d, std::int64_t voxel) const;
  double distance_to_nearest_face(const Vec3& p) const;
  /// Below the cut-off, or (range rejection) its largest residual path is shorter than the way out of `voxel`.
  bool absorbed_where_it_is(double energy_MeV, const Vec3& position_cm, std::int64_t voxel) const;

  const std::uint16_t* material_;
  const float* density_;
  std::array<double, 3> size_;
  std::array<double, 3> spacing_cm_, inverse_spacing_cm_;
  LogEnergyGrid grid_;
  std::vector<MaterialData> materials_;
  std::vector<double> majorant_per_cm_;
  double electron_cutoff_MeV_, photon_cutoff_MeV_, knock_on_cutoff_MeV_;
  bool range_rejection_;
  kernels::mc::ScreeningInverse screening_;
};

}  // namespace rptdose::montecarlo::detail
