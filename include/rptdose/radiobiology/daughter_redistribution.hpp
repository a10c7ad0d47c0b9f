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
//
// Module radiobiology owns the radiobiological models and planning; it depends on core, nuclides and timeactivity
// only (no ITK or DCMTK, no output file format).
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "rptdose/nuclides/decay_database.hpp"
#include "rptdose/radiobiology/plan_summary.hpp"

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

/// One VOI of a run (e.g. from summary.json): its mass, the parent's time-integrated activity in it (unknown when
/// not given) and the run's mean absorbed dose (which includes cross-fire from the kernel).
struct VoiActivity {
  std::string name;
  std::optional<double> mass_kg;
  std::optional<double> parent_tia_Bq_s;
  double mean_dose_Gy = 0.0;
};

/// Redistribution over all VOIs of a run: the daughter leaves every source VOI with the same fraction.
struct VoiRedistributionRequest {
  std::string parent;
  std::string daughter;
  double leaving_fraction = 0.0;
  /// Source VOIs by name (matched as find_summary_voi does: exact or normalized_name); empty: every VOI with a
  /// parent TIA > 0 except the destination.
  std::vector<std::string> sources;
  /// The VOI the daughter goes to (its decays there add to its dose); none: lost from the scored VOIs.
  std::optional<std::string> destination;
  bool include_photons = false;
};

struct VoiDoseChangeRow {
  std::string name;
  double mass_kg = 0.0;  ///< 0 when the VOI has no mass and is neither source nor destination
  bool source = false;
  bool destination = false;
  double dose_before_Gy = 0.0;
  double dose_change_Gy = 0.0;  ///< −(energy out)/m for sources, +(energy in)/m for the destination, else 0
  double dose_after_Gy = 0.0;
  std::optional<double> percent_change;  ///< 100·ΔD/D_before; none when D_before = 0
  double energy_out_J = 0.0;             ///< local energy moved away from this VOI (sources)
  double energy_in_J = 0.0;              ///< local energy received (destination)
};

struct VoiRedistribution {
  std::string parent;  ///< canonical names
  std::string daughter;
  double leaving_fraction = 0.0;
  double daughter_decays_per_parent_decay = 0.0;   ///< N_d
  double energy_per_daughter_decay_MeV = 0.0;      ///< E_d
  double energy_moved_per_parent_decay_MeV = 0.0;  ///< ΔE = f·N_d·E_d
  std::optional<std::string> destination;          ///< the destination VOI's name as in the input; none: lost
  std::vector<VoiDoseChangeRow> vois;              ///< every input VOI, in input order
  double energy_moved_J = 0.0;                     ///< Σ energy out over the sources
  double energy_lost_J = 0.0;                      ///< energy_moved_J when lost, else 0
  /// VOIs whose dose after is below 0: the local-deposition change exceeds the run's (kernel) mean dose.
  std::vector<std::string> negative_after;
};

/// Applies redistribute_daughter to every source VOI: each loses Ã_parent·ΔE, the destination (if any) receives
/// the sum over all sources (energy conservation: Σ ΔD·m = 0 over the VOIs when nothing is lost, −energy_lost_J
/// otherwise). Local deposition, as redistribute_daughter; the run's doses are only the baseline. Throws
/// InvalidInput for a source or destination that is not a VOI, has no mass (or, for sources, no TIA), a
/// destination that is also a source, no source with a TIA, and as redistribute_daughter.
VoiRedistribution redistribute_daughter_over_vois(
    std::span<const VoiActivity> vois, const VoiRedistributionRequest& request,
    const nuclides::DecayDatabase& database = nuclides::DecayDatabase::instance());

/// The same over the VOIs of a run's summary.json (rptdose daughters; Python redistribute_daughter_over_vois): VOI
/// masses, parent TIAs and mean doses from the summary; the parent is the summary's nuclide — `request.parent` may
/// be empty (needed only when the summary names none) or must name that nuclide; sources and destination are
/// resolved as require_summary_voi does (an unknown name lists the summary's VOIs). Throws InvalidInput for a
/// leaving fraction outside [0, 1], a parent that differs from the summary's, and as the overload above.
VoiRedistribution redistribute_daughter_over_vois(
    const PlanSummary& summary, VoiRedistributionRequest request,
    const nuclides::DecayDatabase& database = nuclides::DecayDatabase::instance());

/// The result as JSON (the keys of `rptdose daughters --json`, docs/radiobiology.md): parent, daughter,
/// leaving_fraction, destination, include_photons, model, N_d, E_d and ΔE per parent decay, energy_moved_J,
/// energy_lost_J, vois [{name, role, mass_g, tia_Bq_s, mean_dose_before_Gy, dose_change_Gy, mean_dose_after_Gy,
/// dose_change_percent, energy_out_J, energy_in_J}] in the summary's order, negative_after. `summary` is the one
/// the result was made from (masses and TIAs as it gives them); indent < 0: one line.
std::string redistribution_to_json(const VoiRedistribution& result, const PlanSummary& summary, bool include_photons,
                                   int indent = 2);

}  // namespace rptdose::radiobiology
