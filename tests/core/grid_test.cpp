#include "rptdose/core/grid.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "rptdose/core/error.hpp"

namespace rptdose {
namespace {

Matrix3 rotation_about_z(double angle_rad) {
  Matrix3 r;
  r << std::cos(angle_rad), -std::sin(angle_rad), 0, std::sin(angle_rad), std::cos(angle_rad), 0, 0, 0, 1;
  return r;
}

TEST(Grid, VoxelVolumeInMillilitres) {
  const Grid grid({10, 20, 30}, Vector3(4.0, 5.0, 2.5));
  EXPECT_DOUBLE_EQ(grid.voxel_volume_mm3(), 50.0);
  EXPECT_DOUBLE_EQ(grid.voxel_volume_ml(), 0.05);
  EXPECT_EQ(grid.voxel_count(), 6000u);
  EXPECT_EQ(grid.linear_index(1, 2, 3), 1u + 10u * (2u + 20u * 3u));
}

TEST(Grid, IndexPointRoundTripWithObliqueDirection) {
  // A 30° rotation about z with a flipped z axis and anisotropic spacing (a typical oblique SPECT header).
  Matrix3 direction = rotation_about_z(std::numbers::pi / 6.0);
  direction.col(2) *= -1.0;
  const Grid grid({64, 64, 40}, Vector3(4.42, 4.42, 3.3), Vector3(-140.0, 12.5, 300.0), direction);
  const Vector3 index(3.25, 17.0, 39.5);
  const Vector3 point = grid.index_to_point(index);
  const Vector3 back = grid.point_to_index(point);
  EXPECT_LT((back - index).norm(), 1e-12);
  // Step along i moves by spacing_x along the first direction column.
  const Vector3 step = grid.index_to_point(Index3{1, 0, 0}) - grid.index_to_point(Index3{0, 0, 0});
  EXPECT_NEAR(step.norm(), 4.42, 1e-12);
  EXPECT_NEAR(step.normalized().dot(direction.col(0)), 1.0, 1e-12);
  EXPECT_LT((grid.index_to_point(Index3{0, 0, 0}) - grid.origin_mm()).norm(), 1e-12);
}

TEST(Grid, RejectsBadSpacingOriginAndDirection) {
  EXPECT_THROW(Grid({2, 2, 2}, Vector3(1.0, 0.0, 1.0)), InvalidInput);
  EXPECT_THROW(Grid({2, 2, 2}, Vector3(1.0, -2.0, 1.0)), InvalidInput);
  EXPECT_THROW(Grid({2, 2, 2}, Vector3(1.0, NAN, 1.0)), InvalidInput);
  EXPECT_THROW(Grid({2, 2, 2}, Vector3::Ones(), Vector3(0, INFINITY, 0)), InvalidInput);
  Matrix3 singular = Matrix3::Identity();
  singular.col(2) = singular.col(0);
  EXPECT_THROW(Grid({2, 2, 2}, Vector3::Ones(), Vector3::Zero(), singular), InvalidInput);
  try {
    Grid({2, 2, 2}, Vector3(1.0, 1.0, -3.0));
    FAIL() << "negative spacing accepted";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("axis 2"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("-3"), std::string::npos) << e.what();
  }
}

TEST(Grid, EqualityWithinTolerance) {
  const Grid a({8, 8, 8}, Vector3(4.8, 4.8, 4.8), Vector3(1.0, 2.0, 3.0));
  const Grid b({8, 8, 8}, Vector3(4.8 + 1e-6, 4.8, 4.8), Vector3(1.0, 2.0, 3.0 - 1e-6));
  const Grid shifted({8, 8, 8}, Vector3(4.8, 4.8, 4.8), Vector3(1.0, 2.0, 3.5));
  const Grid other_size({8, 8, 9}, Vector3(4.8, 4.8, 4.8), Vector3(1.0, 2.0, 3.0));
  EXPECT_TRUE(a.same_geometry(b));
  EXPECT_FALSE(a.same_geometry(shifted));
  EXPECT_FALSE(a.same_geometry(other_size));
  EXPECT_FALSE(a.same_geometry(Grid({8, 8, 8}, Vector3(4.8, 4.8, 4.8), Vector3(1.0, 2.0, 3.0), rotation_about_z(0.1))));
}

TEST(Grid, MismatchErrorNamesBothGrids) {
  const Grid a({8, 8, 8}, Vector3(4.8, 4.8, 4.8));
  const Grid b({8, 8, 8}, Vector3(2.4, 2.4, 2.4));
  try {
    require_same_geometry(a, b, "TIA map", "density map");
    FAIL() << "mismatch accepted";
  } catch (const InvalidInput& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("TIA map"), std::string::npos) << message;
    EXPECT_NE(message.find("density map"), std::string::npos) << message;
    EXPECT_NE(message.find("4.8x4.8x4.8"), std::string::npos) << message;
    EXPECT_NE(message.find("2.4x2.4x2.4"), std::string::npos) << message;
  }
}

TEST(Grid, ContainsChecksEveryAxis) {
  const Grid grid({3, 4, 5}, Vector3::Ones());
  EXPECT_TRUE(grid.contains({0, 0, 0}));
  EXPECT_TRUE(grid.contains({2, 3, 4}));
  EXPECT_FALSE(grid.contains({3, 0, 0}));
  EXPECT_FALSE(grid.contains({0, -1, 0}));
  EXPECT_FALSE(grid.contains({0, 0, 5}));
}

}  // namespace
}  // namespace rptdose
