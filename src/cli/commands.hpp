#pragma once
// The rptdose subcommands. Each takes the arguments after its name, writes to stdout, and returns the exit code;
// errors are thrown as rptdose::Error and reported by main().
#include <string>
#include <vector>

namespace rptdose::cli {

struct Command {
  const char* name;
  const char* summary;
  int (*run)(const std::vector<std::string>& args);
};

int run_nuclide(const std::vector<std::string>& args);
int run_kernel(const std::vector<std::string>& args);
int run_bed(const std::vector<std::string>& args);
int run_plan(const std::vector<std::string>& args);
int run_marrow(const std::vector<std::string>& args);
int run_daughters(const std::vector<std::string>& args);
int run_compare(const std::vector<std::string>& args);
// The study pipeline (built with ITK: RPTDOSE_HAVE_PIPELINE).
int run_run(const std::vector<std::string>& args);
int run_validate(const std::vector<std::string>& args);
int run_demo(const std::vector<std::string>& args);
int run_cycles(const std::vector<std::string>& args);
int run_calibrate(const std::vector<std::string>& args);
// Exit 3: the study was written but lists what the headers could not decide.
int run_import(const std::vector<std::string>& args);

}  // namespace rptdose::cli
