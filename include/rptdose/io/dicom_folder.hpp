#pragma once
// rptdose::io — finding the DICOM objects in a file or folder tree, grouped by series, from their headers alone
// (no pixel data is read). The readers of images, RT Structure Sets and Segmentations, the RT Dose writer (which
// references the CT) and `rptdose import` all start here.
//
// Module io owns image files and DICOM ↔ Grid + Volume; it depends on core (ITK and DCMTK privately).
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace rptdose::io {

/// One series: the files that share a SeriesInstanceUID (0020,000E), and what their first file says. UIDs are empty
/// when the file lacks them.
struct DicomSeries {
  std::string modality;       ///< (0008,0060): "NM", "PT", "CT", "RTSTRUCT", "SEG", "RTDOSE", ...
  std::string sop_class_uid;  ///< (0008,0016)
  std::string study_uid;      ///< StudyInstanceUID (0020,000D)
  std::string series_uid;     ///< SeriesInstanceUID (0020,000E)
  /// FrameOfReferenceUID (0020,0052); for an RT Structure Set, which has none of its own, the first
  /// ReferencedFrameOfReferenceSequence (3006,0010) item's: the frame its contours are in (PS3.3 C.8.8.5)
  std::string frame_of_reference_uid;
  std::string series_description;            ///< (0008,103E)
  std::vector<std::string> image_type;       ///< ImageType (0008,0008) values, e.g. ORIGINAL, PRIMARY, RECON TOMO
  std::vector<std::filesystem::path> files;  ///< sorted by path
};

/// Every DICOM Part 10 file in `file_or_folder` (a file, or a folder searched recursively without following
/// symbolic links), grouped by series, in the order of each series' first file. Files that are not DICOM (no
/// "DICM" after the 128-byte preamble: notes, spreadsheets, non-DICOM images) and DICOMDIR indexes are skipped; the
/// files a DICOMDIR lists lie in the tree and are found directly. Throws IoError when the path does not exist or a
/// DICOM file is truncated or damaged before its pixel data (naming the file), and when a file has no
/// SeriesInstanceUID. An empty result means the tree holds no DICOM file.
std::vector<DicomSeries> scan_dicom(const std::filesystem::path& file_or_folder);

/// What a series is when it is no image rptdose reads (by Modality (0008,0060), PS3.3 C.7.3.1.1.1: SEG, RTSTRUCT,
/// RTDOSE, RTPLAN, RTIMAGE, SR, PR, REG, KO), with what to do instead: "an RT Structure Set (RTSTRUCT): give it as
/// labels.image, not as an image". Empty for an image series (NM, PT, CT, ...). Image readers leave such series
/// aside in a folder (an RTSTRUCT exported into its CT's folder).
std::string_view non_image_description(const DicomSeries& series);

/// Whether `path` is a DICOM Part 10 file ("DICM" after the 128-byte preamble).
bool is_dicom_file(const std::filesystem::path& path);

}  // namespace rptdose::io
