// Which VOI source a path is, and composing VOIs into one label map; no ITK (read_voi_source_grid, which reads
// image headers, is in voi_source_grid.cpp), so that the RTSTRUCT and SEG readers build without it (fuzz/).
#include "rptdose/io/voi_sources.hpp"

#include <algorithm>
#include <numeric>
#include <system_error>

#include "rptdose/core/enum_names.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/io/dicom_folder.hpp"
#include "voi_source_files.hpp"

namespace rptdose::io {

namespace {

/// The DICOM objects of a path that are RTSTRUCT or SEG, and how many other series it holds.
struct DicomContent {
  std::vector<DicomSeries> voi_series;
  std::size_t other_series = 0;
};

DicomContent dicom_content(const std::filesystem::path& path) {
  DicomContent content;
  for (auto& series : scan_dicom(path)) {
    if (series.modality == "RTSTRUCT" || series.modality == "SEG")
      content.voi_series.push_back(std::move(series));
    else
      ++content.other_series;
  }
  return content;
}

}  // namespace

namespace detail {

std::vector<std::pair<std::string, std::filesystem::path>> nifti_masks(const std::filesystem::path& folder) {
  std::vector<std::pair<std::string, std::filesystem::path>> masks;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
    if (!entry.is_regular_file(error)) continue;
    const std::string file = entry.path().filename().string();
    for (const std::string_view extension : {".nii.gz", ".nii"})
      if (file.size() > extension.size() && file.ends_with(extension)) {
        masks.emplace_back(file.substr(0, file.size() - extension.size()), entry.path());
        break;
      }
  }
  std::sort(masks.begin(), masks.end());
  return masks;
}

}  // namespace detail

std::string_view voi_source_kind_name(VoiSourceKind kind) {
  static constexpr EnumNames<VoiSourceKind, 4> kNames{{{VoiSourceKind::LabelMap, "label map"},
                                                        {VoiSourceKind::RtStruct, "RTSTRUCT"},
                                                        {VoiSourceKind::Segmentation, "SEG"},
                                                        {VoiSourceKind::MaskFolder, "NIfTI mask folder"}}};
  return enum_name(kNames, kind);
}

VoiSourceKind voi_source_kind(const std::filesystem::path& path) {
  std::error_code error;
  const bool folder = std::filesystem::is_directory(path, error);
  if (!folder && !std::filesystem::exists(path, error)) throw IoError("no such file or folder: " + path.string());
  if (!folder && !is_dicom_file(path)) return VoiSourceKind::LabelMap;  // an image file, by its extension
  const DicomContent content = dicom_content(path);
  if (content.voi_series.empty()) {
    if (folder && content.other_series == 0 && !detail::nifti_masks(path).empty()) return VoiSourceKind::MaskFolder;
    return VoiSourceKind::LabelMap;  // a DICOM image series (read_labels says what is wrong with it, if anything)
  }
  std::size_t files = 0;
  for (const auto& s : content.voi_series) files += s.files.size();
  if (files > 1 || content.other_series > 0)
    throw IoError(path.string() + " holds " + std::to_string(files) + " RTSTRUCT/SEG file(s) and " +
                  std::to_string(content.other_series) +
                  " other DICOM series: give the one RTSTRUCT or SEG file itself as labels.image");
  return content.voi_series[0].modality == "RTSTRUCT" ? VoiSourceKind::RtStruct : VoiSourceKind::Segmentation;
}

std::filesystem::path voi_source_file(const std::filesystem::path& path) {
  const DicomContent content = dicom_content(path);
  if (content.voi_series.size() != 1 || content.voi_series[0].files.size() != 1 || content.other_series > 0)
    throw IoError(path.string() + " does not hold exactly one RTSTRUCT or SEG file");
  return content.voi_series[0].files[0];
}

ComposedLabels compose_label_map(const VoiSet& set, std::span<const std::string> priority) {
  // The painting order: the priority list, then the rest from the smallest (stable: source order on ties).
  std::vector<std::size_t> order;
  std::vector<bool> placed(set.vois.size(), false);
  for (const std::string& name : priority) {
    const auto it = std::find_if(set.vois.begin(), set.vois.end(), [&](const Voi& v) { return v.name == name; });
    if (it == set.vois.end()) {
      std::string list;
      for (const Voi& v : set.vois) list += (list.empty() ? "" : ", ") + v.name;
      throw InvalidInput("labels.priority names '" + name + "', which is no VOI of the " +
                         std::string(voi_source_kind_name(set.kind)) + " (its VOIs: " + list + ")");
    }
    const auto index = static_cast<std::size_t>(it - set.vois.begin());
    if (!placed[index]) order.push_back(index), placed[index] = true;
  }
  std::vector<std::size_t> rest;
  for (std::size_t i = 0; i < set.vois.size(); ++i)
    if (!placed[i]) rest.push_back(i);
  std::stable_sort(rest.begin(), rest.end(),
                   [&](std::size_t a, std::size_t b) { return set.vois[a].voxels.size() < set.vois[b].voxels.size(); });
  order.insert(order.end(), rest.begin(), rest.end());

  ComposedLabels out{Volume<std::int32_t>(set.grid, 0), {}, {}};
  std::map<std::int32_t, std::size_t> index_of;  // label → VOI index
  for (std::size_t i = 0; i < set.vois.size(); ++i) index_of[set.vois[i].number] = i;
  for (const std::size_t i : order) {
    const Voi& voi = set.vois[i];
    std::map<std::int32_t, std::size_t> overlaps;  // earlier VOI's label → voxels it kept
    std::size_t kept = 0;
    for (const std::size_t v : voi.voxels) {
      std::int32_t& label = out.labels[v];
      if (label == 0) {
        label = voi.number;
        ++kept;
      } else {
        ++overlaps[label];
      }
    }
    for (const auto& [label, count] : overlaps)
      out.warnings.push_back("VOIs '" + set.vois[index_of.at(label)].name + "' and '" + voi.name + "' overlap in " +
                             std::to_string(count) + " voxels, given to '" + set.vois[index_of.at(label)].name +
                             "' (labels.priority first, then the smaller VOI)");
    if (kept == 0)
      throw InvalidInput("VOI '" + voi.name + "' keeps no voxel: all its " + std::to_string(voi.voxels.size()) +
                         " voxels lie in VOIs placed before it; list it earlier in labels.priority");
    out.names[voi.number] = voi.name;
  }
  return out;
}

}  // namespace rptdose::io
