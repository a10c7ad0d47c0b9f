// rptdose marrow: red-marrow absorbed dose by the blood-based method of the EANM guideline (Hindorf et al., EJNMMI
// 37:1238, 2010) beside the image-based estimate (the mean dose of a marrow VOI of a run's summary.json), as issue 8
// asks ("both reported side by side"). The dose is the library's (radiobiology::red_marrow_report, with the
// run's part from results::red_marrow_report, and the report's JSON and text writers in results/red_marrow.hpp);
// here: options and their units (mGy/(MBq·s) as OLINDA/EXM prints S values, MBq·h for TIAs).
// docs/radiobiology.md, "Red marrow".
#include <cmath>
#include <iostream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "arguments.hpp"
#include "commands.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/nuclides/decay_database.hpp"
#include "rptdose/radiobiology/red_marrow.hpp"
#include "rptdose/results/red_marrow.hpp"
#include "rptdose/results/run_summary.hpp"

namespace rptdose::cli {
namespace {

namespace rb = radiobiology;

constexpr double kGyPerBqS_per_mGyPerMBqS = units::kGyPerBqSecondPerMilliGyPerMBqSecond;
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

/// A required-positive option value × `factor` (the library checks again; this gives the option's name).
std::optional<double> positive_option(const Arguments& parsed, const std::string& option, const std::string& hint,
                                      double factor = 1.0) {
  const auto value = number_option(parsed, option);
  if (value && !(std::isfinite(*value) && *value > 0.0))
    throw InvalidInput("--" + option + " " + *parsed.value(option) + " must be a positive number (" + hint + ")");
  return value ? std::optional<double>(*value * factor) : std::nullopt;
}

/// The option combinations marrow rejects before reading anything (the library checks the values).
void check_combinations(const Arguments& parsed, bool organs) {
  for (const auto& [a, b] : {std::pair<std::string, std::string>{"body-mass-kg", "red-marrow-mass-g"},
                             {"s-rm-tb-mGy-per-MBq-s", "s-rm-rb-mGy-per-MBq-s"},
                             {"remainder-tia-MBq-h", "remainder-voi"}})
    if (parsed.value(a) && parsed.value(b)) throw InvalidInput("give --" + a + " or --" + b + ", not both");
  for (const std::string option : {"marrow-voi", "remainder-voi"})
    if (parsed.value(option) && !parsed.value("summary"))
      throw InvalidInput("--" + option + " names a VOI of a run: give --summary summary.json too");
  if (organs && !parsed.value("summary"))
    throw InvalidInput("--s-rm-organ-mGy-per-MBq-s takes the organ's TIA from a run: give --summary summary.json");
  if (parsed.value("phantom-total-body-mass-kg") && !parsed.value("s-rm-tb-mGy-per-MBq-s"))
    throw InvalidInput("--phantom-total-body-mass-kg is used with --s-rm-tb-mGy-per-MBq-s: give that S value too");
  const bool has_s_rm_rb = parsed.value("s-rm-tb-mGy-per-MBq-s") || parsed.value("s-rm-rb-mGy-per-MBq-s");
  if (parsed.value("remainder-tia-MBq-h") && !has_s_rm_rb)
    throw InvalidInput(
        "--remainder-tia-MBq-h needs an S value: give --s-rm-tb-mGy-per-MBq-s (with the phantom's "
        "total-body mass) or --s-rm-rb-mGy-per-MBq-s");
  if (parsed.value("remainder-voi") && !has_s_rm_rb)
    throw InvalidInput("--remainder-voi needs an S value: give --s-rm-tb-mGy-per-MBq-s or --s-rm-rb-mGy-per-MBq-s");
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
  check_combinations(parsed, !organ_texts.empty());
  std::optional<results::RunSummary> summary;
  if (const auto path = parsed.value("summary")) summary = results::read_run_summary(*path);
  rb::RedMarrowRequest request;
  if (const auto name = parsed.value("nuclide"))
    request.nuclide = nuclides::DecayDatabase::instance().get(*name).name();
  if (request.nuclide.empty() && (!summary || summary->nuclide.empty()))
    throw InvalidInput("give --nuclide (e.g. Lu-177) or --summary of a run that names it");
  request.blood = rb::read_blood_samples_csv(*blood_path);
  request.blood_decay_corrected = parsed.flag("blood-decay-corrected");
  if (const auto model = parsed.value("blood-model")) request.blood_model = timeactivity::parse_model_choice(*model);
  const std::string sex = parsed.value("sex").value_or("male");
  if (sex != "male" && sex != "female") throw InvalidInput("--sex '" + sex + "': give male or female");
  request.sex = sex == "male" ? rb::ReferenceSex::Male : rb::ReferenceSex::Female;
  request.phantom_red_marrow_mass_g =
      positive_option(parsed, "phantom-red-marrow-mass-g", "the marrow mass of your S values' phantom");
  request.red_marrow_mass_g = positive_option(parsed, "red-marrow-mass-g", "g");
  request.body_mass_kg = positive_option(parsed, "body-mass-kg", "the patient's weight");
  if (*s_rm_rm_text != "auto") {
    const double s = parse_number(*s_rm_rm_text, "s-rm-rm-mGy-per-MBq-s") * kGyPerBqS_per_mGyPerMBqS;
    if (!(s > 0.0))
      throw InvalidInput("--s-rm-rm-mGy-per-MBq-s " + *s_rm_rm_text +
                         " must be positive (e.g. your phantom's value from OLINDA/EXM), or 'auto'");
    request.s_rm_rm_phantom_Gy_per_Bq_s = s;
  }
  request.s_rm_rb_Gy_per_Bq_s =
      positive_option(parsed, "s-rm-rb-mGy-per-MBq-s", "mGy/(MBq s)", kGyPerBqS_per_mGyPerMBqS);
  request.s_rm_tb_Gy_per_Bq_s =
      positive_option(parsed, "s-rm-tb-mGy-per-MBq-s", "mGy/(MBq s)", kGyPerBqS_per_mGyPerMBqS);
  request.phantom_total_body_mass_kg =
      positive_option(parsed, "phantom-total-body-mass-kg", "the phantom's total-body mass");
  if (const auto tia = number_option(parsed, "remainder-tia-MBq-h")) {
    if (!(std::isfinite(*tia) && *tia >= 0.0))
      throw InvalidInput("--remainder-tia-MBq-h " + *parsed.value("remainder-tia-MBq-h") + " must be ≥ 0");
    request.remainder_tia_Bq_s = *tia * units::kBqSecondsPerMBqHour;
    request.remainder_tia_source = "--remainder-tia-MBq-h";
  }
  request.rmblr = positive_option(parsed, "rmblr", "1 for peptides and small molecules, 0.36 for intact antibodies")
                      .value_or(rb::kRmblrNonBinding);
  request.image_scale = positive_option(parsed, "image-scale", "1: the VOI dose is the marrow dose").value_or(1.0);
  results::RedMarrowVoiSelection selection{parsed.value("marrow-voi"), parsed.value("remainder-voi"), {}};
  for (const auto& text : organ_texts) {
    const auto [name, s] = organ_number(text, "s-rm-organ-mGy-per-MBq-s", "liver:1.2e-6");
    if (!(std::isfinite(s) && s >= 0.0))
      throw InvalidInput("--s-rm-organ-mGy-per-MBq-s '" + text + "': the S value must be ≥ 0");
    selection.organ_s_values_Gy_per_Bq_s.emplace_back(name, s * kGyPerBqS_per_mGyPerMBqS);
  }
  const auto report =
      summary ? results::red_marrow_report(*summary, request, selection) : rb::red_marrow_report(request);
  std::cout << (parsed.flag("json") ? results::red_marrow_to_json(report) + "\n"
                                    : results::red_marrow_to_text(report, summary.has_value()));
  return 0;
}

}  // namespace rptdose::cli
