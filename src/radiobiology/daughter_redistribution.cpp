#include "rptdose/radiobiology/daughter_redistribution.hpp"

#include <cmath>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/nuclides/chain.hpp"
#include "validation.hpp"

namespace rptdose::radiobiology {

namespace {

double local_energy_MeV(const nuclides::DecayChain& chain, bool include_photons) {
  const auto e = chain.energy_per_parent_decay();
  return e.alpha_MeV + e.alpha_recoil_MeV + e.electron_MeV + (include_photons ? e.photon_MeV : 0.0);
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

}  // namespace rptdose::radiobiology
