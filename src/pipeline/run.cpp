#include "rptdose/pipeline/run.hpp"

#include <chrono>
#include <cmath>

#include <nlohmann/json.hpp>

#include "output_folder.hpp"
#include "plots.hpp"
#include "report.hpp"
#include "result_tables.hpp"
#include "rptdose/convolution/convolver.hpp"
#include "rptdose/core/atomic_file.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/dose/dose_calculator.hpp"
#include "rptdose/dose/dose_method.hpp"
#include "rptdose/io/image_io.hpp"
#include "rptdose/nuclides/chain.hpp"
#include "rptdose/timeactivity/image_series.hpp"
#include "rptdose/timeactivity/voxel_fit.hpp"
#include "rptdose/version.hpp"
#include "study_inputs.hpp"
#include "summary.hpp"
#include "voi_radiobiology.hpp"

namespace rptdose::pipeline {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kDvhBins = 200;

/// Records the time of each stage and reports progress.
class Stages {
 public:
  Stages(RunResult& result, const ProgressCallback& progress) : result_(result), progress_(progress) {}
  /// Ends the current stage (if any) and starts `name` at `fraction` of the whole run.
  void start(const std::string& name, double fraction) {
    finish();
    name_ = name;
    begin_ = Clock::now();
    report_progress(progress_, fraction, name);
  }
  void finish() {
    if (name_.empty()) return;
    result_.stages.push_back({name_, std::chrono::duration<double>(Clock::now() - begin_).count()});
    name_.clear();
  }
  /// Progress of the current stage, mapped into [from, to] of the whole run.
  ProgressCallback within(double from, double to) const {
    if (!progress_) return {};
    return [=, this](double f, std::string_view stage) { return progress_(from + (to - from) * f, stage); };
  }

 private:
  RunResult& result_;
  const ProgressCallback& progress_;
  std::string name_;
  Clock::time_point begin_;
};

std::vector<std::filesystem::path> input_paths(const Study& study) {
  std::vector<std::filesystem::path> paths;
  if (!study.file.empty()) paths.push_back(study.file);
  for (const auto& tp : study.time_points) {
    paths.push_back(tp.image);
    if (tp.ct) paths.push_back(*tp.ct);
  }
  if (study.ct) paths.push_back(study.ct->image);
  if (study.labels) paths.push_back(*study.labels);
  return paths;
}

timeactivity::FitOptions fit_options(const Study& study) {
  timeactivity::FitOptions fit;
  fit.model = study.methods.integration;
  return fit;
}

/// Dose-rate route: every time point convolved, then each voxel's dose-rate curve integrated.
/// Dose by the dose-rate route; with fit.curve_figure, `figure` gets it of the total dose-rate curves.
dose::DoseMaps dose_by_dose_rate(const dose::DoseCalculator& calculator, const detail::StudyInputs& in,
                                 timeactivity::VoxelFitOptions fit, double lambda_phys_per_s,
                                 std::vector<std::string>& warnings, std::optional<Volume<float>>& figure) {
  const Volume<float>* density = in.density_g_per_ml ? &*in.density_g_per_ml : nullptr;
  std::vector<dose::DoseMaps> rates;
  for (const auto& activity : in.activity_Bq) rates.push_back(calculator.dose_rate_from_activity(activity, density));
  // Each map of `rates` goes into one series only, so it is moved there.
  const auto integrate = [&](Volume<float>& (*map_of)(dose::DoseMaps&)) {
    std::vector<Volume<float>> series;
    for (auto& r : rates) series.push_back(std::move(map_of(r)));
    const timeactivity::ImageSeries s(std::move(series), in.times_s, timeactivity::SampleUnit::GyPerS,
                                      timeactivity::DecayCorrection::None);
    auto maps = timeactivity::fit_voxels(s, lambda_phys_per_s, fit);
    if (maps.curve_figure) figure = std::move(maps.curve_figure);
    fit.curve_figure = {};  // the total's curves only
    return std::move(maps.integral);
  };
  dose::DoseMaps out;
  out.report = rates.front().report;
  const bool components = rates.front().alpha.has_value();
  out.total = integrate([](dose::DoseMaps& r) -> Volume<float>& { return r.total; });
  if (components) {
    out.alpha = integrate([](dose::DoseMaps& r) -> Volume<float>& { return *r.alpha; });
    out.electron = integrate([](dose::DoseMaps& r) -> Volume<float>& { return *r.electron; });
    out.photon = integrate([](dose::DoseMaps& r) -> Volume<float>& { return *r.photon; });
    warnings.push_back(
        "dose-rate route: each component's dose-rate curve is integrated on its own, so the "
        "components add up to the total only to within the fits' differences");
  }
  return out;
}

/// Before any image is read: two time points at least, and enough for a model the study forces.
void require_enough_time_points(const Study& study) {
  const std::size_t n = study.time_points.size();
  if (n < 2)
    throw InvalidInput(
        "the study has one time point: rptdose run needs at least two (single-time-point methods are "
        "available in the library: timeactivity/single_time_point.hpp)");
  if (const auto fit = fit_options(study); fit.model) timeactivity::require_enough_samples(*fit.model, n);
}

}  // namespace

