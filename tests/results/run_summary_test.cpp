// The results model's writer and reader (rptdose/results/run_summary.hpp): a demo run's summary comes back from
// summary.json as it went in, field by field; the reader's errors name the key and the fix.
#include "rptdose/results/run_summary.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>

#include "rptdose/core/error.hpp"
#include "rptdose/pipeline/demo_phantom.hpp"
#include "rptdose/pipeline/run.hpp"
#include "rptdose/pipeline/study.hpp"

namespace rptdose::results {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

/// Equal, or both NaN (a fit parameter that is not a number is written as null and read back as NaN).
void expect_same(double a, double b, const std::string& what) {
  if (std::isnan(a) && std::isnan(b)) return;
  EXPECT_EQ(a, b) << what;
}
void expect_same(const std::optional<double>& a, const std::optional<double>& b, const std::string& what) {
  ASSERT_EQ(a.has_value(), b.has_value()) << what;
  if (a) expect_same(*a, *b, what);
}

void expect_same_voi(const VoiRecord& a, const VoiRecord& b) {
  const std::string at = "VOI " + a.name + ": ";
  EXPECT_EQ(a.label, b.label);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.voxels, b.voxels) << at;
  expect_same(a.volume_mL, b.volume_mL, at + "volume_mL");
  expect_same(a.mass_g, b.mass_g, at + "mass_g");
  expect_same(a.mean_dose_Gy, b.mean_dose_Gy, at + "mean_dose_Gy");
  expect_same(a.median_dose_Gy, b.median_dose_Gy, at + "median_dose_Gy");
  expect_same(a.min_dose_Gy, b.min_dose_Gy, at + "min_dose_Gy");
  expect_same(a.max_dose_Gy, b.max_dose_Gy, at + "max_dose_Gy");
  expect_same(a.sd_dose_Gy, b.sd_dose_Gy, at + "sd_dose_Gy");
  EXPECT_EQ(a.dose_at_volume_percent_Gy, b.dose_at_volume_percent_Gy) << at;
  EXPECT_EQ(a.volume_percent_at_dose, b.volume_percent_at_dose) << at;
  expect_same(a.mean_alpha_dose_Gy, b.mean_alpha_dose_Gy, at + "mean_alpha_dose_Gy");
  expect_same(a.mean_electron_dose_Gy, b.mean_electron_dose_Gy, at + "mean_electron_dose_Gy");
  expect_same(a.mean_photon_dose_Gy, b.mean_photon_dose_Gy, at + "mean_photon_dose_Gy");
  expect_same(a.mean_rbe_weighted_dose_Gy, b.mean_rbe_weighted_dose_Gy, at + "mean_rbe_weighted_dose_Gy");
  expect_same(a.rbe_alpha, b.rbe_alpha, at + "rbe_alpha");
  ASSERT_EQ(a.radiobiology.has_value(), b.radiobiology.has_value()) << at;
  if (a.radiobiology) {
    const auto &r = *a.radiobiology, &s = *b.radiobiology;
    EXPECT_EQ(r.tissue, s.tissue) << at;
    expect_same(r.alpha_beta_Gy, s.alpha_beta_Gy, at + "alpha_beta_Gy");
    expect_same(r.repair_half_time_h, s.repair_half_time_h, at + "repair_half_time_h");
    expect_same(r.g_factor, s.g_factor, at + "g_factor");
    expect_same(r.bed_Gy, s.bed_Gy, at + "bed_Gy");
    expect_same(r.eqd2_Gy, s.eqd2_Gy, at + "eqd2_Gy");
    expect_same(r.mean_voxel_bed_Gy, s.mean_voxel_bed_Gy, at + "mean_voxel_bed_Gy");
    expect_same(r.eud_alpha_per_Gy, s.eud_alpha_per_Gy, at + "eud_alpha_per_Gy");
    expect_same(r.eubed_Gy, s.eubed_Gy, at + "eubed_Gy");
    expect_same(r.eud_Gy, s.eud_Gy, at + "eud_Gy");
    EXPECT_EQ(r.parameters, s.parameters) << at;
  }
  expect_same(a.tia_Bq_s, b.tia_Bq_s, at + "tia_Bq_s");
  expect_same(a.tia_se_Bq_s, b.tia_se_Bq_s, at + "tia_se_Bq_s");
  expect_same(a.residence_time_h, b.residence_time_h, at + "residence_time_h");
  expect_same(a.effective_half_life_h, b.effective_half_life_h, at + "effective_half_life_h");
  expect_same(a.uptake_half_time_h, b.uptake_half_time_h, at + "uptake_half_time_h");
  EXPECT_EQ(a.fit.model, b.fit.model) << at;
  EXPECT_EQ(a.fit.status, b.fit.status) << at;
  ASSERT_EQ(a.fit.parameters.size(), b.fit.parameters.size()) << at;
  for (std::size_t i = 0; i < a.fit.parameters.size(); ++i)
    expect_same(a.fit.parameters[i], b.fit.parameters[i], at + "fit.parameters");
  expect_same(a.fit.r_squared, b.fit.r_squared, at + "fit.r_squared");
  expect_same(a.fit.aicc, b.fit.aicc, at + "fit.aicc");
  ASSERT_EQ(a.tac.size(), b.tac.size()) << at;
  for (std::size_t i = 0; i < a.tac.size(); ++i) {
    expect_same(a.tac[i].time_h, b.tac[i].time_h, at + "tac.time_h");
    expect_same(a.tac[i].activity_MBq, b.tac[i].activity_MBq, at + "tac.activity_MBq");
  }
  expect_same(a.monte_carlo_relative_uncertainty, b.monte_carlo_relative_uncertainty, at + "monte_carlo");
}

