// A daughter's redistribution over the VOIs of a run and its JSON (rptdose/results/daughters.hpp).
#include "rptdose/results/daughters.hpp"

#include <nlohmann/json.hpp>

#include "../radiobiology/validation.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"

namespace rptdose::results {

using radiobiology::format_number;
using radiobiology::VoiActivity;
using radiobiology::VoiRedistribution;
using radiobiology::VoiRedistributionRequest;

VoiRedistribution redistribute_daughter_over_vois(const RunSummary& summary, VoiRedistributionRequest request,
                                                  const nuclides::DecayDatabase& database) {
  if (!(request.leaving_fraction >= 0.0 && request.leaving_fraction <= 1.0))
    throw InvalidInput("leaving fraction " + format_number(request.leaving_fraction) +
                       " is outside [0, 1]: give the share of the daughter's decays that happen away from the site, "
                       "e.g. 0.1");
  // The TIAs are of the summary's nuclide (the reader requires one): a parent given must name it.
  const std::string of_summary = database.get(summary.nuclide).name();
  if (!request.parent.empty() && database.get(request.parent).name() != of_summary) {
    const std::string parent = database.get(request.parent).name();
    throw InvalidInput("parent " + parent + " but the summary's TIAs are of " + of_summary +
                       ": leave the parent out or use the summary of a " + parent + " run");
  }
  request.parent = of_summary;
  for (auto& name : request.sources) name = require_voi(summary, name, "source").name;
  if (request.destination) request.destination = require_voi(summary, *request.destination, "destination").name;
  std::vector<VoiActivity> vois;
  for (const auto& v : summary.vois) {
    VoiActivity a;
    a.name = v.name;
    if (v.mass_g) a.mass_kg = *v.mass_g * units::kKgPerGram;
    a.parent_tia_Bq_s = v.tia_Bq_s;
    a.mean_dose_Gy = v.mean_dose_Gy;
    vois.push_back(std::move(a));
  }
  return radiobiology::redistribute_daughter_over_vois(vois, request, database);
}

std::string redistribution_to_json(const VoiRedistribution& result, const RunSummary& summary, bool include_photons,
                                   int indent) {
  using nlohmann::json;
  const auto optional = [](const std::optional<double>& v) { return v ? json(*v) : json(nullptr); };
  json out;
  out["parent"] = result.parent;
  out["daughter"] = result.daughter;
  out["leaving_fraction"] = result.leaving_fraction;
  out["destination"] = result.destination ? json(*result.destination) : json(nullptr);
  out["include_photons"] = include_photons;
  out["model"] = "local energy deposition";
  out["daughter_decays_per_parent_decay"] = result.daughter_decays_per_parent_decay;
  out["energy_per_daughter_decay_MeV"] = result.energy_per_daughter_decay_MeV;
  out["energy_moved_per_parent_decay_MeV"] = result.energy_moved_per_parent_decay_MeV;
  out["energy_moved_J"] = result.energy_moved_J;
  out["energy_lost_J"] = result.energy_lost_J;
  out["vois"] = json::array();
  for (std::size_t n = 0; n < result.vois.size(); ++n) {
    const auto& row = result.vois[n];
    const VoiRecord* voi = n < summary.vois.size() ? &summary.vois[n] : nullptr;
    out["vois"].push_back({{"name", row.name},
                           {"role", row.destination ? "destination"
                                    : row.source    ? "source"
                                                    : "-"},
                           {"mass_g", voi ? optional(voi->mass_g) : json(nullptr)},
                           {"tia_Bq_s", voi ? optional(voi->tia_Bq_s) : json(nullptr)},
                           {"mean_dose_before_Gy", row.dose_before_Gy},
                           {"dose_change_Gy", row.dose_change_Gy},
                           {"mean_dose_after_Gy", row.dose_after_Gy},
                           {"dose_change_percent", optional(row.percent_change)},
                           {"energy_out_J", row.energy_out_J},
                           {"energy_in_J", row.energy_in_J}});
  }
  out["negative_after"] = result.negative_after;
  return out.dump(indent);
}

}  // namespace rptdose::results
