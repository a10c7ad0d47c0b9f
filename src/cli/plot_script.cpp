#include "plot_script.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "rptdose/core/atomic_file.hpp"
#include "rptdose/core/data_path.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/pipeline/interrupt.hpp"

namespace rptdose::cli {

namespace fs = std::filesystem;

namespace {

fs::path plot_script() {
  if (const char* env = std::getenv("RPTDOSE_PLOT_SCRIPT")) return env;
  try {
    const fs::path installed = data_directory().parent_path() / "plot_study.py";
    if (fs::exists(installed)) return installed;
  } catch (const Error&) {
  }
  return RPTDOSE_SOURCE_PLOT_SCRIPT;
}

/// Runs `program args...` (searched on PATH) with stdout and stderr to `log`; returns the exit status, 127 when it
/// could not start.
int run_process(const std::vector<std::string>& command, const fs::path& log) {
  std::vector<char*> argv;
  for (const auto& a : command) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  // The child starts with no signal blocked: it would otherwise inherit the block of SIGINT/SIGTERM/SIGHUP that
  // pipeline::remove_partial_results_on_signals() set in this process, and ignore Ctrl-C.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, argv[0], &actions, &attributes, argv.data(), environ);
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return 127;
  {
    // Stopped by an interrupt before the partial folder it writes into is removed. Waited for without reaping
    // (WNOWAIT) while registered, so that the interrupt thread never signals a reused pid.
    const pipeline::ChildProcess registered(pid);
    siginfo_t info{};
    while (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT) < 0)
      if (errno != EINTR) break;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string last_line(const fs::path& file) {
  std::ifstream in(file);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  return last;
}

std::string interpreter() {
  const char* env = std::getenv("RPTDOSE_PYTHON");
  return env ? env : RPTDOSE_DEFAULT_PYTHON;
}

/// Why `status` of the script failed, from its log.
std::string failure(int status, const fs::path& log) {
  const std::string reason = status == 127 ? "cannot run " + interpreter() + " (set RPTDOSE_PYTHON)" : last_line(log);
  return reason.empty() ? interpreter() + " exited with status " + std::to_string(status) : reason;
}

pipeline::FigureResult draw(const fs::path& output_folder) {
  pipeline::FigureResult result;
  const fs::path script = plot_script();
  if (!fs::exists(script)) {
    result.error = "the plot script " + script.string() + " is missing (set RPTDOSE_PLOT_SCRIPT)";
    return result;
  }
  const fs::path plots_folder = output_folder / "plots";
  std::error_code ec;
  fs::create_directories(plots_folder, ec);
  const fs::path log = plots_folder / "plot.log";
  const int status = run_process({interpreter(), script.string(), output_folder.string()}, log);
  if (status != 0) {
    result.error = failure(status, log);
    return result;
  }
  fs::remove(log, ec);
  for (const char* name : {"tac.png", "dvh.png", "overlay.png"})
    if (fs::exists(plots_folder / name)) result.files.push_back(std::string("plots/") + name);
  return result;
}

}  // namespace

pipeline::FigureMaker plot_script_figures() {
  return draw;
}

std::optional<std::string> plot_comparison(const std::string& comparison_json, const fs::path& png) {
  const fs::path script = plot_script();
  if (!fs::exists(script)) return "the plot script " + script.string() + " is missing (set RPTDOSE_PLOT_SCRIPT)";
  // The comparison beside the figure for the script; both files removed when done (TemporaryPath), also on an
  // interrupt.
  const fs::path folder = fs::absolute(png).parent_path();
  std::string hidden = ".";  // (built by appending: GCC 12 warns falsely on "." + string)
  hidden += png.filename().string();
  const fs::path data = folder / (hidden + ".comparison.json");
  const fs::path log = folder / (hidden + ".plot.log");
  const pipeline::TemporaryPath registered_data(data), registered_log(log);
  write_file_atomically(data, [&](std::ostream& out) { out << comparison_json; });
  const int status = run_process({interpreter(), script.string(), "--compare", data.string(), png.string()}, log);
  if (status != 0) return failure(status, log);
  return std::nullopt;
}

}  // namespace rptdose::cli
