// Regression (issue 17 row 11): the body mask was "CT > −400 HU" voxel by voxel, so every count in lung (−800 HU),
// airway and bowel-gas voxels was dropped (on a real lung SPECT/CT, 35 % of the counts; the lung dose 97 % low).
// Here the demo's liver is given lung density on the CT: its activity must still be the patient's.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "rptdose/io/image_io.hpp"
#include "rptdose/pipeline/demo_phantom.hpp"
#include "rptdose/pipeline/run.hpp"

namespace rptdose::pipeline {
namespace {

namespace fs = std::filesystem;

const results::VoiRecord& voi(const RunResult& result, const std::string& name) {
  for (const auto& v : result.summary.vois)
    if (v.name == name) return v;
  throw std::runtime_error("no VOI " + name);
}

TEST(BodyOutlineRun, ActivityInLungDensityTissueIsKeptAndTheFractionOutsideIsReported) {
  const fs::path folder = fs::temp_directory_path() / ("rptdose-body-outline-" + std::to_string(::getpid()));
  fs::remove_all(folder);
  Study study = read_study(write_demo_study(folder / "study"));
  study.output.plots = false;
  study.methods.density_correction = false;  // the CT gives the outline only: the same dose physics in both runs
  const auto run = [&](const std::string& name) {
    RunOptions options;
    options.output_folder = folder / name;
    return run_study(study, options);
  };
  const RunResult soft_tissue = run("soft_tissue");

  // The liver (label 1) at −800 HU, as lung parenchyma.
  auto ct = io::read_image(study.ct->image);
  const auto labels = io::read_labels(*study.labels);
  ASSERT_TRUE(ct.grid().same_geometry(labels.grid()));
  for (std::size_t v = 0; v < ct.size(); ++v)
    if (labels[v] == 1) ct[v] = -800.0f;
  study.ct->image = folder / "ct_lung_liver.nii.gz";
  io::write_image(ct, study.ct->image);
  const RunResult lung = run("lung_liver");

  EXPECT_NEAR(*voi(lung, "liver").tia_Bq_s / *voi(soft_tissue, "liver").tia_Bq_s, 1.0, 1e-6);
  EXPECT_NEAR(voi(lung, "liver").mean_dose_Gy / voi(soft_tissue, "liver").mean_dose_Gy, 1.0, 1e-6);
  // The demo's SPECT blur spreads some activity beyond the skin: reported per time point, below the warning level.
  for (const auto& tp : lung.summary.inputs.time_points) {
    ASSERT_TRUE(tp.activity_outside_body_fraction.has_value());
    EXPECT_LT(*tp.activity_outside_body_fraction, 0.05);
    EXPECT_GT(*tp.activity_outside_body_fraction, 0.0);
  }
  EXPECT_EQ(lung.summary.methods.activity_outside_body, "drop");

  // "keep": the voxels outside the outline are fitted too; the body's VOIs hardly change (crossfire from the
  // blur beyond the skin), the total TIA grows by about the fraction outside.
  study.methods.activity_outside_body = ActivityOutsideBody::Keep;
  const RunResult kept = run("kept");
  EXPECT_EQ(kept.summary.methods.activity_outside_body, "keep");
  const auto tia = io::read_image(folder / "kept" / "tia_Bq_s.nii.gz");
  const auto tia_dropped = io::read_image(folder / "lung_liver" / "tia_Bq_s.nii.gz");
  EXPECT_GT(tia.sum(), tia_dropped.sum());
  EXPECT_NEAR(voi(kept, "liver").mean_dose_Gy / voi(lung, "liver").mean_dose_Gy, 1.0, 0.01);
  fs::remove_all(folder);
}

}  // namespace
}  // namespace rptdose::pipeline
