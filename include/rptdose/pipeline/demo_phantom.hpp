#pragma once
// rptdose::pipeline — the bundled example study: a synthetic abdomen made by the project itself (no downloads), so
// that its true activity, and hence its true time-integrated activity, is known exactly.
//
// What it holds (geometry in docs/example-study.md): body with lung bases, liver, spleen, left and right kidney
// (cortex and medulla), lumbar vertebrae L1–L5 whose trabecular centres are the red-marrow proxy, three tumours
// (two liver metastases, one lymph node) with different uptake and kinetics; a CT in HU; SPECT-like images at four
// times after injection with a Gaussian resolution blur and Poisson counting noise; a label map; 4.8 mm voxels.
//
// Kinetics: each tissue's activity is A(t) = f·A_adm·(e^{−(λp+μ) t} − e^{−(λp+μ+κ) t}) (uptake with rate κ,
// biological washout μ, physical decay λp of the imaged nuclide), 177Lu-DOTATATE-like fractions f and half-lives
// (see demo_phantom.cpp for the table and its sources). Its integral to infinity is the true TIA,
// f·A_adm·(1/(λp+μ) − 1/(λp+μ+κ)).
//
// Depends on core, nuclides and timeactivity (the model definitions); writing the files needs io.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "rptdose/core/volume.hpp"

namespace rptdose::pipeline {

struct DemoOptions {
  std::string nuclide = "Lu-177";
  /// Administered activity (Bq); 0: the nuclide's usual therapeutic activity (Lu-177 7.4 GBq, Pb-212 185 MBq,
  /// Ac-225 7 MBq, others 1 GBq).
  double administered_activity_Bq = 0.0;
  /// Times after injection (h); empty: 4, 24, 96, 168 h for long-lived nuclides, 1, 4, 20, 44 h when the
  /// half-life is shorter than two days.
  std::vector<double> times_h{};
  double resolution_fwhm_mm = 10.0;      ///< Gaussian blur of the SPECT images
  double sensitivity_cps_per_MBq = 9.6;  ///< counts per second per MBq of the synthetic camera (noise level)
  double frame_duration_s = 1200.0;      ///< acquisition time of each scan
  std::uint32_t seed = 20261201;         ///< Poisson noise (same seed, same images)
  /// Uptake that is not uniform within the organs (the second phantom of docs/quantification.md, built against
  /// what a region-based partial-volume correction assumes): the liver's concentration rises linearly from 0.4× to
  /// 1.6× its mean from right to left; tumour 1 has a necrotic core (the inner 60 % of its radius at 10 % of the
  /// rim's concentration); each kidney's cortex is hotter at its poles (1 + 0.8·|cos θ| from the long axis). Each
  /// tissue's total, kinetics and true TIA are those of the uniform phantom.
  bool heterogeneous_uptake = false;
};

/// One tissue of the phantom with its label and kinetics.
struct DemoTissue {
  std::int32_t label = 0;
  std::string name;
  double fraction = 0.0;              ///< f: fraction of the administered activity at the plateau
  double biological_half_life_h = 0;  ///< ln2/μ
  double uptake_half_time_h = 0;      ///< ln2/κ
  double true_tia_Bq_s = 0.0;         ///< ∫ A(t) dt, filled by make_demo_phantom
  /// The TIA inside the label of the noise-free image blurred by the camera's resolution: what a perfect fit of
  /// the label's TAC gives. Its ratio to true_tia_Bq_s is the label's recovery coefficient (partial volume).
  double blurred_tia_in_label_Bq_s = 0.0;
  double volume_ml = 0.0;  ///< of the voxelised label, filled by make_demo_phantom
};

struct DemoPhantom {
  std::string nuclide;  ///< canonical name
  double administered_activity_Bq = 0.0;
  std::vector<double> times_h;
  Volume<float> ct_HU;
  Volume<std::int32_t> labels;
  std::vector<Volume<float>> spect_Bq_per_ml;  ///< one per time, blurred and noisy, not decay-corrected
  Volume<float> true_tia_Bq_s;                 ///< per voxel, before blur and noise
  std::vector<DemoTissue> tissues;             ///< every label (the remainder of the body included)
};

/// Builds the phantom in memory (deterministic for given options). Throws InvalidInput for bad options.
DemoPhantom make_demo_phantom(const DemoOptions& options = {});

/// Writes the example study into `folder` (created; must be empty or absent): ct.nii.gz, labels.nii.gz,
/// spect_<h>h.nii.gz (the third time point in counts, to exercise the calibration), study.json and truth.json
/// (true TIA per tissue). Returns the path of study.json.
std::filesystem::path write_demo_study(const std::filesystem::path& folder, const DemoOptions& options = {});

}  // namespace rptdose::pipeline
