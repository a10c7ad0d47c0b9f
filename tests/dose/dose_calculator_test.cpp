#include "rptdose/dose/dose_calculator.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "../convolution/convolution_test_support.hpp"
#include "../kernels/kernel_test_support.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/dose/local_deposition.hpp"
#include "rptdose/kernels/kernel_generation.hpp"
#include "rptdose/nuclides/chain.hpp"

namespace rptdose::dose {
namespace {

using convolution::testing::max_relative_difference;
using convolution::testing::random_volume;
using convolution::testing::reference_convolution;
using kernels::KernelComponent;
using kernels::testing::cubic_options;

constexpr double kTia_Bq_s = 3.6e10;  // 10 MBq·h in one voxel

Volume<float> uniform_tia(std::size_t n, double spacing_mm) {
  return Volume<float>(Grid({n, n, n}, Vector3::Constant(spacing_mm)), static_cast<float>(kTia_Bq_s));
}

/// Ã · E / m for `energy_MeV` per decay in a voxel of the kernel's mass: the dose under charged-particle equilibrium.
double equilibrium_dose_Gy(double energy_MeV, const kernels::DoseKernel& kernel) {
  return kTia_Bq_s * energy_MeV * units::kJoulePerMeV / kernel.voxel_mass_kg();
}

// A uniform TIA filling a volume larger than twice the particles' range: at the centre every decay's alpha and
// electron energy is absorbed (charged-particle equilibrium), D = Ã·E/m with E from the ICRP-107 decay data,
// independently of the kernel. Within 0.5 % (the kernel's energy conservation and the convolution).
TEST(DoseCalculator, UniformTiaGivesEquilibriumDoseAtTheCentre) {
  struct Case {
    const char* nuclide;
    int half;  // 2 mm voxels: the kernel reaches beyond the longest electron range of the chain
  };
  for (const Case c : {Case{"Lu-177", 3}, Case{"Ac-225", 6}, Case{"Pb-212", 7}}) {
    SCOPED_TRACE(c.nuclide);
    const auto kernel = kernels::generate_kernel(c.nuclide, cubic_options(2.0, c.half));
    DoseOptions options;
    options.components = true;
    const DoseCalculator calculator(kernel, options);
    const std::size_t n = 2 * static_cast<std::size_t>(c.half) + 3;
    const auto maps = calculator.dose_from_tia(uniform_tia(n, 2.0));
    const std::size_t mid = n / 2;
    const auto energy = nuclides::expand_chain(c.nuclide).energy_per_parent_decay();

    const double particles = (*maps.alpha)(mid, mid, mid) + (*maps.electron)(mid, mid, mid);
    const double expected =
        equilibrium_dose_Gy(energy.alpha_MeV + energy.alpha_recoil_MeV + energy.electron_MeV, kernel);
    EXPECT_NEAR(particles / expected, 1.0, 0.005);
    // Photons: what the kernel keeps within its radius, never more than was emitted.
    const double photon = (*maps.photon)(mid, mid, mid);
    EXPECT_NEAR(photon / equilibrium_dose_Gy(kernel.deposited_energy_MeV(KernelComponent::Photon), kernel), 1.0, 1e-4);
    EXPECT_LT(photon, equilibrium_dose_Gy(energy.photon_MeV, kernel));
    EXPECT_NEAR(maps.total(mid, mid, mid) / (particles + photon), 1.0, 1e-6);
  }
}

TEST(DoseCalculator, EqualsTheReferenceConvolutionForEachComponent) {
  const auto kernel = kernels::generate_kernel("Lu-177", cubic_options(2.0, 4));
  auto tia = random_volume<float>({13, 11, 9}, 7, 0.0, 1e9);
  // The test volumes' spacing is anisotropic: put the TIA on the kernel's spacing.
  tia = Volume<float>(Grid(tia.grid().size(), kernel.spacing_mm()), std::vector<float>(tia.begin(), tia.end()));
  DoseOptions options;
  options.components = true;
  const auto maps = DoseCalculator(kernel, options).dose_from_tia(tia);
  for (const auto component : {KernelComponent::Alpha, KernelComponent::Electron, KernelComponent::Photon}) {
    SCOPED_TRACE(kernels::component_name(component));
    const auto expected = reference_convolution(tia, kernel.values(component));
    if (component == KernelComponent::Alpha) {
      EXPECT_EQ(maps.alpha->sum(), 0.0);  // 177Lu emits no alphas
      continue;
    }
    EXPECT_LT(max_relative_difference(maps.component(component), expected), 1e-5);
  }
  const auto total_only = DoseCalculator(kernel).dose_from_tia(tia);
  EXPECT_LT(max_relative_difference(total_only.total, reference_convolution(tia, kernel.values())), 1e-5);
  EXPECT_LT(max_relative_difference(total_only.total, maps.total), 1e-5);
  EXPECT_FALSE(total_only.electron.has_value());
  EXPECT_THROW(total_only.component(KernelComponent::Electron), InvalidInput);
}

TEST(DoseCalculator, ReportsHowEachPartIsApplied) {
  DoseOptions options;
  options.components = true;
  const auto kernel = kernels::generate_kernel("Ac-225", cubic_options(4.8, 5));
  const auto maps = DoseCalculator(kernel, options).dose_from_tia(uniform_tia(12, 4.8));
  // Alphas deposit locally; the electron part is cropped to its few-voxel support; photons need the whole kernel.
  EXPECT_THAT(maps.report.method, ::testing::HasSubstr("alpha: local"));
  EXPECT_THAT(maps.report.method, ::testing::HasSubstr("photon: "));
  EXPECT_THAT(maps.report.method, ::testing::HasSubstr("11×11×11"));
  EXPECT_THAT(maps.report.method, ::testing::Not(::testing::HasSubstr("electron: fft 11×11×11")));
}

// The dose-rate route: dose-rate maps of each time point integrated over time equal the dose of the integrated
// activity (linearity), with one calculator reused for every time point.
TEST(DoseCalculator, DoseRateRouteEqualsTheTiaRouteByLinearity) {
  const auto kernel = kernels::generate_kernel("Lu-177", cubic_options(3.0, 5));
  const DoseCalculator calculator(kernel);
  const Grid grid({20, 18, 16}, Vector3::Constant(3.0));
  const std::vector<double> times_s{0.0, 24 * 3600.0, 72 * 3600.0};
  std::vector<Volume<float>> activity;
  for (unsigned t = 0; t < times_s.size(); ++t) {
    auto a = random_volume<float>(grid.size(), 10 + t, 0.0, 1e6);
    activity.emplace_back(grid, std::vector<float>(a.begin(), a.end()));
  }
  // Trapezoid over the samples, once on activity and once on dose rate.
  Volume<float> tia(grid);
  Volume<float> dose_by_rates(grid);
  for (std::size_t t = 0; t + 1 < times_s.size(); ++t) {
    const auto half_step = static_cast<float>(0.5 * (times_s[t + 1] - times_s[t]));
    tia.add_scaled(activity[t], half_step).add_scaled(activity[t + 1], half_step);
    const auto rate_a = calculator.dose_rate_from_activity(activity[t]).total;
    const auto rate_b = calculator.dose_rate_from_activity(activity[t + 1]).total;
    dose_by_rates.add_scaled(rate_a, half_step).add_scaled(rate_b, half_step);
  }
  EXPECT_LT(max_relative_difference(dose_by_rates, calculator.dose_from_tia(tia).total), 1e-5);
}

TEST(DoseCalculator, LocalDepositionKernelScalesEveryVoxelIncludingEdges) {
  const auto chain = nuclides::expand_chain("Lu-177");
  const auto led = local_deposition_kernel(chain, Vector3::Constant(4.0), 1.04);
  const auto tia = uniform_tia(6, 4.0);
  const auto maps = DoseCalculator(led).dose_from_tia(tia);
  const double expected = equilibrium_dose_Gy(chain.energy_per_parent_decay().electron_MeV, led);
  for (const float d : maps.total.values()) ASSERT_NEAR(d / expected, 1.0, 1e-6);
  EXPECT_EQ(maps.report.method, "total: local");
}

// A chain kernel holds every in-situ member: it equals the sum of the members' own kernels applied to their
// TIA (decays per parent decay × the parent's TIA), added with accumulate().
TEST(DoseCalculator, ChainKernelEqualsTheSumOfItsMembers) {
  auto options = cubic_options(4.0, 3);
  const auto chain = nuclides::expand_chain("Pb-212");
  DoseOptions dose_options;
  dose_options.components = true;
  auto tia = random_volume<float>({9, 8, 7}, 3, 0.0, 1e9);
  tia = Volume<float>(Grid(tia.grid().size(), Vector3::Constant(4.0)), std::vector<float>(tia.begin(), tia.end()));
  const auto whole = DoseCalculator(kernels::generate_kernel(chain, options), dose_options).dose_from_tia(tia);

  std::optional<DoseMaps> sum;
  for (const auto& member : chain.members()) {
    const nuclides::DecayChain alone({{member.nuclide, 1.0}}, {});
    Volume<float> member_tia = tia.clone();
    member_tia *= static_cast<float>(member.decays_per_parent_decay);
    auto part = DoseCalculator(kernels::generate_kernel(alone, options), dose_options).dose_from_tia(member_tia);
    if (sum)
      accumulate(*sum, part);
    else
      sum = std::move(part);
  }
  EXPECT_LT(max_relative_difference(sum->total, whole.total), 1e-5);
  EXPECT_LT(max_relative_difference(*sum->alpha, *whole.alpha), 1e-5);
  EXPECT_LT(max_relative_difference(*sum->electron, *whole.electron), 1e-5);
  EXPECT_LT(max_relative_difference(*sum->photon, *whole.photon), 1e-5);
}

TEST(DoseCalculator, NegativeTiaIsKeptAndReported) {
  const auto led = local_deposition_kernel(nuclides::expand_chain("Lu-177"), Vector3::Constant(4.0), 1.0);
  auto tia = uniform_tia(5, 4.0);
  tia(1, 1, 1) = -2.0f;
  tia(2, 3, 4) = -3.0f;
  const auto maps = DoseCalculator(led).dose_from_tia(tia);
  EXPECT_EQ(maps.report.negative_input.count, 2u);
  EXPECT_DOUBLE_EQ(maps.report.negative_input.sum, -5.0);
  EXPECT_LT(maps.total(1, 1, 1), 0.0f);  // linear: not clipped, not dropped
}

TEST(DoseCalculator, BadInputGetsClearErrors) {
  const auto kernel = kernels::generate_kernel("Lu-177", cubic_options(4.0, 2));
  const DoseCalculator calculator(kernel);
  auto tia = uniform_tia(6, 4.0);
  tia(3, 4, 5) = std::numeric_limits<float>::quiet_NaN();
  tia(5, 5, 5) = std::numeric_limits<float>::infinity();
  try {
    calculator.dose_from_tia(tia);
    FAIL() << "NaN accepted";
  } catch (const InvalidInput& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("TIA map has 2 NaN or infinite voxels"));
    EXPECT_THAT(e.what(), ::testing::HasSubstr("(3, 4, 5)"));
  }
  EXPECT_THROW(calculator.dose_from_tia(uniform_tia(6, 4.2)), InvalidInput);  // spacing differs from the kernel's
  EXPECT_THROW(calculator.dose_from_tia(Volume<float>(Grid({0, 4, 4}, Vector3::Constant(4.0)))), InvalidInput);
  const auto density = Volume<float>(Grid({5, 6, 6}, Vector3::Constant(4.0)), 1.0f);
  const auto good = uniform_tia(6, 4.0);
  EXPECT_THROW(calculator.dose_from_tia(good, &density), InvalidInput);  // other grid
  DoseOptions components;
  components.components = true;
  EXPECT_THROW(DoseCalculator(kernels::DoseKernel::from_total(kernel.values().clone(), {}), components), InvalidInput);
  DoseOptions bad_floor;
  bad_floor.density_floor_g_per_ml = 0.0;
  EXPECT_THROW(DoseCalculator(kernel, bad_floor), InvalidInput);
  // Inputs are not modified.
  const auto copy = good.clone();
  calculator.dose_from_tia(good);
  EXPECT_TRUE(std::equal(good.begin(), good.end(), copy.begin()));
}

}  // namespace
}  // namespace rptdose::dose
