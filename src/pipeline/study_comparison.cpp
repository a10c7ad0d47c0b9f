#include "study_comparison.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "core/strict_json.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/nuclides/decay_database.hpp"

namespace rptdose::pipeline::detail {

namespace {

using nlohmann::json;
using rptdose::detail::positive;
using rptdose::detail::text;

/// A non-empty array of strings at methods.`key`.
std::vector<std::string> texts(const json& methods, const std::string& key) {
  const json& value = methods.at(key);
  if (!value.is_array() || value.empty())
    throw InvalidInput("'" + key + "' in methods must be a non-empty list of strings (docs/study-file.md)");
  std::vector<std::string> out;
  for (const auto& item : value) out.push_back(text(item, key, "methods"));
  return out;
}

}  // namespace

std::optional<ComparisonSpec> parse_comparison(const json& methods) {
  if (!methods.contains("compare_nuclides")) {
    for (const char* key : kComparisonKeys)
      if (methods.contains(key))
        throw InvalidInput(std::string("'") + key +
                           "' in methods applies only with 'compare_nuclides' (the candidate nuclides to compare)");
    return std::nullopt;
  }
  ComparisonSpec spec;
  const auto& database = nuclides::DecayDatabase::instance();
  for (const auto& name : texts(methods, "compare_nuclides"))
    spec.nuclides.push_back(database.get(name).name());  // throws UnknownNuclide with suggestions
  if (!methods.contains("compare_limits"))
    throw InvalidInput(
        "'compare_nuclides' in methods needs 'compare_limits', the organ limits each candidate is planned to, e.g. "
        "[\"kidney:bed:40\", \"red_marrow:dose:2\"]");
  for (const auto& limit : texts(methods, "compare_limits"))
    spec.limits.push_back(radiobiology::parse_organ_value(limit, "methods.compare_limits"));
  if (methods.contains("compare_cycles")) {
    const double cycles = positive(methods.at("compare_cycles"), "compare_cycles", "methods");
    if (cycles != std::floor(cycles) || cycles > 100)
      throw InvalidInput("'compare_cycles' in methods must be a whole number of cycles from 1 to 100");
    spec.cycles = static_cast<int>(cycles);
  }
  if (methods.contains("compare_rbe_alpha")) {
    const json& rbe = methods.at("compare_rbe_alpha");
    spec.rbe_alpha = rbe.is_string()
                         ? results::parse_value_or_range(rbe.get<std::string>(), "methods.compare_rbe_alpha")
                         : results::ValueOrRange{positive(rbe, "compare_rbe_alpha", "methods"), {}};
  }
  if (methods.contains("compare_daughters"))
    for (const auto& release : texts(methods, "compare_daughters"))
      spec.daughters.push_back(results::parse_daughter_release(release, "methods.compare_daughters"));
  return spec;
}

}  // namespace rptdose::pipeline::detail
