#pragma once
// rptdose::io — VOIs from the files clinics hold them in, as one label map: an integer label map (image_io.hpp), a
// DICOM RT Structure Set (RTSTRUCT: planar contours, rasterised by analysis/planar_contours.hpp), a DICOM
// Segmentation (SEG: binary or fractional frames) or a folder of per-organ NIfTI masks (as TotalSegmentator writes
// them: liver.nii.gz, kidney_left.nii.gz, ...). DCMTK reads the DICOM objects, privately (never in this header).
//
// Module io owns files ↔ Grid + Volume; it depends on core and analysis (ITK and DCMTK privately).
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rptdose/core/volume.hpp"

namespace rptdose::io {

enum class VoiSourceKind { LabelMap, RtStruct, Segmentation, MaskFolder };
std::string_view voi_source_kind_name(VoiSourceKind kind);  ///< "label map", "RTSTRUCT", "SEG", "NIfTI mask folder"

/// What `path` holds, from its content: a DICOM file or a folder holding exactly one DICOM object of modality
/// RTSTRUCT or SEG (and no other DICOM file) is that; a folder of .nii/.nii.gz files and no DICOM file is a mask
/// folder; anything else is a label map (read by read_labels). Throws IoError when the path does not exist, or
/// a folder mixes an RTSTRUCT or SEG with other DICOM objects (naming them: give the file itself).
VoiSourceKind voi_source_kind(const std::filesystem::path& path);
/// The DICOM file of an RTSTRUCT or SEG source (the file itself, or the one file of the folder).
std::filesystem::path voi_source_file(const std::filesystem::path& path);

/// One VOI of a source, in the source's order.
struct Voi {
  std::int32_t number = 0;          ///< ROI Number (3006,0022), Segment Number (0062,0004), or 1.. by file name
  std::string name;                 ///< ROI Name, Segment Label, or the file name without .nii/.nii.gz
  std::vector<std::size_t> voxels;  ///< linear indices on VoiSet::grid, ascending
};

struct VoiSet {
  VoiSourceKind kind = VoiSourceKind::RtStruct;
  Grid grid;                           ///< RTSTRUCT: the grid asked for; SEG and masks: their own
  std::vector<Voi> vois;               ///< none empty
  std::string frame_of_reference_uid;  ///< of the DICOM object; empty for NIfTI masks
  std::vector<std::string> warnings;   ///< what was ignored (POINT contours, empty masks, ROIs partly outside)
  std::vector<std::string> ignored;    ///< the names of `ignore` (of the reader) found and left out, source order
};

/// An RTSTRUCT's ROIs rasterised onto `grid` (a voxel is in an ROI when at least half of it is covered:
/// analysis/planar_contours.hpp). Reads the Structure Set module (PS3.3 C.8.8.5: StructureSetROISequence with ROI
/// Number, ROI Name, Referenced Frame of Reference UID; ReferencedFrameOfReferenceSequence) and the ROI Contour
/// module (C.8.8.6: ROIContourSequence > ContourSequence, CLOSED_PLANAR ContourData; POINT and OPEN_* contours are
/// not volumes and are ignored with a warning). Throws IoError for a file that is not an RTSTRUCT or is malformed,
/// InvalidInput for an ROI without any contour, an ROI entirely outside the grid or covering no voxel of it (each
/// named), and ROIs on different frames of reference. An ROI partly outside the grid gives a warning with the part.
/// `threads` as ParallelOptions::threads (0: default); the result does not depend on it.
/// ROIs named in `ignore` (the study's labels.ignore: a couch, the template's empty placeholders) are left out
/// before any of these checks; the same holds for the segments and masks of the readers below.
VoiSet read_rtstruct_vois(const std::filesystem::path& path, const Grid& grid, unsigned threads = 0,
                          std::span<const std::string> ignore = {});

/// A Segmentation's segments on the SEG's own grid (PS3.3 C.8.20: Segmentation Image module, SegmentSequence with
/// Segment Number and Segment Label; the multi-frame functional groups C.7.6.16: PixelMeasures, PlaneOrientation
/// and PlanePosition per frame or shared, SegmentIdentificationSequence per frame). BINARY frames are 1 bit per
/// pixel, packed across frame boundaries; FRACTIONAL frames (PROBABILITY or OCCUPANCY) are inside where
/// value ≥ 0.5 · MaximumFractionalValue. Overlapping segments are kept apart (compose_label_map decides). Throws
/// IoError when the geometry does not fit one grid (frames of different orientation or size, positions off a
/// regular slice step, no slice step for a single plane), a frame references an undefined segment, or the pixel
/// data is shorter than the frames; InvalidInput for a segment without any voxel.
VoiSet read_segmentation_vois(const std::filesystem::path& path, std::span<const std::string> ignore = {});

/// The .nii/.nii.gz files of `folder` (not its subfolders), file name = VOI name, nonzero voxels inside, numbered
/// 1.. in name order. Every mask must be on the first one's grid (IoError naming both otherwise). Empty masks give
/// no VOI and one warning listing them (TotalSegmentator writes every class, also those outside the field of view);
/// a folder of only empty masks is an InvalidInput.
VoiSet read_mask_folder_vois(const std::filesystem::path& folder, std::span<const std::string> ignore = {});

/// The grid of a VOI source's voxels from its headers, for memory estimates: the label map's, the SEG's, the first
/// mask's; std::nullopt for an RTSTRUCT (rasterised onto the grid asked for).
std::optional<Grid> read_voi_source_grid(const std::filesystem::path& path);

/// One label map from VOIs that may overlap: each voxel goes to ONE VOI. The VOIs named in `priority` come first,
/// in its order; the others follow from the smallest to the largest (ties in source order), so that a VOI drawn
/// inside another (a lesion in its organ, organs inside the body outline) keeps its voxels. A voxel already taken
/// stays with the earlier VOI; each overlapping pair is reported in `warnings` with its voxel count. Throws
/// InvalidInput when a priority name is not a VOI's, or a VOI keeps no voxel (all taken by earlier ones).
struct ComposedLabels {
  Volume<std::int32_t> labels;                ///< on VoiSet::grid, 0 background, else the VOI's number
  std::map<std::int32_t, std::string> names;  ///< number → name
  std::vector<std::string> warnings;
};
ComposedLabels compose_label_map(const VoiSet& set, std::span<const std::string> priority);

}  // namespace rptdose::io
