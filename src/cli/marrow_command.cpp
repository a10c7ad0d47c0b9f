// rptdose marrow: EANM blood-based red-marrow dose beside a run's image-based VOI dose (docs/radiobiology.md). The
// dose is the library's (radiobiology::red_marrow_report; the run's part, JSON and text in results/red_marrow.hpp);
// here: options and their units (mGy/(MBq·s) as OLINDA/EXM prints S values, MBq·h for TIAs).
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "arguments.hpp"  // parse_number of the S|auto value
#include "commands.hpp"
#include "options.hpp"
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

const CommandSpec kSpec{
    .name = "marrow",
    .description =
        "Red-marrow absorbed dose by the blood-based method of the EANM guideline (Hindorf et al., EJNMMI 37:1238,\n"
        "2010), for agents that do not bind to marrow or bone:\n"
        "  A_RM = [A_blood] RMBLR m_RM,  D_RM = A_RM S(RM<-RM) + A_RB S(RM<-RB) + sum_h A_h S(RM<-h),\n"
        "[A_blood] the time integral of the whole-blood concentration (fitted like a time-activity curve, physical\n"
        "decay after the last sample). S values come from your phantom (OLINDA/EXM prints mGy/MBq-s); the self S "
        "value\n"
        "is scaled to the patient's marrow mass (S ~ 1/m); S(RM<-RB) = S(RM<-TB) m_TB/m_RB - S(RM<-RM) m_RM/m_RB with\n"
        "the phantom's masses. '--s-rm-rm-mGy-per-MBq-s auto' uses the non-penetrating approximation S = (alpha +\n"
        "recoil + electron energy per decay) / m_RM with absorbed fraction 1 and no photons: an upper bound of its\n"
        "non-penetrating part that ignores electron escape from marrow cavities into bone (large for 90Y) and the\n"
        "photon self-dose; use a phantom value when you have one. With --summary, the mean dose of the marrow VOI\n"
        "(e.g. red_marrow_L1_L5) is reported beside it with the ratio image/blood. Bad input: exit code 2.\n"
        "See docs/radiobiology.md.",
    .options =
        {path("blood", "FILE.csv",
              "blood samples: columns time_h and Bq_per_mL | kBq_per_mL | MBq_per_mL (whole blood)"),
         flag("blood-decay-corrected", "the concentrations are decay-corrected to injection (default: as measured)"),
         typed("blood-model", "MODEL",
               "auto (default), mono, bi-washout, bi-uptake, tri or trapezoid for the blood curve",
               [](std::string_view text) { return timeactivity::parse_model_choice(std::string(text)); }),
         text("nuclide", "NAME", "nuclide (physical decay of the blood curve); default: the --summary's nuclide"),
         number("rmblr", "X", "red-marrow-to-blood activity concentration ratio (default 1: peptides, small molecules)",
                positive()),
         choice("sex", "male|female",
                "ICRP 89 reference adult: red marrow 1170 | 900 g, body 73 | 60 kg (default male)", {"male", "female"}),
         number("body-mass-kg", "KG", "patient body mass: red-marrow mass scaled from the reference by body mass",
                positive()),
         number("red-marrow-mass-g", "G", "patient red-marrow mass (instead of --body-mass-kg)", positive())
             .conflicts("body-mass-kg"),
         text("s-rm-rm-mGy-per-MBq-s", "S|auto",
              "S(RM<-RM) of the phantom, required; 'auto': non-penetrating approximation"),
         number("phantom-red-marrow-mass-g", "G",
                "red-marrow mass the S values refer to (default: the --sex reference)", positive()),
         number("s-rm-tb-mGy-per-MBq-s", "S", "S(RM<-total body): S(RM<-RB) by the remainder-of-body correction",
                positive()),
         number("phantom-total-body-mass-kg", "KG",
                "total-body mass of the phantom of S(RM<-TB) (default: the --sex reference)", positive())
             .needs("s-rm-tb-mGy-per-MBq-s"),
         number("s-rm-rb-mGy-per-MBq-s", "S", "S(RM<-remainder of body) directly (instead of --s-rm-tb-mGy-per-MBq-s)",
                positive())
             .conflicts("s-rm-tb-mGy-per-MBq-s"),
         number("remainder-tia-MBq-h", "X", "TIA of the remainder of body (default: the --summary's remainder VOI)",
                at_least(0.0)),
         text("remainder-voi", "NAME",
              "the summary's remainder VOI (default: remainder_of_body, remainder, rest_of_body)")
             .needs("summary")
             .conflicts("remainder-tia-MBq-h"),
         name_number("s-rm-organ-mGy-per-MBq-s", "VOI:S", "cross-dose S(RM<-VOI), TIA from the --summary (repeatable)",
                     "liver:1.2e-6")
             .repeatable()
             .needs("summary"),
         path("summary", "FILE", "summary.json of a run: image-based marrow dose, TIAs, nuclide"),
         text("marrow-voi", "NAME",
              "the summary's marrow VOI (default: the VOI matching the red_marrow tissue prefixes)")
             .needs("summary"),
         number("image-scale", "X", "factor from the marrow VOI's mean dose to red-marrow dose (default 1)",
                positive()),
         flag("json", "print JSON (every key with its unit)")},
    .usage = "--blood samples.csv --s-rm-rm-mGy-per-MBq-s S|auto [--nuclide NAME | --summary FILE] [options]",
};

}  // namespace

