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
#include <string_view>
#include <vector>

#include "rptdose/core/enum_names.hpp"
#include "rptdose/core/grid.hpp"
#include "rptdose/dose/dose_method.hpp"
#include "rptdose/quantification/calibration.hpp"
#include "rptdose/radiobiology/planning.hpp"
#include "rptdose/results/therapy_comparison.hpp"
#include "rptdose/timeactivity/image_series.hpp"
#include "rptdose/timeactivity/models.hpp"
#include "rptdose/timeactivity/single_time_point.hpp"

namespace rptdose::pipeline {

// The study's choices, each with its one name table (core/enum_names.hpp): the parser, the outputs
// (summary.json, report.md) and the error messages all take the names from it. The fit models' names are
// timeactivity::kModelNames, the dose methods' dose::kDoseMethodNames, the image units timeactivity::kSampleUnitNames.

/// How the dose is computed from the activity images.
enum class Route {
  Tia,       ///< integrate each voxel's activity curve, then convolve the TIA once
  DoseRate,  ///< convolve every time point into a dose-rate map, then integrate each voxel's dose-rate curve
};
inline constexpr EnumNames<Route, 2> kRouteNames{{{Route::Tia, "tia"}, {Route::DoseRate, "dose-rate"}}};
inline std::string_view route_name(Route route) {
  return enum_name(kRouteNames, route);
}

/// What becomes of activity outside the patient's body outline (dose/body_outline.hpp; needs a CT).
enum class ActivityOutsideBody {
  Drop,  ///< not fitted and not convolved: image blur and noise beyond the skin, not patient activity
  Keep,  ///< fitted and convolved as every other voxel
};
inline constexpr EnumNames<ActivityOutsideBody, 2> kActivityOutsideBodyNames{
    {{ActivityOutsideBody::Drop, "drop"}, {ActivityOutsideBody::Keep, "keep"}}};
inline std::string_view activity_outside_body_name(ActivityOutsideBody policy) {
  return enum_name(kActivityOutsideBodyNames, policy);
}

/// The G factor of the voxel BED map.
enum class BedKinetics {
  Voi,    ///< each VOI's fitted curve for all its voxels
  Voxel,  ///< each voxel's own fitted curve (trapezoid voxels take their VOI's G)
};
inline constexpr EnumNames<BedKinetics, 2> kBedKineticsNames{
    {{BedKinetics::Voi, "voi"}, {BedKinetics::Voxel, "voxel"}}};
inline std::string_view bed_kinetics_name(BedKinetics kinetics) {
  return enum_name(kBedKineticsNames, kinetics);
}

/// Partial-volume correction of every time point's activity image before the fits (quantification/partial_volume.hpp,
/// docs/quantification.md).
enum class PartialVolumeMethod {
  None,      ///< the images as they are: each VOI's activity as imaged (spill-out and spill-in included)
  Recovery,  ///< each VOI's activity divided by the recovery coefficient of its volume (the calibration's RC curve)
  Voxel,     ///< region-based voxel-wise (GTM means, then RBV) with the label map and the system resolution
};
inline constexpr EnumNames<PartialVolumeMethod, 3> kPartialVolumeMethodNames{{{PartialVolumeMethod::None, "none"},
                                                                              {PartialVolumeMethod::Recovery, "recovery"},
                                                                              {PartialVolumeMethod::Voxel, "voxel"}}};
inline std::string_view partial_volume_method_name(PartialVolumeMethod method) {
  return enum_name(kPartialVolumeMethodNames, method);
}

struct PartialVolumeSpec {
  PartialVolumeMethod method = PartialVolumeMethod::None;
  /// methods.resolution_fwhm_mm: the imaging system's FWHM along the image's x, y, z axes (mm); the voxel method
  /// needs it (one number in the file: the same along every axis).
  std::optional<Vector3> resolution_fwhm_mm;
};

/// How the time points are brought onto the reference time point's grid.
enum class RegistrationMethod {
  None,    ///< the images are already aligned (on one grid)
  Rigid,   ///< rigid registration (CT to CT when both have one, else emission to emission)
  Affine,  ///< rigid, then affine (CT to CT only)
};
inline constexpr EnumNames<RegistrationMethod, 3> kRegistrationMethodNames{
    {{RegistrationMethod::None, "none"}, {RegistrationMethod::Rigid, "rigid"}, {RegistrationMethod::Affine, "affine"}}};
inline std::string_view registration_method_name(RegistrationMethod method) {
  return enum_name(kRegistrationMethodNames, method);
}

/// The file format of the output maps; its name is the file extension.
enum class OutputFormat { NiftiGz, Nifti, Nrrd, MetaImage };
inline constexpr EnumNames<OutputFormat, 4> kOutputFormatNames{{{OutputFormat::NiftiGz, "nii.gz"},
                                                                {OutputFormat::Nifti, "nii"},
                                                                {OutputFormat::Nrrd, "nrrd"},
                                                                {OutputFormat::MetaImage, "mha"}}};
inline std::string_view output_format_name(OutputFormat format) {
  return enum_name(kOutputFormatNames, format);
}
/// ".nii.gz", ".nii", ".nrrd" or ".mha".
inline std::string output_extension(OutputFormat format) {
  return "." + std::string(output_format_name(format));
}

struct TimePointSpec {
  std::filesystem::path image;  ///< NIfTI/NRRD/MetaImage file or DICOM series folder
  /// Exactly one of: hours after injection, or the acquisition date-time (then the study's injection_time is
  /// required), both as seconds after injection here.
  double time_after_injection_s = 0.0;
  timeactivity::SampleUnit units = timeactivity::SampleUnit::BqPerMl;  ///< Bq/mL, Bq (per voxel) or counts
  bool decay_corrected = false;                   ///< required in the file: corrected to the injection time or not
  std::optional<double> calibration_cps_per_MBq;  ///< counts only
  /// counts only (per projection × projections, or per frame); absent: the DICOM header's FrameDuration
  std::optional<double> frame_duration_s;
  std::optional<std::filesystem::path> ct;  ///< the CT of this scan (SPECT/CT), drives the registration
  /// The activity in the field of view at the acquisition (MBq): the image is scaled so that its voxels sum to it,
  /// whatever its units (docs/calibration.md; it assumes all the activity in the image is the patient's).
  std::optional<double> activity_in_image_MBq;
};

/// The CT that gives the dose grid its anatomy: densities for the density correction, the body mask and the
/// overlay plot. `hu_to_density`: (HU, g/mL) points of a piecewise-linear calibration; empty: the default curve
/// (dose/hu_to_density.hpp).
struct CtSpec {
  std::filesystem::path image;
  std::vector<std::pair<double, double>> hu_to_density;
};

struct RegistrationSpec {
  RegistrationMethod method = RegistrationMethod::None;
  /// Index (from 0, as in the file) of the time point whose grid the others are aligned and resampled to.
  std::size_t reference_time_point = 0;
};

/// methods.single_time_point, with methods.integration "single-time-point": the TIA from one scan and an effective
/// half-life per VOI (timeactivity/single_time_point.hpp; keys and precedence in docs/study-file.md).
struct SingleTimePointSpec {
  timeactivity::SingleTimePointMethod method = timeactivity::SingleTimePointMethod::EffectiveHalfLife;
  /// effective_half_life_h as a number, or its "default" key: the voxels and VOIs nothing else names (s).
  std::optional<double> default_effective_half_life_s;
  /// effective_half_life_h keyed by VOI name or tissue name (data/radiobiology/tissue_parameters.csv), in s.
  std::map<std::string, double> effective_half_life_by_name_s;
  /// from_summary: an earlier run's summary.json (or results folder); each VOI takes its fit's effective half-life.
  std::optional<std::filesystem::path> from_summary;
};

/// methods.compare_nuclides and its options (docs/compare.md, "From rptdose run"): each candidate therapy predicted
/// at voxel level from this study's kinetics, planned to the organ limits. The options are those of
/// `rptdose compare`, in the same text forms.
struct ComparisonSpec {
  std::vector<std::string> nuclides;                ///< compare_nuclides: candidates (any accepted spelling)
  std::vector<radiobiology::OrganValue> limits;     ///< compare_limits: "organ:bed:GY" or "organ:dose:GY", ≥ 1
  int cycles = 1;                                   ///< compare_cycles
  std::optional<results::ValueOrRange> rbe_alpha;   ///< compare_rbe_alpha: 5 or "3:7"; none: the VOIs' own
  std::vector<results::DaughterRelease> daughters;  ///< compare_daughters: "Bi-213:0.1:kidney", ...
};

/// The materials the Monte Carlo transports through: the CT's (Schneider 2000 tissue bins, densities from the CT's
/// hu_to_density curve) or ICRP soft tissue of its nominal density everywhere.
enum class MonteCarloMaterials { Ct, SoftTissue };
inline constexpr EnumNames<MonteCarloMaterials, 2> kMonteCarloMaterialsNames{
    {{MonteCarloMaterials::Ct, "ct"}, {MonteCarloMaterials::SoftTissue, "soft-tissue"}}};
inline std::string_view monte_carlo_materials_name(MonteCarloMaterials m) {
  return enum_name(kMonteCarloMaterialsNames, m);
}

/// methods.monte_carlo, with methods.dose "monte-carlo" (montecarlo/monte_carlo_dose.hpp; docs/study-file.md).
struct MonteCarloSpec {
  /// The decays to simulate; with target_uncertainty, the most. Neither given: target 1 % with at most
  /// kDefaultMaxDecays.
  std::optional<std::uint64_t> decays;
  std::optional<double> target_uncertainty;  ///< relative standard uncertainty of every VOI ≥ min_voi_ml
  double min_voi_ml = 10.0;                  ///< smaller VOIs are not waited for
  std::uint64_t seed = 1;
  MonteCarloMaterials materials = MonteCarloMaterials::Ct;  ///< default: ct with a CT, else soft-tissue
  static constexpr std::uint64_t kDefaultMaxDecays = 200'000'000;
  static constexpr double kDefaultTargetUncertainty = 0.01;
};

struct MethodSpec {
  /// The fitted model (timeactivity/models.hpp); none: automatic selection ("auto", model_choice_name).
  std::optional<timeactivity::Model> integration;
  Route route = Route::Tia;
  dose::DoseMethod dose = dose::DoseMethod::Kernel;
  /// Kernel reach (photons beyond it are left out); none (the key absent): full range (dose_method.hpp).
  std::optional<double> kernel_radius_mm;
  bool components = true;                                   ///< alpha/electron/photon maps
  bool density_correction = false;                          ///< energy over each voxel's mass from the CT (needs `ct`)
  /// Activity outside the CT's body outline (no effect without a CT); its fraction is reported either way.
  ActivityOutsideBody activity_outside_body = ActivityOutsideBody::Drop;
  double rbe_alpha = 5.0;  ///< RBE of alpha dose for the RBE-weighted dose (MIRD Pamphlet 22 default)
  /// RBE of alpha dose per tissue of data/radiobiology/tissue_parameters.csv (e.g. {"red_marrow": 3}): the VOIs of
  /// that tissue use it instead of rbe_alpha (RBE depends on the tissue and the endpoint).
  std::map<std::string, double> rbe_alpha_by_tissue;
  /// Radiosensitivity α (1/Gy) for the VOIs' EUBED and EUD (O'Donoghue 1999); none: they are not computed (there
  /// is no default: α depends on the tissue and the cell line, so the user states it).
  std::optional<double> eud_alpha_per_Gy;
  /// G of the voxel BED map: of each VOI's fitted curve, or of each voxel's own (its activity curve on the tia
  /// route, its dose-rate curve on the dose-rate route).
  BedKinetics bed_kinetics = BedKinetics::Voi;
  /// methods.integration "single-time-point" (then `integration` is none): how the one scan is integrated.
  std::optional<SingleTimePointSpec> single_time_point;
  PartialVolumeSpec partial_volume;  ///< methods.partial_volume and methods.resolution_fwhm_mm
  std::optional<ComparisonSpec> compare;  ///< methods.compare_nuclides (with compare_limits, ...)
  std::optional<MonteCarloSpec> monte_carlo;  ///< with dose "monte-carlo" (always then), else none

