#include "rptdose/analysis/voi_statistics.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "rptdose/core/error.hpp"

namespace rptdose::analysis {
namespace {

const Grid kGrid({10, 10, 1}, Vector3(2.0, 2.0, 5.0));  // 0.02 mL voxels

TEST(VoiStatistics, UniformDoseGivesThatDoseEverywhere) {
  const Volume<float> dose(kGrid, 3.5f);
  Volume<std::int32_t> labels(kGrid, 0);
  for (std::size_t v = 0; v < 40; ++v) labels[v] = 2;
  VoiStatisticsOptions options;
  options.volume_dose_thresholds = {3.0, 4.0};
  const auto stats = voi_statistics(dose, labels, options);
  ASSERT_EQ(stats.size(), 1u);
  const auto& s = stats[0];
  EXPECT_EQ(s.label, 2);
  EXPECT_EQ(s.voxels, 40u);
  EXPECT_NEAR(s.volume_ml, 0.8, 1e-12);
  EXPECT_NEAR(s.mass_g, 0.8 * 1.04, 1e-12);
  for (const double v : {s.mean, s.median, s.min, s.max}) EXPECT_FLOAT_EQ(v, 3.5);
  EXPECT_EQ(s.sd, 0.0);
  for (const auto& [x, d] : s.dose_at_volume_percent) EXPECT_FLOAT_EQ(d, 3.5) << "D" << x;
  EXPECT_EQ(s.volume_percent_at_dose.at(3.0), 100.0);
  EXPECT_EQ(s.volume_percent_at_dose.at(4.0), 0.0);
}

// Doses 0, 1, ..., 99 Gy in one VOI: D_x = (100 − x)th percentile = 0.99·(100 − x) by linear interpolation;
// V(x) = (100 − ceil(x)) %; mean 49.5, SD of 0..99 = sqrt(100·101/12) ≈ 29.011.
TEST(VoiStatistics, RampMatchesHandCalculation) {
  Volume<float> dose(kGrid);
  for (std::size_t v = 0; v < dose.size(); ++v) dose[v] = static_cast<float>(v);
  const Volume<std::int32_t> labels(kGrid, 1);
  VoiStatisticsOptions options;
  options.volume_dose_thresholds = {10.0, 50.5};
  const auto s = voi_statistics(dose, labels, options).at(0);
  EXPECT_NEAR(s.mean, 49.5, 1e-9);  // accumulated as energy over mass, in double
  EXPECT_DOUBLE_EQ(s.median, 49.5);
  EXPECT_NEAR(s.sd, std::sqrt(100.0 * 101.0 / 12.0), 1e-9);
  EXPECT_NEAR(s.dose_at_volume_percent.at(2), 0.99 * 98, 1e-9);
  EXPECT_NEAR(s.dose_at_volume_percent.at(95), 0.99 * 5, 1e-9);
  EXPECT_DOUBLE_EQ(s.volume_percent_at_dose.at(10.0), 90.0);
  EXPECT_DOUBLE_EQ(s.volume_percent_at_dose.at(50.5), 49.0);
}

// Energy over mass: with a density map the mean is mass-weighted (bone-like voxels weigh more).
TEST(VoiStatistics, MeanDoseIsEnergyOverMass) {
  Volume<float> dose(kGrid, 1.0f), density(kGrid, 1.0f);
  for (std::size_t v = 0; v < 50; ++v) {
    dose[v] = 3.0f;
    density[v] = 2.0f;
  }
  const Volume<std::int32_t> labels(kGrid, 1);
  VoiStatisticsOptions options;
  options.density_g_per_ml = &density;
  const auto s = voi_statistics(dose, labels, options).at(0);
  EXPECT_NEAR(s.mass_g, 50 * 0.02 * 2.0 + 50 * 0.02 * 1.0, 1e-12);
  EXPECT_NEAR(s.mean, (3.0 * 2.0 + 1.0 * 1.0) / 3.0, 1e-12);
}

TEST(Dvh, CumulativeFractionsOfTheRamp) {
  Volume<float> dose(kGrid);
  for (std::size_t v = 0; v < dose.size(); ++v) dose[v] = static_cast<float>(v);
  const Volume<std::int32_t> labels(kGrid, 4);
  const auto dvh = cumulative_dvh(dose, labels, 4, 100);
  ASSERT_EQ(dvh.dose.size(), 100u);
  EXPECT_EQ(dvh.dose.front(), 0.0);
  EXPECT_EQ(dvh.volume_fraction.front(), 1.0);
  EXPECT_DOUBLE_EQ(dvh.dose.back(), 99.0);
  EXPECT_DOUBLE_EQ(dvh.volume_fraction.back(), 0.01);  // only the 99 Gy voxel
  for (std::size_t i = 1; i < dvh.volume_fraction.size(); ++i)
    EXPECT_LE(dvh.volume_fraction[i], dvh.volume_fraction[i - 1]);
  EXPECT_THROW(cumulative_dvh(dose, labels, 9), InvalidInput);
}

TEST(VoiStatistics, BadInputIsNamed) {
  Volume<float> dose(kGrid, 1.0f);
  const Volume<std::int32_t> labels(kGrid, 1);
  EXPECT_THROW(voi_statistics(dose, Volume<std::int32_t>(Grid({10, 10, 2}, Vector3(2, 2, 5)), 1)), InvalidInput);
  VoiStatisticsOptions bad;
  bad.dose_volume_percent = {120};
  EXPECT_THROW(voi_statistics(dose, labels, bad), InvalidInput);
  dose[7] = std::nanf("");
  EXPECT_THAT([&] { voi_statistics(dose, labels); },
              ::testing::ThrowsMessage<InvalidInput>(::testing::HasSubstr("dose map has 1 NaN")));
}

}  // namespace
}  // namespace rptdose::analysis