int run_marrow(const std::vector<std::string>& args) {
  const ParsedOptions parsed = kSpec.parse(args);
  const auto blood_path = parsed.path("blood");
  if (!blood_path)
    throw InvalidInput("give --blood samples.csv (columns time_h and Bq_per_mL, kBq_per_mL or MBq_per_mL)");
  const auto s_rm_rm_text = parsed.text("s-rm-rm-mGy-per-MBq-s");
  if (!s_rm_rm_text)
    throw InvalidInput(
        "give --s-rm-rm-mGy-per-MBq-s: the red-marrow self S value of your phantom for the nuclide (OLINDA/EXM, "
        "IDAC-Dose, MIRD tables), or 'auto' for the non-penetrating approximation (see --help)");
  if (parsed.has("remainder-tia-MBq-h") && !parsed.has("s-rm-tb-mGy-per-MBq-s") && !parsed.has("s-rm-rb-mGy-per-MBq-s"))
    throw InvalidInput(
        "--remainder-tia-MBq-h needs an S value: give --s-rm-tb-mGy-per-MBq-s (with the phantom's "
        "total-body mass) or --s-rm-rb-mGy-per-MBq-s");
  std::optional<results::RunSummary> summary;
  if (const auto path = parsed.path("summary")) summary = results::read_run_summary(*path);
  rb::RedMarrowRequest request;
  if (const auto name = parsed.text("nuclide")) request.nuclide = nuclides::DecayDatabase::instance().get(*name).name();
  if (request.nuclide.empty() && (!summary || summary->nuclide.empty()))
    throw InvalidInput("give --nuclide (e.g. Lu-177) or --summary of a run that names it");
  request.blood = rb::read_blood_samples_csv(*blood_path);
  request.blood_decay_corrected = parsed.flag("blood-decay-corrected");
  if (const auto model = parsed.get<std::optional<timeactivity::Model>>("blood-model")) request.blood_model = *model;
  request.sex = parsed.choice("sex").value_or(0) == 0 ? rb::ReferenceSex::Male : rb::ReferenceSex::Female;
  request.phantom_red_marrow_mass_g = parsed.number("phantom-red-marrow-mass-g");
  request.red_marrow_mass_g = parsed.number("red-marrow-mass-g");
  request.body_mass_kg = parsed.number("body-mass-kg");
  if (*s_rm_rm_text != "auto") {
    const double s = parse_number(*s_rm_rm_text, "s-rm-rm-mGy-per-MBq-s") * kGyPerBqS_per_mGyPerMBqS;
    if (!(s > 0.0))
      throw InvalidInput("--s-rm-rm-mGy-per-MBq-s " + *s_rm_rm_text +
                         " must be positive (e.g. your phantom's value from OLINDA/EXM), or 'auto'");
    request.s_rm_rm_phantom_Gy_per_Bq_s = s;
  }
  if (const auto s = parsed.number("s-rm-rb-mGy-per-MBq-s"))
    request.s_rm_rb_Gy_per_Bq_s = *s * kGyPerBqS_per_mGyPerMBqS;
  if (const auto s = parsed.number("s-rm-tb-mGy-per-MBq-s"))
    request.s_rm_tb_Gy_per_Bq_s = *s * kGyPerBqS_per_mGyPerMBqS;
  request.phantom_total_body_mass_kg = parsed.number("phantom-total-body-mass-kg");
  if (const auto tia = parsed.number("remainder-tia-MBq-h")) {
    request.remainder_tia_Bq_s = *tia * units::kBqSecondsPerMBqHour;
    request.remainder_tia_source = "--remainder-tia-MBq-h";
  }
  request.rmblr = parsed.number("rmblr").value_or(rb::kRmblrNonBinding);
  request.image_scale = parsed.number("image-scale").value_or(1.0);
  results::RedMarrowVoiSelection selection{parsed.text("marrow-voi"), parsed.text("remainder-voi"), {}};
  for (const auto& [name, s] : parsed.all<NameNumber>("s-rm-organ-mGy-per-MBq-s")) {
    if (!(s >= 0.0)) throw InvalidInput("--s-rm-organ-mGy-per-MBq-s '" + name + "': the S value must be ≥ 0");
    selection.organ_s_values_Gy_per_Bq_s.emplace_back(name, s * kGyPerBqS_per_mGyPerMBqS);
  }
  const auto report =
      summary ? results::red_marrow_report(*summary, request, selection) : rb::red_marrow_report(request);
  std::cout << (parsed.flag("json") ? results::red_marrow_to_json(report) + "\n"
                                    : results::red_marrow_to_text(report, summary.has_value()));
  return 0;
}

}  // namespace rptdose::cli
