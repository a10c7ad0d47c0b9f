#pragma once
// rptdose::timeactivity — per-VOI time-activity curves: the activity of each label at each time point, fitted and
// integrated (curve_fit.hpp) with the parameter covariance, the TIA's standard error and the residence time.
//
// Module timeactivity owns time-activity models, fits and TIA; it depends on core only, never on ITK or DCMTK.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "rptdose/core/volume.hpp"
#include "rptdose/timeactivity/curve_fit.hpp"
#include "rptdose/timeactivity/image_series.hpp"

namespace rptdose::timeactivity {

enum class VoiAggregate {
  Sum,   ///< total activity in the VOI (Bq): its integral is the VOI's TIA (Bq·s)
  Mean,  ///< mean per voxel: its integral is the mean voxel TIA
};

struct VoiFitOptions {
  FitOptions fit;
  VoiAggregate aggregate = VoiAggregate::Sum;
  /// For residence times (TIA / administered activity).
  std::optional<double> administered_activity_Bq;
  /// Cross-nuclide prediction (cross_nuclide.hpp).
  std::optional<double> predict_lambda_phys_per_s;
};

struct VoiFitResult {
  std::int32_t label = 0;
  std::size_t voxels = 0;
  double volume_ml = 0.0;
  std::vector<double> times_s;
  std::vector<double> values;              ///< the curve that was fitted (activity present at acquisition, Bq for Sum)
  FitResult fit;                           ///< integral = TIA (Bq·s for Sum), integral_se its standard error
  std::optional<double> residence_time_h;  ///< TIA / administered activity, in hours
  std::optional<double> predicted_integral;
};

/// The curve of each label present in `labels` (label 0 is background and skipped), in increasing label order, as
/// fit_vois fits it: label, voxels, volume, times and values (activity present at acquisition), without a fit.
/// Throws InvalidInput for labels on another grid.
std::vector<VoiFitResult> voi_curves(const ImageSeries& series, const Volume<std::int32_t>& labels,
                                     double lambda_phys_per_s, VoiAggregate aggregate = VoiAggregate::Sum);

/// One result per label present in `labels` (label 0 is background and skipped), in increasing label order.
/// Throws InvalidInput for labels on another grid or a series of one time point (use single_time_point.hpp).
std::vector<VoiFitResult> fit_vois(const ImageSeries& series, const Volume<std::int32_t>& labels,
                                   double lambda_phys_per_s, const VoiFitOptions& options = {});

}  // namespace rptdose::timeactivity
