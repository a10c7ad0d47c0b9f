// The dose-rate route (convolve each time point, then integrate the dose-rate maps) against the TIA route
// (integrate the activity, then convolve): by linearity they agree when the same integration model is used
// (DESIGN.md §1). For the trapezoid within 0.2 % (linear in the samples but for its exponential tail); within
// 1 % for mono-exponential fits, whose dose-rate curves are sums of the neighbours' exponentials.
#include <gtest/gtest.h>

#include <cmath>

#include "rptdose/core/units.hpp"
#include "rptdose/dose/dose_calculator.hpp"
#include "rptdose/kernels/kernel_generation.hpp"
#include "rptdose/timeactivity/voxel_fit.hpp"

namespace rptdose {
namespace {

using timeactivity::DecayCorrection;
using timeactivity::ImageSeries;
using timeactivity::Model;
using timeactivity::SampleUnit;

const double kLambdaLu177 = std::log(2.0) / (6.647 * units::kSecondsPerDay);

ImageSeries activity_phantom(const Grid& grid, const std::vector<double>& times) {
  std::vector<Volume<float>> images;
  const auto& n = grid.size();
  for (const double t : times) {
    Volume<float> image(grid);
    for (std::size_t k = 0; k < n[2]; ++k)
      for (std::size_t j = 0; j < n[1]; ++j)
        for (std::size_t i = 0; i < n[0]; ++i) {
          // An organ-like blob whose biological half-life varies smoothly from 40 to 80 h across it.
          const double r2 = std::pow(i - 8.0, 2) + std::pow(j - 7.0, 2) + std::pow(k - 6.0, 2);
          const double bio_h = 40.0 + 40.0 * static_cast<double>(i) / static_cast<double>(n[0]);
          const double lambda = kLambdaLu177 + std::log(2.0) / (bio_h * units::kSecondsPerHour);
          image(i, j, k) = static_cast<float>(1e6 * std::exp(-r2 / 18.0) * std::exp(-lambda * t));
        }
    images.push_back(std::move(image));
  }
  return ImageSeries(std::move(images), times, SampleUnit::BqPerVoxel, DecayCorrection::None);
}

void compare_routes(std::optional<Model> model, double tolerance) {
  const Grid grid({17, 15, 13}, Vector3::Constant(4.8));
  const auto times = timeactivity::hours_to_seconds({4, 24, 96, 168});
  const ImageSeries activity = activity_phantom(grid, times);
  kernels::KernelOptions kernel_options;
  kernel_options.half_size = {3, 3, 3};
  const dose::DoseCalculator calculator(kernels::generate_kernel("Lu-177", kernel_options));
  timeactivity::VoxelFitOptions fit;
  fit.fit.model = model;

  // TIA route.
  const auto tia = timeactivity::fit_voxels(activity, kLambdaLu177, fit).integral;
  const auto dose_by_tia = calculator.dose_from_tia(tia).total;
  // Dose-rate route.
  std::vector<Volume<float>> rates;
  for (std::size_t i = 0; i < activity.size(); ++i)
    rates.push_back(calculator.dose_rate_from_activity(activity.image(i)).total);
  const ImageSeries rate_series(std::move(rates), times, SampleUnit::GyPerS, DecayCorrection::None);
  const auto dose_by_rates = timeactivity::fit_voxels(rate_series, kLambdaLu177, fit).integral;

  double largest = 0;
  for (const float d : dose_by_tia.values()) largest = std::max(largest, static_cast<double>(d));
  std::size_t compared = 0;
  for (std::size_t v = 0; v < dose_by_tia.size(); ++v) {
    if (dose_by_tia[v] < 0.1 * largest) continue;
    ++compared;
    ASSERT_NEAR(dose_by_rates[v] / dose_by_tia[v], 1.0, tolerance) << "voxel " << v;
  }
  EXPECT_GT(compared, 100u);
}

TEST(DoseRateRoute, EqualsTheTiaRouteForTheTrapezoid) {
  compare_routes(Model::Trapezoid, 2e-3);
}

TEST(DoseRateRoute, EqualsTheTiaRouteWithinOnePercentForMonoExponentialFits) {
  compare_routes(Model::MonoExponential, 0.01);
}

}  // namespace
}  // namespace rptdose
