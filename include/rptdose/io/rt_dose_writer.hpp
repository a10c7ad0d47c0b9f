#pragma once
// rptdose::io — dose maps out as DICOM RT Dose (PS3.3 A.18), placed in the Study and Frame of Reference of the CT
// (or emission series) they were computed from, so that MIM, Eclipse, RayStation and 3D Slicer show the dose on that
// CT. The VOIs go out as DICOM Segmentation beside it (io/seg_writer.hpp), with the same DicomReference.
//
// Module io owns image files and DICOM ↔ Grid + Volume; it depends on core (DCMTK privately, never in this header).
//
// Geometry (PS3.3 C.7.6.2 Image Plane, C.8.8.3.2 Grid Frame Offset Vector): a frame is a slice k of the grid, rows
// along the grid's y axis and columns along x, so ImageOrientationPatient is the direction's first two columns and
// PixelSpacing is (spacing y, spacing x). DICOM puts the frames along row × column; a grid whose z axis points the
// other way is written with its slices in reverse order (offsets stay increasing from 0). A grid DICOM cannot
// express is refused (InvalidInput): axes that are not orthogonal unit vectors.
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "rptdose/core/volume.hpp"

namespace rptdose::io {

/// What a DICOM output takes from the DICOM series it belongs to: the Patient (C.7.1.1) and General Study (C.7.2.1)
/// modules, the Frame of Reference (C.7.4.1), and the instances it references. Text values are as the series holds
/// them, in its SpecificCharacterSet (copied with them).
struct DicomReference {
  std::string specific_character_set;  ///< (0008,0005), empty for the default repertoire
  std::string patient_name, patient_id, patient_birth_date, patient_sex;
  std::string study_instance_uid, study_date, study_time, study_id, accession_number, referring_physician_name,
      study_description;
  std::string frame_of_reference_uid, position_reference_indicator;
  std::string series_instance_uid;  ///< of the referenced image series; empty: no instance is referenced
  struct Instance {
    std::string sop_class_uid, sop_instance_uid;
  };
  std::vector<Instance> instances;  ///< the referenced series' images, in the scanner's file order
  std::string modality;             ///< of the referenced series ("CT", "NM", "PT"); empty when none
};

/// The Patient, Study and Frame of Reference of the one image series in `file_or_folder` (a DICOM file or folder, as
/// io::scan_dicom finds it), and its instances. Throws IoError when it holds no image series or several, or a file
/// cannot be read; InvalidInput when the series has no StudyInstanceUID or FrameOfReferenceUID.
DicomReference read_dicom_reference(const std::filesystem::path& file_or_folder);

/// A new Study and Frame of Reference (new UIDs), with an empty patient and no referenced series: the outputs of a
/// run whose inputs were not DICOM. They are not linked to any CT; viewers load them as a study of their own.
DicomReference new_dicom_reference();

/// DoseType (3004,0004), PS3.3 C.8.8.3: PHYSICAL (absorbed dose) or EFFECTIVE (physical dose corrected for a
/// biological effect by a user-defined model: RBE weighting, BED, EQD2).
enum class RtDoseType { Physical, Effective };

struct RtDoseDescription {
  RtDoseType dose_type = RtDoseType::Physical;
  std::string series_description;  ///< (0008,103E), e.g. "rptdose absorbed dose (Lu-177)"; at most 64 characters
  std::string dose_comment;        ///< DoseComment (3004,0006), at most 64 characters
  int series_number = 1;           ///< SeriesNumber (0020,0011)
  /// TissueHeterogeneityCorrection (3004,0014): IMAGE when the dose used the CT's densities, else WATER.
  bool density_corrected = false;
};

/// What was written, for the caller's records.
struct RtDoseWritten {
  std::string sop_instance_uid, series_instance_uid;
  double dose_grid_scaling_Gy = 0.0;  ///< DoseGridScaling (3004,000E): dose = pixel value × this
};

/// Writes `dose_Gy` (Gy per voxel, on its grid) as one multi-frame RT Dose file, atomically (a temporary file beside
/// `path`, renamed when complete). Pixels are 32-bit unsigned with DoseGridScaling = max dose / (2³² − 1) (rounded up
/// to the 10 significant digits DS holds), so each voxel is within DoseGridScaling/2 of its value; negative values
/// (convolution round-off) are written as 0. DoseSummationType is PLAN_OVERVIEW (docs/dicom.md says why: a
/// radiopharmaceutical therapy has no RT Plan to reference). Throws InvalidInput for a grid DICOM cannot express, an
/// empty or too large grid (rows/columns above 65535) or non-finite doses, IoError when the file cannot be written.
RtDoseWritten write_rt_dose(const Volume<float>& dose_Gy, const DicomReference& reference,
                            const RtDoseDescription& description, const std::filesystem::path& path);

}  // namespace rptdose::io
