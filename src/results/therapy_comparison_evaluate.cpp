// Planning, daughter release, ranking and sensitivity of predicted candidates (rptdose/results/therapy_comparison.hpp).
#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "../radiobiology/validation.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/nuclides/chain.hpp"
#include "rptdose/radiobiology/rbe.hpp"
#include "rptdose/results/daughters.hpp"
#include "rptdose/results/therapy_comparison.hpp"
#include "scan_times.hpp"

namespace rptdose::results {

namespace {

using radiobiology::format_number;

/// One point of the sensitivity grid: RBE_α of every VOI (none: each VOI's own) and each release's fraction.
struct Setting {
  std::optional<double> rbe_alpha;
  std::vector<double> leaving_fraction;  ///< one per request.daughters
};

bool in_chain(const std::string& daughter, const nuclides::DecayChain& chain) {
  for (const auto& m : chain.members())
    if (m.nuclide->name() == daughter && m.nuclide != &chain.parent()) return true;
  return false;
}

/// The local energy per parent decay (MeV, by component) that a leaving fraction f of `daughter` moves:
/// E_chain(in situ) − E_chain(f leaving), nuclides/chain.hpp (the same ΔE as daughter_redistribution.hpp).
nuclides::EnergyByCategory moved_energy(const std::string& parent, const std::string& daughter, double fraction,
                                        const nuclides::DecayDatabase& database) {
  nuclides::ChainOptions leaving;
  leaving.leaving_fraction[daughter] = fraction;
  auto moved = nuclides::expand_chain(parent, {}, database).energy_per_parent_decay();
  moved.add_scaled(nuclides::expand_chain(parent, leaving, database).energy_per_parent_decay(), -1.0);
  return moved;
}

/// The candidate's predicted run: the summary with each VOI's TIA, doses and half-lives of the candidate (at the
/// measured administered activity), so that plan_vois and redistribute_daughter_over_vois read it as a run.
RunSummary predicted_summary(const RunSummary& summary, const CandidateDosimetry& candidate,
                             const std::optional<double>& rbe_alpha) {
  RunSummary s = summary;
  s.nuclide = candidate.nuclide;
  s.half_life_h = candidate.half_life_h;
  const double activity = summary.administered_activity_Bq;
  for (std::size_t i = 0; i < s.vois.size(); ++i) {
    VoiRecord& v = s.vois[i];
    const CandidateVoiDosimetry& d = candidate.vois[i];
    if (d.tia_ratio != 1.0) v.tia_Bq_s = *v.tia_Bq_s * d.tia_ratio;
    v.residence_time_h = d.residence_time_h;
    v.effective_half_life_h = d.effective_half_life_h;
    v.uptake_half_time_h = d.uptake_half_time_h;
    v.mean_dose_Gy = d.dose_per_activity_Gy_per_Bq * activity;
    v.mean_alpha_dose_Gy = d.components_Gy_per_Bq.alpha * activity;
    v.mean_electron_dose_Gy = d.components_Gy_per_Bq.electron * activity;
    v.mean_photon_dose_Gy = d.components_Gy_per_Bq.photon * activity;
    if (rbe_alpha) v.rbe_alpha = *rbe_alpha;
  }
  return s;
}

/// Applies the releases of `setting` to the predicted run (mean doses and components) and returns the change per
/// VOI, per administered activity.
std::vector<ComponentDose> apply_daughters(RunSummary& s, const ComparisonRequest& request, const Setting& setting,
                                           std::vector<std::string>& warnings,
                                           const nuclides::DecayDatabase& database) {
  std::vector<ComponentDose> change(s.vois.size());
  const auto chain = nuclides::expand_chain(s.nuclide, {}, database);
  const double activity = s.administered_activity_Bq;
  for (std::size_t r = 0; r < request.daughters.size(); ++r) {
    const DaughterRelease& release = request.daughters[r];
    const double f = setting.leaving_fraction[r];
    if (!in_chain(release.daughter, chain) || f == 0.0) continue;
    radiobiology::VoiRedistributionRequest q;
    q.parent = s.nuclide;
    q.daughter = release.daughter;
    q.leaving_fraction = f;
    q.destination = release.destination;
    q.include_photons = request.daughter_photons_local;
    const auto result = redistribute_daughter_over_vois(s, q, database);
    // Split each VOI's change by component as the moved energy splits (alpha with recoil; photons when local).
    const auto moved = moved_energy(s.nuclide, release.daughter, f, database);
    const double photons = request.daughter_photons_local ? moved.photon_MeV : 0.0;
    const double local = moved.alpha_MeV + moved.alpha_recoil_MeV + moved.electron_MeV + photons;
    if (!(local > 0)) continue;
    const double share[3] = {(moved.alpha_MeV + moved.alpha_recoil_MeV) / local, moved.electron_MeV / local,
                             photons / local};
    for (std::size_t i = 0; i < s.vois.size(); ++i) {
      VoiRecord& v = s.vois[i];
      const double dd = result.vois[i].dose_change_Gy;
      if (dd == 0.0) continue;
      double* parts[3] = {&*v.mean_alpha_dose_Gy, &*v.mean_electron_dose_Gy, &*v.mean_photon_dose_Gy};
      double* changes[3] = {&change[i].alpha, &change[i].electron, &change[i].photon};
      bool negative = v.mean_dose_Gy + dd < 0;
      v.mean_dose_Gy = std::max(v.mean_dose_Gy + dd, 0.0);
      for (int c = 0; c < 3; ++c) {
        negative = negative || *parts[c] + share[c] * dd < 0;
        *parts[c] = std::max(*parts[c] + share[c] * dd, 0.0);
        *changes[c] += share[c] * dd / activity;
      }
      if (negative)
        warnings.push_back(v.name + ": with " + format_number(f) + " of " + release.daughter +
                           " leaving, its local-deposition loss exceeds the predicted " + s.nuclide +
                           " dose; the dose was set to 0");
    }
  }
  return change;
}

CandidateResult evaluate(const RunSummary& summary, const CandidateDosimetry& candidate,
                         const ComparisonRequest& request, const radiobiology::TissueTable& tissues,
                         const Setting& setting, const nuclides::DecayDatabase& database) {
  CandidateResult out;
  out.dosimetry = candidate;
  RunSummary s = predicted_summary(summary, candidate, setting.rbe_alpha);
  const auto daughter_change = apply_daughters(s, request, setting, out.dosimetry.warnings, database);

  radiobiology::PlanRequest plan_request;
  plan_request.vois = plan_vois(s, tissues, request.overrides);
  plan_request.limits = request.limits;
  plan_request.cycles = request.cycles;
  out.plan = radiobiology::plan_activity(plan_request);
  out.activity_Bq = out.plan.activity_Bq;
  out.cycles = out.plan.cycles;
  out.limiting_voi = out.plan.limiting_voi;
  out.limiting_limit = out.plan.limiting_limit;

  const double activity = summary.administered_activity_Bq;
  for (std::size_t i = 0; i < s.vois.size(); ++i) {
    const VoiRecord& v = s.vois[i];
    const radiobiology::VoiPlan& vp = out.plan.vois[i];
    CandidateVoiResult r;
    r.dosimetry = candidate.vois[i];
    r.dosimetry.dose_per_activity_Gy_per_Bq = vp.voi.dose_per_activity_Gy_per_Bq;
    r.dosimetry.components_Gy_per_Bq = {*v.mean_alpha_dose_Gy / activity, *v.mean_electron_dose_Gy / activity,
                                        *v.mean_photon_dose_Gy / activity};
    r.daughter_change_per_activity_Gy_per_Bq = daughter_change[i];
    r.tissue = vp.voi.tissue;
    r.tumour = vp.voi.tumour;
    r.rbe_alpha = vp.voi.rbe_alpha;
    const double alpha = vp.voi.alpha_dose_per_activity_Gy_per_Bq;
    r.rbe_weighted_dose_per_activity_Gy_per_Bq =
        radiobiology::rbe_weighted_dose_Gy(alpha, vp.voi.dose_per_activity_Gy_per_Bq - alpha, vp.voi.rbe_alpha);
    r.g_factor = vp.voi.g_factor;
    r.alpha_beta_Gy = vp.voi.alpha_beta_Gy;
    const double planned = out.activity_Bq * out.cycles;
    r.dose_per_cycle_Gy = vp.dose_per_cycle_Gy;
    r.dose_Gy = vp.total_dose_Gy;
    r.rbe_weighted_dose_Gy = r.rbe_weighted_dose_per_activity_Gy_per_Bq * planned;
    r.bed_per_cycle_Gy = vp.bed_per_cycle_Gy;
    r.bed_Gy = vp.total_bed_Gy;
    if (r.tumour && r.bed_Gy && (!out.therapeutic_index_Gy || *r.bed_Gy < *out.therapeutic_index_Gy)) {
      out.therapeutic_index_Gy = r.bed_Gy;
      out.therapeutic_index_voi = r.dosimetry.name;
    }
    out.vois.push_back(std::move(r));
  }
  return out;
}

/// Ranks by therapeutic index, 1 = highest; candidates without one get 0.
std::vector<int> ranks(const std::vector<CandidateResult>& results) {
  std::vector<int> rank(results.size(), 0);
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (!results[i].therapeutic_index_Gy) continue;
    rank[i] = 1;
    for (std::size_t j = 0; j < results.size(); ++j)
      if (j != i && results[j].therapeutic_index_Gy &&
          (*results[j].therapeutic_index_Gy > *results[i].therapeutic_index_Gy ||
           (*results[j].therapeutic_index_Gy == *results[i].therapeutic_index_Gy && j < i)))
        ++rank[i];
  }
  return rank;
}

std::vector<double> grid(const Interval& range, int points) {
  std::vector<double> values;
  for (int k = 0; k < points; ++k)
    values.push_back(points == 1 ? range.low : range.low + (range.high - range.low) * k / (points - 1));
  return values;
}

std::vector<std::string> assumptions(const RunSummary& summary, const ComparisonRequest& request,
                                     const std::vector<CandidateDosimetry>& candidates) {
  std::vector<std::string> a = {
      "same biodistribution per administered activity as the measured " + summary.nuclide +
          " study (same molecule and peptide amount): each VOI keeps its fitted biological rates and takes the "
          "candidate's physical decay (trapezoid VOIs: the samples are converted and re-integrated)",
      "daughters decay where their parent decays (in-situ chain, as the kernel assumes) unless --daughters moves a "
      "fraction of one",
      "activity per cycle: every limit respected in each VOI its organ matches; BED with each tissue's alpha/beta "
      "and repair half-time and the candidate's own effective and uptake half-lives (G factor), the alpha dose "
      "linear with RBE_alpha; " +
          std::to_string(request.cycles) + " cycle(s) of equal activity with full repair between them",
      "therapeutic index: the lowest tumour BED at the candidate's planned activity (the least-treated tumour)"};
  for (const auto& c : candidates)  // each distinct way the doses were obtained, once, after the first two
    if (!c.dose_method.empty() && std::find(a.begin(), a.end(), c.dose_method) == a.end())
      a.insert(a.begin() + 2, c.dose_method);
  if (request.rbe_alpha && request.rbe_alpha->range)
    a.push_back("sensitivity: RBE_alpha of every VOI from " + format_number(request.rbe_alpha->range->low) + " to " +
                format_number(request.rbe_alpha->range->high) + " (nominal " +
                format_number(request.rbe_alpha->nominal) + "), " + std::to_string(request.sensitivity_points) +
                " points, crossed with the daughter-release ranges; intervals are the extremes over that grid");
  for (const auto& d : request.daughters)
    a.push_back(d.daughter + ": a fraction " +
                (d.leaving_fraction.range ? format_number(d.leaving_fraction.range->low) + " to " +
                                                format_number(d.leaving_fraction.range->high) + " (nominal " +
                                                format_number(d.leaving_fraction.nominal) + ")"
                                          : format_number(d.leaving_fraction.nominal)) +
                " of its decays (and its descendants') happens " +
                (d.destination ? "in " + *d.destination : std::string("nowhere scored (lost)")) +
                ", local deposition (rptdose daughters), leaving at once");
  return a;
}

}  // namespace

