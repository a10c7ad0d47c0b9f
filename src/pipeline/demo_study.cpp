// write_demo_study: the phantom of demo_phantom.cpp as image files and a study file.
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "rptdose/core/atomic_file.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/io/image_io.hpp"
#include "rptdose/pipeline/demo_phantom.hpp"
#include "rptdose/pipeline/study.hpp"

namespace rptdose::pipeline {

namespace {

/// The time point written in counts (the others in Bq/mL), to exercise the calibration path.
constexpr std::size_t kCountsTimePoint = 2;

std::string image_name(double hours) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "spect_%03.0fh.nii.gz", hours);
  return buffer;
}

}  // namespace

std::filesystem::path write_demo_study(const std::filesystem::path& folder, const DemoOptions& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(folder, ec) && (!fs::is_directory(folder, ec) || !fs::is_empty(folder, ec)))
    throw InvalidInput("the demo study folder " + folder.string() + " exists and is not empty: choose another");
  fs::create_directories(folder, ec);
  if (ec) throw IoError("cannot create " + folder.string() + ": " + ec.message());

  const DemoPhantom phantom = make_demo_phantom(options);
  io::write_image(phantom.ct_HU, folder / "ct.nii.gz");
  io::write_labels(phantom.labels, folder / "labels.nii.gz");

  nlohmann::json points = nlohmann::json::array();
  const double voxel_ml = phantom.ct_HU.grid().voxel_volume_ml();
  const double counts_per_Bq = options.sensitivity_cps_per_MBq / units::kBqPerMBq * options.frame_duration_s;
  for (std::size_t i = 0; i < phantom.times_h.size(); ++i) {
    const std::string name = image_name(phantom.times_h[i]);
    nlohmann::json point = {{"image", name}, {"hours_after_injection", phantom.times_h[i]}, {"decay_corrected", false}};
    if (i == kCountsTimePoint) {
      Volume<float> counts = phantom.spect_Bq_per_ml[i];
      for (auto& v : counts.values()) v = static_cast<float>(std::round(v * voxel_ml * counts_per_Bq));
      io::write_image(counts, folder / name);
      point["units"] = timeactivity::unit_name(timeactivity::SampleUnit::Counts);
      point["calibration_cps_per_MBq"] = options.sensitivity_cps_per_MBq;
      point["frame_duration_s"] = options.frame_duration_s;
    } else {
      io::write_image(phantom.spect_Bq_per_ml[i], folder / name);
      point["units"] = timeactivity::unit_name(timeactivity::SampleUnit::BqPerMl);
    }
    points.push_back(point);
  }

  nlohmann::json names = nlohmann::json::object();
  nlohmann::json truth = nlohmann::json::array();
  for (const auto& t : phantom.tissues) {
    names[std::to_string(t.label)] = t.name;
    truth.push_back({{"label", t.label},
                     {"name", t.name},
                     {"volume_mL", t.volume_ml},
                     {"fraction_of_administered", t.fraction},
                     {"biological_half_life_h", t.biological_half_life_h},
                     {"uptake_half_time_h", t.uptake_half_time_h},
                     {"true_tia_Bq_s", t.true_tia_Bq_s},
                     {"true_tia_MBq_h", t.true_tia_Bq_s / units::kBqSecondsPerMBqHour},
                     {"blurred_tia_in_label_Bq_s", t.blurred_tia_in_label_Bq_s},
                     {"recovery_coefficient", t.blurred_tia_in_label_Bq_s / t.true_tia_Bq_s}});
  }
  const nlohmann::json study = {
      {"nuclide", phantom.nuclide},
      {"administered_activity_MBq", phantom.administered_activity_Bq / units::kBqPerMBq},
      {"time_points", points},
      {"ct", {{"image", "ct.nii.gz"}}},
      {"labels", {{"image", "labels.nii.gz"}, {"names", names}}},
      {"registration", {{"method", registration_method_name(RegistrationMethod::None)}}},
      {"methods",
       {{"integration", timeactivity::model_choice_name(std::nullopt)},
        {"route", route_name(Route::Tia)},
        {"dose", dose::dose_method_name(dose::DoseMethod::Kernel)},
        {"components", true},
        {"density_correction", true}}},
      {"output",
       {{"format", output_format_name(OutputFormat::NiftiGz)},
        {"dose_thresholds_Gy", {2, 5, 10}},
        {"dose_volume_percent", {2, 50, 95, 98}}}},
  };
  const nlohmann::json truth_file = {
      {"about", "true kinetics of the rptdose demo phantom (synthetic; see docs/example-study.md)"},
      {"nuclide", phantom.nuclide},
      {"administered_activity_Bq", phantom.administered_activity_Bq},
      {"resolution_fwhm_mm", options.resolution_fwhm_mm},
      {"heterogeneous_uptake", options.heterogeneous_uptake},
      {"seed", options.seed},
      {"tissues", truth}};
  const fs::path study_file = folder / "study.json";
  write_file_atomically(folder / "truth.json", [&](std::ostream& out) { out << truth_file.dump(2) << "\n"; });
  write_file_atomically(study_file, [&](std::ostream& out) { out << study.dump(2) << "\n"; });
  return study_file;
}

}  // namespace rptdose::pipeline
