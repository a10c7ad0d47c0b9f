#include "rptdose/core/data_path.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "rptdose/core/error.hpp"

namespace rptdose {

namespace {

// The file that holds this function: the shared library, or the executable it was linked into statically.
std::filesystem::path this_binary_path() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&this_binary_path), &info) != 0 && info.dli_fname != nullptr) {
    std::error_code ec;
    auto resolved = std::filesystem::canonical(info.dli_fname, ec);
    if (!ec) return resolved;
  }
  return {};
}

bool is_data_directory(const std::filesystem::path& dir) {
  std::error_code ec;
  return std::filesystem::is_regular_file(dir / "decay" / "nuclides.csv", ec);
}

}  // namespace

std::filesystem::path data_directory() {
  if (const char* env = std::getenv("RPTDOSE_DATA_DIR"); env != nullptr && *env != '\0') {
    if (!is_data_directory(env)) {
      throw InvalidInput(std::string("RPTDOSE_DATA_DIR is set to '") + env +
                         "' but that folder has no decay/nuclides.csv: point it at rptdose's data/ folder or unset it");
    }
    return env;
  }
  std::vector<std::filesystem::path> candidates;
  if (auto binary = this_binary_path(); !binary.empty()) {
    candidates.push_back(binary.parent_path().parent_path() / RPTDOSE_RELATIVE_DATA_DIR);
  }
  candidates.emplace_back(RPTDOSE_SOURCE_DATA_DIR);
  candidates.emplace_back(RPTDOSE_INSTALL_DATA_DIR);
  for (const auto& dir : candidates) {
    if (is_data_directory(dir)) return dir;
  }
  std::string tried;
  for (const auto& dir : candidates) tried += "\n  " + dir.string();
  throw IoError("rptdose data directory not found; tried:" + tried +
                "\nset RPTDOSE_DATA_DIR to the data/ folder of rptdose or reinstall it");
}

}  // namespace rptdose
