#pragma once
// rptdose::results — "beta or alpha for this patient" (issue 23; rptdose compare, Python compare_therapies): from
// one measured run (its summary.json) and a list of candidate nuclides carried by the same molecule, each
// candidate's predicted residence times, dose and RBE-weighted dose per activity by component, the activity per
// cycle that keeps every organ at risk under its limits, the limiting organ, the tumour doses and BEDs at that
// activity (the therapeutic index), and the sensitivity of the ranking to RBE_α and to daughter release.
// docs/compare.md derives the method and measures its error on the example study.
//
// Kinetics (timeactivity/cross_nuclide.hpp): each VOI's fitted curve keeps its biological rates and takes the
// candidate's physical decay; the trapezoid is recomputed on the converted samples. The predicted TIA is the
// measured one times the ratio r = I(λ_cand)/I(λ_meas) of the two integrals of the same curve (exactly 1 for the
// measured nuclide itself).
//
// Dose per VOI v and component c (alpha incl. recoil, electron, photon), written as a correction of the measured
// mean dose D_meas,c (so the measured nuclide reproduces the run bit for bit):
//     D_cand,c = D_meas,c + (S_cand,c − S_meas,c) + (κ_c − 1)·X_meas,c,
// with S the self-dose of v (its own TIA, energy absorbed in a sphere of v's volume from the chain's radial
// energy-deposition profiles of kernels/kernel_generation.hpp: alphas at the decay site, electron and photon point
// kernels), X_meas,c = D_meas,c − S_meas,c the rest (cross-fire from the other VOIs and the body, and the shape of
// v against a sphere), and κ_c = (Ã_others,cand/Ã_others,meas)·(E_esc,cand,c/E_esc,meas,c) the cross-fire scale:
// TIA of the other VOIs, times the component's energy per decay absorbed outside v's sphere.
//
// Planning (radiobiology/planning.hpp): the candidate's predicted VOI records go through plan_vois and
// plan_activity unchanged, so BED uses each tissue's α/β and repair with the candidate's own effective and uptake
// half-lives, alpha dose linear with RBE_α.
//
// Layer: results (above kernels, timeactivity, radiobiology); no ITK, no output files (the JSON/CSV text only).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rptdose/nuclides/decay_database.hpp"
#include "rptdose/nuclides/nuclide.hpp"
#include "rptdose/radiobiology/planning.hpp"
#include "rptdose/radiobiology/tissue_parameters.hpp"
#include "rptdose/results/planning.hpp"
#include "rptdose/results/run_summary.hpp"

