#pragma once
// rptdose::io — reading and writing images with their geometry (ITK 5 inside, never in this header): NIfTI
// (.nii, .nii.gz), NRRD (.nrrd, .nhdr), MetaImage (.mha, .mhd) files (ITK), and DICOM images (a folder of one
// series or a multi-frame file: NM, PET, CT, read with DCMTK; the objects and vendor conventions read: docs/dicom.md).
//
// Module io owns: image files ↔ Grid + Volume. It depends on core (and ITK, privately, in the separate library
// target rptdose::itk, with registration, so that the compute core links without ITK).
//
// Geometry: origin (mm), spacing (mm) and direction cosines are kept exactly as the file gives them (ITK's LPS
// physical space, the one DICOM uses). Voxel values are converted to float for images and to 32-bit integers for
// label maps (which must hold integers). Writes are atomic: a temporary file next to the target, renamed when
// complete, so a failed write leaves no partial file.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "rptdose/core/volume.hpp"

namespace rptdose::io {

enum class ImageFormat { Nifti, Nrrd, MetaImage, DicomSeries };
std::string_view format_name(ImageFormat format);
/// From the path: a folder, or a file that is DICOM (the "DICM" preamble, any name), is a DICOM series; otherwise
/// by extension (.nii, .nii.gz, .nrrd, .nhdr, .mha, .mhd). Throws InvalidInput for other files (naming those
/// accepted).
ImageFormat format_for_path(const std::filesystem::path& path);

/// Reads a scalar image (any pixel type) as float; DICOM values with their rescale or real world value mapping
/// applied. Throws IoError when the file or folder is missing, unreadable or truncated, not a 3-D scalar image, or
/// DICOM that is not exactly one image series on a regular grid (several series, a SEG/RTSTRUCT/RT Dose, missing or
/// unevenly spaced slices, an NM image without slice spacing).
Volume<float> read_image(const std::filesystem::path& path);
/// The grid of an image file or DICOM series from its header(s), without reading or allocating any voxel (for
/// estimating a run's memory before it starts). Throws IoError as read_image.
Grid read_image_grid(const std::filesystem::path& path);
/// Reads a label map (integer voxel values). Throws IoError as read_image, and when a value is not an integer.
Volume<std::int32_t> read_labels(const std::filesystem::path& path);

/// Writes an image in the format of the path's extension (not DICOM), atomically. Throws InvalidInput for an
/// unsupported extension, IoError when the folder does not exist or the write fails.
void write_image(const Volume<float>& image, const std::filesystem::path& path);
void write_labels(const Volume<std::int32_t>& labels, const std::filesystem::path& path);

}  // namespace rptdose::io
