#pragma once
// Internal: an output folder written completely or not at all, by one run at a time.
//
// Files go into a temporary folder beside the target (same file system, so the final rename is atomic); commit()
// renames it into place. Destroyed without commit(), the temporary folder is removed and the target is as it was;
// interrupted (SIGINT/SIGTERM/SIGHUP in a program that installed pipeline/interrupt.hpp), the same.
//
// For the whole life of the object the target is locked: a lock file `.<name>.lock` beside it, held with flock(2),
// records who holds it; a second OutputFolder on the same target (in any process on any host sharing the file
// system with working flock) is refused at once naming the holder. Holding the lock, the constructor removes the
// partial folders of earlier runs on the same target that were killed (only a run that held the lock can have
// written them) and reports them in warnings().
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "rptdose/pipeline/interrupt.hpp"

namespace rptdose::pipeline::detail {

/// The exclusive lock on one output folder: `.<name>.lock` in its parent folder, locked with flock(2) and holding
/// "pid: N", "host: H", "command: ...", "started: YYYY-MM-DDTHH:MM:SSZ" lines. The kernel releases it when the
/// process ends however it ends, so a lock is never stale; the file is removed when the lock is released.
class OutputLock {
 public:
  /// Throws InvalidInput naming the holder when another holds it, IoError when the lock file cannot be made.
  explicit OutputLock(const std::filesystem::path& target);
  ~OutputLock();
  OutputLock(const OutputLock&) = delete;
  OutputLock& operator=(const OutputLock&) = delete;

 private:
  std::optional<TemporaryPath> file_;  // unlinked (while still locked) before fd_ is closed: see the .cpp
  int fd_ = -1;
};

class OutputFolder {
 public:
  /// Refuses (InvalidInput) a target that is a file, a non-empty folder without `force`, a folder that is, holds
  /// or lies inside one of `inputs` (never overwrite inputs), or a folder in use by another run (naming it).
  /// Throws IoError when the parent folder cannot be created or written.
  OutputFolder(std::filesystem::path target, bool force, const std::vector<std::filesystem::path>& inputs);
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  /// Where a file of the output goes now (inside the temporary folder); sub-folders are created.
  std::filesystem::path path(const std::filesystem::path& relative) const;
  /// The final location of `relative` after commit().
  std::filesystem::path final_path(const std::filesystem::path& relative) const { return target_ / relative; }
  /// What the constructor cleaned up (partial folders of killed runs), for the run's warnings.
  const std::vector<std::string>& warnings() const { return warnings_; }
  /// Moves the temporary folder into place (replacing the old target with `force`). Refuses (InvalidInput) a
  /// target that another program filled during the run, unless `force`.
  void commit();

 private:
  std::filesystem::path target_;
  bool force_;
  std::optional<OutputLock> lock_;
  std::vector<std::string> warnings_;
  std::optional<TemporaryPath> temporary_;  // destroyed (removed) before the lock is released
};

}  // namespace rptdose::pipeline::detail
