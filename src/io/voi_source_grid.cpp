// The grid of a VOI source from its headers (rptdose/io/voi_sources.hpp), for memory estimates: image headers
// through ITK (image_io.hpp), the SEG's functional groups (seg_reader.hpp).

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
    case VoiSourceKind::MaskFolder:  // the first mask's, the grid read_mask_folder_vois requires of the others
      return read_image_grid(detail::nifti_masks(path).front().second);
  }
  return std::nullopt;
}

}  // namespace rptdose::io
