// rptdose run STUDY --out DIR, rptdose validate STUDY, rptdose demo --out DIR: the study pipeline.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "arguments.hpp"
#include "commands.hpp"
#include "plot_script.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/pipeline/demo_phantom.hpp"
#include "rptdose/pipeline/run.hpp"

namespace rptdose::cli {

namespace {

const std::vector<OptionSpec> kRunOptions = {
    {"out", "DIR", "output folder (created; must be empty unless --force)"},
    {"threads", "N", "worker threads (default: all cores, or $RPTDOSE_NUM_THREADS)"},
    {"force", "", "replace a non-empty output folder"},
    {"quiet", "", "no progress bar"},
    {"help", "", "show this help"},
};

const std::vector<OptionSpec> kDemoOptions = {
    {"out", "DIR", "output folder: the example study goes to DIR/study, the results to DIR/results"},
    {"nuclide", "NAME", "Lu-177 (default), Pb-212 or Ac-225 (any nuclide rptdose knows)"},
    {"threads", "N", "worker threads"},
    {"force", "", "replace a non-empty output folder"},
    {"quiet", "", "no progress bar"},
    {"help", "", "show this help"},
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

pipeline::RunOptions run_options(const Arguments& parsed, const std::filesystem::path& out) {
  pipeline::RunOptions options;
  options.output_folder = out;
  options.force = parsed.flag("force");
  options.threads = parse_threads(parsed);
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
  const Arguments parsed(args, kRunOptions, 1);
  if (parsed.flag("help") || parsed.positional().empty()) {
    std::cout << "usage: rptdose run STUDY --out DIR [--threads N] [--force] [--quiet]\n\n"
                 "Runs a study file (docs/study-file.md): images -> time-integrated activity -> dose -> per-VOI\n"
                 "figures, written to DIR completely or not at all (dose maps, summary.json, vois.csv, dvh.csv,\n"
                 "tac.csv, plots/, report.md). Exit codes: 0 done, 2 bad input, 1 internal error.\n\noptions:\n"
              << format_options(kRunOptions);
    return parsed.flag("help") ? 0 : 2;
  }
  const auto out = parsed.value("out");
  if (!out) throw InvalidInput("rptdose run needs --out DIR (the folder for the results)");
  const auto study = pipeline::read_study(parsed.positional()[0]);
  print_result(pipeline::run_study(study, run_options(parsed, *out)));
  return 0;
}

int run_validate(const std::vector<std::string>& args) {
  const Arguments parsed(args, {{"help", "", "show this help"}}, 1);
  if (parsed.flag("help") || parsed.positional().empty()) {
    std::cout << "usage: rptdose validate STUDY\n\nReads the study file and every image it names, and checks that "
                 "they fit together, without computing.\nExit codes: 0 valid, 2 not (the message says why).\n";
    return parsed.flag("help") ? 0 : 2;
  }
  const auto study = pipeline::read_study(parsed.positional()[0]);
  for (const auto& w : pipeline::validate_study(study)) std::cout << "warning: " << w << "\n";
  std::cout << parsed.positional()[0] << ": valid (" << study.nuclide << ", " << study.time_points.size()
            << " time points)\n";
  return 0;
}

int run_demo(const std::vector<std::string>& args) {
  const Arguments parsed(args, kDemoOptions, 0);
  if (parsed.flag("help")) {
    std::cout << "usage: rptdose demo --out DIR [--nuclide Lu-177|Pb-212|Ac-225] [--threads N] [--force]\n\n"
                 "Writes the bundled synthetic example study (docs/example-study.md) to DIR/study and runs it into\n"
                 "DIR/results. The phantom's true TIA per organ is in DIR/study/truth.json.\n\noptions:\n"
              << format_options(kDemoOptions);
    return 0;
  }
  const auto out = parsed.value("out");
  if (!out) throw InvalidInput("rptdose demo needs --out DIR");
  const std::filesystem::path folder(*out);
  std::error_code ec;
  if (std::filesystem::is_directory(folder, ec) && !std::filesystem::is_empty(folder, ec)) {
    if (!parsed.flag("force"))
      throw InvalidInput("the output folder " + folder.string() + " is not empty: choose another, or pass --force");
    std::filesystem::remove_all(folder / "study", ec);
  }
  pipeline::DemoOptions demo;
  if (const auto nuclide = parsed.value("nuclide")) demo.nuclide = *nuclide;
  const auto begin = std::chrono::steady_clock::now();
  const auto study_file = pipeline::write_demo_study(folder / "study", demo);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  std::cout << "example study written to " << study_file.string() << " (" << seconds << " s)\n";
  auto options = run_options(parsed, folder / "results");
  print_result(pipeline::run_study(pipeline::read_study(study_file), options));
  return 0;
}

}  // namespace rptdose::cli
