// RT Structure Set → VOIs on a grid. DICOM PS3.3 C.8.8.5 (Structure Set module) and C.8.8.6 (ROI Contour module);
// the contours are rasterised by analysis::rasterise_planar_contours (nearest-plane slabs, even-odd rule).
#include <cstdio>
#include <map>

#include <dcmtk/dcmdata/dcdeftag.h>

#include "dcmtk_dataset.hpp"
#include "rptdose/analysis/planar_contours.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/io/voi_sources.hpp"

namespace rptdose::io {

namespace {

/// ROI Number, Referenced ROI Number and Number of Contour Points are IS: at most 2^31 - 1 (PS3.5 6.2).
constexpr std::int64_t kMaxIS = 2147483647;

struct Roi {
  std::int32_t number = 0;
  std::string name;
  std::string frame_of_reference_uid;
  std::vector<analysis::PlanarContour> contours;
  std::size_t ignored = 0;  // POINT / OPEN_PLANAR / OPEN_NONPLANAR contours
};

std::string percent(double fraction) {
  char text[16];
  std::snprintf(text, sizeof text, "%.1f %%", 100 * fraction);
  return text;
}

}  // namespace

VoiSet read_rtstruct_vois(const std::filesystem::path& path, const Grid& grid, unsigned threads,
                          std::span<const std::string> ignore) {
  const std::filesystem::path file = voi_source_file(path);
  const auto format = dcmtk::load_file(file, dcmtk::ReadExtent::Whole);
  DcmItem& ds = *format->getDataset();
  const std::string where = "the RTSTRUCT " + file.string();
  if (dcmtk::text(ds, DCM_Modality).value_or("") != "RTSTRUCT")
    throw IoError(where + " has Modality '" + dcmtk::text(ds, DCM_Modality).value_or("") + "', not RTSTRUCT");

  VoiSet set;
  set.kind = VoiSourceKind::RtStruct;
  set.grid = grid;
  // C.8.8.5: the frames of reference the structure set's ROIs are defined in.
  std::string structure_set_frame;
  if (DcmItem* ref = dcmtk::sequence_item(ds, DCM_ReferencedFrameOfReferenceSequence))
    structure_set_frame = dcmtk::text(*ref, DCM_FrameOfReferenceUID).value_or("");

  // StructureSetROISequence (3006,0020): ROI Number, ROI Name, Referenced Frame of Reference UID (all Type 1/2).
  std::vector<Roi> rois;
  std::map<std::int32_t, std::size_t> roi_of;
  const unsigned long roi_count = dcmtk::sequence_size(ds, DCM_StructureSetROISequence);
  if (roi_count == 0) throw InvalidInput(where + " has no ROI (an empty StructureSetROISequence (3006,0020))");
  for (unsigned long r = 0; r < roi_count; ++r) {
    DcmItem& item = *dcmtk::sequence_item(ds, DCM_StructureSetROISequence, r);
    const auto number = dcmtk::whole_number(item, DCM_ROINumber, 0, kMaxIS);
    if (!number || *number <= 0)
      throw IoError(where + ": ROI " + std::to_string(r + 1) +
                    " of the StructureSetROISequence has no positive integer ROI Number (3006,0022)");
    Roi roi;
    roi.number = static_cast<std::int32_t>(*number);
    roi.name = dcmtk::text(item, DCM_ROIName).value_or("roi_" + std::to_string(roi.number));
    roi.frame_of_reference_uid = dcmtk::text(item, DCM_ReferencedFrameOfReferenceUID).value_or(structure_set_frame);
    if (!roi_of.emplace(roi.number, rois.size()).second)
      throw IoError(where + ": ROI Number " + std::to_string(roi.number) + " is given to two ROIs");
    rois.push_back(std::move(roi));
  }

  // ROIContourSequence (3006,0039) > ContourSequence (3006,0040): ContourGeometricType, ContourData (x\y\z, mm).
  const unsigned long contour_rois = dcmtk::sequence_size(ds, DCM_ROIContourSequence);
  for (unsigned long r = 0; r < contour_rois; ++r) {
    DcmItem& item = *dcmtk::sequence_item(ds, DCM_ROIContourSequence, r);
    const auto referenced = dcmtk::whole_number(item, DCM_ReferencedROINumber, 0, kMaxIS);
    const auto found = referenced ? roi_of.find(static_cast<std::int32_t>(*referenced)) : roi_of.end();
    if (found == roi_of.end())
      throw IoError(where + ": item " + std::to_string(r + 1) +
                    " of the ROIContourSequence references no ROI of the StructureSetROISequence");
    Roi& roi = rois[found->second];
    const unsigned long contours = dcmtk::sequence_size(item, DCM_ContourSequence);
    for (unsigned long c = 0; c < contours; ++c) {
      DcmItem& contour = *dcmtk::sequence_item(item, DCM_ContourSequence, c);
      if (dcmtk::text(contour, DCM_ContourGeometricType).value_or("") != "CLOSED_PLANAR") {
        ++roi.ignored;
        continue;
      }
      const std::vector<double> xyz = dcmtk::numbers(contour, DCM_ContourData);
      const auto declared = dcmtk::whole_number(contour, DCM_NumberOfContourPoints, 0, kMaxIS);
      if (xyz.size() % 3 != 0 || (declared && static_cast<std::size_t>(*declared) * 3 != xyz.size()))
        throw IoError(where + ": contour " + std::to_string(c + 1) + " of ROI '" + roi.name + "' has " +
                      std::to_string(xyz.size()) + " ContourData values for " +
                      (declared ? std::to_string(static_cast<long>(*declared)) : std::string("?")) +
                      " points (NumberOfContourPoints (3006,0046)); a point is x\\y\\z");
      analysis::PlanarContour points;
      for (std::size_t i = 0; i + 2 < xyz.size(); i += 3) points.emplace_back(xyz[i], xyz[i + 1], xyz[i + 2]);
      roi.contours.push_back(std::move(points));
    }
  }
  for (const Roi& roi : rois) {
    if (std::find(ignore.begin(), ignore.end(), roi.name) != ignore.end()) {
      set.ignored.push_back(roi.name);
      continue;
    }
    const std::string name = "ROI " + std::to_string(roi.number) + " '" + roi.name + "'";
    if (roi.contours.empty() && roi.ignored > 0) {
      set.warnings.push_back(name + " of " + where + " has only POINT or OPEN contours (no volume): it gives no VOI");
      continue;
    }
    if (roi.contours.empty())
      throw InvalidInput(name + " of " + where +
                         " has no contour: an empty ROI gives no VOI; list it in labels.ignore, or delete it from the "
                         "structure set, or draw it");
    if (roi.ignored > 0)
      set.warnings.push_back(name + ": " + std::to_string(roi.ignored) + " POINT or OPEN contour(s) ignored");
    if (set.frame_of_reference_uid.empty()) set.frame_of_reference_uid = roi.frame_of_reference_uid;
    if (roi.frame_of_reference_uid != set.frame_of_reference_uid)
      throw InvalidInput(where + " defines its ROIs on two frames of reference (" + set.frame_of_reference_uid +
                         " and " + roi.frame_of_reference_uid + " of " + name +
                         "): export the structure set of one image series");
    analysis::ContourCoverage coverage;
    try {
      coverage = analysis::rasterise_planar_contours(roi.contours, grid, threads);
    } catch (const InvalidInput& e) {
      throw InvalidInput(name + " of " + where + ": " + e.what());
    }
    const double total = coverage.volume_in_grid_mm3 + coverage.volume_outside_grid_mm3;
    if (coverage.volume_in_grid_mm3 == 0)
      throw InvalidInput(name + " of " + where + " lies entirely outside the image (" + grid.describe() +
                         "): is the RTSTRUCT drawn on this patient's images?");
    if (coverage.volume_outside_grid_mm3 > 1e-3 * total)
      set.warnings.push_back(name + ": " + percent(coverage.volume_outside_grid_mm3 / total) +
                             " of its contoured volume lies outside the image and is left out");
    Voi voi{roi.number, roi.name, coverage.inside_voxels(grid)};
    if (voi.voxels.empty())
      throw InvalidInput(name + " of " + where + " covers no voxel of the image by half (its contoured volume is " +
                         std::to_string(total / 1000) + " mL): it is too small for " + grid.describe());
    set.vois.push_back(std::move(voi));
  }
  if (set.vois.empty()) throw InvalidInput(where + " has no ROI with a closed contour");
  return set;
}

}  // namespace rptdose::io
