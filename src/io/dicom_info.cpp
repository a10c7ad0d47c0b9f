#include "rptdose/io/dicom_info.hpp"

#include <string>

#include <dcmtk/dcmdata/dcdeftag.h>

#include "dcmtk_dataset.hpp"
#include "dicom_image.hpp"
#include "dicom_radionuclide.hpp"
#include "dicom_value_mapping.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"

namespace rptdose::io {

namespace {

constexpr double kMsPerS = 1000.0;

/// A DA + TM pair as seconds, when both are present.
std::optional<double> date_time_of(DcmItem& data, const DcmTagKey& date, const DcmTagKey& time) {
  const auto d = dcmtk::text(data, date), t = dcmtk::text(data, time);
  if (!d || !t) return std::nullopt;
  return dicom_datetime_seconds(*d, *t);
}

/// The start of the acquisition. PET: Series Date/Time (PS3.3 C.8.9.1 PET Series Module: the start of the
/// acquisition, the time DecayCorrection START refers to; a PET slice's Acquisition Time is that of its bed
/// position). Others: AcquisitionDateTime (0008,002A), else Acquisition Date/Time, else Series Date/Time.
std::optional<double> acquisition_time_of(DcmItem& data, const std::string& modality) {
  const auto series = date_time_of(data, DCM_SeriesDate, DCM_SeriesTime);
  if (modality == "PT" && series) return series;
  if (const auto stamp = dcmtk::text(data, DCM_AcquisitionDateTime)) return dicom_datetime_seconds(*stamp);
  if (const auto acquisition = date_time_of(data, DCM_AcquisitionDate, DCM_AcquisitionTime)) return acquisition;
  return series;
}

/// The duration a counts image corresponds to. NM (PS3.3 C.8.4.12 NM TOMO Acquisition Module): the Rotation
/// Information Sequence (0054,0052) gives per rotation the Number of Frames in Rotation (0054,0053, the views of
/// each detector) and the Actual Frame Duration (0018,1242, ms per view); the detectors acquire at the same time,
/// so the acquisition lasts the sum over the rotations of views × frame duration, whatever the number of detectors
/// (0054,0021). Without the sequence, the same from the top-level attributes (NumberOfRotations 1 when absent);
/// without Number of Frames in Rotation, unknown. PET and others: ActualFrameDuration, the acquisition of the image
/// (C.8.9.4.1.5).
std::optional<double> acquisition_duration_of(DcmItem& data, const std::string& modality) {
  const auto frame_ms = dcmtk::number(data, DCM_ActualFrameDuration);
  if (modality != "NM") return frame_ms ? std::optional<double>(*frame_ms / kMsPerS) : std::nullopt;
  const unsigned long rotations = dcmtk::sequence_size(data, DCM_RotationInformationSequence);
  if (rotations > 0) {
    double total_ms = 0;
    for (unsigned long r = 0; r < rotations; ++r) {
      DcmItem& rotation = *dcmtk::sequence_item(data, DCM_RotationInformationSequence, r);
      const auto views = dcmtk::number(rotation, DCM_NumberOfFramesInRotation);
      const auto ms = dcmtk::number(rotation, DCM_ActualFrameDuration);
      if (!views || !ms) return std::nullopt;
      total_ms += *views * *ms;
    }
    return total_ms / kMsPerS;
  }
  const auto views = dcmtk::number(data, DCM_NumberOfFramesInRotation);
  if (!views || !frame_ms) return std::nullopt;
  return dcmtk::number(data, DCM_NumberOfRotations).value_or(1.0) * *views * *frame_ms / kMsPerS;
}

void read_radiopharmaceutical(DcmItem& data, const std::string& modality, DicomInfo& info) {
  DcmItem* item = dcmtk::sequence_item(data, DCM_RadiopharmaceuticalInformationSequence);
  if (item == nullptr) return;
  if (DcmItem* code = dcmtk::sequence_item(*item, DCM_RadionuclideCodeSequence)) {
    const std::string value = dcmtk::text(*code, DCM_CodeValue).value_or("");
    const std::string scheme = dcmtk::text(*code, DCM_CodingSchemeDesignator).value_or("");
    const std::string meaning = dcmtk::text(*code, DCM_CodeMeaning).value_or("");
    info.nuclide = detail::nuclide_of_code(value, scheme, meaning);
    info.nuclide_code = value + (scheme.empty() ? "" : " (" + scheme + ")") + (meaning.empty() ? "" : " " + meaning);
  }
  // Only a date-time places the injection: a Radiopharmaceutical Start Time (0018,1072) alone has no date, and a
  // therapy scan days after the injection cannot take the scan's date for it.
  if (const auto start = dcmtk::text(*item, DCM_RadiopharmaceuticalStartDateTime))
    info.injection_time_s = dicom_datetime_seconds(*start);
  // Radionuclide Total Dose: Bq in the PET Isotope Module (C.8.9.2), MBq in the NM Isotope Module (C.8.4.10).
  if (const auto dose = dcmtk::number(*item, DCM_RadionuclideTotalDose))
    info.administered_activity_Bq = modality == "NM" ? *dose * units::kBqPerMBq : *dose;
}

}  // namespace

DicomInfo read_dicom_info(const std::filesystem::path& file_or_folder) {
  const detail::DicomImageLayout layout = detail::read_dicom_layout(file_or_folder);
  const std::filesystem::path& first = layout.files.front();
  const auto format = dcmtk::load_file(first, dcmtk::ReadExtent::HeaderOnly);
  DcmDataset& data = *format->getDataset();
  DicomInfo info;
  info.modality = layout.series.modality;
  info.sop_class_uid = layout.series.sop_class_uid;
  info.study_uid = layout.series.study_uid;
  info.series_uid = layout.series.series_uid;
  info.frame_of_reference_uid = layout.series.frame_of_reference_uid;
  info.patient_position = dcmtk::text(data, DCM_PatientPosition);
  const auto mapping = dcmtk::value_mapping_of(data, first.string());
  info.units = mapping.units;
  info.units_term = mapping.units_term;
  info.value_mapping = mapping.kind;
  info.slope = mapping.slope;
  info.intercept = mapping.intercept;
  if (const auto term = dcmtk::text(data, DCM_DecayCorrection)) {
    info.decay_correction = find_enum(kDicomDecayCorrectionNames, *term);
    if (!info.decay_correction)
      throw IoError(first.string() + ": DecayCorrection (0054,1102) is '" + *term +
                    "', not one of the defined terms NONE, START, ADMIN");
  }
  info.decay_factor = dcmtk::number(data, DCM_DecayFactor);
  try {
    info.acquisition_time_s = acquisition_time_of(data, info.modality);
    read_radiopharmaceutical(data, info.modality, info);
  } catch (const InvalidInput& e) {
    throw IoError("the DICOM series in " + file_or_folder.string() + " has an unusable date or time: " + e.what());
  }
  if (const auto ms = dcmtk::number(data, DCM_ActualFrameDuration)) info.frame_duration_s = *ms / kMsPerS;
  info.acquisition_duration_s = acquisition_duration_of(data, info.modality);
  return info;
}

}  // namespace rptdose::io
