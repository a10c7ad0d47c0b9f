#pragma once
// Helpers shared by the kernels tests.
#include <unistd.h>
#include <filesystem>
#include <string>

#include "rptdose/kernels/kernel_generation.hpp"

namespace rptdose::kernels::testing {

/// Cubic voxels of `spacing` mm, half-size `half`, soft tissue, photons to the kernel corner.
inline KernelOptions cubic_options(double spacing = 3.0, int half = 2) {
  KernelOptions o;
  o.spacing_mm = Vector3(spacing, spacing, spacing);
  o.half_size = {half, half, half};
  return o;
}

/// A path in a per-process scratch folder under the system temporary directory.
inline std::filesystem::path scratch(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("rptdose-kernel-tests-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir / name;
}

}  // namespace rptdose::kernels::testing
