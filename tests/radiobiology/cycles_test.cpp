#include "rptdose/radiobiology/cycles.hpp"

#include <gtest/gtest.h>

#include "rptdose/core/error.hpp"
#include "rptdose/radiobiology/linear_quadratic.hpp"

namespace rptdose::radiobiology {
namespace {

double alpha_beta(std::string_view voi) {
  return voi.rfind("kidney", 0) == 0 ? 2.6 : 10.0;
}

TEST(Cycles, BedAddsOverCyclesWithFullRepairBetweenThem) {
  // Two cycles of different activity and kinetics: cumulative BED = Σ BED_k, each with its own G (exact).
  const std::vector<Cycle> cycles = {
      {"cycle 1 (Lu-177, 7.4 GBq)", {{"kidney_left", 4.0, 0.05}, {"tumour_1", 20.0, 0.02}}},
      {"cycle 2 (Lu-177, 5.0 GBq)", {{"kidney_left", 2.7, 0.06}, {"tumour_1", 12.0, 0.03}}},
  };
  const auto rows = cumulative_table(cycles, alpha_beta);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].voi, "kidney_left");
  EXPECT_EQ(rows[1].voi, "kidney_left");
  EXPECT_EQ(rows[1].cycle_index, 1u);
  const double k1 = bed_Gy(4.0, 0.05, 2.6), k2 = bed_Gy(2.7, 0.06, 2.6);
  EXPECT_NEAR(*rows[0].cumulative_bed_Gy, k1, 1e-12);
  EXPECT_NEAR(*rows[1].cumulative_bed_Gy, k1 + k2, 1e-12);
  EXPECT_NEAR(rows[1].cumulative_dose_Gy, 6.7, 1e-12);
  EXPECT_NEAR(*rows[1].cumulative_eqd2_Gy, (k1 + k2) / (1.0 + 2.0 / 2.6), 1e-12);
  EXPECT_NEAR(*rows[3].cumulative_bed_Gy, bed_Gy(20.0, 0.02, 10.0) + bed_Gy(12.0, 0.03, 10.0), 1e-12);
  // The sum of the cycles' BEDs exceeds the BED of their summed dose at one G: fractionation spares.
  EXPECT_LT(*rows[1].cumulative_bed_Gy, bed_Gy(6.7, 0.05, 2.6));
}

TEST(Cycles, AGivenBedIsUsedAsItIsAndAVoiWithoutTissueGetsDosesOnly) {
  // A run's BED of an alpha emitter is RBE_α·D_α + D_low(1 + G·D_low/(α/β)): not recomputable from the mean dose
  // and G, so it is taken as given; the BEDs still add (full repair between cycles). Exact arithmetic: 1e-12.
  std::vector<Cycle> cycles(2);
  cycles[0].label = "c1";
  cycles[0].vois = {{"kidney", 1.0, 0.05, 2.6, 5.2}, {"gizzard", 3.0}};
  cycles[1].label = "c2";
  cycles[1].vois = {{"kidney", 2.0, 0.05, 2.6, std::nullopt}, {"gizzard", 4.0}};
  const auto rows = cumulative_table(cycles, nullptr);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_NEAR(*rows[0].bed_Gy, 5.2, 1e-12);
  EXPECT_NEAR(*rows[1].cumulative_bed_Gy, 5.2 + bed_Gy(2.0, 0.05, 2.6), 1e-12);
  EXPECT_NEAR(*rows[1].cumulative_eqd2_Gy, *rows[1].cumulative_bed_Gy / (1.0 + 2.0 / 2.6), 1e-12);
  EXPECT_FALSE(rows[2].alpha_beta_Gy);
  EXPECT_FALSE(rows[3].bed_Gy);
  EXPECT_FALSE(rows[3].cumulative_bed_Gy);
  EXPECT_NEAR(rows[3].cumulative_dose_Gy, 7.0, 1e-12);
}

TEST(Cycles, AnAlphaBetaThatChangesBetweenCyclesIsAnErrorNamingTheVoi) {
  std::vector<Cycle> cycles(2);
  cycles[0].vois = {{"kidney_left", 1.0, 0.05, 2.6}};
  cycles[1].vois = {{"kidney_left", 1.0, 0.05, 3.0}};
  try {
    cumulative_table(cycles, nullptr);
    FAIL() << "no error";
  } catch (const InvalidInput& error) {
    EXPECT_NE(std::string(error.what()).find("kidney_left"), std::string::npos) << error.what();
  }
}

TEST(Cycles, MapsSumVoxelwise) {
  const Grid grid({2, 1, 1}, Vector3(1.0, 1.0, 1.0));
  std::vector<Volume<float>> maps{Volume<float>(grid, 1.0f), Volume<float>(grid, 2.5f)};
  const auto total = sum_cycle_maps(maps);
  EXPECT_FLOAT_EQ(total[0], 3.5f);
  maps.emplace_back(Grid({2, 1, 1}, Vector3(2.0, 1.0, 1.0)), 1.0f);
  EXPECT_THROW(sum_cycle_maps(maps), InvalidInput);
  EXPECT_THROW(sum_cycle_maps({}), InvalidInput);
}

TEST(Cycles, RejectsAVoiListedTwiceAndBadDoses) {
  EXPECT_THROW(cumulative_table({{"c1", {{"kidney", 1.0, 0.1}, {"kidney", 2.0, 0.1}}}}, alpha_beta), InvalidInput);
  EXPECT_THROW(cumulative_table({{"c1", {{"kidney", -1.0, 0.1}}}}, alpha_beta), InvalidInput);
}

}  // namespace
}  // namespace rptdose::radiobiology
