#pragma once
// Internal: reading DICOM data sets with DCMTK, on typed values. Every DCMTK call of the io module that reads an
// attribute goes through these helpers, so that padding, empty values, malformed numbers and truncated files are
// handled one way: an absent or empty attribute is std::nullopt; a present one that does not parse is an IoError
// naming the attribute and the file.
//
// DCMTK headers stay in src/ (never in include/rptdose). Like ITK's, they must not share a translation unit with
// rptdose headers that pull in Eigen only where they clash; these helpers use plain types.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dctagkey.h>

namespace rptdose::io::dcmtk {

/// How much of a file to read: the header up to (not including) the pixel data, or everything.
enum class ReadExtent { HeaderOnly, Whole };

/// Loads `file` (a DICOM Part 10 file: 128-byte preamble and "DICM"). Throws IoError naming the file when it cannot
/// be opened, is not DICOM or ends before its data set does (a truncated file).
std::unique_ptr<DcmFileFormat> load_file(const std::filesystem::path& file, ReadExtent extent);

/// Whether `file` starts as a DICOM Part 10 file does ("DICM" after the 128-byte preamble). Reads 132 bytes.
bool has_dicom_preamble(const std::filesystem::path& file);

/// "(0054,1001) Units": the tag and its name in DCMTK's dictionary, for messages.
std::string describe_tag(const DcmTagKey& tag);

/// The value of a text attribute (all of it, values of VM > 1 joined by '\'), with DICOM's padding (leading and
/// trailing spaces, a trailing NUL) removed; std::nullopt when absent or empty.
std::optional<std::string> text(DcmItem& item, const DcmTagKey& tag);
/// Every value of a text attribute of VM > 1, each trimmed (empty when absent).
std::vector<std::string> values(DcmItem& item, const DcmTagKey& tag);
/// The value at `index` of a numeric attribute (DS, IS, FD, FL, US, UL, SS, SL); std::nullopt when absent or empty.
/// Throws IoError naming the attribute when present but not a finite number.
std::optional<double> number(DcmItem& item, const DcmTagKey& tag, unsigned long index = 0);
/// Every value of a numeric attribute (empty when absent). Throws IoError as number().
std::vector<double> numbers(DcmItem& item, const DcmTagKey& tag);
/// Item `index` of the sequence `tag` in `item` (not searched deeper), or nullptr when there is none.
DcmItem* sequence_item(DcmItem& item, const DcmTagKey& tag, unsigned long index = 0);
/// The number of items in the sequence `tag` of `item` (0 when absent).
unsigned long sequence_size(DcmItem& item, const DcmTagKey& tag);

}  // namespace rptdose::io::dcmtk
