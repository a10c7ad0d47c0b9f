#include "rptdose/analysis/voi_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/core/volume_checks.hpp"

namespace rptdose::analysis {

namespace {

/// The linear-interpolation percentile (0..100) of ascending `sorted` values.
double percentile(const std::vector<float>& sorted, double percent) {
  const double position = percent / 100.0 * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return sorted[below] + fraction * (static_cast<double>(sorted[above]) - sorted[below]);
}

void require_percent(double percent, const char* what) {
  if (!(percent >= 0.0 && percent <= 100.0))
    throw InvalidInput(std::string(what) + " level " + std::to_string(percent) + " % is outside 0..100 %");
}

}  // namespace

std::vector<VoiStatistics> voi_statistics(const Volume<float>& map, const Volume<std::int32_t>& labels,
                                          const VoiStatisticsOptions& options) {
  require_same_geometry(map.grid(), labels.grid(), "dose map", "label map");
  require_finite(map, "the dose map", "fix the dose computation's input");
  for (const double x : options.dose_volume_percent) require_percent(x, "a D_x");
  const Volume<float>* density = options.density_g_per_ml;
  if (density) {
    require_same_geometry(map.grid(), density->grid(), "dose map", "density map");
    require_finite(*density, "the density map", "fill them from the CT calibration");
    if (negative_voxels(*density).count > 0)
      throw InvalidInput("the density map has negative values: densities are in g/mL");
  }
  const double voxel_ml = map.grid().voxel_volume_ml();

  // Values of each label, gathered once.
  std::map<std::int32_t, std::vector<float>> values;
  std::map<std::int32_t, double> mass_g, weighted_sum;
  for (std::size_t v = 0; v < map.size(); ++v) {
    const std::int32_t label = labels[v];
    if (label == 0) continue;
    values[label].push_back(map[v]);
    const double m = voxel_ml * (density ? (*density)[v] : units::kSoftTissueDensity_g_per_ml);
    mass_g[label] += m;
    weighted_sum[label] += m * map[v];
  }
  std::vector<VoiStatistics> result;
  for (auto& [label, v] : values) {
    VoiStatistics s;
    s.label = label;
    s.voxels = v.size();
    s.volume_ml = static_cast<double>(v.size()) * voxel_ml;
    s.mass_g = mass_g[label];
    double sum = 0;
    for (const float x : v) sum += x;
    const double volume_mean = sum / static_cast<double>(v.size());
    s.mean = s.mass_g > 0 ? weighted_sum[label] / s.mass_g : volume_mean;
    double squares = 0;
    for (const float x : v) squares += (x - volume_mean) * (x - volume_mean);
    s.sd = v.size() > 1 ? std::sqrt(squares / static_cast<double>(v.size() - 1)) : 0.0;
    for (const double threshold : options.volume_dose_thresholds) {
      const auto at_least = std::count_if(v.begin(), v.end(), [threshold](float x) { return x >= threshold; });
      s.volume_percent_at_dose[threshold] = 100.0 * static_cast<double>(at_least) / static_cast<double>(v.size());
    }
    std::sort(v.begin(), v.end());
    s.min = v.front();
    s.max = v.back();
    s.median = percentile(v, 50.0);
    for (const double x : options.dose_volume_percent) s.dose_at_volume_percent[x] = percentile(v, 100.0 - x);
    result.push_back(std::move(s));
  }
  return result;
}

Dvh cumulative_dvh(const Volume<float>& map, const Volume<std::int32_t>& labels, std::int32_t label, std::size_t bins) {
  require_same_geometry(map.grid(), labels.grid(), "dose map", "label map");
  if (bins < 2) throw InvalidInput("a DVH needs at least 2 dose levels");
  std::vector<float> v;
  for (std::size_t n = 0; n < map.size(); ++n)
    if (labels[n] == label) v.push_back(map[n]);
  if (v.empty()) throw InvalidInput("label " + std::to_string(label) + " is not in the label map");
  std::sort(v.begin(), v.end());
  Dvh dvh;
  const double top = std::max(0.0, static_cast<double>(v.back()));
  for (std::size_t b = 0; b < bins; ++b) {
    const double level = top * static_cast<double>(b) / static_cast<double>(bins - 1);
    const auto first_at_least = std::lower_bound(v.begin(), v.end(), static_cast<float>(level));
    dvh.dose.push_back(level);
    dvh.volume_fraction.push_back(static_cast<double>(v.end() - first_at_least) / static_cast<double>(v.size()));
  }
  return dvh;
}

}  // namespace rptdose::analysis
