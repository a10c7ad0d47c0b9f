#include "rptdose/analysis/planar_contours.hpp"

#include <cmath>
#include <numbers>

#include <gtest/gtest.h>
#include <Eigen/Geometry>

#include "rptdose/core/error.hpp"

namespace rptdose::analysis {
namespace {

constexpr double kPi = std::numbers::pi;

/// A circle of `points` vertices in the plane through `centre` spanned by (e1, e2).
PlanarContour circle(const Vector3& centre, double radius_mm, const Vector3& e1, const Vector3& e2, int points = 256) {
  PlanarContour c;
  for (int i = 0; i < points; ++i) {
    const double a = 2 * kPi * i / points;
    c.push_back(centre + radius_mm * (std::cos(a) * e1 + std::sin(a) * e2));
  }
  return c;
}

/// A sphere contoured on planes `step_mm` apart along `normal` (planes where the sphere has a cross-section).
std::vector<PlanarContour> sphere(const Vector3& centre, double radius_mm, double step_mm,
                                  const Vector3& normal = Vector3::UnitZ()) {
  const Vector3 n = normal.normalized();
  const Vector3 e1 = n.unitOrthogonal(), e2 = n.cross(e1);
  std::vector<PlanarContour> contours;
  for (double w = -radius_mm + step_mm / 2; w < radius_mm; w += step_mm)
    contours.push_back(circle(centre + w * n, std::sqrt(radius_mm * radius_mm - w * w), e1, e2));
  return contours;
}

double sphere_volume_mm3(double r) {
  return 4.0 / 3.0 * kPi * r * r * r;
}

/// The binary volume: voxels covered at least half, times the voxel volume.
double mask_volume_mm3(const ContourCoverage& c, const Grid& grid) {
  return static_cast<double>(c.inside_voxels(grid).size()) * grid.voxel_volume_mm3();
}

/// The obvious version, the reference for the fast one: every voxel sampled on an n³ sub-grid; each sample takes
/// the nearest contour plane within half the contouring step and the even-odd rule on that plane's contours
/// (axial planes only, as the reference needs no more).
double reference_fraction(const std::vector<PlanarContour>& contours, double step_mm, const Grid& grid,
                          const Index3& voxel, int n) {
  int inside = 0;
  for (int a = 0; a < n; ++a)
    for (int b = 0; b < n; ++b)
      for (int c = 0; c < n; ++c) {
        const Vector3 p = grid.index_to_point(
            Vector3(voxel[0] - 0.5 + (a + 0.5) / n, voxel[1] - 0.5 + (b + 0.5) / n, voxel[2] - 0.5 + (c + 0.5) / n));
        double best = step_mm / 2;
        double plane = std::nan("");
        for (const auto& contour : contours)
          if (std::abs(contour[0].z() - p.z()) < best) best = std::abs(contour[0].z() - p.z()), plane = contour[0].z();
        if (std::isnan(plane)) continue;
        bool odd = false;
        for (const auto& contour : contours) {
          if (contour[0].z() != plane) continue;
          for (std::size_t i = 0, j = contour.size() - 1; i < contour.size(); j = i++)
            if ((contour[i].y() > p.y()) != (contour[j].y() > p.y()) &&
                p.x() < contour[j].x() + (p.y() - contour[j].y()) * (contour[i].x() - contour[j].x()) /
                                             (contour[i].y() - contour[j].y()))
              odd = !odd;
        }
        inside += odd;
      }
  return static_cast<double>(inside) / (n * n * n);
}

TEST(PlanarContours, SphereVolumeWithinTwoPercentAtFourPointEightMillimetres) {
  // A sphere of 40 mm radius contoured every 2.5 mm, off the voxel centres. Analytic 4/3 π r³; the issue asks 2 %
  // for the label map (voxels covered at least half); the covered fractions sum to within 0.5 %.
  const Vector3 centre(1.3, -2.1, 0.7);
  const auto contours = sphere(centre, 40, 2.5);
  const Grid grid({32, 32, 32}, Vector3::Constant(4.8), Vector3::Constant(-75));
  const auto c = rasterise_planar_contours(contours, grid);
  const double truth = sphere_volume_mm3(40);
  EXPECT_NEAR(c.volume_in_grid_mm3 / truth, 1.0, 0.005);
  EXPECT_NEAR(mask_volume_mm3(c, grid) / truth, 1.0, 0.02);
  EXPECT_EQ(c.volume_outside_grid_mm3, 0.0);
}

/// A cylinder along z of outer radius 35 mm with a coaxial hole of 12 mm from z0 to z0 + length, contoured every
/// `step_mm` (two contours per plane, the hole wound the other way: the even-odd rule ignores winding).
std::vector<PlanarContour> hollow_cylinder(const Vector3& base, double length_mm, double step_mm) {
  std::vector<PlanarContour> contours;
  for (double z = step_mm / 2; z < length_mm; z += step_mm) {
    const Vector3 centre = base + Vector3(0, 0, z);
    contours.push_back(circle(centre, 35, Vector3::UnitX(), Vector3::UnitY()));
    contours.push_back(circle(centre, 12, Vector3::UnitY(), Vector3::UnitX(), 128));
  }
  return contours;
}

TEST(PlanarContours, CylinderWithCoaxialHoleVolumeWithinTwoPercent) {
  // π (R² − r²) h. The covered fractions sum to within 0.5 % wherever the cylinder lies. The label map (voxels
  // covered at least half) cannot place a flat end better than half a voxel (±2.4 mm of 62.4 mm here), so its 2 %
  // is checked with the ends on voxel faces, at several in-plane positions: what is left is the rasteriser's.
  const Grid grid({24, 24, 20}, Vector3::Constant(4.8), Vector3(-55, -55, -45));
  const double truth = kPi * (35 * 35 - 12 * 12) * 62.4;
  for (const double shift : {0.0, 0.9, 1.7, 2.6, 3.3}) {
    SCOPED_TRACE(shift);
    const auto off_phase =
        rasterise_planar_contours(hollow_cylinder(Vector3(2.2 + shift, 3.1, -31 + shift), 62.4, 2.6), grid);
    EXPECT_NEAR(off_phase.volume_in_grid_mm3 / truth, 1.0, 0.005);
    const auto c = rasterise_planar_contours(hollow_cylinder(Vector3(2.2 + shift, 3.1 - shift, -33), 62.4, 2.4), grid);
    EXPECT_NEAR(c.volume_in_grid_mm3 / truth, 1.0, 0.005);
    EXPECT_NEAR(mask_volume_mm3(c, grid) / truth, 1.0, 0.02);
    // The hole's axis is outside: the voxel at the centre of a middle slice is not covered.
    const Vector3 middle = grid.point_to_index(Vector3(2.2 + shift, 3.1 - shift, 0));
    EXPECT_EQ(c.at(std::lround(middle[0]), std::lround(middle[1]), std::lround(middle[2])), 0.0f);
  }
}

TEST(PlanarContours, ObliqueGridMatchesTheObviousVersionAndTheVolume) {
  // A grid rotated about an oblique axis, anisotropic voxels: the fast line integration against per-voxel
  // supersampling (the obvious version), and the sphere's volume.
  const Vector3 centre(-3.0, 4.0, 2.0);
  const auto contours = sphere(centre, 30, 2.5);
  const Matrix3 rotation = Eigen::AngleAxisd(0.5, Vector3(1, 2, 3).normalized()).toRotationMatrix();
  const Grid grid({20, 18, 16}, Vector3(4.8, 4.2, 5.2), centre - rotation * Vector3(45, 38, 40), rotation);
  const auto c = rasterise_planar_contours(contours, grid);
  const double truth = sphere_volume_mm3(30);
  EXPECT_NEAR(c.volume_in_grid_mm3 / truth, 1.0, 0.005);
  EXPECT_NEAR(mask_volume_mm3(c, grid) / truth, 1.0, 0.02);
  double difference = 0, boundary = 0;
  for (std::int64_t k = 0; k < 16; ++k)
    for (std::int64_t j = 0; j < 18; ++j)
      for (std::int64_t i = 0; i < 20; ++i) {
        const double fast = c.at(i, j, k);
        if (fast == 0 || fast == 1) {
          // Deep inside or outside: both agree exactly unless the voxel touches the surface.
          const double ref = reference_fraction(contours, 2.5, grid, {i, j, k}, 4);
          if (ref != fast) boundary += std::abs(ref - fast);
          continue;
        }
        difference += std::abs(reference_fraction(contours, 2.5, grid, {i, j, k}, 12) - fast);
      }
  // Per boundary voxel the two sample differently (12³ points against exact lines on 0.5 mm sub-lines): their
  // summed difference stays below 1 % of the sphere's voxels.
  const double sphere_voxels = truth / grid.voxel_volume_mm3();
  EXPECT_LT((difference + boundary) / sphere_voxels, 0.01);
}

TEST(PlanarContours, SagittalContoursOnAnAxialGrid) {
  // Planes of constant x (contours drawn sagittally): the normal is found from the contours.
  const auto contours = sphere(Vector3(0.5, 0.2, -0.4), 35, 2.0, Vector3::UnitX());
  const Grid grid({20, 20, 20}, Vector3::Constant(4.8), Vector3::Constant(-48));
  const auto c = rasterise_planar_contours(contours, grid);
  EXPECT_NEAR(c.volume_in_grid_mm3 / sphere_volume_mm3(35), 1.0, 0.005);
}

TEST(PlanarContours, ContoursOutsideTheGridAreMeasuredOutside) {
  const Grid grid({16, 16, 16}, Vector3::Constant(4.8));  // 0 .. 76.8 mm
  const auto away = rasterise_planar_contours(sphere(Vector3(200, 30, 30), 20, 2.5), grid);
  EXPECT_EQ(away.size[0] * away.size[1] * away.size[2], 0u);
  EXPECT_EQ(away.volume_in_grid_mm3, 0.0);
  EXPECT_NEAR(away.volume_outside_grid_mm3 / sphere_volume_mm3(20), 1.0, 0.005);
  // Half outside (centre on the face x = −2.4 mm): in + out is the whole sphere, about half each.
  const auto half = rasterise_planar_contours(sphere(Vector3(-2.4, 38, 38), 20, 2.5), grid);
  const double truth = sphere_volume_mm3(20);
  EXPECT_NEAR((half.volume_in_grid_mm3 + half.volume_outside_grid_mm3) / truth, 1.0, 0.005);
  EXPECT_NEAR(half.volume_in_grid_mm3 / truth, 0.5, 0.01);
}

TEST(PlanarContours, GapsBetweenPlanesWiderThanTheStepStayOutside) {
  // Two lesions on planes z = 10, 12.5, 15 and z = 50, 52.5, 55: nothing between 16.25 and 48.75 mm.
  std::vector<PlanarContour> contours;
  for (const double z : {10.0, 12.5, 15.0, 50.0, 52.5, 55.0})
    contours.push_back(circle(Vector3(20, 20, z), 8, Vector3::UnitX(), Vector3::UnitY()));
  const Grid grid({40, 40, 70}, Vector3::Constant(1.0));
  const auto c = rasterise_planar_contours(contours, grid);
  EXPECT_EQ(c.at(20, 20, 30), 0.0f);
  EXPECT_EQ(c.at(20, 20, 12), 1.0f);
  const double polygon_area = 0.5 * 256 * 64 * std::sin(2 * kPi / 256);
  EXPECT_NEAR(c.volume_in_grid_mm3 / (polygon_area * 2.5 * 6), 1.0, 0.01);
}

TEST(PlanarContours, RefusesContoursThatAreNotClosedPlanarPolygons) {
  const Grid grid({8, 8, 8}, Vector3::Constant(2.0));
  std::vector<PlanarContour> two_points{{Vector3(0, 0, 0), Vector3(1, 0, 0)}};
  EXPECT_THROW(rasterise_planar_contours(two_points, grid), InvalidInput);
  std::vector<PlanarContour> warped{{Vector3(0, 0, 0), Vector3(5, 0, 0), Vector3(5, 5, 1), Vector3(0, 5, 0)}};
  EXPECT_THROW(rasterise_planar_contours(warped, grid), InvalidInput);
  std::vector<PlanarContour> crossed{circle(Vector3(8, 8, 8), 4, Vector3::UnitX(), Vector3::UnitY()),
                                     circle(Vector3(8, 8, 8), 4, Vector3::UnitX(), Vector3::UnitZ())};
  EXPECT_THROW(rasterise_planar_contours(crossed, grid), InvalidInput);
}

}  // namespace
}  // namespace rptdose::analysis
