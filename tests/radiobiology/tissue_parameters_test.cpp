#include "rptdose/radiobiology/tissue_parameters.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"

namespace rptdose::radiobiology {
namespace {

constexpr double kHour = units::kSecondsPerHour;

TEST(TissueParameters, DefaultTableHasTheCitedKidneyValues) {
  // Wessels et al. 2008 (MIRD Pamphlet No. 20): kidney α/β 2.6 Gy, T_rep 2.8 h.
  const auto table = TissueTable::load_default();
  const auto* kidney = table.find("kidney");
  ASSERT_NE(kidney, nullptr);
  EXPECT_DOUBLE_EQ(kidney->lq.alpha_beta_Gy, 2.6);
  EXPECT_DOUBLE_EQ(kidney->lq.repair_half_time_s, 2.8 * kHour);
  EXPECT_EQ(kidney->status, "cited");
  for (const char* tissue : {"red_marrow", "liver", "salivary_glands", "tumour"}) {
    const auto* t = table.find(tissue);
    ASSERT_NE(t, nullptr) << tissue;
    EXPECT_FALSE(t->source.empty()) << tissue;
  }
  EXPECT_DOUBLE_EQ(table.find("tumour")->lq.alpha_beta_Gy, 10.0);
  // α/β with a source read (Begum et al., J Nucl Med 59:929, 2018: BEDs in Gy15 and Gy4.5), repair times assumed.
  EXPECT_DOUBLE_EQ(table.find("red_marrow")->lq.alpha_beta_Gy, 15.0);
  EXPECT_DOUBLE_EQ(table.find("salivary_glands")->lq.alpha_beta_Gy, 4.5);
  for (const char* tissue : {"red_marrow", "salivary_glands"})
    EXPECT_EQ(table.find(tissue)->status, "alpha_beta_cited") << tissue;
  for (const char* tissue : {"liver", "tumour"}) EXPECT_EQ(table.find(tissue)->status, "assumed") << tissue;
}

TEST(TissueParameters, VoiNamesMatchTissuesByPrefix) {
  const auto table = TissueTable::load_default();
  EXPECT_EQ(table.for_voi("kidney_left").tissue, "kidney");
  EXPECT_EQ(table.for_voi("Kidney-Right").tissue, "kidney");
  EXPECT_EQ(table.for_voi("Red Marrow").tissue, "red_marrow");
  EXPECT_EQ(table.for_voi("parotid_l").tissue, "salivary_glands");
  EXPECT_EQ(table.for_voi("lesion_3").tissue, "tumour");
  EXPECT_EQ(table.match_voi("kidneystone"), nullptr);  // a prefix must end at '_' or the name's end
  EXPECT_EQ(table.match_voi("spleen"), nullptr);
  try {
    table.for_voi("spleen");
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("kidney"), std::string::npos) << e.what();  // lists the prefixes
  }
  EXPECT_TRUE(name_matches("kidney_left", "kidney"));
  EXPECT_FALSE(name_matches("kidney", "kidney_left"));
}

TEST(TissueParameters, LongestPrefixWinsAndValuesCanBeOverridden) {
  TissueTable table;
  table.set({"marrow", {10.0, 0.5 * kHour}, {"marrow"}, "", "assumed"});
  table.set({"marrow_lumbar", {8.0, 0.7 * kHour}, {"marrow_lumbar"}, "", "assumed"});
  EXPECT_EQ(table.for_voi("marrow_lumbar_l3").tissue, "marrow_lumbar");
  EXPECT_EQ(table.for_voi("marrow_pelvis").tissue, "marrow");
  table.set_alpha_beta("marrow", 15.0);
  table.set_repair_half_time("marrow", 1.0 * kHour);
  EXPECT_DOUBLE_EQ(table.find("marrow")->lq.alpha_beta_Gy, 15.0);
  EXPECT_DOUBLE_EQ(table.find("marrow")->lq.repair_half_time_s, kHour);
  EXPECT_THROW(table.set_alpha_beta("marrow", 0.0), InvalidInput);
  EXPECT_THROW(table.set_alpha_beta("bone", 3.0), InvalidInput);
}

TEST(TissueParameters, MalformedFilesAreIoErrorsNamingTheLine) {
  const auto path = std::filesystem::temp_directory_path() / "rptdose_tissues_test.csv";
  {
    std::ofstream out(path);
    out << "tissue,alpha_beta_Gy,repair_half_time_h,voi_prefixes,source,status\n"
        << "kidney,2.6,2.8,kidney,x,cited\n"
        << "liver,-1,1.5,liver,x,assumed\n";
  }
  try {
    TissueTable::read(path);
    FAIL();
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("line 3"), std::string::npos) << e.what();
  }
  {
    std::ofstream out(path);
    out << "tissue,alpha_beta_Gy,repair_half_time_h,voi_prefixes,source,status\n"
        << "kidney,2.6,2.8,kidney,x,guessed\n";
  }
  try {
    TissueTable::read(path);
    FAIL();
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("'cited', 'alpha_beta_cited' or 'assumed'"), std::string::npos) << e.what();
  }
  std::filesystem::remove(path);
  EXPECT_THROW(TissueTable::read("/nonexistent/tissues.csv"), IoError);
}

}  // namespace
}  // namespace rptdose::radiobiology