TEST(RunSummary, ADemoRunsSummaryComesBackFromItsFileFieldByField) {
  const fs::path scratch = fs::temp_directory_path() / ("rptdose-summary-" + std::to_string(::getpid()));
  fs::remove_all(scratch);
  auto study = pipeline::read_study(pipeline::write_demo_study(scratch / "study"));
  study.output.plots = false;
  pipeline::RunOptions options;
  options.output_folder = scratch / "results";
  const auto written = pipeline::run_study(study, options).summary;
  const auto read = read_run_summary(scratch / "results");  // a results folder: its summary.json
  fs::remove_all(scratch);

  EXPECT_EQ(read.schema_version, summary_schema_version());
  EXPECT_EQ(read.rptdose_version, written.rptdose_version);
  EXPECT_EQ(read.fft_library, written.fft_library);
  EXPECT_EQ(read.study_file, written.study_file);
  EXPECT_EQ(read.nuclide, written.nuclide);
  expect_same(read.half_life_h, written.half_life_h, "half_life_h");
  ASSERT_EQ(read.chain.size(), written.chain.size());
  for (std::size_t i = 0; i < read.chain.size(); ++i) {
    EXPECT_EQ(read.chain[i].name, written.chain[i].name);
    expect_same(read.chain[i].decays_per_parent_decay, written.chain[i].decays_per_parent_decay, "chain");
  }
  expect_same(read.administered_activity_Bq, written.administered_activity_Bq, "administered_activity_Bq");

  const auto &ri = read.inputs, &wi = written.inputs;
  ASSERT_EQ(ri.time_points.size(), wi.time_points.size());
  for (std::size_t i = 0; i < ri.time_points.size(); ++i) {
    const auto &r = ri.time_points[i], &w = wi.time_points[i];
    EXPECT_EQ(r.image, w.image);
    expect_same(r.hours_after_injection, w.hours_after_injection, "hours_after_injection");
    EXPECT_EQ(r.units, w.units);
    EXPECT_EQ(r.decay_corrected, w.decay_corrected);
    EXPECT_EQ(r.ct, w.ct);
    EXPECT_EQ(r.alignment.method, w.alignment.method);
    for (int row = 0; row < 3; ++row) {
      for (int c = 0; c < 3; ++c) expect_same(r.alignment.rotation[row][c], w.alignment.rotation[row][c], "rotation");
      expect_same(r.alignment.translation_mm[row], w.alignment.translation_mm[row], "translation_mm");
    }
    expect_same(r.alignment.metric_value, w.alignment.metric_value, "metric_value");
  }
  EXPECT_EQ(ri.ct, wi.ct);
  EXPECT_EQ(ri.labels, wi.labels);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(ri.dose_grid.size[i], wi.dose_grid.size[i]);
    expect_same(ri.dose_grid.spacing_mm[i], wi.dose_grid.spacing_mm[i], "spacing_mm");
    expect_same(ri.dose_grid.origin_mm[i], wi.dose_grid.origin_mm[i], "origin_mm");
  }

  const auto &rm = read.methods, &wm = written.methods;
  EXPECT_EQ(rm.integration, wm.integration);
  EXPECT_EQ(rm.route, wm.route);
  EXPECT_EQ(rm.dose, wm.dose);
  expect_same(rm.kernel_radius_mm, wm.kernel_radius_mm, "kernel_radius_mm");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(rm.kernel_size[i], wm.kernel_size[i]);
  EXPECT_EQ(rm.kernel.method, wm.kernel.method);
  EXPECT_EQ(rm.kernel.medium, wm.kernel.medium);
  expect_same(rm.kernel.density_g_per_mL, wm.kernel.density_g_per_mL, "density_g_per_mL");
  expect_same(rm.kernel.photon_radius_mm, wm.kernel.photon_radius_mm, "photon_radius_mm");
  EXPECT_EQ(rm.kernel.source, wm.kernel.source);
  expect_same(rm.kernel.energy_deposited_per_decay_MeV, wm.kernel.energy_deposited_per_decay_MeV, "energy");
  EXPECT_EQ(rm.components, wm.components);
  EXPECT_EQ(rm.density_correction, wm.density_correction);
  expect_same(rm.rbe_alpha, wm.rbe_alpha, "rbe_alpha");
  EXPECT_EQ(rm.rbe_alpha_by_tissue, wm.rbe_alpha_by_tissue);
  expect_same(rm.eud_alpha_per_Gy, wm.eud_alpha_per_Gy, "eud_alpha_per_Gy");
  EXPECT_EQ(rm.bed_kinetics, wm.bed_kinetics);
  EXPECT_EQ(rm.registration, wm.registration);
  EXPECT_EQ(rm.reference_time_point, wm.reference_time_point);
  EXPECT_EQ(rm.convolution, wm.convolution);

  EXPECT_EQ(read.voxel_fits.voxels, written.voxel_fits.voxels);
  EXPECT_EQ(read.voxel_fits.by_status, written.voxel_fits.by_status);
  EXPECT_EQ(read.voxel_fits.by_model, written.voxel_fits.by_model);
  EXPECT_EQ(read.voxel_fits.negative_samples, written.voxel_fits.negative_samples);
  EXPECT_EQ(read.voxel_fits.negative_integrals, written.voxel_fits.negative_integrals);
  expect_same(read.totals.tia_Bq_s, written.totals.tia_Bq_s, "totals.tia_Bq_s");
  expect_same(read.totals.tia_over_administered_h, written.totals.tia_over_administered_h, "tia_over_administered_h");
  EXPECT_EQ(read.totals.negative_tia_voxels, written.totals.negative_tia_voxels);
  EXPECT_EQ(read.totals.density_clamped_voxels, written.totals.density_clamped_voxels);

  ASSERT_EQ(read.vois.size(), written.vois.size());
  ASSERT_FALSE(read.vois.empty());
  for (std::size_t i = 0; i < read.vois.size(); ++i) expect_same_voi(read.vois[i], written.vois[i]);
  EXPECT_EQ(read.plots, written.plots);
  EXPECT_EQ(read.warnings, written.warnings);
  auto timing = written.timing_s;  // the file's object has its keys sorted
  std::sort(timing.begin(), timing.end());
  EXPECT_EQ(read.timing_s, timing);
}

