#include "rptdose/pipeline/cycles.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "rptdose/analysis/voi_statistics.hpp"
#include "rptdose/core/error.hpp"
#include "scratch_folder.hpp"
#include "rptdose/io/image_io.hpp"
#include "rptdose/radiobiology/linear_quadratic.hpp"

namespace rptdose::pipeline {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

constexpr double kKidneyAlphaBeta_Gy = 2.6;  // data/radiobiology/tissue_parameters.csv
constexpr double kG = 0.05;

using rptdose::testing::ScratchFolder;

const Grid kGrid({4, 3, 2}, Vector3(2.0, 2.0, 3.0), Vector3(-4.0, 1.0, 0.5));

/// Label 1 (kidney_left) in the x < 2 half, label 2 (spleen) in the other.
Volume<std::int32_t> two_vois(const Grid& grid = kGrid) {
  Volume<std::int32_t> labels(grid);
  for (std::size_t k = 0; k < grid.size()[2]; ++k)
    for (std::size_t j = 0; j < grid.size()[1]; ++j)
      for (std::size_t i = 0; i < grid.size()[0]; ++i) labels[grid.linear_index(i, j, k)] = i < 2 ? 1 : 2;
  return labels;
}

/// A dose map with a different value in every voxel: base + 0.25·n.
Volume<float> ramp(float base, const Grid& grid = kGrid) {
  Volume<float> map(grid);
  for (std::size_t n = 0; n < map.size(); ++n) map[n] = base + 0.25f * static_cast<float>(n);
  return map;
}

double mean_of(const Volume<float>& map, const Volume<std::int32_t>& labels, std::int32_t label) {
  double sum = 0.0;
  std::size_t count = 0;
  for (std::size_t n = 0; n < map.size(); ++n)
    if (labels[n] == label) sum += map[n], ++count;
  return sum / static_cast<double>(count);
}

/// A results folder as `rptdose run` writes it (the parts `cycles` reads): summary.json, dose_Gy, labels, and
/// optionally bed_Gy. The kidney gets a radiobiology entry with the BED of its mean dose; the spleen none.
json write_run(const fs::path& folder, const Volume<float>& dose, const std::string& nuclide, bool with_bed_map = true,
               const Volume<std::int32_t>& labels = two_vois()) {
  fs::create_directories(folder);
  io::write_image(dose, folder / "dose_Gy.nii.gz");
  io::write_labels(labels, folder / "labels.nii.gz");
  const double kidney = mean_of(dose, labels, 1), spleen = mean_of(dose, labels, 2);
  if (with_bed_map) io::write_image(radiobiology::bed_map(dose, kG, kKidneyAlphaBeta_Gy), folder / "bed_Gy.nii.gz");
  const double bed = radiobiology::bed_Gy(kidney, kG, kKidneyAlphaBeta_Gy);
  json summary = {{"schema_version", "1.0"},
                  {"nuclide", nuclide},
                  {"administered_activity_Bq", 7.4e9},
                  {"vois",
                   {{{"label", 1},
                     {"name", "kidney_left"},
                     {"mean_dose_Gy", kidney},
                     {"radiobiology",
                      {{"tissue", "kidney"},
                       {"alpha_beta_Gy", kKidneyAlphaBeta_Gy},
                       {"g_factor", kG},
                       {"bed_Gy", bed},
                       {"eqd2_Gy", radiobiology::eqd2_Gy(bed, kKidneyAlphaBeta_Gy)}}}},
                    {{"label", 2}, {"name", "spleen"}, {"mean_dose_Gy", spleen}, {"radiobiology", nullptr}}}}};
  std::ofstream(folder / "summary.json") << summary.dump(2);
  return summary;
}

const radiobiology::CumulativeRow& row(const CyclesResult& r, const std::string& voi, std::size_t cycle) {
  for (const auto& x : r.rows)
    if (x.voi == voi && x.cycle_index == cycle) return x;
  throw std::runtime_error("no row " + voi);
}

TEST(CyclesPipeline, TwoIdenticalCyclesGiveTwiceTheDoseAndTwiceTheBedNotTheBedOfTwiceTheDose) {
  // With full repair between cycles no sublethal damage of cycle 1 is left to interact with cycle 2's, so the
  // quadratic terms do not cross: BED_total = 2·D(1 + G·D/(α/β)), below the BED of one cycle of 2D,
  // 2D(1 + G·2D/(α/β)). Exact arithmetic on doubles: 1e-12 relative.
  ScratchFolder scratch("cycles-identical");
  const auto summary = write_run(scratch.path / "c1", ramp(1.0f), "Lu-177");
  write_run(scratch.path / "c2", ramp(1.0f), "Lu-177");
  const auto result = accumulate_cycles({scratch.path / "c1", scratch.path / "c2" / "summary.json"});
  ASSERT_EQ(result.rows.size(), 4u);
  const double d = summary["vois"][0]["mean_dose_Gy"].get<double>();
  const double bed1 = summary["vois"][0]["radiobiology"]["bed_Gy"].get<double>();
  const auto& kidney = row(result, "kidney_left", 1);
  EXPECT_NEAR(kidney.cumulative_dose_Gy, 2.0 * d, 1e-12 * d);
  EXPECT_NEAR(*kidney.cumulative_bed_Gy, 2.0 * bed1, 1e-12 * bed1);
  EXPECT_LT(*kidney.cumulative_bed_Gy, radiobiology::bed_Gy(2.0 * d, kG, kKidneyAlphaBeta_Gy));
  // EQD2 of the total: BED_total / (1 + 2/(α/β)).
  EXPECT_NEAR(*kidney.cumulative_eqd2_Gy, 2.0 * bed1 / (1.0 + 2.0 / kKidneyAlphaBeta_Gy), 1e-12 * bed1);
  // No tissue: doses only.
  const auto& spleen = row(result, "spleen", 1);
  EXPECT_NEAR(spleen.cumulative_dose_Gy, 2.0 * summary["vois"][1]["mean_dose_Gy"].get<double>(), 1e-12);
  EXPECT_FALSE(spleen.bed_Gy);
  EXPECT_FALSE(spleen.cumulative_bed_Gy);
  EXPECT_THAT(result.warnings, ::testing::Contains(HasSubstr("same run")).Times(0));
}

TEST(CyclesPipeline, MapsAreSummedVoxelByVoxelAndTheDvhIsThatOfTheSum) {
  ScratchFolder scratch("cycles-maps");
  const auto a = ramp(1.0f), b = ramp(3.5f);
  write_run(scratch.path / "c1", a, "Lu-177");
  write_run(scratch.path / "c2", b, "Ac-225");
  CyclesOptions options;
  options.output_folder = scratch.path / "cum";
  options.labels = {"C1 2026-01-05", "C2 2026-03-02"};
  const auto result = accumulate_cycles({scratch.path / "c1", scratch.path / "c2"}, options);
  const fs::path out = scratch.path / "cum";
  for (const char* file : {"cumulative.csv", "cumulative.json", "cumulative_dose_Gy.nii.gz", "cumulative_bed_Gy.nii.gz",
                           "cumulative_dvh.csv"})
    EXPECT_TRUE(fs::exists(out / file)) << file;
  // Float voxels: the sum of two floats read back exactly as written (NIfTI float32).
  const auto dose = io::read_image(out / "cumulative_dose_Gy.nii.gz");
  ASSERT_TRUE(dose.grid().same_geometry(kGrid));
  for (std::size_t n = 0; n < dose.size(); ++n) EXPECT_FLOAT_EQ(dose[n], a[n] + b[n]) << n;
  const auto bed = io::read_image(out / "cumulative_bed_Gy.nii.gz");
  const auto bed_a = radiobiology::bed_map(a, kG, kKidneyAlphaBeta_Gy),
             bed_b = radiobiology::bed_map(b, kG, kKidneyAlphaBeta_Gy);
  for (std::size_t n = 0; n < bed.size(); ++n) EXPECT_FLOAT_EQ(bed[n], bed_a[n] + bed_b[n]) << n;

  // cumulative_dvh.csv has the run's dvh.csv columns, and each VOI's curve is the DVH of the summed map.
  std::ifstream dvh_file(out / "cumulative_dvh.csv");
  std::string header;
  std::getline(dvh_file, header);
  EXPECT_EQ(header, "label,name,dose_Gy,volume_fraction");
  const auto expected = analysis::cumulative_dvh(dose, two_vois(), 2);
  std::vector<double> doses, fractions;
  for (std::string line; std::getline(dvh_file, line);) {
    if (line.rfind("2,spleen,", 0) != 0) continue;
    std::stringstream s(line.substr(9));
    double x = 0, f = 0;
    char comma = 0;
    s >> x >> comma >> f;
    doses.push_back(x);
    fractions.push_back(f);
  }
  ASSERT_EQ(doses.size(), expected.dose.size());
  for (std::size_t i = 0; i < doses.size(); ++i) {
    EXPECT_NEAR(doses[i], expected.dose[i], 1e-6 * expected.dose.back());  // 7 significant digits in the CSV
    EXPECT_NEAR(fractions[i], expected.volume_fraction[i], 1e-6);
  }
  EXPECT_DOUBLE_EQ(fractions.front(), 1.0);

  // The JSON names the cycles, nuclides and totals.
  std::ifstream json_file(out / "cumulative.json");
  const auto j = json::parse(json_file);
  EXPECT_EQ(j["cycles"][1]["nuclide"], "Ac-225");
  EXPECT_EQ(j["cycles"][1]["label"], "C2 2026-03-02");
  EXPECT_EQ(j["vois"][0]["name"], "kidney_left");
  EXPECT_EQ(j["vois"][0]["tissue"], "kidney");
  EXPECT_NEAR(j["vois"][0]["total_bed_Gy"].get<double>(), *row(result, "kidney_left", 1).cumulative_bed_Gy, 1e-12);
  EXPECT_TRUE(j["vois"][1]["total_bed_Gy"].is_null());
  EXPECT_NE(j["assumptions"].get<std::string>().find("full repair"), std::string::npos);
}

TEST(CyclesPipeline, AVoiAbsentFromACycleAddsNothingThere) {
  ScratchFolder scratch("cycles-absent");
  write_run(scratch.path / "c1", ramp(1.0f), "Lu-177");
  auto second = write_run(scratch.path / "c2", ramp(2.0f), "Lu-177");
  second["vois"].erase(1);  // no spleen in cycle 2
  std::ofstream(scratch.path / "c2" / "summary.json") << second.dump();
  const auto result = accumulate_cycles({scratch.path / "c1", scratch.path / "c2"});
  std::size_t spleen_rows = 0;
  for (const auto& r : result.rows) spleen_rows += r.voi == "spleen";
  EXPECT_EQ(spleen_rows, 1u);
  EXPECT_EQ(result.rows.back().voi, "spleen");
}

TEST(CyclesPipeline, WithoutBedMapsInEveryRunThereIsNoCumulativeBedMapAndAWarning) {
  ScratchFolder scratch("cycles-nobed");
  write_run(scratch.path / "c1", ramp(1.0f), "Lu-177", true);
  write_run(scratch.path / "c2", ramp(1.0f), "Lu-177", false);
  CyclesOptions options;
  options.output_folder = scratch.path / "cum";
  const auto result = accumulate_cycles({scratch.path / "c1", scratch.path / "c2"}, options);
  EXPECT_TRUE(fs::exists(scratch.path / "cum" / "cumulative_dose_Gy.nii.gz"));
  EXPECT_FALSE(fs::exists(scratch.path / "cum" / "cumulative_bed_Gy.nii.gz"));
  EXPECT_THAT(result.warnings, ::testing::Contains(HasSubstr("bed_Gy map")));
}

TEST(CyclesPipeline, DifferentLabelMapsUseTheFirstCyclesAndWarn) {
  ScratchFolder scratch("cycles-labels");
  write_run(scratch.path / "c1", ramp(1.0f), "Lu-177");
  auto moved = two_vois();
  moved[0] = 2;
  write_run(scratch.path / "c2", ramp(1.0f), "Lu-177", true, moved);
  CyclesOptions options;
  options.output_folder = scratch.path / "cum";
  const auto result = accumulate_cycles({scratch.path / "c1", scratch.path / "c2"}, options);
  EXPECT_THAT(result.warnings, ::testing::Contains(HasSubstr("differs from cycle 1's in 1 voxels")));
}

TEST(CyclesPipeline, ARunOnAnotherGridIsAnErrorAndLeavesNoOutput) {
  ScratchFolder scratch("cycles-grid");
  write_run(scratch.path / "c1", ramp(1.0f), "Lu-177");
  const Grid other({4, 3, 2}, Vector3(2.5, 2.0, 3.0), Vector3(-4.0, 1.0, 0.5));
  write_run(scratch.path / "c2", ramp(1.0f, other), "Lu-177", true, two_vois(other));
  CyclesOptions options;
  options.output_folder = scratch.path / "cum";
  EXPECT_THAT(
      [&] {
        accumulate_cycles({scratch.path / "c1", scratch.path / "c2"}, options);
      },
      ThrowsMessage<InvalidInput>(HasSubstr("cycle 2 is on another grid")));
  EXPECT_FALSE(fs::exists(scratch.path / "cum"));
  for (const auto& entry : fs::directory_iterator(scratch.path))  // no temporary folder left either
    EXPECT_THAT(entry.path().filename().string(), ::testing::Not(HasSubstr("partial"))) << entry.path();
  // The table alone needs no common grid.
  options.maps = false;
  EXPECT_NO_THROW(accumulate_cycles({scratch.path / "c1", scratch.path / "c2"}, options));
  EXPECT_FALSE(fs::exists(scratch.path / "cum" / "cumulative_dose_Gy.nii.gz"));
  EXPECT_TRUE(fs::exists(scratch.path / "cum" / "cumulative.csv"));
}

TEST(CyclesPipeline, BadInputsAreErrorsThatSayWhatToDo) {
  ScratchFolder scratch("cycles-bad");
  const auto good = write_run(scratch.path / "c1", ramp(1.0f), "Lu-177");
  EXPECT_THAT([&] { accumulate_cycles({}); }, ThrowsMessage<InvalidInput>(HasSubstr("no cycles given")));
  EXPECT_THAT(
      [&] {
        accumulate_cycles({scratch.path / "c1", scratch.path / "missing"});
      },
      ThrowsMessage<IoError>(HasSubstr("does not exist")));
  fs::create_directories(scratch.path / "empty");
  EXPECT_THAT(
      [&] {
        accumulate_cycles({scratch.path / "c1", scratch.path / "empty"});
      },
      ThrowsMessage<IoError>(HasSubstr("summary.json")));
  const auto bad = [&](const std::string& name, const std::string& text) {
    fs::create_directories(scratch.path / name);
    std::ofstream(scratch.path / name / "summary.json") << text;
    return scratch.path / name;
  };
  EXPECT_THAT(
      [&] {
        accumulate_cycles({scratch.path / "c1", bad("broken", "{\"vois\": [")});
      },
      ThrowsMessage<InvalidInput>(HasSubstr("not valid JSON")));
  auto negative = good;
  negative["vois"][1]["mean_dose_Gy"] = -0.5;
  EXPECT_THAT(
      [&] {
        accumulate_cycles({scratch.path / "c1", bad("negative", negative.dump())});
      },
      ThrowsMessage<InvalidInput>(HasSubstr("spleen")));
  auto changed = good;
  changed["vois"][0]["radiobiology"]["alpha_beta_Gy"] = 3.0;
  EXPECT_THAT(
      [&] {
        accumulate_cycles({scratch.path / "c1", bad("changed", changed.dump())});
      },
      ThrowsMessage<InvalidInput>(HasSubstr("kidney_left")));
  CyclesOptions labels;
  labels.labels = {"only one"};
  EXPECT_THAT(
      [&] {
        accumulate_cycles({scratch.path / "c1", scratch.path / "c1"}, labels);
      },
      ThrowsMessage<InvalidInput>(HasSubstr("one label per cycle")));
  CyclesOptions inside;
  inside.output_folder = scratch.path / "c1" / "cum";
  EXPECT_THAT([&] { accumulate_cycles({scratch.path / "c1"}, inside); },
              ThrowsMessage<InvalidInput>(HasSubstr("would hold or overwrite the input")));
}

TEST(CyclesPipeline, OneRunGivesItsOwnFigures) {
  ScratchFolder scratch("cycles-one");
  const auto summary = write_run(scratch.path / "c1", ramp(1.0f), "Lu-177");
  const auto result = accumulate_cycles({scratch.path / "c1"});
  EXPECT_DOUBLE_EQ(*row(result, "kidney_left", 0).cumulative_bed_Gy,
                   summary["vois"][0]["radiobiology"]["bed_Gy"].get<double>());
}

}  // namespace
}  // namespace rptdose::pipeline
