// rptdose run STUDY --out DIR, rptdose validate STUDY, rptdose demo --out DIR: the study pipeline.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "options.hpp"
#include "plot_script.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/io/library_messages.hpp"
#include "rptdose/pipeline/demo_phantom.hpp"
#include "rptdose/pipeline/run.hpp"

namespace rptdose::cli {

namespace {

Option out_option(std::string help) { return path("out", "DIR", std::move(help)).required(); }

const CommandSpec kRun{
    .name = "run",
    .description = "Runs a study file (docs/study-file.md): images -> time-integrated activity -> dose -> per-VOI\n"
                   "figures, written to DIR completely or not at all (dose maps, summary.json, vois.csv, dvh.csv,\n"
                   "tac.csv, plots/, report.md). Exit codes: 0 done, 2 bad input, 1 internal error.",
    .options = {out_option("output folder (created; must be empty unless --force)"), threads_option(),
                flag("force", "replace a non-empty output folder"), flag("quiet", "no progress bar")},
    .positional = {"STUDY", 1, 1},
};

const CommandSpec kValidate{
    .name = "validate",
    .description = "Reads the study file and every image it names, and checks that they fit together, without\n"
                   "computing. Exit codes: 0 valid, 2 not (the message says why).",
    .options = {},
    .positional = {"STUDY", 1, 1},
};

const CommandSpec kDemo{
    .name = "demo",
    .description = "Writes the bundled synthetic example study (docs/example-study.md) to DIR/study and runs it into\n"
                   "DIR/results. The phantom's true TIA per organ is in DIR/study/truth.json.",
    .options = {out_option("output folder: the example study goes to DIR/study, the results to DIR/results"),
                text("nuclide", "NAME", "Lu-177 (default), Pb-212 or Ac-225 (any nuclide rptdose knows)"),
                number("activity-MBq", "A",
                       "administered activity (default: the nuclide's usual one, e.g. 7400 for Lu-177, 7.4 for "
                       "Ac-225); the counting noise scales with it",
                       positive()),
                flag("heterogeneous", "uptake not uniform within the liver, kidney cortex and tumour 1 (the second\n"
                                      "phantom of docs/quantification.md)"),
                threads_option(), flag("force", "replace a non-empty output folder"),
                flag("quiet", "no progress bar")},
};

/// A progress bar on stderr, redrawn in place; silent when stderr is not a terminal or with --quiet.
ProgressCallback progress_bar(bool quiet) {
  if (quiet || !isatty(STDERR_FILENO)) return {};
  return [last = std::string(), last_percent = -1](double fraction, std::string_view stage) mutable {
    const int percent = static_cast<int>(100.0 * std::clamp(fraction, 0.0, 1.0));
    if (percent == last_percent && stage == last) return true;
    last_percent = percent;
    last = std::string(stage);
    constexpr int kWidth = 30;
    const int filled = percent * kWidth / 100;
    std::fprintf(stderr, "\r[%s%s] %3d%% %-28.28s", std::string(filled, '#').c_str(),
                 std::string(kWidth - filled, '.').c_str(), percent, last.c_str());
    if (percent >= 100) std::fprintf(stderr, "\n");
    std::fflush(stderr);
    return true;
  };
}

pipeline::RunOptions run_options(const ParsedOptions& parsed, const std::filesystem::path& out) {
  pipeline::RunOptions options;
  options.output_folder = out;
  options.force = parsed.flag("force");
  options.threads = parsed.whole("threads").value_or(0);
  options.progress = progress_bar(parsed.flag("quiet"));
  options.figures = plot_script_figures();
  return options;
}

void print_result(const pipeline::RunResult& result) {
  const auto& summary = result.summary;
  double total_s = 0.0;
  for (const auto& [stage, seconds] : summary.timing_s)
    if (stage == "total") total_s = seconds;
  std::cout << "results in " << result.output_folder.string() << " (" << total_s << " s)\n";
  for (const auto& v : summary.vois) {
    char line[160];
    std::snprintf(line, sizeof line, "  %-24s %8.1f mL  mean %7.3f Gy  TIA %10.4g MBq·h\n", v.name.c_str(),
                  v.volume_mL, v.mean_dose_Gy, v.tia_Bq_s.value() / units::kBqSecondsPerMBqHour);
    std::cout << line;
  }
  for (const auto& w : summary.warnings) std::cout << "warning: " << w << "\n";
}

}  // namespace

int run_run(const std::vector<std::string>& args) {
  const ParsedOptions parsed = kRun.parse(args);
  const io::LibraryMessageCapture library_messages;  // from reading the study's DICOM headers on: the warnings
  const auto study = pipeline::read_study(parsed.positional()[0]);
  print_result(pipeline::run_study(study, run_options(parsed, parsed.value<std::filesystem::path>("out"))));
  return 0;
}

int run_validate(const std::vector<std::string>& args) {
  const ParsedOptions parsed = kValidate.parse(args);
  const io::LibraryMessageCapture library_messages;
  const auto study = pipeline::read_study(parsed.positional()[0]);
  for (const auto& w : pipeline::validate_study(study)) std::cout << "warning: " << w << "\n";
  std::cout << parsed.positional()[0] << ": valid (" << study.nuclide << ", " << study.time_points.size()
            << " time points)\n";
  return 0;
}

int run_demo(const std::vector<std::string>& args) {
  const ParsedOptions parsed = kDemo.parse(args);
  const auto folder = parsed.value<std::filesystem::path>("out");
  std::error_code ec;
  if (std::filesystem::is_directory(folder, ec) && !std::filesystem::is_empty(folder, ec)) {
    if (!parsed.flag("force"))
      throw InvalidInput("the output folder " + folder.string() + " is not empty: choose another, or pass --force");
    std::filesystem::remove_all(folder / "study", ec);
  }
  pipeline::DemoOptions demo;
  if (const auto nuclide = parsed.text("nuclide")) demo.nuclide = *nuclide;
  demo.heterogeneous_uptake = parsed.flag("heterogeneous");
  if (const auto activity = parsed.number("activity-MBq")) demo.administered_activity_Bq = *activity * units::kBqPerMBq;
  const auto begin = std::chrono::steady_clock::now();
  const auto study_file = pipeline::write_demo_study(folder / "study", demo);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  std::cout << "example study written to " << study_file.string() << " (" << seconds << " s)\n";
  print_result(pipeline::run_study(pipeline::read_study(study_file), run_options(parsed, folder / "results")));
  return 0;
}

}  // namespace rptdose::cli