Comparison evaluate_candidates(const RunSummary& summary, std::vector<CandidateDosimetry> candidates,
                               const ComparisonRequest& request, const radiobiology::TissueTable& tissues,
                               const nuclides::DecayDatabase& database) {
  if (candidates.empty()) throw InvalidInput("no candidate nuclide: give at least one, e.g. --nuclides Lu-177,Ac-225");
  if (request.sensitivity_points < 2)
    throw InvalidInput("sensitivity_points is " + std::to_string(request.sensitivity_points) +
                       ": give at least 2 (the two ends of each range)");
  for (const auto& c : candidates) {
    bool same = c.vois.size() == summary.vois.size();
    for (std::size_t i = 0; same && i < c.vois.size(); ++i) same = c.vois[i].name == summary.vois[i].name;
    if (!same)
      throw InvalidInput("the dosimetry of candidate " + c.nuclide +
                         " does not list the summary's VOIs in its order: predict it from the same summary");
  }
  for (const auto& d : request.daughters) {
    if (d.destination) require_voi(summary, *d.destination, "--daughters destination");
    bool used = false;
    for (const auto& c : candidates)
      used = used || in_chain(d.daughter, nuclides::expand_chain(c.nuclide, {}, database));
    if (!used)
      throw InvalidInput(d.daughter +
                         " (--daughters) is in the chain of no candidate: remove it or add "
                         "its parent to the candidates");
  }
  for (const auto& c : candidates) {
    std::size_t releases = 0;
    for (const auto& d : request.daughters)
      releases += in_chain(d.daughter, nuclides::expand_chain(c.nuclide, {}, database)) ? 1 : 0;
    if (releases > 1)
      throw InvalidInput("more than one --daughters release applies to the chain of " + c.nuclide +
                         ": give one per chain (a daughter's descendants leave with it)");
  }

  Comparison out;
  out.measured_nuclide = database.get(summary.nuclide).name();
  out.administered_activity_Bq = summary.administered_activity_Bq;
  out.cycles = request.cycles;
  out.daughters = request.daughters;
  if (request.rbe_alpha) out.rbe_alpha_range = request.rbe_alpha->range;
  out.assumptions = assumptions(summary, request, candidates);
  out.first_scan_h = scan_range_h(summary).low;
  out.last_scan_h = scan_range_h(summary).high;

  Setting nominal;
  if (request.rbe_alpha) nominal.rbe_alpha = request.rbe_alpha->nominal;
  for (const auto& d : request.daughters) nominal.leaving_fraction.push_back(d.leaving_fraction.nominal);
  for (const auto& c : candidates) out.candidates.push_back(evaluate(summary, c, request, tissues, nominal, database));
  const auto nominal_rank = ranks(out.candidates);
  for (std::size_t i = 0; i < out.candidates.size(); ++i) {
    auto& c = out.candidates[i];
    c.rank = nominal_rank[i];
    c.sensitivity.activity_Bq = {c.activity_Bq, c.activity_Bq};
    if (c.therapeutic_index_Gy)
      c.sensitivity.therapeutic_index_Gy = Interval{*c.therapeutic_index_Gy, *c.therapeutic_index_Gy};
    c.sensitivity.best_rank = c.sensitivity.worst_rank = c.rank;
  }

  // Sensitivity: the RBE range crossed with the daughter-release ranges (all releases move together from their
  // low to their high ends).
  const bool rbe_range = request.rbe_alpha && request.rbe_alpha->range;
  bool release_range = false;
  for (const auto& d : request.daughters) release_range = release_range || d.leaving_fraction.range.has_value();
  if (rbe_range || release_range) {
    const auto rbe_values = rbe_range ? grid(*request.rbe_alpha->range, request.sensitivity_points)
                                      : std::vector<double>{nominal.rbe_alpha.value_or(std::nan(""))};
    const auto t_values = release_range ? grid({0.0, 1.0}, request.sensitivity_points) : std::vector<double>{-1.0};
    for (const double rbe : rbe_values) {
      for (const double t : t_values) {
        Setting point;
        if (!std::isnan(rbe)) point.rbe_alpha = rbe;
        for (const auto& d : request.daughters)
          point.leaving_fraction.push_back(
              d.leaving_fraction.range && t >= 0
                  ? d.leaving_fraction.range->low + t * (d.leaving_fraction.range->high - d.leaving_fraction.range->low)
                  : d.leaving_fraction.nominal);
        std::vector<CandidateResult> results;
        for (const auto& c : candidates) results.push_back(evaluate(summary, c, request, tissues, point, database));
        const auto rank = ranks(results);
        for (std::size_t i = 0; i < results.size(); ++i) {
          auto& sens = out.candidates[i].sensitivity;
          sens.activity_Bq.low = std::min(sens.activity_Bq.low, results[i].activity_Bq);
          sens.activity_Bq.high = std::max(sens.activity_Bq.high, results[i].activity_Bq);
          if (results[i].therapeutic_index_Gy) {
            const double ti = *results[i].therapeutic_index_Gy;
            if (!sens.therapeutic_index_Gy) sens.therapeutic_index_Gy = Interval{ti, ti};
            sens.therapeutic_index_Gy->low = std::min(sens.therapeutic_index_Gy->low, ti);
            sens.therapeutic_index_Gy->high = std::max(sens.therapeutic_index_Gy->high, ti);
          }
          if (rank[i] > 0) {
            sens.best_rank = sens.best_rank == 0 ? rank[i] : std::min(sens.best_rank, rank[i]);
            sens.worst_rank = std::max(sens.worst_rank, rank[i]);
          }
        }
      }
    }
  }
  for (const auto& c : out.candidates)
    for (const auto& w : c.dosimetry.warnings) out.warnings.push_back(c.dosimetry.nuclide + ": " + w);
  return out;
}

Comparison compare_therapies(const RunSummary& summary, const ComparisonRequest& request,
                             const radiobiology::TissueTable& tissues, const nuclides::DecayDatabase& database) {
  if (request.nuclides.empty())
    throw InvalidInput("no candidate nuclide: give at least one, e.g. --nuclides Lu-177,Tb-161,Pb-212,Ac-225");
  std::set<std::string> seen;
  std::vector<CandidateDosimetry> candidates;
  for (const auto& name : request.nuclides) {
    const std::string canonical = database.get(name).name();
    if (!seen.insert(canonical).second)
      throw InvalidInput("candidate " + canonical + " is given twice: give each nuclide once");
    candidates.push_back(predict_candidate(summary, canonical, request, database));
  }
  return evaluate_candidates(summary, std::move(candidates), request, tissues, database);
}

}  // namespace rptdose::results
