#include "rptdose/io/voi_sources.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rptdose/core/error.hpp"

namespace rptdose::io {
namespace {

using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

/// Three VOIs on a 10-voxel row: a body outline over all, an organ over 2..7, a lesion over 4..5 (source order).
VoiSet nested() {
  VoiSet set;
  set.grid = Grid({10, 1, 1}, Vector3::Constant(1.0));
  set.vois = {{1, "External", {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}}, {5, "liver", {2, 3, 4, 5, 6, 7}}, {9, "lesion", {4, 5}}};
  return set;
}

TEST(ComposeLabelMap, UnlistedVoisGoFromTheSmallestSoNestedOnesKeepTheirVoxels) {
  const auto c = compose_label_map(nested(), {});
  const std::vector<std::int32_t> expected{1, 1, 5, 5, 9, 9, 5, 5, 1, 1};
  EXPECT_EQ(std::vector<std::int32_t>(c.labels.values().begin(), c.labels.values().end()), expected);
  EXPECT_EQ(c.names.at(9), "lesion");
  ASSERT_EQ(c.warnings.size(), 3u);  // liver/lesion, External/lesion, External/liver
  EXPECT_THAT(c.warnings[0], HasSubstr("VOIs 'lesion' and 'liver' overlap in 2 voxels, given to 'lesion'"));
}

TEST(ComposeLabelMap, PriorityComesFirstAndAVoiLeftWithoutVoxelsIsAnError) {
  VoiSet set = nested();
  set.vois.push_back({11, "spleen", {7, 8}});           // overlaps the liver at 7
  EXPECT_EQ(compose_label_map(set, {}).labels[7], 11);  // the smaller one
  const std::vector<std::string> liver_first{"liver"}, lesion_then_liver{"lesion", "liver"}, typo{"livr"};
  EXPECT_THAT([&] { compose_label_map(set, liver_first); },
              ThrowsMessage<InvalidInput>(HasSubstr("VOI 'lesion' keeps no voxel: all its 2 voxels")));
  const auto c = compose_label_map(set, lesion_then_liver);
  EXPECT_EQ(c.labels[7], 5);
  EXPECT_EQ(c.labels[4], 9);
  EXPECT_EQ(c.labels[8], 11);
  EXPECT_THAT([&] { compose_label_map(set, typo); },
              ThrowsMessage<InvalidInput>(HasSubstr("labels.priority names 'livr', which is no VOI")));
}

}  // namespace
}  // namespace rptdose::io
