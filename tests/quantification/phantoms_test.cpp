#include "rptdose/quantification/phantoms.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

#include "rptdose/core/error.hpp"

namespace rq = rptdose::quantification;
using rptdose::Grid;
using rptdose::Vector3;
using rptdose::Volume;

namespace {

constexpr double kLu177HalfLife_s = 6.647 * 86400;  // the value only scales the decay; any half-life would do

/// A 25-degree rotation about z and a tilt about x: oblique axes, so that patient and index coordinates differ.
rptdose::Matrix3 oblique() {
  const double a = 25 * std::numbers::pi / 180, b = 10 * std::numbers::pi / 180;
  rptdose::Matrix3 rz, rx;
  rz << std::cos(a), -std::sin(a), 0, std::sin(a), std::cos(a), 0, 0, 0, 1;
  rx << 1, 0, 0, 0, std::cos(b), -std::sin(b), 0, std::sin(b), std::cos(b);
  return rz * rx;
}

}  // namespace

TEST(AcquisitionDecay, MeanOverTheScan) {
  // Over one half-life the mean of 2^{−t/T½} is (1 − ½)/ln 2; over no time it is 1.
  EXPECT_NEAR(rq::acquisition_decay_factor(3600, 3600), 0.5 / std::numbers::ln2, 1e-14);
  EXPECT_DOUBLE_EQ(rq::acquisition_decay_factor(3600, 0), 1.0);
  // λT ≪ 1: f = 1 − λT/2 + O((λT)²), without the cancellation of 1 − e^{−λT} (expm1).
  const double x = std::numbers::ln2 / kLu177HalfLife_s * 1e-3;
  EXPECT_NEAR(rq::acquisition_decay_factor(kLu177HalfLife_s, 1e-3), 1.0 - x / 2, 1e-15);
  EXPECT_THROW(rq::acquisition_decay_factor(0, 10), rptdose::InvalidInput);
  EXPECT_THROW(rq::acquisition_decay_factor(10, -1), rptdose::InvalidInput);
}

TEST(Sensitivity, PoissonCylinderWithinOnePercent) {
  // A uniform cylinder (r 100 mm, 180 mm long) in 4.8 mm voxels with Poisson counts from a known sensitivity of
  // 12 cps/MBq, 200 MBq measured 3 days before a 20 min scan: the whole-image total recovers S to its counting
  // error (1/√C ≈ 0.02 % here), so within 1 % by a wide margin; the uncertainty adds the dose calibrator's 2 %.
  const Grid grid({64, 64, 48}, Vector3(4.8, 4.8, 4.8), Vector3(-150, -150, -110));
  const double s_true = 12.0, activity_MBq = 200.0, decay_time_s = 3 * 86400.0, duration_s = 1200.0;
  const double lambda = std::numbers::ln2 / kLu177HalfLife_s;
  const double activity_acq = activity_MBq * std::exp(-lambda * decay_time_s);
  const double expected_counts =
      s_true * duration_s * activity_acq * rq::acquisition_decay_factor(kLu177HalfLife_s, duration_s);
  std::size_t inside = 0;
  for (std::size_t k = 0; k < 48; ++k)
    for (std::size_t j = 0; j < 64; ++j)
      for (std::size_t i = 0; i < 64; ++i) {
        const Vector3 p = grid.index_to_point(rptdose::Index3{std::int64_t(i), std::int64_t(j), std::int64_t(k)});
        inside += (p.head<2>().norm() <= 100 && std::abs(p.z()) <= 90);
      }
  Volume<float> counts(grid, 0.0f);
  std::mt19937_64 rng(18);
  for (std::size_t k = 0; k < 48; ++k)
    for (std::size_t j = 0; j < 64; ++j)
      for (std::size_t i = 0; i < 64; ++i) {
        const Vector3 p = grid.index_to_point(rptdose::Index3{std::int64_t(i), std::int64_t(j), std::int64_t(k)});
        if (p.head<2>().norm() <= 100 && std::abs(p.z()) <= 90) {
          std::poisson_distribution<long> poisson(expected_counts / static_cast<double>(inside));
          counts(i, j, k) = static_cast<float>(poisson(rng));
        }
      }
  rq::UniformPhantomScan scan{activity_MBq, 4.0, decay_time_s, duration_s, std::nullopt};
  const auto s = rq::measure_sensitivity(counts, scan, kLu177HalfLife_s);
  EXPECT_NEAR(s.cps_per_MBq / s_true, 1.0, 0.01);
  EXPECT_NEAR(s.activity_at_acquisition_MBq, activity_acq, 1e-9 * activity_acq);
  EXPECT_NEAR(s.u_cps_per_MBq / s.cps_per_MBq, std::sqrt(0.02 * 0.02 + 1 / s.counts), 1e-12);
  EXPECT_EQ(s.voi.rfind("whole image", 0), 0u);

  // The concentration method: a threshold VOI (10 % of the maximum: this unblurred image has ~50 counts per voxel
  // inside, so it keeps every cylinder voxel) with the fill volume of the cylinder's voxels gives the same S.
  scan.phantom_volume_mL = static_cast<double>(inside) * grid.voxel_volume_ml();
  const auto t = rq::measure_sensitivity(counts, scan, kLu177HalfLife_s, {nullptr, 0.1});
  EXPECT_NEAR(t.cps_per_MBq / s_true, 1.0, 0.01);
}

