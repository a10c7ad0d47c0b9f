#include "rptdose/kernels/kernel_io.hpp"

#include <gtest/gtest.h>

#include "kernel_test_support.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "rptdose/core/error.hpp"
#include "rptdose/kernels/kernel_generation.hpp"

namespace rptdose::kernels {
namespace {

using testing::cubic_options;
using testing::scratch;

namespace fs = std::filesystem;

KernelTableOptions table_options(double spacing, KernelUnit unit) {
  KernelTableOptions o;
  o.spacing_mm = Vector3(spacing, spacing, spacing);
  o.unit = unit;
  return o;
}

TEST(KernelIo, CsvRoundTripsThroughTheTableReader) {
  const auto kernel = generate_kernel("Lu-177", cubic_options());
  std::stringstream csv;
  write_kernel_csv(csv, kernel);
  std::string header;
  std::getline(std::stringstream(csv.str()), header);
  EXPECT_EQ(header, "i,j,k,S_Gy_per_Bq_s");
  const auto back = read_kernel_table(csv, table_options(3.0, KernelUnit::GyPerBqSecond), "round trip");
  for (int i = -2; i <= 2; ++i)
    for (int j = -2; j <= 2; ++j)
      for (int k = -2; k <= 2; ++k) EXPECT_NEAR(back.at(i, j, k), kernel.at(i, j, k), 1e-9 * kernel.at(i, j, k));
}

TEST(KernelIo, OctantTableIsMirroredAndUnitsConverted) {
  std::stringstream table("# Monte Carlo VSV, mGy/(MBq s)\ni j k S\n0 0 0 2.0\n1 0 0 0.5\n0 1 0 0.25\n1 1 0 0.1\n");
  // half-size (1,1,0): a 3x3x1 kernel
  const auto kernel = read_kernel_table(table, table_options(4.0, KernelUnit::MilliGyPerMBqSecond), "octant");
  EXPECT_EQ(kernel.half_size(), (std::array<int, 3>{1, 1, 0}));
  EXPECT_DOUBLE_EQ(kernel.at(0, 0, 0), 2.0e-9);
  EXPECT_DOUBLE_EQ(kernel.at(-1, 0, 0), 0.5e-9);
  EXPECT_DOUBLE_EQ(kernel.at(0, -1, 0), 0.25e-9);
  EXPECT_DOUBLE_EQ(kernel.at(-1, -1, 0), 0.1e-9);
  EXPECT_FALSE(kernel.has_components());
  EXPECT_THROW(kernel.values(KernelComponent::Photon), InvalidInput);
}

TEST(KernelIo, BadTablesNameTheProblem) {
  auto expect_error = [](const std::string& text, const std::string& fragment) {
    std::stringstream in(text);
    try {
      read_kernel_table(in, table_options(4.0, KernelUnit::GyPerBqSecond), "t.txt");
      ADD_FAILURE() << "no error for: " << text;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
  };
  expect_error("0 0 0 1\n1 0 0 0.5\n1 1 0 0.1\n", "gap");     // (0,1,0) missing
  expect_error("0 0 0 1\n1 0 0 0.5\n1 0 0 0.4\n", "line 3");  // duplicate
  expect_error("0 0 0 1\n1 0 0 abc\n", "line 2");             // non-numeric
  expect_error("0 0 0 1\n1 0 0 -0.5\n", "negative");          // negative S
  expect_error("", "no 'i j k S' rows");                      // empty
  expect_error("0 0 0 1\n-1 0 0 0.5\n", "gap");               // full table with holes
  // Regression (issue 17, found reading the fuzz target): one row "200 200 200 1" made the reader allocate the
  // 401³ box (774 MB) before finding the gaps; the row count is compared with the box first.
  expect_error("0 0 0 1\n200 200 200 1\n", "the table has 2 rows but an octant table up to (200, 200, 200) needs "
                                            "8120601");
  std::stringstream in("0 0 0 1\n");
  EXPECT_THROW(read_kernel_table(in, table_options(0.0, KernelUnit::GyPerBqSecond), "t"), InvalidInput);
  EXPECT_THROW(parse_kernel_unit("Gy"), InvalidInput);
  EXPECT_EQ(parse_kernel_unit("mGy/(MBq*s)"), KernelUnit::MilliGyPerMBqSecond);
  EXPECT_THROW(read_kernel_table(fs::path("/nonexistent/vsv.txt"), table_options(4.0, KernelUnit::GyPerBqSecond)),
               IoError);
}

TEST(KernelIo, FullRangeKernelIsRefusedNotWrittenWithoutItsFarPhotons) {
  // A kernel with a photon split holds its photons beyond the split radius outside values(): neither file format
  // can store that far part, and a file of the near part alone would give photon dose cut at the split.
  auto options = cubic_options(4.0, 3);
  options.photon_split_radius_mm = 10.0;
  const auto kernel = generate_kernel("Lu-177", options);
  ASSERT_NE(kernel.far_photon(), nullptr);
  fs::remove(scratch("full-range.json"));
  fs::remove(scratch("full-range.csv"));
  EXPECT_THROW(write_kernel_raw(scratch("full-range.json"), kernel), InvalidInput);
  EXPECT_THROW(write_kernel_csv(scratch("full-range.csv"), kernel), InvalidInput);
  EXPECT_FALSE(fs::exists(scratch("full-range.json")));
  EXPECT_FALSE(fs::exists(scratch("full-range.csv")));
}

TEST(KernelIo, RawAndJsonRoundTripKeepsComponents) {
  const auto kernel = generate_kernel("Pb-212", cubic_options(4.0, 3));
  const auto json = scratch("pb212.json");
  write_kernel_raw(json, kernel);
  EXPECT_TRUE(fs::exists(scratch("pb212.total.raw")));
  EXPECT_EQ(fs::file_size(scratch("pb212.photon.raw")), 7u * 7u * 7u * sizeof(double));
  const auto back = read_kernel_raw(json);
  ASSERT_TRUE(back.has_components());
  EXPECT_EQ(back.info().nuclide, "Pb-212");
  EXPECT_EQ(back.values(KernelComponent::Electron).values().size(), 343u);
  for (const auto c :
       {KernelComponent::Total, KernelComponent::Alpha, KernelComponent::Electron, KernelComponent::Photon})
    EXPECT_EQ(std::vector<double>(back.values(c).begin(), back.values(c).end()),
              std::vector<double>(kernel.values(c).begin(), kernel.values(c).end()));
  // A truncated raw file is refused, before its promised size is allocated.
  fs::resize_file(scratch("pb212.alpha.raw"), 100);
  EXPECT_THROW(read_kernel_raw(json), IoError);
  // A sidecar promising a kernel of 10⁹ voxels over these files: refused by the size of the file, not after
  // allocating 8 GB (found reading the fuzz target).
  {
    std::ifstream in(json);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto at = text.find("\"shape_zyx\"");
    ASSERT_NE(at, std::string::npos);
    const auto end = text.find(']', at);
    text.replace(at, end - at + 1, "\"shape_zyx\": [999, 1001, 1001]");
    std::ofstream(scratch("huge.json")) << text;
  }
  try {
    read_kernel_raw(scratch("huge.json"));
    ADD_FAILURE() << "no error";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("bytes, not the 8007991992 bytes of the float64 kernel"), std::string::npos) << e.what();
  }
  EXPECT_THROW(write_kernel_raw(scratch("pb212.txt"), kernel), InvalidInput);
}

}  // namespace
}  // namespace rptdose::kernels
