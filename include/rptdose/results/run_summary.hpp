#pragma once
// rptdose::results — the typed record of a finished run: what summary.json holds, as one C++ type with one writer
// and one reader. The pipeline fills it and writes it; every consumer of a run (rptdose plan, marrow, daughters,
// cycles, the Python package, later features) reads it through read_run_summary, never by parsing the JSON itself.
// docs/study-file.md ("summary.json") documents every key.
//
// Layer: above the compute modules (core, analysis, timeactivity, radiobiology, ...), below pipeline and the CLI;
// part of the compute library (no ITK), so the CLI's plan/marrow/daughters work without the pipeline. The types
// are plain values; nlohmann/json stays inside src/results/.
//
// Reading: required are schema_version, nuclide, administered_activity_Bq and vois[] with name and mean_dose_Gy;
// every other key may be absent (a summary made by hand for planning), and is checked for type and value when
// present (a negative dose, α/β ≤ 0, a non-finite number: InvalidInput naming vois[i].key and the file).
//
// Versioning: the file carries "schema_version": "MAJOR.MINOR". A reader accepts any minor version of its own
// major version (new keys are additions; unknown keys are ignored) and refuses another major version, and a file
// without schema_version (written before rptdose 0.2), with an InvalidInput that says which version it found and
// what to do (re-run the study with this rptdose, or use the rptdose that wrote it).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rptdose::results {

inline constexpr int kSummarySchemaMajor = 1;
inline constexpr int kSummarySchemaMinor = 4;

/// "1.2": the version this build writes (1.1 added methods.activity_outside_body and
/// inputs.time_points[].activity_outside_body_fraction; 1.2 methods.partial_volume, vois[].partial_volume,
/// methods.single_time_point and vois[].fit.single_time_point; 1.0 and 1.1 files read, without them).
std::string summary_schema_version();

/// vois[].radiobiology: the VOI matched a tissue of the radiobiology table and the run computed its BED.
struct VoiRadiobiologyRecord {
  std::string tissue;
  double alpha_beta_Gy = 0.0;
  double repair_half_time_h = 0.0;
  double g_factor = 0.0;
  double bed_Gy = 0.0;   ///< BED of the VOI's mean dose (alpha part RBE_α·D_α, linear)
  double eqd2_Gy = 0.0;  ///< EQD2 of bed_Gy
  double mean_voxel_bed_Gy = 0.0;
  std::optional<double> eud_alpha_per_Gy;
  std::optional<double> eubed_Gy;
  std::optional<double> eud_Gy;
  std::string parameters;  ///< source status of the tissue row: "cited", "alpha_beta_cited" or "assumed"
};

/// vois[].fit.single_time_point: how a single-time-point run integrated the VOI's one sample.
struct VoiSingleTimePointRecord {
  std::string method;                  ///< timeactivity::single_time_point_method_name
  double effective_half_life_h = 0.0;  ///< the half-life used (also of a VOI without activity)
  std::string half_life_source;        ///< where it came from, e.g. "from_summary cycle1/summary.json (VOI 'liver')"
};

/// vois[].fit: the VOI's fitted time-activity curve; of a single-time-point run: model "single-time-point", the
/// parameters (A0, μ) of the mono-exponential it stands for, and single_time_point.
struct VoiFitRecord {
  std::string model;   ///< timeactivity::model_name
  std::string status;  ///< timeactivity::status_name
  std::vector<double> parameters;
  double r_squared = 0.0;
  std::optional<double> aicc;
  std::optional<VoiSingleTimePointRecord> single_time_point;
};

/// vois[].partial_volume: the run corrected its images for partial volume (methods.partial_volume).
struct VoiPartialVolumeRecord {
  double tia_uncorrected_Bq_s = 0.0;  ///< the VOI's TIA fitted to the images before the correction
  std::optional<double> recovery_coefficient;  ///< "recovery": the RC its activity was divided by
};

struct TacPoint {
  double time_h = 0.0;
  double activity_MBq = 0.0;
};

