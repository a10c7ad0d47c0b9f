#include "rptdose/kernels/kernel_cache.hpp"

#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>

#include "rptdose/core/error.hpp"
#include "rptdose/kernels/kernel_cache.hpp"
#include "rptdose/kernels/kernel_generation.hpp"

namespace rptdose::kernels {
namespace {

namespace fs = std::filesystem;

fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("rptdose-kernel-io-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir / name;
}

KernelOptions small(double spacing = 3.0, int half = 2) {
  KernelOptions o;
  o.spacing_mm = Vector3(spacing, spacing, spacing);
  o.half_size = {half, half, half};
  return o;
}

TEST(KernelCache, ReturnsTheStoredKernelAndPersistsIt) {
  const auto folder = scratch("cache");
  fs::remove_all(folder);
  KernelCache cache(4, folder);
  const auto a = cache.get("Lu-177", small());
  const auto b = cache.get("177Lu", small());  // another spelling, same nuclide
  EXPECT_EQ(a.get(), b.get());
  EXPECT_EQ(cache.hits(), 1u);
  auto other = small();
  other.spacing_mm = Vector3(3.0, 3.0, 3.5);
  EXPECT_NE(cache.get("Lu-177", other).get(), a.get());
  EXPECT_EQ(cache.misses(), 2u);
  // A new cache (another process) reads the same values from the folder.
  KernelCache fresh(4, folder);
  const auto c = fresh.get("Lu-177", small());
  EXPECT_EQ(c->at(1, 0, 0), a->at(1, 0, 0));
  EXPECT_EQ(c->at(0, 0, 0, KernelComponent::Photon), a->at(0, 0, 0, KernelComponent::Photon));
  EXPECT_THROW(cache.get("Xx-999", small()), UnknownNuclide);
  // Least recently used entries are dropped beyond the capacity.
  KernelCache tiny(1);
  tiny.get("Lu-177", small());
  tiny.get("Y-90", small());
  EXPECT_EQ(tiny.size(), 1u);
}

}  // namespace
}  // namespace rptdose::kernels
