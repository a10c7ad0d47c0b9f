// Materials, GATE material databases, Schneider CT-number bins and the voxel geometry (montecarlo/materials.hpp).
#include "rptdose/montecarlo/materials.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <numeric>
#include <sstream>

#include "rptdose/core/error.hpp"

namespace rptdose::montecarlo {
namespace {

const std::filesystem::path kIcrp110 = std::filesystem::path(RPTDOSE_REFERENCE_DIR) / "phantoms" / "icrp110";

double fraction_sum(const Material& m) {
  double s = 0.0;
  for (const auto& e : m.elements) s += e.mass_fraction;
  return s;
}

template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const InvalidInput& e) {
    return e.what();
  }
  return "(no InvalidInput)";
}

TEST(Materials, MakeMaterialRenormalisesAndChecks) {
  const Material m = make_material("x", 1.0, {{8, 0.5}, {1, 0.495}});
  EXPECT_NEAR(fraction_sum(m), 1.0, 1e-12);
  EXPECT_EQ(m.elements.front().z, 1);  // sorted by Z
  EXPECT_NE(error_of([] { make_material("u", 19.0, {{92, 1.0}}); }).find("Z = 92"), std::string::npos);
  EXPECT_NE(error_of([] { make_material("s", 1.0, {{1, 0.1}, {8, 0.8}}); }).find("sum to"), std::string::npos);
  EXPECT_THROW(make_material("n", 1.0, {{1, -0.1}, {8, 1.1}}), InvalidInput);
  EXPECT_THROW(make_material("d", 0.0, {{8, 1.0}}), InvalidInput);
  EXPECT_THROW(make_material("", 1.0, {{8, 1.0}}), InvalidInput);
}

TEST(Materials, ReferenceMaterialsAreNormalised) {
  EXPECT_NEAR(fraction_sum(liquid_water()), 1.0, 1e-12);
  EXPECT_NEAR(fraction_sum(icrp_soft_tissue()), 1.0, 1e-12);
  EXPECT_EQ(icrp_soft_tissue().elements.size(), 13u);
  EXPECT_NEAR(liquid_water().elements[0].mass_fraction, 0.111894, 1e-5);  // NIST "Water, Liquid"
}

constexpr const char* kSmallDb = R"([Elements]
Hydrogen:   S= H  ; Z=  1. ; A=   1.01  g/mole
Oxygen:     S= O  ; Z=  8. ; A=  16.00  g/mole
Nitrogen:   S= N  ; Z=  7. ; A=  14.01  g/mole

[Materials]
# a comment
Water: d=1.00 g/cm3 ; n=2
+el: name=Hydrogen ; f=0.111894
+el: name=Oxygen ; f=0.888106

Air: d=1.21 mg/cm3 ; n=2 ; state=gas
+el: name=Nitrogen ; f=0.77
+el: name=Oxygen ; f=0.23
)";

TEST(Materials, ReadsAGateDatabase) {
  std::istringstream in(kSmallDb);
  const auto ms = read_gate_materials(in, "small.db");
  ASSERT_EQ(ms.size(), 2u);
  EXPECT_EQ(ms[0].name, "Water");
  EXPECT_DOUBLE_EQ(ms[0].density_g_per_cm3, 1.0);
  EXPECT_FALSE(ms[0].gas);
  EXPECT_NEAR(ms[1].density_g_per_cm3, 1.21e-3, 1e-12);
  EXPECT_TRUE(ms[1].gas);
  EXPECT_EQ(ms[1].elements[0].z, 7);
}

