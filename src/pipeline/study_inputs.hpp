#pragma once
// Internal: a study's inputs read, converted and brought onto one grid (the dose grid: the reference time point's
// SPECT/PET grid), ready for the time-activity fits and the dose. Shared by run_study and validate_study.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rptdose/core/progress.hpp"
#include "rptdose/core/volume.hpp"
#include "rptdose/pipeline/study.hpp"
#include "rptdose/registration/resample.hpp"
#include "rptdose/timeactivity/image_series.hpp"

namespace rptdose::pipeline::detail {

/// How one time point was brought onto the dose grid.
struct Alignment {
  std::string method;  ///< "reference", "same grid", "resampled (no registration)" or the registration's words
  registration::RigidTransform transform;  ///< x_time_point = R · x_reference + t (mm)
  std::optional<double> metric_value;
};

struct StudyInputs {
  Grid grid;                                        ///< the dose grid
  std::vector<Volume<float>> activity_Bq;           ///< per voxel, present at acquisition (decay correction undone)
  std::vector<double> times_s;                      ///< after injection
  std::vector<Alignment> alignment;                 ///< per time point
  std::optional<Volume<float>> ct_HU;               ///< resampled onto the dose grid
  /// From the CT, for the density correction or the Monte Carlo with materials "ct" (the VOI masses use it too).
  std::optional<Volume<float>> density_g_per_ml;
  std::optional<Volume<std::int32_t>> labels;       ///< on the dose grid
  std::map<std::int32_t, std::string> label_names;  ///< every label present (unnamed ones as "label_<n>")
  /// The CT's filled body outline (dose/body_outline.hpp) on the dose grid, when there is a CT.
  std::optional<Volume<std::uint8_t>> body_mask;
  /// Per time point, the fraction of its positive activity outside body_mask (empty without a CT).
  std::vector<double> activity_outside_body_fraction;
  std::vector<std::string> warnings;

  /// The activity images as the series the fits read: views of activity_Bq (nothing copied; it must outlive the
  /// series), with the series' checks (times, non-finite voxels).
  timeactivity::ImageSeries activity_series() const;
};

/// methods.activity_outside_body "drop": the activity outside the body outline set to 0 (with a CT), so that both
/// routes drop it alike (the dose-rate route convolves every time point's activity before any fit; the fit mask
/// alone would drop it on the tia route only).
void drop_activity_outside_body(const Study& study, StudyInputs& inputs);

/// Activity images in Bq per voxel present at acquisition (as StudyInputs::activity_Bq) as a series: views, with
/// the series' checks.
timeactivity::ImageSeries activity_series_of(const std::vector<Volume<float>>& activity_Bq,
                                             const std::vector<double>& times_s);

/// Reads every image of `study` and converts it (throws InvalidInput / IoError naming the file and the problem).
StudyInputs load_study_inputs(const Study& study, double lambda_phys_per_s, unsigned threads,
                              const ProgressCallback& progress);

}  // namespace rptdose::pipeline::detail
