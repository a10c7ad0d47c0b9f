#pragma once
// rptdose::radiobiology — mean-dose effect of an alpha daughter that leaves the site where its parent decayed
// (e.g. 213Bi of 225Ac, freed by the recoil of the 221Fr/217At decays; 212Bi of 212Pb), per VOI.
//
// A fraction f of the daughter's decays, and of its descendants' (made where it decays), happen elsewhere: in a
// named organ (e.g. free 213Bi accumulates in the kidneys) or nowhere that is scored (excreted, spread thinly).
// With local energy deposition (alphas, recoils and electrons absorbed where emitted; photons optional):
//     ΔE = E_chain(in situ) − E_chain(with f leaving)     per parent decay (nuclides/chain.hpp leaving fractions),
//     ΔD_site = −Ã_parent · ΔE / m_site,        ΔD_organ = +Ã_parent · ΔE / m_organ,
// and ΔE = f · N_d · E_d with N_d the daughter's decays per parent decay and E_d the local energy per decay of the
// daughter and its descendants. Assumptions: the daughter leaves at once (no decays in transit) and all its moved
// decays happen in the destination organ; total energy is conserved between site and destination.
#include <optional>
#include <string>

#include "rptdose/nuclides/decay_database.hpp"

namespace rptdose::radiobiology {

struct DaughterRedistribution {
  std::string parent;                         ///< e.g. "Ac-225" (any accepted spelling)
  std::string daughter;                       ///< e.g. "Bi-213"
  double leaving_fraction = 0.0;              ///< f, 0..1
  double parent_tia_Bq_s = 0.0;               ///< Ã of the parent in the site
  double site_mass_kg = 0.0;                  ///< > 0
  std::optional<double> destination_mass_kg;  ///< the organ the daughter goes to; none: lost from the scored VOIs
  bool include_photons = false;               ///< count photon energy as local too (as LED's option)
};

struct DaughterDoseChange {
  double daughter_decays_per_parent_decay = 0.0;   ///< N_d, in-situ chain
  double energy_per_daughter_decay_MeV = 0.0;      ///< E_d, daughter + descendants, local energy
  double energy_moved_per_parent_decay_MeV = 0.0;  ///< ΔE = f·N_d·E_d
  double site_dose_change_Gy = 0.0;                ///< ≤ 0
  double destination_dose_change_Gy = 0.0;         ///< ≥ 0; 0 when lost
};

/// Throws InvalidInput for f outside [0, 1], a daughter not in the parent's chain, negative TIA, masses ≤ 0, and
/// UnknownNuclide for unknown names.
DaughterDoseChange redistribute_daughter(const DaughterRedistribution& input,
                                         const nuclides::DecayDatabase& database = nuclides::DecayDatabase::instance());

}  // namespace rptdose::radiobiology
