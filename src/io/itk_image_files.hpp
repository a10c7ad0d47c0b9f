#pragma once
// Internal: image files through ITK, on plain types. ITK 5.2 carries its own copy of Eigen (itkeigen/), which
// cannot share a translation unit with the system Eigen 3.4 that rptdose's headers use; so the ITK code lives in
// itk_image_files.cpp, which includes no rptdose header that pulls in Eigen, and image_io.cpp converts.
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace rptdose::io::detail {

struct FileGeometry {
  std::array<std::size_t, 3> size{};
  std::array<double, 3> spacing_mm{};
  std::array<double, 3> origin_mm{};
  std::array<double, 9> direction{};  ///< row-major, columns = image axes in LPS
};

/// Reads `path` (a file, or a folder holding one DICOM series when `dicom_series`) converting the voxels to T,
/// into the memory `allocate` returns for the geometry. Throws IoError with the reason.
template <typename T>
void read_file(const std::string& path, bool dicom_series, const std::function<T*(const FileGeometry&)>& allocate);

/// The geometry of `path` from its header(s) alone: no voxel is read or allocated. Throws IoError with the reason.
FileGeometry read_file_geometry(const std::string& path, bool dicom_series);

/// Writes `values` with `geometry` to `path` (format from its extension), compressed where the format allows.
/// Throws IoError with the reason.
template <typename T>
void write_file(const std::string& path, const FileGeometry& geometry, const T* values);

/// The values (trimmed) of the DICOM tags `tags` ("gggg|eeee", lower-case hex) present in the first file of the one
/// series in `folder`. Throws IoError when the folder holds no series or several.
std::map<std::string, std::string> read_dicom_tags(const std::string& folder, const std::vector<std::string>& tags);

}  // namespace rptdose::io::detail
