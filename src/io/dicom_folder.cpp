#include "rptdose/io/dicom_folder.hpp"

#include <algorithm>
#include <map>
#include <system_error>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcuid.h>

#include "dcmtk_dataset.hpp"
#include "rptdose/core/error.hpp"

namespace rptdose::io {

namespace {

std::vector<std::filesystem::path> dicom_files_under(const std::filesystem::path& root) {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  if (std::filesystem::is_regular_file(root, error)) {
    if (!is_dicom_file(root))
      throw IoError(root.string() + " is not a DICOM file (no 'DICM' after the 128-byte preamble)");
    files.push_back(root);
    return files;
  }
  if (!std::filesystem::is_directory(root, error))
    throw IoError("cannot read DICOM from " + root.string() + ": no such file or folder");
  std::filesystem::recursive_directory_iterator walk(root, error), end;
  if (error) throw IoError("cannot list the folder " + root.string() + ": " + error.message());
  for (; walk != end; walk.increment(error)) {
    if (error) throw IoError("cannot list the folder " + root.string() + ": " + error.message());
    if (walk->is_regular_file(error) && is_dicom_file(walk->path())) files.push_back(walk->path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

/// DICOM objects that are not images rptdose reads as one, by Modality (0008,0060) (PS3.3 C.7.3.1.1.1), with what
/// to do instead.
struct NotAnImage {
  const char* modality;
  const char* what;
};
constexpr NotAnImage kNotImages[] = {
    {"SEG", "a DICOM Segmentation (SEG): give it as labels.image, not as an image"},
    {"RTSTRUCT", "an RT Structure Set (RTSTRUCT): give it as labels.image, not as an image"},
    {"RTDOSE", "an RT Dose (RTDOSE), not an emission or CT image"},
    {"RTPLAN", "an RT Plan (RTPLAN), not an image"},
    {"RTIMAGE", "an RT Image (portal or simulator projection), not a volume"},
    {"SR", "a Structured Report (SR), not an image"},
    {"PR", "a Presentation State (PR), not an image"},
    {"REG", "a Spatial Registration (REG), not an image"},
    {"KO", "a Key Object Selection (KO), not an image"},
};

}  // namespace

std::string_view non_image_description(const DicomSeries& series) {
  for (const auto& entry : kNotImages)
    if (series.modality == entry.modality) return entry.what;
  return {};
}

bool is_dicom_file(const std::filesystem::path& path) {
  return dcmtk::has_dicom_preamble(path);
}

std::vector<DicomSeries> scan_dicom(const std::filesystem::path& file_or_folder) {
  std::vector<DicomSeries> series;
  std::map<std::string, std::size_t> index_of_uid;
  for (const auto& file : dicom_files_under(file_or_folder)) {
    const auto format = dcmtk::load_file(file, dcmtk::ReadExtent::HeaderOnly);
    // A DICOMDIR (Media Storage Directory, PS3.10 §8.6) indexes the files beside it; it is not an object itself.
    if (dcmtk::text(*format->getMetaInfo(), DCM_MediaStorageSOPClassUID).value_or("") ==
        UID_MediaStorageDirectoryStorage)
      continue;
    DcmDataset& data = *format->getDataset();
    const auto uid = dcmtk::text(data, DCM_SeriesInstanceUID);
    if (!uid) throw IoError("the DICOM file " + file.string() + " has no SeriesInstanceUID (0020,000E)");
    const auto [found, added] = index_of_uid.emplace(*uid, series.size());
    if (added) {
      DicomSeries next;
      next.series_uid = *uid;
      next.modality = dcmtk::text(data, DCM_Modality).value_or("");
      next.sop_class_uid = dcmtk::text(data, DCM_SOPClassUID).value_or("");
      next.study_uid = dcmtk::text(data, DCM_StudyInstanceUID).value_or("");
      next.frame_of_reference_uid = dcmtk::text(data, DCM_FrameOfReferenceUID).value_or("");
      if (DcmItem* referenced = dcmtk::sequence_item(data, DCM_ReferencedFrameOfReferenceSequence);
          next.frame_of_reference_uid.empty() && referenced != nullptr)
        next.frame_of_reference_uid = dcmtk::text(*referenced, DCM_FrameOfReferenceUID).value_or("");
      next.image_type = dcmtk::values(data, DCM_ImageType);
      next.series_description = dcmtk::text(data, DCM_SeriesDescription).value_or("");
      series.push_back(std::move(next));
    }
    series[found->second].files.push_back(file);
  }
  return series;
}

}  // namespace rptdose::io
