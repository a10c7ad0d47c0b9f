#include "study_labels.hpp"

#include <algorithm>
#include <set>
#include <system_error>

#include "rptdose/core/error.hpp"
#include "rptdose/io/dicom_folder.hpp"
#include "rptdose/io/image_io.hpp"
#include "rptdose/io/voi_sources.hpp"
#include "rptdose/registration/resample.hpp"

namespace rptdose::pipeline::detail {

namespace {

/// The label map as today: integer values, names from labels.preset / labels.names (by value, or renaming a name).
StudyLabels label_map_labels(const Study& study, const Grid& dose_grid) {
  StudyLabels out;
  if (!study.label_priority.empty())
    throw InvalidInput("labels.priority orders overlapping VOIs of an RTSTRUCT, SEG or mask folder; the label map " +
                       study.labels->string() + " has one label per voxel already: remove labels.priority");
  if (!study.label_ignore.empty())
    throw InvalidInput("labels.ignore leaves out ROIs, segments or masks of an RTSTRUCT, SEG or mask folder; for the "
                       "label map " + study.labels->string() + " set those voxels to 0 instead: remove labels.ignore");
  try {
    out.labels = io::read_labels(*study.labels);
  } catch (const Error& e) {
    throw IoError("the label map (" + study.labels->string() + "): " + e.what());
  }
  if (!out.labels.grid().same_geometry(dose_grid)) {
    out.warnings.push_back("the label map (" + out.labels.grid().describe() +
                           ") was resampled onto the dose grid by nearest neighbour");
    out.labels = registration::resample_labels(out.labels, dose_grid);
  }
  for (const auto v : out.labels.values()) {
    if (v < 0) throw InvalidInput("the label map has negative labels: labels are 0 (background) or positive integers");
    if (v > 0 && !out.names.count(v)) {
      const auto named = study.label_names.find(v);
      out.names[v] = named != study.label_names.end() ? named->second : "label_" + std::to_string(v);
    }
  }
  if (out.names.empty()) throw InvalidInput("the label map has no labelled voxel on the dose grid");
  for (const auto& [from, to] : study.label_renames) {  // by name: a preset's names (or label_<n>)
    const auto it = std::find_if(out.names.begin(), out.names.end(), [&](const auto& n) { return n.second == from; });
    if (it == out.names.end())
      throw InvalidInput("labels.names renames '" + from + "', which is no VOI name of the label map " +
                         study.labels->string() + " (rename by label value there: {\"5\": \"" + to + "\"})");
    it->second = to;
  }
  for (const auto& [label, name] : study.label_names)
    if (!out.names.count(label))
      out.warnings.push_back("label " + std::to_string(label) + " (" + name + ") is named but has no voxel");
  return out;
}

/// The frames of reference of the reference time point's image and of the CT, when they are DICOM.
std::set<std::string> image_frames_of_reference(const Study& study) {
  std::vector<std::filesystem::path> images{study.time_points.at(study.registration.reference_time_point).image};
  if (study.ct) images.push_back(study.ct->image);
  if (const auto& ct = study.time_points.at(study.registration.reference_time_point).ct) images.push_back(*ct);
  std::set<std::string> frames;
  for (const auto& path : images) {
    std::error_code error;
    if (!std::filesystem::is_directory(path, error) && !io::is_dicom_file(path)) continue;
    for (const auto& series : io::scan_dicom(path))
      if (!series.frame_of_reference_uid.empty()) frames.insert(series.frame_of_reference_uid);
  }
  return frames;
}

/// labels.names on a named source: a key of digits renames by label value, another key by the source's name.
void rename_vois(const Study& study, io::VoiSet& set, const std::string& what) {
  for (const auto& [from, to] : study.label_renames) {
    const auto it = std::find_if(set.vois.begin(), set.vois.end(), [&](const io::Voi& v) { return v.name == from; });
    if (it == set.vois.end()) {
      std::string list;
      for (const auto& v : set.vois) list += (list.empty() ? "" : ", ") + v.name;
      throw InvalidInput("labels.names renames '" + from + "', which is no VOI of " + what + " (its VOIs: " + list +
                         ")");
    }
  }
  for (auto& voi : set.vois) {
    if (const auto by_number = study.label_names.find(voi.number); by_number != study.label_names.end())
      voi.name = by_number->second;
    else if (const auto by_name = study.label_renames.find(voi.name); by_name != study.label_renames.end())
      voi.name = by_name->second;
  }
  for (const auto& [label, name] : study.label_names)
    if (std::none_of(set.vois.begin(), set.vois.end(), [&](const io::Voi& v) { return v.number == label; }))
      throw InvalidInput("labels.names names label " + std::to_string(label) + ", which is no VOI number of " + what);
  std::map<std::string, std::int32_t> number_of;
  for (const auto& voi : set.vois)
    if (const auto [at, inserted] = number_of.emplace(voi.name, voi.number); !inserted)
      throw InvalidInput("VOIs " + std::to_string(at->second) + " and " + std::to_string(voi.number) + " of " + what +
                         " are both named '" + voi.name +
                         "': VOI names must be unique, rename one in labels.names by its number");
}

}  // namespace

StudyLabels load_study_labels(const Study& study, const Grid& dose_grid, unsigned threads) {
  const std::filesystem::path& path = *study.labels;
  const io::VoiSourceKind kind = io::voi_source_kind(path);
  if (kind == io::VoiSourceKind::LabelMap) return label_map_labels(study, dose_grid);

  const std::string what = "the " + std::string(io::voi_source_kind_name(kind)) + " " + path.string();
  if (!study.label_preset.empty())
    throw InvalidInput("labels.preset names the values of a label map; " + what +
                       " names its VOIs itself: remove labels.preset");
  io::VoiSet set;
  switch (kind) {
    case io::VoiSourceKind::RtStruct:  // rasterised directly onto the dose grid
      set = io::read_rtstruct_vois(path, dose_grid, threads, study.label_ignore);
      break;
    case io::VoiSourceKind::Segmentation:
      set = io::read_segmentation_vois(path, study.label_ignore);
      break;
    default:
      set = io::read_mask_folder_vois(path, study.label_ignore);
      break;
  }
  for (const auto& name : study.label_ignore)
    if (std::find(set.ignored.begin(), set.ignored.end(), name) == set.ignored.end())
      throw InvalidInput("labels.ignore names '" + name + "', which is no ROI, segment or mask of " + what +
                         ": check its spelling (names are compared exactly)");
  StudyLabels out;
  out.warnings = set.warnings;
  if (!set.frame_of_reference_uid.empty()) {
    const auto frames = image_frames_of_reference(study);
    if (frames.empty()) {
      out.warnings.push_back("the images are not DICOM, so the Frame of Reference of " + what + " (" +
                             set.frame_of_reference_uid +
                             ") cannot be compared with theirs: its VOIs are placed by patient coordinates alone");
    } else if (!frames.count(set.frame_of_reference_uid)) {
      std::string list;
      for (const auto& f : frames) list += (list.empty() ? "" : ", ") + f;
      throw InvalidInput(what + " is on the Frame of Reference " + set.frame_of_reference_uid +
                         ", not on that of the reference time point's image or the CT (" + list +
                         "): it was drawn on other images; export the VOIs drawn on this study's CT");
    }
  }
  rename_vois(study, set, what);
  io::ComposedLabels composed = io::compose_label_map(set, study.label_priority);
  out.warnings.insert(out.warnings.end(), composed.warnings.begin(), composed.warnings.end());
  out.labels = std::move(composed.labels);
  out.names = std::move(composed.names);
  if (!out.labels.grid().same_geometry(dose_grid)) {
    out.warnings.push_back("the label map of " + what + " (" + out.labels.grid().describe() +
                           ") was resampled onto the dose grid by nearest neighbour");
    out.labels = registration::resample_labels(out.labels, dose_grid);
    std::set<std::int32_t> present(out.labels.values().begin(), out.labels.values().end());
    for (const auto& [label, name] : out.names)
      if (!present.count(label))
        throw InvalidInput("VOI '" + name + "' of " + what +
                           " has no voxel on the dose grid (it lies outside the image, or is smaller than a voxel)");
  }
  return out;
}

}  // namespace rptdose::pipeline::detail