TEST(Sensitivity, RejectsBadInputs) {
  const Grid grid({8, 8, 8}, Vector3(4, 4, 4));
  const Volume<float> counts(grid, 100.0f);
  const rq::UniformPhantomScan good{100.0, 1.0, 0.0, 600.0, std::nullopt};
  EXPECT_NO_THROW(rq::measure_sensitivity(counts, good, 3600));
  auto bad = good;
  bad.activity_MBq = 0;
  EXPECT_THROW(rq::measure_sensitivity(counts, bad, 3600), rptdose::InvalidInput);
  bad = good;
  bad.acquisition_duration_s = -1;
  EXPECT_THROW(rq::measure_sensitivity(counts, bad, 3600), rptdose::InvalidInput);
  bad = good;
  bad.phantom_volume_mL = 500;  // without a partial VOI
  EXPECT_THROW(rq::measure_sensitivity(counts, bad, 3600), rptdose::InvalidInput);
  EXPECT_THROW(rq::measure_sensitivity(counts, good, 3600, {nullptr, 1.5}), rptdose::InvalidInput);
  EXPECT_THROW(rq::measure_sensitivity(Volume<float>(grid, 0.0f), good, 3600), rptdose::InvalidInput);
  const Volume<std::int32_t> empty_mask(grid, 0);
  EXPECT_THROW(rq::measure_sensitivity(counts, good, 3600, {&empty_mask, std::nullopt}), rptdose::InvalidInput);
}

TEST(SphereRecovery, GradientImageGivesCentreValueOnObliqueGrid) {
  // value = C·(1 + g·(x − x_c)) around each sphere: its mean over a sphere is the value at the centre, C, whatever
  // the gradient, so RC = 1 (within the sub-voxel sampling's asymmetry: 0.5 %). A centre mapped wrongly through
  // the oblique direction would shift the mean by g·offset.
  // Centred on the patient origin: origin = −direction · diag(spacing) · (size − 1)/2.
  const Vector3 spacing(4, 4, 4);
  const Vector3 origin = -oblique() * spacing.cwiseProduct(Vector3(47, 47, 39)) / 2;
  const Grid grid({48, 48, 40}, spacing, origin, oblique());
  const double c = 50e3, g = 0.01;  // Bq/mL, 1/mm: ±19 % over the 37 mm sphere
  rq::SpherePhantomScan scan{c, 0.0, 0.0, {}};
  for (std::size_t s = 0; s < 6; ++s) {
    const double angle = static_cast<double>(s) * std::numbers::pi / 3;
    scan.spheres.push_back(
        {"", Vector3(5 + 57.2 * std::cos(angle), 10 + 57.2 * std::sin(angle), 0.0), rq::kNemaSphereDiameters_mm[s]});
  }
  for (std::size_t s = 0; s < 6; ++s) {
    Volume<float> image(grid, 0.0f);
    const Vector3 centre = scan.spheres[s].centre_mm;
    for (std::size_t n = 0; n < image.size(); ++n) {
      const std::size_t i = n % 48, j = n / 48 % 48, k = n / (48 * 48);
      const Vector3 p = grid.index_to_point(rptdose::Index3{std::int64_t(i), std::int64_t(j), std::int64_t(k)});
      image[n] = static_cast<float>(c * (1 + g * (p - centre).dot(Vector3(0.6, -0.64, 0.48))));
    }
    rq::SpherePhantomScan one = scan;
    one.spheres = {scan.spheres[s]};
    const auto points = rq::measure_recovery(image, one, kLu177HalfLife_s);
    ASSERT_EQ(points.size(), 1u);
    EXPECT_NEAR(points[0].recovery, 1.0, 0.005) << scan.spheres[s].diameter_mm;
    const double d = rq::kNemaSphereDiameters_mm[s];
    EXPECT_NEAR(points[0].volume_mL, std::numbers::pi / 6 * d * d * d / 1000, 1e-12);
  }
}

TEST(SphereRecovery, BackgroundIsSubtracted) {
  // A uniform image at the background B plus (C − B) everywhere: the spheres' RC is 1; at B alone, no sphere.
  const Grid grid({40, 40, 30}, Vector3(4, 4, 4), Vector3(-80, -80, -60));
  const double c = 40e3, b = 5e3;
  rq::SpherePhantomScan scan{c, b, 0.0, {{"big", Vector3(0, 0, 0), 37.0}, {"", Vector3(50, 0, 0), 10.0}}};
  EXPECT_NEAR(rq::measure_recovery(Volume<float>(grid, float(c)), scan, 3600)[1].recovery, 1.0, 1e-6);
  try {
    rq::measure_recovery(Volume<float>(grid, float(b)), scan, 3600);
    ADD_FAILURE() << "a sphere at background level was accepted";
  } catch (const rptdose::InvalidInput& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.rfind("big shows no activity above the background", 0), 0u) << message;
  }
}

TEST(SphereRecovery, RejectsSpheresOutsideOrOverlapping) {
  const Grid grid({40, 40, 30}, Vector3(4, 4, 4), Vector3(-80, -80, -60));
  const Volume<float> image(grid, 1000.0f);
  rq::SpherePhantomScan scan{1000.0, 0.0, 0.0, {{"", Vector3(70, 0, 0), 37.0}}};  // reaches x = 88.5 > 78
  EXPECT_THROW(rq::measure_recovery(image, scan, 3600), rptdose::InvalidInput);
  scan.spheres = {{"", Vector3(0, 0, 0), 37.0}, {"", Vector3(20, 0, 0), 10.0}};
  EXPECT_THROW(rq::measure_recovery(image, scan, 3600), rptdose::InvalidInput);
  scan.spheres = {{"", Vector3(0, 0, 0), 0.0}};
  EXPECT_THROW(rq::measure_recovery(image, scan, 3600), rptdose::InvalidInput);
  scan.spheres = {{"", Vector3(0, 0, 0), 10.0}};
  scan.background_concentration_Bq_per_mL = 2000.0;  // above the spheres'
  EXPECT_THROW(rq::measure_recovery(image, scan, 3600), rptdose::InvalidInput);
}
