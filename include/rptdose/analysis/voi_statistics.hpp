#pragma once
// rptdose::analysis — per-VOI figures of a dose map (or any map): volume, mass, mean/median/min/max/SD, D_x, V(x Gy)
// and the cumulative dose-volume histogram.
//
// Module analysis owns: statistics of maps over label regions. It depends on core only.
//
// Conventions (stated because they vary between tools):
//  * the mean absorbed dose is energy over mass, Σ D_i·m_i / Σ m_i: mass-weighted when a density map is given,
//    which equals the volume-weighted mean for a uniform density;
//  * D_x (e.g. D2, D50, D95, D98) is the dose that x % of the VOI's volume receives or exceeds: the
//    (100 − x)th percentile of the voxel doses, linearly interpolated between order statistics (the "linear"
//    percentile of numpy), so D50 is the median;
//  * V(x Gy) is the percentage of the VOI's volume whose dose is ≥ x Gy;
//  * the DVH is cumulative and volume-based: for each dose level, the fraction of the volume receiving at least it.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "rptdose/core/volume.hpp"

namespace rptdose::analysis {

struct VoiStatisticsOptions {
  /// D_x levels (percent of the volume), e.g. {2, 50, 95, 98}.
  std::vector<double> dose_volume_percent{2, 50, 95, 98};
  /// V(x Gy) thresholds in the map's unit.
  std::vector<double> volume_dose_thresholds{};
  /// Density (g/mL) on the same grid, for masses and mass-weighted means; null: 1.04 g/mL soft tissue
  /// (ICRU 44 / the kernels' default medium) for the mass, and volume weighting.
  const Volume<float>* density_g_per_ml = nullptr;
};

struct VoiStatistics {
  std::int32_t label = 0;
  std::size_t voxels = 0;
  double volume_ml = 0.0;
  double mass_g = 0.0;
  double mean = 0.0;  ///< mass-weighted (see above)
  double median = 0.0;
  double min = 0.0;
  double max = 0.0;
  double sd = 0.0;                                  ///< volume-weighted standard deviation of the voxel values
  std::map<double, double> dose_at_volume_percent;  ///< D_x: x → dose
  std::map<double, double> volume_percent_at_dose;  ///< V(x): threshold → percent of the volume
};

/// One entry per label present in `labels` (0 is background and skipped), in increasing label order. Throws
/// InvalidInput for maps on other grids, NaN/Inf values (naming how many and where), D_x levels outside 0..100,
/// negative or non-finite densities.
std::vector<VoiStatistics> voi_statistics(const Volume<float>& map, const Volume<std::int32_t>& labels,
                                          const VoiStatisticsOptions& options = {});

struct Dvh {
  std::vector<double> dose;             ///< dose levels, from 0 to the maximum, increasing
  std::vector<double> volume_fraction;  ///< fraction (0..1) of the VOI's volume receiving ≥ each level
};

/// The cumulative DVH of one label with `bins` equal steps from 0 to the label's maximum dose. Throws InvalidInput
/// when the label is absent or bins < 2.
Dvh cumulative_dvh(const Volume<float>& map, const Volume<std::int32_t>& labels, std::int32_t label,
                   std::size_t bins = 200);

}  // namespace rptdose::analysis
