// rptdose compare: beta or alpha for this patient (issue 23) — each candidate nuclide's predicted doses, organ-limited
// activity and tumour BED from one measured run's summary.json. The physics is in the library
// (results/therapy_comparison.hpp); here: options, the table, the CSV and the plot. docs/compare.md.
#include <algorithm>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "options.hpp"
#include "planning_options.hpp"
#include "rptdose/core/atomic_file.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/results/run_summary.hpp"
#include "rptdose/results/therapy_comparison.hpp"
#ifdef RPTDOSE_HAVE_PIPELINE
#include "plot_script.hpp"
#endif

namespace rptdose::cli {
namespace {

const CommandSpec kSpec{
    .name = "compare",
    .description =
        "Predicts, from the kinetics of one measured run, each candidate nuclide carried by the same molecule:\n"
        "residence times (its own physical decay, the same biological rates), dose and RBE-weighted dose per GBq\n"
        "by component (alpha/electron/photon, whole chain in situ), the activity per cycle that keeps every\n"
        "organ under its limits (BED with each tissue's alpha/beta and repair, alpha dose linear with RBE), the\n"
        "limiting organ, and the tumour doses and BEDs at that activity: the therapeutic index (lowest tumour\n"
        "BED). Ranges (--rbe-alpha 3:7, --daughters Bi-213:0:0.3:kidney_left) give intervals of the activity,\n"
        "the index and the rank. VOI level: each VOI's measured dose per component corrected for the candidate's\n"
        "self-dose (sphere model) and cross-fire. Bad input: exit code 2. See docs/compare.md.",
    .options = join(
        {{path("summary", "FILE", "summary.json of the measured run (per-VOI kinetics, dose components, masses)")
              .required(),
          text("nuclides", "LIST", "candidate nuclides, comma-separated, e.g. Lu-177,Tb-161,Pb-212,Ac-225").required(),
          limit_option(), cycles_option("N cycles of equal activity, full repair between them (default 1)"),
          typed("rbe-alpha", "X|LO:HI",
                "RBE of alpha dose for every VOI (default: the run's), or a range (nominal "
                "its midpoint) for the sensitivity intervals",
                [](std::string_view text) { return results::parse_value_or_range(text, "--rbe-alpha"); }),
          typed("daughters", "D:F:VOI|D:LO:HI:VOI",
                "fraction F (or a range) of daughter D's decays away from the site, in VOI or 'lost', e.g. "
                "Bi-213:0.1:kidney_left_cortex (repeatable; applies to the candidates whose chain holds D)",
                [](std::string_view text) { return results::parse_daughter_release(text, "--daughters"); })
              .repeatable(),
          flag("daughter-photons-local", "count the photons of leaving daughters as locally absorbed too")},
         tissue_options(),
         {flag("json", "print the comparison as JSON"), path("csv", "FILE", "also write one row per candidate and VOI"),
          path("plot", "FILE", "also draw tumour BED against kidney BED and marrow dose (PNG, matplotlib)")}}),
};

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    const auto comma = std::min(text.find(',', begin), text.size());
    std::string item = text.substr(begin, comma - begin);
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (item.empty())
      throw InvalidInput("--nuclides '" + text +
                         "' has an empty entry: give names separated by commas, e.g. "
                         "Lu-177,Ac-225");
    out.push_back(item);
    begin = comma + 1;
  }
  return out;
}

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) text.resize(width, ' ');
  return text;
}

std::string cell(const std::optional<double>& value, const char* pattern) {
  return value ? format_number(pattern, *value) : std::string("-");
}

std::string interval(const results::Interval& i, const char* pattern, double scale = 1.0) {
  return format_number(pattern, i.low * scale) + "-" + format_number(pattern, i.high * scale);
}

