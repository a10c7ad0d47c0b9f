// The attribute getters every DCMTK reader of rptdose uses (src/io/dcmtk_dataset.hpp): padding, empty values and
// malformed numbers handled one way.
#include "dcmtk_dataset.hpp"

#include <gtest/gtest.h>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcitem.h>

#include "rptdose/core/error.hpp"

namespace rptdose::io::dcmtk {
namespace {

TEST(DcmtkDataset, TextIsTrimmedAndEmptyIsAbsent) {
  DcmItem item;
  item.putAndInsertString(DCM_Modality, "NM ");
  item.putAndInsertString(DCM_SeriesDescription, "");
  EXPECT_EQ(text(item, DCM_Modality), "NM");
  EXPECT_EQ(text(item, DCM_SeriesDescription), std::nullopt);
  EXPECT_EQ(text(item, DCM_Units), std::nullopt);
  item.putAndInsertString(DCM_ImageType, "ORIGINAL\\PRIMARY\\RECON TOMO\\EMISSION ");
  EXPECT_EQ(values(item, DCM_ImageType), (std::vector<std::string>{"ORIGINAL", "PRIMARY", "RECON TOMO", "EMISSION"}));
  EXPECT_EQ(text(item, DCM_ImageType), "ORIGINAL\\PRIMARY\\RECON TOMO\\EMISSION");
  EXPECT_TRUE(values(item, DCM_PatientPosition).empty());
}

TEST(DcmtkDataset, NumbersOfEveryNumericRepresentation) {
  DcmItem item;
  item.putAndInsertString(DCM_PixelSpacing, " 4.7952\\4.7952 ");  // DS, VM 2
  item.putAndInsertString(DCM_InstanceNumber, "12");              // IS
  item.putAndInsertUint16(DCM_Rows, 128);                         // US
  item.putAndInsertFloat64(DCM_RealWorldValueSlope, 0.0625);      // FD
  EXPECT_EQ(numbers(item, DCM_PixelSpacing), (std::vector<double>{4.7952, 4.7952}));
  EXPECT_EQ(number(item, DCM_PixelSpacing, 1), 4.7952);
  EXPECT_EQ(number(item, DCM_PixelSpacing, 2), std::nullopt);
  EXPECT_EQ(number(item, DCM_InstanceNumber), 12.0);
  EXPECT_EQ(number(item, DCM_Rows), 128.0);
  EXPECT_EQ(number(item, DCM_RealWorldValueSlope), 0.0625);
  EXPECT_EQ(number(item, DCM_SliceThickness), std::nullopt);
}

TEST(DcmtkDataset, AMalformedNumberIsAnErrorNamingTheAttribute) {
  DcmItem item;
  item.putAndInsertString(DCM_SliceThickness, "4.8mm");
  try {
    number(item, DCM_SliceThickness);
    FAIL() << "'4.8mm' was read as a number";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("(0018,0050) SliceThickness"), std::string::npos) << e.what();
  }
  item.putAndInsertString(DCM_Modality, "NM");
  EXPECT_THROW(number(item, DCM_Modality), IoError);  // CS is not numeric
}

TEST(DcmtkDataset, SequenceItems) {
  DcmItem item;
  DcmItem* detector = nullptr;
  ASSERT_TRUE(item.findOrCreateSequenceItem(DCM_DetectorInformationSequence, detector, -2).good());
  detector->putAndInsertString(DCM_ImagePositionPatient, "-300\\-300\\-200");
  EXPECT_EQ(sequence_size(item, DCM_DetectorInformationSequence), 1u);
  ASSERT_NE(sequence_item(item, DCM_DetectorInformationSequence), nullptr);
  EXPECT_EQ(numbers(*sequence_item(item, DCM_DetectorInformationSequence), DCM_ImagePositionPatient),
            (std::vector<double>{-300, -300, -200}));
  EXPECT_EQ(sequence_item(item, DCM_DetectorInformationSequence, 1), nullptr);
  EXPECT_EQ(sequence_item(item, DCM_RealWorldValueMappingSequence), nullptr);
}

}  // namespace
}  // namespace rptdose::io::dcmtk
