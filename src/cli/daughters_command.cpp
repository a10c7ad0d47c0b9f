// rptdose daughters: the change of each VOI's mean dose when a fraction of an alpha daughter (213Bi of 225Ac, 212Bi
// of 212Pb) leaves the VOIs where its parent decayed, from a run's summary.json (issue 8). The physics is in the
// library (radiobiology/daughter_redistribution.hpp, redistribute_daughter_over_vois); here: options and the report.
// docs/radiobiology.md, "Alpha daughters that leave the site".
#include <algorithm>
#include <cmath>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "options.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/nuclides/decay_database.hpp"
#include "rptdose/radiobiology/daughter_redistribution.hpp"
#include "rptdose/results/daughters.hpp"
#include "rptdose/results/run_summary.hpp"

namespace rptdose::cli {
namespace {

namespace rb = radiobiology;

constexpr char kLost[] = "lost";

const CommandSpec kSpec{
    .name = "daughters",
    .description =
        "Change of each VOI's mean absorbed dose when a fraction F of an alpha daughter leaves the VOIs where its\n"
        "parent decayed (recoil release of 213Bi in 225Ac therapy, 212Bi of 212Pb). Per parent decay the chain moves\n"
        "dE = F N_d E_d (N_d daughter decays per parent decay, E_d the local energy of the daughter and its\n"
        "descendants); a source VOI loses A dE / m, the --to VOI gains the sum over all sources divided by its mass,\n"
        "'lost' puts the energy nowhere scored. The change is computed with LOCAL energy deposition (alphas, recoils\n"
        "and electrons absorbed where emitted) while the run's mean dose ('before') includes cross-fire from the\n"
        "dose kernel: the result is the local-deposition estimate of the change, not a new transport calculation.\n"
        "Assumes the daughter leaves at once and all its moved decays happen in the destination. Bad input: exit\n"
        "code 2. See docs/radiobiology.md.",
    .options = {path("summary", "FILE", "summary.json of a run (per VOI: mass_g, tia_Bq_s, mean_dose_Gy; the nuclide)")
                    .required(),
                text("daughter", "NAME", "the daughter that leaves, e.g. Bi-213 (225Ac) or Bi-212 (212Pb)").required(),
                number("leaving-fraction", "F",
                       "fraction 0..1 of the daughter's decays (and its descendants') away from the site")
                    .required(),
                text("to", "VOI|lost", "where those decays happen: a VOI of the summary (e.g. kidney_left), or 'lost'")
                    .required(),
                text("from", "VOI", "a source VOI (repeatable; default: every VOI with a TIA except the --to VOI)")
                    .repeatable(),
                text("parent", "NAME", "parent nuclide (default: the summary's nuclide)"),
                flag("include-photons",
                     "count photon energy as locally absorbed too (default: alpha, recoil, electrons)"),
                flag("json", "print JSON (every key with its unit)")},
};

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) text.resize(width, ' ');
  return text;
}

std::string role(const rb::VoiDoseChangeRow& row) {
  return row.destination ? "destination" : row.source ? "source" : "-";
}

}  // namespace

int run_daughters(const std::vector<std::string>& args) {
  const ParsedOptions parsed = kSpec.parse(args);
  const double fraction = parsed.value<double>("leaving-fraction");
  const auto& database = nuclides::DecayDatabase::instance();
  const std::string daughter = database.get(parsed.value<std::string>("daughter")).name();
  if (!(fraction >= 0.0 && fraction <= 1.0))
    throw InvalidInput("--leaving-fraction " + format_number("%g", fraction) +
                       " is outside [0, 1]: give the share of " + daughter +
                       "'s decays that happen away from the site, e.g. 0.1");

  const auto summary = results::read_run_summary(parsed.value<std::filesystem::path>("summary"));
  rb::VoiRedistributionRequest request;
  if (const auto name = parsed.text("parent")) request.parent = *name;
  request.daughter = daughter;
  request.leaving_fraction = fraction;
  for (const auto& name : parsed.all<std::string>("from"))
    request.sources.push_back(results::require_voi(summary, name, "--from").name);
  if (const auto to = parsed.value<std::string>("to"); to != kLost)
    request.destination = results::require_voi(summary, to, "--to").name;
  request.include_photons = parsed.flag("include-photons");
  const auto result = results::redistribute_daughter_over_vois(summary, request, database);

  if (parsed.flag("json")) {
    std::cout << results::redistribution_to_json(result, summary, request.include_photons) << "\n";
    return 0;
  }

  std::cout << format_number("%g", 100.0 * fraction) << " % of " << result.daughter << " (" << result.parent
            << " chain) leaves its site and decays "
            << (result.destination ? "in " + *result.destination : std::string("nowhere scored (lost)")) << "\n"
            << "  per parent decay: " << format_number("%.5g", result.daughter_decays_per_parent_decay) << " "
            << result.daughter << " decays of " << format_number("%.5g", result.energy_per_daughter_decay_MeV)
            << " MeV local energy each (with descendants" << (request.include_photons ? ", photons included" : "")
            << "), " << format_number("%.5g", result.energy_moved_per_parent_decay_MeV) << " MeV moved\n\n";
  std::size_t width = 18;
  for (const auto& row : result.vois) width = std::max(width, row.name.size() + 2);
  std::cout << "  " << pad("VOI", width) << pad("role", 13) << pad("before Gy", 12) << pad("change Gy", 13)
            << pad("after Gy", 12) << "change %\n";
  for (const auto& row : result.vois) {
    std::cout << "  " << pad(row.name, width) << pad(role(row), 13)
              << pad(format_number("%.4g", row.dose_before_Gy), 12)
              << pad(row.dose_change_Gy == 0.0 ? std::string("0") : format_number("%+.4g", row.dose_change_Gy), 13)
              << pad(format_number("%.4g", row.dose_after_Gy), 12)
              << (!row.percent_change          ? std::string("-")
                  : *row.percent_change == 0.0 ? std::string("0")
                                               : format_number("%+.3g", *row.percent_change))
              << "\n";
  }
  std::cout << "\nenergy moved " << format_number("%.4g", result.energy_moved_J) << " J"
            << (result.destination ? " (all received by " + *result.destination + ")"
                                   : ", lost " + format_number("%.4g", result.energy_lost_J) + " J")
            << "; local-deposition change on the run's kernel doses (cross-fire of the moved decays not included)\n";
  for (const auto& name : result.negative_after)
    std::cout << "warning: " << name
              << " would fall below 0 Gy: the local-deposition change exceeds the run's mean dose there\n";
  return 0;
}

}  // namespace rptdose::cli