void print_table(const results::Comparison& c) {
  std::cout << "measured: " << c.measured_nuclide << ", " << format_number("%.4g", c.administered_activity_Bq / 1e9)
            << " GBq, scans " << format_number("%g", c.first_scan_h) << "-" << format_number("%g", c.last_scan_h)
            << " h; " << c.cycles << " cycle(s) per candidate\n\n";
  const bool ranges =
      c.rbe_alpha_range.has_value() || std::any_of(c.daughters.begin(), c.daughters.end(),
                                                   [](const auto& d) { return d.leaving_fraction.range.has_value(); });
  std::cout << "  " << pad("nuclide", 9) << pad("GBq/cycle", 11) << pad("limited by", 34) << pad("tumour BED", 12)
            << pad("rank", 6) << (ranges ? "intervals (GBq; tumour BED Gy; rank)" : "") << "\n";
  for (const auto& k : c.candidates) {
    const std::string limit = k.limiting_voi + " (" +
                              std::string(radiobiology::limit_kind_name(k.limiting_limit.kind)) + " " +
                              format_number("%g", k.limiting_limit.value_Gy) + ")";
    std::cout << "  " << pad(k.dosimetry.nuclide, 9) << pad(format_number("%.4g", k.activity_Bq / 1e9), 11)
              << pad(limit, 34) << pad(cell(k.therapeutic_index_Gy, "%.4g"), 12)
              << pad(k.rank ? std::to_string(k.rank) : "-", 6);
    if (ranges) {
      const auto& s = k.sensitivity;
      std::cout << interval(s.activity_Bq, "%.3g", 1e-9) << "; "
                << (s.therapeutic_index_Gy ? interval(*s.therapeutic_index_Gy, "%.3g") : std::string("-")) << "; "
                << s.best_rank << "-" << s.worst_rank;
    }
    std::cout << "\n";
  }
  std::size_t width = 16;
  for (const auto& v : c.candidates.front().vois) width = std::max(width, v.dosimetry.name.size() + 2);
  for (const auto& k : c.candidates) {
    std::cout << "\n"
              << k.dosimetry.nuclide << " at " << format_number("%.4g", k.activity_Bq / 1e9) << " GBq x " << k.cycles
              << ":\n  " << pad("VOI", width) << pad("tau h", 9) << pad("Gy/GBq", 9) << pad("a/e/p %", 12)
              << pad("RBE Gy/GBq", 12) << pad("dose Gy", 10) << pad("RBE Gy", 10) << "BED Gy\n";
    for (const auto& r : k.vois) {
      const auto& d = r.dosimetry;
      const double total =
          d.components_Gy_per_Bq.alpha + d.components_Gy_per_Bq.electron + d.components_Gy_per_Bq.photon;
      const auto share = [&](double x) {
        return total > 0 ? format_number("%.0f", 100 * x / total) : std::string("-");
      };
      std::cout << "  " << pad(d.name, width) << pad(format_number("%.4g", d.residence_time_h), 9)
                << pad(format_number("%.4g", d.dose_per_activity_Gy_per_Bq * 1e9), 9)
                << pad(share(d.components_Gy_per_Bq.alpha) + "/" + share(d.components_Gy_per_Bq.electron) + "/" +
                           share(d.components_Gy_per_Bq.photon),
                       12)
                << pad(format_number("%.4g", r.rbe_weighted_dose_per_activity_Gy_per_Bq * 1e9), 12)
                << pad(format_number("%.4g", r.dose_Gy), 10) << pad(format_number("%.4g", r.rbe_weighted_dose_Gy), 10)
                << cell(r.bed_Gy, "%.4g") << "\n";
    }
  }
  std::cout << "\nassumptions:\n";
  for (const auto& a : c.assumptions) std::cout << "  - " << a << "\n";
  for (const auto& w : c.warnings) std::cout << "warning: " << w << "\n";
}

}  // namespace

int run_compare(const std::vector<std::string>& args) {
  const ParsedOptions parsed = kSpec.parse(args);
#ifndef RPTDOSE_HAVE_PIPELINE
  if (parsed.has("plot"))
    throw InvalidInput(
        "--plot needs the rptdose built with the pipeline (ITK); leave it out or use --json and plot "
        "with rptdose.plots.plot_comparison in Python");
#endif
  results::ComparisonRequest request;
  request.nuclides = split_list(parsed.value<std::string>("nuclides"));
  request.limits = limits(parsed);
  request.cycles = static_cast<int>(parsed.whole("cycles").value_or(1));
  request.rbe_alpha = parsed.get<results::ValueOrRange>("rbe-alpha");
  request.daughters = parsed.all<results::DaughterRelease>("daughters");
  request.daughter_photons_local = parsed.flag("daughter-photons-local");
  request.overrides = tissue_overrides(parsed);
  const auto summary = results::read_run_summary(parsed.value<std::filesystem::path>("summary"));
  const auto comparison = results::compare_therapies(summary, request, tissue_table(parsed));

  if (const auto csv = parsed.path("csv"))
    write_file_atomically(*csv, [&](std::ostream& out) { out << results::comparison_to_csv(comparison); });
#ifdef RPTDOSE_HAVE_PIPELINE
  if (const auto png = parsed.path("plot"))
    if (const auto error = plot_comparison(results::comparison_to_json(comparison, -1), *png))
      std::cerr << "warning: no plot: " << *error << "\n";
#endif
  if (parsed.flag("json"))
    std::cout << results::comparison_to_json(comparison) << "\n";
  else
    print_table(comparison);
  return 0;
}

}  // namespace rptdose::cli
