#include "rptdose/io/image_io.hpp"

#include <unistd.h>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <string>
#include <system_error>

#include "dicom_image.hpp"
#include "image_file_checks.hpp"
#include "itk_image_files.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/io/dicom_folder.hpp"

namespace rptdose::io {

namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

Grid grid_of(const detail::FileGeometry& g) {
  Matrix3 direction;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) direction(r, c) = g.direction[static_cast<std::size_t>(3 * r + c)];
  try {
    return Grid({g.size[0], g.size[1], g.size[2]}, Vector3(g.spacing_mm[0], g.spacing_mm[1], g.spacing_mm[2]),
                Vector3(g.origin_mm[0], g.origin_mm[1], g.origin_mm[2]), direction);
  } catch (const InvalidInput& e) {
    throw IoError(std::string("the image's geometry is not usable: ") + e.what());
  }
}

detail::FileGeometry geometry_of(const Grid& grid) {
  detail::FileGeometry g;
  for (int a = 0; a < 3; ++a) {
    g.size[static_cast<std::size_t>(a)] = grid.size()[static_cast<std::size_t>(a)];
    g.spacing_mm[static_cast<std::size_t>(a)] = grid.spacing_mm()[a];
    g.origin_mm[static_cast<std::size_t>(a)] = grid.origin_mm()[a];
    for (int c = 0; c < 3; ++c) g.direction[static_cast<std::size_t>(3 * a + c)] = grid.direction()(a, c);
  }
  return g;
}

template <typename T>
Volume<T> read_volume(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) throw IoError("cannot read " + path.string() + ": no such file or folder");
  if (format_for_path(path) == ImageFormat::DicomSeries) return detail::read_dicom_volume<T>(path);
  Volume<T> volume;
  detail::read_file<T>(path.string(), [&](const detail::FileGeometry& geometry) {
    volume = Volume<T>(grid_of(geometry));
    return volume.data();
  });
  return volume;
}

template <typename T>
void write_volume(const Volume<T>& volume, const std::filesystem::path& path) {
  if (format_for_path(path) == ImageFormat::DicomSeries)
    throw InvalidInput("writing DICOM is not supported: write " + path.string() + " as .nii.gz, .nrrd or .mha");
  if (volume.grid().empty()) throw InvalidInput("cannot write an empty image to " + path.string());
  const auto folder = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::error_code error;
  if (!std::filesystem::is_directory(folder, error))
    throw IoError("cannot write " + path.string() + ": the folder " + folder.string() + " does not exist");
  // Written completely or not at all: a temporary next to the target that keeps the whole file name at its end
  // (ITK picks the format from the extension), renamed when complete.
  static std::atomic<unsigned> counter{0};
  const auto temporary = folder / (".rptdose-tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) +
                                   "-" + path.filename().string());
  try {
    detail::write_file<T>(temporary.string(), geometry_of(volume.grid()), volume.data());
    std::filesystem::rename(temporary, path, error);
    if (error) throw IoError("cannot write " + path.string() + ": " + error.message());
  } catch (...) {
    std::filesystem::remove(temporary, error);
    throw;
  }
}

}  // namespace

std::string_view format_name(ImageFormat format) {
  switch (format) {
    case ImageFormat::Nifti:
      return "NIfTI";
    case ImageFormat::Nrrd:
      return "NRRD";
    case ImageFormat::MetaImage:
      return "MetaImage";
    case ImageFormat::DicomSeries:
      return "DICOM series";
  }
  return "?";
}

ImageFormat format_for_path(const std::filesystem::path& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) return ImageFormat::DicomSeries;
  const std::string name = lower(path.filename().string());
  if (name.ends_with(".nii") || name.ends_with(".nii.gz")) return ImageFormat::Nifti;
  if (name.ends_with(".nrrd") || name.ends_with(".nhdr")) return ImageFormat::Nrrd;
  if (name.ends_with(".mha") || name.ends_with(".mhd")) return ImageFormat::MetaImage;
  if (is_dicom_file(path)) return ImageFormat::DicomSeries;  // a multi-frame file, or one slice, of any name
  throw InvalidInput("unsupported image file " + path.string() +
                     ": use .nii, .nii.gz, .nrrd, .nhdr, .mha, .mhd, a DICOM file or a folder holding one DICOM "
                     "series");
}

Grid read_image_grid(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) throw IoError("cannot read " + path.string() + ": no such file or folder");
  if (format_for_path(path) == ImageFormat::DicomSeries) return detail::read_dicom_layout(path).grid;
  return grid_of(detail::read_file_geometry(path.string()));
}

Volume<float> read_image(const std::filesystem::path& path) {
  Volume<float> image = read_volume<float>(path);
  // Every format (NIfTI's NaN are caught before ITK zeroes them: image_file_checks.hpp): no NaN or infinity
  // reaches a dose, where one voxel's NaN spreads through the convolution to the whole map.
  std::size_t non_finite = 0, first = 0;
  for (std::size_t v = 0; v < image.size(); ++v)
    if (!std::isfinite(image[v]) && non_finite++ == 0) first = v;
  if (non_finite > 0) {
    const auto& n = image.grid().size();
    detail::throw_non_finite(path.string(), non_finite, first, {n[0], n[1], n[2]});
  }
  return image;
}

Volume<std::int32_t> read_labels(const std::filesystem::path& path) {
  // Read as double first: a label map whose values are not integers is an error, not silently truncated.
  const Volume<double> values = read_volume<double>(path);
  Volume<std::int32_t> labels(values.grid());
  for (std::size_t v = 0; v < values.size(); ++v) {
    const double value = values[v];
    if (!(value == std::floor(value)) || std::abs(value) > 2147483647.0)
      throw IoError("label map " + path.string() + " has a value " + std::to_string(value) + " at voxel " +
                    std::to_string(v) + " that is not an integer: is it a label map?");
    labels[v] = static_cast<std::int32_t>(value);
  }
  return labels;
}

void write_image(const Volume<float>& image, const std::filesystem::path& path) {
  write_volume(image, path);
}
void write_labels(const Volume<std::int32_t>& labels, const std::filesystem::path& path) {
  write_volume(labels, path);
}

}  // namespace rptdose::io
