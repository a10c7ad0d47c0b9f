#include "rptdose/quantification/calibration.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "rptdose/core/error.hpp"

namespace rq = rptdose::quantification;
namespace fs = std::filesystem;

namespace {

rq::Calibration example() {
  rq::Calibration c;
  c.nuclide = "Lu-177";
  c.camera = "Symbia T2, MELP, 208 keV ±10 %, OSEM 6i×8s";
  c.calibration_time = "2026-12-01T10:00:00";
  c.sensitivity = rq::Sensitivity{9.6, 0.15, 1.2e7, 1800.0, 694.4, "whole image"};
  c.recovery_points = {{"sphere 1 (10 mm)", 0.5236, 0.21, 0.01},
                       {"sphere 2 (13 mm)", 1.150, 0.33, 0.01},
                       {"sphere 3 (17 mm)", 2.572, 0.47, 0.01},
                       {"sphere 4 (22 mm)", 5.575, 0.60, 0.01}};
  rq::RecoveryCurve curve;
  curve.a = 0.93;
  curve.b_mL = 1.7;
  curve.c = 1.1;
  curve.covariance = {1e-4, 2e-5, 3e-5, 2e-5, 4e-3, 1e-5, 3e-5, 1e-5, 2e-3};
  curve.volume_min_mL = 0.5236;
  curve.volume_max_mL = 5.575;
  c.recovery = curve;
  c.provenance = {
      "rptdose calibrate --uniform-image u.nii.gz", {{"uniform_image", "u.nii.gz"}}, "1.2.3", "2026-12-07T13:00:00Z"};
  return c;
}

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("rptdose_calibration_test_" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
};

}  // namespace

TEST(CalibrationFile, RoundTripsEveryField) {
  TempDir dir;
  const auto file = dir.path / "cal.json";
  const auto c = example();
  rq::write_calibration(c, file);
  const auto back = rq::read_calibration(file);
  EXPECT_EQ(back.nuclide, c.nuclide);
  EXPECT_EQ(back.camera, c.camera);
  EXPECT_EQ(back.calibration_time, c.calibration_time);
  ASSERT_TRUE(back.sensitivity);
  EXPECT_DOUBLE_EQ(back.sensitivity->cps_per_MBq, 9.6);
  EXPECT_DOUBLE_EQ(back.sensitivity->u_cps_per_MBq, 0.15);
  EXPECT_DOUBLE_EQ(back.sensitivity->counts, 1.2e7);
  EXPECT_DOUBLE_EQ(back.sensitivity->acquisition_duration_s, 1800.0);
  EXPECT_DOUBLE_EQ(back.sensitivity->activity_at_acquisition_MBq, 694.4);
  EXPECT_EQ(back.sensitivity->voi, "whole image");
  ASSERT_EQ(back.recovery_points.size(), 4u);
  EXPECT_EQ(back.recovery_points[2].name, "sphere 3 (17 mm)");
  EXPECT_DOUBLE_EQ(back.recovery_points[2].volume_mL, 2.572);
  EXPECT_DOUBLE_EQ(back.recovery_points[2].recovery, 0.47);
  ASSERT_TRUE(back.recovery);
  EXPECT_DOUBLE_EQ(back.recovery->a, 0.93);
  EXPECT_DOUBLE_EQ(back.recovery->b_mL, 1.7);
  EXPECT_DOUBLE_EQ(back.recovery->c, 1.1);
  EXPECT_EQ(back.recovery->covariance, c.recovery->covariance);
  EXPECT_DOUBLE_EQ(back.recovery->recovery(3.0), c.recovery->recovery(3.0));
  EXPECT_EQ(back.provenance.command, c.provenance.command);
  EXPECT_EQ(back.provenance.inputs, c.provenance.inputs);
  EXPECT_EQ(back.provenance.rptdose_version, "1.2.3");
}

TEST(CalibrationFile, SensitivityOnlyAndRecoveryOnly) {
  TempDir dir;
  auto c = example();
  c.recovery.reset();
  c.recovery_points.clear();
  rq::write_calibration(c, dir.path / "s.json");
  EXPECT_FALSE(rq::read_calibration(dir.path / "s.json").recovery);
  c = example();
  c.sensitivity.reset();
  rq::write_calibration(c, dir.path / "r.json");
  EXPECT_FALSE(rq::read_calibration(dir.path / "r.json").sensitivity);
  c.recovery.reset();
  c.recovery_points.clear();
  EXPECT_THROW(rq::write_calibration(c, dir.path / "none.json"), rptdose::InvalidInput);
}

TEST(CalibrationFile, StrictLikeTheStudyFile) {
  TempDir dir;
  rq::write_calibration(example(), dir.path / "cal.json");
  const std::string good = read(dir.path / "cal.json");
  auto expect_error = [&](const std::string& text, const std::string& needle) {
    try {
      rq::parse_calibration(text, "calibration test.json");
      ADD_FAILURE() << "accepted: " << needle;
    } catch (const rptdose::InvalidInput& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  auto replaced = [&](const std::string& from, const std::string& to) {
    std::string t = good;
    const auto at = t.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return t.replace(at, from.size(), to);
  };
  expect_error(replaced("\"camera\"", "\"kamera\""), "unknown key 'kamera'");
  expect_error(replaced("\"u_cps_per_MBq\"", "\"u_cps\""), "unknown key 'u_cps'");
  expect_error(replaced("\"nuclide\": \"Lu-177\",", "\"nuclide\": \"Lu-177\", \"nuclide\": \"Y-90\","),
               "'nuclide' is given twice");
  expect_error(replaced("\"schema_version\": \"1.1\"", "\"schema_version\": \"2.0\""), "schema_version \"2.0\"");
  expect_error(replaced("\"cps_per_MBq\": 9.6", "\"cps_per_MBq\": -9.6"), "must be positive");
  expect_error(replaced("\"cps_per_MBq\": 9.6", "\"cps_per_MBq\": \"9.6\""), "must be a number");
  expect_error("[1, 2]", "must be a JSON object");
  expect_error("{", "not valid JSON");
  EXPECT_THROW(rq::read_calibration(dir.path / "missing.json"), rptdose::IoError);
}