TEST(Materials, GateDatabaseErrorsNameTheProblem) {
  auto parse = [](std::string text) {
    std::istringstream in(text);
    return read_gate_materials(in, "bad.db");
  };
  EXPECT_NE(error_of([&] {
              parse("[Materials]\nX: d=1 g/cm3 ; n=1\n+el: name=Unobtainium ; f=1\n");
            }).find("unknown element 'Unobtainium'"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              parse(
                  "[Materials]\nX: d=1 g/cm3 ; n=2\n+el: name=Hydrogen ; f=0.2\n+el: name=Oxygen ; "
                  "f=0.2\n");
            }).find("sum to"),
            std::string::npos);
  EXPECT_NE(error_of([&] { parse("[Materials]\nX: d=1 g/cm3 ; n=3\n+el: name=Oxygen ; f=1\n"); }).find("n=3"),
            std::string::npos);
  EXPECT_NE(error_of([&] { parse("[Materials]\nX: d=1 kg/m3 ; n=1\n+el: name=Oxygen ; f=1\n"); }).find("unit"),
            std::string::npos);
  EXPECT_NE(error_of([&] { parse("[Elements]\nU: S= U ; Z= 92. ; A= 238 g/mole\n"); }).find("Z = 92"),
            std::string::npos);
}

TEST(Materials, LabelTableAndGeometryFromLabels) {
  std::istringstream db(kSmallDb);
  const auto ms = read_gate_materials(db, "small.db");
  std::istringstream labels("0 1 Air\n1 3 Water\n");
  const auto ranges = read_gate_label_materials(labels, "labels.txt");
  ASSERT_EQ(ranges.size(), 2u);
  EXPECT_EQ(ranges[1].last_exclusive, 3u);
  Volume<std::uint16_t> map(Grid({3, 1, 1}, Vector3(1, 1, 1)), 0);
  map.data()[1] = 1;
  map.data()[2] = 2;
  const VoxelGeometry g = geometry_from_labels(map, ms, ranges);
  EXPECT_EQ(g.materials[g.material_index.data()[0]].name, "Air");
  EXPECT_EQ(g.materials[g.material_index.data()[2]].name, "Water");
  EXPECT_FLOAT_EQ(g.density_g_per_cm3.data()[2], 1.0f);
  map.data()[2] = 7;
  EXPECT_NE(error_of([&] { geometry_from_labels(map, ms, ranges); }).find("label 7"), std::string::npos);
  std::istringstream missing("0 1 Air\n1 3 Bone\n");
  EXPECT_NE(error_of([&] { geometry_from_labels(map, ms, read_gate_label_materials(missing, "l")); }).find("'Bone'"),
            std::string::npos);
  std::istringstream bad("3 1 Air\n");
  EXPECT_THROW(read_gate_label_materials(bad, "bad"), InvalidInput);
}

// The OpenDose ICRP 110 adult male phantom's material files (ICRP Publication 110; OpenDose GATE conversion): every
// material parses with fractions summing to 1, and every label range names a material of the database.
TEST(Materials, ParsesTheIcrp110AdultMaleMaterials) {
  const auto db_path = kIcrp110 / "AM_GateMaterials.db";
  const auto labels_path = kIcrp110 / "AM_LabelsToMaterials.txt";
  if (!std::filesystem::exists(db_path) || !std::filesystem::exists(labels_path))
    GTEST_SKIP() << "no ICRP 110 phantom files at " << kIcrp110
                 << " (../shared/reference beside the checkout): configure with -DRPTDOSE_REFERENCE_DIR=<folder>";
  std::ifstream db(db_path), labels(labels_path);
  const auto ms = read_gate_materials(db, db_path.string());
  const auto ranges = read_gate_label_materials(labels, labels_path.string());
  EXPECT_GT(ms.size(), 40u);
  for (const auto& m : ms) {
    EXPECT_NEAR(fraction_sum(m), 1.0, 1e-9) << m.name;
    EXPECT_GT(m.density_g_per_cm3, 0.0) << m.name;
  }
  for (const auto& r : ranges)
    EXPECT_TRUE(std::any_of(ms.begin(), ms.end(), [&](const Material& m) { return m.name == r.material; }))
        << r.material;
  EXPECT_TRUE(ms.front().gas);  // Air_outside_body: state=gas
  // A label map with one voxel of every label range.
  Volume<std::uint16_t> map(Grid({ranges.size(), 1, 1}, Vector3(2, 2, 2)), 0);
  for (std::size_t i = 0; i < ranges.size(); ++i) map.data()[i] = static_cast<std::uint16_t>(ranges[i].first);
  const VoxelGeometry g = geometry_from_labels(map, ms, ranges);
  EXPECT_EQ(g.materials[g.material_index.data()[0]].name, ranges[0].material);
}

