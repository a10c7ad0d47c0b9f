#pragma once
// Internal: the nuclide a DICOM Radionuclide Code Sequence (0054,0300) names (PS3.16 CID 18 "Isotopes in
// Radiopharmaceuticals", BCID 4020 "PET Radionuclide"), as rptdose's nuclide name ("Lu-177").
#include <optional>
#include <string>

namespace rptdose::io::detail {

/// By code value and coding scheme (SRT, SCT, NCIt, DCM codes of the table in dicom_radionuclide.cpp), else by a
/// code meaning of the form CID 18 uses ("^177^Lutetium", "^99m^Technetium") or a symbol form ("Lu-177").
/// std::nullopt when neither names a nuclide of the table.
std::optional<std::string> nuclide_of_code(const std::string& value, const std::string& scheme,
                                           const std::string& meaning);

}  // namespace rptdose::io::detail
