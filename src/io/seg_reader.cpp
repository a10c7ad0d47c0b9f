// DICOM Segmentation → VOIs on the SEG's grid. DICOM PS3.3 C.8.20 (Segmentation IOD: Segmentation Image module
// C.8.20.2 with SegmentSequence, SegmentationType, SegmentationFractionalType, MaximumFractionalValue) and the
// multi-frame functional groups C.7.6.16 (Pixel Measures C.7.6.16.2.1, Plane Position C.7.6.16.2.3, Plane
// Orientation C.7.6.16.2.4, Segment Identification C.8.20.3.1). Pixel data layout: PS3.5 §8.1.1 (1-bit pixels
// packed from the least significant bit, frames following each other without padding).
#include "seg_reader.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <Eigen/Geometry>

#include "dcmtk_dataset.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/io/voi_sources.hpp"

namespace rptdose::io {

namespace {

/// A SEG's frames may span at most this many slices of its step: as many planes as a plane has rows at most
/// (16-bit Rows, PS3.3 C.7.6.3), beyond any body at any step; more is a wrong SpacingBetweenSlices (a step of 1e-300
/// mm put frames 10^300 slices apart, found by fuzzing, docs/fuzzing.md).
constexpr double kMostSlices = 65535;
/// Frame positions closer than this (mm) along the normal are one slice; positions must lie on the slice step
/// within it, and the frames' in-plane offsets agree within it (DS values of a writer agree far better).
constexpr double kPositionTolerance_mm = 0.05;
/// RLE Lossless (PS3.5 G.3.1): a Replicate Run of two bytes stands for at most 128, so decoded pixel data is at most
/// 64 times what is encoded (the segment headers only lower that).
constexpr std::uintmax_t kRleMaxExpansion = 64;
/// The largest values of the DICOM integer representations (PS3.5 6.2): US, and IS (also SegmentNumber's US).
constexpr std::int64_t kMaxUS = 65535, kMaxIS = 2147483647;

/// A functional-group macro of frame `f`: the per-frame item's, else the shared one's (C.7.6.16: either may hold it).
DcmItem* functional_group(DcmItem& ds, unsigned long frame, const DcmTagKey& macro) {
  if (DcmItem* per_frame = dcmtk::sequence_item(ds, DCM_PerFrameFunctionalGroupsSequence, frame))
    if (DcmItem* item = dcmtk::sequence_item(*per_frame, macro)) return item;
  if (DcmItem* shared = dcmtk::sequence_item(ds, DCM_SharedFunctionalGroupsSequence))
    return dcmtk::sequence_item(*shared, macro);
  return nullptr;
}

struct SegGeometry {
  Grid grid;
  std::vector<std::size_t> frame_slice;  // per frame, its slice index on the grid
  std::size_t rows = 0, columns = 0, frames = 0;
};

SegGeometry seg_geometry(DcmItem& ds, const std::string& where) {
  SegGeometry g;
  // Rows and Columns are US (PS3.3 C.7.6.3), NumberOfFrames IS (C.7.6.6; PS3.5 6.2: at most 2^31 - 1).
  const auto rows = dcmtk::whole_number(ds, DCM_Rows, 0, kMaxUS);
  const auto columns = dcmtk::whole_number(ds, DCM_Columns, 0, kMaxUS);
  const auto frames = dcmtk::whole_number(ds, DCM_NumberOfFrames, 0, kMaxIS);
  if (!rows || !columns || !frames || *rows < 1 || *columns < 1 || *frames < 1)
    throw IoError(where + " has no Rows, Columns or NumberOfFrames: it holds no frames");
  g.rows = static_cast<std::size_t>(*rows), g.columns = static_cast<std::size_t>(*columns);
  g.frames = static_cast<std::size_t>(*frames);
  if (dcmtk::sequence_size(ds, DCM_PerFrameFunctionalGroupsSequence) != g.frames)
    throw IoError(where + " has " + std::to_string(g.frames) + " frames but " +
                  std::to_string(dcmtk::sequence_size(ds, DCM_PerFrameFunctionalGroupsSequence)) +
                  " items in its PerFrameFunctionalGroupsSequence (5200,9230): its geometry does not fit");

  std::optional<std::vector<double>> orientation, spacing;
  std::optional<double> step_given, thickness;
  std::vector<Vector3> positions;
  for (std::size_t f = 0; f < g.frames; ++f) {
    DcmItem* plane = functional_group(ds, f, DCM_PlaneOrientationSequence);
    DcmItem* measures = functional_group(ds, f, DCM_PixelMeasuresSequence);
    DcmItem* position = functional_group(ds, f, DCM_PlanePositionSequence);
    const auto iop = plane ? dcmtk::numbers(*plane, DCM_ImageOrientationPatient) : std::vector<double>{};
    const auto ps = measures ? dcmtk::numbers(*measures, DCM_PixelSpacing) : std::vector<double>{};
    const auto ipp = position ? dcmtk::numbers(*position, DCM_ImagePositionPatient) : std::vector<double>{};
    if (iop.size() != 6 || ps.size() != 2 || ipp.size() != 3)
      throw IoError(where + ": frame " + std::to_string(f + 1) +
                    " lacks ImageOrientationPatient, PixelSpacing or ImagePositionPatient in its functional groups "
                    "(PlaneOrientation, PixelMeasures, PlanePosition): its geometry is unknown");
    const auto differs = [](const std::vector<double>& a, const std::vector<double>& b) {
      for (std::size_t i = 0; i < a.size(); ++i)
        if (std::abs(a[i] - b[i]) > 1e-4) return true;
      return false;
    };
    if (!orientation) orientation = iop, spacing = ps;
    if (differs(iop, *orientation) || differs(ps, *spacing))
      throw IoError(where + ": frame " + std::to_string(f + 1) +
                    " has another orientation or pixel spacing than frame 1: the frames do not fit one grid");
    if (measures && !step_given) step_given = dcmtk::number(*measures, DCM_SpacingBetweenSlices);
    if (measures && !thickness) thickness = dcmtk::number(*measures, DCM_SliceThickness);
    positions.emplace_back(ipp[0], ipp[1], ipp[2]);
  }
  const Vector3 row(orientation->at(0), orientation->at(1), orientation->at(2));
  const Vector3 column(orientation->at(3), orientation->at(4), orientation->at(5));
  const Vector3 normal = row.cross(column);
  if (std::abs(row.norm() - 1) > 1e-3 || std::abs(column.norm() - 1) > 1e-3 || std::abs(row.dot(column)) > 1e-3)
    throw IoError(where + ": ImageOrientationPatient is not two orthogonal unit vectors");

  // Slices: the frames' positions along the normal, on one line and on a regular step.
  std::vector<double> w;
  for (const Vector3& p : positions) w.push_back(normal.dot(p));
  const auto lowest = static_cast<std::size_t>(std::min_element(w.begin(), w.end()) - w.begin());
  const Vector3 origin = positions[lowest];
  for (std::size_t f = 0; f < g.frames; ++f) {
    const Vector3 d = positions[f] - origin;
    if ((d - normal.dot(d) * normal).norm() > kPositionTolerance_mm)
      throw IoError(where + ": frame " + std::to_string(f + 1) +
                    " is shifted within its plane against the others: the frames do not fit one grid");
  }
  std::vector<double> distinct = w;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(
      std::unique(distinct.begin(), distinct.end(), [](double a, double b) { return b - a <= kPositionTolerance_mm; }),
      distinct.end());
  double step = 0;
  if (step_given && *step_given > 0) {
    step = *step_given;
  } else if (distinct.size() > 1) {
    step = distinct[1] - distinct[0];
    for (std::size_t i = 2; i < distinct.size(); ++i) step = std::min(step, distinct[i] - distinct[i - 1]);
  } else if (thickness && *thickness > 0) {
    step = *thickness;
  } else {
    throw IoError(where +
                  " has one plane and neither SpacingBetweenSlices nor SliceThickness: its slice step is "
                  "unknown");
  }
  g.frame_slice.resize(g.frames);
  std::size_t slices = 1;
  for (std::size_t f = 0; f < g.frames; ++f) {
    const double index = (w[f] - w[lowest]) / step;
    if (index > kMostSlices)
      throw IoError(where + ": frame " + std::to_string(f + 1) + " lies " + std::to_string(w[f] - w[lowest]) +
                    " mm from the first plane, more than 65535 slices of its slice step " + std::to_string(step) +
                    " mm (SpacingBetweenSlices (0018,0088)): the step is wrong");
    if (std::abs(index - std::round(index)) * step > kPositionTolerance_mm)
      throw IoError(where + ": frame " + std::to_string(f + 1) + " lies " + std::to_string(w[f] - w[lowest]) +
                    " mm from the first plane, not a multiple of the slice step " + std::to_string(step) +
                    " mm: the frames do not fit one grid");
    g.frame_slice[f] = static_cast<std::size_t>(std::lround(index));
    slices = std::max(slices, g.frame_slice[f] + 1);
  }
  Matrix3 direction;
  direction.col(0) = row, direction.col(1) = column, direction.col(2) = normal;
  // PixelSpacing is row spacing (between rows, along the column direction) \ column spacing (PS3.3 10.7.1.3).
  g.grid = Grid({g.columns, g.rows, slices}, Vector3(spacing->at(1), spacing->at(0), step), origin, direction);
  return g;
}

}  // namespace

namespace detail {

Grid read_segmentation_grid(const std::filesystem::path& file) {
  const auto format = dcmtk::load_file(file, dcmtk::ReadExtent::HeaderOnly);
  return seg_geometry(*format->getDataset(), "the SEG " + file.string()).grid;
}

}  // namespace detail

VoiSet read_segmentation_vois(const std::filesystem::path& path, std::span<const std::string> ignore) {
  const std::filesystem::path file = voi_source_file(path);
  const auto format = dcmtk::load_file(file, dcmtk::ReadExtent::Whole);
  DcmDataset& ds = *format->getDataset();
  const std::string where = "the SEG " + file.string();
  if (dcmtk::text(ds, DCM_Modality).value_or("") != "SEG")
    throw IoError(where + " has Modality '" + dcmtk::text(ds, DCM_Modality).value_or("") + "', not SEG");
  const SegGeometry g = seg_geometry(ds, where);
  const std::size_t frame_pixels = g.rows * g.columns;
  // DCMTK's decoder allocates Rows × Columns × NumberOfFrames bytes (BitsAllocated 1 or 8) before decoding: the
  // header's promise is checked against what the file can hold first.
  if (const DcmXfer xfer(ds.getOriginalXfer()); xfer.isEncapsulated()) {
    const std::uintmax_t file_bytes = std::filesystem::file_size(file);
    if (g.frames * frame_pixels / kRleMaxExpansion > file_bytes)
      throw IoError(where + ": its " + std::to_string(g.frames) + " frames of " + std::to_string(g.rows) + " × " +
                    std::to_string(g.columns) + " pixels are more than its compressed pixel data (" +
                    xfer.getXferName() + ", at most the file's " + std::to_string(file_bytes) +
                    " bytes) can hold: a damaged header (Rows, Columns, NumberOfFrames)");
  }
  DcmRLEDecoderRegistration::registerCodecs();  // RLE Lossless SEGs (the codec DCMTK's dcmdata ships)
  if (ds.chooseRepresentation(EXS_LittleEndianExplicit, nullptr).bad())
    throw IoError(where + " has compressed pixel data this reader cannot decode (" +
                  DcmXfer(ds.getOriginalXfer()).getXferName() + "): convert it to an uncompressed SEG");

  VoiSet set;
  set.kind = VoiSourceKind::Segmentation;
  set.grid = g.grid;
  set.frame_of_reference_uid = dcmtk::text(ds, DCM_FrameOfReferenceUID).value_or("");

  const std::string type = dcmtk::text(ds, DCM_SegmentationType).value_or("");
  const bool binary = type == "BINARY";
  if (!binary && type != "FRACTIONAL")
    throw IoError(where + " has SegmentationType '" + type + "': BINARY and FRACTIONAL are read");
  const auto bits = dcmtk::whole_number(ds, DCM_BitsAllocated, 0, kMaxUS);
  if (!bits || *bits != (binary ? 1 : 8))
    throw IoError(where + ": a " + type + " SEG has BitsAllocated " + (binary ? "1" : "8") + " (C.8.20.2)");
  double max_value = 1;
  if (!binary) {
    max_value = dcmtk::number(ds, DCM_MaximumFractionalValue).value_or(0);
    if (!(max_value > 0)) throw IoError(where + ": a FRACTIONAL SEG needs a positive MaximumFractionalValue");
  }

  const Uint8* pixels = nullptr;
  unsigned long bytes = 0;
  if (ds.findAndGetUint8Array(DCM_PixelData, pixels, &bytes).bad() || pixels == nullptr)
    throw IoError(where + " has no pixel data");
  const std::size_t needed = binary ? (g.frames * frame_pixels + 7) / 8 : g.frames * frame_pixels;
  if (bytes < needed)
    throw IoError(where + ": its pixel data holds " + std::to_string(bytes) + " bytes, its " +
                  std::to_string(g.frames) + " frames need " + std::to_string(needed) + " (a truncated file?)");

  // SegmentSequence (0062,0002): Segment Number and Segment Label (Type 1).
  std::map<std::int32_t, std::size_t> segment_of;
  for (unsigned long s = 0; s < dcmtk::sequence_size(ds, DCM_SegmentSequence); ++s) {
    DcmItem& item = *dcmtk::sequence_item(ds, DCM_SegmentSequence, s);
    const auto number = dcmtk::whole_number(item, DCM_SegmentNumber, 0, kMaxUS);
    if (!number || *number < 1)
      throw IoError(where + ": segment " + std::to_string(s + 1) + " has no positive Segment Number (0062,0004)");
    const auto n = static_cast<std::int32_t>(*number);
    if (!segment_of.emplace(n, set.vois.size()).second)
      throw IoError(where + ": Segment Number " + std::to_string(n) + " is given twice");
    set.vois.push_back({n, dcmtk::text(item, DCM_SegmentLabel).value_or("segment_" + std::to_string(n)), {}});
  }
  if (set.vois.empty()) throw IoError(where + " has no segment (an empty SegmentSequence (0062,0002))");

  const float threshold = static_cast<float>(0.5 * max_value);
  for (std::size_t f = 0; f < g.frames; ++f) {
    DcmItem* id = functional_group(ds, f, DCM_SegmentIdentificationSequence);
    const auto referenced = id ? dcmtk::whole_number(*id, DCM_ReferencedSegmentNumber, 0, kMaxUS) : std::nullopt;
    const auto found = referenced ? segment_of.find(static_cast<std::int32_t>(*referenced)) : segment_of.end();
    if (found == segment_of.end())
      throw IoError(where + ": frame " + std::to_string(f + 1) +
                    " references no segment of the SegmentSequence (SegmentIdentificationSequence (0062,000A))");
    std::vector<std::size_t>& voxels = set.vois[found->second].voxels;
    const std::size_t slice_offset = g.frame_slice[f] * frame_pixels;
    for (std::size_t p = 0; p < frame_pixels; ++p) {
      const std::size_t at = f * frame_pixels + p;
      const bool inside = binary ? ((pixels[at / 8] >> (at % 8)) & 1) != 0 : pixels[at] >= threshold;
      if (inside) voxels.push_back(slice_offset + p);  // rows × columns in the frame = y × x on the grid
    }
  }
  // Segments named in `ignore` go before the checks (their voxels were read with the others: frames interleave).
  std::erase_if(set.vois, [&](const Voi& voi) {
    const bool ignored = std::find(ignore.begin(), ignore.end(), voi.name) != ignore.end();
    if (ignored) set.ignored.push_back(voi.name);
    return ignored;
  });
  for (Voi& voi : set.vois) {
    std::sort(voi.voxels.begin(), voi.voxels.end());
    voi.voxels.erase(std::unique(voi.voxels.begin(), voi.voxels.end()), voi.voxels.end());
    if (voi.voxels.empty())
      throw InvalidInput("segment " + std::to_string(voi.number) + " '" + voi.name + "' of " + where +
                         " has no voxel: an empty segment gives no VOI (list it in labels.ignore)");
  }
  return set;
}

}  // namespace rptdose::io
