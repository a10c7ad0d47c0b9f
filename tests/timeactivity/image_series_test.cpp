#include "rptdose/timeactivity/image_series.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"

namespace rptdose::timeactivity {
namespace {

using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

constexpr double kHour = 3600.0;
const double kLambdaLu177 = std::log(2.0) / (6.647 * units::kSecondsPerDay);
const Grid kGrid({4, 3, 2}, Vector3(4.0, 5.0, 2.5));  // 0.05 mL voxels

// The conversion of each unit, written out: Bq/mL × mL, counts / (cps/MBq × s) in MBq, decay correction undone.
TEST(ImageSeries, SampleFactorConvertsEachUnitToActivityPresentAtAcquisition) {
  const double t = 24 * kHour, undo = std::exp(-kLambdaLu177 * t);
  const double ml = kGrid.voxel_volume_ml();
  EXPECT_DOUBLE_EQ(sample_factor({SampleUnit::BqPerMl, DecayCorrection::None, {}}, ml, t, kLambdaLu177), ml);
  EXPECT_DOUBLE_EQ(sample_factor({SampleUnit::BqPerVoxel, DecayCorrection::None, {}}, ml, t, kLambdaLu177), 1.0);
  EXPECT_DOUBLE_EQ(sample_factor({SampleUnit::GyPerS, DecayCorrection::None, {}}, ml, t, kLambdaLu177), 1.0);
  EXPECT_DOUBLE_EQ(sample_factor({SampleUnit::BqPerMl, DecayCorrection::ToInjection, {}}, ml, t, kLambdaLu177),
                   ml * undo);
  const ImageQuantity counts{SampleUnit::Counts, DecayCorrection::ToInjection, CountsCalibration{9.6, 1200}};
  EXPECT_DOUBLE_EQ(sample_factor(counts, ml, t, kLambdaLu177), 1e6 / (9.6 * 1200) * undo);
  EXPECT_THAT(
      [&] {
        sample_factor({SampleUnit::Counts, DecayCorrection::None, {}}, ml, t, kLambdaLu177);
      },
      ThrowsMessage<InvalidInput>(HasSubstr("camera calibration")));
  // The series uses the same factor.
  const ImageSeries series({Volume<float>(kGrid, 1.0f)}, {t}, SampleUnit::BqPerMl, DecayCorrection::ToInjection);
  EXPECT_EQ(series.sample_factor(0, kLambdaLu177), ml * undo);
}

TEST(ImageSeries, ToActivityConvertsInPlaceAndNamesTheImageOfBadVoxels) {
  Volume<float> image(kGrid, 3.0f);
  const float* memory = image.data();
  const ImageQuantity quantity{SampleUnit::BqPerMl, DecayCorrection::None, {}};
  const auto activity = to_activity_Bq(std::move(image), quantity, kHour, kLambdaLu177, "time point 1");
  EXPECT_EQ(activity.data(), memory);  // no copy
  EXPECT_EQ(activity[5], static_cast<float>(3.0f * kGrid.voxel_volume_ml()));
  Volume<float> nan_image(kGrid, 1.0f);
  nan_image[2] = std::nanf("");
  EXPECT_THAT([&] { to_activity_Bq(nan_image, quantity, kHour, kLambdaLu177, "time point 3 (a.nii)"); },
              ThrowsMessage<InvalidInput>(HasSubstr("time point 3 (a.nii) has 1 NaN or infinite voxel")));
  EXPECT_THROW(to_activity_Bq(Volume<float>(kGrid), {SampleUnit::GyPerS, DecayCorrection::None, {}}, kHour,
                              kLambdaLu177, "a dose rate"),
               InvalidInput);
}

TEST(ImageSeries, ViewsTheCallersImagesAndRefusesCounts) {
  const std::vector<Volume<float>> images{Volume<float>(kGrid, 1.0f), Volume<float>(kGrid, 2.0f)};
  const auto series =
      ImageSeries::viewing(images, {4 * kHour, 24 * kHour}, SampleUnit::BqPerVoxel, DecayCorrection::None);
  EXPECT_EQ(series.image(0).data(), images[0].data());
  EXPECT_EQ(series.image(1).data(), images[1].data());
  EXPECT_FALSE(series.image(1).owns_data());
  EXPECT_THAT(
      [&] {
        ImageSeries::viewing(images, {4 * kHour, 24 * kHour}, SampleUnit::Counts, DecayCorrection::None);
      },
      ThrowsMessage<InvalidInput>(HasSubstr("not counts")));
}

TEST(ImageSeries, UnitsAndTimePointsAreNamedOneWay) {
  EXPECT_EQ(time_point_name(0), "time point 1");
  EXPECT_EQ(parse_unit("Bq/ml"), SampleUnit::BqPerMl);
  EXPECT_EQ(unit_name(parse_unit("Bq/voxel")), "Bq");
  EXPECT_EQ(parse_unit("counts"), SampleUnit::Counts);
  EXPECT_THAT([] { parse_unit("kBq"); }, ThrowsMessage<InvalidInput>(HasSubstr("use Bq/mL, Bq, counts or Gy/s")));
}

}  // namespace
}  // namespace rptdose::timeactivity
