// Candidate therapies predicted from one measured run (rptdose/results/therapy_comparison.hpp; docs/compare.md).
#include "rptdose/results/therapy_comparison.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include "../radiobiology/validation.hpp"
#include "rptdose/core/enum_names.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/kernels/kernel_generation.hpp"
#include "rptdose/nuclides/chain.hpp"
#include "rptdose/timeactivity/cross_nuclide.hpp"
#include "rptdose/timeactivity/single_time_point.hpp"
#include "scan_times.hpp"

namespace rptdose::results {

namespace {

using radiobiology::format_number;
constexpr double kLn2 = std::numbers::ln2;
/// Radial resolution of the sphere model's profiles: 0.1 mm, 1 % of the radius of a 4 mL lesion (10 mm). The
/// profile holds each shell's energy exactly and the sphere integral is exact for it; where within a shell the
/// energy lands moves P(r) by at most |P'|·w = 3w/(4R): below 0.75 % of that shell's energy for R = 10 mm.
constexpr double kShellWidth_mm = 0.1;

/// Energy per parent decay (MeV) by component.
struct Energies {
  std::array<double, 3> MeV{};  // alpha (with recoil), electron, photon
};
enum Component { kAlpha = 0, kElectron = 1, kPhoton = 2 };

/// A chain's component profiles to the run's photon reach (in-situ chain, as the run's kernel).
struct ChainModel {
  const nuclides::Nuclide* parent = nullptr;
  nuclides::EnergyByCategory energy;
  kernels::ComponentProfiles profiles;

  const kernels::RadialProfile& profile(int c) const {
    return c == kAlpha ? profiles.alpha : c == kElectron ? profiles.electron : profiles.photon;
  }
  /// Energy absorbed in a sphere of radius R, and the energy absorbed outside it (within the photon reach).
  void sphere(double radius_mm, Energies& self, Energies& escaped) const {
    for (int c = 0; c < 3; ++c) {
      self.MeV[c] = profile(c).absorbed_in_sphere_MeV(radius_mm);
      escaped.MeV[c] = std::max(profile(c).deposited_energy_MeV() - self.MeV[c], 0.0);
    }
  }
};

ChainModel chain_model(const nuclides::Nuclide& nuclide, const RunSummary& summary,
                       const nuclides::DecayDatabase& database) {
  const auto chain = nuclides::expand_chain(nuclide.name(), {}, database);
  kernels::KernelOptions options;
  if (summary.methods.kernel.density_g_per_mL > 0) options.density_g_per_ml = summary.methods.kernel.density_g_per_mL;
  const double photon_radius_mm = summary.methods.kernel.photon_radius_mm > 0
                                      ? summary.methods.kernel.photon_radius_mm
                                      : kernels::photon_table_reach_mm(chain, options.density());
  // Electrons to their full range (the cap is far beyond any electron of the tables).
  constexpr double kElectronCap_mm = 1000.0;
  return {&nuclide, chain.energy_per_parent_decay(),
          kernels::chain_profiles(chain, options, kShellWidth_mm, kElectronCap_mm, photon_radius_mm)};
}

/// The VOI's fitted curve as timeactivity holds it, and its samples (s, Bq).
struct VoiCurve {
  timeactivity::FitResult fit;
  std::vector<double> times_s, values_Bq;
};

VoiCurve voi_curve(const VoiRecord& v) {
  VoiCurve c;
  const auto status = find_enum(timeactivity::kFitStatusNames, v.fit.status);
  if (!status)
    throw InvalidInput("VOI '" + v.name + "' has fit status '" + v.fit.status +
                       "', which this rptdose does not know: re-run the study with this rptdose");
  c.fit.status = *status;
  if (v.fit.model == timeactivity::kSingleTimePointName) {
    c.fit.model = timeactivity::Model::MonoExponential;  // (A0, μ) of the mono-exponential through the one scan
  } else {
    c.fit.model = timeactivity::parse_model(v.fit.model);
  }
  if (c.fit.status == timeactivity::FitStatus::Fitted) {
    const auto k = static_cast<std::size_t>(timeactivity::parameter_count(c.fit.model));
    if (v.fit.parameters.size() != k)
      throw InvalidInput("VOI '" + v.name + "': fit.parameters has " + std::to_string(v.fit.parameters.size()) +
                         " values, model " + v.fit.model + " has " + std::to_string(k) +
                         ": the summary is damaged; re-run the study");
    std::copy(v.fit.parameters.begin(), v.fit.parameters.end(), c.fit.parameters.begin());
  }
  for (const auto& p : v.tac) {
    c.times_s.push_back(p.time_h * units::kSecondsPerHour);
    c.values_Bq.push_back(p.activity_MBq * units::kBqPerMBq);
  }
  const bool trapezoid =
      c.fit.status == timeactivity::FitStatus::Trapezoid || c.fit.status == timeactivity::FitStatus::Fallback;
  if (trapezoid && c.times_s.empty())
    throw InvalidInput("VOI '" + v.name +
                       "' was integrated by the trapezoid but the summary holds no tac: re-run "
                       "the study with this rptdose");
  return c;
}

/// Ã_cand/Ã_meas of one VOI: the same curve integrated with the two physical decays (cross_nuclide.hpp); exactly 1
/// for the same decay constant, 0 for a VOI without activity.
double tia_ratio(const VoiCurve& c, double lambda_measured, double lambda_candidate) {
  const timeactivity::Samples samples{c.times_s, c.values_Bq, {}};
  const double measured = timeactivity::predict_integral(c.fit, samples, lambda_measured, lambda_measured);
  if (!(measured > 0.0)) return 0.0;
  if (lambda_candidate == lambda_measured) return 1.0;
  return timeactivity::predict_integral(c.fit, samples, lambda_measured, lambda_candidate) / measured;
}

/// A half-life of the measured curve with the candidate's decay: λ' = λ + Δλ, written T' = T·λ/(λ + Δλ) so that
/// Δλ = 0 gives T back exactly.
std::optional<double> converted_half_life_h(const std::optional<double>& half_life_h, double delta_lambda_per_s) {
  if (!half_life_h || !(*half_life_h > 0)) return std::nullopt;
  const double lambda = kLn2 / (*half_life_h * units::kSecondsPerHour);
  const double converted = lambda + delta_lambda_per_s;
  if (!(converted > 0)) return std::nullopt;
  return *half_life_h * (lambda / converted);
}

const VoiRecord& checked(const VoiRecord& v) {
  const auto need = [&](bool ok, const std::string& key, const std::string& what) {
    if (!ok)
      throw InvalidInput("VOI '" + v.name + "' has no " + key + ": comparing nuclides needs " + what +
                         " (re-run the study with this rptdose, or add it to the summary)");
  };
  need(v.tia_Bq_s.has_value(), "tia_Bq_s", "each VOI's time-integrated activity");
  need(v.mass_g && *v.mass_g > 0, "positive mass_g", "each VOI's mass");
  need(v.volume_mL > 0, "positive volume_mL", "each VOI's volume (the sphere model of its self-dose)");
  if (!v.mean_alpha_dose_Gy && !v.mean_electron_dose_Gy && !v.mean_photon_dose_Gy)
    throw InvalidInput("VOI '" + v.name +
                       "' has no dose components (mean_alpha/electron/photon_dose_Gy): comparing "
                       "nuclides scales each component on its own; re-run the study with methods.components true");
  return v;
}

}  // namespace

ValueOrRange parse_value_or_range(std::string_view text, std::string_view what) {
  const auto number = [&](std::string_view part) {
    const std::string s(part);
    char* end = nullptr;
    const double value = std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(value) || !(value > 0))
      throw InvalidInput(std::string(what) + " '" + std::string(text) +
                         "': give a positive number X or a range LO:HI, e.g. 5 or 3:7");
    return value;
  };
  ValueOrRange out;
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) {
    out.nominal = number(text);
    return out;
  }
  const Interval range{number(text.substr(0, colon)), number(text.substr(colon + 1))};
  if (!(range.low <= range.high))
    throw InvalidInput(std::string(what) + " '" + std::string(text) + "': the range's low end is above its high end");
  out.nominal = 0.5 * (range.low + range.high);
  out.range = range;
  return out;
}

