// rptdose command-line program: a thin shell over the library, one subcommand per task.
#include <array>
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "rptdose/core/data_path.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/version.hpp"

namespace {

constexpr std::array kCommands = {
    rptdose::cli::Command{"nuclide", "decay data of a nuclide and its chain (half-life, decays, energies)",
                          rptdose::cli::run_nuclide},
    rptdose::cli::Command{"kernel", "voxel S-value kernel of a nuclide and voxel size (generate or import)",
                          rptdose::cli::run_kernel},
};

void print_help() {
  std::cout << "rptdose " << rptdose::kVersion
            << " - radiopharmaceutical therapy dosimetry\n\n"
               "usage: rptdose <command> [options]\n"
               "       rptdose --help | --version\n\n"
               "commands:\n";
  for (const auto& command : kCommands) {
    std::string name = command.name;
    name.resize(12, ' ');
    std::cout << "  " << name << command.summary << "\n";
  }
  std::cout << "\n'rptdose <command> --help' describes a command's options.\n";
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    print_help();
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") {
    std::cout << "rptdose " << rptdose::kVersion << "\n";
    try {
      std::cout << "data: " << rptdose::data_directory().string() << "\n";
    } catch (const rptdose::Error& error) {
      std::cout << "data: not found (" << error.what() << ")\n";
    }
    return 0;
  }
  for (const auto& command : kCommands) {
    if (args[0] != command.name) continue;
    try {
      return command.run(std::vector<std::string>(args.begin() + 1, args.end()));
    } catch (const rptdose::Error& error) {
      std::cerr << "rptdose " << command.name << ": error: " << error.what() << "\n";
      return 1;
    }
  }
  std::cerr << "rptdose: unknown command '" << args[0] << "' (see rptdose --help)\n";
  return 2;
}
