// The RT Dose and SEG writers on grids built in C++, read back with DCMTK's dcmdata (the independent checks, by
// pydicom and dciodvfy on pipeline outputs, are in tests/python/test_rt_dose.py).
#include "rptdose/io/rt_dose_writer.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>
#include <cmath>
#include <filesystem>

#include "dcmtk_dataset.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/io/seg_writer.hpp"

#include <dcmtk/dcmdata/dcdeftag.h>

namespace rptdose::io {
namespace {

using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

class RtDoseWriter : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = std::filesystem::temp_directory_path() / ("rptdose-rtdose-" + std::to_string(::getpid()));
    std::filesystem::create_directories(folder_);
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }
  std::filesystem::path folder_;
};

/// The 32-bit pixel values of an RT Dose (OW: 16-bit words, the low word of each value first).
std::vector<std::uint32_t> pixel_values(DcmDataset& d) {
  const Uint16* words = nullptr;
  unsigned long count = 0;
  EXPECT_TRUE(d.findAndGetUint16Array(DCM_PixelData, words, &count).good());
  std::vector<std::uint32_t> values(count / 2);
  for (std::size_t v = 0; v < values.size(); ++v) values[v] = words[2 * v] | (std::uint32_t{words[2 * v + 1]} << 16);
  return values;
}

Volume<float> ramp(const Grid& grid) {
  Volume<float> dose(grid);
  for (std::size_t v = 0; v < dose.size(); ++v) dose[v] = 0.25f * static_cast<float>(v);
  return dose;
}

TEST_F(RtDoseWriter, TheMaximumUsesThe32BitRangeAndEachVoxelIsWithinHalfAStep) {
  const auto dose = ramp(Grid({4, 3, 5}, {2, 3, 4}, {10, 20, 30}));
  const auto written = write_rt_dose(dose, new_dicom_reference(), {}, folder_ / "dose.dcm");
  const double max_Gy = 0.25 * (dose.size() - 1);
  EXPECT_GE(written.dose_grid_scaling_Gy * 4294967295.0, max_Gy);
  EXPECT_NEAR(written.dose_grid_scaling_Gy * 4294967295.0, max_Gy, max_Gy * 1e-8);
  auto file = dcmtk::load_file(folder_ / "dose.dcm", dcmtk::ReadExtent::Whole);
  const auto pixels = pixel_values(*file->getDataset());
  ASSERT_EQ(pixels.size(), dose.size());
  EXPECT_GE(pixels.back(), 4294967280u);  // the maximum: 2^32 - 1 less the 1e-9 round-up of the scaling
  for (std::size_t v = 0; v < dose.size(); ++v)
    EXPECT_LE(std::abs(pixels[v] * written.dose_grid_scaling_Gy - dose[v]), written.dose_grid_scaling_Gy / 2);
  EXPECT_EQ(dcmtk::text(*file->getDataset(), DCM_DoseSummationType), "PLAN_OVERVIEW");
}

TEST_F(RtDoseWriter, ALeftHandedGridIsWrittenWithItsSlicesReversed) {
  Matrix3 flipped = Matrix3::Identity();
  flipped(2, 2) = -1;
  const auto dose = ramp(Grid({2, 2, 3}, {1, 1, 5}, {0, 0, 100}, flipped));
  write_rt_dose(dose, new_dicom_reference(), {}, folder_ / "dose.dcm");
  auto file = dcmtk::load_file(folder_ / "dose.dcm", dcmtk::ReadExtent::Whole);
  DcmDataset& d = *file->getDataset();
  EXPECT_EQ(dcmtk::numbers(d, DCM_ImagePositionPatient), (std::vector<double>{0, 0, 90}));  // the last slice first
  EXPECT_EQ(dcmtk::numbers(d, DCM_GridFrameOffsetVector), (std::vector<double>{0, 5, 10}));
  const auto pixels = pixel_values(d);
  const double scaling = *dcmtk::number(d, DCM_DoseGridScaling);
  EXPECT_NEAR(pixels[0] * scaling, dose[dose.grid().linear_index(0, 0, 2)], scaling);
  EXPECT_NEAR(pixels[8] * scaling, dose[dose.grid().linear_index(0, 0, 0)], scaling);
}

