#include "rptdose/radiobiology/cycles.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "rptdose/core/error.hpp"
#include "rptdose/core/volume_checks.hpp"
#include "rptdose/radiobiology/linear_quadratic.hpp"
#include "validation.hpp"

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
      const std::string where =
          "VOI '" + entry.voi + "' in cycle " + std::to_string(k + 1) + " (" + cycles[k].label + ")";
      require_dose(entry.dose_Gy, "the mean dose of " + where);
      row.alpha_beta_Gy = entry.alpha_beta_Gy;
      if (!row.alpha_beta_Gy && alpha_beta_Gy) row.alpha_beta_Gy = alpha_beta_Gy(entry.voi);
      row.dose_Gy = entry.dose_Gy;
      if (row.alpha_beta_Gy) {
        require_alpha_beta(*row.alpha_beta_Gy);
        if (entry.bed_Gy) {
          if (!(std::isfinite(*entry.bed_Gy) && *entry.bed_Gy >= 0.0))
            throw InvalidInput("the BED of " + where + " is " + format_number(*entry.bed_Gy) +
                               " Gy: give a finite BED ≥ 0");
          row.bed_Gy = *entry.bed_Gy;
        } else {
          row.bed_Gy = bed_Gy(entry.dose_Gy, entry.g_factor, *row.alpha_beta_Gy);
        }
      } else if (entry.bed_Gy) {
        throw InvalidInput("the BED of " + where + " is given without an α/β: give the tissue's α/β too");
      }
      const auto earlier =
          std::find_if(list.begin(), list.end(), [](const CumulativeRow& r) { return r.alpha_beta_Gy; });
      if (earlier != list.end() && row.alpha_beta_Gy && *earlier->alpha_beta_Gy != *row.alpha_beta_Gy)
        throw InvalidInput("VOI '" + entry.voi + "' has α/β " + format_number(*earlier->alpha_beta_Gy) +
                           " Gy in cycle " + std::to_string(earlier->cycle_index + 1) + " and " +
                           format_number(*row.alpha_beta_Gy) + " Gy in cycle " + std::to_string(k + 1) +
                           ": one tissue, one α/β (was the tissue table changed between the runs?)");
      const bool first = list.empty();
      row.cumulative_dose_Gy = (first ? 0.0 : list.back().cumulative_dose_Gy) + row.dose_Gy;
      // Full repair between cycles: the BEDs add. Unknown once any cycle's BED is unknown.
      if (row.bed_Gy && (first || list.back().cumulative_bed_Gy)) {
        row.cumulative_bed_Gy = (first ? 0.0 : *list.back().cumulative_bed_Gy) + *row.bed_Gy;
        row.cumulative_eqd2_Gy = eqd2_Gy(*row.cumulative_bed_Gy, *row.alpha_beta_Gy);
      }
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
