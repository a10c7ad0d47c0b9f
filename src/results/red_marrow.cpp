// The summary side of the red-marrow dose (rptdose/results/red_marrow.hpp).
#include "rptdose/results/red_marrow.hpp"

#include <vector>

#include "rptdose/core/error.hpp"
#include "rptdose/radiobiology/tissue_parameters.hpp"

namespace rptdose::results {

const VoiRecord* marrow_voi(const RunSummary& summary, std::optional<std::string_view> name, std::string_view option) {
  if (name) return &require_voi(summary, *name, option);
  const auto tissues = radiobiology::TissueTable::load_default();
  std::vector<const VoiRecord*> found;
  for (const auto& v : summary.vois) {
    const auto* tissue = tissues.match_voi(v.name);
    if (tissue && tissue->tissue == "red_marrow") found.push_back(&v);
  }
  if (found.size() > 1) {
    std::string names;
    for (const auto* v : found) names += (names.empty() ? "" : ", ") + v->name;
    throw InvalidInput("several marrow VOIs in the summary (" + names + "): choose one with " + std::string(option));
  }
  return found.empty() ? nullptr : found.front();
}

const VoiRecord* remainder_voi(const RunSummary& summary, std::optional<std::string_view> name,
                               std::string_view option) {
  if (name) return &require_voi(summary, *name, option);
  for (const char* candidate : {"remainder_of_body", "remainder", "rest_of_body", "body_remainder"})
    if (const auto* v = find_voi(summary, candidate)) return v;
  return nullptr;
}

double voi_tia_Bq_s(const VoiRecord& voi, const std::string& why) {
  if (!voi.tia_Bq_s)
    throw InvalidInput("VOI " + voi.name + " of the summary has no tia_Bq_s (needed for " + why +
                       "): use the summary.json of an rptdose run");
  return *voi.tia_Bq_s;
}

}  // namespace rptdose::results
