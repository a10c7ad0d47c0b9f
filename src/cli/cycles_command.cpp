// rptdose cycles RUN1 RUN2 ...: dose and BED of one patient accumulated over the cycles of a treatment, from the
// results folder of each cycle's run (pipeline/cycles.hpp; docs/radiobiology.md, "Cycles").
#include <algorithm>
#include <iostream>
#include <limits>

#include "commands.hpp"
#include "options.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/pipeline/cycles.hpp"

namespace rptdose::cli {
namespace {

const CommandSpec kSpec{
    .name = "cycles",
    .description =
        "Accumulates the cycles of one patient's treatment, in the order given. Each RUN is the results\n"
        "folder of one cycle's 'rptdose run' or 'rptdose demo' (or its summary.json). Per VOI (matched by\n"
        "name) and cycle: nuclide, activity, mean dose and BED of the cycle (as the run reported it), and\n"
        "the cumulative dose, BED and EQD2. Repair between cycles is taken as complete, so the BEDs add:\n"
        "BED_total = sum of BED_k, EQD2 = BED_total / (1 + 2/(alpha/beta)); no repopulation. VOIs without\n"
        "tissue parameters get doses only. With --out, also the voxel sums of the runs' dose_Gy (and\n"
        "bed_Gy) maps and the cumulative DVH: every run's maps must be on one grid (register them first).\n"
        "One RUN gives that cycle's own figures. Bad input: exit code 2. See docs/radiobiology.md.",
    .options =
        {text("label", "TEXT", "name of a cycle, once per RUN in the same order (default: cycle 1, cycle 2, ...)")
             .repeatable(),
         path("out", "DIR",
              "write cumulative.csv, cumulative.json, cumulative_dose_Gy, cumulative_bed_Gy, cumulative_dvh.csv"),
         flag("no-maps", "with --out: the tables only (no maps, no DVH; runs need not share a grid)").needs("out"),
         flag("force", "replace a non-empty output folder").needs("out"), flag("json", "print the result as JSON")},
    .positional = {"RUN1 [RUN2 ...]", 1, std::numeric_limits<std::size_t>::max()},
};

std::string cell(const std::optional<double>& value) {
  return value ? format_number("%.4g", *value) : std::string("-");
}

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) text.resize(width, ' ');
  return text + " ";
}

void print_table(const pipeline::CyclesResult& result) {
  std::cout << "dose and BED over " << result.runs.size() << " cycle" << (result.runs.size() > 1 ? "s" : "")
            << " (full repair between cycles: the BEDs add; no repopulation)\n";
  for (std::size_t k = 0; k < result.runs.size(); ++k) {
    const auto& run = result.runs[k];
    std::cout << "  " << result.labels[k] << ": " << run.summary.nuclide << ", "
              << format_number("%.4g", run.summary.administered_activity_Bq / units::kBqPerMBq) << " MBq ("
              << run.folder.string() << ")\n";
  }
  std::size_t name_width = 12, label_width = 8;
  for (const auto& row : result.rows) {
    name_width = std::max(name_width, row.voi.size());
    label_width = std::max(label_width, row.cycle.size());
  }
  std::cout << "\n  " << pad("VOI", name_width) << pad("a/b Gy", 6) << pad("cycle", label_width) << pad("nuclide", 8)
            << pad("dose Gy", 8) << pad("BED Gy", 8) << pad("cum dose", 9) << pad("cum BED", 9) << "cum EQD2\n";
  for (std::size_t i = 0; i < result.rows.size(); ++i) {
    const auto& row = result.rows[i];
    const bool first = i == 0 || result.rows[i - 1].voi != row.voi;
    const auto& run = result.runs[row.cycle_index];
    std::cout << "  " << pad(first ? row.voi : "", name_width) << pad(first ? cell(row.alpha_beta_Gy) : "", 6)
              << pad(row.cycle, label_width) << pad(run.summary.nuclide, 8)
              << pad(format_number("%.4g", row.dose_Gy), 8) << pad(cell(row.bed_Gy), 8)
              << pad(format_number("%.4g", row.cumulative_dose_Gy), 9) << pad(cell(row.cumulative_bed_Gy), 9)
              << cell(row.cumulative_eqd2_Gy) << "\n";
  }
  if (!result.output_folder.empty()) {
    std::cout << "\nwritten to " << result.output_folder.string() << ":";
    for (const auto& file : result.files) std::cout << " " << file;
    std::cout << "\n";
  }
  for (const auto& w : result.warnings) std::cout << "warning: " << w << "\n";
}

}  // namespace

int run_cycles(const std::vector<std::string>& args) {
  const ParsedOptions parsed = kSpec.parse(args);
  std::vector<std::filesystem::path> runs(parsed.positional().begin(), parsed.positional().end());
  pipeline::CyclesOptions options;
  options.labels = parsed.all<std::string>("label");
  if (const auto out = parsed.path("out")) options.output_folder = *out;
  options.force = parsed.flag("force");
  options.maps = !parsed.flag("no-maps");
  const auto result = pipeline::accumulate_cycles(runs, options);
  if (parsed.flag("json")) {
    std::cout << pipeline::cycles_to_json(result) << "\n";
    for (const auto& w : result.warnings) std::cerr << "warning: " << w << "\n";
  } else {
    print_table(result);
  }
  return 0;
}

}  // namespace rptdose::cli
