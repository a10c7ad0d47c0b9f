// A folder of per-organ NIfTI masks, as TotalSegmentator writes them (one <class>.nii.gz per class of its task,
// the CT's grid, 1 inside and 0 outside; also written for classes outside the field of view, then all 0).
#include <algorithm>

#include "rptdose/core/error.hpp"
#include "rptdose/io/image_io.hpp"
#include "rptdose/io/voi_sources.hpp"
#include "voi_source_files.hpp"

namespace rptdose::io {

VoiSet read_mask_folder_vois(const std::filesystem::path& folder, std::span<const std::string> ignore) {
  const auto masks = detail::nifti_masks(folder);  // name, file; sorted by name
  if (masks.empty()) throw IoError("the folder " + folder.string() + " holds no .nii or .nii.gz mask");

  VoiSet set;
  set.kind = VoiSourceKind::MaskFolder;
  std::vector<std::string> empty;
  const std::filesystem::path* first_read = nullptr;  // the mask whose grid the others must share
  for (std::size_t m = 0; m < masks.size(); ++m) {
    const auto& [name, file] = masks[m];
    if (std::find(ignore.begin(), ignore.end(), name) != ignore.end()) {
      set.ignored.push_back(name);
      continue;
    }
    if (m > 0 && masks[m - 1].first == name)
      throw IoError("the masks " + masks[m - 1].second.string() + " and " + file.string() +
                    " have one name: keep one of them");
    const Volume<float> mask = read_image(file);
    if (first_read == nullptr) {
      set.grid = mask.grid();
      first_read = &file;
    }
    if (!mask.grid().same_geometry(set.grid))
      throw IoError("the mask " + file.string() + " (" + mask.grid().describe() + ") is not on the grid of " +
                    first_read->string() + " (" + set.grid.describe() + "): the masks of a folder share one grid");
    Voi voi{static_cast<std::int32_t>(m + 1), name, {}};
    for (std::size_t v = 0; v < mask.size(); ++v)
      if (mask[v] != 0) voi.voxels.push_back(v);
    if (voi.voxels.empty())
      empty.push_back(name);
    else
      set.vois.push_back(std::move(voi));
  }
  if (set.vois.empty())
    throw InvalidInput("every mask of the folder " + folder.string() + " is empty" +
                       (set.ignored.empty() ? "" : " or ignored (labels.ignore)"));
  if (!empty.empty()) {
    std::string list;
    for (const auto& name : empty) list += (list.empty() ? "" : ", ") + name;
    set.warnings.push_back(std::to_string(empty.size()) + " mask(s) of " + folder.string() +
                           " are empty and give no VOI: " + list);
  }
  return set;
}

}  // namespace rptdose::io