  /// The dose method these choices make (soft tissue, the default chain), for dose::make_dose_kernel.
  dose::DoseMethodSpec dose_method() const {
    dose::DoseMethodSpec spec;
    spec.method = dose;
    spec.kernel_radius_mm = kernel_radius_mm;
    return spec;
  }
};

struct OutputSpec {
  OutputFormat format = OutputFormat::NiftiGz;
  std::vector<double> dose_thresholds_Gy{};                ///< V(x Gy) in the VOI table
  std::vector<double> dose_volume_percent{2, 50, 95, 98};  ///< D_x in the VOI table
  bool plots = true;                                       ///< PNG plots (TAC, DVH, overlay) through matplotlib
  bool dicom_rt_dose = false;  ///< also DICOM RT Dose of the dose maps and a SEG of the VOIs (docs/dicom.md)
};

struct Study {
  std::filesystem::path file;  ///< where it was read from (empty for a parsed string)
  std::string nuclide;
  double administered_activity_Bq = 0.0;
  std::vector<TimePointSpec> time_points;  ///< sorted by time, checked strictly increasing
  std::optional<std::filesystem::path> labels;
  std::map<std::int32_t, std::string> label_names;  ///< labels.preset's names, then labels.names keyed by label
  std::string label_preset;                         ///< labels.preset ("" when not given)
  /// labels.names keyed by a name the source gives (an RTSTRUCT's ROI Name, a SEG's Segment Label, a mask's file
  /// name, or a preset's name): that VOI's new name.
  std::map<std::string, std::string> label_renames;
  /// labels.priority: the VOIs (by their final names) that keep overlapping voxels first, in this order.
  std::vector<std::string> label_priority;
  /// labels.ignore: ROI / segment / mask names of an RTSTRUCT, SEG or mask folder left out (a couch, a
  /// template's empty placeholder ROIs); each must name one of the source's VOIs.
  std::vector<std::string> label_ignore;
  std::optional<CtSpec> ct;
  RegistrationSpec registration;
  MethodSpec methods;
  OutputSpec output;
  /// The top-level key `calibration` (docs/calibration.md): the file, and what it holds (read with the study; its
  /// nuclide checked against the study's). Counts time points without calibration_cps_per_MBq use its sensitivity.
  std::optional<std::filesystem::path> calibration_file;
  std::optional<quantification::Calibration> calibration;
};

/// The sensitivity (cps/MBq) that converts counts time point `t` of `study`: its own calibration_cps_per_MBq, else
/// the study's calibration file's (read_study checked that one of them exists for every counts time point).
double counts_sensitivity_cps_per_MBq(const Study& study, const TimePointSpec& t);

/// Reads and checks a study file. Throws IoError when it cannot be read, InvalidInput (naming the key) for
/// anything wrong in it.
Study read_study(const std::filesystem::path& file);
/// The same from text; relative paths are resolved against `base_folder`.
Study parse_study(const std::string& json_text, const std::filesystem::path& base_folder);

/// "2026-11-24T09:30:00" (seconds optional, fraction allowed) as seconds since 1970-01-01 of the same clock as
/// the DICOM times (io/dicom_info.hpp). Throws InvalidInput for other formats.
double iso_datetime_seconds(const std::string& text);
/// The inverse of iso_datetime_seconds: "2026-11-24T09:30:00", with the fraction of a second when there is one
/// (to the microsecond, trailing zeros dropped: "2026-11-24T09:30:00.25").
std::string iso_datetime_text(double seconds);

}  // namespace rptdose::pipeline
