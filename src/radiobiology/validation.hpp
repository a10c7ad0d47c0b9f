#pragma once
// Internal: the argument checks every radiobiology entry point shares, with messages that say what to fix.
#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>

#include "rptdose/core/error.hpp"
#include "rptdose/core/volume_checks.hpp"

namespace rptdose::radiobiology {

/// "%g" of a value, for messages.
inline std::string format_number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

/// Throws InvalidInput "<what> is <value> <unit>: give a finite positive value (<hint>)" unless 0 < value < ∞.
inline void require_positive(double value, std::string_view what, std::string_view unit, std::string_view hint) {
  if (std::isfinite(value) && value > 0.0) return;
  throw InvalidInput(std::string(what) + " is " + format_number(value) + " " + std::string(unit) +
                     ": give a finite positive value (" + std::string(hint) + ")");
}

/// Throws InvalidInput unless the dose is finite and ≥ 0.
inline void require_dose(double dose_Gy, std::string_view what) {
  if (std::isfinite(dose_Gy) && dose_Gy >= 0.0) return;
  throw InvalidInput(std::string(what) + " is " + format_number(dose_Gy) +
                     " Gy: an absorbed dose must be finite and ≥ 0 (clamp noisy negative voxels at 0 first)");
}

/// Throws InvalidInput unless α/β is finite and positive.
inline void require_alpha_beta(double alpha_beta_Gy) {
  require_positive(alpha_beta_Gy, "α/β", "Gy", "e.g. 2.6 Gy for kidney, 10 Gy for tumour");
}

/// Throws InvalidInput when a dose map has non-finite or negative voxels (how many, and where the first is).
inline void require_dose_map(const Volume<float>& map, std::string_view what) {
  require_finite(map, what, "fix or mask the dose map");
  const auto negative = negative_voxels(map);
  if (negative.count == 0) return;
  std::size_t first = 0;
  while (!(map[first] < 0.0f)) ++first;
  throw InvalidInput(std::string(what) + " has " + std::to_string(negative.count) + " negative voxel" +
                     (negative.count > 1 ? "s" : "") + ", the first at index " + describe_voxel(map.grid(), first) +
                     ": an absorbed dose is ≥ 0; clamp noisy voxels at 0 first");
}

}  // namespace rptdose::radiobiology
