#pragma once
// Internal: image files through ITK, on plain types. ITK 5.2 carries its own copy of Eigen (itkeigen/), which
// cannot share a translation unit with the system Eigen 3.4 that rptdose's headers use; so the ITK code lives in
// itk_image_files.cpp, which includes no rptdose header that pulls in Eigen, and image_io.cpp converts.
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace rptdose::io::detail {

struct FileGeometry {
  std::array<std::size_t, 3> size{};
  std::array<double, 3> spacing_mm{};
  std::array<double, 3> origin_mm{};
  std::array<double, 9> direction{};  ///< row-major, columns = image axes in LPS
};

/// Reads the NIfTI, NRRD or MetaImage file `path` converting the voxels to T, into the memory `allocate` returns for
/// the geometry. Throws IoError with the reason. (DICOM is read with DCMTK: dicom_image.hpp.)
template <typename T>
void read_file(const std::string& path, const std::function<T*(const FileGeometry&)>& allocate);

/// The geometry of `path` from its header alone: no voxel is read or allocated. Throws IoError with the reason.
FileGeometry read_file_geometry(const std::string& path);

/// Writes `values` with `geometry` to `path` (format from its extension), compressed where the format allows.
/// Throws IoError with the reason.
template <typename T>
void write_file(const std::string& path, const FileGeometry& geometry, const T* values);

}  // namespace rptdose::io::detail
