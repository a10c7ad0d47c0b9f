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
  switch (unit) {
    case SampleUnit::BqPerMl:
      return "Bq/mL";
    case SampleUnit::BqPerVoxel:
      return "Bq";
    case SampleUnit::GyPerS:
      return "Gy/s";
  }
  return "?";
}

SampleUnit parse_unit(std::string_view name) {
  if (name == "Bq/mL" || name == "Bq/ml") return SampleUnit::BqPerMl;
  if (name == "Bq" || name == "Bq/voxel") return SampleUnit::BqPerVoxel;
  if (name == "Gy/s") return SampleUnit::GyPerS;
  throw InvalidInput("unknown image unit '" + std::string(name) + "': use Bq/mL, Bq (per voxel) or Gy/s");
}

ImageSeries::ImageSeries(std::vector<Volume<float>> images, std::vector<double> times_s, SampleUnit unit,
                         DecayCorrection decay_correction)
    : images_(std::move(images)), times_s_(std::move(times_s)), unit_(unit), decay_correction_(decay_correction) {
  if (images_.empty()) throw InvalidInput("an image series needs at least one image");
  if (times_s_.size() != images_.size())
    throw InvalidInput("an image series has " + std::to_string(images_.size()) + " images but " +
                       std::to_string(times_s_.size()) + " times");
  for (std::size_t i = 0; i < images_.size(); ++i) {
    const std::string name = "time point " + std::to_string(i + 1);
    if (!std::isfinite(times_s_[i]) || times_s_[i] < 0)
      throw InvalidInput(name + " is at " + std::to_string(times_s_[i]) +
                         " s after injection: times must be finite and not before the injection");
    if (i > 0 && times_s_[i] == times_s_[i - 1])
      throw InvalidInput(name + " (" + hours_text(times_s_[i]) + ") has the same time as time point " +
                         std::to_string(i) + ": remove the duplicate or fix the acquisition times");
    if (i > 0 && times_s_[i] < times_s_[i - 1])
      throw InvalidInput(name + " (" + hours_text(times_s_[i]) + ") is earlier than time point " + std::to_string(i) +
                         " (" + hours_text(times_s_[i - 1]) + "): sort the time points or fix the acquisition times");
    if (images_[i].grid().empty()) throw InvalidInput(name + " is an empty image");
    require_same_geometry(images_.front().grid(), images_[i].grid(), "time point 1", name);
    require_finite(images_[i], "the image of " + name, "replace them (e.g. by 0 outside the body)");
  }
}

double ImageSeries::sample_factor(std::size_t i, double lambda_phys_per_s) const {
  double factor = unit_ == SampleUnit::BqPerMl ? grid().voxel_volume_ml() : 1.0;
  // An image decay-corrected to injection shows A(t)·e^{λt}; the activity present is that × e^{−λt}.
  if (decay_correction_ == DecayCorrection::ToInjection) factor *= std::exp(-lambda_phys_per_s * times_s_[i]);
  return factor;
}

std::vector<double> hours_to_seconds(const std::vector<double>& times_h) {
  std::vector<double> seconds;
  seconds.reserve(times_h.size());
  for (const double t : times_h) seconds.push_back(t * units::kSecondsPerHour);
  return seconds;
}

}  // namespace rptdose::timeactivity
