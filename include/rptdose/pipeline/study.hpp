#pragma once
// rptdose::pipeline — the study file: everything `rptdose run` needs to turn a patient's scans into dose, in one
// JSON document (format and a full example: docs/study-file.md). JSON rather than YAML: strict, no extra
// dependency, and what scripts and other tools already write.
//
// Module pipeline owns: the study description, running it, and its outputs. It depends on every other module.
//
// Strictness: unknown keys are errors (a typo such as "decay_corected" must not silently fall back to a default),
// and so are missing required keys, wrong types and impossible values; each message names the key and its place.
// Relative image paths are relative to the study file's folder.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rptdose::pipeline {

struct TimePointSpec {
  std::filesystem::path image;  ///< NIfTI/NRRD/MetaImage file or DICOM series folder
  /// Exactly one of: hours after injection, or the acquisition date-time (then the study's injection_time is
  /// required), both as seconds after injection here.
  double time_after_injection_s = 0.0;
  std::string units;                              ///< "Bq/mL", "Bq" (per voxel) or "counts"
  bool decay_corrected = false;                   ///< required in the file: corrected to the injection time or not
  std::optional<double> calibration_cps_per_MBq;  ///< counts only
  /// counts only (per projection × projections, or per frame); absent: the DICOM header's FrameDuration
  std::optional<double> frame_duration_s;
  std::optional<std::filesystem::path> ct;  ///< the CT of this scan (SPECT/CT), drives the registration
};

/// The CT that gives the dose grid its anatomy: densities for the density correction, the body mask and the
/// overlay plot. `hu_to_density`: (HU, g/mL) points of a piecewise-linear calibration; empty: the default curve
/// (dose/hu_to_density.hpp).
struct CtSpec {
  std::filesystem::path image;
  std::vector<std::pair<double, double>> hu_to_density;
};

struct RegistrationSpec {
  std::string method = "none";           ///< "none" (images already aligned), "rigid", or "affine" (CT to CT)
  std::size_t reference_time_point = 0;  ///< the time point whose grid the others are aligned and resampled to
};

struct MethodSpec {
  std::string integration = "auto";  ///< "auto" or a model name (timeactivity/models.hpp)
  std::string route = "tia";         ///< "tia" (integrate, then convolve) or "dose-rate"
  std::string dose = "kernel";       ///< "kernel" or "led"
  double kernel_radius_mm = 30.0;    ///< kernel reach (photons beyond it are left out)
  bool components = true;            ///< alpha/electron/photon maps
  bool density_correction = false;   ///< energy over each voxel's mass from the CT (needs `ct`)
  double rbe_alpha = 5.0;            ///< RBE of alpha dose for the RBE-weighted dose (MIRD Pamphlet 22 default)
  /// RBE of alpha dose per tissue of data/radiobiology/tissue_parameters.csv (e.g. {"red_marrow": 3}): the VOIs of
  /// that tissue use it instead of rbe_alpha (RBE depends on the tissue and the endpoint).
  std::map<std::string, double> rbe_alpha_by_tissue;
  /// Radiosensitivity α (1/Gy) for the VOIs' EUBED and EUD (O'Donoghue 1999); none: they are not computed (there
  /// is no default: α depends on the tissue and the cell line, so the user states it).
  std::optional<double> eud_alpha_per_Gy;
  /// G of the voxel BED map: "voi" (each VOI's fitted curve for all its voxels) or "voxel" (each voxel's own fitted
  /// curve: its activity curve on the tia route, its dose-rate curve on the dose-rate route; trapezoid voxels take
  /// their VOI's G).
  std::string bed_kinetics = "voi";
};

struct OutputSpec {
  std::string format = "nii.gz";                           ///< "nii.gz", "nii", "nrrd" or "mha"
  std::vector<double> dose_thresholds_Gy{};                ///< V(x Gy) in the VOI table
  std::vector<double> dose_volume_percent{2, 50, 95, 98};  ///< D_x in the VOI table
  bool plots = true;                                       ///< PNG plots (TAC, DVH, overlay) through matplotlib
};

struct Study {
  std::filesystem::path file;  ///< where it was read from (empty for a parsed string)
  std::string nuclide;
  double administered_activity_Bq = 0.0;
  std::vector<TimePointSpec> time_points;  ///< sorted by time, checked strictly increasing
  std::optional<std::filesystem::path> labels;
  std::map<std::int32_t, std::string> label_names;  ///< labels.preset's names, then labels.names
  std::optional<CtSpec> ct;
  RegistrationSpec registration;
  MethodSpec methods;
  OutputSpec output;
};

/// Reads and checks a study file. Throws IoError when it cannot be read, InvalidInput (naming the key) for
/// anything wrong in it.
Study read_study(const std::filesystem::path& file);
/// The same from text; relative paths are resolved against `base_folder`.
Study parse_study(const std::string& json_text, const std::filesystem::path& base_folder);

/// "2026-11-24T09:30:00" (seconds optional, fraction allowed) as seconds since 1970-01-01 of the same clock as
/// the DICOM times (io/dicom_info.hpp). Throws InvalidInput for other formats.
double iso_datetime_seconds(const std::string& text);

}  // namespace rptdose::pipeline
