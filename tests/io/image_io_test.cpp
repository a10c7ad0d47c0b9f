#include "rptdose/io/image_io.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <vector>

#include "dicom_fixture.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/io/dicom_info.hpp"

namespace rptdose::io {
namespace {

std::filesystem::path scratch(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("rptdose-io-tests-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir / name;
}

/// An oblique grid (rotation about z by 30°), anisotropic spacing, non-zero origin: geometry a round trip must keep.
Grid oblique_grid() {
  const double c = std::cos(M_PI / 6), s = std::sin(M_PI / 6);
  Matrix3 direction;
  direction << c, -s, 0, s, c, 0, 0, 0, 1;
  return Grid({7, 5, 4}, Vector3(4.42, 4.42, 5.0), Vector3(-210.5, 13.25, 987.0), direction);
}

Volume<float> ramp() {
  Volume<float> v(oblique_grid());
  for (std::size_t n = 0; n < v.size(); ++n) v[n] = 0.25f * static_cast<float>(n) - 3.0f;
  return v;
}

class RoundTrip : public ::testing::TestWithParam<const char*> {};
INSTANTIATE_TEST_SUITE_P(Formats, RoundTrip, ::testing::Values("image.nii", "image.nii.gz", "image.nrrd", "image.mha"));

TEST_P(RoundTrip, KeepsValuesAndGeometry) {
  const auto path = scratch(GetParam());
  const Volume<float> original = ramp();
  write_image(original, path);
  const Volume<float> back = read_image(path);
  EXPECT_TRUE(back.grid().same_geometry(original.grid(), 1e-4, 1e-6)) << back.grid().describe();
  EXPECT_TRUE(std::equal(back.begin(), back.end(), original.begin()));
  // Labels keep integers exactly.
  Volume<std::int32_t> labels(oblique_grid(), 0);
  labels[3] = 5;
  labels[17] = 117;  // TotalSegmentator has 117 classes
  const auto label_path = scratch(std::string("labels-") + GetParam());
  write_labels(labels, label_path);
  const auto labels_back = read_labels(label_path);
  EXPECT_TRUE(std::equal(labels_back.begin(), labels_back.end(), labels.begin()));
  // No temporary file is left next to the target.
  for (const auto& entry : std::filesystem::directory_iterator(path.parent_path()))
    EXPECT_EQ(entry.path().filename().string().rfind(".rptdose-tmp", 0), std::string::npos);
}

TEST(ImageIo, FormatsFromPaths) {
  EXPECT_EQ(format_for_path("a/b.NII.GZ"), ImageFormat::Nifti);
  EXPECT_EQ(format_for_path("b.nhdr"), ImageFormat::Nrrd);
  EXPECT_EQ(format_for_path("b.mhd"), ImageFormat::MetaImage);
  EXPECT_EQ(format_for_path(std::filesystem::temp_directory_path()), ImageFormat::DicomSeries);
  EXPECT_THAT([] { format_for_path("scan.png"); },
              ::testing::ThrowsMessage<InvalidInput>(::testing::HasSubstr(".nii.gz")));
}

TEST(ImageIo, ErrorsNameTheFileAndTheReason) {
  EXPECT_THAT([] { read_image(scratch("missing.nii.gz")); },
              ::testing::ThrowsMessage<IoError>(::testing::HasSubstr("no such file")));
  const auto garbage = scratch("garbage.nii");
  std::ofstream(garbage) << "not an image";
  EXPECT_THAT([&] { read_image(garbage); }, ::testing::ThrowsMessage<IoError>(::testing::HasSubstr("garbage.nii")));
  EXPECT_THAT([] { write_image(ramp(), scratch("no-such-folder") / "x.nii"); },
              ::testing::ThrowsMessage<IoError>(::testing::HasSubstr("does not exist")));
  EXPECT_THROW(write_image(ramp(), scratch("x.dcm")), InvalidInput);
  // A float image is not a label map.
  const auto fractional = scratch("fractional.nrrd");
  write_image(ramp(), fractional);
  EXPECT_THAT([&] { read_labels(fractional); },
              ::testing::ThrowsMessage<IoError>(::testing::HasSubstr("not an integer")));
  // An empty folder holds no DICOM series.
  const auto empty = scratch("empty-folder");
  std::filesystem::create_directories(empty);
  EXPECT_THAT([&] { read_image(empty); }, ::testing::ThrowsMessage<IoError>(::testing::HasSubstr("no DICOM series")));
}

// A DICOM series written by ITK/GDCM (one file per slice, image position and orientation per slice) reads back
// with its geometry and values.
TEST(ImageIo, ReadsADicomSeriesWithItsGeometry) {
  const Grid grid = oblique_grid();
  std::vector<std::int16_t> values(grid.voxel_count());
  for (std::size_t n = 0; n < values.size(); ++n) values[n] = static_cast<std::int16_t>(static_cast<int>(n) * 7 - 1000);
  std::array<double, 9> direction{};
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) direction[static_cast<std::size_t>(3 * r + c)] = grid.direction()(r, c);
  const auto folder = scratch("dicom-series");
  testing::write_dicom_series(folder.string(), {7, 5, 4}, {4.42, 4.42, 5.0}, {-210.5, 13.25, 987.0}, direction,
                              values.data());
  const Volume<float> image = read_image(folder);
  EXPECT_TRUE(image.grid().same_geometry(grid, 1e-3, 1e-5)) << image.grid().describe();
  for (std::size_t n = 0; n < values.size(); ++n) ASSERT_EQ(image[n], static_cast<float>(values[n])) << n;
}

// The header fields a quantitative series carries, from a series written with them.
TEST(DicomInfo, ReadsTimeUnitsAndDecayCorrection) {
  const Grid grid({4, 3, 2}, Vector3(4.8, 4.8, 4.8));
  const std::vector<std::int16_t> values(grid.voxel_count(), 100);
  const auto folder = scratch("dicom-quantitative");
  testing::write_dicom_series(folder.string(), {4, 3, 2}, {4.8, 4.8, 4.8}, {0, 0, 0}, {1, 0, 0, 0, 1, 0, 0, 0, 1},
                              values.data(),
                              {{"0008|0022", "20261124"},
                               {"0008|0032", "143015.5"},
                               {"0054|1001", "BQML"},
                               {"0054|1102", "START"},
                               {"0018|1242", "900000"}});
  const DicomInfo info = read_dicom_info(folder);
  EXPECT_EQ(info.modality, "CT");
  EXPECT_EQ(*info.units, DicomUnits::BqPerMl);
  EXPECT_EQ(info.units_term, "BQML");
  EXPECT_TRUE(info.activity_concentration());
  EXPECT_EQ(*info.decay_correction, DicomDecayCorrection::Start);
  EXPECT_DOUBLE_EQ(*info.frame_duration_s, 900.0);
  EXPECT_DOUBLE_EQ(*info.acquisition_duration_s, 900.0);  // not NM: the frame is the acquisition
  // 2026-11-24 is day 20781 after 1970-01-01 (Python: date(2026, 11, 24).toordinal() - date(1970, 1, 1).toordinal()).
  EXPECT_DOUBLE_EQ(*info.acquisition_time_s, 20781 * 86400.0 + 14 * 3600 + 30 * 60 + 15.5);
  EXPECT_THROW(read_dicom_info(scratch("no-such-dicom")), IoError);
}

TEST(DicomInfo, DateTimesAreSecondsOfOneClock) {
  EXPECT_DOUBLE_EQ(dicom_datetime_seconds("19700101", "000000"), 0.0);
  EXPECT_DOUBLE_EQ(dicom_datetime_seconds("20240301", "00") - dicom_datetime_seconds("20240228", "00"),
                   2 * 86400.0);  // 2024 is a leap year
  EXPECT_DOUBLE_EQ(dicom_datetime_seconds("20261124", "0930"), dicom_datetime_seconds("20261124", "093000.000"));
  EXPECT_THROW(dicom_datetime_seconds("2026-11-24", "0930"), InvalidInput);
  EXPECT_THROW(dicom_datetime_seconds("20261324", "0930"), InvalidInput);
  EXPECT_THROW(dicom_datetime_seconds("20261124", "25"), InvalidInput);
}

}  // namespace
}  // namespace rptdose::io
