#pragma once
// rptdose::timeactivity — a series of quantitative images on one grid with their acquisition times, units and
// decay-correction state. The decay-correction state has no default: assuming it wrongly is the most common
// error in clinical dosimetry (a decay-corrected 177Lu image at 168 h is 2× the activity actually present), so the
// caller must say which it is.
//
// Internally every sample is converted to what the fits integrate: the quantity present at acquisition time, per
// voxel (activity concentration × voxel volume → Bq per voxel; decay correction to injection undone with the
// nuclide's physical decay). Integrals are then in Bq·s per voxel (TIA), or Gy for a dose-rate series.
#include <cstddef>
#include <string_view>
#include <vector>

#include "rptdose/core/volume.hpp"

namespace rptdose::timeactivity {

enum class SampleUnit {
  BqPerMl,     ///< activity concentration (Bq/mL); converted with the voxel volume
  BqPerVoxel,  ///< activity in each voxel (Bq)
  GyPerS,      ///< dose rate (Gy/s): the dose-rate route; its integral is dose in Gy
};
std::string_view unit_name(SampleUnit unit);
/// "Bq/mL", "Bq" (or "Bq/voxel"), "Gy/s"; throws InvalidInput otherwise.
SampleUnit parse_unit(std::string_view name);

enum class DecayCorrection {
  None,         ///< each image shows what was present at its acquisition time
  ToInjection,  ///< each image was decay-corrected to the injection time
};

class ImageSeries {
 public:
  /// `images` may be owning volumes or views (Volume::view) of the caller's memory; they are never modified.
  /// Throws InvalidInput for no image, images on different grids, times that are not finite, negative (before
  /// injection), unsorted or duplicated (naming the time points), or NaN/Inf voxels (naming the image, how many
  /// and the first).
  ImageSeries(std::vector<Volume<float>> images, std::vector<double> times_s, SampleUnit unit,
              DecayCorrection decay_correction);

  std::size_t size() const { return images_.size(); }
  const Grid& grid() const { return images_.front().grid(); }
  const Volume<float>& image(std::size_t i) const { return images_[i]; }
  const std::vector<double>& times_s() const { return times_s_; }
  SampleUnit unit() const { return unit_; }
  DecayCorrection decay_correction() const { return decay_correction_; }

  /// Factor turning image i's voxel values into the quantity present at acquisition, per voxel (see above).
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
