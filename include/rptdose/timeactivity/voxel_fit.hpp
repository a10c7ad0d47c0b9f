#pragma once
// rptdose::timeactivity — per-voxel fitting and integration of a whole image series (curve_fit.hpp for the
// models, the selection rule and the fallback). Threaded over voxels; results do not depend on the thread count.
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "rptdose/core/progress.hpp"
#include "rptdose/core/volume.hpp"
#include "rptdose/timeactivity/curve_fit.hpp"
#include "rptdose/timeactivity/image_series.hpp"

namespace rptdose::timeactivity {

struct VoxelFitOptions {
  FitOptions fit;
  /// Voxels to fit (non-zero), e.g. the body; same grid as the images. Null: every voxel.
  const Volume<std::uint8_t>* mask = nullptr;
  /// Cross-nuclide prediction (cross_nuclide.hpp): also integrate each voxel's biological curve with each of these
  /// physical decay constants (1/s; e.g. every candidate of a therapy comparison, from one pass of fits), into
  /// VoxelFitMaps::predicted_integrals in the same order.
  std::vector<double> predict_lambdas_phys_per_s;
  /// A figure of each voxel's fitted curve (e.g. radiobiology's Lea–Catcheside factor G of the curve), into
  /// VoxelFitMaps::curve_figure: called for every voxel with a fit (not Masked or Zero) with its flat index, its fit
  /// and its samples (decay-corrected back to activity, as fitted). Called from several threads at once: it must
  /// not write shared state. Exceptions it throws leave fit_voxels.
  std::function<float(std::size_t voxel, const FitResult& fit, const Samples& samples)> curve_figure;
  unsigned threads = 0;  ///< 0: default_thread_count()
  ProgressCallback progress;
};

/// Counts over the fitted voxels.
struct VoxelFitSummary {
  std::size_t voxels = 0;                  ///< fitted (inside the mask)
  std::array<std::size_t, 5> by_status{};  ///< indexed by FitStatus
  std::array<std::size_t, 6> by_model{};   ///< indexed by Model (0: none)
  std::size_t negative_samples = 0;        ///< negative image values inside the mask (noise), all time points
  std::size_t negative_integrals = 0;      ///< voxels whose integral came out negative (kept as they are)
};

struct VoxelFitMaps {
  Volume<float> integral;               ///< TIA in Bq·s per voxel (activity series) or dose in Gy (dose-rate series)
  Volume<float> integral_se;            ///< its standard error (0 for trapezoid voxels, which have none)
  Volume<float> effective_half_life_h;  ///< terminal effective half-life (h); 0 outside the mask
  Volume<float> r_squared;              ///< weighted R² of the fit (1 for trapezoid voxels)
  Volume<std::uint8_t> model;           ///< Model (0 outside the mask and for zero voxels)
  Volume<std::uint8_t> status;          ///< FitStatus
  std::vector<Volume<float>> predicted_integrals;  ///< one per VoxelFitOptions::predict_lambdas_phys_per_s
  std::optional<Volume<float>> curve_figure;       ///< with VoxelFitOptions::curve_figure; 0 where not called
  VoxelFitSummary summary;
};

/// The maps of `grid` before any voxel is computed: all 0, status Masked, no optional map, empty summary.
VoxelFitMaps masked_voxel_fit_maps(const Grid& grid);

/// Fits every voxel of `series` (inside the mask). `lambda_phys_per_s`: the imaged nuclide's physical decay
/// constant (bounds the fits, converts decay-corrected images, makes the tails). Throws InvalidInput for a series
/// of one time point (use single_time_point.hpp), a mask on another grid, or a bad decay constant.
VoxelFitMaps fit_voxels(const ImageSeries& series, double lambda_phys_per_s, const VoxelFitOptions& options = {});

}  // namespace rptdose::timeactivity
