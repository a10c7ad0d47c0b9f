#pragma once
// Internal: the one image series of a DICOM file or folder read with DCMTK into a Grid and voxel values. Which
// objects are read and how (docs/dicom.md):
//  - a multi-frame file (NM RECON TOMO, PS3.3 C.8.4.8 NM Multi-frame, C.8.4.10–16): frames stacked along the normal
//    of DetectorInformationSequence (0054,0022) ImagePositionPatient/ImageOrientationPatient (else the top-level
//    ones), stepping SpacingBetweenSlices (0018,0088), else SliceThickness (0018,0050), else refused; frames in the
//    order of SliceVector (0054,0080) when present;
//  - one single-frame file per slice (CT, PET, NM as some vendors export it, MR): slices ordered by position along
//    the normal and checked to make one regular grid (dicom_slices.hpp), each slice with its own value mapping;
//  - values through the Real World Value Mapping or the rescale (dicom_value_mapping.hpp).
// Objects that are not images (SEG, RTSTRUCT, RTDOSE, ...) beside the image series are left aside. Refused, with a
// message naming what was found: no series, several image series, only a non-image object, NM projections (not a
// reconstruction), an enhanced multi-frame object, a truncated file.
#include <filesystem>
#include <vector>

#include "rptdose/core/volume.hpp"
#include "rptdose/io/dicom_folder.hpp"

namespace rptdose::io::detail {

/// The files of the image series in slice order (one file for a multi-frame image) and their grid, from the
/// headers alone (no pixel data is read).
struct DicomImageLayout {
  DicomSeries series;
  std::vector<std::filesystem::path> files;  ///< slice order
  Grid grid;
  bool multi_frame = false;
};
DicomImageLayout read_dicom_layout(const std::filesystem::path& file_or_folder);

/// The voxel values of the image series, mapped (rescale or real world value), converted to T.
template <typename T>
Volume<T> read_dicom_volume(const std::filesystem::path& file_or_folder);

}  // namespace rptdose::io::detail
