#pragma once
// rptdose::io — what a DICOM image series says about itself, typed: modality and UIDs, units and how the stored
// values were mapped to them, decay correction, acquisition and injection times, nuclide, administered activity
// and the acquisition duration of a counts image (PS3.3 C.8.4 NM, C.8.9 PET, C.7.6.16.2.11 Real World Value
// Mapping; the rules per vendor: docs/dicom.md). The pixel values read_image returns already have the mapping
// applied; the units say whether they are activity concentrations or counts that need a calibration factor.
//
// Module io owns image files and DICOM ↔ Grid + Volume; it depends on core (ITK and DCMTK privately).
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "rptdose/core/enum_names.hpp"

namespace rptdose::io {

/// What the values of a DICOM image are, from its Real World Value Mapping units code (UCUM, C.7.6.16.2.11) or
/// its PET Units (0054,1001); Other for any other term (kept as written in DicomInfo::units_term).
enum class DicomUnits {
  BqPerMl,          ///< BQML, UCUM "Bq/ml"
  Counts,           ///< CNTS, UCUM "{counts}"
  CountsPerSecond,  ///< CPS, UCUM "{counts}/s"
  Suv,              ///< GML (SUV body weight, g/mL), UCUM "g/ml" or "{SUVbw}g/ml"
  Hounsfield,       ///< CT: Rescale Type HU, or any CT without another statement
  Other,
};
inline constexpr EnumNames<DicomUnits, 6> kDicomUnitsNames{{{DicomUnits::BqPerMl, "Bq/mL"},
                                                            {DicomUnits::Counts, "counts"},
                                                            {DicomUnits::CountsPerSecond, "counts/s"},
                                                            {DicomUnits::Suv, "SUV (g/mL)"},
                                                            {DicomUnits::Hounsfield, "HU"},
                                                            {DicomUnits::Other, "other"}}};
inline std::string_view dicom_units_name(DicomUnits units) {
  return enum_name(kDicomUnitsNames, units);
}

/// DecayCorrection (0054,1102), PS3.3 C.8.9.1.1.4: to the start of the acquisition, to the administration, none.
enum class DicomDecayCorrection { None, Start, Admin };
inline constexpr EnumNames<DicomDecayCorrection, 3> kDicomDecayCorrectionNames{
    {{DicomDecayCorrection::None, "NONE"},
     {DicomDecayCorrection::Start, "START"},
     {DicomDecayCorrection::Admin, "ADMIN"}}};
inline std::string_view dicom_decay_correction_name(DicomDecayCorrection correction) {
  return enum_name(kDicomDecayCorrectionNames, correction);
}

/// Which mapping turned stored pixel values into the values read_image returns.
enum class DicomValueMapping {
  None,            ///< stored values as they are (no rescale, no mapping)
  Rescale,         ///< RescaleSlope/Intercept (0028,1053/1052)
  RealWorldValue,  ///< RealWorldValueMappingSequence (0040,9096) slope/intercept
};
inline constexpr EnumNames<DicomValueMapping, 3> kDicomValueMappingNames{
    {{DicomValueMapping::None, "none"},
     {DicomValueMapping::Rescale, "rescale"},
     {DicomValueMapping::RealWorldValue, "real world value mapping"}}};
inline std::string_view dicom_value_mapping_name(DicomValueMapping mapping) {
  return enum_name(kDicomValueMappingNames, mapping);
}

/// Times are seconds since 1970-01-01 of the scanner's clock (no zone; dicom_datetime_seconds).
struct DicomInfo {
  std::string modality;                         ///< (0008,0060): "NM", "PT", "CT", ...
  std::string sop_class_uid;                    ///< (0008,0016)
  std::string study_uid;                        ///< StudyInstanceUID (0020,000D)
  std::string series_uid;                       ///< SeriesInstanceUID (0020,000E)
  std::string frame_of_reference_uid;           ///< FrameOfReferenceUID (0020,0052)
  std::optional<std::string> patient_position;  ///< PatientPosition (0018,5100): "HFS", "FFS", ...

  std::optional<DicomUnits> units;  ///< absent: the header does not say
  std::string units_term;           ///< as written ("BQML", "Bq/ml"), for messages; empty when absent
  DicomValueMapping value_mapping = DicomValueMapping::None;  ///< of the first file (per-slice values may differ)
  double slope = 1.0;                                         ///< of that mapping, first file
  double intercept = 0.0;                                     ///< of that mapping, first file

  std::optional<DicomDecayCorrection> decay_correction;  ///< (0054,1102)
  std::optional<double> decay_factor;                    ///< DecayFactor (0054,1321), first file

  std::optional<double> acquisition_time_s;  ///< start of the acquisition (rule per modality: docs/dicom.md)
  std::optional<double> frame_duration_s;    ///< ActualFrameDuration (0018,1242) as written (ms in the file)
  /// The acquisition duration a counts image corresponds to (NM: views per rotation × frame duration summed over
  /// the rotations, the detectors acquiring at once; PET and others: ActualFrameDuration). Absent when the header
  /// does not say it.
  std::optional<double> acquisition_duration_s;

  std::optional<std::string> nuclide;      ///< rptdose's name ("Lu-177") from RadionuclideCodeSequence (0054,0300)
  std::string nuclide_code;                ///< the code as written ("C-163A8 (SRT) ^99m^Technetium"), for messages
  std::optional<double> injection_time_s;  ///< RadiopharmaceuticalStartDateTime (0018,1078)
  std::optional<double> administered_activity_Bq;  ///< RadionuclideTotalDose (0018,1074): Bq in PET, MBq in NM

  bool activity_concentration() const { return units == DicomUnits::BqPerMl; }
};

/// Reads the header of the one DICOM image series in `file_or_folder` (the first file in slice order: scan_dicom).
/// Throws IoError when there is no series, several, a file is unreadable, or the series is not an image; absent
/// attributes stay empty; malformed dates or numbers throw IoError naming the attribute.
DicomInfo read_dicom_info(const std::filesystem::path& file_or_folder);

/// Seconds since 1970-01-01T00:00:00 of a DICOM date (DA "YYYYMMDD") and time (TM "HHMMSS.FFFFFF", minutes and
/// seconds optional), in the same clock. Throws InvalidInput for malformed values.
double dicom_datetime_seconds(const std::string& date, const std::string& time);

/// The same for a DICOM date-time (DT "YYYYMMDDHHMMSS.FFFFFF&ZZXX"; the time optional, a zone offset ignored: the
/// scanner's clock, as DA/TM pairs). Throws InvalidInput for malformed values.
double dicom_datetime_seconds(const std::string& date_time);

}  // namespace rptdose::io
