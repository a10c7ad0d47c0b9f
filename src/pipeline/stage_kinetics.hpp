#pragma once
// Internal: the kinetics stage of a run (run.cpp): every voxel's time-activity curve fitted and integrated into the
// time-integrated activity (TIA) map, and how voxel curves are fitted (shared with the dose-rate route).
#include <optional>

#include "rptdose/core/progress.hpp"
#include "rptdose/pipeline/study.hpp"
#include "rptdose/timeactivity/voxel_fit.hpp"
#include "stage_inputs.hpp"

namespace rptdose::pipeline::detail {

/// The model the study asks for (methods.integration), or none for the automatic choice.
timeactivity::FitOptions fit_options(const Study& study);

/// Before any image is read: two time points at least, and enough for a model the study forces.
void require_enough_time_points(const Study& study);

/// How voxel curves are fitted (model, body mask, threads); with `g_figure` and methods.bed_kinetics "voxel", the
/// fits also make the per-voxel G of the BED map (detail::voxel_g_factor_figure). `inputs` must outlive the fit.
timeactivity::VoxelFitOptions voxel_fit_options(const Study& study, const RunInputs& inputs, unsigned threads,
                                                bool g_figure);

struct VoxelKinetics {
  timeactivity::VoxelFitMaps fits;  ///< integral: the TIA map (Bq·s per voxel)
  /// The per-voxel G of the activity curves (methods.bed_kinetics "voxel" on the tia route), else none.
  std::optional<Volume<float>> voxel_g;
};

VoxelKinetics fit_voxel_kinetics(const Study& study, const RunInputs& inputs, const timeactivity::ImageSeries& series,
                                 unsigned threads, const ProgressCallback& progress);

}  // namespace rptdose::pipeline::detail
