#include "rptdose/radiobiology/rbe.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "rptdose/core/error.hpp"

namespace rptdose::radiobiology {
namespace {

TEST(RbeWeightedDose, DefaultRbeIsFiveAsMirdPamphlet22Recommends) {
  // Sgouros et al. (J Nucl Med 51:311, 2010): RBE 5 for deterministic effects of alpha particles. Exact.
  EXPECT_DOUBLE_EQ(kDefaultAlphaRbe, 5.0);
  EXPECT_DOUBLE_EQ(rbe_weighted_dose_Gy(0.2, 1.5), 5.0 * 0.2 + 1.5);
  EXPECT_DOUBLE_EQ(rbe_weighted_dose_Gy(0.2, 1.5, 3.0), 3.0 * 0.2 + 1.5);
}

TEST(RbeWeightedDose, MapsAreWeightedPerVoxel) {
  const Grid grid({2, 2, 1}, Vector3(2.0, 2.0, 2.0));
  Volume<float> alpha(grid, 0.0f), other(grid, 1.0f);
  alpha[3] = 2.0f;
  const auto map = rbe_weighted_dose(alpha, other);
  EXPECT_FLOAT_EQ(map[0], 1.0f);
  EXPECT_FLOAT_EQ(map[3], 11.0f);
}

TEST(RbeWeightedDose, RejectsOtherGridsNonFiniteDosesAndBadRbe) {
  const Grid grid({2, 2, 1}, Vector3(2.0, 2.0, 2.0));
  Volume<float> alpha(grid, 0.0f), shifted(Grid({2, 2, 1}, Vector3(2.0, 2.0, 2.0), Vector3(1.0, 0.0, 0.0)), 1.0f);
  EXPECT_THROW(rbe_weighted_dose(alpha, shifted), InvalidInput);
  Volume<float> other(grid, 1.0f);
  other[1] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_THROW(rbe_weighted_dose(alpha, other), InvalidInput);
  EXPECT_THROW(rbe_weighted_dose_Gy(-1.0, 1.0), InvalidInput);
  EXPECT_THROW(rbe_weighted_dose_Gy(1.0, 1.0, 0.0), InvalidInput);
}

TEST(RbeWeightedDose, PerLabelRbeWithADefaultForOtherLabels) {
  const Grid grid({3, 1, 1}, Vector3(2.0, 2.0, 2.0));
  Volume<float> alpha(grid, 1.0f), other(grid, 0.5f);
  Volume<std::int32_t> labels(grid);
  labels[0] = 0;
  labels[1] = 7;
  labels[2] = 9;
  const auto map = rbe_weighted_dose(alpha, other, labels, {{7, 3.0}}, 5.0);
  EXPECT_FLOAT_EQ(map[0], 5.5f);  // background: the default
  EXPECT_FLOAT_EQ(map[1], 3.5f);
  EXPECT_FLOAT_EQ(map[2], 5.5f);  // a label without its own RBE
  EXPECT_THROW(rbe_weighted_dose(alpha, other, labels, {{7, 0.0}}, 5.0), InvalidInput);
  const Volume<std::int32_t> other_grid(Grid({3, 1, 1}, Vector3(1.0, 2.0, 2.0)));
  EXPECT_THROW(rbe_weighted_dose(alpha, other, other_grid, {}, 5.0), InvalidInput);
}

// Dose maps of noisy images have negative voxels (negative TIA from noise, FFT rounding outside the body): the dose
// module keeps them as they are, and so does the weighting, which is linear (a failure here stopped the Ac-225 demo).
TEST(RbeWeightedDose, MapsKeepNegativeVoxelsAsTheyAre) {
  const Grid grid({2, 1, 1}, Vector3(2.0, 2.0, 2.0));
  Volume<float> alpha(grid, 0.0f), other(grid, 1.0f);
  alpha[0] = -1e-9f;
  other[1] = -0.5f;
  const auto map = rbe_weighted_dose(alpha, other, 5.0);
  EXPECT_FLOAT_EQ(map[0], 1.0f - 5e-9f);
  EXPECT_FLOAT_EQ(map[1], -0.5f);
}

}  // namespace
}  // namespace rptdose::radiobiology
