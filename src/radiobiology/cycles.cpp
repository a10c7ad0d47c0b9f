#include "rptdose/radiobiology/cycles.hpp"

#include <map>
#include <set>

#include "rptdose/core/error.hpp"
#include "rptdose/core/volume_checks.hpp"
#include "rptdose/radiobiology/linear_quadratic.hpp"

namespace rptdose::radiobiology {

std::vector<CumulativeRow> cumulative_table(const std::vector<Cycle>& cycles,
                                            const std::function<double(std::string_view)>& alpha_beta_Gy) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<CumulativeRow>> rows;
  for (std::size_t k = 0; k < cycles.size(); ++k) {
    std::set<std::string> seen;
    for (const auto& entry : cycles[k].vois) {
      if (!seen.insert(entry.voi).second)
        throw InvalidInput("VOI '" + entry.voi + "' is listed twice in cycle " + std::to_string(k + 1) + " (" +
                           cycles[k].label + "): give one dose per VOI and cycle");
      auto& list = rows[entry.voi];
      if (list.empty()) order.push_back(entry.voi);
      CumulativeRow row;
      row.voi = entry.voi;
      row.cycle_index = k;
      row.cycle = cycles[k].label;
      row.alpha_beta_Gy = alpha_beta_Gy(entry.voi);
      const auto cycle_bed = bed_with_g(entry.dose_Gy, entry.g_factor, row.alpha_beta_Gy);
      row.dose_Gy = entry.dose_Gy;
      row.bed_Gy = cycle_bed.bed_Gy;
      const double previous_dose = list.empty() ? 0.0 : list.back().cumulative_dose_Gy;
      const double previous_bed = list.empty() ? 0.0 : list.back().cumulative_bed_Gy;
      if (!list.empty() && list.back().alpha_beta_Gy != row.alpha_beta_Gy)
        throw InvalidInput("VOI '" + entry.voi + "' has different α/β in different cycles: one tissue, one α/β");
      row.cumulative_dose_Gy = previous_dose + row.dose_Gy;
      row.cumulative_bed_Gy = previous_bed + row.bed_Gy;  // full repair between cycles
      row.cumulative_eqd2_Gy = eqd2_Gy(row.cumulative_bed_Gy, row.alpha_beta_Gy);
      list.push_back(row);
    }
  }
  std::vector<CumulativeRow> out;
  for (const auto& voi : order)
    for (const auto& row : rows[voi]) out.push_back(row);
  return out;
}

Volume<float> sum_cycle_maps(const std::vector<Volume<float>>& maps) {
  if (maps.empty()) throw InvalidInput("no per-cycle maps to sum: give at least one");
  Volume<float> total(maps.front().grid());
  for (std::size_t k = 0; k < maps.size(); ++k) {
    const std::string what = "map of cycle " + std::to_string(k + 1);
    require_same_geometry(maps.front().grid(), maps[k].grid(), "map of cycle 1", what);
    require_finite(maps[k], what, "fix or mask the map");
    total += maps[k];
  }
  return total;
}

}  // namespace rptdose::radiobiology
