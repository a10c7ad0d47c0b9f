// The grid of a VOI source from its headers (rptdose/io/voi_sources.hpp), for memory estimates: image headers
// through ITK (image_io.hpp), the SEG's functional groups (seg_reader.hpp).
#include <algorithm>

#include "rptdose/io/image_io.hpp"
#include "rptdose/io/voi_sources.hpp"
#include "seg_reader.hpp"
#include "voi_source_files.hpp"

namespace rptdose::io {

std::optional<Grid> read_voi_source_grid(const std::filesystem::path& path) {
  switch (voi_source_kind(path)) {
    case VoiSourceKind::LabelMap:
      return read_image_grid(path);
    case VoiSourceKind::RtStruct:
      return std::nullopt;
    case VoiSourceKind::Segmentation:
      return detail::read_segmentation_grid(voi_source_file(path));
    case VoiSourceKind::MaskFolder: {
      std::vector<std::filesystem::path> masks;
      for (const auto& entry : std::filesystem::directory_iterator(path))
        if (entry.is_regular_file() && detail::is_nifti_name(entry.path())) masks.push_back(entry.path());
      return read_image_grid(*std::min_element(masks.begin(), masks.end()));
    }
  }
  return std::nullopt;
}

}  // namespace rptdose::io
