// A whole run gives the same maps whatever the number of threads (issue 17): every parallel loop of the pipeline
// splits work so that each voxel is computed by one thread in a fixed order, and sums are reduced in a fixed order.
// A difference here means a race or an order-dependent reduction.
#include <gtest/gtest.h>

#include <filesystem>

#include "rptdose/io/image_io.hpp"
#include "rptdose/pipeline/demo_phantom.hpp"
#include "rptdose/pipeline/run.hpp"

namespace rptdose::pipeline {
namespace {

namespace fs = std::filesystem;

TEST(Determinism, TheDemoGivesIdenticalMapsAndVoiValuesWithOneAndTwoThreads) {
  const fs::path folder = fs::temp_directory_path() / ("rptdose-determinism-" + std::to_string(::getpid()));
  fs::remove_all(folder);
  Study study = read_study(write_demo_study(folder / "study"));
  study.output.plots = false;
  std::vector<RunResult> runs;
  for (const unsigned threads : {1u, 2u}) {
    RunOptions options;
    options.output_folder = folder / ("threads_" + std::to_string(threads));
    options.threads = threads;
    runs.push_back(run_study(study, options));
  }
  std::size_t maps = 0;
  for (const auto& entry : fs::directory_iterator(folder / "threads_1")) {
    const auto name = entry.path().filename().string();
    if (!name.ends_with(".nii.gz")) continue;
    const auto one = io::read_image(entry.path()), two = io::read_image(folder / "threads_2" / name);
    ASSERT_TRUE(one.grid().same_geometry(two.grid())) << name;
    std::size_t different = 0;
    for (std::size_t v = 0; v < one.size(); ++v) different += one[v] != two[v];
    EXPECT_EQ(different, 0u) << name << ": voxels that differ between 1 and 2 threads";
    ++maps;
  }
  EXPECT_GE(maps, 10u);  // dose and its components, TIA and its SE, fits, density, labels
  ASSERT_EQ(runs[0].summary.vois.size(), runs[1].summary.vois.size());
  for (std::size_t i = 0; i < runs[0].summary.vois.size(); ++i) {
    const auto &a = runs[0].summary.vois[i], &b = runs[1].summary.vois[i];
    EXPECT_EQ(a.mean_dose_Gy, b.mean_dose_Gy) << a.name;
    EXPECT_EQ(a.tia_Bq_s, b.tia_Bq_s) << a.name;
  }
  fs::remove_all(folder);
}

}  // namespace
}  // namespace rptdose::pipeline
