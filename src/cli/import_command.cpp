// rptdose import DICOM_DIR --out study.json: a study file from a DICOM tree, for a person to review and run
// (pipeline/study_import.hpp; docs/import.md).
#include <filesystem>
#include <iostream>
#include <ostream>

#include "commands.hpp"
#include "options.hpp"
#include "rptdose/core/atomic_file.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/pipeline/study_import.hpp"

namespace rptdose::cli {
namespace {

/// Exit code when the study was written but lists what the headers could not decide.
constexpr int kExitToDecide = 3;

const CommandSpec kSpec{
    .name = "import",
    .description =
        "Writes a study file from a DICOM folder tree (loose files or a DICOMDIR's): every series found and\n"
        "its role. Time points are the reconstructed SPECT (NM RECON TOMO) and PET series in acquisition\n"
        "order, each with the CT on its Frame of Reference; units, decay correction, nuclide, injection time\n"
        "and administered activity come from the headers; the RTSTRUCT or SEG on a time point's Frame of\n"
        "Reference gives the labels. What the headers do not decide (two candidate CTs, no injection time,\n"
        "counts without a calibration, two series in one folder) is printed as 'to decide: ...' and left\n"
        "for you to fill in, never guessed. Review the file, then 'rptdose validate' and 'rptdose run' it.\n"
        "Exit codes: 0 written, nothing to decide; 3 written, with items to decide (the file then needs\n"
        "editing before it runs); 2 bad input (no DICOM, no SPECT/PET, --out exists). See docs/import.md.",
    .options = {path("out", "FILE", "the study file to write (JSON)").required(),
                text("nuclide", "NAME", "the nuclide (any spelling: Lu-177, 177Lu); checked against the headers"),
                flag("force", "replace an existing --out")},
    .positional = {"DICOM_DIR", 1, 1},
};

}  // namespace

int run_import(const std::vector<std::string>& args) {
  const ParsedOptions parsed = kSpec.parse(args);
  pipeline::ImportOptions options;
  options.study_file = parsed.value<std::filesystem::path>("out");
  options.nuclide = parsed.text("nuclide");
  std::error_code error;
  if (std::filesystem::is_directory(options.study_file, error))
    throw InvalidInput("--out " + options.study_file.string() + " is a folder: give the study file's name");
  if (std::filesystem::exists(options.study_file, error) && !parsed.flag("force"))
    throw InvalidInput("--out " + options.study_file.string() + " exists: give --force to replace it");

  const pipeline::StudyImport imported = pipeline::import_dicom_study(parsed.positional().front(), options);
  write_file_atomically(options.study_file, [&](std::ostream& out) { out << imported.study_json; });

  std::cout << "found:\n";
  for (const auto& line : imported.found) std::cout << "  " << line << "\n";
  for (const auto& item : imported.to_decide) std::cout << "to decide: " << item << "\n";
  std::cout << "wrote " << options.study_file.string();
  if (imported.to_decide.empty()) {
    std::cout << ": review it, then rptdose validate " << options.study_file.string() << "\n";
    return 0;
  }
  std::cout << " with " << imported.to_decide.size() << " item" << (imported.to_decide.size() > 1 ? "s" : "")
            << " to decide: edit it before running it\n";
  return kExitToDecide;
}

}  // namespace rptdose::cli
