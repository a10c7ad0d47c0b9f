#include "rt_dose_writer_common.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <set>

#include <Eigen/Geometry>  // cross product

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>

#include "dcmtk_dataset.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/io/dicom_folder.hpp"

namespace rptdose::io {
namespace detail {

namespace {

// Direction cosines read from NIfTI (float sform/qform) are orthonormal to about 1e-7; 1e-5 accepts those and still
// refuses any real shear (1e-5 rad = 0.0006°).
constexpr double kOrthonormalTolerance = 1e-5;
// Rows (0028,0010) and Columns (0028,0011) are US (PS3.3 C.7.6.3).
constexpr std::size_t kMaxRowsOrColumns = 65535;

}  // namespace

DicomFrames dicom_frames(const Grid& grid, const std::string& what) {
  const auto& n = grid.size();
  if (grid.empty()) throw InvalidInput("cannot write " + what + " as DICOM: the grid is empty");
  if (n[0] > kMaxRowsOrColumns || n[1] > kMaxRowsOrColumns)
    throw InvalidInput("cannot write " + what + " as DICOM: " + grid.describe() +
                       " has more than 65535 columns or rows (DICOM Rows/Columns are 16-bit)");
  const Matrix3& d = grid.direction();
  const Vector3 x = d.col(0), y = d.col(1), z = d.col(2);
  const bool unit = std::abs(x.norm() - 1) < kOrthonormalTolerance && std::abs(y.norm() - 1) < kOrthonormalTolerance &&
                    std::abs(z.norm() - 1) < kOrthonormalTolerance;
  const bool orthogonal = std::abs(x.dot(y)) < kOrthonormalTolerance && std::abs(x.dot(z)) < kOrthonormalTolerance &&
                          std::abs(y.dot(z)) < kOrthonormalTolerance;
  if (!unit || !orthogonal)
    throw InvalidInput("cannot write " + what + " as DICOM: the grid's axes are not orthogonal unit vectors (" +
                       grid.describe() +
                       "); DICOM image planes (PS3.3 C.7.6.2) need an orthonormal direction matrix: resample the "
                       "map onto an orthogonal grid first");
  DicomFrames f;
  f.columns = n[0];
  f.rows = n[1];
  f.frames = n[2];
  f.orientation = {x[0], x[1], x[2], y[0], y[1], y[2]};
  f.pixel_spacing_mm = {grid.spacing_mm()[1], grid.spacing_mm()[0]};
  f.slice_spacing_mm = grid.spacing_mm()[2];
  // DICOM stacks frames along row × column (C.7.6.2.1.1, C.8.8.3.2); a left-handed grid runs the other way.
  f.reversed = x.cross(y).dot(z) < 0;
  f.positions.resize(f.frames);
  for (std::size_t frame = 0; frame < f.frames; ++frame) {
    const Vector3 p = grid.index_to_point(Index3{0, 0, static_cast<std::int64_t>(f.slice_of_frame(frame))});
    f.positions[frame] = {p[0], p[1], p[2]};
  }
  return f;
}

std::string new_uid() {
  char uid[100];
  dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT);
  return uid;
}

std::string decimal_string(double value) {
  if (value == 0) return "0";
  char text[32];
  std::snprintf(text, sizeof text, "%.10g", value);  // at most 16 characters: sign, 10 digits, '.', "e-NNN"
  return text;
}

std::string decimal_strings(const double* values, std::size_t count) {
  std::string joined;
  for (std::size_t i = 0; i < count; ++i) {
    if (i) joined += '\\';
    joined += decimal_string(values[i]);
  }
  return joined;
}

void put(DcmItem& item, const DcmTagKey& tag, const std::string& value) {
  const OFCondition status = item.putAndInsertString(tag, value.c_str(), value.size(), OFTrue);
  if (status.bad())
    throw IoError("cannot set " + dcmtk::describe_tag(tag) + " to '" + value + "' in a DICOM output: " + status.text());
}

void put_reference(DcmItem& item, const DicomReference& r) {
  if (!r.specific_character_set.empty()) put(item, DCM_SpecificCharacterSet, r.specific_character_set);
  // Patient module, PS3.3 C.7.1.1 (all Type 2).
  put(item, DCM_PatientName, r.patient_name);
  put(item, DCM_PatientID, r.patient_id);
  put(item, DCM_PatientBirthDate, r.patient_birth_date);
  put(item, DCM_PatientSex, r.patient_sex);
  // General Study module, PS3.3 C.7.2.1: StudyInstanceUID Type 1, the others Type 2 (description Type 3).
  put(item, DCM_StudyInstanceUID, r.study_instance_uid);
  put(item, DCM_StudyDate, r.study_date);
  put(item, DCM_StudyTime, r.study_time);
  put(item, DCM_ReferringPhysicianName, r.referring_physician_name);
  put(item, DCM_StudyID, r.study_id);
  put(item, DCM_AccessionNumber, r.accession_number);
  if (!r.study_description.empty()) put(item, DCM_StudyDescription, r.study_description);
  // Frame of Reference module, PS3.3 C.7.4.1: FrameOfReferenceUID Type 1, PositionReferenceIndicator Type 2.
  put(item, DCM_FrameOfReferenceUID, r.frame_of_reference_uid);
  put(item, DCM_PositionReferenceIndicator, r.position_reference_indicator);
}

std::pair<std::string, std::string> dicom_now() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char date[16], time[16];
  std::strftime(date, sizeof date, "%Y%m%d", &local);
  std::strftime(time, sizeof time, "%H%M%S", &local);
  return {date, time};
}

