#include "rptdose/pipeline/interrupt.hpp"

#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <ctime>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace rptdose::pipeline {

namespace fs = std::filesystem;

namespace {

/// How long a child process stopped with SIGTERM is given to end before SIGKILL (the plot script ends at once).
constexpr int kChildGrace_ms = 2000;
constexpr int kChildPoll_ms = 10;
/// remove_all attempts: a file another thread was creating at the moment of the first can make it fail (ENOTEMPTY).
constexpr int kRemoveAttempts = 5;

struct Registry {
  std::recursive_mutex mutex;  // recursive: a TemporaryPath is released inside InterruptsDeferred
  std::uint64_t next_id = 1;
  std::vector<std::pair<std::uint64_t, fs::path>> paths;  // in registration order
  std::vector<std::pair<std::uint64_t, pid_t>> children;
};

/// Process-wide, as signals are. Never destroyed: the interrupt thread may need it while the main thread is
/// running static destructors at exit.
Registry& registry() {
  static Registry* const instance = new Registry;
  return *instance;
}

template <class T>
std::uint64_t add(std::vector<std::pair<std::uint64_t, T>>& to, T value) {
  Registry& r = registry();
  const std::lock_guard lock(r.mutex);
  to.emplace_back(r.next_id, std::move(value));
  return r.next_id++;
}

template <class T>
void erase(std::vector<std::pair<std::uint64_t, T>>& from, std::uint64_t id) {
  const std::lock_guard lock(registry().mutex);
  std::erase_if(from, [id](const auto& entry) { return entry.first == id; });
}

void stop_child(pid_t pid) {
  ::kill(pid, SIGTERM);
  for (int waited_ms = 0; waited_ms < kChildGrace_ms; waited_ms += kChildPoll_ms) {
    const pid_t reaped = ::waitpid(pid, nullptr, WNOHANG);
    if (reaped == pid || (reaped < 0 && errno != EINTR)) return;  // ended (or reaped by its own waiter)
    const timespec poll{0, kChildPoll_ms * 1'000'000L};
    ::nanosleep(&poll, nullptr);
  }
  ::kill(pid, SIGKILL);
  while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
}

/// Removes `path`; returns whether it was a folder that existed. A folder is first renamed aside: the threads still
/// running can then not add files to it (their paths lead nowhere: OutputFolder::path never re-creates the partial
/// folder itself), and the new name still starts with the old one, so a run killed now leaves a folder that the next
/// run recognises as stale.
bool remove_now(const fs::path& path) {
  std::error_code ec;
  const auto status = fs::symlink_status(path, ec);
  if (!fs::exists(status)) return false;
  const bool folder = fs::is_directory(status);
  fs::path doomed = path;
  if (folder) {
    doomed += ".removing";
    fs::rename(path, doomed, ec);
    if (ec) doomed = path;
  }
  for (int attempt = 0; attempt < kRemoveAttempts && fs::exists(fs::symlink_status(doomed, ec)); ++attempt)
    fs::remove_all(doomed, ec);
  return folder;
}

[[noreturn]] void clean_up_and_exit(int signal) {
  Registry& r = registry();
  r.mutex.lock();  // waits for a commit in progress; never unlocked: the process ends here
  for (const auto& [id, pid] : r.children) stop_child(pid);
  std::string removed;
  for (auto entry = r.paths.rbegin(); entry != r.paths.rend(); ++entry)
    if (remove_now(entry->second)) removed += (removed.empty() ? "" : ", ") + entry->second.string();
  const std::string message = std::string(::isatty(STDERR_FILENO) ? "\n" : "") + "rptdose: interrupted" +
                              (removed.empty() ? "" : ": removed the partial results in " + removed) + "\n";
  [[maybe_unused]] const auto written = ::write(STDERR_FILENO, message.data(), message.size());
  ::_exit(128 + signal);
}

}  // namespace

void remove_partial_results_on_signals() {
  static std::once_flag installed;
  std::call_once(installed, [] {
    sigset_t signals;
    sigemptyset(&signals);
    int count = 0;
    for (const int s : {SIGINT, SIGTERM, SIGHUP}) {
      struct sigaction current {};
      if (::sigaction(s, nullptr, &current) == 0 && current.sa_handler != SIG_IGN) count += sigaddset(&signals, s) == 0;
    }
    if (count == 0) return;  // all ignored (nohup in a background job): nothing to wait for
    if (const int error = ::pthread_sigmask(SIG_BLOCK, &signals, nullptr); error != 0)
      throw std::system_error(error, std::generic_category(), "cannot block SIGINT/SIGTERM/SIGHUP");
    std::thread([signals] {
      int signal = 0;
      while (::sigwait(&signals, &signal) != 0) {
      }
      clean_up_and_exit(signal);
    }).detach();
  });
}

TemporaryPath::TemporaryPath(fs::path path) : path_(std::move(path)), id_(add(registry().paths, path_)) {}

TemporaryPath::~TemporaryPath() {
  if (released_) return;
  const InterruptsDeferred deferred;  // removed completely before an interrupt looks at the registry
  std::error_code ec;
  fs::remove_all(path_, ec);  // nothing to report from a destructor
  erase(registry().paths, id_);
}

void TemporaryPath::release() {
  erase(registry().paths, id_);
  released_ = true;
}

ChildProcess::ChildProcess(pid_t pid) : id_(add(registry().children, pid)) {}

ChildProcess::~ChildProcess() {
  erase(registry().children, id_);
}

InterruptsDeferred::InterruptsDeferred() {
  registry().mutex.lock();
}

InterruptsDeferred::~InterruptsDeferred() {
  registry().mutex.unlock();
}

}  // namespace rptdose::pipeline
