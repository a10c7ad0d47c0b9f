#include "output_folder.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <sstream>
#include <system_error>

#include "rptdose/core/error.hpp"

namespace rptdose::pipeline::detail {

namespace fs = std::filesystem;

namespace {

/// Attempts at locking the file at the lock path when the file locked keeps being replaced (see OutputLock).
constexpr int kLockAttempts = 20;
constexpr double kBytesPerMB = 1e6;

fs::path normalised(const fs::path& p) {
  std::error_code ec;
  fs::path absolute = fs::weakly_canonical(fs::absolute(p), ec);
  if (ec) absolute = fs::absolute(p).lexically_normal();
  return absolute.has_filename() ? absolute : absolute.parent_path();  // "out/" names the folder "out"
}

/// Whether `inner` is `outer` or lies inside it.
bool within(const fs::path& inner, const fs::path& outer) {
  auto i = inner.begin();
  for (auto o = outer.begin(); o != outer.end(); ++o, ++i) {
    if (o->empty()) continue;  // trailing separator
    if (i == inner.end() || *i != *o) return false;
  }
  return true;
}

std::string unique_suffix() {
  std::random_device device;
  const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
  return std::to_string(static_cast<unsigned long long>(now) ^ device());
}

/// `.<name><suffix>` beside `target`: the lock file, the partial folder, the old folder being replaced.
fs::path beside(const fs::path& target, const std::string& suffix) {
  std::string name = ".";  // appended, not "." + ...: GCC 12 warns falsely (-Wrestrict) on the concatenation
  name += target.filename().string();
  name += suffix;
  return target.parent_path() / name;
}

std::string system_message(int error) {
  return std::error_code(error, std::generic_category()).message();
}

/// The holder record of a lock file: pid, host, command, start time (UTC).
std::string holder_record() {
  std::string command;
  std::ifstream cmdline("/proc/self/cmdline", std::ios::binary);
  command.assign(std::istreambuf_iterator<char>(cmdline), std::istreambuf_iterator<char>());
  std::replace_if(
      command.begin(), command.end(), [](char c) { return c == '\0' || c == '\n'; }, ' ');
  while (!command.empty() && command.back() == ' ') command.pop_back();
  char host[256] = "unknown";
  ::gethostname(host, sizeof host - 1);
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  char started[32];
  std::strftime(started, sizeof started, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return "pid: " + std::to_string(::getpid()) + "\nhost: " + host +
         "\ncommand: " + (command.empty() ? "unknown" : command) + "\nstarted: " + started + "\n";
}

std::string read_all(int fd) {
  std::string text;
  char buffer[4096];
  for (off_t at = 0;;) {
    const ssize_t n = ::pread(fd, buffer, sizeof buffer, at);
    if (n <= 0) return text;
    text.append(buffer, static_cast<std::size_t>(n));
    at += n;
  }
}

std::string in_use_message(const fs::path& target, const fs::path& lock_file, const std::string& record) {
  std::map<std::string, std::string> holder;
  std::istringstream lines(record);
  for (std::string line; std::getline(lines, line);)
    if (const auto colon = line.find(": "); colon != std::string::npos)
      holder[line.substr(0, colon)] = line.substr(colon + 2);
  const std::string what = holder.count("pid") && holder.count("host") && holder.count("started")
                               ? (holder.count("command") ? holder["command"] : "a run") + " (pid " + holder["pid"] +
                                     " on host " + holder["host"] + ", started " + holder["started"] + ")"
                               : "another run (it has not yet written who it is into " + lock_file.string() + ")";
  return "the output folder " + target.string() + " is in use by " + what +
         ": wait for it to finish or choose another --out";
}

std::uintmax_t size_of(const fs::path& folder) {
  std::uintmax_t bytes = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(folder, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    if (it->is_regular_file(ec)) bytes += it->file_size(ec);
  return bytes;
}

std::string megabytes(std::uintmax_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / kBytesPerMB);
  return text;
}

/// Holding the lock of `target`: what earlier runs on it left beside it when they were killed (SIGKILL, a crash, a
/// power cut) is theirs alone, as only the lock holder writes there. Their partial folders are removed; the
/// previous results a run moved aside to replace them (`.old-*`) are put back when the target is missing (a run
/// killed between the two renames of its commit), removed otherwise. Returns one warning per folder.
std::vector<std::string> clean_up_after_killed_runs(const fs::path& target) {
  const std::string name = target.filename().string();
  const std::string partial = "." + name + ".partial-", old = "." + name + ".old-";
  std::vector<fs::path> left;
  std::error_code ec;
  for (auto it = fs::directory_iterator(target.parent_path(), ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    const std::string file = it->path().filename().string();
    if (file.starts_with(partial) || file.starts_with(old)) left.push_back(it->path());
  }
  std::sort(left.begin(), left.end());
  std::vector<std::string> warnings;
  for (const auto& folder : left) {
    const bool previous_results = folder.filename().string().starts_with(old);
    if (previous_results && !fs::exists(fs::symlink_status(target, ec))) {
      fs::rename(folder, target, ec);
      if (!ec) {
        warnings.push_back("put back " + target.string() + " from " + folder.string() +
                           ", where a run that was killed while replacing it had moved it");
        continue;
      }
    }
    const std::uintmax_t bytes = size_of(folder);
    fs::remove_all(folder, ec);
    warnings.push_back(ec ? "cannot remove " + folder.string() + ", left by a run on " + target.string() +
                                " that was killed before it finished: " + ec.message() + "; remove it by hand"
                          : "removed " + folder.string() + " (" + megabytes(bytes) + "), left by a run on " +
                                target.string() + " that was killed before it finished");
  }
  return warnings;
}

}  // namespace

OutputLock::OutputLock(const fs::path& target) {
  const fs::path file = beside(target, ".lock");
  for (int attempt = 1;; ++attempt) {
    // O_CLOEXEC: a child process (the plot script) must not inherit the lock and keep it after this process ends.
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
      throw IoError("cannot create the lock file " + file.string() + ": " + system_message(errno) +
                    ": check that the folder " + file.parent_path().string() + " can be written");
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      const std::string record = read_all(fd);
      ::close(fd);
      if (error == EWOULDBLOCK) throw InvalidInput(in_use_message(target, file, record));
      throw IoError("cannot lock " + file.string() + ": " + system_message(error) +
                    " (the output folder must be on a file system with flock)");
    }
    // The lock counts only if the file locked is still the one at the path: its last holder may have unlinked it
    // between this open() and flock(), and a third run may since have created and locked a new one there.
    struct stat held {
    }, at_path{};
    if (::fstat(fd, &held) == 0 && ::stat(file.c_str(), &at_path) == 0 && held.st_dev == at_path.st_dev &&
        held.st_ino == at_path.st_ino) {
      fd_ = fd;
      break;
    }
    ::close(fd);
    if (attempt == kLockAttempts)
      throw IoError("cannot lock " + file.string() + ": it was replaced " + std::to_string(kLockAttempts) +
                    " times while being locked; try again");
  }
  file_.emplace(file);
  const std::string record = holder_record();
  if (::ftruncate(fd_, 0) != 0 ||
      ::pwrite(fd_, record.data(), record.size(), 0) != static_cast<ssize_t>(record.size())) {
    const int error = errno;
    file_.reset();
    ::close(fd_);
    throw IoError("cannot write the lock file " + file.string() + ": " + system_message(error));
  }
}

OutputLock::~OutputLock() {
  // The lock file is removed so that nothing is left beside the results, and it is removed while still locked:
  // unlinked after the unlock, a run that had opened it meanwhile could lock the old file while a third one creates
  // and locks a new file at the path, and both would run. Unlinked before, a run that opened the old file finds
  // after locking it that it is no longer the file at the path (the check in the constructor) and opens again.
  file_.reset();
  ::close(fd_);
}

OutputFolder::OutputFolder(fs::path target, bool force, const std::vector<fs::path>& inputs)
    : target_(normalised(target)), force_(force) {
  if (target.empty()) throw InvalidInput("no output folder given (--out DIR)");
  std::error_code ec;
  if (fs::exists(target_, ec) && !fs::is_directory(target_, ec))
    throw InvalidInput("the output " + target_.string() + " is a file, not a folder: choose another --out");
  for (const auto& input : inputs) {
    const fs::path in = normalised(input);
    if (within(in, target_) || within(target_, in))
      throw InvalidInput("the output folder " + target_.string() + " would hold or overwrite the input " + in.string() +
                         ": write the results somewhere else");
  }
  fs::create_directories(target_.parent_path(), ec);
  if (ec) throw IoError("cannot create the folder " + target_.parent_path().string() + ": " + ec.message());
  lock_.emplace(target_);
  warnings_ = clean_up_after_killed_runs(target_);
  if (fs::is_directory(target_, ec) && !fs::is_empty(target_, ec) && !force)
    throw InvalidInput("the output folder " + target_.string() +
                       " is not empty: choose another --out, or pass --force to replace it");
  temporary_.emplace(beside(target_, ".partial-" + unique_suffix()));
  fs::create_directory(temporary_->path(), ec);
  if (ec) throw IoError("cannot write in " + target_.parent_path().string() + ": " + ec.message());
}

fs::path OutputFolder::path(const fs::path& relative) const {
  // Sub-folders one by one beneath the temporary folder, never the temporary folder itself: once an interrupt has
  // removed it, writing fails instead of re-creating it.
  fs::path folder = temporary_->path();
  std::error_code ec;
  for (const auto& part : relative.parent_path()) {
    folder /= part;
    fs::create_directory(folder, ec);
    if (ec) throw IoError("cannot create " + folder.string() + ": " + ec.message());
  }
  return temporary_->path() / relative;
}

void OutputFolder::commit() {
  std::optional<TemporaryPath> old;   // the previous content, removed after the new one is in place
  const InterruptsDeferred deferred;  // an interrupt waits for the renames: never a target half replaced
  std::error_code ec;
  if (fs::exists(target_, ec)) {  // empty, or --force: move it aside first so that a failed rename loses nothing
    // Re-checked now: the lock keeps other runs out, not other programs.
    if (!fs::is_directory(target_, ec))
      throw InvalidInput("the output " + target_.string() +
                         " became a file during this run: the results are not written; choose another --out");
    if (!force_ && !fs::is_empty(target_, ec))
      throw InvalidInput("the output folder " + target_.string() +
                         " was filled by another program during this run: its content is kept and the results are "
                         "not written; choose another --out, or pass --force to replace it");
    old.emplace(beside(target_, ".old-" + unique_suffix()));
    fs::rename(target_, old->path(), ec);
    if (ec) throw IoError("cannot replace " + target_.string() + ": " + ec.message());
  }
  fs::rename(temporary_->path(), target_, ec);
  if (ec) {
    if (old) {
      std::error_code restore;
      fs::rename(old->path(), target_, restore);
      if (restore) old->release();  // the previous content stays where it is; the next run puts it back
    }
    throw IoError("cannot move the results into " + target_.string() + ": " + ec.message());
  }
  temporary_->release();
}

}  // namespace rptdose::pipeline::detail
