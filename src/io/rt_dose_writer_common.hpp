#pragma once
// Internal: what the RT Dose and Segmentation writers share — the grid as DICOM frames (PS3.3 C.7.6.2 Image Plane),
// the Patient / General Study / Frame of Reference modules from a DicomReference, new UIDs, DS text, and saving a
// file atomically. DCMTK stays in src/.
#include <array>
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcitem.h>

#include "rptdose/core/grid.hpp"
#include "rptdose/io/rt_dose_writer.hpp"

namespace rptdose::io::detail {

/// A grid as DICOM frames: frame f is slice slice_of_frame(f); rows run along the grid's y axis, columns along x.
struct DicomFrames {
  std::size_t rows = 0, columns = 0, frames = 0;
  std::array<double, 6> orientation{};       ///< ImageOrientationPatient: row direction (x axis), column direction (y)
  std::array<double, 2> pixel_spacing_mm{};  ///< PixelSpacing: between rows (spacing y), between columns (spacing x)
  double slice_spacing_mm = 0.0;             ///< between adjacent frames, along row × column
  bool reversed = false;                     ///< the grid's z axis points against row × column
  std::vector<std::array<double, 3>>
      positions;  ///< ImagePositionPatient of each frame (voxel centre of its first pixel)
  std::size_t slice_of_frame(std::size_t frame) const { return reversed ? frames - 1 - frame : frame; }
};

/// Throws InvalidInput naming `what` when the grid is empty, larger than DICOM's 16-bit Rows/Columns, or its axes
/// are not orthogonal unit vectors (a sheared grid has no Image Plane: C.7.6.2.1.1).
DicomFrames dicom_frames(const Grid& grid, const std::string& what);

/// A new UID under DCMTK's root (dcmGenerateUniqueIdentifier).
std::string new_uid();

/// A DS value (PS3.5 6.2: at most 16 characters) holding `value` to 10 significant digits.
std::string decimal_string(double value);
/// Values joined by '\' (VM > 1).
std::string decimal_strings(const double* values, std::size_t count);

/// Puts the Patient (C.7.1.1), General Study (C.7.2.1) and Frame of Reference (C.7.4.1) attributes of `reference`,
/// and its SpecificCharacterSet, into `item` (replacing any there). Throws IoError when DCMTK refuses a value.
void put_reference(DcmItem& item, const DicomReference& reference);

/// Puts one attribute (text form), replacing it; throws IoError naming the tag when DCMTK refuses the value.
void put(DcmItem& item, const DcmTagKey& tag, const std::string& value);

/// Today's date (DA) and time (TM) of this computer's clock, for InstanceCreation/Content/Series date and time.
std::pair<std::string, std::string> dicom_now();

/// Saves `file` as DICOM Part 10, explicit VR little endian, to a temporary file beside `path` and renames it into
/// place; on failure removes the temporary file and throws IoError naming `path` and DCMTK's reason.
void save_atomically(DcmFileFormat& file, const std::filesystem::path& path);

}  // namespace rptdose::io::detail
