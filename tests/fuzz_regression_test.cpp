// Every input kept under tests/fuzz/<target>/ (crashes and other findings of scripts/fuzz.sh, minimised, and fixed)
// fed to its parser through the fuzz target it was found with (fuzz/targets.cpp): the parser must accept it or
// refuse it with an rptdose::Error, never crash or throw anything else. docs/fuzzing.md lists the findings.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <typeinfo>

#include "rptdose/core/error.hpp"
#include "targets.hpp"

namespace {

namespace fs = std::filesystem;
const fs::path kInputs = RPTDOSE_FUZZ_INPUTS_DIR;

std::string read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// "" when the target accepts or refuses the input with an rptdose::Error, else what escaped.
std::string outcome(const rptdose::fuzz::Target& target, const std::string& bytes) {
  try {
    target.run(bytes);
  } catch (const rptdose::Error&) {
  } catch (const std::exception& e) {
    return std::string(typeid(e).name()) + ": " + e.what();
  } catch (...) {
    return "an exception that is not a std::exception";
  }
  return "";
}

TEST(FuzzRegression, EveryKeptInputIsAcceptedOrRefusedWithAnError) {
  ASSERT_TRUE(fs::is_directory(kInputs)) << kInputs;
  std::size_t inputs = 0;
  for (const auto& folder : fs::directory_iterator(kInputs)) {
    if (!folder.is_directory()) continue;
    const auto* target = rptdose::fuzz::find_target(folder.path().filename().string());
    if (!target) continue;  // the study and date-time targets need rptdose::pipeline (ITK)
    for (const auto& file : fs::directory_iterator(folder.path())) {
      ++inputs;
      EXPECT_EQ(outcome(*target, read_bytes(file.path())), "") << file.path();
    }
  }
  EXPECT_GT(inputs, 0u);
}

TEST(FuzzRegression, EveryFolderNamesATarget) {
  std::set<std::string> names;
  for (const auto& target : rptdose::fuzz::targets()) names.insert(std::string(target.name));
  for (const auto& folder : fs::directory_iterator(kInputs)) {
    if (!folder.is_directory()) continue;
    const std::string name = folder.path().filename().string();
    if (name == "study") continue;  // present only with rptdose::pipeline
    EXPECT_TRUE(names.count(name)) << name << " is not a fuzz target of fuzz/targets.cpp";
  }
}

/// The message of the rptdose::Error a kept input is refused with ("" when accepted or anything else escapes).
std::string refusal(std::string_view target, const fs::path& input) {
  try {
    rptdose::fuzz::find_target(target)->run(read_bytes(kInputs / target / input));
  } catch (const rptdose::Error& e) {
    return e.what();
  } catch (...) {
  }
  return "";
}

TEST(FuzzRegression, RleSegPromisingMorePixelsThanItHoldsIsRefusedBeforeDecoding) {
  if (!rptdose::fuzz::find_target("seg")) GTEST_SKIP() << "no DICOM in this build";
  // A 2 KB RLE SEG whose Rows × Columns (65535²) promise 4 GB: DCMTK's decoder allocated them all (35 s, 4.7 GB)
  // before the reader compared anything with the pixel data.
  EXPECT_NE(refusal("seg", "rle-header-promises-4-GB.dcm").find("more than its compressed pixel data"),
            std::string::npos);
}

}  // namespace
