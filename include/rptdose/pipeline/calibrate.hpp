#pragma once
// rptdose::pipeline — a calibration from phantom scans (`rptdose calibrate`, rptdose.calibrate in Python;
// docs/calibration.md): the images are read, the phantoms' activities decayed to their acquisitions, the
// sensitivity measured on the uniform phantom and the recovery coefficients on the spheres
// (quantification/phantoms.hpp), the recovery curve fitted (quantification/recovery_curve.hpp), and the lot
// written as a calibration file (quantification/calibration.hpp) that studies name with their `calibration` key.
//
// Module pipeline owns study files and whole runs; it uses every module (ITK through io).
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rptdose/quantification/calibration.hpp"
#include "rptdose/quantification/phantoms.hpp"
#include "rptdose/timeactivity/image_series.hpp"

namespace rptdose::pipeline {

/// A uniformly filled phantom (cylinder, Jaszczak without inserts) and its SPECT in counts.
struct UniformPhantomInput {
  std::filesystem::path image;   ///< counts of the whole acquisition per voxel
  double activity_MBq = 0.0;     ///< in the phantom at activity_time (dose calibrator)
  double activity_u_MBq = 0.0;   ///< its standard uncertainty
  std::string activity_time;     ///< ISO 8601 date-time of the activity
  std::string acquisition_time;  ///< ISO 8601 date-time of the acquisition start
  double acquisition_duration_s = 0.0;
  std::optional<std::filesystem::path> mask;  ///< VOI: voxels ≠ 0 (default: the whole image)
  std::optional<double> threshold_fraction;   ///< VOI: voxels ≥ fraction × maximum
  std::optional<double> phantom_volume_mL;    ///< with a mask or threshold: the concentration method
};

/// A sphere phantom (NEMA IEC body phantom) and its SPECT.
struct SpherePhantomInput {
  std::filesystem::path image;
  timeactivity::SampleUnit units = timeactivity::SampleUnit::BqPerMl;  ///< Bq/mL or counts
  /// Counts images: the sensitivity that converts them; absent: the uniform phantom's of the same calibration.
  std::optional<double> sensitivity_cps_per_MBq;
  double sphere_concentration_kBq_per_mL = 0.0;      ///< at concentration_time
  double background_concentration_kBq_per_mL = 0.0;  ///< at concentration_time
  std::string concentration_time;                    ///< ISO 8601 date-time of the concentrations
  std::string acquisition_time;                      ///< ISO 8601 date-time of the acquisition start
  double acquisition_duration_s = 0.0;
  std::vector<quantification::Sphere> spheres;  ///< centres in the image's patient coordinates (mm)
};

struct CalibrationRequest {
  std::string nuclide;
  std::string camera;  ///< free text: camera, collimator, energy window, reconstruction
  std::optional<UniformPhantomInput> uniform;
  std::optional<SpherePhantomInput> spheres;
  /// What made it, for the file: the command line (or Python call) and its inputs by name, as given.
  std::string command;
  std::map<std::string, std::string> inputs;
};

/// Measures and fits (see the header comment); does not write. Throws InvalidInput/IoError (exit code 2) for bad
/// inputs: an unknown nuclide, neither phantom, a counts sphere image without a sensitivity, fewer than 4 spheres,
/// and everything quantification's measurements refuse.
quantification::Calibration calibrate(const CalibrationRequest& request);

}  // namespace rptdose::pipeline
