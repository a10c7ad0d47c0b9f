#pragma once
// rptdose::core — where the library's data files (decay tables, physics tables) live.
//
// Module core owns geometry, volumes, units, errors, threads, progress and data paths; it depends on Eigen only (no
// other rptdose module, no ITK or DCMTK).
#include <filesystem>

namespace rptdose {

/// The data directory, found without configuration. Looked up in this order:
///  1. $RPTDOSE_DATA_DIR (must exist, else InvalidInput);
///  2. ../share/rptdose/data next to the executable or shared library that contains rptdose (installed tree);
///  3. the source tree's data/ directory this library was built from (build tree);
///  4. <install prefix>/share/rptdose/data as configured at build time.
/// Throws IoError listing the places tried when none exists.
std::filesystem::path data_directory();

}  // namespace rptdose
