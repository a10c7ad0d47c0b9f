#pragma once
// rptdose::io — what a quantitative SPECT/PET DICOM series says about itself: modality, acquisition time, units,
// decay correction, rescale and frame duration (PS3.3 C.8.9.1 PET Series, C.8.4 NM Image, C.7.6.16 Frame). The
// pixel values read_image returns already have the rescale slope/intercept applied; the units say whether they are
// activity concentrations (BQML) or counts that need a calibration factor.
//
// Module io owns image files and DICOM ↔ Grid + Volume; it depends on core (ITK privately, in rptdose::itk).
#include <filesystem>
#include <optional>
#include <string>

namespace rptdose::io {

struct DicomInfo {
  std::string modality;                         ///< (0008,0060): "NM", "PT", "CT", ...
  std::optional<double> acquisition_time_s;     ///< AcquisitionDate/Time (0008,0022/0032), else SeriesDate/Time,
                                                ///< as seconds since 1970-01-01 of the scanner's clock (no zone)
  std::optional<std::string> units;             ///< (0054,1001): "BQML", "CNTS", ...
  std::optional<std::string> decay_correction;  ///< (0054,1102): "NONE", "START" (to acquisition), "ADMIN"
  std::optional<double> rescale_slope;          ///< (0028,1053), already applied to read_image's values
  std::optional<double> rescale_intercept;      ///< (0028,1052), already applied
  std::optional<double> frame_duration_s;       ///< (0018,1242), in the file in ms
  bool activity_concentration() const { return units && *units == "BQML"; }
};

/// Reads the header of the first file of the one DICOM series in `folder`. Throws IoError when there is no series,
/// several, or an unreadable file; absent tags stay empty; malformed dates or numbers throw IoError naming the tag.
DicomInfo read_dicom_info(const std::filesystem::path& folder);

/// Seconds since 1970-01-01T00:00:00 of a DICOM date (DA "YYYYMMDD") and time (TM "HHMMSS.FFFFFF", minutes and
/// seconds optional), in the same clock. Throws InvalidInput for malformed values.
double dicom_datetime_seconds(const std::string& date, const std::string& time);

}  // namespace rptdose::io
