#pragma once
// rptdose::montecarlo — absorbed dose by Monte Carlo transport of every emission of a decay chain through a voxel
// geometry (materials and densities, e.g. from the CT): photons by Woodcock tracking (photoelectric, incoherent,
// coherent, pair), electrons by class-II condensed history with range rejection, alphas and recoils local.
// Decays are sampled ∝ the time-integrated activity (or any activity) map, uniformly within each voxel. Histories
// run in fixed chunks keyed by a counter-based random generator, so the result is the same for any thread count.
// See docs/monte-carlo.md.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rptdose/core/progress.hpp"
#include "rptdose/core/volume.hpp"
#include "rptdose/montecarlo/material_tables.hpp"
#include "rptdose/montecarlo/materials.hpp"
#include "rptdose/nuclides/chain.hpp"

namespace rptdose::montecarlo {

struct MonteCarloOptions {
  /// Decays to simulate. With target_relative_uncertainty as well, the most decays.
  std::optional<std::uint64_t> decays;
  /// Stop when the standard uncertainty of the mean dose of every target VOI (labels ≥ 1 given to
  /// monte_carlo_dose, with at least min_target_voi_ml) is below this fraction.
  std::optional<double> target_relative_uncertainty;
  double min_target_voi_ml = 0.0;
  std::uint64_t seed = 1;
  unsigned threads = 0;  ///< 0: default_thread_count()
  PhysicsSettings physics{};
  /// Electrons (and positrons) below this kinetic energy deposit what they have left where they are.
  double electron_cutoff_MeV = 0.01;
  /// Photons below this energy are absorbed where they are.
  double photon_cutoff_MeV = 0.001;
  /// Range rejection: an electron whose residual range cannot take it out of its voxel deposits there.
  bool range_rejection = true;
  /// Also the maps of dose by emitted radiation (alpha, electron, photon): 3 more image-sized maps.
  bool components = true;
  nuclides::ChainOptions chain{};
  ProgressCallback progress;
};

/// Energy per simulated decay (MeV), for the energy-conservation check: emitted = deposited + escaped.
struct EnergyBalance {
  double emitted_MeV = 0.0;
  double deposited_MeV = 0.0;
  double escaped_MeV = 0.0;  ///< carried out of the grid by photons and electrons
};

struct VoiDose {
  std::uint16_t label;
  double mass_g;
  double mean_dose_Gy;
  double relative_uncertainty;  ///< standard uncertainty of the mean / mean (batch method)
};

struct MonteCarloResult {
  Volume<float> dose_Gy;  ///< absorbed dose (Gy) for the given map (TIA in Bq·s: dose; activity in Bq: Gy/s)
  Volume<float> dose_alpha_Gy, dose_electron_Gy, dose_photon_Gy;  ///< by the radiation that was emitted
  Volume<float> relative_uncertainty;  ///< of dose_Gy per voxel (batch method), 0 where no dose
  std::vector<VoiDose> vois;           ///< per label ≥ 1 when labels were given
  std::uint64_t decays = 0;
  EnergyBalance energy_per_decay;
  double seconds = 0.0;
  std::string describe() const;
};

/// A label map (int32, as io and the pipeline hold them) as monte_carlo_dose's VOI tallies take it. Throws
/// InvalidInput for a label outside 0..65535 (naming it).
Volume<std::uint16_t> voi_tally_labels(const Volume<std::int32_t>& labels);

/// Dose of `tia_Bq_s` (Bq·s per voxel, ≥ 0; on the geometry's grid) of `nuclide` and its chain. Throws
/// InvalidInput (grid mismatch, negative or non-finite TIA, an all-zero map, options), UnknownNuclide, and
/// Cancelled when options.progress asks to stop.
MonteCarloResult monte_carlo_dose(const Volume<float>& tia_Bq_s, const VoxelGeometry& geometry,
                                  std::string_view nuclide, const MonteCarloOptions& options,
                                  const Volume<std::uint16_t>* labels = nullptr);

}  // namespace rptdose::montecarlo
