#include "rptdose/dose/density_correction.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "rptdose/core/error.hpp"
#include "rptdose/core/volume_checks.hpp"

namespace rptdose::dose {

DensityScale density_scale(const Volume<float>& density_g_per_ml, double kernel_density_g_per_ml, double floor_g_per_ml,
                           ParallelOptions parallel) {
  if (!(std::isfinite(kernel_density_g_per_ml) && kernel_density_g_per_ml > 0.0))
    throw InvalidInput("the kernel's density must be positive and finite, got " +
                       std::to_string(kernel_density_g_per_ml) + " g/mL");
  if (!(std::isfinite(floor_g_per_ml) && floor_g_per_ml > 0.0))
    throw InvalidInput("the density floor must be positive and finite, got " + std::to_string(floor_g_per_ml) +
                       " g/mL (default 0.1)");
  require_finite(density_g_per_ml, "the density map", "fill them from the CT calibration (air: 0.001 g/mL)");
  const auto negative = negative_voxels(density_g_per_ml);
  if (negative.count > 0) {
    const auto first = std::find_if(density_g_per_ml.begin(), density_g_per_ml.end(), [](float v) { return v < 0; });
    throw InvalidInput(
        "the density map has " + std::to_string(negative.count) + " negative voxel" + (negative.count > 1 ? "s" : "") +
        ", the first at index " +
        describe_voxel(density_g_per_ml.grid(), static_cast<std::size_t>(first - density_g_per_ml.begin())) +
        ": densities are in g/mL (check the HU-to-density calibration)");
  }

  DensityScale scale{Volume<float>(density_g_per_ml.grid()), 0};
  const float* rho = density_g_per_ml.data();
  float* factor = scale.factor.data();
  const double kernel_rho = kernel_density_g_per_ml;
  parallel.grain = std::max<std::size_t>(parallel.grain, std::size_t{1} << 16);
  scale.clamped_voxels = static_cast<std::size_t>(parallel_sum(
      0, density_g_per_ml.size(),
      [&](std::size_t begin, std::size_t end) {
        std::size_t clamped = 0;
        for (std::size_t n = begin; n < end; ++n) {
          const double r = rho[n];
          clamped += r < floor_g_per_ml ? 1 : 0;
          factor[n] = static_cast<float>(kernel_rho / std::max(r, floor_g_per_ml));
        }
        return static_cast<double>(clamped);
      },
      parallel));
  return scale;
}

}  // namespace rptdose::dose
