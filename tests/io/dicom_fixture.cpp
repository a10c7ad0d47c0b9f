#include "dicom_fixture.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <vector>

#include <itkMetaDataObject.h>

#include <itkGDCMImageIO.h>
#include <itkImage.h>
#include <itkImageSeriesWriter.h>
#include <itkNumericSeriesFileNames.h>

namespace rptdose::io::testing {

void write_dicom_series(const std::string& folder, const std::array<unsigned, 3>& size,
                        const std::array<double, 3>& spacing_mm, const std::array<double, 3>& origin_mm,
                        const std::array<double, 9>& direction, const std::int16_t* values,
                        const std::vector<std::pair<std::string, std::string>>& extra_tags) {
  using Volume3 = itk::Image<std::int16_t, 3>;
  using Slice = itk::Image<std::int16_t, 2>;
  std::filesystem::create_directories(folder);
  auto image = Volume3::New();
  Volume3::SizeType s;
  Volume3::SpacingType sp;
  Volume3::PointType o;
  Volume3::DirectionType d;
  for (unsigned a = 0; a < 3; ++a) {
    s[a] = size[a];
    sp[a] = spacing_mm[a];
    o[a] = origin_mm[a];
    for (unsigned c = 0; c < 3; ++c) d(a, c) = direction[3 * a + c];
  }
  image->SetRegions(Volume3::RegionType(s));
  image->SetSpacing(sp);
  image->SetOrigin(o);
  image->SetDirection(d);
  image->Allocate();
  std::copy(values, values + size[0] * size[1] * size[2], image->GetBufferPointer());

  // Each slice's own header: the geometry tags a DICOM reader places the slice with (PS3.3 C.7.6.2), and the UIDs
  // that make the files one series.
  auto io = itk::GDCMImageIO::New();
  io->KeepOriginalUIDOn();
  const auto text = [](double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6f", v);
    return std::string(buffer);
  };
  const std::string root = "1.2.826.0.1.3680043.2.1125.7";  // test UIDs under an example root
  std::vector<itk::MetaDataDictionary> dictionaries(size[2]);
  std::vector<itk::MetaDataDictionary*> pointers;
  for (unsigned k = 0; k < size[2]; ++k) {
    auto& dict = dictionaries[k];
    const auto set = [&dict](const std::string& tag, const std::string& value) {
      itk::EncapsulateMetaData<std::string>(dict, tag, value);
    };
    set("0008|0016", "1.2.840.10008.5.1.4.1.1.2");  // CT Image Storage
    set("0008|0018", root + ".3." + std::to_string(k + 1));
    set("0008|0060", "CT");
    set("0020|000d", root + ".1");
    set("0020|000e", root + ".2");
    set("0020|0013", std::to_string(k + 1));
    std::string position;
    for (unsigned a = 0; a < 3; ++a)
      position += (a ? "\\" : "") + text(origin_mm[a] + direction[3 * a + 2] * spacing_mm[2] * k);
    set("0020|0032", position);
    set("0020|0037", text(direction[0]) + "\\" + text(direction[3]) + "\\" + text(direction[6]) + "\\" +
                         text(direction[1]) + "\\" + text(direction[4]) + "\\" + text(direction[7]));
    set("0028|0030", text(spacing_mm[1]) + "\\" + text(spacing_mm[0]));  // row spacing (y), column spacing (x)
    set("0018|0050", text(spacing_mm[2]));
    for (const auto& [tag, value] : extra_tags) set(tag, value);
    pointers.push_back(&dict);
  }
  auto names = itk::NumericSeriesFileNames::New();
  names->SetStartIndex(0);
  names->SetEndIndex(size[2] - 1);
  names->SetIncrementIndex(1);
  names->SetSeriesFormat(folder + "/IM%d.dcm");
  auto writer = itk::ImageSeriesWriter<Volume3, Slice>::New();
  writer->SetInput(image);
  writer->SetImageIO(io);
  writer->SetFileNames(names->GetFileNames());
  writer->SetMetaDataDictionaryArray(&pointers);
  writer->Update();
}

}  // namespace rptdose::io::testing
