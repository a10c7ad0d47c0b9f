// The libFuzzer program of one target (fuzz/targets.hpp), chosen at build time by RPTDOSE_FUZZ_TARGET
// (fuzz/CMakeLists.txt makes fuzz_<name> for each). The parser refusing an input (rptdose::Error) is a correct
// outcome; any other exception escapes and libFuzzer reports it as a crash, with the input that caused it.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "rptdose/core/error.hpp"
#include "targets.hpp"

namespace {

const rptdose::fuzz::Target& target() {
  static const rptdose::fuzz::Target* found = rptdose::fuzz::find_target(RPTDOSE_FUZZ_TARGET);
  if (!found) {
    std::fprintf(stderr, "no fuzz target '%s' in this build\n", RPTDOSE_FUZZ_TARGET);
    std::abort();
  }
  return *found;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    target().run(std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const rptdose::Error&) {
  }
  return 0;
}