TEST_F(RtDoseWriter, GridsAndValuesDicomCannotHoldAreRefusedAndNothingIsWritten) {
  Matrix3 sheared = Matrix3::Identity();
  sheared(0, 1) = 0.3;
  EXPECT_THAT(
      [&] {
        write_rt_dose(ramp(Grid({2, 2, 2}, {1, 1, 1}, {0, 0, 0}, sheared)), new_dicom_reference(), {},
                      folder_ / "dose.dcm");
      },
      ThrowsMessage<InvalidInput>(HasSubstr("not orthogonal unit vectors")));
  auto nan = ramp(Grid({2, 2, 2}, {1, 1, 1}));
  nan[3] = std::nanf("");
  EXPECT_THAT([&] { write_rt_dose(nan, new_dicom_reference(), {}, folder_ / "dose.dcm"); },
              ThrowsMessage<InvalidInput>(HasSubstr("voxel 3 is not finite")));
  EXPECT_FALSE(std::filesystem::exists(folder_ / "dose.dcm"));
}

TEST_F(RtDoseWriter, SegNeedsDistinctNamedSegments) {
  Volume<std::int32_t> labels(Grid({3, 3, 2}, {2, 2, 2}));
  labels[4] = 1;
  const auto reference = new_dicom_reference();
  EXPECT_THAT([&] { write_seg(labels, {}, reference, {}, folder_ / "v.seg.dcm"); },
              ThrowsMessage<InvalidInput>(HasSubstr("without segments")));
  EXPECT_THAT(
      [&] {
        write_seg(labels, {{1, "liver"}, {2, "liver"}}, reference, {}, folder_ / "v.seg.dcm");
      },
      ThrowsMessage<InvalidInput>(HasSubstr("distinct labels and names")));
  write_seg(labels, {{1, "liver"}, {2, "spleen"}}, reference, {}, folder_ / "v.seg.dcm");  // spleen: no voxel
  auto file = dcmtk::load_file(folder_ / "v.seg.dcm", dcmtk::ReadExtent::Whole);
  EXPECT_EQ(dcmtk::sequence_size(*file->getDataset(), DCM_SegmentSequence), 2u);
  EXPECT_EQ(dcmtk::number(*file->getDataset(), DCM_NumberOfFrames), 2.0);  // liver's slice, spleen's empty frame
  EXPECT_EQ(dcmtk::text(*file->getDataset(), DCM_FrameOfReferenceUID), reference.frame_of_reference_uid);
}

TEST_F(RtDoseWriter, SegFramesOfALeftHandedGridCarryEachSlicesPosition) {
  Matrix3 flipped = Matrix3::Identity();
  flipped(2, 2) = -1;
  Volume<std::int32_t> labels(Grid({2, 2, 3}, {1, 1, 5}, {0, 0, 100}, flipped));
  labels[labels.grid().linear_index(1, 0, 0)] = 1;  // slice 0 at z = 100: the last frame in DICOM order
  write_seg(labels, {{1, "liver"}}, new_dicom_reference(), {}, folder_ / "v.seg.dcm");
  auto file = dcmtk::load_file(folder_ / "v.seg.dcm", dcmtk::ReadExtent::Whole);
  DcmItem* frame = dcmtk::sequence_item(*file->getDataset(), DCM_PerFrameFunctionalGroupsSequence, 0);
  ASSERT_NE(frame, nullptr);
  DcmItem* position = dcmtk::sequence_item(*frame, DCM_PlanePositionSequence, 0);
  ASSERT_NE(position, nullptr);
  EXPECT_EQ(dcmtk::numbers(*position, DCM_ImagePositionPatient), (std::vector<double>{0, 0, 100}));
  EXPECT_EQ(dcmtk::number(*file->getDataset(), DCM_NumberOfFrames), 1.0);
}

}  // namespace
}  // namespace rptdose::io
