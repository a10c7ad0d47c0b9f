#include "rptdose/nuclides/chain.hpp"

#include <gtest/gtest.h>

#include <map>

#include "rptdose/core/error.hpp"

namespace rptdose::nuclides {
namespace {

std::map<std::string, double> decays(const DecayChain& chain) {
  std::map<std::string, double> out;
  for (const auto& m : chain.members()) out[m.nuclide->name()] = m.decays_per_parent_decay;
  return out;
}

TEST(DecayChain, Ac225MembersAndAlphaEnergy) {
  const auto chain = expand_chain("225Ac");
  std::vector<std::string> names;
  for (const auto& m : chain.members()) names.push_back(m.nuclide->name());
  EXPECT_EQ(names, (std::vector<std::string>{"Ac-225", "Fr-221", "At-217", "Bi-213", "Po-213", "Tl-209", "Pb-209"}));
  const auto d = decays(chain);
  // Branching from the ICRP-107 chains table: At-217 alpha 0.99988; Bi-213 beta- 0.9791, alpha 0.0209.
  EXPECT_DOUBLE_EQ(d.at("Bi-213"), 0.99988);
  EXPECT_NEAR(d.at("Po-213"), 0.99988 * 0.9791, 1e-12);
  EXPECT_NEAR(d.at("Tl-209"), 0.99988 * 0.0209, 1e-12);
  EXPECT_NEAR(d.at("Pb-209"), 0.99988, 1e-12);  // reached by both branches
  // 27.48 MeV of alpha energy per 225Ac decay (issue #2; sum of ICRP-107 alpha lines), rounding tolerance.
  EXPECT_NEAR(chain.energy_per_parent_decay().alpha_MeV, 27.48, 0.005);
  EXPECT_TRUE(chain.cut().empty());
}

TEST(DecayChain, Pb212BranchesThroughBi212) {
  const auto chain = expand_chain("Pb-212");
  const auto d = decays(chain);
  ASSERT_EQ(d.size(), 4u);
  EXPECT_DOUBLE_EQ(d.at("Bi-212"), 1.0);
  EXPECT_DOUBLE_EQ(d.at("Po-212"), 0.6406);
  EXPECT_DOUBLE_EQ(d.at("Tl-208"), 0.3594);
  EXPECT_NEAR(chain.energy_per_parent_decay().alpha_MeV, 7.80, 0.005);
}

TEST(DecayChain, LongLivedDaughtersAreCutAndReported) {
  const auto chain = expand_chain("At-211");
  const auto d = decays(chain);
  EXPECT_EQ(d.count("Bi-207"), 0u);
  ASSERT_EQ(chain.cut().size(), 1u);
  EXPECT_EQ(chain.cut()[0].name, "Bi-207");
  EXPECT_DOUBLE_EQ(chain.cut()[0].decays_per_parent_decay, 0.418);
  EXPECT_NEAR(d.at("Po-211"), 0.582, 1e-12);
  // With a long enough cutoff it is followed.
  ChainOptions options;
  options.max_daughter_half_life_s = 100.0 * units::kSecondsPerYear;
  EXPECT_EQ(decays(expand_chain("At-211", options)).count("Bi-207"), 1u);
}

TEST(DecayChain, StableDaughterEndsTheChain) {
  const auto chain = expand_chain("Lu-177");
  ASSERT_EQ(chain.members().size(), 1u);
  EXPECT_TRUE(chain.cut().empty());
  EXPECT_NEAR(chain.energy_per_parent_decay().electron_MeV, 0.1479, 5e-5);
}

TEST(DecayChain, EnergyIsTheDecayWeightedSumOfMembers) {
  const auto chain = expand_chain("Ra-223");
  EnergyByCategory sum;
  for (const auto& m : chain.members()) sum.add_scaled(m.nuclide->energy_per_decay(), m.decays_per_parent_decay);
  const auto total = chain.energy_per_parent_decay();
  EXPECT_DOUBLE_EQ(total.alpha_MeV, sum.alpha_MeV);
  EXPECT_DOUBLE_EQ(total.photon_MeV, sum.photon_MeV);
  EXPECT_GT(chain.members().size(), 5u);
}

TEST(DecayChain, LeavingFractionRemovesTheDaughterAndItsDescendants) {
  const auto in_situ = decays(expand_chain("Pb-212"));
  ChainOptions options;
  options.leaving_fraction["Bi212"] = 0.3;  // any accepted spelling
  const auto d = decays(expand_chain("Pb-212", options));
  EXPECT_DOUBLE_EQ(d.at("Pb-212"), 1.0);
  EXPECT_NEAR(d.at("Bi-212"), 0.7 * in_situ.at("Bi-212"), 1e-12);
  EXPECT_NEAR(d.at("Po-212"), 0.7 * in_situ.at("Po-212"), 1e-12);
  EXPECT_NEAR(d.at("Tl-208"), 0.7 * in_situ.at("Tl-208"), 1e-12);
  options.leaving_fraction = {{"Bi-212", 1.0}};
  EXPECT_EQ(decays(expand_chain("Pb-212", options)).at("Po-212"), 0.0);
}

TEST(DecayChain, LeavingFractionErrorsNameTheProblem) {
  ChainOptions options;
  options.leaving_fraction["Bi-212"] = 1.5;
  EXPECT_THROW(expand_chain("Pb-212", options), InvalidInput);
  options.leaving_fraction = {{"Pb-212", 0.5}};
  EXPECT_THROW(expand_chain("Pb-212", options), InvalidInput);  // the parent
  options.leaving_fraction = {{"Bi-213", 0.5}};
  EXPECT_THROW(expand_chain("Pb-212", options), InvalidInput);  // not in this chain
  options.leaving_fraction = {{"Bi-212", 0.5}, {"bi212", 0.4}};
  EXPECT_THROW(expand_chain("Pb-212", options), InvalidInput);  // the same daughter twice
  options.leaving_fraction = {{"Xx-999", 0.5}};
  EXPECT_THROW(expand_chain("Pb-212", options), UnknownNuclide);
}

}  // namespace
}  // namespace rptdose::nuclides
