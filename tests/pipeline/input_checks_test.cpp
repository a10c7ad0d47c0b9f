// The study's images are checked for signs before anything is computed (issue 17 row 8): a time point exported
// negated halved the dose without a word.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "rptdose/core/error.hpp"
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

}  // namespace
}  // namespace rptdose::pipeline
