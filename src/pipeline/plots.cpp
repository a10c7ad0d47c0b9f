#include "plots.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "rptdose/core/atomic_file.hpp"
#include "rptdose/core/data_path.hpp"
#include "rptdose/core/error.hpp"

namespace rptdose::pipeline::detail {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

/// Rows (second index) × columns (first index) of a plane of `v`: axial (x, y at z = k) or coronal (x, z at y = j).
json plane(const Volume<float>& v, bool axial, std::size_t fixed) {
  const auto& n = v.grid().size();
  json rows = json::array();
  const std::size_t row_count = axial ? n[1] : n[2];
  for (std::size_t r = 0; r < row_count; ++r) {
    json row = json::array();
    for (std::size_t i = 0; i < n[0]; ++i)
      row.push_back(axial ? v[v.grid().linear_index(i, r, fixed)] : v[v.grid().linear_index(i, fixed, r)]);
    rows.push_back(std::move(row));
  }
  return rows;
}

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
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return 127;
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

}  // namespace

void write_overlay_data(const fs::path& path, const Volume<float>& dose_Gy, const Volume<float>* ct_HU) {
  const auto values = dose_Gy.values();
  const std::size_t hottest =
      static_cast<std::size_t>(std::distance(values.begin(), std::max_element(values.begin(), values.end())));
  const auto& n = dose_Gy.grid().size();
  const std::size_t k = hottest / (n[0] * n[1]), j = (hottest / n[0]) % n[1];
  const auto& s = dose_Gy.grid().spacing_mm();
  json data = {{"spacing_mm", {s.x(), s.y(), s.z()}},
               {"axial_slice", k},
               {"coronal_slice", j},
               {"axial", {{"dose_Gy", plane(dose_Gy, true, k)}}},
               {"coronal", {{"dose_Gy", plane(dose_Gy, false, j)}}}};
  if (ct_HU) {
    data["axial"]["ct_HU"] = plane(*ct_HU, true, k);
    data["coronal"]["ct_HU"] = plane(*ct_HU, false, j);
  }
  write_file_atomically(path, [&](std::ostream& out) { out << data.dump() << "\n"; });
}

PlotResult make_plots(const fs::path& plots_folder, const fs::path& python) {
  PlotResult result;
  std::string interpreter = python.string();
  if (interpreter.empty()) {
    const char* env = std::getenv("RPTDOSE_PYTHON");
    interpreter = env ? env : RPTDOSE_DEFAULT_PYTHON;
  }
  const fs::path script = plot_script();
  if (!fs::exists(script)) {
    result.error = "the plot script " + script.string() + " is missing (set RPTDOSE_PLOT_SCRIPT)";
    return result;
  }
  const fs::path log = plots_folder / "plot.log";
  const int status = run_process({interpreter, script.string(), plots_folder.parent_path().string()}, log);
  if (status != 0) {
    const std::string reason = status == 127 ? "cannot run " + interpreter + " (set RPTDOSE_PYTHON)" : last_line(log);
    result.error = reason.empty() ? interpreter + " exited with status " + std::to_string(status) : reason;
    return result;
  }
  std::error_code ec;
  fs::remove(log, ec);
  for (const char* name : {"tac.png", "dvh.png", "overlay.png"})
    if (fs::exists(plots_folder / name)) result.files.push_back(std::string("plots/") + name);
  return result;
}

}  // namespace rptdose::pipeline::detail
