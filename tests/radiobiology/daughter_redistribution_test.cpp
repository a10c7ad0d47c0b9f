#include "rptdose/radiobiology/daughter_redistribution.hpp"

#include <gtest/gtest.h>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/nuclides/chain.hpp"

namespace rptdose::radiobiology {
namespace {

double local_MeV(const nuclides::Nuclide& n) {
  const auto e = n.energy_per_decay();
  return e.alpha_MeV + e.alpha_recoil_MeV + e.electron_MeV;
}

// E_d summed directly over the in-situ chain members from the daughter on (an independent route to the energy the
// implementation takes as a difference of chain energies): valid for chains where everything after the daughter
// descends from it (212Pb → 212Bi → 212Po/208Tl; 225Ac → … → 213Bi → 213Po/209Tl → 209Pb).
double energy_from(const std::string& parent, const std::string& daughter) {
  const auto chain = nuclides::expand_chain(parent);
  double energy = 0.0, n_d = 0.0;
  bool after = false;
  for (const auto& m : chain.members()) {
    if (m.nuclide->name() == daughter) {
      after = true;
      n_d = m.decays_per_parent_decay;
    }
    if (after) energy += m.decays_per_parent_decay * local_MeV(*m.nuclide);
  }
  return energy / n_d;
}

TEST(DaughterRedistribution, Bi212LeavingMovesItsAndItsDescendantsLocalEnergy) {
  // 212Pb (ICRP 107 chain): N(212Bi) = 1 per 212Pb decay; E_d = E(212Bi) + 0.6406 E(212Po) + 0.3594 E(208Tl).
  DaughterRedistribution in;
  in.parent = "Pb-212";
  in.daughter = "Bi-212";
  in.leaving_fraction = 0.3;
  in.parent_tia_Bq_s = 1e12;
  in.site_mass_kg = 0.05;
  in.destination_mass_kg = 0.3;
  const auto out = redistribute_daughter(in);
  EXPECT_NEAR(out.daughter_decays_per_parent_decay, 1.0, 1e-12);
  EXPECT_NEAR(out.energy_per_daughter_decay_MeV / energy_from("Pb-212", "Bi-212"), 1.0, 1e-12);
  EXPECT_GT(out.energy_per_daughter_decay_MeV, 7.0);  // 212Po's 8.8 MeV alpha × 0.64 + 212Bi's 6 MeV × 0.36 + β
  EXPECT_NEAR(out.energy_moved_per_parent_decay_MeV, 0.3 * out.energy_per_daughter_decay_MeV, 1e-12);
  const double joules = 1e12 * out.energy_moved_per_parent_decay_MeV * units::kJoulePerMeV;
  EXPECT_NEAR(out.site_dose_change_Gy, -joules / 0.05, 1e-9);
  EXPECT_NEAR(out.destination_dose_change_Gy, joules / 0.3, 1e-9);
  // Energy is conserved between the site and the destination.
  EXPECT_NEAR(out.site_dose_change_Gy * 0.05 + out.destination_dose_change_Gy * 0.3, 0.0, 1e-12);
}

TEST(DaughterRedistribution, MatchesTheChainWithALeavingFraction) {
  // 225Ac with 40 % of 213Bi leaving: ΔE equals E(in situ) − E(chain with the leaving fraction) (1e-12).
  DaughterRedistribution in{"Ac-225", "Bi-213", 0.4, 5e10, 0.15, std::nullopt, false};
  const auto out = redistribute_daughter(in);
  nuclides::ChainOptions options;
  options.leaving_fraction["Bi-213"] = 0.4;
  const auto e0 = nuclides::expand_chain("Ac-225").energy_per_parent_decay();
  const auto ef = nuclides::expand_chain("Ac-225", options).energy_per_parent_decay();
  const double expected =
      (e0.alpha_MeV + e0.alpha_recoil_MeV + e0.electron_MeV) - (ef.alpha_MeV + ef.alpha_recoil_MeV + ef.electron_MeV);
  EXPECT_NEAR(out.energy_moved_per_parent_decay_MeV / expected, 1.0, 1e-12);
  EXPECT_NEAR(out.energy_per_daughter_decay_MeV / energy_from("Ac-225", "Bi-213"), 1.0, 1e-12);
  EXPECT_LT(out.site_dose_change_Gy, 0.0);
  EXPECT_EQ(out.destination_dose_change_Gy, 0.0);  // lost: no destination organ
}

TEST(DaughterRedistribution, ZeroFractionChangesNothing) {
  const auto out = redistribute_daughter({"Pb-212", "Bi-212", 0.0, 1e12, 0.05, 0.3, false});
  EXPECT_EQ(out.site_dose_change_Gy, 0.0);
  EXPECT_EQ(out.destination_dose_change_Gy, 0.0);
}

TEST(DaughterRedistribution, RejectsBadFractionsAndNonMembers) {
  EXPECT_THROW(redistribute_daughter({"Pb-212", "Bi-212", 1.5, 1e12, 0.05, 0.3, false}), InvalidInput);
  EXPECT_THROW(redistribute_daughter({"Pb-212", "Bi-213", 0.5, 1e12, 0.05, 0.3, false}), InvalidInput);
  EXPECT_THROW(redistribute_daughter({"Pb-212", "Pb-212", 0.5, 1e12, 0.05, 0.3, false}), InvalidInput);
  EXPECT_THROW(redistribute_daughter({"Pb-212", "Bi-212", 0.5, 1e12, 0.0, 0.3, false}), InvalidInput);
  EXPECT_THROW(redistribute_daughter({"Xx-999", "Bi-212", 0.5, 1e12, 0.05, 0.3, false}), UnknownNuclide);
}

}  // namespace
}  // namespace rptdose::radiobiology
