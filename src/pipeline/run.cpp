// run_study as its stages (stage_*.hpp): each takes the typed values of the ones before it. This file only
// orders them, times them ("inputs", "kernel", "time-activity fits", "dose", "VOI analysis", "outputs", "plots")
// and reports progress.
#include "rptdose/pipeline/run.hpp"

#include <chrono>
#include <utility>

#include "memory_estimate.hpp"
#include "output_folder.hpp"
#include "rptdose/io/library_messages.hpp"
#include "stage_comparison.hpp"
#include "stage_dose.hpp"
#include "stage_inputs.hpp"
#include "stage_kinetics.hpp"
#include "stage_voi_analysis.hpp"
#include "stage_writers.hpp"
#include "summary.hpp"

namespace rptdose::pipeline {

namespace {

using Clock = std::chrono::steady_clock;

/// Records the time of each stage and reports progress.
class StageClock {
 public:
  explicit StageClock(const ProgressCallback& progress) : progress_(progress), run_begin_(Clock::now()) {}
  /// Ends the current stage (if any) and starts `name` at `fraction` of the whole run.
  void start(const std::string& name, double fraction) {
    finish();
    name_ = name;
    begin_ = Clock::now();
    report_progress(progress_, fraction, name);
  }
  /// Progress of the current stage, mapped into [from, to] of the whole run.
  ProgressCallback within(double from, double to) const {
    if (!progress_) return {};
    return [=, this](double f, std::string_view stage) { return progress_(from + (to - from) * f, stage); };
  }
  /// Ends the last stage: seconds per stage in run order, then "total".
  std::vector<std::pair<std::string, double>> finish_run() {
    finish();
    auto times = std::move(times_);
    times.emplace_back("total", seconds_since(run_begin_));
    return times;
  }

 private:
  static double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
  void finish() {
    if (name_.empty()) return;
    times_.emplace_back(name_, seconds_since(begin_));
    name_.clear();
  }

  const ProgressCallback& progress_;
  Clock::time_point run_begin_, begin_;
  std::string name_;
  std::vector<std::pair<std::string, double>> times_;
};

void append(std::vector<std::string>& to, const std::vector<std::string>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

}  // namespace

std::vector<std::string> validate_study(const Study& study) {
  detail::require_enough_time_points(study);
  detail::require_enough_memory(study);
  io::LibraryMessageCapture library_messages;
  const auto inputs = detail::read_run_inputs(study, 0, {});
  detail::activity_series(inputs);  // the checks the fits make (times, NaN voxels), without fitting
  if (study.methods.single_time_point) detail::single_time_point_plan(study, inputs);  // every VOI has a half-life
  auto warnings = inputs.images.warnings;
  append(warnings, library_messages.take());
  return warnings;
}

RunResult run_study(const Study& study, const RunOptions& options) {
  StageClock clock(options.progress);
  const unsigned threads = options.threads;
  detail::require_enough_time_points(study);
  detail::require_enough_memory(study);  // from the headers, before any voxel is read
  detail::OutputFolder out(options.output_folder, options.force, detail::input_paths(study));

  clock.start("inputs", 0.0);
  io::LibraryMessageCapture library_messages;  // ITK/GDCM messages while reading and registering: the warnings
  const auto inputs = detail::read_run_inputs(study, threads, clock.within(0.0, 0.15));
  std::vector<std::string> warnings = out.warnings();  // what killed runs left beside the folder
  append(warnings, inputs.images.warnings);
  append(warnings, library_messages.take());

  clock.start("kernel", 0.15);
  std::optional<dose::DoseCalculator> calculator;  // none: dose "monte-carlo" (no kernel)
  if (detail::uses_kernel(study)) calculator = detail::make_dose_calculator(study, inputs, threads);

  clock.start("time-activity fits", 0.2);
  const auto series = detail::activity_series(inputs);
  auto kinetics = detail::fit_voxel_kinetics(study, inputs, series, threads, clock.within(0.2, 0.55));

  clock.start("dose", 0.55);
  const auto dose = detail::compute_dose(study, calculator ? &*calculator : nullptr, inputs, kinetics, threads,
                                         clock.within(0.55, 0.75));
  append(warnings, dose.warnings);

  clock.start("VOI analysis", 0.75);
  const auto vois = detail::analyse_vois(study, inputs, series, dose,
                                         kinetics.single_time_point ? &*kinetics.single_time_point : nullptr);
  append(warnings, vois.warnings);

  const detail::RunProducts products{study, inputs, calculator ? &calculator->kernel() : nullptr, kinetics, dose,
                                     vois};
  std::optional<results::Comparison> comparison;
  if (study.methods.compare) {
    clock.start("comparison", 0.8);
    comparison =
        detail::compare_candidates(study, inputs, series, detail::make_run_summary(products, {}, {}, {}), threads);
    append(warnings, comparison->warnings);
  }

  clock.start("outputs", 0.85);
  detail::write_maps(products, out);
  detail::write_tables(products, out);
  if (comparison) detail::write_comparison(*comparison, out);
  std::vector<std::string> plots;
  if (study.output.plots) {
    clock.start("plots", 0.95);
    auto figures = detail::write_figures(products, out, options.figures);
    if (figures.error) warnings.push_back("plots not made: " + *figures.error);
    plots = std::move(figures.files);
  }
  RunResult result{out.final_path(""),
                   detail::make_run_summary(products, std::move(plots), std::move(warnings), clock.finish_run())};
  detail::write_summary_and_report(result.summary, study, out, comparison ? &*comparison : nullptr);
  out.commit();
  report_progress(options.progress, 1.0, "done");
  return result;
}

}  // namespace rptdose::pipeline
