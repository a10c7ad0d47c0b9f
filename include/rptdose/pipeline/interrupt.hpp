#pragma once
// rptdose::pipeline — cleaning up when a program is interrupted. The output folder's partial results (a hidden
// folder beside the target, tens of MB) and its lock file are registered here while they exist; a program that calls
// remove_partial_results_on_signals() has them removed, and its plot process stopped, on SIGINT, SIGTERM or SIGHUP
// before it exits with status 128 + signal.
//
// The library never installs signal handling by itself: a program or interpreter embedding it (Python, a C++
// application) keeps its own, and the registrations are then only bookkeeping. The rptdose program calls
// remove_partial_results_on_signals() first thing in main.
//
// Design (why no signal handler): the signals are blocked in the calling thread before any other thread exists, so
// every thread created later (core/parallel.cpp, FFTW, ITK) inherits the block, and one dedicated thread takes them
// with sigwait(). That thread is an ordinary thread, not a handler: it may lock a mutex, remove folders and print,
// none of which is async-signal-safe. The other threads keep running while it cleans up, so a rename into place
// (OutputFolder::commit) runs under InterruptsDeferred and a signal waits for it; the cleanup ends with _exit(), so
// no destructor or atexit handler runs against half-removed state.
#include <sys/types.h>

#include <cstdint>
#include <filesystem>

namespace rptdose::pipeline {

/// For programs, once, before any thread is created: blocks SIGINT, SIGTERM and SIGHUP (those not ignored: `nohup`
/// and a background job's ignored SIGINT stay ignored) and starts a thread that waits for them. On one, it stops the
/// registered child processes (SIGTERM, SIGKILL after 2 s), removes the registered temporary paths (newest first),
/// prints "rptdose: interrupted: removed the partial results in FOLDER" (or "rptdose: interrupted") on stderr, and
/// ends the process with _exit(128 + signal): 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP. A child process
/// inherits the blocked signals: spawn children with an emptied signal mask (POSIX_SPAWN_SETSIGMASK).
void remove_partial_results_on_signals();

/// A file or folder that lives as long as this object: registered at construction (it need not exist yet), removed
/// (recursively, errors ignored) by the destructor unless release()d, and by the interrupt thread if the program is
/// interrupted first.
class TemporaryPath {
 public:
  explicit TemporaryPath(std::filesystem::path path);
  ~TemporaryPath();
  TemporaryPath(const TemporaryPath&) = delete;
  TemporaryPath& operator=(const TemporaryPath&) = delete;

  const std::filesystem::path& path() const { return path_; }
  /// Keeps the path: no longer removed by the destructor or on an interrupt (e.g. renamed into place).
  void release();

 private:
  std::filesystem::path path_;
  std::uint64_t id_;
  bool released_ = false;
};

/// A child process stopped (SIGTERM) and waited for by the interrupt thread before it removes the temporary paths,
/// so that it cannot write into them after their removal. Register only a child that is not yet reaped (wait with
/// waitid(..., WNOWAIT), destroy this, then reap it), so that its pid cannot have been reused.
class ChildProcess {
 public:
  explicit ChildProcess(pid_t pid);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

 private:
  std::uint64_t id_;
};

/// While an object of this type lives in a thread, an interrupt waits: for steps that must not be cut in half (the
/// renames of a commit). Keep it short; it may be nested.
class InterruptsDeferred {
 public:
  InterruptsDeferred();
  ~InterruptsDeferred();
  InterruptsDeferred(const InterruptsDeferred&) = delete;
  InterruptsDeferred& operator=(const InterruptsDeferred&) = delete;
};

}  // namespace rptdose::pipeline
