// rptdose marrow: red-marrow absorbed dose by the blood-based method of the EANM guideline (Hindorf et al., EJNMMI
// 37:1238, 2010) beside the image-based estimate (the mean dose of a marrow VOI of a run's summary.json), as issue 8
// asks ("both reported side by side"). Physics in the library (radiobiology/red_marrow.hpp); here: options, units
// (mGy/(MBq·s) as OLINDA/EXM prints S values, MBq·h for TIAs) and the report. docs/radiobiology.md, "Red marrow".
#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "arguments.hpp"
#include "commands.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/nuclides/decay_database.hpp"
#include "rptdose/radiobiology/red_marrow.hpp"
#include "rptdose/radiobiology/tissue_parameters.hpp"
#include "rptdose/results/red_marrow.hpp"
#include "rptdose/results/run_summary.hpp"

namespace rptdose::cli {
namespace {

using nlohmann::json;
namespace rb = radiobiology;

constexpr double kGyPerBqS_per_mGyPerMBqS = units::kGyPerBqSecondPerMilliGyPerMBqSecond;
constexpr double kGramsPerKg = 1000.0;
constexpr double kBqPerGBq = 1e9;

const std::vector<OptionSpec> kOptions = {
    {"blood", "FILE.csv", "blood samples: columns time_h and Bq_per_mL | kBq_per_mL | MBq_per_mL (whole blood)"},
    {"blood-decay-corrected", "", "the concentrations are decay-corrected to injection (default: as measured)"},
    {"blood-model", "MODEL", "auto (default), mono, bi-washout, bi-uptake, tri or trapezoid for the blood curve"},
    {"nuclide", "NAME", "nuclide (physical decay of the blood curve); default: the --summary's nuclide"},
    {"rmblr", "X", "red-marrow-to-blood activity concentration ratio (default 1: peptides, small molecules)"},
    {"sex", "male|female", "ICRP 89 reference adult: red marrow 1170 | 900 g, body 73 | 60 kg (default male)"},
    {"body-mass-kg", "KG", "patient body mass: red-marrow mass scaled from the reference by body mass"},
    {"red-marrow-mass-g", "G", "patient red-marrow mass (instead of --body-mass-kg)"},
    {"s-rm-rm-mGy-per-MBq-s", "S|auto", "S(RM<-RM) of the phantom, required; 'auto': non-penetrating approximation"},
    {"phantom-red-marrow-mass-g", "G", "red-marrow mass the S values refer to (default: the --sex reference)"},
    {"s-rm-tb-mGy-per-MBq-s", "S", "S(RM<-total body): S(RM<-RB) by the remainder-of-body correction"},
    {"phantom-total-body-mass-kg", "KG", "total-body mass of the phantom of S(RM<-TB) (default: the --sex reference)"},
    {"s-rm-rb-mGy-per-MBq-s", "S", "S(RM<-remainder of body) directly (instead of --s-rm-tb-mGy-per-MBq-s)"},
    {"remainder-tia-MBq-h", "X", "TIA of the remainder of body (default: the --summary's remainder VOI)"},
    {"remainder-voi", "NAME", "the summary's remainder VOI (default: remainder_of_body, remainder, rest_of_body)"},
    {"s-rm-organ-mGy-per-MBq-s", "VOI:S", "cross-dose S(RM<-VOI), TIA from the --summary (repeatable)"},
    {"summary", "FILE", "summary.json of a run: image-based marrow dose, TIAs, nuclide"},
    {"marrow-voi", "NAME", "the summary's marrow VOI (default: the VOI matching the red_marrow tissue prefixes)"},
    {"image-scale", "X", "factor from the marrow VOI's mean dose to red-marrow dose (default 1)"},
    {"json", "", "print JSON (every key with its unit)"},
    {"help", "", "show this help"},
};

const char* kHelp =
    "usage: rptdose marrow --blood samples.csv --s-rm-rm-mGy-per-MBq-s S|auto [--nuclide NAME | --summary FILE]\n"
    "         [--rmblr X] [--sex male|female] [--body-mass-kg KG | --red-marrow-mass-g G]\n"
    "         [--s-rm-tb-mGy-per-MBq-s S [--phantom-total-body-mass-kg KG] | --s-rm-rb-mGy-per-MBq-s S]\n"
    "         [--remainder-tia-MBq-h X | --remainder-voi NAME] [--s-rm-organ-mGy-per-MBq-s VOI:S ...]\n"
    "         [--marrow-voi NAME] [--image-scale X] [--json]\n\n"
    "Red-marrow absorbed dose by the blood-based method of the EANM guideline (Hindorf et al., EJNMMI 37:1238,\n"
    "2010), for agents that do not bind to marrow or bone:\n"
    "  A_RM = [A_blood] RMBLR m_RM,  D_RM = A_RM S(RM<-RM) + A_RB S(RM<-RB) + sum_h A_h S(RM<-h),\n"
    "[A_blood] the time integral of the whole-blood concentration (fitted like a time-activity curve, physical\n"
    "decay after the last sample). S values come from your phantom (OLINDA/EXM prints mGy/MBq-s); the self S value\n"
    "is scaled to the patient's marrow mass (S ~ 1/m); S(RM<-RB) = S(RM<-TB) m_TB/m_RB - S(RM<-RM) m_RM/m_RB with\n"
    "the phantom's masses. '--s-rm-rm-mGy-per-MBq-s auto' uses the non-penetrating approximation S = (alpha +\n"
    "recoil + electron energy per decay) / m_RM with absorbed fraction 1 and no photons: an upper bound of its\n"
    "non-penetrating part that ignores electron escape from marrow cavities into bone (large for 90Y) and the\n"
    "photon self-dose; use a phantom value when you have one. With --summary, the mean dose of the marrow VOI\n"
    "(e.g. red_marrow_L1_L5) is reported beside it with the ratio image/blood. Bad input: exit code 2.\n"
    "See docs/radiobiology.md.\n\n"
    "options:\n";

std::optional<double> number_option(const Arguments& parsed, const std::string& option) {
  const auto text = parsed.value(option);
  if (!text) return std::nullopt;
  return parse_number(*text, option);
}

/// A required-positive option value (the library checks again; this gives the option's name in the message).
std::optional<double> positive_option(const Arguments& parsed, const std::string& option, const std::string& hint) {
  const auto value = number_option(parsed, option);
  if (value && !(std::isfinite(*value) && *value > 0.0))
    throw InvalidInput("--" + option + " " + *parsed.value(option) + " must be a positive number (" + hint + ")");
  return value;
}

void forbid_together(const Arguments& parsed, const std::string& a, const std::string& b) {
  if (parsed.value(a) && parsed.value(b)) throw InvalidInput("give --" + a + " or --" + b + ", not both");
}

void require_summary_for(const Arguments& parsed, const std::string& option) {
  if (parsed.value(option) && !parsed.value("summary"))
    throw InvalidInput("--" + option + " names a VOI of a run: give --summary summary.json too");
}

json finite_or_null(double value) {
  return std::isfinite(value) ? json(value) : json(nullptr);
}

std::string g4(double value) {
  return format_number("%.4g", value);
}

}  // namespace

int run_marrow(const std::vector<std::string>& original_args) {
  std::vector<std::string> args = original_args;
  const auto organ_texts = take_repeated(args, "s-rm-organ-mGy-per-MBq-s");
  const Arguments parsed(args, kOptions, 0);
  if (parsed.flag("help") || original_args.empty()) {
    std::cout << kHelp << format_options(kOptions);
    return parsed.flag("help") ? 0 : 2;
  }
  const auto blood_path = parsed.value("blood");
  if (!blood_path)
    throw InvalidInput("give --blood samples.csv (columns time_h and Bq_per_mL, kBq_per_mL or MBq_per_mL)");
  const auto s_rm_rm_text = parsed.value("s-rm-rm-mGy-per-MBq-s");
  if (!s_rm_rm_text)
    throw InvalidInput(
        "give --s-rm-rm-mGy-per-MBq-s: the red-marrow self S value of your phantom for the nuclide (OLINDA/EXM, "
        "IDAC-Dose, MIRD tables), or 'auto' for the non-penetrating approximation (see --help)");
  forbid_together(parsed, "body-mass-kg", "red-marrow-mass-g");
  forbid_together(parsed, "s-rm-tb-mGy-per-MBq-s", "s-rm-rb-mGy-per-MBq-s");
  forbid_together(parsed, "remainder-tia-MBq-h", "remainder-voi");
  require_summary_for(parsed, "marrow-voi");
  require_summary_for(parsed, "remainder-voi");
  if (!organ_texts.empty() && !parsed.value("summary"))
    throw InvalidInput("--s-rm-organ-mGy-per-MBq-s takes the organ's TIA from a run: give --summary summary.json");
  if (parsed.value("phantom-total-body-mass-kg") && !parsed.value("s-rm-tb-mGy-per-MBq-s"))
    throw InvalidInput("--phantom-total-body-mass-kg is used with --s-rm-tb-mGy-per-MBq-s: give that S value too");

  // The run (optional) and the nuclide.
  std::optional<results::RunSummary> summary;
  if (const auto path = parsed.value("summary")) summary = results::read_run_summary(*path);
  const auto& database = nuclides::DecayDatabase::instance();
  std::string nuclide;
  if (const auto name = parsed.value("nuclide")) nuclide = database.get(*name).name();
  if (summary && !summary->nuclide.empty()) {
    const std::string from_summary = database.get(summary->nuclide).name();
    if (!nuclide.empty() && nuclide != from_summary)
      throw InvalidInput("--nuclide " + nuclide + " but the summary is of " + from_summary +
                         ": give the nuclide of the run, or leave --nuclide out");
    nuclide = from_summary;
  }
  if (nuclide.empty()) throw InvalidInput("give --nuclide (e.g. Lu-177) or --summary of a run that names it");
  const double lambda_per_s = database.get(nuclide).decay_constant_per_s();

  // The blood curve: [Ã_blood] in Bq·s/mL.
  auto samples = rb::read_blood_samples_csv(*blood_path);
  const bool decay_corrected = parsed.flag("blood-decay-corrected");
  if (decay_corrected)  // back to the activity present at sampling: the integral must include physical decay
    for (std::size_t n = 0; n < samples.times_s.size(); ++n)
      samples.concentration_Bq_per_ml[n] *= std::exp(-lambda_per_s * samples.times_s[n]);
  timeactivity::FitOptions fit_options;
  // Blood peaks at injection (intravenous): the trapezoid's head is the first sample's value, not a rise from 0.
  fit_options.trapezoid.head = timeactivity::TrapezoidOptions::Head::FirstValue;
  if (const auto model = parsed.value("blood-model")) fit_options.model = timeactivity::parse_model_choice(*model);
  const auto blood =
      rb::integrate_blood_curve(samples.times_s, samples.concentration_Bq_per_ml, lambda_per_s, fit_options);

  // Masses: the patient's red marrow and the phantom's the S values refer to.
  const std::string sex = parsed.value("sex").value_or("male");
  if (sex != "male" && sex != "female") throw InvalidInput("--sex '" + sex + "': give male or female");
  const bool male = sex == "male";
  const double reference_marrow_g = male ? rb::kRedMarrowMassAdultMale_g : rb::kRedMarrowMassAdultFemale_g;
  const double reference_body_kg = male ? rb::kReferenceBodyMassAdultMale_kg : rb::kReferenceBodyMassAdultFemale_kg;
  const double phantom_marrow_g =
      positive_option(parsed, "phantom-red-marrow-mass-g", "the marrow mass of your S values' phantom")
          .value_or(reference_marrow_g);
  std::string marrow_mass_source = "ICRP 89 reference adult " + sex;
  double marrow_g = reference_marrow_g;
  if (const auto g = positive_option(parsed, "red-marrow-mass-g", "g")) {
    marrow_g = *g;
    marrow_mass_source = "--red-marrow-mass-g";
  } else if (const auto kg = positive_option(parsed, "body-mass-kg", "the patient's weight")) {
    marrow_g = rb::scaled_red_marrow_mass_g(reference_marrow_g, *kg, reference_body_kg);
    marrow_mass_source = "ICRP 89 " + sex + " scaled by body mass " + format_number("%g", *kg) + " kg / " +
                         format_number("%g", reference_body_kg) + " kg";
  }

  // S(RM←RM): the phantom's (given or non-penetrating) and the patient's (∝ 1/m).
  double s_phantom = 0.0, s_self = 0.0;
  std::optional<double> non_penetrating_MeV;
  if (*s_rm_rm_text == "auto") {
    const auto np = rb::non_penetrating_self_s_value(nuclide, phantom_marrow_g, database);
    non_penetrating_MeV = np.energy_per_decay_MeV;
    s_phantom = np.s_value_Gy_per_Bq_s;
    s_self = rb::non_penetrating_self_s_value(nuclide, marrow_g, database).s_value_Gy_per_Bq_s;
  } else {
    s_phantom = parse_number(*s_rm_rm_text, "s-rm-rm-mGy-per-MBq-s") * kGyPerBqS_per_mGyPerMBqS;
    if (!(s_phantom > 0.0))
      throw InvalidInput("--s-rm-rm-mGy-per-MBq-s " + *s_rm_rm_text +
                         " must be positive (e.g. your phantom's value from OLINDA/EXM), or 'auto'");
    s_self = rb::scaled_self_s_value(s_phantom, phantom_marrow_g, marrow_g);
  }

  // Remainder of body: S(RM←RB) and Ã_RB.
  std::optional<double> s_rb, s_tb, phantom_body_kg;
  if (const auto s = positive_option(parsed, "s-rm-rb-mGy-per-MBq-s", "mGy/(MBq s)"))
    s_rb = *s * kGyPerBqS_per_mGyPerMBqS;
  if (const auto s = positive_option(parsed, "s-rm-tb-mGy-per-MBq-s", "mGy/(MBq s)")) {
    s_tb = *s * kGyPerBqS_per_mGyPerMBqS;
    phantom_body_kg = positive_option(parsed, "phantom-total-body-mass-kg", "the phantom's total-body mass")
                          .value_or(reference_body_kg);
    s_rb = rb::remainder_of_body_s_value(*s_tb, *phantom_body_kg * kGramsPerKg, s_phantom, phantom_marrow_g);
  }
  std::optional<double> remainder_tia_Bq_s;
  std::string remainder_source;
  if (const auto tia = number_option(parsed, "remainder-tia-MBq-h")) {
    if (!s_rb)
      throw InvalidInput(
          "--remainder-tia-MBq-h needs an S value: give --s-rm-tb-mGy-per-MBq-s (with the phantom's "
          "total-body mass) or --s-rm-rb-mGy-per-MBq-s");
    if (!(std::isfinite(*tia) && *tia >= 0.0))
      throw InvalidInput("--remainder-tia-MBq-h " + *parsed.value("remainder-tia-MBq-h") + " must be ≥ 0");
    remainder_tia_Bq_s = *tia * units::kBqSecondsPerMBqHour;
    remainder_source = "--remainder-tia-MBq-h";
  } else if (parsed.value("remainder-voi") && !s_rb) {
    throw InvalidInput("--remainder-voi needs an S value: give --s-rm-tb-mGy-per-MBq-s or --s-rm-rb-mGy-per-MBq-s");
  } else if (s_rb) {
    const results::VoiRecord* voi =
        summary ? results::remainder_voi(*summary, parsed.value("remainder-voi"), "--remainder-voi") : nullptr;
    if (!voi)
      throw InvalidInput(
          "S(RM<-RB) is given but not the remainder's TIA: give --remainder-tia-MBq-h, or --summary of a run with a "
          "remainder VOI (--remainder-voi NAME)");
    remainder_tia_Bq_s = results::voi_tia_Bq_s(*voi, "the remainder-of-body cross-dose");
    remainder_source = "summary VOI " + voi->name;
  }

  const results::VoiRecord* marrow =
      summary ? results::marrow_voi(*summary, parsed.value("marrow-voi"), "--marrow-voi") : nullptr;
  rb::BloodMethodInput input;
  input.blood_tia_concentration_Bq_s_per_ml = blood.integral;
  input.rmblr = positive_option(parsed, "rmblr", "1 for peptides and small molecules, 0.36 for intact antibodies")
                    .value_or(rb::kRmblrNonBinding);
  input.red_marrow_mass_g = marrow_g;
  input.s_rm_rm_Gy_per_Bq_s = s_self;
  if (s_rb && remainder_tia_Bq_s) input.remainder_of_body = {*remainder_tia_Bq_s, *s_rb};
  std::vector<std::string> organ_names;
  for (const auto& text : organ_texts) {
    const auto [name, s] = organ_number(text, "s-rm-organ-mGy-per-MBq-s", "liver:1.2e-6");
    if (!(std::isfinite(s) && s >= 0.0))
      throw InvalidInput("--s-rm-organ-mGy-per-MBq-s '" + text + "': the S value must be ≥ 0");
    const auto& voi = results::require_voi(*summary, name, "--s-rm-organ-mGy-per-MBq-s");
    if (&voi == marrow)
      throw InvalidInput(voi.name +
                         " is the marrow VOI: its activity is the red marrow's own (in the blood-based "
                         "self dose); drop it from --s-rm-organ-mGy-per-MBq-s");
    if (remainder_source == "summary VOI " + voi.name)
      throw InvalidInput(voi.name + " is already the remainder of body: drop it from --s-rm-organ-mGy-per-MBq-s");
    for (const auto& other : organ_names)
      if (other == voi.name) throw InvalidInput("--s-rm-organ-mGy-per-MBq-s names " + voi.name + " twice");
    organ_names.push_back(voi.name);
    input.organs.push_back({results::voi_tia_Bq_s(voi, "its cross-dose to the marrow"), s * kGyPerBqS_per_mGyPerMBqS});
  }
  const auto dose = rb::red_marrow_dose_blood_method(input);
  std::optional<rb::RedMarrowComparison> comparison;
  const double image_scale = positive_option(parsed, "image-scale", "1: the VOI dose is the marrow dose").value_or(1.0);
  if (marrow) comparison = rb::compare_red_marrow_methods(marrow->mean_dose_Gy, dose.total_Gy, image_scale);
  const std::optional<double> administered_Bq =
      summary ? std::optional<double>(summary->administered_activity_Bq) : std::nullopt;

  if (parsed.flag("json")) {
    json out;
    out["nuclide"] = nuclide;
    out["blood"] = {{"samples", samples.times_s.size()},
                    {"decay_corrected_input", decay_corrected},
                    {"model", std::string(timeactivity::model_name(blood.model))},
                    {"fit_status", std::string(timeactivity::status_name(blood.status))},
                    {"r_squared", blood.r_squared},
                    {"tia_concentration_Bq_s_per_mL", blood.integral},
                    {"tia_concentration_MBq_h_per_mL", blood.integral / units::kBqSecondsPerMBqHour}};
    out["rmblr"] = input.rmblr;
    out["red_marrow_mass_g"] = marrow_g;
    out["red_marrow_mass_source"] = marrow_mass_source;
    out["phantom_red_marrow_mass_g"] = phantom_marrow_g;
    out["s_rm_rm"] = {
        {"source",
         non_penetrating_MeV ? "non-penetrating approximation (absorbed fraction 1)" : "--s-rm-rm-mGy-per-MBq-s"},
        {"non_penetrating_energy_per_decay_MeV", non_penetrating_MeV ? json(*non_penetrating_MeV) : json(nullptr)},
        {"phantom_Gy_per_Bq_s", s_phantom},
        {"phantom_mGy_per_MBq_s", s_phantom / kGyPerBqS_per_mGyPerMBqS},
        {"patient_Gy_per_Bq_s", s_self},
        {"patient_mGy_per_MBq_s", s_self / kGyPerBqS_per_mGyPerMBqS}};
    out["red_marrow_tia_Bq_s"] = dose.red_marrow_tia_Bq_s;
    out["red_marrow_tia_MBq_h"] = dose.red_marrow_tia_Bq_s / units::kBqSecondsPerMBqHour;
    out["self_dose_Gy"] = dose.self_dose_Gy;
    if (s_rb && remainder_tia_Bq_s)
      out["remainder"] = {{"tia_Bq_s", *remainder_tia_Bq_s},
                          {"tia_MBq_h", *remainder_tia_Bq_s / units::kBqSecondsPerMBqHour},
                          {"tia_source", remainder_source},
                          {"s_rm_rb_Gy_per_Bq_s", *s_rb},
                          {"s_rm_rb_mGy_per_MBq_s", *s_rb / kGyPerBqS_per_mGyPerMBqS},
                          {"s_rm_tb_mGy_per_MBq_s", s_tb ? json(*s_tb / kGyPerBqS_per_mGyPerMBqS) : json(nullptr)},
                          {"phantom_total_body_mass_kg", phantom_body_kg ? json(*phantom_body_kg) : json(nullptr)},
                          {"dose_Gy", dose.remainder_cross_dose_Gy}};
    else
      out["remainder"] = nullptr;
    out["remainder_cross_dose_Gy"] = dose.remainder_cross_dose_Gy;
    out["organs"] = json::array();
    for (std::size_t n = 0; n < input.organs.size(); ++n) {
      const auto& o = input.organs[n];
      out["organs"].push_back({{"voi", organ_names[n]},
                               {"tia_Bq_s", o.tia_Bq_s},
                               {"s_rm_organ_Gy_per_Bq_s", o.s_value_Gy_per_Bq_s},
                               {"s_rm_organ_mGy_per_MBq_s", o.s_value_Gy_per_Bq_s / kGyPerBqS_per_mGyPerMBqS},
                               {"dose_Gy", o.tia_Bq_s * o.s_value_Gy_per_Bq_s}});
    }
    out["organ_cross_dose_Gy"] = dose.organ_cross_dose_Gy;
    out["blood_based_dose_Gy"] = dose.total_Gy;
    out["administered_activity_Bq"] = administered_Bq ? json(*administered_Bq) : json(nullptr);
    out["blood_based_dose_Gy_per_GBq"] =
        administered_Bq ? json(dose.total_Gy / *administered_Bq * kBqPerGBq) : json(nullptr);
    if (comparison)
      out["image_based"] = {{"voi", marrow->name},
                            {"voi_mean_dose_Gy", marrow->mean_dose_Gy},
                            {"scale", image_scale},
                            {"dose_Gy", comparison->image_based_Gy},
                            {"ratio_image_to_blood", finite_or_null(comparison->ratio_image_to_blood)}};
    else
      out["image_based"] = nullptr;
    std::cout << out.dump(2) << "\n";
    return 0;
  }

  std::cout << "red-marrow dose, " << nuclide << "\n"
            << "blood-based (EANM, Hindorf et al. 2010): " << g4(dose.total_Gy) << " Gy";
  if (administered_Bq) std::cout << " (" << g4(dose.total_Gy / *administered_Bq * kBqPerGBq) << " Gy/GBq)";
  std::cout << "\n  blood: " << samples.times_s.size() << " samples"
            << (decay_corrected ? " (decay-corrected input, decay restored)" : "") << ", "
            << timeactivity::model_name(blood.model) << " (" << timeactivity::status_name(blood.status) << ", R2 "
            << format_number("%.4f", blood.r_squared) << "), [A_blood] "
            << g4(blood.integral / units::kBqSecondsPerMBqHour) << " MBq h/mL\n"
            << "  red marrow: " << format_number("%.4g", marrow_g) << " g (" << marrow_mass_source << "), RMBLR "
            << format_number("%g", input.rmblr) << ", A_RM "
            << g4(dose.red_marrow_tia_Bq_s / units::kBqSecondsPerMBqHour) << " MBq h\n"
            << "  S(RM<-RM) " << g4(s_self / kGyPerBqS_per_mGyPerMBqS) << " mGy/(MBq s)";
  if (non_penetrating_MeV)
    std::cout << " (non-penetrating approximation: " << format_number("%.5g", *non_penetrating_MeV)
              << " MeV/decay absorbed in the marrow, photons and escape to bone neglected)";
  else if (marrow_g != phantom_marrow_g)
    std::cout << " (phantom " << g4(s_phantom / kGyPerBqS_per_mGyPerMBqS) << " at "
              << format_number("%g", phantom_marrow_g) << " g, scaled by mass)";
  std::cout << "\n  self dose                " << g4(dose.self_dose_Gy) << " Gy\n";
  if (s_rb && remainder_tia_Bq_s)
    std::cout << "  remainder of body        " << g4(dose.remainder_cross_dose_Gy) << " Gy (A_RB "
              << g4(*remainder_tia_Bq_s / units::kBqSecondsPerMBqHour) << " MBq h from " << remainder_source
              << ", S(RM<-RB) " << g4(*s_rb / kGyPerBqS_per_mGyPerMBqS) << " mGy/(MBq s))\n";
  for (std::size_t n = 0; n < input.organs.size(); ++n) {
    const auto& o = input.organs[n];
    std::string label = "  " + organ_names[n];
    if (label.size() < 27) label.resize(27, ' ');
    std::cout << label << g4(o.tia_Bq_s * o.s_value_Gy_per_Bq_s) << " Gy (A "
              << g4(o.tia_Bq_s / units::kBqSecondsPerMBqHour) << " MBq h, S "
              << g4(o.s_value_Gy_per_Bq_s / kGyPerBqS_per_mGyPerMBqS) << " mGy/(MBq s))\n";
  }
  if (comparison)
    std::cout << "image-based (" << marrow->name << " mean dose"
              << (image_scale != 1.0 ? " x " + format_number("%g", image_scale) : std::string())
              << "): " << g4(comparison->image_based_Gy) << " Gy\n"
              << "ratio image/blood: "
              << (std::isfinite(comparison->ratio_image_to_blood) ? g4(comparison->ratio_image_to_blood)
                                                                  : std::string("inf"))
              << "\n";
  else if (summary)
    std::cout << "image-based: no marrow VOI in the summary (name one with --marrow-voi)\n";
  return 0;
}

}  // namespace rptdose::cli
