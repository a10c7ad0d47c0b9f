#include "memory_estimate.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "rptdose/core/error.hpp"
#include "rptdose/core/memory.hpp"
#include "rptdose/io/image_io.hpp"
#include "rptdose/io/voi_sources.hpp"

namespace rptdose::pipeline::detail {

namespace {

constexpr double kBaseBytes = 100.0 * (1u << 20);  // libraries, kernels, tables: the demo's 85 MiB peak, rounded up
constexpr double kBytesPerDoseVoxel = 70.0;
constexpr double kBytesPerActivityImageVoxel = 4.0;  // float
constexpr double kBytesPerInputVoxel = 20.0;

double gib(double bytes) {
  return bytes / double(1u << 30);
}

}  // namespace

std::uint64_t estimate_run_memory_bytes(const Study& study) {
  const std::size_t reference = study.registration.reference_time_point;
  const double dose_voxels = static_cast<double>(io::read_image_grid(study.time_points.at(reference).image).voxel_count());
  double largest_input = 0;
  const auto consider = [&](const std::filesystem::path& path) {
    largest_input = std::max(largest_input, static_cast<double>(io::read_image_grid(path).voxel_count()));
  };
  for (const auto& tp : study.time_points) {
    consider(tp.image);
    if (tp.ct) consider(*tp.ct);
  }
  if (study.ct) consider(study.ct->image);
  if (study.labels)  // an RTSTRUCT has no grid of its own: it is rasterised onto the dose grid
    if (const auto grid = io::read_voi_source_grid(*study.labels))
      largest_input = std::max(largest_input, static_cast<double>(grid->voxel_count()));
  const double time_points = static_cast<double>(study.time_points.size());
  return static_cast<std::uint64_t>(kBaseBytes +
                                    dose_voxels * (kBytesPerActivityImageVoxel * time_points + kBytesPerDoseVoxel) +
                                    kBytesPerInputVoxel * largest_input);
}

void require_enough_memory(const Study& study) {
  if (const char* skip = std::getenv("RPTDOSE_SKIP_MEMORY_CHECK"); skip && std::string(skip) == "1") return;
  const auto available = available_memory_bytes();
  if (!available) return;  // not known here (not Linux): nothing to compare with
  const auto needed = estimate_run_memory_bytes(study);
  if (needed <= *available) return;
  char text[256];
  std::snprintf(text, sizeof text,
                "this study needs ~%.1f GiB of memory, the machine has %.1f GiB available: free memory, use a "
                "larger machine, or resample the images to coarser voxels (RPTDOSE_SKIP_MEMORY_CHECK=1 runs anyway)",
                gib(static_cast<double>(needed)), gib(static_cast<double>(*available)));
  throw InvalidInput(text);
}

}  // namespace rptdose::pipeline::detail