std::vector<std::string> validate_study(const Study& study) {
  require_enough_time_points(study);
  const auto chain = nuclides::expand_chain(study.nuclide);
  const auto inputs = detail::load_study_inputs(study, chain.parent().decay_constant_per_s(), 0, {});
  inputs.activity_series();  // the series checks the fits make (times, NaN voxels), without fitting
  return inputs.warnings;
}

RunResult run_study(const Study& study, const RunOptions& options) {
  const auto run_begin = Clock::now();
  RunResult result;
  Stages stages(result, options.progress);
  require_enough_time_points(study);
  detail::OutputFolder out(options.output_folder, options.force, input_paths(study));

  stages.start("inputs", 0.0);
  const auto chain = nuclides::expand_chain(study.nuclide);
  const double lambda = chain.parent().decay_constant_per_s();
  detail::StudyInputs in = detail::load_study_inputs(study, lambda, options.threads, stages.within(0.0, 0.15));
  result.warnings = in.warnings;
  const Volume<float>* density = in.density_g_per_ml ? &*in.density_g_per_ml : nullptr;

  stages.start("kernel", 0.15);
  dose::DoseOptions dose_options;
  dose_options.components = study.methods.components;
  dose_options.convolution.threads = options.threads;
  const dose::DoseCalculator calculator(
      dose::make_dose_kernel(study.nuclide, in.grid.spacing_mm(), study.methods.dose_method(), options.threads),
      dose_options);

  stages.start("time-activity fits", 0.2);
  const timeactivity::ImageSeries series = in.activity_series();
  timeactivity::VoxelFitOptions fit;
  fit.fit = fit_options(study);
  fit.mask = in.body_mask ? &*in.body_mask : nullptr;
  fit.threads = options.threads;
  fit.progress = stages.within(0.2, 0.55);
  // Per-voxel G for the BED map (methods.bed_kinetics "voxel"): of the curves the dose comes from.
  const auto repair_rates = in.labels && study.methods.bed_kinetics == BedKinetics::Voxel
                                ? detail::repair_rates_by_label(in.label_names)
                                : std::map<std::int32_t, double>{};
  const auto voxel_g_figure = [&] {
    return repair_rates.empty() ? nullptr : detail::voxel_g_factor_figure(*in.labels, repair_rates, lambda);
  };
  std::optional<Volume<float>> voxel_g;
  if (study.methods.route == Route::Tia) fit.curve_figure = voxel_g_figure();
  timeactivity::VoxelFitMaps tia = timeactivity::fit_voxels(series, lambda, fit);
  if (tia.curve_figure) voxel_g = std::move(tia.curve_figure);
  fit.curve_figure = {};

  stages.start("dose", 0.55);
  fit.progress = {};
  dose::DoseMaps dose{};
  if (study.methods.route == Route::Tia) {
    dose = calculator.dose_from_tia(tia.integral, density);
  } else {
    timeactivity::VoxelFitOptions rate_fit = fit;
    rate_fit.curve_figure = voxel_g_figure();
    dose = dose_by_dose_rate(calculator, in, rate_fit, lambda, result.warnings, voxel_g);
  }

  stages.start("VOI analysis", 0.75);
  std::vector<analysis::Dvh> dvhs;
  std::optional<Volume<float>> bed;  // per-voxel BED in the tissue-matched VOIs
  Volume<float> g_used;              // with per-voxel G: the G of each voxel's BED
  if (in.labels) {
    timeactivity::VoiFitOptions voi_fit;
    voi_fit.fit = fit.fit;
    voi_fit.administered_activity_Bq = study.administered_activity_Bq;
    const auto kinetics = timeactivity::fit_vois(series, *in.labels, lambda, voi_fit);
    analysis::VoiStatisticsOptions stats_options;
    stats_options.dose_volume_percent = study.output.dose_volume_percent;
    stats_options.volume_dose_thresholds = study.output.dose_thresholds_Gy;
    stats_options.density_g_per_ml = density;
    const auto stats = analysis::voi_statistics(dose.total, *in.labels, stats_options);
    const auto component_means = [&](const std::optional<Volume<float>>& map) {
      std::vector<std::optional<double>> means(stats.size());
      if (!map) return means;
      analysis::VoiStatisticsOptions mean_only;
      mean_only.density_g_per_ml = density;
      mean_only.dose_volume_percent = {};
      const auto s = analysis::voi_statistics(*map, *in.labels, mean_only);
      for (std::size_t i = 0; i < s.size(); ++i) means[i] = s[i].mean;
      return means;
    };
    const auto alpha = component_means(dose.alpha), electron = component_means(dose.electron),
               photon = component_means(dose.photon);
    for (std::size_t i = 0; i < stats.size(); ++i) {
      VoiResult v;
      v.label = stats[i].label;
      v.name = in.label_names.at(v.label);
      v.dose_Gy = stats[i];
      v.mean_alpha_Gy = alpha[i];
      v.mean_electron_Gy = electron[i];
      v.mean_photon_Gy = photon[i];
      v.kinetics = kinetics[i];
      result.vois.push_back(std::move(v));
      dvhs.push_back(analysis::cumulative_dvh(dose.total, *in.labels, stats[i].label, kDvhBins));
    }
    detail::add_voi_radiobiology(result.vois, study.methods.rbe_alpha, study.methods.rbe_alpha_by_tissue, lambda);
    bed =
        detail::voi_bed_map(dose, *in.labels, result.vois, voxel_g ? &*voxel_g : nullptr, voxel_g ? &g_used : nullptr);
    if (bed)
      detail::add_voxel_bed_figures(result.vois, *bed, dose.total, *in.labels, density, study.methods.eud_alpha_per_Gy);
  } else {
    result.warnings.push_back("no label map: no VOI table, DVH or TAC plot");
  }

  stages.start("outputs", 0.85);
  const std::string ext = output_extension(study.output.format);
  const auto write = [&](const Volume<float>& map, const std::string& name) {
    io::write_image(map, out.path(name + ext));
  };
  write(dose.total, "dose_Gy");
  if (dose.alpha) {
    write(*dose.alpha, "dose_alpha_Gy");
    write(*dose.electron, "dose_electron_Gy");
    write(*dose.photon, "dose_photon_Gy");
  }
  if (const auto rbe =
          detail::rbe_weighted_map(dose, in.labels ? &*in.labels : nullptr, result.vois, study.methods.rbe_alpha))
    write(*rbe, "dose_rbe_weighted_Gy");
  if (bed) write(*bed, "bed_Gy");
  if (bed && voxel_g) write(g_used, "g_factor");
  write(tia.integral, "tia_Bq_s");
  write(tia.integral_se, "tia_se_Bq_s");
  write(tia.effective_half_life_h, "effective_half_life_h");
  write(tia.r_squared, "fit_r_squared");
  const auto as_labels = [](const Volume<std::uint8_t>& codes) {
    Volume<std::int32_t> labels(codes.grid());
    for (std::size_t v = 0; v < codes.size(); ++v) labels[v] = codes[v];
    return labels;
  };
  io::write_labels(as_labels(tia.status), out.path("fit_status" + ext));
  io::write_labels(as_labels(tia.model), out.path("fit_model" + ext));
  if (density) write(*density, "density_g_per_mL");
  if (in.labels) {
    io::write_labels(*in.labels, out.path("labels" + ext));
    detail::write_voi_table(out.path("vois.csv"), result.vois, study.output);
    detail::write_dvh_table(out.path("dvh.csv"), result.vois, dvhs);
    detail::write_tac_table(out.path("tac.csv"), result.vois, lambda);
  }
  std::vector<std::string> plots;
  if (study.output.plots) {
    stages.start("plots", 0.95);
    detail::write_overlay_data(out.path("plots/overlay.json"), dose.total, in.ct_HU ? &*in.ct_HU : nullptr);
    if (options.figures) {
      auto made = options.figures(out.path(""));
      if (made.error) result.warnings.push_back("plots not made: " + *made.error);
      plots = std::move(made.files);
    } else {
      result.warnings.push_back("plots not made: no figure maker was given (RunOptions::figures)");
    }
  }
  stages.finish();
  result.total_seconds = std::chrono::duration<double>(Clock::now() - run_begin).count();

  const detail::RunRecord record{study, in, chain, calculator.kernel(), dose, tia, result, plots};
  const nlohmann::json summary = detail::summary_json(record);
  write_file_atomically(out.path("summary.json"), [&](std::ostream& o) { o << summary.dump(2) << "\n"; });
  detail::write_report(out.path("report.md"), record);
  out.commit();
  result.output_folder = out.final_path("");
  report_progress(options.progress, 1.0, "done");
  return result;
}

}  // namespace rptdose::pipeline
