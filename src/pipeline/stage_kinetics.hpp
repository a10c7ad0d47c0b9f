#pragma once
// Internal: the kinetics stage of a run (run.cpp): every voxel's time-activity curve fitted and integrated into the
// time-integrated activity (TIA) map, and how voxel curves are fitted (shared with the dose-rate route); for a
// single-time-point run (methods.single_time_point), the one scan integrated with each VOI's effective half-life.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "rptdose/core/progress.hpp"
#include "rptdose/pipeline/study.hpp"
#include "rptdose/timeactivity/single_time_point.hpp"
#include "rptdose/timeactivity/voxel_fit.hpp"
#include "stage_inputs.hpp"

namespace rptdose::pipeline::detail {

/// The model the study asks for (methods.integration), or none for the automatic choice.
timeactivity::FitOptions fit_options(const Study& study);

/// Before any image is read: two time points at least, and enough for a model the study forces; a single-time-point
/// study exactly one.
void require_enough_time_points(const Study& study);

/// How voxel curves are fitted (model, body mask, threads); with `g_figure` and methods.bed_kinetics "voxel", the
/// fits also make the per-voxel G of the BED map (detail::voxel_g_factor_figure). `inputs` must outlive the fit.
timeactivity::VoxelFitOptions voxel_fit_options(const Study& study, const RunInputs& inputs, unsigned threads,
                                                bool g_figure);

/// The effective half-life of one VOI of a single-time-point run and where it came from.
struct HalfLifeChoice {
  double half_life_s = 0.0;
  std::string source;  ///< e.g. "effective_half_life_h 'kidney' (tissue)", "from_summary <path> (VOI 'liver')"
};

/// A single-time-point run's half-lives: per label (every VOI of the label map) and the default (label 0 and
/// without a label map), resolved from methods.single_time_point.
struct SingleTimePointPlan {
  timeactivity::SingleTimePointOptions options;
  std::map<std::int32_t, HalfLifeChoice> by_label;
};

/// Resolves methods.single_time_point for the run's VOIs. Precedence for a VOI: its name in effective_half_life_h,
/// then its fit in from_summary, then its tissue's name in effective_half_life_h, then the default. Throws
/// InvalidInput for a VOI without a half-life (naming it), a key that is neither a VOI nor a tissue, or a
/// from_summary of another nuclide; IoError for an unreadable summary.
SingleTimePointPlan single_time_point_plan(const Study& study, const RunInputs& inputs);

struct VoxelKinetics {
  timeactivity::VoxelFitMaps fits;  ///< integral: the TIA map (Bq·s per voxel)
  /// The per-voxel G of the activity curves (methods.bed_kinetics "voxel" on the tia route), else none.
  std::optional<Volume<float>> voxel_g;
  std::optional<SingleTimePointPlan> single_time_point;  ///< of a single-time-point run
};

VoxelKinetics fit_voxel_kinetics(const Study& study, const RunInputs& inputs, const timeactivity::ImageSeries& series,
                                 unsigned threads, const ProgressCallback& progress);

}  // namespace rptdose::pipeline::detail