/// One VOI of a run: dose statistics, components, radiobiology, kinetics. The one VOI record of rptdose.
struct VoiRecord {
  std::int32_t label = 0;
  std::string name;
  std::size_t voxels = 0;
  double volume_mL = 0.0;
  std::optional<double> mass_g;  ///< the pipeline always gives it; a summary made by hand may not
  double mean_dose_Gy = 0.0;
  double median_dose_Gy = 0.0;
  double min_dose_Gy = 0.0;
  double max_dose_Gy = 0.0;
  double sd_dose_Gy = 0.0;
  std::map<double, double> dose_at_volume_percent_Gy;  ///< D_x: x (percent of the volume) → dose (Gy)
  std::map<double, double> volume_percent_at_dose;     ///< V(x Gy): threshold (Gy) → percent of the volume
  std::optional<double> mean_alpha_dose_Gy, mean_electron_dose_Gy, mean_photon_dose_Gy;
  std::optional<double> mean_rbe_weighted_dose_Gy;
  double rbe_alpha = 5.0;
  std::optional<VoiRadiobiologyRecord> radiobiology;
  /// The parent's time-integrated activity in the VOI; the pipeline always gives it, a hand-made summary may not.
  std::optional<double> tia_Bq_s;
  double tia_se_Bq_s = 0.0;
  std::optional<double> residence_time_h;
  /// Of the fitted curve; absent when it is not positive and finite (a VOI without activity).
  std::optional<double> effective_half_life_h;
  std::optional<double> uptake_half_time_h;  ///< half-life of the rising term (curves with an uptake phase)
  VoiFitRecord fit;
  std::vector<TacPoint> tac;  ///< of the images the dose came from (corrected, when partial_volume)
  std::optional<VoiPartialVolumeRecord> partial_volume;
  /// methods.dose "monte-carlo": the relative standard (statistical) uncertainty of mean_dose_Gy.
  std::optional<double> monte_carlo_relative_uncertainty;
};

struct AlignmentRecord {
  std::string method;
  double rotation[3][3] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
  double translation_mm[3] = {0, 0, 0};
  std::optional<double> metric_value;
};

struct TimePointRecord {
  std::string image;
  double hours_after_injection = 0.0;
  std::string units;  ///< as the study file says it: "Bq/mL", "Bq", "counts"
  bool decay_corrected = false;
  std::optional<std::string> ct;
  AlignmentRecord alignment;
  /// Of the positive activity on the dose grid, the fraction outside the body outline (a CT's; none without).
  std::optional<double> activity_outside_body_fraction;
  /// How its values became activity (docs/calibration.md): the sensitivity of a counts image (its own or the
  /// study's calibration file's), or the activity the whole image was scaled to.
  std::optional<double> sensitivity_cps_per_MBq;
  std::optional<double> activity_in_image_MBq;
};

struct GridRecord {
  std::size_t size[3] = {0, 0, 0};
  double spacing_mm[3] = {0, 0, 0};
  double origin_mm[3] = {0, 0, 0};
};

struct InputsRecord {
  std::vector<TimePointRecord> time_points;
  std::optional<std::string> ct;
  std::optional<std::string> labels;
  std::optional<std::string> calibration;  ///< the study's calibration file (docs/calibration.md)
  GridRecord dose_grid;
};

struct KernelRecord {
  std::string method;
  std::string medium;
  double density_g_per_mL = 0.0;
  double photon_radius_mm = 0.0;
  std::string source;
  double energy_deposited_per_decay_MeV = 0.0;
};

/// methods.single_time_point: the method, its assumptions in words, and the half-lives the study gave.
struct SingleTimePointMethodRecord {
  std::string method;
  std::string assumptions;
  std::optional<double> default_effective_half_life_h;
  std::map<std::string, double> effective_half_life_h;  ///< by VOI or tissue name, as the study file gives them
  std::optional<std::string> from_summary;
};

/// methods.partial_volume: how the images were corrected for partial volume (absent: they were not).
struct PartialVolumeMethodRecord {
  std::string method;                      ///< pipeline::kPartialVolumeMethodNames
  std::vector<double> resolution_fwhm_mm;  ///< x, y, z (empty when the method takes none)
  std::string description;                 ///< the method, its sources and its assumptions, in words
};

