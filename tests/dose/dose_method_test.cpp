#include "rptdose/dose/dose_method.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"

namespace rptdose::dose {
namespace {

using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

void expect_same_kernel(const kernels::DoseKernel& a, const kernels::DoseKernel& b) {
  ASSERT_EQ(a.grid().size(), b.grid().size());
  for (std::size_t n = 0; n < a.grid().voxel_count(); ++n) ASSERT_EQ(a.values()[n], b.values()[n]) << n;
  EXPECT_EQ(a.info().method, b.info().method);
}

// The factory is exactly the generators it chooses between, with the options a study or a Python call gives.
TEST(DoseMethod, FactoryGivesTheKernelOrTheLocalDepositionOfTheSpec) {
  const Vector3 spacing(4.8, 4.8, 3.0);
  DoseMethodSpec spec;
  spec.kernel_radius_mm = 7.0;
  kernels::KernelOptions options;
  options.spacing_mm = spacing;
  options.half_size = kernels::half_size_for_radius(spacing, 7.0);
  const auto kernel = make_dose_kernel("Lu-177", spacing, spec, 1);
  EXPECT_EQ(kernel.half_size(), (std::array<int, 3>{2, 2, 3}));
  expect_same_kernel(kernel, kernels::generate_kernel(nuclides::expand_chain("Lu-177"), options));

  spec.method = DoseMethod::LocalDeposition;
  expect_same_kernel(
      make_dose_kernel("Lu-177", spacing, spec, 1),
      local_deposition_kernel(nuclides::expand_chain("Lu-177"), spacing, units::kSoftTissueDensity_g_per_ml));
  spec.medium = kernels::Medium::Water;
  spec.local_deposition.include_photons = true;
  expect_same_kernel(make_dose_kernel("Lu-177", spacing, spec, 1),
                     local_deposition_kernel(nuclides::expand_chain("Lu-177"), spacing, 1.0, {true}));
}

TEST(DoseMethod, KernelsComeFromTheCacheWhenOneIsGiven) {
  kernels::KernelCache cache;
  DoseMethodSpec spec;
  spec.kernel_radius_mm = 5.0;
  const auto first = make_dose_kernel("Y-90", Vector3::Constant(4.0), spec, 1, &cache);
  const auto second = make_dose_kernel("Y-90", Vector3::Constant(4.0), spec, 1, &cache);
  EXPECT_EQ(cache.misses(), 1u);
  EXPECT_EQ(cache.hits(), 1u);
  expect_same_kernel(first, second);
}

TEST(DoseMethod, NamesParseBackAndUnknownMethodsAreNamed) {
  EXPECT_EQ(parse_dose_method("kernel"), DoseMethod::Kernel);
  EXPECT_EQ(parse_dose_method(dose_method_name(DoseMethod::LocalDeposition)), DoseMethod::LocalDeposition);
  EXPECT_THAT([] { parse_dose_method("mc"); },
              ThrowsMessage<InvalidInput>(HasSubstr(
                  "unknown dose method 'mc': use 'kernel' (voxel S-value kernel), 'led' (local energy deposition) "
                  "or 'monte-carlo' (Monte Carlo transport in the voxels' tissues)")));
}

TEST(DoseMethod, MonteCarloHasNoKernel) {
  DoseMethodSpec spec;
  spec.method = parse_dose_method("monte-carlo");
  EXPECT_THAT([&] { make_dose_kernel("Lu-177", {4, 4, 4}, spec, 1); },
              ThrowsMessage<InvalidInput>(HasSubstr("'monte-carlo' has no kernel")));
}

}  // namespace
}  // namespace rptdose::dose
