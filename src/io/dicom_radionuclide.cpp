#include "dicom_radionuclide.hpp"

#include <algorithm>
#include <cctype>

namespace rptdose::io::detail {

namespace {

struct RadionuclideCode {
  const char* nuclide;  ///< rptdose's name
  const char* element;  ///< the element's name as CID 18 code meanings spell it
  const char* mass;     ///< mass number, "m" for a metastable state
  const char* srt;      ///< SNOMED RT code (the SRT codes of CID 18), "" when none is known
  const char* sct;      ///< SNOMED CT concept id (scheme SCT), "" when none is known
};

// Sources: SRT codes of PS3.16 CID 18 "Isotopes in Radiopharmaceuticals" (2007 edition, as tabulated by the
// ClearCanvas DICOM toolkit's IsotopesInRadiopharmaceuticalsContextGroup); SCT: SNOMED CT substance concepts
// (HL7 CodeX radiotherapy isotope value set; ^18^Fluorine from DCMTK 3.6.7 dcmsr/codes/sct.h). Note that C-163A8
// is ^99m^Technetium. Nuclides without a code here are still found by their code meaning.
constexpr RadionuclideCode kCodes[] = {
    {"F-18", "Fluorine", "18", "C-111A1", "77004003"},
    {"I-123", "Iodine", "123", "C-114A4", ""},
    {"I-124", "Iodine", "124", "", ""},
    {"I-125", "Iodine", "125", "C-114A6", "68630002"},
    {"I-131", "Iodine", "131", "C-114B1", "1368003"},
    {"Ga-67", "Gallium", "67", "C-131A2", ""},
    {"Ga-68", "Gallium", "68", "", ""},
    {"Tl-201", "Thallium", "201", "C-138A9", ""},
    {"In-111", "Indium", "111", "C-145A4", ""},
    {"Tc-99m", "Technetium", "99m", "C-163A8", ""},
    {"Cu-64", "Copper", "64", "C-127A2", ""},
    {"Cu-67", "Copper", "67", "C-127A3", ""},
    {"Re-186", "Rhenium", "186", "C-11906", ""},
    {"Re-188", "Rhenium", "188", "C-1018D", "423578007"},
    {"Sm-153", "Samarium", "153", "C-B1134", ""},
    {"Sr-89", "Strontium", "89", "C-158A6", ""},
    {"P-32", "Phosphorus", "32", "C-106A1", "32505007"},
    {"Y-90", "Yttrium", "90", "", "14691008"},
    {"Lu-177", "Lutetium", "177", "", "447553000"},
    {"Ra-223", "Radium", "223", "", "24853006"},
    {"Ho-166", "Holmium", "166", "", ""},
    {"Tb-161", "Terbium", "161", "", ""},
    {"Pb-212", "Lead", "212", "", ""},
    {"Ac-225", "Actinium", "225", "", ""},
    {"At-211", "Astatine", "211", "", ""},
    {"Th-227", "Thorium", "227", "", ""},
};

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

/// The letters and the digits (with a trailing 'm') of a meaning such as "^177^Lutetium", "Lu-177", "177Lu",
/// "Technetium Tc-99m": the first run of digits is the mass number.
std::optional<std::string> from_meaning(const std::string& meaning) {
  std::string mass;
  std::size_t at = 0;
  while (at < meaning.size() && !std::isdigit(static_cast<unsigned char>(meaning[at]))) ++at;
  while (at < meaning.size() && std::isdigit(static_cast<unsigned char>(meaning[at]))) mass += meaning[at++];
  if (mass.empty()) return std::nullopt;
  if (at < meaning.size() && (meaning[at] == 'm' || meaning[at] == 'M')) mass += 'm';
  const std::string text = lower(meaning);
  for (const auto& code : kCodes) {
    const std::string name = code.nuclide;
    const std::string symbol = lower(name.substr(0, name.find('-')));
    const bool named = text.find(lower(code.element)) != std::string::npos;
    // the symbol as a word of its own ("lu-177", "177lu"), not inside another word
    bool symbol_found = false;
    for (std::size_t p = text.find(symbol); p != std::string::npos && !symbol_found; p = text.find(symbol, p + 1)) {
      const bool start = p == 0 || !std::isalpha(static_cast<unsigned char>(text[p - 1]));
      const std::size_t end = p + symbol.size();
      symbol_found = start && (end == text.size() || !std::isalpha(static_cast<unsigned char>(text[end])));
    }
    if ((named || symbol_found) && mass == code.mass) return std::string(code.nuclide);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> nuclide_of_code(const std::string& value, const std::string& scheme,
                                           const std::string& meaning) {
  const bool srt = scheme == "SRT" || scheme == "SNM3" || scheme == "99SDM";  // CID 18's SNOMED RT designators
  for (const auto& code : kCodes)
    if (!value.empty() && ((srt && value == code.srt) || (scheme == "SCT" && value == code.sct)))
      return std::string(code.nuclide);
  return from_meaning(meaning);
}

}  // namespace rptdose::io::detail
