#include "rptdose/radiobiology/equivalent_uniform.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "rptdose/core/error.hpp"

namespace rptdose::radiobiology {
namespace {

TEST(EquivalentUniform, UniformDistributionGivesThatDose) {
  // O'Donoghue 1999: EUD of a uniform dose is the dose itself. Exact up to rounding (1e-12).
  const std::vector<double> uniform(50, 12.5);
  for (const double alpha : {0.05, 0.3, 2.0}) EXPECT_NEAR(equivalent_uniform(uniform, alpha), 12.5, 1e-12);
}

TEST(EquivalentUniform, TwoLevelDistributionMatchesHandCalculation) {
  // Half the voxels at 0 Gy, half at 10 Gy, α = 0.1/Gy: EUD = −10·ln((1 + e^{−1})/2) = 3.7989... (1e-12).
  const std::vector<double> values{0.0, 10.0, 0.0, 10.0};
  EXPECT_NEAR(equivalent_uniform(values, 0.1), -10.0 * std::log((1.0 + std::exp(-1.0)) / 2.0), 1e-12);
  // Weights: three quarters of the mass at 10 Gy.
  const std::vector<double> two{0.0, 10.0}, weights{1.0, 3.0};
  EXPECT_NEAR(equivalent_uniform(two, 0.1, weights), -10.0 * std::log((1.0 + 3.0 * std::exp(-1.0)) / 4.0), 1e-12);
}

TEST(EquivalentUniform, IsBelowTheMeanAndDoesNotUnderflow) {
  const std::vector<double> values{20.0, 40.0, 60.0};
  EXPECT_LT(equivalent_uniform(values, 0.2), 40.0);
  EXPECT_GT(equivalent_uniform(values, 0.2), 20.0);
  // exp(−1·1000) underflows to 0 in a naive evaluation; the shifted form gives 1000 − ln((1 + e^{−1})/2).
  const std::vector<double> large{1000.0, 1001.0};
  EXPECT_NEAR(equivalent_uniform(large, 1.0), 1000.0 - std::log((1.0 + std::exp(-1.0)) / 2.0), 1e-9);
}

TEST(EquivalentUniform, PerLabelOfAMap) {
  const Grid grid({4, 1, 1}, Vector3(1.0, 1.0, 1.0));
  Volume<float> bed(grid, 5.0f);
  bed[3] = 9.0f;
  Volume<std::int32_t> labels(grid, 1);
  labels[0] = 0;
  labels[3] = 2;
  const auto eu = equivalent_uniform_per_label(bed, labels, 0.3);
  ASSERT_EQ(eu.size(), 2u);
  EXPECT_NEAR(eu.at(1), 5.0, 1e-6);
  EXPECT_NEAR(eu.at(2), 9.0, 1e-6);
}

TEST(EquivalentUniform, RejectsEmptyNonFiniteAndBadAlpha) {
  EXPECT_THROW(equivalent_uniform({}, 0.3), InvalidInput);
  EXPECT_THROW(equivalent_uniform(std::vector<double>{1.0, NAN}, 0.3), InvalidInput);
  EXPECT_THROW(equivalent_uniform(std::vector<double>{1.0}, 0.0), InvalidInput);
  EXPECT_THROW(equivalent_uniform(std::vector<double>{1.0}, 0.3, std::vector<double>{1.0, 2.0}), InvalidInput);
}

}  // namespace
}  // namespace rptdose::radiobiology
