#pragma once
// Internal: an output folder written completely or not at all. Files go into a temporary folder beside the target
// (same file system, so the final rename is atomic); commit() renames it into place. Destroyed without commit(),
// the temporary folder is removed and the target is as it was.
#include <filesystem>
#include <vector>

namespace rptdose::pipeline::detail {

class OutputFolder {
 public:
  /// Refuses (InvalidInput) a target that is a file, a non-empty folder without `force`, or a folder that is,
  /// holds or lies inside one of `inputs` (never overwrite inputs). Throws IoError when the parent folder cannot be
  /// created or written.
  OutputFolder(std::filesystem::path target, bool force, const std::vector<std::filesystem::path>& inputs);
  ~OutputFolder();
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  /// Where a file of the output goes now (inside the temporary folder); sub-folders are created.
  std::filesystem::path path(const std::filesystem::path& relative) const;
  /// The final location of `relative` after commit().
  std::filesystem::path final_path(const std::filesystem::path& relative) const { return target_ / relative; }
  /// Moves the temporary folder into place (replacing the old target with `force`).
  void commit();

 private:
  std::filesystem::path target_, temporary_;
  bool committed_ = false;
};

}  // namespace rptdose::pipeline::detail
