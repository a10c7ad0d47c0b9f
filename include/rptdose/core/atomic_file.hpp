#pragma once
// rptdose::core — files written completely or not at all: the content goes to a temporary file next to the
// target, which is renamed over the target only after the writer finished without error.
//
// Module core owns geometry, volumes, units, errors, threads, progress and data paths; it depends on Eigen only (no
// other rptdose module, no ITK or DCMTK).
#include <filesystem>
#include <functional>
#include <iosfwd>

namespace rptdose {

/// Calls `writer` with a stream to a temporary file in the target's folder, then renames it to `path`. On any
/// failure (writer throws, disk full, rename fails) the temporary file is removed, `path` is untouched and IoError
/// (or the writer's exception) is thrown.
void write_file_atomically(const std::filesystem::path& path, const std::function<void(std::ostream&)>& writer,
                           bool binary = false);

}  // namespace rptdose
