#pragma once
// rptdose::radiobiology — red-marrow absorbed dose.
//
// (a) Blood-based method of the EANM Dosimetry Committee guidelines for bone marrow and whole-body dosimetry
//     (Hindorf et al., EJNMMI 37:1238, 2010), for radiopharmaceuticals that do not bind to marrow or bone:
//       Ã_RM = [Ã_blood] · RMBLR · m_RM                     (time-integrated activity of the red marrow)
//       D_RM = Ã_RM · S(RM←RM) + Ã_RB · S(RM←RB) + Σ_h Ã_h · S(RM←h)
//     with [Ã_blood] the time integral of the blood activity concentration (Bq·s per mL of blood), RMBLR the ratio
//     of the red-marrow activity concentration (per g) to the blood one (per mL) — 1 for small molecules and
//     peptides that distribute freely in the extracellular fluid (the guideline's recommendation), 0.36 for intact
//     antibodies (Sgouros, J Nucl Med 34:689, 1993) — and m_RM the red-marrow mass: ICRP Publication 89 reference
//     adult 1170 g (male), 900 g (female), scaled to the patient when known. S values depend on the nuclide and the
//     phantom, so they are required inputs (OLINDA/EXM, IDAC-Dose, or MIRD tables); the remainder-of-body S value
//     follows from the total-body one with remainder_of_body_s_value.
// (b) Image-based: the mean dose of a marrow-containing VOI (e.g. lumbar vertebrae L2–L4 on SPECT/CT) taken as a
//     surrogate of the red-marrow dose, optionally scaled; reported beside (a) for comparison.
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rptdose/nuclides/decay_database.hpp"
#include "rptdose/timeactivity/curve_fit.hpp"

