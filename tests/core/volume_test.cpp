#include "rptdose/core/volume.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace rptdose {
namespace {

const Grid kGrid({4, 3, 2}, Vector3(2.0, 2.0, 3.0));

TEST(Volume, XIsFastestInMemory) {
  Volume<float> v(kGrid);
  v(1, 0, 0) = 1.0f;
  v(0, 1, 0) = 2.0f;
  v(0, 0, 1) = 3.0f;
  EXPECT_EQ(v[1], 1.0f);
  EXPECT_EQ(v[4], 2.0f);
  EXPECT_EQ(v[12], 3.0f);
  EXPECT_EQ(v.at({0, 0, 1}), 3.0f);
  EXPECT_THROW(v.at({4, 0, 0}), InvalidInput);
}

TEST(Volume, ViewSharesExternalMemoryOwningCopies) {
  std::vector<double> external(kGrid.voxel_count(), 1.0);
  auto view = Volume<double>::view(kGrid, external.data());
  EXPECT_FALSE(view.owns_data());
  view(2, 1, 1) = 7.0;
  EXPECT_EQ(external[kGrid.linear_index(2, 1, 1)], 7.0);

  Volume<double> view_copy = view;  // a view of the same memory
  EXPECT_EQ(view_copy.data(), external.data());
  Volume<double> owned = view.clone();  // a deep copy
  EXPECT_TRUE(owned.owns_data());
  owned.fill(0.0);
  EXPECT_EQ(external[0], 1.0);

  Volume<double> owner(kGrid, 2.0);
  Volume<double> owner_copy = owner;
  EXPECT_NE(owner_copy.data(), owner.data());
  owner_copy[0] = 5.0;
  EXPECT_EQ(owner[0], 2.0);
  const double* buffer = owner.data();
  Volume<double> moved = std::move(owner);
  EXPECT_EQ(moved.data(), buffer);
  EXPECT_TRUE(moved.owns_data());
}

TEST(Volume, ArithmeticAndSum) {
  Volume<float> a(kGrid, 2.0f);
  Volume<float> b(kGrid, 3.0f);
  a += b;
  EXPECT_FLOAT_EQ(a[5], 5.0f);
  a *= b;
  EXPECT_FLOAT_EQ(a[5], 15.0f);
  a -= b;
  EXPECT_FLOAT_EQ(a[5], 12.0f);
  a *= 0.5f;
  EXPECT_FLOAT_EQ(a[5], 6.0f);
  a.add_scaled(b, 2.0f);
  EXPECT_FLOAT_EQ(a[5], 12.0f);
  EXPECT_DOUBLE_EQ(a.sum(), 12.0 * 24);
}

TEST(Volume, GeometryMismatchIsAnError) {
  Volume<float> a(kGrid);
  Volume<float> b(Grid({4, 3, 2}, Vector3(2.0, 2.0, 2.0)));
  EXPECT_THROW(a += b, InvalidInput);
  EXPECT_THROW(Volume<float>(kGrid, std::vector<float>(5)), InvalidInput);
  EXPECT_THROW(Volume<float>::view(kGrid, nullptr), InvalidInput);
}

}  // namespace
}  // namespace rptdose
