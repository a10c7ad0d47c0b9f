#include "dicom_value_mapping.hpp"

#include <dcmtk/dcmdata/dcdeftag.h>

#include "dcmtk_dataset.hpp"
#include "rptdose/core/error.hpp"

namespace rptdose::io::dcmtk {

namespace {

/// Units (0054,1001) defined terms, PS3.3 C.8.9.1.1.3.
constexpr EnumNames<DicomUnits, 4> kPetUnitsTerms{{{DicomUnits::BqPerMl, "BQML"},
                                                   {DicomUnits::Counts, "CNTS"},
                                                   {DicomUnits::CountsPerSecond, "CPS"},
                                                   {DicomUnits::Suv, "GML"}}};
/// UCUM codes of Measurement Units Code Sequence (0040,08EA) as PS3.16 CID 84 "PET Units" lists them, and the
/// spellings vendors use (Siemens xSPECT: "Bq/ml"; UCUM is case-sensitive, "Bq/mL" is the same unit).
constexpr EnumNames<DicomUnits, 9> kUcumTerms{{{DicomUnits::BqPerMl, "Bq/ml"},
                                               {DicomUnits::BqPerMl, "Bq/mL"},
                                               {DicomUnits::Counts, "{counts}"},
                                               {DicomUnits::Counts, "counts"},
                                               {DicomUnits::CountsPerSecond, "{counts}/s"},
                                               {DicomUnits::CountsPerSecond, "cps"},
                                               {DicomUnits::Suv, "g/ml"},
                                               {DicomUnits::Suv, "{SUVbw}g/ml"},
                                               {DicomUnits::Hounsfield, "[hnsf'U]"}}};

std::optional<DicomUnits> ucum_units(DcmItem& item) {
  DcmItem* code = sequence_item(item, DCM_MeasurementUnitsCodeSequence);
  if (code == nullptr) return std::nullopt;
  const auto value = text(*code, DCM_CodeValue);
  if (!value) return std::nullopt;
  return find_enum(kUcumTerms, *value).value_or(DicomUnits::Other);
}

std::string ucum_term(DcmItem& item) {
  DcmItem* code = sequence_item(item, DCM_MeasurementUnitsCodeSequence);
  return code == nullptr ? "" : text(*code, DCM_CodeValue).value_or("");
}

}  // namespace

ValueMapping value_mapping_of(DcmItem& dataset, const std::string& file) {
  ValueMapping mapping;
  const unsigned long items = sequence_size(dataset, DCM_RealWorldValueMappingSequence);
  DcmItem* chosen = nullptr;
  for (unsigned long i = 0; i < items && chosen == nullptr; ++i) {
    DcmItem* item = sequence_item(dataset, DCM_RealWorldValueMappingSequence, i);
    const auto units = ucum_units(*item);
    if (units && *units != DicomUnits::Other) chosen = item;
  }
  if (chosen == nullptr && items > 0) chosen = sequence_item(dataset, DCM_RealWorldValueMappingSequence);
  if (chosen != nullptr) {
    const auto slope = number(*chosen, DCM_RealWorldValueSlope);
    if (!slope)
      throw IoError(file +
                    " maps its values by a Real World Value LUT (0040,9212), not a slope: rptdose reads "
                    "linear mappings only; export the series with a slope and intercept");
    mapping.kind = DicomValueMapping::RealWorldValue;
    mapping.slope = *slope;
    mapping.intercept = number(*chosen, DCM_RealWorldValueIntercept).value_or(0.0);
    mapping.units = ucum_units(*chosen);
    mapping.units_term = ucum_term(*chosen);
  } else if (const auto slope = number(dataset, DCM_RescaleSlope)) {
    mapping.kind = DicomValueMapping::Rescale;
    mapping.slope = *slope;
    mapping.intercept = number(dataset, DCM_RescaleIntercept).value_or(0.0);
  } else if (const auto intercept = number(dataset, DCM_RescaleIntercept)) {
    mapping.kind = DicomValueMapping::Rescale;
    mapping.intercept = *intercept;
  }
  if (mapping.slope == 0.0)
    throw IoError(file + " has a value mapping slope of 0 (every voxel would be " + std::to_string(mapping.intercept) +
                  "): the file is damaged or not quantitative");
  if (!mapping.units) {  // the PET Units, else a CT's Hounsfield units
    if (const auto term = text(dataset, DCM_Units)) {
      mapping.units = find_enum(kPetUnitsTerms, *term).value_or(DicomUnits::Other);
      mapping.units_term = *term;
    } else if (text(dataset, DCM_Modality).value_or("") == "CT") {
      mapping.units = DicomUnits::Hounsfield;
      mapping.units_term = text(dataset, DCM_RescaleType).value_or("HU");
    }
  }
  return mapping;
}

}  // namespace rptdose::io::dcmtk