DaughterRelease parse_daughter_release(std::string_view text, std::string_view what,
                                       const nuclides::DecayDatabase& database) {
  std::vector<std::string> parts;
  std::size_t begin = 0;
  while (true) {
    const auto colon = text.find(':', begin);
    parts.emplace_back(text.substr(begin, colon == std::string_view::npos ? std::string_view::npos : colon - begin));
    if (colon == std::string_view::npos) break;
    begin = colon + 1;
  }
  const std::string form = std::string(what) + " '" + std::string(text) +
                           "': give DAUGHTER:F:DESTINATION or DAUGHTER:LO:HI:DESTINATION, F a fraction 0..1 of its "
                           "decays away from the site, DESTINATION a VOI or 'lost', e.g. Bi-213:0.1:kidney_left";
  if (parts.size() != 3 && parts.size() != 4) throw InvalidInput(form);
  for (const auto& p : parts)
    if (p.empty()) throw InvalidInput(form);
  const auto fraction = [&](const std::string& s) {
    char* end = nullptr;
    const double value = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size() || !(value >= 0.0 && value <= 1.0)) throw InvalidInput(form);
    return value;
  };
  DaughterRelease out;
  out.daughter = database.get(parts.front()).name();
  if (parts.size() == 3) {
    out.leaving_fraction.nominal = fraction(parts[1]);
  } else {
    const Interval range{fraction(parts[1]), fraction(parts[2])};
    if (!(range.low <= range.high)) throw InvalidInput(form + " (LO ≤ HI)");
    out.leaving_fraction = {0.5 * (range.low + range.high), range};
  }
  if (parts.back() != "lost") out.destination = parts.back();
  return out;
}

