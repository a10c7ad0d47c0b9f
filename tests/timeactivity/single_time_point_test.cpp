#include "rptdose/timeactivity/single_time_point.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/timeactivity/models.hpp"

namespace rptdose::timeactivity {
namespace {

using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

constexpr double kHour = units::kSecondsPerHour;
const double kLn2 = std::log(2.0);
const double kPhysicalLu177_s = 6.647 * units::kSecondsPerDay;
const double kLambdaLu177 = kLn2 / kPhysicalLu177_s;
const Grid kGrid({6, 5, 4}, Vector3(4.8, 4.8, 4.8));

/// The analytic TIA of A(t) = A0·e^{−λ t}, and its value at t.
struct Mono {
  double a0, half_life_s;
  double lambda() const { return kLn2 / half_life_s; }
  double at(double t_s) const { return a0 * std::exp(-lambda() * t_s); }
  double tia() const { return a0 / lambda(); }
};

// Hänscheid/exact = (2/ln 2)·x/e^x with x = λ_eff·t (derivation in single_time_point.hpp): 1 at x = ln 2
// (t = T_eff) and x = 2 ln 2 (t = 2 T_eff), largest at x = 1 (2/(e ln 2) = 1.0615), 0.9 at t/T_eff = 0.764 and
// 2.437. Tolerance 1e-12: closed forms in double precision.
TEST(SingleTimePoint, HanscheidIsExactAtOneAndTwoEffectiveHalfLivesAndSixPercentHighBetween) {
  const Mono curve{1000.0, 50 * kHour};
  for (const double t : {curve.half_life_s, 2 * curve.half_life_s})
    EXPECT_NEAR(hanscheid_integral(curve.at(t), t) / curve.tia(), 1.0, 1e-12) << t / kHour;
  const double least_sensitive = 1.0 / curve.lambda();  // λt = 1: not where the formula is exact
  EXPECT_NEAR(hanscheid_integral(curve.at(least_sensitive), least_sensitive) / curve.tia(),
              2.0 / (std::exp(1.0) * kLn2), 1e-12);
  EXPECT_GT(hanscheid_integral(curve.at(least_sensitive), least_sensitive) / curve.tia(), 1.06);
  // The −10 % ends of the range in the header, to the 4 digits it states (roots found with scipy's brentq).
  for (const double ratio : {0.7643968706, 2.4372679774}) {
    const double t = ratio * curve.half_life_s;
    EXPECT_NEAR(hanscheid_integral(curve.at(t), t) / curve.tia(), 0.9, 1e-9) << ratio;
  }
}

// Each method's curve is a mono-exponential through the sample whose integral is the method's TIA: the model's own
// integral of the parameters (models.hpp) gives it back, and its value at the scan time is the sample (1e-12:
// closed forms).
TEST(SingleTimePoint, CurvesAreMonoExponentialsThroughTheSampleWithTheMethodsTia) {
  const double scan = 96 * kHour, value = 2.5e6;
  const std::vector<std::pair<double, double>> cases{
      {kPhysicalLu177_s, value * std::exp(kLambdaLu177 * scan) / kLambdaLu177},  // physical decay: A·e^{λp t}/λp
      {scan, hanscheid_integral(value, scan)},                                   // Hänscheid: T_eff = t
      {60 * kHour, value * std::exp(kLn2 / (60 * kHour) * scan) / (kLn2 / (60 * kHour))}};
  for (const auto& [half_life, tia] : cases) {
    const FitResult r = single_time_point_curve(value, scan, half_life, kLambdaLu177);
    EXPECT_EQ(r.model, Model::MonoExponential);
    EXPECT_EQ(r.status, FitStatus::Fitted);
    EXPECT_NEAR(r.integral / tia, 1.0, 1e-12);
    EXPECT_NEAR(integral(r.model, r.parameters, kLambdaLu177) / tia, 1.0, 1e-12);
    EXPECT_NEAR(evaluate(r.model, r.parameters, kLambdaLu177, scan) / value, 1.0, 1e-12);
    EXPECT_NEAR(r.effective_half_life_s() / half_life, 1.0, 1e-12);
    EXPECT_GE(r.parameters[1], 0.0);
  }
  EXPECT_EQ(single_time_point_curve(value, scan, kPhysicalLu177_s, kLambdaLu177).parameters[1], 0.0);
  EXPECT_THAT([&] { single_time_point_curve(value, scan, 2 * kPhysicalLu177_s, kLambdaLu177); },
              ThrowsMessage<InvalidInput>(HasSubstr("longer than the physical half-life")));
}

TEST(SingleTimePoint, HalfLifeOfEachMethod) {
  SingleTimePointOptions options;
  options.method = SingleTimePointMethod::PhysicalDecay;
  EXPECT_NEAR(single_time_point_half_life_s(options, 3, 24 * kHour, kLambdaLu177), kPhysicalLu177_s, 1e-6);
  options.method = SingleTimePointMethod::Hanscheid;
  EXPECT_EQ(single_time_point_half_life_s(options, 3, 24 * kHour, kLambdaLu177), 24 * kHour);
  // 90Y (64.1 h) scanned at 96 h: no curve has T_eff = t.
  EXPECT_THAT([&] { single_time_point_half_life_s(options, 3, 96 * kHour, kLn2 / (64.1 * kHour)); },
              ThrowsMessage<InvalidInput>(HasSubstr("use effective-half-life or physical-decay")));
  options.method = SingleTimePointMethod::EffectiveHalfLife;
  options.effective_half_life_by_label_s = {{3, 50 * kHour}};
  EXPECT_EQ(single_time_point_half_life_s(options, 3, 24 * kHour, kLambdaLu177), 50 * kHour);
  EXPECT_THAT([&] { single_time_point_half_life_s(options, 4, 24 * kHour, kLambdaLu177); },
              ThrowsMessage<InvalidInput>(HasSubstr("no effective half-life for label 4")));
  EXPECT_THAT([&] { single_time_point_half_life_s(options, 0, 24 * kHour, kLambdaLu177); },
              ThrowsMessage<InvalidInput>(HasSubstr("outside every VOI (label 0)")));
  options.effective_half_life_s = 70 * kHour;
  EXPECT_EQ(single_time_point_half_life_s(options, 4, 24 * kHour, kLambdaLu177), 70 * kHour);
}

// Per voxel and per VOI, against the analytic TIA of mono-exponentials with a half-life per label: labels 1 and 2
// with their own, everything else (label 0) the default; the image decay-corrected to injection (the series undoes
// it). Tolerance 1e-6: the map is float.
TEST(SingleTimePoint, VoxelsAndVoisTakeTheirLabelsHalfLife) {
  const double scan = 72 * kHour;
  const Mono kidney{800.0, 50 * kHour}, liver{300.0, 70 * kHour}, rest{20.0, 30 * kHour};
  Volume<std::int32_t> labels(kGrid, 0);
  for (std::size_t v = 0; v < 30; ++v) labels[v] = 1;
  for (std::size_t v = 30; v < 50; ++v) labels[v] = 2;
  const auto curve_of = [&](std::int32_t label) { return label == 1 ? kidney : label == 2 ? liver : rest; };
  Volume<float> image(kGrid);
  for (std::size_t v = 0; v < image.size(); ++v)
    image[v] = static_cast<float>(curve_of(labels[v]).at(scan) * std::exp(kLambdaLu177 * scan));
  const ImageSeries one({image}, {scan}, SampleUnit::BqPerVoxel, DecayCorrection::ToInjection);
  SingleTimePointOptions options;
  options.method = SingleTimePointMethod::EffectiveHalfLife;
  options.effective_half_life_by_label_s = {{1, kidney.half_life_s}, {2, liver.half_life_s}};
  options.effective_half_life_s = rest.half_life_s;
  std::vector<std::size_t> figured;
  const auto maps = single_time_point_voxels(one, kLambdaLu177, options, &labels, nullptr,
                                             [&](std::size_t v, const FitResult& r, const Samples& s) {
                                               figured.push_back(v);
                                               EXPECT_EQ(s.values.size(), 1u);
                                               return static_cast<float>(r.effective_half_life_s() / kHour);
                                             });
  for (std::size_t v = 0; v < image.size(); ++v) {
    const Mono c = curve_of(labels[v]);
    EXPECT_NEAR(maps.integral[v] / c.tia(), 1.0, 1e-6) << v;
    EXPECT_NEAR(maps.effective_half_life_h[v], c.half_life_s / kHour, 1e-4);
    EXPECT_NEAR((*maps.curve_figure)[v], c.half_life_s / kHour, 1e-4);
    EXPECT_EQ(maps.model[v], static_cast<std::uint8_t>(Model::MonoExponential));
  }
  EXPECT_EQ(figured.size(), image.size());
  EXPECT_EQ(maps.summary.voxels, image.size());
  EXPECT_EQ(maps.summary.by_status[static_cast<std::size_t>(FitStatus::Fitted)], image.size());

  const auto vois = single_time_point_vois(one, labels, kLambdaLu177, options, VoiAggregate::Sum, 7.4e9);
  ASSERT_EQ(vois.size(), 2u);
  EXPECT_NEAR(vois[0].fit.integral / (30 * kidney.tia()), 1.0, 1e-6);
  EXPECT_NEAR(vois[1].fit.integral / (20 * liver.tia()), 1.0, 1e-6);
  EXPECT_NEAR(*vois[0].residence_time_h, vois[0].fit.integral / 7.4e9 / kHour, 1e-12);
  EXPECT_NEAR(
      single_time_point_vois(one, labels, kLambdaLu177, options, VoiAggregate::Mean)[1].fit.integral / liver.tia(), 1.0,
      1e-6);

  // Without a default, the voxels of label 0 have no half-life; masked out, they need none.
  options.effective_half_life_s.reset();
  EXPECT_THAT([&] { single_time_point_voxels(one, kLambdaLu177, options, &labels); },
              ThrowsMessage<InvalidInput>(HasSubstr("label 0")));
  Volume<std::uint8_t> mask(kGrid, 0);
  for (std::size_t v = 0; v < 50; ++v) mask[v] = 1;
  const auto masked = single_time_point_voxels(one, kLambdaLu177, options, &labels, &mask);
  EXPECT_EQ(masked.summary.voxels, 50u);
  EXPECT_EQ(masked.status[60], static_cast<std::uint8_t>(FitStatus::Masked));
  EXPECT_EQ(masked.integral[60], 0.0f);
}

// Permanent implant: A(t)·e^{λp t}/λp per voxel whatever the labels; a zero or negative voxel is a curve without
// a positive sample (status Zero, integral 0, as fit_curve), the negative one counted.
TEST(SingleTimePoint, PhysicalDecayAndVoxelsWithoutActivity) {
  const double scan = 3 * kHour;
  Volume<float> image(kGrid, 1000.0f);
  image[0] = 0.0f;
  image[1] = -5.0f;
  const ImageSeries one({image}, {scan}, SampleUnit::BqPerVoxel, DecayCorrection::None);
  SingleTimePointOptions options;
  options.method = SingleTimePointMethod::PhysicalDecay;
  const auto maps = single_time_point_voxels(one, kLambdaLu177, options);
  EXPECT_NEAR(maps.integral[5] / (1000.0 * std::exp(kLambdaLu177 * scan) / kLambdaLu177), 1.0, 1e-6);
  EXPECT_EQ(maps.integral[0], 0.0f);
  EXPECT_EQ(maps.integral[1], 0.0f);
  EXPECT_EQ(maps.status[1], static_cast<std::uint8_t>(FitStatus::Zero));
  EXPECT_EQ(maps.summary.by_status[static_cast<std::size_t>(FitStatus::Zero)], 2u);
  EXPECT_EQ(maps.summary.negative_samples, 1u);
  // Two images: fit them.
  const ImageSeries two({image, image}, {scan, 2 * scan}, SampleUnit::BqPerVoxel, DecayCorrection::None);
  EXPECT_THAT([&] { single_time_point_voxels(two, kLambdaLu177, options); },
              ThrowsMessage<InvalidInput>(HasSubstr("takes one image; got 2")));
  EXPECT_THROW(single_time_point_vois(two, Volume<std::int32_t>(kGrid, 1), kLambdaLu177, options), InvalidInput);
  const Volume<std::int32_t> other_grid(Grid({2, 2, 2}, Vector3::Constant(4.8)));
  EXPECT_THROW(single_time_point_voxels(one, kLambdaLu177, options, &other_grid), InvalidInput);
}

}  // namespace
}  // namespace rptdose::timeactivity
