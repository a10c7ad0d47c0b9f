#pragma once
// rptdose::results — the daughter redistribution of radiobiology/daughter_redistribution.hpp over the VOIs of a
// run (rptdose daughters; Python redistribute_daughter_over_vois), and its result as JSON.
#include <string>

#include "rptdose/nuclides/decay_database.hpp"
#include "rptdose/radiobiology/daughter_redistribution.hpp"
#include "rptdose/results/run_summary.hpp"

namespace rptdose::results {

/// radiobiology::redistribute_daughter_over_vois over the VOIs of a run's summary: VOI masses, parent TIAs and mean
/// doses from the summary; the parent is the summary's nuclide — `request.parent` may be empty or must name that
/// nuclide; sources and destination are resolved as require_voi does (an unknown name lists the summary's VOIs).
/// Throws InvalidInput for a leaving fraction outside [0, 1], a parent that differs from the summary's, and as
/// radiobiology::redistribute_daughter_over_vois.
radiobiology::VoiRedistribution redistribute_daughter_over_vois(
    const RunSummary& summary, radiobiology::VoiRedistributionRequest request,
    const nuclides::DecayDatabase& database = nuclides::DecayDatabase::instance());

/// The result as JSON (the keys of `rptdose daughters --json`, docs/radiobiology.md): parent, daughter,
/// leaving_fraction, destination, include_photons, model, N_d, E_d and ΔE per parent decay, energy_moved_J,
/// energy_lost_J, vois [{name, role, mass_g, tia_Bq_s, mean_dose_before_Gy, dose_change_Gy, mean_dose_after_Gy,
/// dose_change_percent, energy_out_J, energy_in_J}] in the summary's order, negative_after. `summary` is the one
/// the result was made from (masses and TIAs as it gives them); indent < 0: one line.
std::string redistribution_to_json(const radiobiology::VoiRedistribution& result, const RunSummary& summary,
                                   bool include_photons, int indent = 2);

}  // namespace rptdose::results