/// methods.monte_carlo: what was asked of the transport and what it did (methods.dose "monte-carlo" only).
struct MonteCarloMethodRecord {
  std::string materials;                     ///< pipeline::kMonteCarloMaterialsNames
  std::uint64_t seed = 0;
  std::optional<std::uint64_t> decays;       ///< asked (with target_uncertainty: the most)
  std::optional<double> target_uncertainty;  ///< asked, in every VOI of at least min_voi_ml
  double min_voi_ml = 0.0;
  std::uint64_t decays_simulated = 0;
  double seconds = 0.0;
  double emitted_per_decay_MeV = 0.0, deposited_per_decay_MeV = 0.0, escaped_per_decay_MeV = 0.0;
};

/// The methods of the run as the study file names them: a record for people and for re-running, never branched
/// on by a consumer (the run's typed choices live in pipeline::Study).
struct MethodsRecord {
  std::string integration, route, dose;
  double kernel_radius_mm = 0.0;
  std::size_t kernel_size[3] = {0, 0, 0};
  KernelRecord kernel;
  bool components = false;
  bool density_correction = false;
  std::string activity_outside_body;  ///< "drop" or "keep" (pipeline::kActivityOutsideBodyNames)
  double rbe_alpha = 5.0;
  std::map<std::string, double> rbe_alpha_by_tissue;
  std::optional<double> eud_alpha_per_Gy;
  std::string bed_kinetics;
  std::string registration;
  std::size_t reference_time_point = 0;
  std::string convolution;
  std::optional<SingleTimePointMethodRecord> single_time_point;  ///< integration "single-time-point" only
  std::optional<PartialVolumeMethodRecord> partial_volume;
  /// dose "monte-carlo" (then kernel_radius_mm, kernel_size and kernel are written as null).
  std::optional<MonteCarloMethodRecord> monte_carlo;
};

struct VoxelFitsRecord {
  std::size_t voxels = 0;
  std::map<std::string, std::size_t> by_status;  ///< status name → voxels (only those > 0)
  std::map<std::string, std::size_t> by_model;   ///< model name → voxels (only those > 0)
  std::size_t negative_samples = 0;
  std::size_t negative_integrals = 0;
};

struct TotalsRecord {
  double tia_Bq_s = 0.0;
  double tia_over_administered_h = 0.0;
  std::size_t negative_tia_voxels = 0;
  std::size_t density_clamped_voxels = 0;
};

struct ChainMemberRecord {
  std::string name;
  double decays_per_parent_decay = 0.0;
};

/// The whole summary.json of a run.
struct RunSummary {
  std::string schema_version = summary_schema_version();  ///< of the file read; the writer writes its own
  std::string rptdose_version;
  std::string fft_library;
  std::string study_file;
  std::string nuclide;
  double half_life_h = 0.0;
  std::vector<ChainMemberRecord> chain;
  double administered_activity_Bq = 0.0;  ///< (the file also says administered_activity_MBq)
  InputsRecord inputs;
  MethodsRecord methods;
  VoxelFitsRecord voxel_fits;
  TotalsRecord totals;
  std::vector<VoiRecord> vois;
  std::vector<std::string> plots;     ///< PNG files, relative to the results folder
  std::vector<std::string> warnings;
  std::vector<std::pair<std::string, double>> timing_s;  ///< stage → seconds, in run order, then "total"
};

/// summary.json text (indent as nlohmann::json::dump: -1 compact). Keys and values as docs/study-file.md lists
/// them, plus schema_version; derived keys (administered_activity_MBq, tia_MBq_h) are written from their source.
std::string to_json(const RunSummary& summary, int indent = 2);

/// Parses summary.json text; `source` names it in messages. Throws InvalidInput for a missing or other major
/// schema_version, and naming the key that is missing or has the wrong type or an impossible value.
RunSummary parse_run_summary(std::string_view json_text, std::string_view source = "summary.json");
/// Reads and parses a summary.json, or the summary.json of a results folder (IoError when unreadable).
RunSummary read_run_summary(const std::filesystem::path& path);

/// The VOI named `name` (exact, or equal after radiobiology's normalized_name: "Kidney-Left" finds kidney_left),
/// or nullptr.
const VoiRecord* find_voi(const RunSummary& summary, std::string_view name);
/// The same, throwing InvalidInput that lists the summary's VOIs when none has that name; `option` names where the
/// name came from in the message (e.g. "--to").
const VoiRecord& require_voi(const RunSummary& summary, std::string_view name, std::string_view option);

}  // namespace rptdose::results
