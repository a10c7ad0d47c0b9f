#include "study_monte_carlo.hpp"

#include <cmath>
#include <string>

#include "core/strict_json.hpp"
#include "rptdose/core/error.hpp"

namespace rptdose::pipeline::detail {

namespace {

using nlohmann::json;
using rptdose::detail::positive;
using rptdose::detail::require_known_keys;
using rptdose::detail::text;

constexpr const char* kWhere = "methods.monte_carlo";

/// A whole number in [1, 10^12] (decays, seeds): JSON numbers are doubles, so larger ones are not exact.
std::uint64_t whole_number(const json& value, const std::string& key, double lowest) {
  if (!value.is_number())
    throw InvalidInput("'" + key + "' in " + kWhere + " must be a whole number, got " + value.dump());
  const double v = value.get<double>();
  if (!(v >= lowest && v <= 1e12 && std::floor(v) == v))
    throw InvalidInput("'" + key + "' in " + kWhere + " must be a whole number from " +
                       std::to_string(static_cast<long long>(lowest)) + " to 10^12, got " + value.dump());
  return static_cast<std::uint64_t>(v);
}

void require_compatible(const Study& study, bool has_ct) {
  const auto& m = study.methods;
  const auto refuse = [](const std::string& why) {
    throw InvalidInput("methods.dose 'monte-carlo' " + why + " (docs/study-file.md, 'Monte Carlo')");
  };
  if (m.route != Route::Tia)
    refuse("takes route 'tia' only: it transports the decays of the TIA map (one transport per time point of the "
           "dose-rate route would cost a Monte Carlo each)");
  if (m.kernel_radius_mm) refuse("has no kernel: remove 'kernel_radius_mm' (the transport follows every photon)");
  if (m.density_correction)
    refuse("uses each voxel's density and material from the CT itself: remove 'density_correction' (a kernel "
           "option)");
  if (m.compare)
    refuse("does not take 'compare_nuclides' (the candidates are predicted through their kernels): run the "
           "comparison from the summary with rptdose compare --summary RESULTS/summary.json");
  if (m.monte_carlo->materials == MonteCarloMaterials::Ct && !has_ct)
    refuse("with materials 'ct' needs a CT (the study's 'ct', or the reference time point's): the tissues and "
           "densities come from it; without a CT use \"materials\": \"soft-tissue\"");
}

}  // namespace

void parse_monte_carlo(const json& methods, Study& study) {
  const bool asked = study.methods.dose == dose::DoseMethod::MonteCarlo;
  if (!asked) {
    if (methods.contains("monte_carlo"))
      throw InvalidInput("'monte_carlo' in methods applies only with \"dose\": \"monte-carlo\"");
    return;
  }
  MonteCarloSpec spec;
  // The CT the run reads (study_inputs.cpp): the study's, else the reference time point's.
  const std::size_t reference = study.registration.reference_time_point;
  const bool has_ct =
      study.ct.has_value() || (reference < study.time_points.size() && study.time_points[reference].ct.has_value());
  spec.materials = has_ct ? MonteCarloMaterials::Ct : MonteCarloMaterials::SoftTissue;
  if (methods.contains("monte_carlo")) {
    const json& o = methods.at("monte_carlo");
    if (!o.is_object())
      throw InvalidInput("'monte_carlo' in methods must be an object, e.g. {\"target_uncertainty\": 0.01}");
    require_known_keys(o, {"decays", "target_uncertainty", "min_voi_ml", "seed", "materials"}, kWhere);
    if (o.contains("decays")) spec.decays = whole_number(o.at("decays"), "decays", 1);
    if (o.contains("target_uncertainty")) {
      const double u = positive(o.at("target_uncertainty"), "target_uncertainty", kWhere);
      if (u >= 1.0)
        throw InvalidInput("'target_uncertainty' in methods.monte_carlo is a fraction (0.01 = 1 %), got " +
                           o.at("target_uncertainty").dump());
      spec.target_uncertainty = u;
    }
    if (o.contains("min_voi_ml")) {
      const double v = rptdose::detail::number(o.at("min_voi_ml"), "min_voi_ml", kWhere);
      if (!(v >= 0.0)) throw InvalidInput("'min_voi_ml' in methods.monte_carlo must be ≥ 0");
      spec.min_voi_ml = v;
    }
    if (o.contains("seed")) spec.seed = whole_number(o.at("seed"), "seed", 0);
    if (o.contains("materials")) {
      const std::string name = text(o.at("materials"), "materials", kWhere);
      const auto found = find_enum(kMonteCarloMaterialsNames, name);
      if (!found)
        throw InvalidInput("'materials' in methods.monte_carlo is '" + name + "': use 'ct' or 'soft-tissue'");
      spec.materials = *found;
    }
  }
  if (!spec.decays && !spec.target_uncertainty) spec.target_uncertainty = MonteCarloSpec::kDefaultTargetUncertainty;
  if (spec.target_uncertainty && !spec.decays) spec.decays = MonteCarloSpec::kDefaultMaxDecays;
  if (spec.target_uncertainty && !study.labels)
    throw InvalidInput("'target_uncertainty' in methods.monte_carlo is reached in the VOIs: the study needs "
                       "'labels', or give a number of 'decays'");
  study.methods.monte_carlo = spec;
  require_compatible(study, has_ct);
}

}  // namespace rptdose::pipeline::detail
