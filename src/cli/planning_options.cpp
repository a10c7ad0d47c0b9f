#include "planning_options.hpp"

#include "rptdose/core/units.hpp"

namespace rptdose::cli {

std::vector<Option> join(std::initializer_list<std::vector<Option>> parts) {
  std::vector<Option> rows;
  for (const auto& part : parts) rows.insert(rows.end(), part.begin(), part.end());
  return rows;
}

Option limit_option() {
  return typed("limit", "ORGAN:KIND:GY", "limit, KIND bed or dose, e.g. kidney:bed:40, red-marrow:dose:2 (repeatable)",
               [](std::string_view text) { return radiobiology::parse_organ_value(text, "--limit"); })
      .required()
      .repeatable();
}

Option cycles_option(std::string help) {
  return whole("cycles", "N", std::move(help), 1);
}

std::vector<Option> tissue_options() {
  return {
      name_number("alpha-beta", "ORGAN:GY", "override alpha/beta of the VOIs matching ORGAN (repeatable)", "kidney:2.6")
          .repeatable(),
      name_number("repair-half-time-h", "ORGAN:H",
                  "override the repair half-time of the VOIs matching ORGAN (repeatable)", "kidney:2.8")
          .repeatable(),
      path("tissues", "FILE", "tissue table CSV (default data/radiobiology/tissue_parameters.csv)")};
}

std::vector<radiobiology::OrganValue> limits(const ParsedOptions& parsed) {
  return parsed.all<radiobiology::OrganValue>("limit");
}

results::TissueOverrides tissue_overrides(const ParsedOptions& parsed) {
  results::TissueOverrides overrides;
  for (const auto& [organ, value] : parsed.all<NameNumber>("alpha-beta"))
    overrides.alpha_beta_Gy.emplace_back(organ, value);
  for (const auto& [organ, hours] : parsed.all<NameNumber>("repair-half-time-h"))
    overrides.repair_half_time_s.emplace_back(organ, hours * units::kSecondsPerHour);
  return overrides;
}

radiobiology::TissueTable tissue_table(const ParsedOptions& parsed) {
  const auto file = parsed.path("tissues");
  return file ? radiobiology::TissueTable::read(*file) : radiobiology::TissueTable::load_default();
}

}  // namespace rptdose::cli
