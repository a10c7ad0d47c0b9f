#include "rptdose/timeactivity/image_series.hpp"

#include <cmath>
#include <cstdio>
#include <string>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/core/volume_checks.hpp"

namespace rptdose::timeactivity {

namespace {
std::string hours_text(double t_s) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.4g h", t_s / units::kSecondsPerHour);
  return buffer;
}
}  // namespace

std::string_view unit_name(SampleUnit unit) {
  return enum_name(kSampleUnitNames, unit);
}

SampleUnit parse_unit(std::string_view name) {
  if (const auto unit = find_enum(kSampleUnitNames, name)) return *unit;
  throw InvalidInput("unknown image unit '" + std::string(name) + "': use " +
                     enum_names_list(kSampleUnitNames, ", ", " or "));
}

double sample_factor(const ImageQuantity& quantity, double voxel_volume_ml, double time_after_injection_s,
                     double lambda_phys_per_s) {
  double factor = 1.0;
  switch (quantity.unit) {
    case SampleUnit::BqPerMl:
      factor = voxel_volume_ml;
      break;
    case SampleUnit::Counts: {  // counts / (cps/MBq · s) = MBq
      const auto& c = quantity.counts;
      if (!c || !(c->sensitivity_cps_per_MBq > 0) || !(c->frame_duration_s > 0))
        throw InvalidInput(
            "an image in counts needs a positive camera calibration (cps/MBq) and frame duration (s) to be "
            "converted to activity");
      factor = units::kBqPerMBq / (c->sensitivity_cps_per_MBq * c->frame_duration_s);
      break;
    }
    case SampleUnit::BqPerVoxel:
    case SampleUnit::GyPerS:
      break;
  }
  // An image decay-corrected to injection shows A(t)·e^{λt}; the activity present is that × e^{−λt}.
  if (quantity.decay_correction == DecayCorrection::ToInjection)
    factor *= std::exp(-lambda_phys_per_s * time_after_injection_s);
  return factor;
}

Volume<float> to_activity_Bq(Volume<float> image, const ImageQuantity& quantity, double time_after_injection_s,
                             double lambda_phys_per_s, std::string_view what) {
  if (quantity.unit == SampleUnit::GyPerS)
    throw InvalidInput(std::string(what) + " is a dose rate (Gy/s), not an activity image");
  const double factor =
      sample_factor(quantity, image.grid().voxel_volume_ml(), time_after_injection_s, lambda_phys_per_s);
  require_finite(image, what, "fix the reconstruction or its export");
  for (auto& v : image.values()) v = static_cast<float>(v * factor);
  return image;
}

std::string time_point_name(std::size_t index) {
  return "time point " + std::to_string(index + 1);
}

ImageSeries::ImageSeries(std::vector<Volume<float>> images, std::vector<double> times_s, SampleUnit unit,
                         DecayCorrection decay_correction)
    : images_(std::move(images)), times_s_(std::move(times_s)), unit_(unit), decay_correction_(decay_correction) {
  if (images_.empty()) throw InvalidInput("an image series needs at least one image");
  if (times_s_.size() != images_.size())
    throw InvalidInput("an image series has " + std::to_string(images_.size()) + " images but " +
                       std::to_string(times_s_.size()) + " times");
  if (unit_ == SampleUnit::Counts)
    throw InvalidInput(
        "an image series takes activity (Bq/mL, Bq) or dose rate (Gy/s), not counts: convert each image with "
        "to_activity_Bq and its own calibration and frame duration");
  for (std::size_t i = 0; i < images_.size(); ++i) {
    const std::string name = time_point_name(i);
    if (!std::isfinite(times_s_[i]) || times_s_[i] < 0)
      throw InvalidInput(name + " is at " + std::to_string(times_s_[i]) +
                         " s after injection: times must be finite and not before the injection");
    if (i > 0 && times_s_[i] == times_s_[i - 1])
      throw InvalidInput(name + " (" + hours_text(times_s_[i]) + ") has the same time as " + time_point_name(i - 1) +
                         ": remove the duplicate or fix the acquisition times");
    if (i > 0 && times_s_[i] < times_s_[i - 1])
      throw InvalidInput(name + " (" + hours_text(times_s_[i]) + ") is earlier than " + time_point_name(i - 1) + " (" +
                         hours_text(times_s_[i - 1]) + "): sort the time points or fix the acquisition times");
    if (images_[i].grid().empty()) throw InvalidInput(name + " is an empty image");
    require_same_geometry(images_.front().grid(), images_[i].grid(), time_point_name(0), name);
    require_finite(images_[i], "the image of " + name, "replace them (e.g. by 0 outside the body)");
  }
}

ImageSeries ImageSeries::viewing(const std::vector<Volume<float>>& images, std::vector<double> times_s, SampleUnit unit,
                                 DecayCorrection decay_correction) {
  std::vector<Volume<float>> views;
  views.reserve(images.size());
  // The series never writes to its images, so viewing const volumes is safe.
  for (const auto& image : images) views.push_back(Volume<float>::view(image.grid(), const_cast<float*>(image.data())));
  return ImageSeries(std::move(views), std::move(times_s), unit, decay_correction);
}

double ImageSeries::sample_factor(std::size_t i, double lambda_phys_per_s) const {
  return timeactivity::sample_factor({unit_, decay_correction_, std::nullopt}, grid().voxel_volume_ml(), times_s_[i],
                                     lambda_phys_per_s);
}

std::vector<double> hours_to_seconds(const std::vector<double>& times_h) {
  std::vector<double> seconds;
  seconds.reserve(times_h.size());
  for (const double t : times_h) seconds.push_back(t * units::kSecondsPerHour);
  return seconds;
}

}  // namespace rptdose::timeactivity
