#include "rptdose/core/data_path.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "rptdose/core/error.hpp"

namespace rptdose {
namespace {

TEST(DataPath, FoundWithoutConfiguration) {
  ::unsetenv("RPTDOSE_DATA_DIR");
  const auto dir = data_directory();
  EXPECT_TRUE(std::filesystem::exists(dir / "decay" / "nuclides.csv")) << dir;
}

TEST(DataPath, EnvironmentOverrideIsCheckedAndUsed) {
  ::setenv("RPTDOSE_DATA_DIR", RPTDOSE_DATA_SOURCE_DIR, 1);
  EXPECT_EQ(data_directory(), std::filesystem::path(RPTDOSE_DATA_SOURCE_DIR));
  ::setenv("RPTDOSE_DATA_DIR", "/nonexistent/rptdose-data", 1);
  EXPECT_THROW(data_directory(), InvalidInput);
  ::unsetenv("RPTDOSE_DATA_DIR");
}

}  // namespace
}  // namespace rptdose
