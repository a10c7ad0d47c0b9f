#pragma once
// rptdose::timeactivity — a series of quantitative images on one grid with their acquisition times, units and
// decay-correction state. The decay-correction state has no default: assuming it wrongly is the most common
// error in clinical dosimetry (a decay-corrected 177Lu image at 168 h is 2× the activity actually present), so the
// caller must say which it is.
//
// Internally every sample is converted to what the fits integrate: the quantity present at acquisition time, per
// voxel (activity concentration × voxel volume → Bq per voxel; decay correction to injection undone with the
// nuclide's physical decay). Integrals are then in Bq·s per voxel (TIA), or Gy for a dose-rate series.
// sample_factor below is the only place that converts image values to activity (the study's counts, Bq/mL and Bq
// images included: the pipeline converts them with to_activity_Bq before aligning them).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rptdose/core/enum_names.hpp"
#include "rptdose/core/volume.hpp"

namespace rptdose::timeactivity {

enum class SampleUnit {
  BqPerMl,     ///< activity concentration (Bq/mL); converted with the voxel volume
  BqPerVoxel,  ///< activity in each voxel (Bq)
  Counts,      ///< counts in each voxel; converted with the camera calibration and frame duration (CountsCalibration)
  GyPerS,      ///< dose rate (Gy/s): the dose-rate route; its integral is dose in Gy
};
inline constexpr EnumNames<SampleUnit, 6> kSampleUnitNames{{{SampleUnit::BqPerMl, "Bq/mL"},
                                                            {SampleUnit::BqPerVoxel, "Bq"},
                                                            {SampleUnit::Counts, "counts"},
                                                            {SampleUnit::GyPerS, "Gy/s"},
                                                            {SampleUnit::BqPerMl, "Bq/ml"},
                                                            {SampleUnit::BqPerVoxel, "Bq/voxel"}}};
/// "Bq/mL", "Bq", "counts", "Gy/s".
std::string_view unit_name(SampleUnit unit);
/// The names above (also "Bq/ml", "Bq/voxel"); throws InvalidInput otherwise.
SampleUnit parse_unit(std::string_view name);

enum class DecayCorrection {
  None,         ///< each image shows what was present at its acquisition time
  ToInjection,  ///< each image was decay-corrected to the injection time
};

/// Counts → activity: MBq = counts / (sensitivity × frame duration).
struct CountsCalibration {
  double sensitivity_cps_per_MBq = 0.0;
  double frame_duration_s = 0.0;  ///< the acquisition time of the counts (per projection × projections, or per frame)
};

/// What the values of one image are: unit, decay-correction state and, for counts, the camera calibration.
struct ImageQuantity {
  SampleUnit unit;
  DecayCorrection decay_correction;
  std::optional<CountsCalibration> counts;  ///< required for SampleUnit::Counts, ignored otherwise
};

/// The one conversion of image values into what the fits integrate, the quantity present at acquisition per voxel:
/// value × factor, with factor = voxel volume (mL) for Bq/mL, 1 for Bq and Gy/s, 10⁶ / (cps/MBq × s) for counts,
/// times e^{−λ·t} when the image was decay-corrected to the injection (it shows A(t)·e^{λt}).
/// Throws InvalidInput for counts without a positive calibration and frame duration.
double sample_factor(const ImageQuantity& quantity, double voxel_volume_ml, double time_after_injection_s,
                     double lambda_phys_per_s);

/// An activity image (any unit but Gy/s) converted to the activity present at acquisition, Bq per voxel: each value
/// × sample_factor, rounded to float, in place. Throws InvalidInput naming `what` (e.g. "time point 2 (path)") for
/// NaN or infinite voxels, and as sample_factor.
Volume<float> to_activity_Bq(Volume<float> image, const ImageQuantity& quantity, double time_after_injection_s,
                             double lambda_phys_per_s, std::string_view what);

/// "time point 3" for index 2: how every message names a time point (counted from 1, as a person counts).
std::string time_point_name(std::size_t index);

class ImageSeries {
 public:
  /// `images` may be owning volumes or views (Volume::view) of the caller's memory; they are never modified.
  /// Throws InvalidInput for no image, images on different grids, times that are not finite, negative (before
  /// injection), unsorted or duplicated (naming the time points), NaN/Inf voxels (naming the image, how many
  /// and the first), or counts (convert them with to_activity_Bq first: each image has its own frame duration).
  ImageSeries(std::vector<Volume<float>> images, std::vector<double> times_s, SampleUnit unit,
              DecayCorrection decay_correction);
  /// A series of views of `images` (nothing copied): they must outlive the series.
  static ImageSeries viewing(const std::vector<Volume<float>>& images, std::vector<double> times_s, SampleUnit unit,
                             DecayCorrection decay_correction);

  std::size_t size() const { return images_.size(); }
  const Grid& grid() const { return images_.front().grid(); }
  const Volume<float>& image(std::size_t i) const { return images_[i]; }
  const std::vector<double>& times_s() const { return times_s_; }
  SampleUnit unit() const { return unit_; }
  DecayCorrection decay_correction() const { return decay_correction_; }

  /// Factor turning image i's voxel values into the quantity present at acquisition, per voxel (sample_factor).
  double sample_factor(std::size_t i, double lambda_phys_per_s) const;

 private:
  std::vector<Volume<float>> images_;
  std::vector<double> times_s_;
  SampleUnit unit_;
  DecayCorrection decay_correction_;
};

/// Hours → seconds for a list of times.
std::vector<double> hours_to_seconds(const std::vector<double>& times_h);

}  // namespace rptdose::timeactivity
