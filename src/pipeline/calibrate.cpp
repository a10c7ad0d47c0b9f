#include "rptdose/pipeline/calibrate.hpp"

#include <chrono>
#include <ctime>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/io/image_io.hpp"
#include "rptdose/nuclides/decay_database.hpp"
#include "rptdose/pipeline/study.hpp"
#include "rptdose/quantification/recovery_curve.hpp"
#include "rptdose/version.hpp"

namespace rptdose::pipeline {
namespace {

Volume<float> read_phantom_image(const std::filesystem::path& path, const std::string& what) {
  try {
    return io::read_image(path);
  } catch (const Error& e) {
    throw IoError(what + " (" + path.string() + "): " + e.what());
  }
}

std::string now_utc() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

quantification::Sensitivity measure_uniform(const UniformPhantomInput& u, double half_life_s) {
  const Volume<float> counts = read_phantom_image(u.image, "the uniform phantom's image");
  quantification::UniformPhantomScan scan;
  scan.activity_MBq = u.activity_MBq;
  scan.activity_u_MBq = u.activity_u_MBq;
  scan.decay_time_s = iso_datetime_seconds(u.acquisition_time) - iso_datetime_seconds(u.activity_time);
  scan.acquisition_duration_s = u.acquisition_duration_s;
  scan.phantom_volume_mL = u.phantom_volume_mL;
  std::optional<Volume<std::int32_t>> mask;
  if (u.mask) {
    try {
      mask = io::read_labels(*u.mask);
    } catch (const Error& e) {
      throw IoError("the uniform phantom's mask (" + u.mask->string() + "): " + e.what());
    }
  }
  auto sensitivity =
      quantification::measure_sensitivity(counts, scan, half_life_s, {mask ? &*mask : nullptr, u.threshold_fraction});
  if (u.mask) sensitivity.voi += " from " + u.mask->filename().string();
  return sensitivity;
}

std::vector<quantification::RecoveryPoint> measure_spheres(const SpherePhantomInput& s, double half_life_s,
                                                           const std::optional<quantification::Sensitivity>& uniform) {
  if (s.units == timeactivity::SampleUnit::GyPerS)
    throw InvalidInput("the sphere phantom's image must be in Bq/mL, Bq or counts, not a dose rate (Gy/s)");
  timeactivity::ImageQuantity quantity{s.units, timeactivity::DecayCorrection::None, std::nullopt};
  if (s.units == timeactivity::SampleUnit::Counts) {
    const std::optional<double> sensitivity =
        s.sensitivity_cps_per_MBq ? s.sensitivity_cps_per_MBq
                                  : (uniform ? std::optional<double>(uniform->cps_per_MBq) : std::nullopt);
    if (!sensitivity)
      throw InvalidInput(
          "the sphere phantom's image is in counts: give its sensitivity (cps/MBq) or a uniform "
          "phantom in the same calibration to convert it");
    quantity.counts = timeactivity::CountsCalibration{*sensitivity, s.acquisition_duration_s};
  }
  // Image values → Bq per voxel by the one converter (timeactivity::sample_factor; no decay correction: the
  // concentrations are decayed to the scan below), then per mL.
  Volume<float> image = timeactivity::to_activity_Bq(read_phantom_image(s.image, "the sphere phantom's image"),
                                                     quantity, 0.0, 0.0, "the sphere phantom's image");
  const double voxel_ml = image.grid().voxel_volume_ml();
  for (auto& v : image.values()) v = static_cast<float>(v / voxel_ml);
  const double decay =
      std::exp(-std::log(2.0) / half_life_s *
               (iso_datetime_seconds(s.acquisition_time) - iso_datetime_seconds(s.concentration_time)));
  constexpr double kBqPerKBq = 1e3;
  quantification::SpherePhantomScan scan;
  scan.sphere_concentration_Bq_per_mL = s.sphere_concentration_kBq_per_mL * kBqPerKBq * decay;
  scan.background_concentration_Bq_per_mL = s.background_concentration_kBq_per_mL * kBqPerKBq * decay;
  scan.acquisition_duration_s = s.acquisition_duration_s;
  scan.spheres = s.spheres;
  return quantification::measure_recovery(image, scan, half_life_s);
}

}  // namespace

quantification::Calibration calibrate(const CalibrationRequest& request) {
  if (!request.uniform && !request.spheres)
    throw InvalidInput(
        "nothing to calibrate: give a uniform phantom (sensitivity), a sphere phantom (recovery "
        "coefficients) or both");
  const auto& nuclide = nuclides::DecayDatabase::instance().get(request.nuclide);  // UnknownNuclide names matches
  const double half_life_s = nuclide.half_life_s();
  quantification::Calibration out;
  out.nuclide = nuclide.name();
  out.camera = request.camera;
  if (request.uniform) {
    out.sensitivity = measure_uniform(*request.uniform, half_life_s);
    out.calibration_time = request.uniform->acquisition_time;
  }
  if (request.spheres) {
    out.recovery_points = measure_spheres(*request.spheres, half_life_s, out.sensitivity);
    out.recovery = quantification::fit_recovery_curve(out.recovery_points);
    if (out.calibration_time.empty()) out.calibration_time = request.spheres->acquisition_time;
  }
  out.provenance.command = request.command;
  out.provenance.inputs = request.inputs;
  out.provenance.rptdose_version = kVersion;
  out.provenance.created_utc = now_utc();
  return out;
}

}  // namespace rptdose::pipeline
