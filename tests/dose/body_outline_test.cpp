#include "rptdose/dose/body_outline.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace rptdose::dose {
namespace {

// A thorax-and-abdomen phantom, 64 × 48 × 60 voxels of 5 mm (z head–foot along k): an elliptic body of soft
// tissue (40 HU) in air (−1000), two lungs (−800) in its upper half, a trachea (−1000) from the lungs up through the
// top of the grid (open to the outside air in 3-D, as airways are through nose and mouth), a bowel-gas pocket
// (−1000) low in the abdomen, and a couch slab (300 HU) under the body, 1 voxel apart.
struct Phantom {
  Grid grid{{64, 48, 60}, Vector3(5.0, 5.0, 5.0)};
  Volume<float> ct{grid, -1000.0f};
  static bool body(double i, double j) { return std::pow((i - 32) / 28, 2) + std::pow((j - 22) / 18, 2) <= 1; }
  static bool lung(double i, double j, double k) {
    return k >= 5 && k < 28 && (std::pow((std::abs(i - 32) - 12) / 8, 2) + std::pow((j - 22) / 10, 2) <= 1);
  }
  static bool trachea(double i, double j, double k) { return k < 8 && std::abs(i - 32) <= 1 && std::abs(j - 22) <= 1; }
  static bool gas(double i, double j, double k) { return std::abs(k - 45) <= 2 && std::abs(i - 36) <= 3 && std::abs(j - 20) <= 2; }
  static bool couch(double, double j) { return j >= 42 && j <= 44; }
  Phantom() {
    for (std::size_t k = 0; k < 60; ++k)
      for (std::size_t j = 0; j < 48; ++j)
        for (std::size_t i = 0; i < 64; ++i) {
          const double x = static_cast<double>(i), y = static_cast<double>(j), z = static_cast<double>(k);
          float& hu = ct(i, j, k);
          if (couch(x, y)) hu = 300;
          if (body(x, y)) hu = 40;
          if (body(x, y) && (lung(x, y, z) || gas(x, y, z))) hu = lung(x, y, z) ? -800.0f : -1000.0f;
          if (trachea(x, y, z)) hu = -1000;
        }
  }
};

TEST(BodyOutline, LungsAirwaysAndBowelGasAreInsideTheCouchAndOutsideAirAreNot) {
  const Phantom p;
  const auto outline = body_outline(p.ct);
  std::size_t wrong = 0, lungs = 0;
  for (std::size_t k = 0; k < 60; ++k)
    for (std::size_t j = 0; j < 48; ++j)
      for (std::size_t i = 0; i < 64; ++i) {
        const double x = static_cast<double>(i), y = static_cast<double>(j), z = static_cast<double>(k);
        const bool expected = Phantom::body(x, y) || (Phantom::trachea(x, y, z));
        wrong += outline(i, j, k) != expected;
        lungs += Phantom::body(x, y) && Phantom::lung(x, y, z) && outline(i, j, k);
      }
  EXPECT_EQ(wrong, 0u);
  EXPECT_GT(lungs, 5000u);  // the lungs are there, and inside
  EXPECT_EQ(outline(32, 22, 10), 1);  // a lung voxel
  EXPECT_EQ(outline(36, 20, 45), 1);  // bowel gas
  EXPECT_EQ(outline(32, 43, 30), 0);  // the couch
  EXPECT_EQ(outline(1, 1, 30), 0);    // air
}

TEST(BodyOutline, IsIdempotentAndFollowsAMirroredPatient) {
  const Phantom p;
  const auto outline = body_outline(p.ct);
  // The outline of a CT that is the outline (tissue inside, air outside) is itself.
  Volume<float> filled(p.grid, -1000.0f);
  for (std::size_t v = 0; v < filled.size(); ++v) filled[v] = outline[v] ? 40.0f : -1000.0f;
  const auto again = body_outline(filled);
  for (std::size_t v = 0; v < outline.size(); ++v) ASSERT_EQ(again[v], outline[v]) << v;
  // Left–right mirrored patient, mirrored outline.
  Volume<float> mirrored(p.grid);
  for (std::size_t k = 0; k < 60; ++k)
    for (std::size_t j = 0; j < 48; ++j)
      for (std::size_t i = 0; i < 64; ++i) mirrored(i, j, k) = p.ct(63 - i, j, k);
  const auto outline_mirrored = body_outline(mirrored);
  for (std::size_t k = 0; k < 60; ++k)
    for (std::size_t j = 0; j < 48; ++j)
      for (std::size_t i = 0; i < 64; ++i) ASSERT_EQ(outline_mirrored(i, j, k), outline(63 - i, j, k));
}

TEST(BodyOutline, AxialSlicesFollowTheGridDirection) {
  // The same patient stored with z along the grid's first axis (a permuted direction matrix): the lungs, open to
  // the air through the trachea in 3-D, are still filled because the slices are taken across the patient's z.
  const Phantom p;
  Matrix3 direction;
  direction << 0, 1, 0, 0, 0, 1, 1, 0, 0;  // grid axes (i, j, k) → patient (z, x, y)
  const Grid permuted({60, 64, 48}, Vector3(5.0, 5.0, 5.0), Vector3::Zero(), direction);
  Volume<float> ct(permuted);
  for (std::size_t k = 0; k < 60; ++k)
    for (std::size_t j = 0; j < 48; ++j)
      for (std::size_t i = 0; i < 64; ++i) ct(k, i, j) = p.ct(i, j, k);
  const auto outline = body_outline(ct), reference = body_outline(p.ct);
  for (std::size_t k = 0; k < 60; ++k)
    for (std::size_t j = 0; j < 48; ++j)
      for (std::size_t i = 0; i < 64; ++i) ASSERT_EQ(outline(k, i, j), reference(i, j, k));
}

TEST(BodyOutline, NoTissueGivesAnEmptyOutline) {
  const Grid grid({8, 8, 8}, Vector3(2.0, 2.0, 2.0));
  const auto outline = body_outline(Volume<float>(grid, -1000.0f));
  for (const auto v : outline.values()) EXPECT_EQ(v, 0);
}

}  // namespace
}  // namespace rptdose::dose
