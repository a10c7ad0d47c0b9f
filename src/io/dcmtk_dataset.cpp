#include "dcmtk_dataset.hpp"

#include <cmath>
#include <fstream>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcdict.h>
#include <dcmtk/dcmdata/dcelem.h>
#include <dcmtk/dcmdata/dcsequen.h>

#include "library_message_routing.hpp"
#include "rptdose/core/error.hpp"

namespace rptdose::io::dcmtk {

bool has_dicom_preamble(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  char header[132];
  if (!in.read(header, sizeof header)) return false;
  return std::string(header + 128, 4) == "DICM";
}

std::unique_ptr<DcmFileFormat> load_file(const std::filesystem::path& file, ReadExtent extent) {
  if (!has_dicom_preamble(file))
    throw IoError(file.string() + " is not a DICOM file (no 'DICM' after the 128-byte preamble)");
  route_dcmtk_messages();
  auto format = std::make_unique<DcmFileFormat>();
  // A header read loads the whole structure but leaves values longer than DCM_MaxReadLength (4 KB: the pixel data)
  // in the file, read only when asked for, so a folder scan stays fast. (loadFileUntilTag(PixelData) did the same
  // and had DCMTK warn "Element PixelData encountered, skipping rest of dataset" for every file, a warning in every
  // run that reads DICOM.) Element lengths are checked against the file either way: a truncated file is an error.
  // A whole read then loads those values too.
  OFCondition status = format->loadFile(file.c_str(), EXS_Unknown, EGL_noChange, DCM_MaxReadLength, ERM_fileOnly);
  if (status.good() && extent == ReadExtent::Whole) status = format->loadAllDataIntoMemory();
  if (status.bad())
    throw IoError("cannot read the DICOM file " + file.string() + ": " + status.text() +
                  " (a truncated or damaged file: copy it again from the archive)");
  return format;
}

std::string describe_tag(const DcmTagKey& tag) {
  DcmTag named(tag);
  std::string name = named.getTagName() ? named.getTagName() : "";
  return std::string(tag.toString().c_str()) + (name.empty() || name == "Unknown Tag & Data" ? "" : " " + name);
}

namespace {

DcmElement* element_of(DcmItem& item, const DcmTagKey& tag) {
  DcmElement* element = nullptr;
  if (item.findAndGetElement(tag, element, OFFalse).bad() || element == nullptr) return nullptr;
  return element;
}

std::string trimmed(const std::string& value) {
  const std::string padding(" \0", 2);
  const auto first = value.find_first_not_of(padding);
  if (first == std::string::npos) return {};
  return value.substr(first, value.find_last_not_of(padding) - first + 1);
}

/// A DS or IS value (padding removed) as a number; std::nullopt when empty; IoError when it is not one, so that
/// "1.5mm" or "abc" is an error rather than 1.5 or 0.
std::optional<double> parse_number_text(const std::string& padded, const DcmTagKey& tag) {
  const std::string value_text = trimmed(padded);
  if (value_text.empty()) return std::nullopt;
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(value_text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != value_text.size())
    throw IoError("DICOM attribute " + describe_tag(tag) + " holds '" + value_text + "', not a number");
  return value;
}

/// The value `index` of a binary numeric element through its DCMTK getter (getFloat64, getUint16, ...).
template <typename T>
OFCondition binary_value(DcmElement& element, OFCondition (DcmElement::*getter)(T&, const unsigned long),
                         unsigned long index, double& value) {
  T typed{};
  const OFCondition status = (element.*getter)(typed, index);
  value = static_cast<double>(typed);
  return status;
}

}  // namespace

std::optional<std::string> text(DcmItem& item, const DcmTagKey& tag) {
  DcmElement* element = element_of(item, tag);
  if (element == nullptr || element->getLength() == 0) return std::nullopt;
  OFString value;
  if (element->getOFStringArray(value).bad()) return std::nullopt;
  std::string result = trimmed(value.c_str());
  if (result.empty()) return std::nullopt;
  return result;
}

std::vector<std::string> values(DcmItem& item, const DcmTagKey& tag) {
  std::vector<std::string> result;
  DcmElement* element = element_of(item, tag);
  if (element == nullptr || element->getLength() == 0) return result;
  for (unsigned long i = 0; i < element->getVM(); ++i) {
    OFString value;
    if (element->getOFString(value, i).good()) result.push_back(trimmed(value.c_str()));
  }
  return result;
}

std::optional<double> number(DcmItem& item, const DcmTagKey& tag, unsigned long index) {
  DcmElement* element = element_of(item, tag);
  if (element == nullptr || element->getLength() == 0 || index >= element->getVM()) return std::nullopt;
  double value = 0;
  OFCondition status = EC_Normal;
  switch (element->ident()) {
    case EVR_DS:
    case EVR_IS: {  // text
      OFString raw;
      status = element->getOFString(raw, index);
      if (status.good()) {
        const auto parsed = parse_number_text(raw.c_str(), tag);
        if (!parsed) return std::nullopt;
        value = *parsed;
      }
      break;
    }
    case EVR_FD:
      status = binary_value(*element, &DcmElement::getFloat64, index, value);
      break;
    case EVR_FL:
      status = binary_value(*element, &DcmElement::getFloat32, index, value);
      break;
    case EVR_US:
      status = binary_value(*element, &DcmElement::getUint16, index, value);
      break;
    case EVR_UL:
      status = binary_value(*element, &DcmElement::getUint32, index, value);
      break;
    case EVR_SS:
      status = binary_value(*element, &DcmElement::getSint16, index, value);
      break;
    case EVR_SL:
      status = binary_value(*element, &DcmElement::getSint32, index, value);
      break;
    default:
      throw IoError("DICOM attribute " + describe_tag(tag) + " has value representation " +
                    DcmVR(element->ident()).getVRName() + ", not a number");
  }
  if (status.bad()) throw IoError("DICOM attribute " + describe_tag(tag) + " is not a number: " + status.text());
  if (!std::isfinite(value)) throw IoError("DICOM attribute " + describe_tag(tag) + " is not a finite number");
  return value;
}

std::optional<std::int64_t> whole_number(DcmItem& item, const DcmTagKey& tag, std::int64_t lowest, std::int64_t highest,
                                         unsigned long index) {
  const auto value = number(item, tag, index);
  if (!value) return std::nullopt;
  if (*value != std::floor(*value) || *value < static_cast<double>(lowest) || *value > static_cast<double>(highest))
    throw IoError("DICOM attribute " + describe_tag(tag) + " holds " + std::to_string(*value) +
                  ", not a whole number from " + std::to_string(lowest) + " to " + std::to_string(highest));
  return static_cast<std::int64_t>(*value);
}

std::vector<double> numbers(DcmItem& item, const DcmTagKey& tag) {
  std::vector<double> values;
  DcmElement* element = element_of(item, tag);
  if (element == nullptr || element->getLength() == 0) return values;
  if (element->ident() == EVR_DS || element->ident() == EVR_IS) {
    // The whole text once, split at '\': getOFString(value, i) scans from the start for every i, quadratic in the
    // value count (an RTSTRUCT's ContourData holds thousands of numbers per contour).
    OFString raw;
    if (element->getOFStringArray(raw).bad()) return values;
    const std::string all = raw.c_str();
    for (std::size_t begin = 0; begin <= all.size();) {
      const std::size_t end = std::min(all.find('\\', begin), all.size());
      const auto value = parse_number_text(all.substr(begin, end - begin), tag);
      begin = end + 1;
      if (!value) continue;
      if (!std::isfinite(*value)) throw IoError("DICOM attribute " + describe_tag(tag) + " is not a finite number");
      values.push_back(*value);
    }
    return values;
  }
  for (unsigned long i = 0; i < element->getVM(); ++i)
    if (const auto value = number(item, tag, i)) values.push_back(*value);
  return values;
}

DcmItem* sequence_item(DcmItem& item, const DcmTagKey& tag, unsigned long index) {
  DcmItem* found = nullptr;
  if (item.findAndGetSequenceItem(tag, found, static_cast<signed long>(index), OFFalse).bad()) return nullptr;
  return found;
}

unsigned long sequence_size(DcmItem& item, const DcmTagKey& tag) {
  DcmSequenceOfItems* sequence = nullptr;
  if (item.findAndGetSequence(tag, sequence, OFFalse).bad() || sequence == nullptr) return 0;
  return sequence->card();
}

}  // namespace rptdose::io::dcmtk
