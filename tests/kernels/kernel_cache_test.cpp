#include "rptdose/kernels/kernel_cache.hpp"

#include <gtest/gtest.h>

#include "kernel_test_support.hpp"

#include <filesystem>

#include "rptdose/core/error.hpp"
#include "rptdose/kernels/kernel_cache.hpp"
#include "rptdose/kernels/kernel_generation.hpp"

namespace rptdose::kernels {
namespace {

using testing::cubic_options;
using testing::scratch;

namespace fs = std::filesystem;

TEST(KernelCache, ReturnsTheStoredKernelAndPersistsIt) {
  const auto folder = scratch("cache");
  fs::remove_all(folder);
  KernelCache cache(4, folder);
  const auto a = cache.get("Lu-177", cubic_options());
  const auto b = cache.get("177Lu", cubic_options());  // another spelling, same nuclide
  EXPECT_EQ(a.get(), b.get());
  EXPECT_EQ(cache.hits(), 1u);
  auto other = cubic_options();
  other.spacing_mm = Vector3(3.0, 3.0, 3.5);
  EXPECT_NE(cache.get("Lu-177", other).get(), a.get());
  EXPECT_EQ(cache.misses(), 2u);
  // A new cache (another process) reads the same values from the folder.
  KernelCache fresh(4, folder);
  const auto c = fresh.get("Lu-177", cubic_options());
  EXPECT_EQ(c->at(1, 0, 0), a->at(1, 0, 0));
  EXPECT_EQ(c->at(0, 0, 0, KernelComponent::Photon), a->at(0, 0, 0, KernelComponent::Photon));
  EXPECT_THROW(cache.get("Xx-999", cubic_options()), UnknownNuclide);
  // Least recently used entries are dropped beyond the capacity.
  KernelCache tiny(1);
  tiny.get("Lu-177", cubic_options());
  tiny.get("Y-90", cubic_options());
  EXPECT_EQ(tiny.size(), 1u);
}

TEST(KernelCache, FullRangeKernelKeepsItsFarPhotonsAcrossProcesses) {
  // The far photon part cannot be stored in the cache folder (kernel_io refuses it): a full-range request is kept
  // in memory only, and a new cache generates it again, far part included, rather than reading a cut kernel.
  const auto folder = scratch("cache-full-range");
  fs::remove_all(folder);
  auto options = cubic_options(4.0, 3);
  options.photon_split_radius_mm = 10.0;
  KernelCache cache(4, folder);
  const auto first = cache.get("Lu-177", options);
  ASSERT_NE(first->far_photon(), nullptr);
  EXPECT_TRUE(fs::is_empty(folder));
  KernelCache fresh(4, folder);
  const auto again = fresh.get("Lu-177", options);
  ASSERT_NE(again->far_photon(), nullptr);
  EXPECT_EQ(again->far_photon()->deposited_energy_MeV(), first->far_photon()->deposited_energy_MeV());
}

}  // namespace
}  // namespace rptdose::kernels
