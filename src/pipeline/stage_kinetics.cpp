#include "stage_kinetics.hpp"

#include <cmath>
#include <cstdio>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/radiobiology/tissue_parameters.hpp"
#include "rptdose/results/run_summary.hpp"
#include "voi_radiobiology.hpp"

namespace rptdose::pipeline::detail {

namespace {

std::string hours_text(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g h", seconds / units::kSecondsPerHour);
  return buffer;
}

/// methods.single_time_point.effective_half_life_h's entry for `name` (compared as radiobiology normalises VOI
/// names), or none.
const std::pair<const std::string, double>* named_half_life(const SingleTimePointSpec& spec, const std::string& name) {
  const std::string wanted = radiobiology::normalized_name(name);
  for (const auto& entry : spec.effective_half_life_by_name_s)
    if (radiobiology::normalized_name(entry.first) == wanted) return &entry;
  return nullptr;
}

/// Each key of effective_half_life_h names a VOI of the run or a tissue of the table.
void require_known_names(const SingleTimePointSpec& spec, const std::map<std::int32_t, std::string>& voi_names,
                         const radiobiology::TissueTable& tissues) {
  for (const auto& [key, hours] : spec.effective_half_life_by_name_s) {
    bool voi = false;
    for (const auto& [label, name] : voi_names)
      voi = voi || radiobiology::normalized_name(name) == radiobiology::normalized_name(key);
    if (voi || tissues.find(key)) continue;
    std::string vois, known;
    for (const auto& [label, name] : voi_names) vois += (vois.empty() ? "" : ", ") + name;
    for (const auto& t : tissues.tissues()) known += (known.empty() ? "" : ", ") + t.tissue;
    throw InvalidInput("'" + key +
                       "' in methods.single_time_point.effective_half_life_h is neither a VOI of the run (" +
                       (vois.empty() ? std::string("none: the study has no label map") : vois) +
                       ") nor a tissue of data/radiobiology/tissue_parameters.csv (" + known +
                       "): use one of these names, or 'default'");
  }
}

/// The earlier run whose VOI fits give the half-lives: the same nuclide (an effective half-life includes the
/// physical decay, so it carries over only to the same nuclide).
results::RunSummary read_earlier_run(const std::filesystem::path& path, const Study& study) {
  auto summary = results::read_run_summary(path);
  if (summary.nuclide != study.nuclide)
    throw InvalidInput("from_summary " + path.string() + " is a run of " + summary.nuclide + ", this study is of " +
                       study.nuclide +
                       ": an effective half-life includes the physical decay, so it carries over to the same nuclide "
                       "only (convert its biological half-life and give effective_half_life_h instead)");
  return summary;
}

}  // namespace

timeactivity::FitOptions fit_options(const Study& study) {
  timeactivity::FitOptions fit;
  fit.model = study.methods.integration;
  return fit;
}

void require_enough_time_points(const Study& study) {
  const std::size_t n = study.time_points.size();
  if (study.methods.single_time_point) {
    if (n != 1)
      throw InvalidInput("methods.integration is 'single-time-point', but the study has " + std::to_string(n) +
                         " time points: give the one scan only, or fit the time points (integration 'auto' or a "
                         "model)");
    return;
  }
  if (n < 2)
    throw InvalidInput(
        "the study has one time point: a fit needs at least two; for one scan set methods.integration to "
        "'single-time-point' with methods.single_time_point {\"method\": \"effective-half-life\" | \"haenscheid\" | "
        "\"physical-decay\", ...} (docs/study-file.md)");
  if (const auto fit = fit_options(study); fit.model) timeactivity::require_enough_samples(*fit.model, n);
}

SingleTimePointPlan single_time_point_plan(const Study& study, const RunInputs& inputs) {
  using timeactivity::SingleTimePointMethod;
  const SingleTimePointSpec& spec = study.methods.single_time_point.value();
  const auto& names = inputs.images.label_names;
  const double scan_s = study.time_points.front().time_after_injection_s;
  const double lambda = inputs.lambda_phys_per_s;
  SingleTimePointPlan plan;
  plan.options.method = spec.method;
  if (spec.method != SingleTimePointMethod::EffectiveHalfLife) {
    const std::string source = spec.method == SingleTimePointMethod::PhysicalDecay
                                   ? "the physical half-life (method physical-decay)"
                                   : "the scan time (method haenscheid)";
    const double half_life_s = timeactivity::single_time_point_half_life_s(plan.options, 0, scan_s, lambda);
    for (const auto& [label, name] : names) plan.by_label[label] = {half_life_s, source};
    return plan;
  }
  const auto tissues = radiobiology::TissueTable::load_default();
  require_known_names(spec, names, tissues);
  std::optional<results::RunSummary> earlier;
  if (spec.from_summary) earlier = read_earlier_run(*spec.from_summary, study);
  plan.options.effective_half_life_s = spec.default_effective_half_life_s;
  for (const auto& [label, name] : names) {
    HalfLifeChoice choice;
    const auto* tissue = tissues.match_voi(name);
    const results::VoiRecord* before = earlier ? results::find_voi(*earlier, name) : nullptr;
    if (const auto* entry = named_half_life(spec, name)) {
      choice = {entry->second, "effective_half_life_h '" + entry->first + "'"};
    } else if (before && before->effective_half_life_h) {
      choice = {*before->effective_half_life_h * units::kSecondsPerHour, "from_summary " + spec.from_summary->string() +
                                                                             " (VOI '" + before->name + "', " +
                                                                             before->fit.model + " fit)"};
    } else if (const auto* by_tissue = tissue ? named_half_life(spec, tissue->tissue) : nullptr) {
      choice = {by_tissue->second, "effective_half_life_h '" + by_tissue->first + "' (tissue of VOI '" + name + "')"};
    } else if (spec.default_effective_half_life_s) {
      choice = {*spec.default_effective_half_life_s, "effective_half_life_h default"};
    } else {
      std::string why;
      if (earlier)
        why = before ? " (it has no effective half-life in from_summary " + spec.from_summary->string() +
                           ": no activity there)"
                     : " (from_summary " + spec.from_summary->string() + " has no VOI of that name)";
      throw InvalidInput("no effective half-life for VOI '" + name + "'" + why +
                         ": give it in methods.single_time_point.effective_half_life_h by VOI name" +
                         (tissue ? ", by tissue '" + tissue->tissue + "'" : std::string()) + " or as 'default'");
    }
    // The library's own check (longer than the physical half-life), with the VOI and source in the message.
    try {
      timeactivity::prior_half_life_integral(1.0, scan_s, choice.half_life_s, std::log(2.0) / lambda);
    } catch (const InvalidInput& e) {
      throw InvalidInput("VOI '" + name + "', half-life " + hours_text(choice.half_life_s) + " from " + choice.source +
                         ": " + e.what());
    }
    plan.options.effective_half_life_by_label_s[label] = choice.half_life_s;
    plan.by_label[label] = std::move(choice);
  }
  return plan;
}

timeactivity::VoxelFitOptions voxel_fit_options(const Study& study, const RunInputs& inputs, unsigned threads,
                                                bool g_figure) {
  const auto& in = inputs.images;
  timeactivity::VoxelFitOptions fit;
  fit.fit = fit_options(study);
  const bool drop_outside = study.methods.activity_outside_body == ActivityOutsideBody::Drop;
  fit.mask = in.body_mask && drop_outside ? &*in.body_mask : nullptr;
  fit.threads = threads;
  if (g_figure && in.labels && study.methods.bed_kinetics == BedKinetics::Voxel)
    if (auto rates = repair_rates_by_label(in.label_names); !rates.empty())
      fit.curve_figure = voxel_g_factor_figure(*in.labels, std::move(rates), inputs.lambda_phys_per_s);
  return fit;
}

VoxelKinetics fit_voxel_kinetics(const Study& study, const RunInputs& inputs, const timeactivity::ImageSeries& series,
                                 unsigned threads, const ProgressCallback& progress) {
  // The G of the BED map comes from the curves the dose comes from: here the activity curves on the tia route.
  auto options = voxel_fit_options(study, inputs, threads, study.methods.route == Route::Tia);
  options.progress = progress;
  VoxelKinetics kinetics;
  if (study.methods.single_time_point) {
    kinetics.single_time_point = single_time_point_plan(study, inputs);
    const auto& labels = inputs.images.labels;
    try {
      kinetics.fits =
          timeactivity::single_time_point_voxels(series, inputs.lambda_phys_per_s, kinetics.single_time_point->options,
                                                 labels ? &*labels : nullptr, options.mask, options.curve_figure);
    } catch (const InvalidInput& e) {  // the one half-life the plan leaves to the library: outside every VOI
      const auto& o = kinetics.single_time_point->options;
      if (o.method != timeactivity::SingleTimePointMethod::EffectiveHalfLife || o.effective_half_life_s) throw;
      throw InvalidInput(std::string("methods.single_time_point: ") + e.what() +
                         " (a number, or a 'default' key, in effective_half_life_h)");
    }
  } else {
    kinetics.fits = timeactivity::fit_voxels(series, inputs.lambda_phys_per_s, options);
  }
  kinetics.voxel_g = std::move(kinetics.fits.curve_figure);
  kinetics.fits.curve_figure.reset();
  return kinetics;
}

}  // namespace rptdose::pipeline::detail
