#pragma once
// rptdose::io — the messages the libraries under rptdose print on their own (ITK's output window, GDCM's warning
// and error traces: "No PhotometricInterpretation found, default to MONOCHROME2", registration notes; DCMTK's log:
// "DcmElement: ... larger than remaining bytes in file"), captured
// while a run reads and registers its images, so that they reach the run's warnings (summary.json, report.md) and
// `--quiet` is quiet. Without a capture alive they go to stderr as the libraries print them.
#include <string>
#include <vector>

namespace rptdose::io {

/// While alive, ITK, GDCM and DCMTK messages of any thread are collected instead of going to stderr; a run holds one for
/// its duration. The libraries' message channels are process-wide: captures alive at the same time (two runs in two
/// threads) share what is collected, and take() of either gets it.
class LibraryMessageCapture {
 public:
  LibraryMessageCapture();
  ~LibraryMessageCapture();
  LibraryMessageCapture(const LibraryMessageCapture&) = delete;
  LibraryMessageCapture& operator=(const LibraryMessageCapture&) = delete;

  /// The messages since the last take(), in order, one per distinct text ("ITK: ...", "GDCM: ...", "DCMTK: ..."), a repeated
  /// one with its count ("(5 times)"); trimmed of the libraries' source-file locations.
  std::vector<std::string> take();
};

}  // namespace rptdose::io
