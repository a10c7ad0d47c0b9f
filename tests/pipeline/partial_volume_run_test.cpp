// methods.partial_volume "voxel" and "recovery" on the bundled example (uniform uptake in each organ, as the correction assumes)
// and on its heterogeneous variant (uptake that is not: DemoOptions::heterogeneous_uptake), against the phantom's
// true TIA (docs/quantification.md has the tables these tests check).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "rptdose/io/image_io.hpp"
#include "rptdose/pipeline/demo_phantom.hpp"
#include "rptdose/pipeline/run.hpp"
#include "rptdose/quantification/calibration.hpp"
#include "scratch_folder.hpp"

namespace rptdose::pipeline {
namespace {

namespace fs = std::filesystem;
using rptdose::testing::ScratchFolder;

RunResult run_quietly(Study study, const fs::path& out) {
  study.output.plots = false;
  RunOptions options;
  options.output_folder = out;
  return run_study(study, options);
}

Study with_voxel_correction(Study study) {
  study.methods.partial_volume.method = PartialVolumeMethod::Voxel;
  study.methods.partial_volume.resolution_fwhm_mm = Vector3::Constant(10.0);  // the demo camera's (DemoOptions)
  return study;
}

std::map<std::string, double> true_tia_by_name(const fs::path& truth_file) {
  std::ifstream in(truth_file);
  const auto truth = nlohmann::json::parse(in);
  std::map<std::string, double> out;
  for (const auto& t : truth["tissues"]) out[t["name"]] = t["true_tia_Bq_s"];
  return out;
}

// The target: with the correction, every VOI of 10 mL or more within ±10 % of its true TIA (measured: 0.985
// to 1.058; tumour 1's +5.8 % is its fit, see run_test.cpp), where without it the kidney cortices keep 0.69 and the
// medullas 1.31. The TIA before the correction is the uncorrected run's, to the fit's round-off.
TEST(PartialVolumeRun, VoxelCorrectionRecoversEveryVoiOfTheExampleWithinTenPercent) {
  ScratchFolder scratch("pvc-demo");
  const auto study_file = write_demo_study(scratch.path / "study");
  const auto truth = true_tia_by_name(scratch.path / "study" / "truth.json");
  const auto plain = run_quietly(read_study(study_file), scratch.path / "plain");
  const auto corrected = run_quietly(with_voxel_correction(read_study(study_file)), scratch.path / "pvc");
  ASSERT_EQ(corrected.summary.vois.size(), truth.size());
  ASSERT_TRUE(corrected.summary.methods.partial_volume);
  EXPECT_EQ(corrected.summary.methods.partial_volume->method, "voxel");
  EXPECT_EQ(corrected.summary.methods.partial_volume->resolution_fwhm_mm, (std::vector<double>{10, 10, 10}));
  EXPECT_FALSE(plain.summary.methods.partial_volume);
  for (std::size_t i = 0; i < corrected.summary.vois.size(); ++i) {
    const auto& v = corrected.summary.vois[i];
    const auto& before = plain.summary.vois[i];
    ASSERT_EQ(v.name, before.name);
    ASSERT_TRUE(v.partial_volume) << v.name;
    EXPECT_FALSE(before.partial_volume) << v.name;
    EXPECT_NEAR(v.partial_volume->tia_uncorrected_Bq_s / *before.tia_Bq_s, 1.0, 1e-6) << v.name;
    if (v.volume_mL >= 10.0) EXPECT_NEAR(*v.tia_Bq_s / truth.at(v.name), 1.0, 0.10) << v.name;
  }
  for (const char* cortex : {"kidney_left_cortex", "kidney_right_cortex"}) {
    const auto& v = *std::find_if(plain.summary.vois.begin(), plain.summary.vois.end(),
                                  [&](const auto& r) { return r.name == cortex; });
    EXPECT_LT(*v.tia_Bq_s / truth.at(cortex), 0.75) << cortex;  // what the correction had to undo
  }
  // The summary.json on disk says it too.
  std::ifstream in(scratch.path / "pvc" / "summary.json");
  const auto summary = nlohmann::json::parse(in);
  EXPECT_EQ(summary["methods"]["partial_volume"]["method"], "voxel");
  EXPECT_TRUE(summary["vois"][0]["partial_volume"].contains("tia_uncorrected_Bq_s"));
}

// Uptake that is not uniform within the VOIs: the VOI totals stay within ±10 % (measured 0.977–1.023: the GTM means
// are of the regions' totals, which the structure inside changes little), but the structure inside a VOI is not
// restored, only kept as blurred: tumour 1's necrotic core (10 % of the rim's concentration) shows 0.71 of the rim
// in the uncorrected TIA map and 0.51 after the correction (measured), far from 0.1.
TEST(PartialVolumeRun, HeterogeneousUptakeKeepsVoiTotalsButNotTheStructureInside) {
  ScratchFolder scratch("pvc-heterogeneous");
  DemoOptions options;
  options.heterogeneous_uptake = true;
  const auto study_file = write_demo_study(scratch.path / "study", options);
  const auto truth = true_tia_by_name(scratch.path / "study" / "truth.json");
  const auto corrected = run_quietly(with_voxel_correction(read_study(study_file)), scratch.path / "pvc");
  for (const auto& v : corrected.summary.vois)
    if (v.volume_mL >= 10.0) EXPECT_NEAR(*v.tia_Bq_s / truth.at(v.name), 1.0, 0.10) << v.name;

  const auto phantom = make_demo_phantom(options);
  const auto tia = io::read_image(scratch.path / "pvc" / "tia_Bq_s.nii.gz");
  const std::int32_t tumour = 8;  // demo_phantom.cpp kTumour1
  float rim_true = 0;
  for (std::size_t v = 0; v < tia.size(); ++v)
    if (phantom.labels[v] == tumour) rim_true = std::max(rim_true, phantom.true_tia_Bq_s[v]);
  double core = 0, rim = 0;
  std::size_t core_n = 0, rim_n = 0;
  for (std::size_t v = 0; v < tia.size(); ++v) {
    if (phantom.labels[v] != tumour) continue;
    if (phantom.true_tia_Bq_s[v] < 0.5f * rim_true) core += tia[v], ++core_n;
    else rim += tia[v], ++rim_n;
  }
  ASSERT_GT(core_n, 20u);
  const double contrast = (core / core_n) / (rim / rim_n);
  EXPECT_GT(contrast, 0.3);  // true 0.1: not restored
  EXPECT_LT(contrast, 0.7);  // the uncorrected map's 0.71: the spill-in from the rim is removed in part
}

// "recovery": each VOI's activity divided by RC(its volume) at every time point, so its TIA is the uncorrected one
// over RC exactly (the fits are scale-equivariant: 1e-6); label 0 is not corrected; VOIs outside the curve's
// volumes are named in warnings (the remainder, 15 L, is above the largest sphere).
TEST(PartialVolumeRun, RecoveryCorrectionDividesEachVoiByTheRcOfItsVolume) {
  ScratchFolder scratch("pvc-recovery");
  const auto study_file = write_demo_study(scratch.path / "study");
  Study study = read_study(study_file);
  quantification::Calibration calibration;
  calibration.nuclide = "Lu-177";
  quantification::RecoveryCurve curve;  // of the order of a 10 mm FWHM system's (docs/calibration.md)
  curve.a = 0.98, curve.b_mL = 4.0, curve.c = 1.2, curve.volume_min_mL = 0.52, curve.volume_max_mL = 26.5;
  calibration.recovery = curve;
  study.calibration = calibration;
  study.calibration_file = scratch.path / "calibration.json";
  study.methods.partial_volume.method = PartialVolumeMethod::Recovery;
  const auto result = run_quietly(study, scratch.path / "out");
  ASSERT_TRUE(result.summary.methods.partial_volume);
  EXPECT_EQ(result.summary.methods.partial_volume->method, "recovery");
  EXPECT_TRUE(result.summary.methods.partial_volume->resolution_fwhm_mm.empty());
  for (const auto& v : result.summary.vois) {
    ASSERT_TRUE(v.partial_volume && v.partial_volume->recovery_coefficient) << v.name;
    const double rc = curve.recovery(v.volume_mL);
    EXPECT_NEAR(*v.partial_volume->recovery_coefficient, rc, 1e-6 * rc) << v.name;
    EXPECT_NEAR(*v.tia_Bq_s * rc / v.partial_volume->tia_uncorrected_Bq_s, 1.0, 1e-6) << v.name;
  }
  const auto& warnings = result.summary.warnings;
  EXPECT_TRUE(std::any_of(warnings.begin(), warnings.end(), [](const std::string& w) {
    return w.find("remainder_of_body") != std::string::npos && w.find("largest sphere") != std::string::npos;
  }));
}

}  // namespace
}  // namespace rptdose::pipeline
