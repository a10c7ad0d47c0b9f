// The study keys of issue 18's calibration: `calibration` (a calibration file whose sensitivity converts counts
// time points without one of their own) and time_points[].activity_in_image_MBq (the whole image scaled to a known
// activity).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "../../src/pipeline/study_inputs.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/io/image_io.hpp"
#include "rptdose/nuclides/decay_database.hpp"
#include "rptdose/pipeline/demo_phantom.hpp"
#include "rptdose/pipeline/study.hpp"
#include "rptdose/quantification/calibration.hpp"

namespace rptdose::pipeline {
namespace {

namespace fs = std::filesystem;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

struct Demo {
  fs::path folder = fs::temp_directory_path() / ("rptdose-calibration-study-" + std::to_string(::getpid()));
  fs::path study_file;
  nlohmann::json j;
  std::size_t counts_point = 0;
  Demo() {
    fs::remove_all(folder);
    study_file = write_demo_study(folder);
    std::ifstream in(study_file);
    j = nlohmann::json::parse(in);
    for (std::size_t i = 0; i < j["time_points"].size(); ++i)
      if (j["time_points"][i]["units"] == "counts") counts_point = i;
  }
  ~Demo() { fs::remove_all(folder); }
  fs::path write(const std::string& name, const nlohmann::json& study) const {
    std::ofstream(folder / name) << study.dump(2);
    return folder / name;
  }
  fs::path write_calibration(const std::string& name, const std::string& nuclide, double cps_per_MBq) const {
    quantification::Calibration c;
    c.nuclide = nuclide;
    c.camera = "the demo's synthetic camera";
    c.calibration_time = "2026-12-01T10:00:00";
    c.sensitivity = quantification::Sensitivity{cps_per_MBq, 0.1, 1e7, 1200, 500, "whole image"};
    c.provenance.command = "test";
    quantification::write_calibration(c, folder / name);
    return folder / name;
  }
};

double lambda_of(const Study& study) {
  return std::log(2.0) / nuclides::DecayDatabase::instance().get(study.nuclide).half_life_s();
}

TEST(CalibrationStudy, CalibrationFileGivesTheSameActivityAsTheExplicitSensitivity) {
  // The demo's counts time point has calibration_cps_per_MBq 9.6; the same study with that key replaced by a
  // calibration file of 9.6 cps/MBq must give bit-identical activity images (one converter, one number).
  Demo demo;
  const double cps = demo.j["time_points"][demo.counts_point]["calibration_cps_per_MBq"].get<double>();
  auto j = demo.j;
  j["time_points"][demo.counts_point].erase("calibration_cps_per_MBq");
  j["calibration"] = demo.write_calibration("cal.json", "Lu-177", cps).filename().string();
  const Study explicit_study = read_study(demo.study_file), calibrated = read_study(demo.write("cal_study.json", j));
  ASSERT_TRUE(calibrated.calibration);
  EXPECT_EQ(*calibrated.calibration_file, demo.folder / "cal.json");
  EXPECT_FALSE(calibrated.time_points[demo.counts_point].calibration_cps_per_MBq);
  const auto a = detail::load_study_inputs(explicit_study, lambda_of(explicit_study), 1, {});
  const auto b = detail::load_study_inputs(calibrated, lambda_of(calibrated), 1, {});
  ASSERT_EQ(a.activity_Bq.size(), b.activity_Bq.size());
  for (std::size_t i = 0; i < a.activity_Bq.size(); ++i)
    EXPECT_TRUE(std::equal(a.activity_Bq[i].values().begin(), a.activity_Bq[i].values().end(),
                           b.activity_Bq[i].values().begin()))
        << "time point " << i + 1;

  // A time point's own sensitivity wins over the file's: a file of twice the sensitivity changes nothing here.
  auto own = demo.j;
  own["calibration"] = demo.write_calibration("double.json", "Lu-177", 2 * cps).filename().string();
  const Study with_own = read_study(demo.write("own.json", own));
  const auto c = detail::load_study_inputs(with_own, lambda_of(with_own), 1, {});
  EXPECT_TRUE(std::equal(a.activity_Bq[demo.counts_point].values().begin(),
                         a.activity_Bq[demo.counts_point].values().end(),
                         c.activity_Bq[demo.counts_point].values().begin()));
}

TEST(CalibrationStudy, ActivityInImageScalesTheWholeImage) {
  // activity_in_image_MBq on a Bq/mL time point and on the counts one: each activity image becomes the raw image ×
  // A / Σ raw (what the body outline then drops is dropped alike), and the run warns that it assumed all the
  // activity in the field of view to be the patient's.
  Demo demo;
  const std::size_t bq_point = demo.counts_point == 0 ? 1 : 0;
  auto j = demo.j;
  const double a_bq = 1234.5, a_counts = 321.0;  // MBq
  j["time_points"][bq_point]["activity_in_image_MBq"] = a_bq;
  j["time_points"][demo.counts_point].erase("calibration_cps_per_MBq");
  j["time_points"][demo.counts_point].erase("frame_duration_s");
  j["time_points"][demo.counts_point]["activity_in_image_MBq"] = a_counts;
  const Study study = read_study(demo.write("scaled.json", j));
  const auto in = detail::load_study_inputs(study, lambda_of(study), 1, {});
  for (const auto& [point, activity_MBq] : {std::pair{bq_point, a_bq}, std::pair{demo.counts_point, a_counts}}) {
    const auto raw = io::read_image(study.time_points[point].image);
    double sum = 0;
    for (const float v : raw.values()) sum += v;
    const double factor = activity_MBq * units::kBqPerMBq / sum;
    std::size_t compared = 0;
    for (std::size_t v = 0; v < raw.size(); ++v) {
      const float got = in.activity_Bq[point][v];
      if (got == 0.0f) continue;  // outside the body outline (dropped)
      EXPECT_NEAR(got, raw[v] * factor, 1e-5 * raw[v] * factor) << v;
      if (++compared > 2000) break;
    }
    EXPECT_GT(compared, 1000u);
    EXPECT_THAT(in.warnings, Contains(HasSubstr("(activity_in_image_MBq): this assumes that all the activity")));
  }
}

TEST(CalibrationStudy, BadCalibrationInputsAreClearErrors) {
  Demo demo;
  auto j = demo.j;
  j["time_points"][demo.counts_point].erase("calibration_cps_per_MBq");
  EXPECT_THAT([&] { read_study(demo.write("none.json", j)); },
              ThrowsMessage<InvalidInput>(HasSubstr("a study 'calibration' file with a sensitivity")));
  j["calibration"] = demo.write_calibration("y90.json", "Y-90", 9.6).string();
  EXPECT_THAT([&] { read_study(demo.write("y90_study.json", j)); },
              ThrowsMessage<InvalidInput>(HasSubstr("is for Y-90, the study's nuclide is Lu-177")));
  j["calibration"] = "missing.json";
  EXPECT_THROW(read_study(demo.write("missing_study.json", j)), IoError);
  // Unknown keys in the calibration file are errors, as in the study.
  std::ifstream in(demo.write_calibration("lu.json", "Lu-177", 9.6));
  auto cal = nlohmann::json::parse(in);
  cal["sensitivity"]["cps_per_mbq"] = 9.6;
  std::ofstream(demo.folder / "typo.json") << cal.dump();
  j["calibration"] = "typo.json";
  EXPECT_THAT([&] { read_study(demo.write("typo_study.json", j)); },
              ThrowsMessage<InvalidInput>(HasSubstr("unknown key 'cps_per_mbq'")));
  auto both = demo.j;
  both["time_points"][demo.counts_point]["activity_in_image_MBq"] = 100;
  EXPECT_THAT(
      [&] { read_study(demo.write("both.json", both)); },
      ThrowsMessage<InvalidInput>(HasSubstr("gives both 'calibration_cps_per_MBq' and 'activity_in_image_MBq'")));
  both["time_points"][demo.counts_point].erase("calibration_cps_per_MBq");
  both["time_points"][demo.counts_point]["activity_in_image_MBq"] = -5;
  EXPECT_THAT([&] { read_study(demo.write("negative.json", both)); },
              ThrowsMessage<InvalidInput>(HasSubstr("'activity_in_image_MBq' in time point")));
}

}  // namespace
}  // namespace rptdose::pipeline
