#include "rptdose/dose/hu_to_density.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <string>

#include "rptdose/core/error.hpp"

namespace rptdose::dose {
namespace {

using ::testing::HasSubstr;

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InvalidInput& e) {
    return e.what();
  }
  return "no InvalidInput thrown";
}

// The curve passes through every calibration point (the default's nodes are the published table's values, digit
// for digit) and is linear between them.
TEST(HuToDensity, DefaultCurveReproducesItsCalibrationPoints) {
  const auto calibration = HuDensityCalibration::schneider2000();
  ASSERT_EQ(calibration.points().size(), 8u);
  for (const auto& p : calibration.points()) EXPECT_DOUBLE_EQ(calibration.density_g_per_ml(p.hu), p.density_g_per_ml);
  EXPECT_DOUBLE_EQ(calibration.density_g_per_ml(-1000), 0.00121);  // air
  EXPECT_DOUBLE_EQ(calibration.density_g_per_ml(1600), 1.9642);    // cortical bone region
  // Midway between 1600 HU and 3000 HU: the mean of the two densities.
  EXPECT_NEAR(calibration.density_g_per_ml(2300), (1.9642 + 2.8) / 2, 1e-12);
  // Soft tissue and water-like values (documented in the header).
  EXPECT_NEAR(calibration.density_g_per_ml(50), 1.047, 1e-3);
  EXPECT_NEAR(calibration.density_g_per_ml(0), 1.017, 1e-3);
  EXPECT_NE(calibration.describe().find("Schneider"), std::string::npos);
}

TEST(HuToDensity, ValuesOutsideTheTableAreClampedToTheEndPoints) {
  const auto calibration = HuDensityCalibration::schneider2000();
  EXPECT_DOUBLE_EQ(calibration.density_g_per_ml(-1024), 0.00121);
  EXPECT_DOUBLE_EQ(calibration.density_g_per_ml(-3024), 0.00121);
  EXPECT_DOUBLE_EQ(calibration.density_g_per_ml(3071), 2.8);
  EXPECT_DOUBLE_EQ(calibration.density_g_per_ml(1e6), 2.8);
}

TEST(HuToDensity, DefaultCurveIsMonotonicAndPositive) {
  const auto calibration = HuDensityCalibration::schneider2000();
  double previous = 0;
  for (double hu = -1100; hu <= 3100; hu += 0.5) {
    const double rho = calibration.density_g_per_ml(hu);
    ASSERT_GT(rho, 0) << hu;
    ASSERT_GE(rho, previous) << hu;
    previous = rho;
  }
}

TEST(HuToDensity, UserCurveIsUsedAsGiven) {
  // A bilinear curve: air to water 1 + HU/1000, then a bone slope of 0.0005 g/mL per HU.
  const HuDensityCalibration bilinear({{-1000, 0.001}, {0, 1.0}, {2000, 2.0}}, "bilinear test curve");
  EXPECT_NEAR(bilinear.density_g_per_ml(-500), 0.5005, 1e-12);
  EXPECT_NEAR(bilinear.density_g_per_ml(1000), 1.5, 1e-12);
  EXPECT_EQ(bilinear.source(), "bilinear test curve");
  // A table whose density decreases somewhere (as GATE's full Schneider table at 100 → 101 HU) is accepted.
  const HuDensityCalibration with_step({{23, 1.031}, {100, 1.1199}, {101, 1.0762}, {1600, 1.9642}});
  EXPECT_NEAR(with_step.density_g_per_ml(100.5), (1.1199 + 1.0762) / 2, 1e-12);
}

TEST(HuToDensity, MapsAVolumeWithoutModifyingTheInput) {
  const Grid grid({4, 3, 2}, Vector3(4.8, 4.8, 4.8), Vector3(-10, 0, 5));
  Volume<float> ct(grid);
  const float values[] = {-1024, -1000, -741, -98, 0, 14, 23, 50, 101, 700, 1600, 3000};
  for (std::size_t n = 0; n < ct.size(); ++n) ct[n] = values[n % 12];
  const auto before = ct.clone();
  const auto calibration = HuDensityCalibration::schneider2000();
  const auto density = hu_to_density(ct, calibration, ParallelOptions{2, 5});
  ASSERT_TRUE(density.grid().same_geometry(grid));
  for (std::size_t n = 0; n < ct.size(); ++n) {
    EXPECT_EQ(ct[n], before[n]) << n;
    EXPECT_FLOAT_EQ(density[n], static_cast<float>(calibration.density_g_per_ml(ct[n]))) << n;
  }
  // Inflated lung at about -741 HU: about 0.26 g/mL (ICRP 110 lung 0.26 g/mL inflated).
  EXPECT_NEAR(density[2], 0.268, 0.005);
}

TEST(HuToDensity, RejectsUnsortedOrDuplicateOrInvalidPoints) {
  EXPECT_THAT(message_of([] {
                HuDensityCalibration({{0, 1.0}, {-1000, 0.001}});
              }),
              HasSubstr("strictly increasing HU"));
  EXPECT_THAT(message_of([] {
                HuDensityCalibration({{-1000, 0.001}, {0, 1.0}, {0, 1.01}});
              }),
              HasSubstr("point 3 (0 HU, 1.01 g/mL) repeats"));
  EXPECT_THAT(message_of([] { HuDensityCalibration({{0, 1.0}}); }), HasSubstr("at least 2"));
  EXPECT_THAT(message_of([] { HuDensityCalibration({{-1000, 0.0}, {0, 1.0}}); }), HasSubstr("not positive"));
  EXPECT_THAT(message_of([] {
                HuDensityCalibration({{-1000, 0.001}, {std::numeric_limits<double>::quiet_NaN(), 1.0}});
              }),
              HasSubstr("not finite"));
}

TEST(HuToDensity, RejectsNanHuNamingHowManyVoxels) {
  const Grid grid({5, 5, 5}, Vector3(2.0, 2.0, 2.0));
  Volume<float> ct(grid, 0.0f);
  ct(1, 2, 3) = std::numeric_limits<float>::quiet_NaN();
  ct(4, 4, 4) = std::numeric_limits<float>::quiet_NaN();
  ct(0, 0, 4) = std::numeric_limits<float>::infinity();
  const auto message = message_of([&] { hu_to_density(ct); });
  EXPECT_THAT(message, HasSubstr("the CT has 3 NaN or infinite voxels"));
  EXPECT_THAT(message, HasSubstr("(1, 2, 3)"));
  EXPECT_THAT(message_of([] { hu_to_density(Volume<float>()); }), HasSubstr("empty"));
}

}  // namespace
}  // namespace rptdose::dose