namespace rptdose::radiobiology {

/// Red-marrow masses of the ICRP Publication 89 reference adults (Ann ICRP 32(3-4), 2002), g.
inline constexpr double kRedMarrowMassAdultMale_g = 1170.0;
inline constexpr double kRedMarrowMassAdultFemale_g = 900.0;
/// Total-body masses of the same reference adults, kg (for mass scaling).
inline constexpr double kReferenceBodyMassAdultMale_kg = 73.0;
inline constexpr double kReferenceBodyMassAdultFemale_kg = 60.0;
/// RMBLR for small molecules/peptides that do not bind to marrow (EANM guideline, Hindorf et al. 2010).
inline constexpr double kRmblrNonBinding = 1.0;

/// Integrates a blood activity-concentration curve (times in s after injection, Bq/mL) with the time-activity
/// fitting of timeactivity (fit_curve: automatic model choice, trapezoid fallback). The result's `integral` is
/// [Ã_blood] in Bq·s/mL. Throws InvalidInput for unsorted times, non-finite values or fewer than 2 samples.
timeactivity::FitResult integrate_blood_curve(std::span<const double> times_s,
                                              std::span<const double> concentration_Bq_per_ml, double lambda_phys_per_s,
                                              const timeactivity::FitOptions& options = {});

/// Whole-blood samples: time after injection and activity concentration, as measured (not decay-corrected unless
/// the caller says so).
struct BloodSamples {
  std::vector<double> times_s;
  std::vector<double> concentration_Bq_per_ml;
};

/// Parses a CSV of blood samples. Header convention: a column `time_h` (hours after injection) and exactly one
/// concentration column `Bq_per_mL`, `kBq_per_mL` or `MBq_per_mL` (names case-insensitive, other columns such as a
/// sample id are ignored, '#' lines and blank lines skipped). Throws InvalidInput naming the line for a missing or
/// ambiguous column, non-numbers, negative, duplicate or unsorted times, negative or non-finite concentrations, and
/// fewer than 2 samples. `source` names the text in messages.
BloodSamples parse_blood_samples_csv(std::string_view csv_text, std::string_view source = "blood samples");
/// Reads and parses a blood-sample CSV (IoError when unreadable).
BloodSamples read_blood_samples_csv(const std::filesystem::path& path);

/// Non-penetrating approximation of a self S value, S = E_np / m: all the alpha, alpha-recoil and electron energy
/// emitted per parent decay (chain in equilibrium in situ, nuclides::expand_chain) absorbed in the source region
/// (absorbed fraction 1), photons escaping. For red marrow it ignores that marrow sits in trabecular-bone cavities
/// that electrons leave (absorbed fractions below 1 for energetic betas, e.g. 90Y) and the photon self-dose: an
/// upper bound for the non-penetrating part, to use only when no phantom S value (OLINDA/EXM, IDAC-Dose) is at
/// hand. Throws InvalidInput for mass ≤ 0, UnknownNuclide for unknown names.
struct NonPenetratingSValue {
  double energy_per_decay_MeV = 0.0;  ///< E_np, alpha + recoil + electron, per parent decay
  double s_value_Gy_per_Bq_s = 0.0;
};
NonPenetratingSValue non_penetrating_self_s_value(
    std::string_view nuclide, double mass_g,
    const nuclides::DecayDatabase& database = nuclides::DecayDatabase::instance());

/// A source organ's cross-dose contribution: Ã_h (Bq·s) and S(RM←h) (Gy/(Bq·s)).
struct CrossDoseSource {
  double tia_Bq_s = 0.0;
  double s_value_Gy_per_Bq_s = 0.0;
};

struct BloodMethodInput {
  double blood_tia_concentration_Bq_s_per_ml = 0.0;  ///< [Ã_blood]
  double rmblr = kRmblrNonBinding;
  double red_marrow_mass_g = kRedMarrowMassAdultMale_g;
  double s_rm_rm_Gy_per_Bq_s = 0.0;  ///< required, > 0 (for the red-marrow mass above)
  /// Remainder of body: Ã_RB and S(RM←RB) (0: no remainder cross-dose).
  CrossDoseSource remainder_of_body;
  /// Other source organs with their own TIA (e.g. liver, kidneys, tumours).
  std::vector<CrossDoseSource> organs;
};

struct RedMarrowDose {
  double red_marrow_tia_Bq_s = 0.0;
  double self_dose_Gy = 0.0;
  double remainder_cross_dose_Gy = 0.0;
  double organ_cross_dose_Gy = 0.0;
  double total_Gy = 0.0;
};

/// D_RM by the blood-based method. Throws InvalidInput for negative or non-finite inputs or S(RM←RM) ≤ 0.
RedMarrowDose red_marrow_dose_blood_method(const BloodMethodInput& input);

/// S(RM←RB) from the total-body S value, the remainder-of-body correction (Cloutier et al., J Nucl Med 14:53, 1973;
/// as in the EANM guideline): S(RM←RB) = S(RM←TB)·m_TB/m_RB − Σ_h S(RM←h)·m_h/m_RB, m_RB = m_TB − Σ_h m_h, over
/// the regions h counted as separate sources (here the red marrow itself). Masses in g.
double remainder_of_body_s_value(double s_rm_tb_Gy_per_Bq_s, double total_body_mass_g, double s_rm_rm_Gy_per_Bq_s,
                                 double red_marrow_mass_g);

/// Patient red-marrow mass scaled from a reference by body mass (EANM guideline): m_RM · m_patient / m_reference.
double scaled_red_marrow_mass_g(double reference_red_marrow_mass_g, double patient_body_mass_kg,
                                double reference_body_mass_kg);
/// Self-dose S value scaled to another mass (non-penetrating radiation: S ∝ 1/m).
double scaled_self_s_value(double s_reference_Gy_per_Bq_s, double reference_mass_g, double patient_mass_g);

/// Image-based estimate beside the blood-based one.
struct RedMarrowComparison {
  double image_based_Gy = 0.0;  ///< VOI mean dose × scale
  double blood_based_Gy = 0.0;
  double ratio_image_to_blood = 0.0;  ///< +inf when the blood-based dose is 0
};
/// `vertebra_mean_dose_Gy` is the mean absorbed dose of the marrow surrogate VOI (e.g. L2–L4); `scale` converts it to
/// red-marrow dose if the user has a factor (default 1: the VOI dose is taken as the marrow dose).
RedMarrowComparison compare_red_marrow_methods(double vertebra_mean_dose_Gy, double blood_based_Gy, double scale = 1.0);

/// A cross-dose source organ of RedMarrowRequest: its name (as the report prints it), TIA and S(RM←organ).
struct NamedCrossDoseSource {
  std::string name;
  CrossDoseSource source;
};

enum class ReferenceSex { Male, Female };

/// Everything the blood-based red-marrow dose of `rptdose marrow` needs, in plain typed values (S values in
/// Gy/(Bq·s), TIAs in Bq·s). Masses: the patient's red marrow is red_marrow_mass_g, else the ICRP 89 reference of
/// `sex` scaled by body_mass_kg, else the reference; the phantom's (the S values') defaults to the reference.
struct RedMarrowRequest {
  std::string nuclide;  ///< resolved name (physical decay of the blood curve, 'auto' S value)
  BloodSamples blood;
  bool blood_decay_corrected = false;              ///< the concentrations are decay-corrected to injection
  std::optional<timeactivity::Model> blood_model;  ///< nullopt: automatic selection
  double rmblr = kRmblrNonBinding;
  ReferenceSex sex = ReferenceSex::Male;
  std::optional<double> body_mass_kg;
  std::optional<double> red_marrow_mass_g;
  std::optional<double> phantom_red_marrow_mass_g;
  /// The phantom's S(RM←RM), scaled ∝ 1/m to the patient; nullopt: the non-penetrating approximation.
  std::optional<double> s_rm_rm_phantom_Gy_per_Bq_s;
  /// S(RM←TB) with the phantom's total-body mass (default: the reference of `sex`), or S(RM←RB) directly.
  std::optional<double> s_rm_tb_Gy_per_Bq_s;
  std::optional<double> phantom_total_body_mass_kg;
  std::optional<double> s_rm_rb_Gy_per_Bq_s;
  std::optional<double> remainder_tia_Bq_s;  ///< used when an S(RM←RB) follows from the S values above
  std::string remainder_tia_source;          ///< where remainder_tia_Bq_s comes from (printed)
  std::vector<NamedCrossDoseSource> organs;
  /// Image-based estimate: the mean dose of a marrow VOI (name, dose) × image_scale, reported beside.
  std::string image_voi;
  std::optional<double> image_voi_mean_dose_Gy;
  double image_scale = 1.0;
  std::optional<double> administered_activity_Bq;  ///< for the dose per GBq
};

/// The result of red_marrow_report: the resolved inputs and the doses.
struct RedMarrowReport {
  std::string nuclide;
  std::size_t blood_samples = 0;
  bool blood_decay_corrected = false;
  timeactivity::FitResult blood;  ///< .integral: [Ã_blood] in Bq·s/mL
  double red_marrow_mass_g = 0.0;
  std::string red_marrow_mass_source;
  double phantom_red_marrow_mass_g = 0.0;
  std::optional<double> non_penetrating_energy_per_decay_MeV;  ///< set when S(RM←RM) is the approximation
  double s_rm_rm_phantom_Gy_per_Bq_s = 0.0;
  double s_rm_rm_patient_Gy_per_Bq_s = 0.0;
  std::optional<double> s_rm_tb_Gy_per_Bq_s;
  std::optional<double> phantom_total_body_mass_kg;
  std::optional<double> s_rm_rb_Gy_per_Bq_s;
  std::optional<double> remainder_tia_Bq_s;  ///< set, with s_rm_rb, when the remainder cross-dose is included
  std::string remainder_tia_source;
  double rmblr = kRmblrNonBinding;
  std::vector<NamedCrossDoseSource> organs;
  RedMarrowDose dose;
  std::optional<double> administered_activity_Bq;
  std::string image_voi;
  double image_voi_mean_dose_Gy = 0.0;
  double image_scale = 1.0;
  std::optional<RedMarrowComparison> comparison;  ///< set when the request has an image VOI dose
};

/// The blood-based red-marrow dose of the request: decay restored to decay-corrected samples, the blood curve
/// fitted (trapezoid head at the first sample), masses and S values scaled, S(RM←RB) from S(RM←TB) by
/// remainder_of_body_s_value, then red_marrow_dose_blood_method and the comparison with the image VOI.
/// Throws InvalidInput for non-positive masses or S values, an S(RM←RB) without remainder TIA, and as the
/// functions above.
RedMarrowReport red_marrow_report(const RedMarrowRequest& request,
                                  const nuclides::DecayDatabase& database = nuclides::DecayDatabase::instance());

}  // namespace rptdose::radiobiology
