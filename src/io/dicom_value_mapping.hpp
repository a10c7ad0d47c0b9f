#pragma once
// Internal: how the stored pixel values of one DICOM image (a file, or the frames of a multi-frame file) become the
// values rptdose reads, and what units they are in. The rule (docs/dicom.md "Values"):
//  1. A Real World Value Mapping Sequence (0040,9096) item with a linear mapping wins: PS3.3 C.7.6.16.2.11 maps the
//     *stored* values to real-world values in the units of its Measurement Units Code Sequence (UCUM), which is how
//     Siemens xSPECT Quant states Bq/mL in an NM object (whose IOD has no Units attribute). Of several items, the
//     first whose units rptdose knows (Bq/mL, counts, counts/s, SUV), else the first.
//  2. Otherwise RescaleSlope/Intercept (0028,1053/1052), the Modality LUT (C.11.1) or the PET Image Module's
//     (C.8.9.4: U = m·SV + b in the Units (0054,1001)); CT's Rescale Type HU.
//  3. Otherwise the stored values as they are.
// A Real World Value LUT (0040,9212) instead of a slope is refused (no scanner writes one for NM/PET).
#include <optional>
#include <string>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcitem.h>

#include "rptdose/io/dicom_info.hpp"

namespace rptdose::io::dcmtk {

struct ValueMapping {
  DicomValueMapping kind = DicomValueMapping::None;
  double slope = 1.0;
  double intercept = 0.0;
  std::optional<DicomUnits> units;
  std::string units_term;  ///< as written, for messages
};

/// The mapping of `dataset` (a whole data set, for the modality and the PET Units). Throws IoError naming `file`
/// for a mapping rptdose cannot apply (a LUT, a zero slope).
ValueMapping value_mapping_of(DcmItem& dataset, const std::string& file);

}  // namespace rptdose::io::dcmtk
