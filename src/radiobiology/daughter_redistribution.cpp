#include "rptdose/radiobiology/daughter_redistribution.hpp"

#include <algorithm>
#include <cmath>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/nuclides/chain.hpp"
#include "rptdose/radiobiology/tissue_parameters.hpp"
#include "validation.hpp"

namespace rptdose::radiobiology {

namespace {

double local_energy_MeV(const nuclides::DecayChain& chain, bool include_photons) {
  const auto e = chain.energy_per_parent_decay();
  return e.alpha_MeV + e.alpha_recoil_MeV + e.electron_MeV + (include_photons ? e.photon_MeV : 0.0);
}

/// Index of the VOI called `name` (exact first, then by normalized_name), or throws naming `what` and the VOIs.
std::size_t voi_index(std::span<const VoiActivity> vois, const std::string& name, const std::string& what) {
  for (std::size_t n = 0; n < vois.size(); ++n)
    if (vois[n].name == name) return n;
  for (std::size_t n = 0; n < vois.size(); ++n)
    if (normalized_name(vois[n].name) == normalized_name(name)) return n;
  std::string names;
  for (const auto& v : vois) names += (names.empty() ? "" : ", ") + v.name;
  throw InvalidInput(what + " '" + name + "' is not a VOI (VOIs: " + names + "): give one of these names");
}

}  // namespace

DaughterDoseChange redistribute_daughter(const DaughterRedistribution& in, const nuclides::DecayDatabase& database) {
  if (!(in.leaving_fraction >= 0.0 && in.leaving_fraction <= 1.0))
    throw InvalidInput("leaving fraction of " + in.daughter + " is " + format_number(in.leaving_fraction) +
                       ": give a fraction between 0 and 1");
  if (!(std::isfinite(in.parent_tia_Bq_s) && in.parent_tia_Bq_s >= 0.0))
    throw InvalidInput("parent TIA is " + format_number(in.parent_tia_Bq_s) + " Bq·s: give a finite value ≥ 0");
  require_positive(in.site_mass_kg, "site mass", "kg", "the mass of the VOI where the parent decays");
  if (in.destination_mass_kg)
    require_positive(*in.destination_mass_kg, "destination organ mass", "kg", "the organ the daughter moves to");

  const auto in_situ = nuclides::expand_chain(in.parent, {}, database);
  const nuclides::Nuclide& daughter = database.get(in.daughter);
  DaughterDoseChange out;
  bool found = false;
  for (const auto& member : in_situ.members()) {
    if (member.nuclide == &daughter && &member != &in_situ.members().front()) {
      out.daughter_decays_per_parent_decay = member.decays_per_parent_decay;
      found = true;
    }
  }
  if (!found)
    throw InvalidInput(daughter.name() + " is not a daughter in the chain of " + in_situ.parent().name() + " (" +
                       in_situ.describe() + "): name a chain member after the parent");

  // E_d from the chain with all of the daughter leaving (f = 1); ΔE for f scales linearly (chain.cpp removes the
  // share f of the daughter's decays and of everything made from them).
  nuclides::ChainOptions all_leave;
  all_leave.leaving_fraction[daughter.name()] = 1.0;
  const double e_in_situ = local_energy_MeV(in_situ, in.include_photons);
  const double e_all_leave =
      local_energy_MeV(nuclides::expand_chain(in.parent, all_leave, database), in.include_photons);
  const double moved_all = e_in_situ - e_all_leave;
  out.energy_per_daughter_decay_MeV =
      out.daughter_decays_per_parent_decay > 0.0 ? moved_all / out.daughter_decays_per_parent_decay : 0.0;
  out.energy_moved_per_parent_decay_MeV = in.leaving_fraction * moved_all;

  const double energy_J = in.parent_tia_Bq_s * out.energy_moved_per_parent_decay_MeV * units::kJoulePerMeV;
  out.site_dose_change_Gy = -energy_J / in.site_mass_kg;
  if (in.destination_mass_kg) out.destination_dose_change_Gy = energy_J / *in.destination_mass_kg;
  return out;
}

VoiRedistribution redistribute_daughter_over_vois(std::span<const VoiActivity> vois,
                                                  const VoiRedistributionRequest& request,
                                                  const nuclides::DecayDatabase& database) {
  if (vois.empty()) throw InvalidInput("no VOIs to redistribute the daughter over: give the run's VOIs");
  std::optional<std::size_t> destination;
  if (request.destination) {
    destination = voi_index(vois, *request.destination, "destination");
    const auto& d = vois[*destination];
    if (!d.mass_kg) throw InvalidInput("destination " + d.name + " has no mass: the summary must give its mass_g");
  }
  std::vector<bool> is_source(vois.size(), false);
  if (request.sources.empty()) {
    for (std::size_t n = 0; n < vois.size(); ++n)
      is_source[n] = n != destination && vois[n].parent_tia_Bq_s && *vois[n].parent_tia_Bq_s > 0.0;
  } else {
    for (const auto& name : request.sources) {
      const std::size_t n = voi_index(vois, name, "source");
      if (n == destination)
        throw InvalidInput("source " + vois[n].name +
                           " is also the destination: a daughter that stays changes nothing; drop it from the sources");
      if (!vois[n].parent_tia_Bq_s)
        throw InvalidInput("source " + vois[n].name + " has no TIA: the summary must give its tia_Bq_s");
      is_source[n] = true;
    }
  }
  if (std::find(is_source.begin(), is_source.end(), true) == is_source.end())
    throw InvalidInput("no source VOI with a parent TIA > 0" +
                       std::string(destination ? " besides the destination " + vois[*destination].name : "") +
                       ": the summary's VOIs need tia_Bq_s");

  VoiRedistribution out;
  out.parent = database.get(request.parent).name();
  out.daughter = database.get(request.daughter).name();
  out.leaving_fraction = request.leaving_fraction;
  if (destination) out.destination = vois[*destination].name;
  out.vois.resize(vois.size());
  for (std::size_t n = 0; n < vois.size(); ++n) {
    auto& row = out.vois[n];
    row.name = vois[n].name;
    row.source = is_source[n];
    row.destination = n == destination;
    row.dose_before_Gy = vois[n].mean_dose_Gy;
    if (vois[n].mass_kg) row.mass_kg = *vois[n].mass_kg;
    if (!row.source) continue;
    if (!vois[n].mass_kg)
      throw InvalidInput("source " + vois[n].name + " has no mass: the summary must give its mass_g");
    DaughterRedistribution one;
    one.parent = request.parent;
    one.daughter = request.daughter;
    one.leaving_fraction = request.leaving_fraction;
    one.parent_tia_Bq_s = *vois[n].parent_tia_Bq_s;
    one.site_mass_kg = *vois[n].mass_kg;
    one.include_photons = request.include_photons;
    const auto change = redistribute_daughter(one, database);
    out.daughter_decays_per_parent_decay = change.daughter_decays_per_parent_decay;
    out.energy_per_daughter_decay_MeV = change.energy_per_daughter_decay_MeV;
    out.energy_moved_per_parent_decay_MeV = change.energy_moved_per_parent_decay_MeV;
    row.energy_out_J = -change.site_dose_change_Gy * one.site_mass_kg;
    row.dose_change_Gy = change.site_dose_change_Gy;
    out.energy_moved_J += row.energy_out_J;
  }
  if (destination) {
    auto& row = out.vois[*destination];
    row.energy_in_J = out.energy_moved_J;
    row.dose_change_Gy = out.energy_moved_J / row.mass_kg;
  } else {
    out.energy_lost_J = out.energy_moved_J;
  }
  for (auto& row : out.vois) {
    row.dose_after_Gy = row.dose_before_Gy + row.dose_change_Gy;
    if (row.dose_before_Gy > 0.0) row.percent_change = 100.0 * row.dose_change_Gy / row.dose_before_Gy;
    if (row.dose_after_Gy < 0.0) out.negative_after.push_back(row.name);
  }
  return out;
}

}  // namespace rptdose::radiobiology
