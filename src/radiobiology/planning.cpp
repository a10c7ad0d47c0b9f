#include "rptdose/radiobiology/planning.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "rptdose/core/error.hpp"
#include "rptdose/radiobiology/linear_quadratic.hpp"
#include "rptdose/radiobiology/tissue_parameters.hpp"
#include "validation.hpp"

namespace rptdose::radiobiology {

namespace {

std::string voi_names(const std::vector<PlanVoi>& vois) {
  std::string names;
  for (const auto& v : vois) names += (names.empty() ? "" : ", ") + v.name;
  return names.empty() ? "none" : names;
}

/// The received value of `kind` for a VOI: the entry with the longest matching organ name, or 0.
double received_for(const std::vector<OrganValue>& received, const std::string& voi, LimitKind kind) {
  double value = 0.0;
  std::size_t best = 0;
  for (const auto& r : received) {
    const std::size_t length = normalized_name(r.organ).size();
    if (r.kind == kind && name_matches(voi, r.organ) && length > best) {
      value = r.value_Gy;
      best = length;
    }
  }
  return value;
}

double cycle_value(const PlanVoi& voi, double activity_Bq, LimitKind kind) {
  const double dose = voi.dose_per_activity_Gy_per_Bq * activity_Bq;
  if (kind == LimitKind::AbsorbedDose) return dose;
  const double alpha = voi.alpha_dose_per_activity_Gy_per_Bq * activity_Bq;
  return mixed_let_bed_Gy(alpha, std::max(dose - alpha, 0.0), *voi.g_factor, *voi.alpha_beta_Gy, voi.rbe_alpha);
}

}  // namespace

std::string_view limit_kind_name(LimitKind kind) {
  return kind == LimitKind::Bed ? "bed" : "dose";
}

OrganValue parse_organ_value(std::string_view text, std::string_view what) {
  const std::string expected = std::string(what) + " '" + std::string(text) +
                               "': expected ORGAN:bed:GY or ORGAN:dose:GY (e.g. kidney:bed:40, red-marrow:dose:2)";
  const auto first = text.find(':');
  const auto second = first == std::string_view::npos ? first : text.find(':', first + 1);
  if (second == std::string_view::npos || text.find(':', second + 1) != std::string_view::npos)
    throw InvalidInput(expected);
  OrganValue out;
  out.organ = std::string(text.substr(0, first));
  const std::string kind = normalized_name(text.substr(first + 1, second - first - 1));
  const std::string number(text.substr(second + 1));
  if (out.organ.empty()) throw InvalidInput(expected);
  if (kind == "bed")
    out.kind = LimitKind::Bed;
  else if (kind == "dose" || kind == "absorbed_dose")
    out.kind = LimitKind::AbsorbedDose;
  else
    throw InvalidInput(expected + "; '" + kind + "' is neither bed nor dose");
  try {
    std::size_t used = 0;
    out.value_Gy = std::stod(number, &used);
    if (used != number.size()) throw std::invalid_argument(number);
  } catch (const std::exception&) {
    throw InvalidInput(expected + "; '" + number + "' is not a number of Gy");
  }
  if (!(std::isfinite(out.value_Gy) && out.value_Gy >= 0.0))
    throw InvalidInput(std::string(what) + " '" + std::string(text) + "': the value must be a finite dose ≥ 0 Gy");
  return out;
}

double max_activity_Bq(double d, double g, double alpha_beta_Gy, double remaining_Gy, int cycles, LimitKind kind,
                       double d_alpha, double rbe_alpha) {
  if (!(std::isfinite(d) && d >= 0.0))
    throw InvalidInput("dose per activity is " + format_number(d) + " Gy/Bq: give a finite value ≥ 0");
  if (!(std::isfinite(d_alpha) && d_alpha >= 0.0 && d_alpha <= d * (1.0 + 1e-9)))
    throw InvalidInput("alpha dose per activity is " + format_number(d_alpha) + " Gy/Bq: it is part of the dose per " +
                       "activity " + format_number(d) + " Gy/Bq, so between 0 and that");
  require_positive(rbe_alpha, "RBE of alphas", "", "MIRD Pamphlet 22: 5");
  if (cycles < 1) throw InvalidInput("number of cycles is " + std::to_string(cycles) + ": plan at least 1 cycle");
  if (!(std::isfinite(remaining_Gy) && remaining_Gy > 0.0))
    throw InvalidInput("the margin to the limit is " + format_number(remaining_Gy) +
                       " Gy: the organ has already reached its limit, no further activity is possible");
  if (d == 0.0) return std::numeric_limits<double>::infinity();
  const double c = remaining_Gy / cycles;
  if (kind == LimitKind::AbsorbedDose) return c / d;
  if (!(std::isfinite(g) && g >= 0.0 && g <= 1.0))
    throw InvalidInput("G factor is " + format_number(g) + ": it lies in [0, 1]");
  require_alpha_beta(alpha_beta_Gy);
  // a·A² + b·A − c = 0, a = G d_low²/(α/β) ≥ 0, b = RBE d_α + d_low > 0, c > 0: the positive root in the form that
  // does not subtract nearly equal numbers when 4ac ≪ b² (Numerical Recipes §5.6).
  const double d_low = std::max(d - d_alpha, 0.0);
  const double a = g * d_low * d_low / alpha_beta_Gy, b = rbe_alpha * d_alpha + d_low;
  return 2.0 * c / (b + std::sqrt(b * b + 4.0 * a * c));
}

Plan plan_activity(const PlanRequest& request) {
  if (request.limits.empty())
    throw InvalidInput("no limits: give at least one, e.g. kidney:bed:40 or red-marrow:dose:2");
  if (request.cycles < 1)
    throw InvalidInput("number of cycles is " + std::to_string(request.cycles) + ": plan at least 1 cycle");
  for (const auto& v : request.vois) {
    if (!(std::isfinite(v.dose_per_activity_Gy_per_Bq) && v.dose_per_activity_Gy_per_Bq >= 0.0))
      throw InvalidInput("VOI '" + v.name + "' has dose per activity " + format_number(v.dose_per_activity_Gy_per_Bq) +
                         " Gy/Bq: give a finite value ≥ 0");
  }
  const auto matches_any = [&](const std::string& organ) {
    return std::any_of(request.vois.begin(), request.vois.end(),
                       [&](const PlanVoi& v) { return name_matches(v.name, organ); });
  };
  for (const auto& r : request.received) {
    if (!matches_any(r.organ))
      throw InvalidInput("received value for '" + r.organ + "' matches no VOI (VOIs: " + voi_names(request.vois) +
                         "): use a VOI name or its prefix");
    if (!(std::isfinite(r.value_Gy) && r.value_Gy >= 0.0))
      throw InvalidInput("received value for '" + r.organ + "' must be a finite dose ≥ 0 Gy");
  }

  Plan plan;
  plan.cycles = request.cycles;
  plan.activity_Bq = std::numeric_limits<double>::infinity();
  for (const auto& v : request.vois) {
    VoiPlan vp;
    vp.voi = v;
    vp.received_dose_Gy = received_for(request.received, v.name, LimitKind::AbsorbedDose);
    vp.received_bed_Gy = received_for(request.received, v.name, LimitKind::Bed);
    plan.vois.push_back(vp);
  }
  for (const auto& limit : request.limits) {
    if (!matches_any(limit.organ))
      throw InvalidInput("limit on '" + limit.organ + "' matches no VOI (VOIs: " + voi_names(request.vois) +
                         "): use a VOI name or its prefix (kidney matches kidney_left and kidney_right)");
    for (auto& vp : plan.vois) {
      if (!name_matches(vp.voi.name, limit.organ)) continue;
      const bool bed = limit.kind == LimitKind::Bed;
      if (bed && (!vp.voi.g_factor || !vp.voi.alpha_beta_Gy))
        throw InvalidInput("BED limit on '" + limit.organ + "' needs the kinetics and α/β of VOI '" + vp.voi.name +
                           "': give its effective half-life and a tissue (or --alpha-beta " + vp.voi.name + ":GY)");
      LimitCheck check;
      check.limit = limit;
      check.received_Gy = bed ? vp.received_bed_Gy : vp.received_dose_Gy;
      if (check.received_Gy >= limit.value_Gy)
        throw InvalidInput("VOI '" + vp.voi.name + "' has already received " +
                           std::string(limit_kind_name(limit.kind)) + " " + format_number(check.received_Gy) +
                           " Gy, at or above its limit of " + format_number(limit.value_Gy) +
                           " Gy: no further activity is possible within it");
      check.max_activity_Bq =
          max_activity_Bq(vp.voi.dose_per_activity_Gy_per_Bq, bed ? *vp.voi.g_factor : 0.0,
                          bed ? *vp.voi.alpha_beta_Gy : 1.0, limit.value_Gy - check.received_Gy, request.cycles,
                          limit.kind, vp.voi.alpha_dose_per_activity_Gy_per_Bq, vp.voi.rbe_alpha);
      if (check.max_activity_Bq < plan.activity_Bq) {
        plan.activity_Bq = check.max_activity_Bq;
        plan.limiting_voi = vp.voi.name;
        plan.limiting_limit = limit;
      }
      vp.limits.push_back(check);
    }
  }
  if (!std::isfinite(plan.activity_Bq))
    throw InvalidInput("no limited VOI receives any dose (dose per activity 0): the activity is unbounded");
  for (auto& vp : plan.vois) {
    vp.dose_per_cycle_Gy = cycle_value(vp.voi, plan.activity_Bq, LimitKind::AbsorbedDose);
    vp.total_dose_Gy = vp.received_dose_Gy + plan.cycles * vp.dose_per_cycle_Gy;
    if (vp.voi.g_factor && vp.voi.alpha_beta_Gy) {
      vp.bed_per_cycle_Gy = cycle_value(vp.voi, plan.activity_Bq, LimitKind::Bed);
      vp.total_bed_Gy = vp.received_bed_Gy + plan.cycles * *vp.bed_per_cycle_Gy;
    }
    for (auto& check : vp.limits)
      check.total_at_plan_Gy =
          check.received_Gy + plan.cycles * cycle_value(vp.voi, plan.activity_Bq, check.limit.kind);
  }
  return plan;
}

}  // namespace rptdose::radiobiology
