#pragma once
// rptdose::io — the VOIs of a run out as a DICOM Segmentation (PS3.3 A.51, written with DCMTK's dcmseg): one binary
// segment per VOI on the grid of the label map (the dose grid), in the Study and Frame of Reference of the RT Dose
// (the same DicomReference), so that a viewer shows the VOIs on the dose and the CT.
//
// Module io owns image files and DICOM ↔ Grid + Volume; it depends on core (DCMTK privately, never in this header).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "rptdose/core/volume.hpp"
#include "rptdose/io/rt_dose_writer.hpp"

namespace rptdose::io {

/// One segment: the voxels of `labels` equal to `label`, named `name` (SegmentLabel, at most 64 characters).
struct SegSegment {
  std::int32_t label = 0;
  std::string name;
};

struct SegDescription {
  std::string series_description = "rptdose VOIs";  ///< (0008,103E), at most 64 characters
  int series_number = 100;                          ///< SeriesNumber (0020,0011)
};

/// Writes the segments of `labels` as one binary DICOM Segmentation, atomically (a temporary file beside `path`,
/// renamed when complete). Frames hold the slices a segment touches (a segment with no voxel keeps one empty frame,
/// so that every VOI is listed). SegmentAlgorithmType is SEMIAUTOMATIC (C.8.20.2: "calculated segmentation with
/// user assistance": the VOIs the user supplied, resampled or rasterised by rptdose onto the dose grid);
/// the anatomic codes are the generic "Anatomical structure" / "Tissue" (SNOMED CT), the VOI's name is its
/// SegmentLabel. Throws InvalidInput for a grid DICOM cannot express (io/rt_dose_writer.hpp), no segments, a
/// duplicate label or name, or more than 65535 segments; IoError when DCMTK refuses the object or the file cannot be
/// written.
void write_seg(const Volume<std::int32_t>& labels, const std::vector<SegSegment>& segments,
               const DicomReference& reference, const SegDescription& description, const std::filesystem::path& path);

}  // namespace rptdose::io