void save_atomically(DcmFileFormat& file, const std::filesystem::path& path) {
  auto temporary = path;
  temporary += ".partial";  // beside the target, so the rename stays on one file system
  const OFCondition status = file.saveFile(temporary.c_str(), EXS_LittleEndianExplicit);
  std::error_code error;
  if (status.good()) std::filesystem::rename(temporary, path, error);
  if (status.bad() || error) {
    std::filesystem::remove(temporary, error);
    throw IoError("cannot write the DICOM file " + path.string() + ": " +
                  (status.bad() ? std::string(status.text()) : "rename failed") +
                  " (check that the folder exists and has space)");
  }
}

}  // namespace detail

namespace {

// Series that are not images: the Frame of Reference and Study of a dose come from an image series.
const std::set<std::string> kNonImageModalities{"RTSTRUCT", "RTDOSE", "RTPLAN", "RTRECORD", "SEG",
                                                "SR",       "PR",     "KO",     "REG",      "DOC"};

}  // namespace

DicomReference read_dicom_reference(const std::filesystem::path& file_or_folder) {
  std::vector<DicomSeries> images;
  for (auto& s : scan_dicom(file_or_folder))
    if (!kNonImageModalities.count(s.modality)) images.push_back(std::move(s));
  if (images.size() != 1)
    throw IoError(file_or_folder.string() + " holds " + std::to_string(images.size()) +
                  " DICOM image series; the RT Dose needs exactly one to reference (give the folder of one series)");
  const DicomSeries& series = images.front();
  const auto first = dcmtk::load_file(series.files.front(), dcmtk::ReadExtent::HeaderOnly);
  DcmDataset& d = *first->getDataset();
  const auto text = [&](const DcmTagKey& tag) { return dcmtk::text(d, tag).value_or(""); };
  DicomReference r;
  r.specific_character_set = text(DCM_SpecificCharacterSet);
  r.patient_name = text(DCM_PatientName);
  r.patient_id = text(DCM_PatientID);
  r.patient_birth_date = text(DCM_PatientBirthDate);
  r.patient_sex = text(DCM_PatientSex);
  r.study_instance_uid = text(DCM_StudyInstanceUID);
  r.study_date = text(DCM_StudyDate);
  r.study_time = text(DCM_StudyTime);
  r.study_id = text(DCM_StudyID);
  r.accession_number = text(DCM_AccessionNumber);
  r.referring_physician_name = text(DCM_ReferringPhysicianName);
  r.study_description = text(DCM_StudyDescription);
  r.frame_of_reference_uid = text(DCM_FrameOfReferenceUID);
  r.position_reference_indicator = text(DCM_PositionReferenceIndicator);
  r.series_instance_uid = series.series_uid;
  r.modality = series.modality;
  if (r.study_instance_uid.empty() || r.frame_of_reference_uid.empty())
    throw InvalidInput("the DICOM series in " + file_or_folder.string() +
                       " has no StudyInstanceUID (0020,000D) or FrameOfReferenceUID (0020,0052): an RT Dose cannot "
                       "be placed on it");
  for (const auto& file : series.files) {
    const auto format = file == series.files.front() ? nullptr : dcmtk::load_file(file, dcmtk::ReadExtent::HeaderOnly);
    DcmDataset& data = format ? *format->getDataset() : d;
    r.instances.push_back(
        {dcmtk::text(data, DCM_SOPClassUID).value_or(""), dcmtk::text(data, DCM_SOPInstanceUID).value_or("")});
    if (r.instances.back().sop_class_uid.empty() || r.instances.back().sop_instance_uid.empty())
      throw IoError("the DICOM file " + file.string() + " has no SOPClassUID or SOPInstanceUID");
  }
  return r;
}

DicomReference new_dicom_reference() {
  DicomReference r;
  r.study_instance_uid = detail::new_uid();
  r.frame_of_reference_uid = detail::new_uid();
  std::tie(r.study_date, r.study_time) = detail::dicom_now();
  return r;
}

}  // namespace rptdose::io
