#pragma once
// The fuzz targets: each feeds bytes to one parser the project owns, through the parser's public entry point, and
// lets an rptdose::Error (the parser refusing the input) count as a correct outcome. Anything else escaping — another
// exception, a crash, a sanitizer report, a hang — is a finding. Shared by the libFuzzer programs
// (fuzz/fuzzer.cpp, built with -DRPTDOSE_FUZZ=ON and clang) and by tests/fuzz_regression_test.cpp, which feeds the
// inputs kept under tests/fuzz/<target>/ to the same functions in the normal build. See docs/fuzzing.md.
#include <span>
#include <string_view>

namespace rptdose::fuzz {

struct Target {
  std::string_view name;  ///< as the fuzzer is called (fuzz_<name>) and its folder under tests/fuzz/
  void (*run)(std::string_view bytes);
};

/// Every target of this build (the study and date-time parsers only with rptdose::pipeline).
std::span<const Target> targets();
/// The target of that name, or null.
const Target* find_target(std::string_view name);

}  // namespace rptdose::fuzz
