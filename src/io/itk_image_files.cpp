#include "itk_image_files.hpp"

#include <algorithm>
#include <mutex>

#include <itkImage.h>
#include <itkImageFileReader.h>
#include <itkImageFileWriter.h>
#include <itkMetaImageIOFactory.h>
#include <itkNiftiImageIOFactory.h>
#include <itkNrrdImageIOFactory.h>

#include "image_file_checks.hpp"
#include "rptdose/core/error.hpp"

namespace rptdose::io::detail {

namespace {

template <typename T>
using ItkImage = itk::Image<T, 3>;

/// The IO factories rptdose reads and writes with, registered once (no ITK_USE_FILE globals in the build).
void register_factories() {
  static std::once_flag once;
  std::call_once(once, [] {
    itk::NiftiImageIOFactory::RegisterOneFactory();
    itk::NrrdImageIOFactory::RegisterOneFactory();
    itk::MetaImageIOFactory::RegisterOneFactory();
  });
}

template <typename T>
typename ItkImage<T>::Pointer read_itk(const std::string& path) {
  auto reader = itk::ImageFileReader<ItkImage<T>>::New();
  reader->SetFileName(path);
  reader->Update();
  return reader->GetOutput();
}

}  // namespace

template <typename Image>
FileGeometry geometry_of(const Image& image) {
  FileGeometry geometry;
  const auto size = image.GetLargestPossibleRegion().GetSize();
  for (unsigned a = 0; a < 3; ++a) {
    geometry.size[a] = size[a];
    geometry.spacing_mm[a] = image.GetSpacing()[a];
    geometry.origin_mm[a] = image.GetOrigin()[a];
    for (unsigned c = 0; c < 3; ++c) geometry.direction[3 * a + c] = image.GetDirection()(a, c);
  }
  return geometry;
}

FileGeometry read_file_geometry(const std::string& path) {
  register_factories();
  using Image = ItkImage<float>;
  try {
    auto reader = itk::ImageFileReader<Image>::New();
    reader->SetFileName(path);
    reader->UpdateOutputInformation();
    return geometry_of(*reader->GetOutput());
  } catch (const itk::ExceptionObject& e) {
    throw IoError("cannot read the header of " + path + ": " + e.GetDescription());
  }
}

template <typename T>
void read_file(const std::string& path, const std::function<T*(const FileGeometry&)>& allocate) {
  register_factories();
  check_image_file(path);  // what the header promises, before ITK allocates it
  typename ItkImage<T>::Pointer image;
  try {
    image = read_itk<T>(path);
  } catch (const itk::ExceptionObject& e) {
    throw IoError("cannot read " + path + " as a 3-D image: " + e.GetDescription());
  }
  const FileGeometry geometry = geometry_of(*image);
  const auto& size = geometry.size;
  T* target = allocate(geometry);
  std::copy(image->GetBufferPointer(), image->GetBufferPointer() + size[0] * size[1] * size[2], target);
}

template <typename T>
void write_file(const std::string& path, const FileGeometry& geometry, const T* values) {
  register_factories();
  auto image = ItkImage<T>::New();
  typename ItkImage<T>::SizeType size;
  typename ItkImage<T>::SpacingType spacing;
  typename ItkImage<T>::PointType origin;
  typename ItkImage<T>::DirectionType direction;
  for (unsigned a = 0; a < 3; ++a) {
    size[a] = geometry.size[a];
    spacing[a] = geometry.spacing_mm[a];
    origin[a] = geometry.origin_mm[a];
    for (unsigned c = 0; c < 3; ++c) direction(a, c) = geometry.direction[3 * a + c];
  }
  image->SetRegions(typename ItkImage<T>::RegionType(size));
  image->SetSpacing(spacing);
  image->SetOrigin(origin);
  image->SetDirection(direction);
  image->Allocate();
  std::copy(values, values + size[0] * size[1] * size[2], image->GetBufferPointer());
  try {
    auto writer = itk::ImageFileWriter<ItkImage<T>>::New();
    writer->SetFileName(path);
    writer->SetInput(image);
    writer->SetUseCompression(true);  // gzip for .nii.gz, NRRD and MetaImage; plain .nii stays uncompressed
    writer->Update();
  } catch (const itk::ExceptionObject& e) {
    throw IoError("cannot write " + path + ": " + e.GetDescription());
  }
}

template void read_file<float>(const std::string&, const std::function<float*(const FileGeometry&)>&);
template void read_file<double>(const std::string&, const std::function<double*(const FileGeometry&)>&);
template void write_file<float>(const std::string&, const FileGeometry&, const float*);
template void write_file<std::int32_t>(const std::string&, const FileGeometry&, const std::int32_t*);

}  // namespace rptdose::io::detail