namespace rptdose::results {

/// A closed interval [low, high].
struct Interval {
  double low = 0.0;
  double high = 0.0;
};

/// "X" (a value) or "LO:HI" (a range; its nominal value is the midpoint), e.g. --rbe-alpha 5 or 3:7. `what` names
/// the option in messages. Throws InvalidInput unless 0 < LO ≤ HI < ∞.
struct ValueOrRange {
  double nominal = 0.0;
  std::optional<Interval> range;
};
ValueOrRange parse_value_or_range(std::string_view text, std::string_view what);

/// A daughter that leaves the site where its parent decayed: "Bi-213:0.1:kidney" (10 % of 213Bi's decays, and its
/// descendants', happen in the VOI named kidney…), "Bi-213:0.05:0.3:kidney" (a range, nominal the midpoint),
/// destination "lost" for nowhere scored. Applied to every candidate whose chain holds the daughter.
struct DaughterRelease {
  std::string daughter;                    ///< canonical name
  ValueOrRange leaving_fraction;           ///< 0..1
  std::optional<std::string> destination;  ///< a VOI name (as require_voi finds it); none: lost
};
/// Parses the forms above. Throws InvalidInput with the expected form, UnknownNuclide for an unknown daughter.
DaughterRelease parse_daughter_release(std::string_view text, std::string_view what,
                                       const nuclides::DecayDatabase& database = nuclides::DecayDatabase::instance());

struct ComparisonRequest {
  std::vector<std::string> nuclides;  ///< candidates, any accepted spelling; the measured one may be among them
  std::vector<radiobiology::OrganValue> limits;
  int cycles = 1;  ///< N cycles of equal activity (full repair between them); doses and BEDs are their totals
  /// RBE_α of every VOI (nominal, and a sensitivity range); none: each VOI's rbe_alpha of the summary.
  std::optional<ValueOrRange> rbe_alpha;
  std::vector<DaughterRelease> daughters;
  TissueOverrides overrides;
  bool daughter_photons_local = false;  ///< count the moved daughters' photons as local too (daughters.hpp)
  /// Warn when the first scan is later than this many physical half-lives of a candidate.
  double extrapolation_half_lives = 3.0;
  /// Points per sensitivity range (the ends included) over which intervals and ranks are taken.
  int sensitivity_points = 5;
};

/// Dose (per administered activity, Gy/Bq) by component; alpha includes the recoil nuclei.
struct ComponentDose {
  double alpha = 0.0;
  double electron = 0.0;
  double photon = 0.0;
};

/// One VOI as a candidate would give it, per administered activity: what the planning needs. The lead's voxel-level
/// path (rptdose run, methods.compare_nuclides) fills these from its own maps and calls evaluate_candidates.
struct CandidateVoiDosimetry {
  std::string name;
  double tia_ratio = 1.0;                       ///< Ã_cand / Ã_meas at equal administered activity
  double residence_time_h = 0.0;                ///< Ã_cand / A_adm
  std::optional<double> effective_half_life_h;  ///< of the candidate's curve (terminal phase)
  std::optional<double> uptake_half_time_h;     ///< its rising term, when the curve has one
  /// Mean absorbed dose per administered activity (Gy/Bq), and its components. The total is carried on its own:
  /// the run's component maps need not sum to its total map to the last bit, and the measured nuclide must give
  /// the run's mean dose back exactly.
  double dose_per_activity_Gy_per_Bq = 0.0;
  ComponentDose components_Gy_per_Bq;
};

/// A candidate's dosimetry of every VOI of the summary, in its order.
struct CandidateDosimetry {
  std::string nuclide;  ///< canonical
  double half_life_h = 0.0;
  nuclides::EnergyByCategory energy_per_decay;  ///< whole chain, in-situ, MeV per parent decay
  std::vector<CandidateVoiDosimetry> vois;
  std::vector<std::string> warnings;  ///< e.g. the kinetics cannot be extrapolated to a short half-life
  /// How the VOI doses were obtained, in words (one of the comparison's assumptions): predict_candidate's VOI-level
  /// model, or whatever filled them (rptdose run's voxel maps).
  std::string dose_method;
};

/// The VOI-level prediction for one candidate (see the top of this file). Needs, per VOI: tia_Bq_s, mass_g,
/// volume_mL, fit (model, status, parameters) and tac; and the run's component doses (methods.components): an
/// InvalidInput names what is missing and what to do.
CandidateDosimetry predict_candidate(const RunSummary& summary, std::string_view nuclide,
                                     const ComparisonRequest& request = {},
                                     const nuclides::DecayDatabase& database = nuclides::DecayDatabase::instance());

/// One VOI of a candidate at its planned activity (totals over request.cycles).
struct CandidateVoiResult {
  CandidateVoiDosimetry dosimetry;
  std::string tissue;  ///< matched tissue, empty when none
  bool tumour = false;
  double rbe_alpha = 5.0;
  double rbe_weighted_dose_per_activity_Gy_per_Bq = 0.0;
  /// Local-deposition dose change per activity of the daughters that leave (request.daughters, nominal), already
  /// included in dosimetry's total and components (alpha and electron; photons with daughter_photons_local).
  ComponentDose daughter_change_per_activity_Gy_per_Bq;
  std::optional<double> g_factor;
  std::optional<double> alpha_beta_Gy;
  double dose_per_cycle_Gy = 0.0;
  double dose_Gy = 0.0;
  double rbe_weighted_dose_Gy = 0.0;
  std::optional<double> bed_per_cycle_Gy;
  std::optional<double> bed_Gy;
};

struct CandidateSensitivity {
  Interval activity_Bq;
  std::optional<Interval> therapeutic_index_Gy;
  int best_rank = 0;  ///< 1 = highest therapeutic index
  int worst_rank = 0;
};

struct CandidateResult {
  CandidateDosimetry dosimetry;
  double activity_Bq = 0.0;  ///< per cycle
  int cycles = 1;
  std::string limiting_voi;
  radiobiology::OrganValue limiting_limit;
  std::vector<CandidateVoiResult> vois;  ///< the summary's order
  /// The lowest tumour BED at the planned activity (the least-treated tumour decides) and its VOI; none without a
  /// tumour VOI with a BED.
  std::optional<double> therapeutic_index_Gy;
  std::string therapeutic_index_voi;
  int rank = 0;  ///< by therapeutic index, 1 = highest (0: no index)
  CandidateSensitivity sensitivity;
  radiobiology::Plan plan;  ///< the full plan (every limit check)
};

struct Comparison {
  std::string measured_nuclide;
  double administered_activity_Bq = 0.0;  ///< of the measured run
  double first_scan_h = 0.0;
  double last_scan_h = 0.0;
  int cycles = 1;
  std::vector<CandidateResult> candidates;  ///< in request order
  std::optional<Interval> rbe_alpha_range;
  std::vector<DaughterRelease> daughters;
  std::vector<std::string> assumptions;
  std::vector<std::string> warnings;
};

/// Planning, daughters, ranking and sensitivity of already predicted candidates (from predict_candidate or from
/// voxel-level maps). Throws InvalidInput as plan_vois/plan_activity, for a daughter in no candidate's chain, and
/// for candidates whose VOIs do not match the summary's.
Comparison evaluate_candidates(const RunSummary& summary, std::vector<CandidateDosimetry> candidates,
                               const ComparisonRequest& request, const radiobiology::TissueTable& tissues,
                               const nuclides::DecayDatabase& database = nuclides::DecayDatabase::instance());

/// predict_candidate for every request.nuclides, then evaluate_candidates. Throws InvalidInput for no candidate,
/// a candidate given twice, and as above.
Comparison compare_therapies(const RunSummary& summary, const ComparisonRequest& request,
                             const radiobiology::TissueTable& tissues,
                             const nuclides::DecayDatabase& database = nuclides::DecayDatabase::instance());

/// The comparison as JSON (docs/compare.md): measured, cycles, candidates[] {nuclide, half_life_h,
/// energy_per_decay_MeV, activity_GBq, limiting {organ, voi, kind, limit_Gy}, therapeutic_index_Gy,
/// therapeutic_index_voi, rank, sensitivity, vois[] {name, tissue, residence_time_h, dose_per_activity_Gy_per_GBq,
/// rbe_weighted_dose_per_activity_Gy_per_GBq, components_Gy_per_GBq {alpha, electron, photon}, dose_Gy,
/// rbe_weighted_dose_Gy, bed_Gy, ...}, warnings}, assumptions, warnings.
std::string comparison_to_json(const Comparison& comparison, int indent = 2);
/// One row per candidate and VOI (header line first).
std::string comparison_to_csv(const Comparison& comparison);

}  // namespace rptdose::results
