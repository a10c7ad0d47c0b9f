#include "rptdose/io/dicom_folder.hpp"

#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <vector>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>

#include "dicom_fixture.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/io/library_messages.hpp"

namespace rptdose::io {
namespace {

// The series are written by ITK/GDCM (tests/io/dicom_fixture.cpp), a writer independent of the DCMTK scanner.
class ScanDicom : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() / ("rptdose-scan-" + std::to_string(::getpid()) + "-" +
                                                      ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(root_);
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  void write_series(const std::filesystem::path& folder, unsigned slices, const std::string& series_uid,
                    const std::string& modality = "CT") {
    const std::vector<std::int16_t> values(4 * 3 * slices, 7);
    testing::write_dicom_series(folder.string(), {4, 3, slices}, {2, 2, 3}, {0, 0, 0}, {1, 0, 0, 0, 1, 0, 0, 0, 1},
                                values.data(),
                                {{"0020|000e", series_uid},
                                 {"0008|0060", modality},
                                 {"0020|0052", series_uid + ".9"},
                                 {"0008|103e", "series " + series_uid}});
  }
  std::filesystem::path root_;
};

TEST_F(ScanDicom, GroupsTheFilesOfATreeBySeriesAndSkipsWhatIsNotDicom) {
  write_series(root_ / "patient" / "ct", 3, "1.2.826.0.1.3680043.2.1125.7.20");
  write_series(root_ / "patient" / "spect" / "nested", 2, "1.2.826.0.1.3680043.2.1125.7.21", "NM");
  std::ofstream(root_ / "patient" / "notes.txt") << "scanned on the Intevo; see the worksheet\n";
  std::ofstream(root_ / "patient" / "ct" / "README") << std::string(400, 'x');  // longer than a preamble

  LibraryMessageCapture capture;
  const auto series = scan_dicom(root_);
  // Reading headers only stops at each file's pixel data, which DCMTK logs as a warning: not one for the user.
  EXPECT_TRUE(capture.take().empty());
  ASSERT_EQ(series.size(), 2u);
  EXPECT_EQ(series[0].series_uid, "1.2.826.0.1.3680043.2.1125.7.20");
  EXPECT_EQ(series[0].modality, "CT");
  EXPECT_EQ(series[0].files.size(), 3u);
  EXPECT_EQ(series[0].frame_of_reference_uid, "1.2.826.0.1.3680043.2.1125.7.20.9");
  EXPECT_EQ(series[0].series_description, "series 1.2.826.0.1.3680043.2.1125.7.20");
  EXPECT_EQ(series[0].sop_class_uid, "1.2.840.10008.5.1.4.1.1.2");
  EXPECT_EQ(series[0].study_uid, "1.2.826.0.1.3680043.2.1125.7.1");
  EXPECT_TRUE(std::is_sorted(series[0].files.begin(), series[0].files.end()));
  EXPECT_EQ(series[1].modality, "NM");
  EXPECT_EQ(series[1].files.size(), 2u);
}

TEST_F(ScanDicom, ReadsASingleFile) {
  write_series(root_, 2, "1.2.826.0.1.3680043.2.1125.7.30");
  const auto series = scan_dicom(root_ / "IM1.dcm");
  ASSERT_EQ(series.size(), 1u);
  EXPECT_EQ(series[0].files, std::vector<std::filesystem::path>{root_ / "IM1.dcm"});
}

TEST_F(ScanDicom, AnRtStructureSetIsInTheFrameOfReferenceItsContoursReferenceAndImageTypesAreRead) {
  // An RTSTRUCT has no FrameOfReferenceUID of its own (PS3.3 A.19): written here with DCMTK's data set API.
  std::filesystem::create_directories(root_);
  DcmFileFormat file;
  DcmDataset& data = *file.getDataset();
  data.putAndInsertString(DCM_SOPClassUID, UID_RTStructureSetStorage);
  data.putAndInsertString(DCM_SOPInstanceUID, "1.2.826.0.1.3680043.2.1125.7.60.1");
  data.putAndInsertString(DCM_Modality, "RTSTRUCT");
  data.putAndInsertString(DCM_SeriesInstanceUID, "1.2.826.0.1.3680043.2.1125.7.60");
  DcmItem* referenced = nullptr;
  ASSERT_TRUE(data.findOrCreateSequenceItem(DCM_ReferencedFrameOfReferenceSequence, referenced, -2).good());
  referenced->putAndInsertString(DCM_FrameOfReferenceUID, "1.2.826.0.1.3680043.2.1125.7.20.9");
  ASSERT_TRUE(file.saveFile((root_ / "RS.dcm").c_str(), EXS_LittleEndianExplicit).good());
  // And the reconstructed SPECT it was drawn on (header only: the scanner reads no pixel data), with its Image Type
  // (PS3.3 C.8.4.7.1.1: value 3 RECON TOMO).
  DcmFileFormat spect;
  DcmDataset& nm = *spect.getDataset();
  nm.putAndInsertString(DCM_SOPClassUID, UID_NuclearMedicineImageStorage);
  nm.putAndInsertString(DCM_SOPInstanceUID, "1.2.826.0.1.3680043.2.1125.7.61.1");
  nm.putAndInsertString(DCM_Modality, "NM");
  nm.putAndInsertString(DCM_SeriesInstanceUID, "1.2.826.0.1.3680043.2.1125.7.61");
  nm.putAndInsertString(DCM_FrameOfReferenceUID, "1.2.826.0.1.3680043.2.1125.7.20.9");
  nm.putAndInsertString(DCM_ImageType, "ORIGINAL\\PRIMARY\\RECON TOMO\\EMISSION");
  ASSERT_TRUE(spect.saveFile((root_ / "SPECT.dcm").c_str(), EXS_LittleEndianExplicit).good());
  const auto series = scan_dicom(root_);
  ASSERT_EQ(series.size(), 2u);
  EXPECT_EQ(series[0].modality, "RTSTRUCT");
  EXPECT_EQ(series[0].frame_of_reference_uid, "1.2.826.0.1.3680043.2.1125.7.20.9");
  EXPECT_TRUE(series[0].image_type.empty());
  EXPECT_EQ(series[1].frame_of_reference_uid, series[0].frame_of_reference_uid);
  EXPECT_EQ(series[1].image_type, (std::vector<std::string>{"ORIGINAL", "PRIMARY", "RECON TOMO", "EMISSION"}));
}

TEST_F(ScanDicom, AFolderWithoutDicomGivesNoSeries) {
  std::filesystem::create_directories(root_);
  std::ofstream(root_ / "activity.nii") << std::string(500, '\0');
  EXPECT_TRUE(scan_dicom(root_).empty());
}

TEST_F(ScanDicom, ATruncatedFileIsAnErrorNamingIt) {
  write_series(root_, 2, "1.2.826.0.1.3680043.2.1125.7.40");
  const auto file = root_ / "IM0.dcm";
  std::filesystem::resize_file(file, 200);  // past the preamble and "DICM", inside the meta header
  try {
    scan_dicom(root_);
    FAIL() << "a truncated file was accepted";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("IM0.dcm"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
  }
}

TEST_F(ScanDicom, DcmtkMessagesReachTheCaptureNotStderr) {
  write_series(root_, 2, "1.2.826.0.1.3680043.2.1125.7.50");
  std::filesystem::resize_file(root_ / "IM1.dcm", 200);
  LibraryMessageCapture capture;
  ::testing::internal::CaptureStderr();
  EXPECT_THROW(scan_dicom(root_), IoError);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
  const auto messages = capture.take();
  ASSERT_FALSE(messages.empty());
  EXPECT_EQ(messages.front().rfind("DCMTK: ", 0), 0u) << messages.front();
}

TEST_F(ScanDicom, AMissingPathOrANonDicomFileIsAnError) {
  EXPECT_THROW(scan_dicom(root_ / "absent"), IoError);
  std::filesystem::create_directories(root_);
  std::ofstream(root_ / "study.json") << "{}";
  EXPECT_THROW(scan_dicom(root_ / "study.json"), IoError);
}

}  // namespace
}  // namespace rptdose::io
