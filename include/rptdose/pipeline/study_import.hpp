#pragma once
// rptdose::pipeline — a study file from a DICOM tree (`rptdose import`): the series found (io::scan_dicom), each
// given a role (time point, CT of a time point, labels, skipped), and the study's values taken from the headers
// (io::read_dicom_info). What the headers do not decide (two candidate CTs, no injection time, counts without a
// calibration, series sharing a folder) is listed, never guessed. The rules: docs/import.md.
//
// Module pipeline owns study files and whole runs; it depends on every module above it.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace rptdose::pipeline {

struct ImportOptions {
  /// Where the study file will be written: image paths under its folder are written relative to it, others
  /// absolute.
  std::filesystem::path study_file;
  /// The nuclide, any spelling the study accepts; checked against the headers' when they name one.
  std::optional<std::string> nuclide;
};

struct StudyImport {
  std::string study_json;              ///< the study file's text
  std::vector<std::string> found;      ///< one line per series (and per choice made): what it is, its role
  std::vector<std::string> to_decide;  ///< what the headers could not decide; empty: the study is complete
};

/// Scans `dicom_root` (a folder tree or one file) and composes a study from its SPECT/PET series. When `to_decide`
/// is empty the text has been parsed with parse_study (an import that writes a study the parser refuses is a bug:
/// std::logic_error). Throws InvalidInput when the tree holds no DICOM file or no reconstructed SPECT/PET series,
/// or for an unknown --nuclide; IoError for an unreadable file.
StudyImport import_dicom_study(const std::filesystem::path& dicom_root, const ImportOptions& options);

}  // namespace rptdose::pipeline
