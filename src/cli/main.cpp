// rptdose command-line program: a thin shell over the library, one subcommand per task.
#include <array>
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "options.hpp"
#include "rptdose/core/data_path.hpp"
#include "rptdose/core/error.hpp"
#ifdef RPTDOSE_HAVE_PIPELINE
#include "rptdose/pipeline/interrupt.hpp"
#endif
#include "rptdose/version.hpp"

namespace {

constexpr std::array kCommands = {
    rptdose::cli::Command{"nuclide", "decay data of a nuclide and its chain (half-life, decays, energies)",
                          rptdose::cli::run_nuclide},
    rptdose::cli::Command{"kernel", "voxel S-value kernel of a nuclide and voxel size (generate or import)",
                          rptdose::cli::run_kernel},
    rptdose::cli::Command{"bed", "BED, EQD2 and G factor of a dose delivered at a decaying dose rate (LQ model)",
                          rptdose::cli::run_bed},
    rptdose::cli::Command{"plan", "activity for the next cycle(s) keeping organs under BED or dose limits",
                          rptdose::cli::run_plan},
    rptdose::cli::Command{"marrow", "red-marrow dose: EANM blood-based method beside the image-based VOI dose",
                          rptdose::cli::run_marrow},
    rptdose::cli::Command{"daughters", "dose change per VOI when an alpha daughter leaves its site (225Ac, 212Pb)",
                          rptdose::cli::run_daughters},
    rptdose::cli::Command{"compare", "beta or alpha: candidate nuclides' doses, organ-limited activity, tumour BED",
                          rptdose::cli::run_compare},
#ifdef RPTDOSE_HAVE_PIPELINE
    rptdose::cli::Command{"run", "run a study file: images -> TIA -> dose -> VOI figures, plots, report",
                          rptdose::cli::run_run},
    rptdose::cli::Command{"validate", "check a study file and its images without computing",
                          rptdose::cli::run_validate},
    rptdose::cli::Command{"demo", "write the bundled synthetic example study and run it", rptdose::cli::run_demo},
    rptdose::cli::Command{"cycles", "dose and BED accumulated over the cycles of one patient (runs of each cycle)",
                          rptdose::cli::run_cycles},
    rptdose::cli::Command{"import", "write a study file from a DICOM folder (SPECT/PET, CT, RTSTRUCT/SEG)",
                          rptdose::cli::run_import},
    rptdose::cli::Command{"calibrate", "a calibration file from phantom scans: sensitivity, recovery curve",
                          rptdose::cli::run_calibrate},
#endif
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
#ifdef RPTDOSE_HAVE_PIPELINE
  // First, before any thread exists (rptdose/pipeline/interrupt.hpp says why): SIGINT, SIGTERM and SIGHUP remove the
  // partial results and exit with 128 + signal.
  rptdose::pipeline::remove_partial_results_on_signals();
#endif
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
    // Exit codes: 0 done, 2 bad input (arguments, study, input files: the message says what to fix), 1 anything
    // else (a numerical failure or a bug: an internal error).
    try {
      return command.run(std::vector<std::string>(args.begin() + 1, args.end()));
    } catch (const rptdose::cli::HelpRequested& help) {  // --help, or no arguments to a command that needs some
      std::cout << help.text;
      return help.exit_code;
    } catch (const rptdose::InvalidInput& error) {
      std::cerr << "rptdose " << command.name << ": error: " << error.what() << "\n";
      return 2;
    } catch (const rptdose::IoError& error) {
      std::cerr << "rptdose " << command.name << ": error: " << error.what() << "\n";
      return 2;
    } catch (const std::exception& error) {
      std::cerr << "rptdose " << command.name << ": internal error: " << error.what() << "\n";
      return 1;
    }
  }
  std::cerr << "rptdose: unknown command '" << args[0] << "' (see rptdose --help)\n";
  return 2;
}
