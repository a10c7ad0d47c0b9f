#include "rptdose/kernels/kernel_resampling.hpp"

#include <gtest/gtest.h>

#include "kernel_test_support.hpp"

#include "rptdose/core/error.hpp"
#include "rptdose/kernels/kernel_generation.hpp"

namespace rptdose::kernels {
namespace {

using testing::cubic_options;

// Resampling conserves the energy of the kernel (Σ S·V) and is the identity for the same spacing.
TEST(KernelResampling, ConservesEnergy) {
  const auto kernel = generate_kernel("Y-90", cubic_options(2.0, 7));
  for (const Vector3& spacing : {Vector3(3.0, 3.0, 3.0), Vector3(1.5, 2.5, 4.4), Vector3(2.0, 2.0, 2.0)}) {
    const auto resampled = resample_kernel(kernel, spacing);
    const double before = kernel.values().sum() * kernel.grid().voxel_volume_mm3();
    const double after = resampled.values().sum() * resampled.grid().voxel_volume_mm3();
    EXPECT_NEAR(after / before, 1.0, 1e-12) << spacing.transpose();
    EXPECT_NEAR(resampled.deposited_energy_MeV(KernelComponent::Electron) /
                    kernel.deposited_energy_MeV(KernelComponent::Electron),
                1.0, 1e-12);
  }
  const auto same = resample_kernel(kernel, Vector3(2.0, 2.0, 2.0));
  EXPECT_NEAR(same.at(1, 0, 0), kernel.at(1, 0, 0), 1e-12 * kernel.at(1, 0, 0));
  EXPECT_THROW(resample_kernel(kernel, Vector3(0.0, 1.0, 1.0)), InvalidInput);
}

}  // namespace
}  // namespace rptdose::kernels
