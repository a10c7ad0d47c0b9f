#include "rptdose/nuclides/nuclide_name.hpp"

#include <gtest/gtest.h>

#include "rptdose/core/error.hpp"
#include "rptdose/nuclides/decay_database.hpp"

namespace rptdose::nuclides {
namespace {

TEST(NuclideName, AcceptedSpellingsResolveToCanonical) {
  const auto& db = DecayDatabase::instance();
  for (const char* spelling : {"Lu-177", "177Lu", "lu177", "Lu177", "LU-177", "177-Lu", " lu 177 "}) {
    EXPECT_EQ(db.resolve(spelling), "Lu-177") << spelling;
  }
  EXPECT_EQ(db.resolve("Tb-161"), "Tb-161");
  EXPECT_EQ(db.resolve("166Ho"), "Ho-166");
  for (const char* spelling : {"Tc-99m", "99mTc", "tc99m", "Tc99m"})
    EXPECT_EQ(db.resolve(spelling), "Tc-99m") << spelling;
  EXPECT_EQ(db.resolve("99Mo"), "Mo-99");  // not O-99m
  EXPECT_EQ(db.resolve("177mLu"), "Lu-177m");
  EXPECT_EQ(db.resolve("Ir-192n"), "Ir-192n");
}

TEST(NuclideName, NonNuclideFormsHaveNoCandidates) {
  EXPECT_TRUE(candidate_nuclide_names("").empty());
  EXPECT_TRUE(candidate_nuclide_names("lutetium").empty());
  EXPECT_TRUE(candidate_nuclide_names("Lu-17777").empty());
}

TEST(NuclideName, UnknownNameListsCloseMatches) {
  const auto& db = DecayDatabase::instance();
  try {
    db.get("Lu-178x");
    FAIL();
  } catch (const UnknownNuclide& e) {
    EXPECT_NE(std::string(e.what()).find("Lu-17"), std::string::npos) << e.what();
  }
  try {
    db.get("Lu-199");
    FAIL();
  } catch (const UnknownNuclide& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("Lu-"), std::string::npos) << e.what();
  }
  try {
    db.get("Hf-177");
    FAIL();
  } catch (const UnknownNuclide& e) {
    EXPECT_NE(std::string(e.what()).find("stable"), std::string::npos) << e.what();
  }
  EXPECT_THROW(db.get("banana"), UnknownNuclide);
  EXPECT_THROW(db.get("banana"), InvalidInput);  // UnknownNuclide is an InvalidInput
}

TEST(NuclideName, EditDistance) {
  EXPECT_EQ(edit_distance("Lu-177", "lu-177"), 0u);
  EXPECT_EQ(edit_distance("Lu-177", "Lu-178"), 1u);
  EXPECT_EQ(edit_distance("Ac-225", "Ac-22"), 1u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
}

}  // namespace
}  // namespace rptdose::nuclides
