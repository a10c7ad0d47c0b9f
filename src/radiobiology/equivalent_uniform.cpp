#include "rptdose/radiobiology/equivalent_uniform.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "rptdose/core/error.hpp"
#include "rptdose/core/volume_checks.hpp"
#include "validation.hpp"

namespace rptdose::radiobiology {

double equivalent_uniform(std::span<const double> values, double alpha, std::span<const double> weights) {
  if (values.empty()) throw InvalidInput("EUD/EUBED of no voxels: the VOI is empty");
  require_positive(alpha, "radiosensitivity α", "1/Gy", "e.g. 0.3 1/Gy for a tumour; it is tissue-specific");
  if (!weights.empty() && weights.size() != values.size())
    throw InvalidInput("EUD/EUBED: " + std::to_string(weights.size()) + " weights for " +
                       std::to_string(values.size()) + " values: give one weight per value or none");
  double lowest = values[0];
  for (std::size_t n = 0; n < values.size(); ++n) {
    if (!std::isfinite(values[n]))
      throw InvalidInput("EUD/EUBED: value " + std::to_string(n) + " is not finite: fix the dose or BED map");
    lowest = std::min(lowest, values[n]);
  }
  double sum = 0.0, weight_sum = 0.0;
  for (std::size_t n = 0; n < values.size(); ++n) {
    const double w = weights.empty() ? 1.0 : weights[n];
    if (!(std::isfinite(w) && w >= 0.0))
      throw InvalidInput("EUD/EUBED: weight " + std::to_string(n) + " is " + format_number(w) + ": weights are ≥ 0");
    sum += w * std::exp(-alpha * (values[n] - lowest));
    weight_sum += w;
  }
  if (!(weight_sum > 0.0)) throw InvalidInput("EUD/EUBED: all weights are 0");
  return lowest - std::log(sum / weight_sum) / alpha;
}

std::map<std::int32_t, double> equivalent_uniform_per_label(const Volume<float>& map,
                                                            const Volume<std::int32_t>& labels, double alpha) {
  require_same_geometry(map.grid(), labels.grid(), "dose/BED map", "label map");
  require_finite(map, "dose/BED map", "fix or mask the map");
  std::map<std::int32_t, std::vector<double>> values;
  for (std::size_t n = 0; n < map.size(); ++n)
    if (labels[n] != 0) values[labels[n]].push_back(map[n]);
  std::map<std::int32_t, double> out;
  for (const auto& [label, v] : values) out[label] = equivalent_uniform(v, alpha);
  return out;
}

}  // namespace rptdose::radiobiology
