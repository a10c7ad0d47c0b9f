// The stacking of single-frame DICOM slices (src/io/dicom_slices.hpp) and the radionuclide codes
// (src/io/dicom_radionuclide.hpp), on plain values: the pydicom-written files of tests/python/test_dicom_images.py
// cover the same rules through the files.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "dicom_radionuclide.hpp"
#include "dicom_slices.hpp"
#include "rptdose/core/error.hpp"

namespace rptdose::io::detail {
namespace {

std::vector<ImagePlane> axial(const std::vector<double>& z_mm) {
  std::vector<ImagePlane> planes;
  for (std::size_t k = 0; k < z_mm.size(); ++k) {
    ImagePlane plane;
    plane.position_mm = Vector3(-100, -120, z_mm[k]);
    plane.row = Vector3(1, 0, 0);
    plane.column = Vector3(0, 1, 0);
    plane.row_spacing_mm = 2.0;
    plane.column_spacing_mm = 1.5;
    plane.rows = 4;
    plane.columns = 3;
    plane.source = "IM" + std::to_string(k);
    planes.push_back(plane);
  }
  return planes;
}

TEST(DicomSlices, AreOrderedAlongTheNormalWhateverTheirFileOrder) {
  const PlaneStack stack = stack_planes(axial({10.0, 4.0, 7.0, 1.0}), 0);
  EXPECT_EQ(stack.order, (std::vector<std::size_t>{3, 1, 2, 0}));
  EXPECT_EQ(stack.grid.size(), (Size3{3, 4, 4}));
  EXPECT_NEAR(stack.grid.spacing_mm().z(), 3.0, 1e-12);
  EXPECT_NEAR(stack.grid.spacing_mm().x(), 1.5, 1e-12);  // PixelSpacing value 2: between columns
  EXPECT_NEAR(stack.grid.origin_mm().z(), 1.0, 1e-12);
}

TEST(DicomSlices, AMissingSliceAnUnevenStepAndAShearAreErrors) {
  using ::testing::HasSubstr;
  using ::testing::ThrowsMessage;
  EXPECT_THAT([] { stack_planes(axial({0, 3, 9, 12}), 0); }, ThrowsMessage<IoError>(HasSubstr("a missing slice")));
  EXPECT_THAT(
      [] {
        stack_planes(axial({0, 3, 7.2, 9}), 0);
      },
      ThrowsMessage<IoError>(HasSubstr("unevenly spaced slices")));
  EXPECT_THAT([] { stack_planes(axial({0, 3, 3, 6}), 0); }, ThrowsMessage<IoError>(HasSubstr("two slices at one")));
  EXPECT_NO_THROW(stack_planes(axial({0, 3, 6.02, 9}), 0));  // within 1 % of the step
  auto sheared = axial({0, 3, 6});
  sheared[2].position_mm.y() += 1.0;  // a tilted gantry
  EXPECT_THAT([&] { stack_planes(sheared, 0); }, ThrowsMessage<IoError>(HasSubstr("shifted within their plane")));
  EXPECT_THAT([] { stack_planes(axial({5}), 0); }, ThrowsMessage<IoError>(HasSubstr("single slice")));
}

TEST(DicomRadionuclide, CodesAndMeaningsNameRptdoseNuclides) {
  EXPECT_EQ(nuclide_of_code("C-163A8", "SRT", ""), "Tc-99m");  // PS3.16 CID 18
  EXPECT_EQ(nuclide_of_code("C-114B1", "99SDM", ""), "I-131");
  EXPECT_EQ(nuclide_of_code("447553000", "SCT", ""), "Lu-177");
  EXPECT_EQ(nuclide_of_code("X-1", "99LOCAL", "^177^Lutetium"), "Lu-177");
  EXPECT_EQ(nuclide_of_code("", "", "Lu-177"), "Lu-177");
  EXPECT_EQ(nuclide_of_code("", "", "^99m^Technetium"), "Tc-99m");
  EXPECT_EQ(nuclide_of_code("", "", "Indium In-111"), "In-111");
  EXPECT_EQ(nuclide_of_code("", "", "^90^Yttrium"), "Y-90");
  EXPECT_FALSE(nuclide_of_code("C-163A8", "SCT", "").has_value());  // an SRT code under another scheme
  EXPECT_FALSE(nuclide_of_code("", "", "water").has_value());
}

}  // namespace
}  // namespace rptdose::io::detail
