#pragma once
// rptdose::quantification — the calibration file: what `rptdose calibrate` measured on phantoms of one camera,
// collimator and reconstruction for one nuclide — the sensitivity (cps/MBq, from a uniform phantom) and the
// recovery curve (from a sphere phantom) — and how it was made. A study names it with the top-level key
// `calibration`; its counts time points without `calibration_cps_per_MBq` then use its sensitivity, and a per-VOI
// recovery correction its curve (docs/calibration.md).
//
// The file is JSON, written and read only here, strict like the study file: unknown or duplicate keys, a missing
// required key or a value of the wrong type are IoErrors naming the key; a file of another major schema version
// is refused.
//
// Module quantification owns camera calibration, recovery coefficients, partial-volume correction and
// normalisation to a known activity; it depends on core only, never on ITK or DCMTK.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rptdose/quantification/recovery_curve.hpp"

namespace rptdose::quantification {

inline constexpr int kCalibrationSchemaMajor = 1;
inline constexpr int kCalibrationSchemaMinor = 1;  // 1.1: the surface law above the largest sphere

/// Camera sensitivity S: count rate in the image per activity in the field of view, and what it was measured from.
struct Sensitivity {
  double cps_per_MBq = 0.0;    ///< > 0
  double u_cps_per_MBq = 0.0;  ///< standard uncertainty (counting statistics ⊕ the activity's stated uncertainty)
  double counts = 0.0;         ///< counts in the phantom VOI
  double acquisition_duration_s = 0.0;       ///< the frame duration the counts were acquired in
  double activity_at_acquisition_MBq = 0.0;  ///< the phantom's activity decayed to the acquisition start
  std::string voi;  ///< how the counts were taken: "whole image", "mask <file>", "threshold 10 % of the maximum"
};

/// What made a calibration: the command line and its inputs (names → values as given: image paths, activities,
/// times), the program version and when it ran.
struct CalibrationProvenance {
  std::string command;                        ///< e.g. "rptdose calibrate --uniform-image ..."
  std::map<std::string, std::string> inputs;  ///< by name
  std::string rptdose_version;
  std::string created_utc;  ///< ISO 8601, e.g. "2026-12-07T13:05:00Z"
};

struct Calibration {
  std::string nuclide;           ///< as given, e.g. "Lu-177" (checked against the decay data by the readers' callers)
  std::string camera;            ///< free text: camera, collimator, energy windows, reconstruction
  std::string calibration_time;  ///< ISO 8601 date-time of the phantom measurement (the sensitivity's acquisition)
  std::optional<Sensitivity> sensitivity;
  std::vector<RecoveryPoint> recovery_points;  ///< the measured spheres (empty without a sphere phantom)
  std::optional<RecoveryCurve> recovery;       ///< fitted to recovery_points
  CalibrationProvenance provenance;
};

/// Writes `calibration` as JSON (atomically: a temporary file renamed into place). Throws IoError when the file
/// cannot be written, InvalidInput for a calibration with neither a sensitivity nor a recovery curve.
void write_calibration(const Calibration& calibration, const std::filesystem::path& path);
/// Reads a file written by write_calibration: IoError when it cannot be read, InvalidInput for its content (see
/// the header comment).
Calibration read_calibration(const std::filesystem::path& path);
/// The same from the file's text; `source` names it in messages.
Calibration parse_calibration(const std::string& json_text, const std::string& source);

}  // namespace rptdose::quantification
