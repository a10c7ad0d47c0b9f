#include "dicom_image.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <dcmtk/dcmdata/dcdeftag.h>

#include "dcmtk_dataset.hpp"
#include "dicom_pixels.hpp"
#include "dicom_slices.hpp"
#include "dicom_value_mapping.hpp"
#include "rptdose/core/error.hpp"

namespace rptdose::io::detail {

namespace {

std::string describe(const DicomSeries& series) {
  std::string text = (series.modality.empty() ? "no modality" : series.modality) + " series";
  if (!series.series_description.empty()) text += " '" + series.series_description + "'";
  return text + " " + series.series_uid + " (" + std::to_string(series.files.size()) + " file" +
         (series.files.size() == 1 ? "" : "s") + ")";
}

/// The one image series of `path`. Objects that are not images (an RTSTRUCT or SEG exported into the CT's folder)
/// are left aside; a path holding only such an object is refused naming it, and several image series are refused.
DicomSeries the_image_series(const std::filesystem::path& path) {
  std::vector<DicomSeries> all = scan_dicom(path);
  if (all.empty()) throw IoError("cannot read " + path.string() + ": it holds no DICOM series");
  std::vector<DicomSeries> images;
  for (auto& series : all)
    if (non_image_description(series).empty()) images.push_back(std::move(series));
  if (images.empty())
    throw IoError("cannot read " + path.string() + " as an image: it is " +
                  std::string(non_image_description(all.front())));
  if (images.size() > 1) {
    std::string list;
    for (const auto& series : images) list += (list.empty() ? "" : "; ") + describe(series);
    throw IoError("cannot read " + path.string() + " as one image: it holds " + std::to_string(images.size()) +
                  " DICOM image series (" + list + "): give the folder or file of one series");
  }
  return std::move(images.front());
}

/// Image Type (0008,0008) value 3 of an NM image (PS3.3 C.8.4.8.1.1 ... C.8.4.9.1.1): only reconstructions are
/// volumes; STATIC, DYNAMIC, GATED, WHOLE BODY and TOMO (projections) are not.
void require_nm_reconstruction(DcmItem& data, const std::string& file) {
  const std::string type = dcmtk::text(data, DCM_ImageType).value_or("");
  std::vector<std::string> values;
  std::size_t start = 0;
  for (std::size_t at = 0; at <= type.size(); ++at)
    if (at == type.size() || type[at] == '\\') {
      values.push_back(type.substr(start, at - start));
      start = at + 1;
    }
  if (values.size() < 3) return;  // not stated: taken as the volume its geometry says it is
  const std::string& kind = values[2];
  if (kind != "RECON TOMO" && kind != "RECON GATED TOMO")
    throw IoError(file + " is an NM " + kind +
                  " image (Image Type (0008,0008) value 3), not a reconstructed volume (RECON TOMO): give the "
                  "reconstructed SPECT series");
}

std::optional<Vector3> vector_of(DcmItem& item, const DcmTagKey& tag, std::size_t at) {
  const auto values = dcmtk::numbers(item, tag);
  if (values.size() < at + 3) return std::nullopt;
  return Vector3(values[at], values[at + 1], values[at + 2]);
}

/// The plane of a data set: ImagePositionPatient and ImageOrientationPatient from `geometry` (the data set, or an
/// NM DetectorInformationSequence item), PixelSpacing and the matrix from `data`.
ImagePlane plane_of(DcmItem& data, DcmItem& geometry, const std::string& file) {
  ImagePlane plane;
  plane.source = file;
  const auto position = vector_of(geometry, DCM_ImagePositionPatient, 0);
  const auto row = vector_of(geometry, DCM_ImageOrientationPatient, 0);
  const auto column = vector_of(geometry, DCM_ImageOrientationPatient, 3);
  if (!position || !row || !column)
    throw IoError(file + " has no ImagePositionPatient (0020,0032) and ImageOrientationPatient (0020,0037) " +
                  "(at the top level, or in the DetectorInformationSequence (0054,0022) of an NM image): rptdose " +
                  "cannot place it in the patient; export the series with its patient geometry");
  plane.position_mm = *position;
  plane.row = *row;
  plane.column = *column;
  const auto spacing = dcmtk::numbers(data, DCM_PixelSpacing);
  if (spacing.size() < 2) throw IoError(file + " has no PixelSpacing (0028,0030): the voxel size is unknown");
  plane.row_spacing_mm = spacing[0];
  plane.column_spacing_mm = spacing[1];
  const auto layout = dcmtk::pixel_layout(data, file);
  plane.rows = layout.rows;
  plane.columns = layout.columns;
  return plane;
}

/// The step between the frames of a multi-frame image (PS3.3 C.8.4.15 NM Reconstruction Module: Spacing Between
/// Slices, "the distance between the centres of adjacent slices"; Slice Thickness, "nominal slice thickness", equals
/// it for the contiguous slices of a SPECT reconstruction). Neither: refused, never 1 mm.
double frame_step_mm(DcmItem& data, const std::string& file) {
  const auto spacing = dcmtk::number(data, DCM_SpacingBetweenSlices);
  const auto thickness = dcmtk::number(data, DCM_SliceThickness);
  const auto step = spacing ? spacing : thickness;
  if (!step)
    throw IoError(file +
                  " is a multi-frame image with neither SpacingBetweenSlices (0018,0088) nor "
                  "SliceThickness (0018,0050): the distance between its slices is unknown; export the "
                  "reconstruction with its slice spacing");
  if (!(*step > 0))
    throw IoError(file + ": " + (spacing ? "SpacingBetweenSlices (0018,0088)" : "SliceThickness (0018,0050)") + " is " +
                  std::to_string(*step) + ", not a positive distance between slices");
  return *step;
}

/// Where an image's ImagePositionPatient/ImageOrientationPatient are: an NM image's DetectorInformationSequence
/// (0054,0022) item (PS3.3 C.8.4.11 NM Detector Module, where the NM IOD puts them), else the data set (C.7.6.2).
DcmItem& geometry_source(DcmItem& data) {
  DcmItem* detector = dcmtk::sequence_item(data, DCM_DetectorInformationSequence);
  if (detector != nullptr && dcmtk::text(*detector, DCM_ImagePositionPatient) &&
      dcmtk::text(*detector, DCM_ImageOrientationPatient))
    return *detector;
  return data;
}

struct MultiFrame {
  ImagePlane plane;
  std::size_t frames = 0;
  double step_mm = 0;
  std::vector<std::size_t> slice_of_frame;  ///< z index of each frame
};

MultiFrame multi_frame_of(DcmItem& data, const std::string& file, std::size_t frames, const std::string& modality) {
  if (dcmtk::sequence_size(data, DCM_PerFrameFunctionalGroupsSequence) > 0)
    throw IoError(file +
                  " is an enhanced multi-frame object (PerFrameFunctionalGroupsSequence): rptdose reads "
                  "NM multi-frame images and single-frame series; export it as one file per slice");
  if (modality == "NM") require_nm_reconstruction(data, file);
  MultiFrame result;
  result.plane = plane_of(data, geometry_source(data), file);
  result.frames = frames;
  result.step_mm = frame_step_mm(data, file);
  result.slice_of_frame.resize(frames);
  // Slice Vector (0054,0080), C.8.4.8: the slice number (from 1) of each frame of a RECON TOMO image.
  const auto slices = dcmtk::numbers(data, DCM_SliceVector);
  std::vector<bool> seen(frames, false);
  for (std::size_t f = 0; f < frames; ++f) {
    std::size_t z = f;
    if (slices.size() == frames) {
      if (!(slices[f] >= 1 && slices[f] <= double(frames)) || seen[std::size_t(slices[f]) - 1])
        throw IoError(file + ": SliceVector (0054,0080) is not a numbering of its " + std::to_string(frames) +
                      " frames from 1");
      z = std::size_t(slices[f]) - 1;
    }
    seen[z] = true;
    result.slice_of_frame[f] = z;
  }
  return result;
}

}  // namespace

DicomImageLayout read_dicom_layout(const std::filesystem::path& path) {
  DicomImageLayout layout;
  layout.series = the_image_series(path);
  const auto& files = layout.series.files;
  std::vector<ImagePlane> planes;
  double single_step_mm = 0;
  for (const auto& file : files) {
    const auto format = dcmtk::load_file(file, dcmtk::ReadExtent::HeaderOnly);
    DcmDataset& data = *format->getDataset();
    const auto pixels = dcmtk::pixel_layout(data, file.string());
    if (pixels.frames > 1 || files.size() == 1) {
      if (files.size() > 1)
        throw IoError("the DICOM series in " + path.string() + " has " + std::to_string(files.size()) +
                      " files of which " + file.string() + " holds " + std::to_string(pixels.frames) +
                      " frames: give the one multi-frame file");
      if (pixels.frames > 1 || layout.series.modality == "NM") {
        const MultiFrame frames = multi_frame_of(data, file.string(), pixels.frames, layout.series.modality);
        layout.grid = frame_stack_grid(frames.plane, frames.frames, frames.step_mm);
        layout.multi_frame = true;
        layout.files = files;
        return layout;
      }
      const auto thickness = dcmtk::number(data, DCM_SliceThickness);
      single_step_mm = dcmtk::number(data, DCM_SpacingBetweenSlices).value_or(thickness.value_or(0));
    }
    planes.push_back(plane_of(data, geometry_source(data), file.string()));
  }
  const PlaneStack stack = stack_planes(planes, single_step_mm);
  for (const std::size_t i : stack.order) layout.files.push_back(files[i]);
  layout.grid = stack.grid;
  return layout;
}

template <typename T>
Volume<T> read_dicom_volume(const std::filesystem::path& path) {
  const DicomImageLayout layout = read_dicom_layout(path);
  Volume<T> volume(layout.grid);
  const std::size_t per_slice = layout.grid.size()[0] * layout.grid.size()[1];
  const auto put = [&](const std::vector<double>& stored, std::size_t from, const dcmtk::ValueMapping& mapping,
                       std::size_t z) {
    T* target = volume.data() + z * per_slice;
    for (std::size_t v = 0; v < per_slice; ++v)
      target[v] = static_cast<T>(mapping.slope * stored[from + v] + mapping.intercept);
  };
  for (std::size_t k = 0; k < layout.files.size(); ++k) {
    const std::string file = layout.files[k].string();
    const auto format = dcmtk::load_file(layout.files[k], dcmtk::ReadExtent::Whole);
    DcmDataset& data = *format->getDataset();
    const auto pixels = dcmtk::pixel_layout(data, file);
    const auto mapping = dcmtk::value_mapping_of(data, file);
    const std::vector<double> stored = dcmtk::stored_values(data, pixels, file);
    if (layout.multi_frame) {
      const MultiFrame frames = multi_frame_of(data, file, pixels.frames, layout.series.modality);
      for (std::size_t f = 0; f < pixels.frames; ++f) put(stored, f * per_slice, mapping, frames.slice_of_frame[f]);
    } else {
      put(stored, 0, mapping, k);
    }
  }
  return volume;
}

template Volume<float> read_dicom_volume<float>(const std::filesystem::path&);
template Volume<double> read_dicom_volume<double>(const std::filesystem::path&);

}  // namespace rptdose::io::detail