const char* kHead = R"({"schema_version": "1.0", "nuclide": "Lu-177", "administered_activity_Bq": 7.4e9, )";

TEST(RunSummary, ReadingNamesTheMissingKeyTheImpossibleValueAndTheWrongType) {
  EXPECT_THAT([] { parse_run_summary(std::string(kHead) + R"("vois": [{"name": "liver"}]})", "s.json"); },
              ThrowsMessage<InvalidInput>(HasSubstr("s.json vois[0] (liver) has no \"mean_dose_Gy\"")));
  EXPECT_THAT([] { parse_run_summary(std::string(kHead) + R"("vois": [{"name": "liver", "mean_dose_Gy": -1}]})"); },
              ThrowsMessage<InvalidInput>(HasSubstr("vois[0] (liver) \"mean_dose_Gy\" is -1: it must be ≥ 0")));
  EXPECT_THAT(
      [] {
        parse_run_summary(std::string(kHead) + R"("vois": [{"name": "liver", "mean_dose_Gy": 1, "mass_g": "big"}]})");
      },
      ThrowsMessage<InvalidInput>(HasSubstr("\"mass_g\" is \"big\": it must be a number")));
  EXPECT_THAT([] { parse_run_summary(R"({"schema_version": "1.0", "administered_activity_Bq": 1, "vois": []})"); },
              ThrowsMessage<InvalidInput>(HasSubstr("has no \"nuclide\"")));
  EXPECT_THROW(read_run_summary("/nonexistent/summary.json"), IoError);
}

TEST(RunSummary, ASummaryWithoutOrOfAnotherMajorVersionIsAClearError) {
  const char* vois = R"("vois": [{"name": "liver", "mean_dose_Gy": 1}]})";
  EXPECT_THAT(
      [&] { parse_run_summary(std::string(R"({"nuclide": "Lu-177", "administered_activity_Bq": 1, )") + vois); },
      ThrowsMessage<InvalidInput>(HasSubstr("has no \"schema_version\"")));
  EXPECT_THAT(
      [&] {
        parse_run_summary(std::string(R"({"schema_version": "2.0", "rptdose_version": "9.0", "nuclide": "Lu-177", )") +
                          R"("administered_activity_Bq": 1, )" + vois);
      },
      ThrowsMessage<InvalidInput>(HasSubstr("has schema_version 2.0, but this rptdose reads summary schema 1.x")));
  EXPECT_NO_THROW(parse_run_summary(  // a newer minor version: additions only
      std::string(R"({"schema_version": "1.7", "nuclide": "Lu-177", "administered_activity_Bq": 1, )") + vois));
}

}  // namespace
}  // namespace rptdose::results
