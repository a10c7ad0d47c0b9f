#include "rptdose/radiobiology/daughter_redistribution.hpp"

#include <gtest/gtest.h>

#include <vector>

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

// Three VOIs of a 225Ac run: two sources and the kidneys (no TIA of their own given, as if only free 213Bi went
// there), and a VOI without mass that must stay untouched.
std::vector<VoiActivity> ac225_vois() {
  return {{"tumour_1", 0.030, 4e11, 12.0},
          {"liver", 1.8, 2e12, 0.8},
          {"kidneys", 0.30, 1e11, 0.5},
          {"body_outline", std::nullopt, std::nullopt, 0.1}};
}

TEST(DaughterRedistribution, OverVoisConservesEnergyAndMatchesTheSingleSiteModel) {
  const auto vois = ac225_vois();
  VoiRedistributionRequest request{"Ac-225", "Bi-213", 0.1, {}, std::string("kidneys"), false};
  const auto r = redistribute_daughter_over_vois(vois, request);
  ASSERT_EQ(r.vois.size(), 4u);
  EXPECT_EQ(r.parent, "Ac-225");
  EXPECT_EQ(r.destination, std::optional<std::string>("kidneys"));
  // Default sources: every VOI with a TIA except the destination.
  EXPECT_TRUE(r.vois[0].source && r.vois[1].source);
  EXPECT_FALSE(r.vois[2].source || r.vois[3].source);
  EXPECT_TRUE(r.vois[2].destination);
  // Each source as redistribute_daughter alone (1e-12 relative).
  const auto tumour = redistribute_daughter({"Ac-225", "Bi-213", 0.1, 4e11, 0.030, 0.30, false});
  const auto liver = redistribute_daughter({"Ac-225", "Bi-213", 0.1, 2e12, 1.8, 0.30, false});
  EXPECT_NEAR(r.vois[0].dose_change_Gy / tumour.site_dose_change_Gy, 1.0, 1e-12);
  EXPECT_NEAR(r.vois[1].dose_change_Gy / liver.site_dose_change_Gy, 1.0, 1e-12);
  // The destination receives the sum of both sites' moved energy.
  EXPECT_NEAR(r.vois[2].dose_change_Gy / (tumour.destination_dose_change_Gy + liver.destination_dose_change_Gy), 1.0,
              1e-12);
  EXPECT_EQ(r.vois[3].dose_change_Gy, 0.0);
  // Energy conservation: Σ ΔD·m = 0 over the VOIs (nothing lost), relative to the energy moved.
  double balance_J = 0.0;
  for (const auto& row : r.vois) balance_J += row.dose_change_Gy * row.mass_kg;
  EXPECT_GT(r.energy_moved_J, 0.0);
  EXPECT_NEAR(balance_J / r.energy_moved_J, 0.0, 1e-12);
  EXPECT_EQ(r.energy_lost_J, 0.0);
  EXPECT_NEAR(r.vois[0].dose_after_Gy, 12.0 + r.vois[0].dose_change_Gy, 1e-12);
  EXPECT_NEAR(*r.vois[0].percent_change, 100.0 * r.vois[0].dose_change_Gy / 12.0, 1e-9);
}

TEST(DaughterRedistribution, OverVoisLostEnergyAndExplicitSources) {
  const auto vois = ac225_vois();
  VoiRedistributionRequest request{"225Ac", "Bi-213", 0.25, {"Tumour-1"}, std::nullopt, false};
  const auto r = redistribute_daughter_over_vois(vois, request);
  EXPECT_TRUE(r.vois[0].source);
  EXPECT_FALSE(r.vois[1].source || r.vois[2].source);
  EXPECT_EQ(r.vois[1].dose_change_Gy, 0.0);
  EXPECT_EQ(r.vois[2].dose_change_Gy, 0.0);
  // Lost: Σ ΔD·m = −energy lost.
  EXPECT_NEAR(r.vois[0].dose_change_Gy * 0.030 / -r.energy_lost_J, 1.0, 1e-12);
  EXPECT_DOUBLE_EQ(r.energy_lost_J, r.energy_moved_J);
}

TEST(DaughterRedistribution, OverVoisRejectsUnknownVoisMissingMassesAndNonDaughters) {
  const auto vois = ac225_vois();
  const auto message = [&](VoiRedistributionRequest request) {
    try {
      redistribute_daughter_over_vois(vois, request);
    } catch (const InvalidInput& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message({"Ac-225", "Bi-213", 0.1, {}, std::string("spleen"), false}).find("'spleen' is not a VOI"),
            std::string::npos);
  EXPECT_NE(message({"Ac-225", "Bi-213", 0.1, {}, std::string("body_outline"), false}).find("has no mass"),
            std::string::npos);
  EXPECT_NE(message({"Ac-225", "Bi-213", 0.1, {"kidneys"}, std::string("kidneys"), false}).find("also the destination"),
            std::string::npos);
  EXPECT_NE(message({"Ac-225", "Bi-213", 0.1, {"body_outline"}, std::nullopt, false}).find("has no TIA"),
            std::string::npos);
  EXPECT_NE(message({"Ac-225", "Bi-212", 0.1, {}, std::nullopt, false}).find("not a daughter"), std::string::npos);
  EXPECT_NE(message({"Ac-225", "Bi-213", 1.1, {}, std::nullopt, false}).find("between 0 and 1"), std::string::npos);
  const std::vector<VoiActivity> no_tia{{"a", 0.1, std::nullopt, 1.0}};
  EXPECT_THROW(redistribute_daughter_over_vois(no_tia, {"Ac-225", "Bi-213", 0.1, {}, std::nullopt, false}),
               InvalidInput);
}

}  // namespace
}  // namespace rptdose::radiobiology