CandidateDosimetry predict_candidate(const RunSummary& summary, std::string_view nuclide,
                                     const ComparisonRequest& request, const nuclides::DecayDatabase& database) {
  radiobiology::require_positive(summary.administered_activity_Bq, "administered activity of the summary", "Bq",
                                 "the run's activity");
  const nuclides::Nuclide& measured = database.get(summary.nuclide);
  const nuclides::Nuclide& candidate = database.get(nuclide);
  const double lambda_m = measured.decay_constant_per_s(), lambda_c = candidate.decay_constant_per_s();
  const double delta_lambda = lambda_c - lambda_m;
  const double activity = summary.administered_activity_Bq;

  const ChainModel model_m = chain_model(measured, summary, database);
  const ChainModel model_c = candidate.name() == measured.name() ? model_m : chain_model(candidate, summary, database);

  CandidateDosimetry out;
  out.nuclide = candidate.name();
  out.half_life_h = candidate.half_life_s() / units::kSecondsPerHour;
  out.energy_per_decay = model_c.energy;
  out.dose_method =
      "VOI-level dose: the measured mean dose per component corrected by the difference of self-doses (uniform "
      "source in a sphere of the VOI's volume, from the chain's point kernels; alphas and recoils at the decay site) "
      "and of cross-fire (the other VOIs' TIA times the component's energy absorbed outside the VOI's sphere); "
      "docs/compare.md measures its error on the example study";

  const std::size_t n = summary.vois.size();
  std::vector<double> ratio(n), tia_m(n), tia_c(n);
  double sum_m = 0.0, sum_c = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const VoiRecord& v = checked(summary.vois[i]);
    ratio[i] = tia_ratio(voi_curve(v), lambda_m, lambda_c);
    tia_m[i] = *v.tia_Bq_s;
    tia_c[i] = ratio[i] * tia_m[i];
    sum_m += tia_m[i];
    sum_c += tia_c[i];
  }

  for (std::size_t i = 0; i < n; ++i) {
    const VoiRecord& v = summary.vois[i];
    const double mass_kg = *v.mass_g * units::kKgPerGram;
    const double radius_mm = std::cbrt(3.0 * v.volume_mL * units::kMm3PerMl / (4.0 * std::numbers::pi));
    Energies self_m, esc_m, self_c, esc_c;
    model_m.sphere(radius_mm, self_m, esc_m);
    model_c.sphere(radius_mm, self_c, esc_c);
    // TIA of the other VOIs, the sources of the cross-fire.
    const double others_m = sum_m - tia_m[i], others_c = sum_c - tia_c[i];
    const double others_ratio = others_m > 0 ? others_c / others_m : 0.0;
    const std::array<double, 3> measured_dose{v.mean_alpha_dose_Gy.value_or(0.0), v.mean_electron_dose_Gy.value_or(0.0),
                                              v.mean_photon_dose_Gy.value_or(0.0)};
    std::array<double, 3> dose{};
    double total = v.mean_dose_Gy;
    for (int c = 0; c < 3; ++c) {
      const double to_gy = units::kJoulePerMeV / mass_kg;
      const double s_m = tia_m[i] * self_m.MeV[c] * to_gy;
      const double s_c = tia_c[i] * self_c.MeV[c] * to_gy;
      const double cross_m = measured_dose[c] - s_m;
      // Cross-fire scale: the other VOIs' TIA times the component's energy absorbed outside the VOI; a component
      // the measured nuclide has no escaping energy of (alphas) scales as its self-dose.
      const double kappa = esc_m.MeV[c] > 0 ? others_ratio * (esc_c.MeV[c] / esc_m.MeV[c])
                           : s_m > 0        ? s_c / s_m
                                            : others_ratio;
      const double change = (s_c - s_m) + (kappa - 1.0) * cross_m;
      dose[c] = measured_dose[c] + change;
      total += change;
    }
    CandidateVoiDosimetry d;
    d.name = v.name;
    d.tia_ratio = ratio[i];
    d.residence_time_h = tia_c[i] / activity / units::kSecondsPerHour;
    d.effective_half_life_h = converted_half_life_h(v.effective_half_life_h, delta_lambda);
    d.uptake_half_time_h = converted_half_life_h(v.uptake_half_time_h, delta_lambda);
    bool clamped = total < 0;
    for (double& x : dose) {
      clamped = clamped || x < 0;
      x = std::max(x, 0.0);
    }
    if (clamped)
      out.warnings.push_back(v.name + ": the predicted " + out.nuclide +
                             " dose of a component came out negative (the cross-fire estimate exceeds the dose) and "
                             "was set to 0");
    d.dose_per_activity_Gy_per_Bq = std::max(total, 0.0) / activity;
    d.components_Gy_per_Bq = {dose[kAlpha] / activity, dose[kElectron] / activity, dose[kPhoton] / activity};
    out.vois.push_back(std::move(d));
  }

  const double first_h = scan_range_h(summary).low;
  if (first_h > request.extrapolation_half_lives * out.half_life_h)
    out.warnings.push_back(
        "the first scan (" + format_number(first_h) + " h) is " + format_number(first_h / out.half_life_h) +
        " half-lives of " + out.nuclide + " (" + format_number(out.half_life_h) +
        " h) after injection: most of its decays happen before the first measurement, so its predicted TIA rests on "
        "the fitted curve's early (uptake) part, which the scans do not constrain; image a surrogate earlier");
  return out;
}

}  // namespace rptdose::results