// Schneider et al. (2000) bins: soft tissue at 40 HU (SoftTissus covers 19–80 HU), air at −1000, bone above 120;
// every bin's fractions sum to 1 and the bins ascend.
TEST(Materials, Schneider2000Bins) {
  const auto& bins = schneider2000_bins();
  ASSERT_EQ(bins.size(), 26u);
  for (std::size_t i = 0; i < bins.size(); ++i) {
    EXPECT_NEAR(fraction_sum(bins[i].material), 1.0, 1e-12) << bins[i].material.name;
    if (i > 0) {
      EXPECT_GT(bins[i].hu_lower, bins[i - 1].hu_lower);
    }
  }
  auto bin_of = [&](double hu) {
    std::string name = bins.front().material.name;
    for (const auto& b : bins)
      if (hu >= b.hu_lower) name = b.material.name;
    return name;
  };
  EXPECT_EQ(bin_of(40), "SoftTissus");
  EXPECT_EQ(bin_of(-1000), "Air");
  EXPECT_EQ(bin_of(1000), "Marrow_Bone10");
  EXPECT_TRUE(bins.front().material.gas);
  EXPECT_NEAR(bins.front().material.density_g_per_cm3, 0.00121, 1e-9);
}

TEST(Materials, GeometryFromCt) {
  const Grid grid({4, 1, 1}, Vector3(2, 2, 2));
  Volume<float> ct(grid, 0.0f), density(grid, 1.0f);
  ct.data()[0] = -1000.0f;
  ct.data()[1] = 40.0f;
  ct.data()[2] = 1000.0f;
  ct.data()[3] = 5000.0f;
  const VoxelGeometry g = geometry_from_ct(ct, density);
  EXPECT_EQ(g.materials[g.material_index.data()[0]].name, "Air");
  EXPECT_EQ(g.materials[g.material_index.data()[1]].name, "SoftTissus");
  EXPECT_EQ(g.materials[g.material_index.data()[2]].name, "Marrow_Bone10");
  EXPECT_EQ(g.materials[g.material_index.data()[3]].name, "MetallImplants");
  EXPECT_FLOAT_EQ(g.density_g_per_cm3.data()[1], 1.0f);
  // Not HU (e.g. raw stored values 0..4095 without the rescale): no air below −500.
  Volume<float> raw(grid, 1000.0f);
  EXPECT_NE(error_of([&] { geometry_from_ct(raw, density); }).find("in HU"), std::string::npos);
  ct.data()[1] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_NE(error_of([&] { geometry_from_ct(ct, density); }).find("NaN"), std::string::npos);
  ct.data()[1] = 40.0f;
  Volume<float> other(Grid({2, 2, 1}, Vector3(2, 2, 2)), 1.0f);
  EXPECT_THROW(geometry_from_ct(ct, other), InvalidInput);
}

TEST(Materials, ValidateNamesBadVoxels) {
  const Grid grid({2, 1, 1}, Vector3(1, 1, 1));
  VoxelGeometry g = uniform_geometry(grid, liquid_water());
  EXPECT_FLOAT_EQ(g.density_g_per_cm3.data()[0], 1.0f);
  g.material_index.data()[1] = 3;
  EXPECT_NE(error_of([&] { g.validate(); }).find("voxel 1"), std::string::npos);
  g.material_index.data()[1] = 0;
  g.density_g_per_cm3.data()[0] = 0.0f;
  EXPECT_NE(error_of([&] { g.validate(); }).find("1 voxels"), std::string::npos);
}

}  // namespace
}  // namespace rptdose::montecarlo
