// The study's images are checked for signs before anything is computed (issue 17 row 8): a time point exported
// negated halved the dose without a word.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "../../src/pipeline/memory_estimate.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/core/memory.hpp"
#include "rptdose/io/image_io.hpp"
#include "rptdose/pipeline/demo_phantom.hpp"
#include "rptdose/pipeline/run.hpp"

namespace rptdose::pipeline {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

struct DemoStudy {
  fs::path folder = fs::temp_directory_path() / ("rptdose-input-checks-" + std::to_string(::getpid()));
  Study study;
  DemoStudy() {
    fs::remove_all(folder);
    study = read_study(write_demo_study(folder));
  }
  ~DemoStudy() { fs::remove_all(folder); }
  /// Replaces time point `index`'s image by f(image), written as NIfTI beside it.
  template <typename F>
  void change_image(std::size_t index, F f) {
    Volume<float> image = io::read_image(study.time_points[index].image);
    for (auto& v : image.values()) v = f(v);
    const fs::path changed = folder / ("changed_" + std::to_string(index) + ".nii.gz");
    io::write_image(image, changed);
    study.time_points[index].image = changed;
  }
};

TEST(InputChecks, AnEntirelyNegativeTimePointIsAnError) {
  DemoStudy demo;
  demo.change_image(1, [](float v) { return v > 0 ? -v : v - 1.0f; });  // negated, zeros too
  EXPECT_THAT([&] { validate_study(demo.study); },
              ThrowsMessage<InvalidInput>(AllOf(HasSubstr("time point 2"), HasSubstr("is entirely negative"),
                                                HasSubstr("sign error"))));
}

TEST(InputChecks, NegativeVoxelsAndAnAllZeroTimePointAreWarnedWithCounts) {
  DemoStudy demo;
  EXPECT_THAT(validate_study(demo.study), Not(Contains(HasSubstr("negative"))));
  std::size_t flipped = 0;
  demo.change_image(0, [&](float v) { return v > 0 && flipped++ % 100 == 0 ? -v : v; });  // 1 % of the voxels
  demo.change_image(2, [](float) { return 0.0f; });
  const auto warnings = validate_study(demo.study);
  EXPECT_THAT(warnings, Contains(AllOf(HasSubstr("time point 1"), HasSubstr("are negative, summing to"))));
  EXPECT_THAT(warnings, Contains(AllOf(HasSubstr("time point 3"), HasSubstr("is entirely zero"))));
}

// A study too large for the machine stops before any voxel is read (issue 17: a 1024³ header allocated 8.4 GB
// before any check), with what it needs and what there is. The header here promises 4096 × 4096 × 2048 voxels
// (~2.5 TiB to run) over a few bytes of data: the estimate reads headers only.
TEST(InputChecks, AStudyNeedingMoreMemoryThanTheMachineHasStopsAtOnce) {
  DemoStudy demo;
  ASSERT_TRUE(available_memory_bytes().has_value());
  EXPECT_GT(*available_memory_bytes(), std::uint64_t{1} << 26);  // a machine running tests has 64 MiB
  const auto demo_bytes = detail::estimate_run_memory_bytes(demo.study);
  EXPECT_GT(demo_bytes, std::uint64_t{100} << 20);  // the fixed part, and the demo's 80 × 56 × 64 grid: ~130 MiB
  EXPECT_LT(demo_bytes, std::uint64_t{200} << 20);
  // A NIfTI-1 header (348 bytes + 4 of extension flag) promising 4096 × 4096 × 2048 float voxels, without them.
  const fs::path huge = demo.folder / "huge.nii";
  {
    std::ofstream out(huge, std::ios::binary);
    char header[352] = {};
    const auto put = [&](int offset, const void* value, std::size_t bytes) { std::memcpy(header + offset, value, bytes); };
    const std::int32_t sizeof_hdr = 348;
    const std::int16_t dim[8] = {3, 4096, 4096, 2048, 1, 1, 1, 1}, datatype = 16, bitpix = 32;
    const float pixdim[8] = {1, 1, 1, 1, 1, 1, 1, 1}, vox_offset = 352;
    put(0, &sizeof_hdr, 4);
    put(40, dim, sizeof dim);
    put(70, &datatype, 2);
    put(72, &bitpix, 2);
    put(76, pixdim, sizeof pixdim);
    put(108, &vox_offset, 4);
    put(344, "n+1", 4);
    out.write(header, sizeof header);
  }
  demo.study.time_points[0].image = huge;
  EXPECT_GT(detail::estimate_run_memory_bytes(demo.study), std::uint64_t{2} << 40);
  EXPECT_THAT([&] { validate_study(demo.study); },
              ThrowsMessage<InvalidInput>(AllOf(HasSubstr("this study needs ~"), HasSubstr("GiB of memory, the machine has"))));
}

}  // namespace
}  // namespace rptdose::pipeline
