// Segmentation IOD (DICOM PS3.3 A.51), binary (C.8.20.2: Segmentation Type BINARY), written with DCMTK's dcmseg:
// one segment per VOI, frames in the Segmentation multi-frame functional groups (C.8.20.3 / A.51.5) with a plane
// position per frame and orientation and pixel measures shared, dimensions (segment, position) as DCMTK's and
// dcmqi's SEGs organise them.
#include "rptdose/io/seg_writer.hpp"

#include <map>
#include <memory>
#include <set>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmfg/fgfracon.h>
#include <dcmtk/dcmfg/fgpixmsr.h>
#include <dcmtk/dcmfg/fgplanor.h>
#include <dcmtk/dcmfg/fgplanpo.h>
#include <dcmtk/dcmseg/segdoc.h>
#include <dcmtk/dcmseg/segment.h>

#include "rptdose/core/error.hpp"
#include "rptdose/version.hpp"
#include "rt_dose_writer_common.hpp"

namespace rptdose::io {

namespace {

using detail::decimal_string;

// SegmentLabel is LO (PS3.5 Table 6.2-1); segment numbers are US.
constexpr std::size_t kMaxLongString = 64;
constexpr std::size_t kMaxSegments = 65535;

void check(const OFCondition& status, const std::string& what) {
  if (status.bad()) throw IoError("cannot build the DICOM Segmentation: " + what + ": " + status.text());
}

/// The generic anatomic codes of a VOI whose organ rptdose does not code (SNOMED CT, as DCMTK's and dcmqi's
/// examples use for an unspecified structure): category 91723000 "Anatomical structure", type 85756007 "Tissue".
CodeSequenceMacro category_code() {
  return CodeSequenceMacro("91723000", "SCT", "Anatomical structure");
}
CodeSequenceMacro type_code() {
  return CodeSequenceMacro("85756007", "SCT", "Tissue");
}

void check_segments(const std::vector<SegSegment>& segments) {
  if (segments.empty()) throw InvalidInput("cannot write a DICOM Segmentation without segments (no VOI)");
  if (segments.size() > kMaxSegments)
    throw InvalidInput("cannot write " + std::to_string(segments.size()) +
                       " segments in one DICOM Segmentation (at most 65535)");
  std::set<std::int32_t> labels;
  std::set<std::string> names;
  for (const auto& s : segments) {
    if (s.name.empty() || s.name.size() > kMaxLongString)
      throw InvalidInput("the VOI name '" + s.name + "' (label " + std::to_string(s.label) +
                         ") cannot be a DICOM SegmentLabel: it must have 1 to 64 characters");
    if (!labels.insert(s.label).second || !names.insert(s.name).second)
      throw InvalidInput("the segments of a DICOM Segmentation need distinct labels and names: label " +
                         std::to_string(s.label) + " ('" + s.name + "') is given twice");
  }
}

}  // namespace

void write_seg(const Volume<std::int32_t>& labels, const std::vector<SegSegment>& segments,
               const DicomReference& reference, const SegDescription& description, const std::filesystem::path& path) {
  const auto frames = detail::dicom_frames(labels.grid(), "the label map " + path.filename().string());
  check_segments(segments);
  if (description.series_description.size() > kMaxLongString)
    throw InvalidInput("the SEG's SeriesDescription '" + description.series_description +
                       "' is longer than the 64 characters DICOM allows");

  DcmSegmentation* created = nullptr;
  const IODGeneralEquipmentModule::EquipmentInfo equipment("rptdose", "rptdose", "0", kVersion);
  // ContentCreatorName (PN, Type 2) stays empty: a program is not a person, and "rptdose" alone is the retired PN
  // form that dciodvfy flags.
  const ContentIdentificationMacro content("1", "RPTDOSE_VOIS", "VOIs of the dose calculation, on the dose grid", "");
  check(DcmSegmentation::createBinarySegmentation(created, static_cast<Uint16>(frames.rows),
                                                  static_cast<Uint16>(frames.columns), equipment, content),
        "creating the object");
  std::unique_ptr<DcmSegmentation> seg(created);
  const auto [date, time] = detail::dicom_now();
  check(seg->getSeries().setSeriesInstanceUID(detail::new_uid()), "SeriesInstanceUID");
  check(seg->getSeries().setSeriesNumber(std::to_string(description.series_number)), "SeriesNumber");
  check(seg->getSeries().setSeriesDescription(description.series_description), "SeriesDescription");
  check(seg->getSOPCommon().setSOPInstanceUID(detail::new_uid()), "SOPInstanceUID");
  check(seg->getStudy().setStudyInstanceUID(reference.study_instance_uid), "StudyInstanceUID");
  check(seg->getFrameOfReference().setFrameOfReferenceUID(reference.frame_of_reference_uid), "FrameOfReferenceUID");

  // Shared functional groups: Plane Orientation (Patient) C.7.6.16.2.4 and Pixel Measures C.7.6.16.2.1.
  const auto o = frames.orientation;
  std::unique_ptr<FGPlaneOrientationPatient> orientation(FGPlaneOrientationPatient::createMinimal(
      decimal_string(o[0]).c_str(), decimal_string(o[1]).c_str(), decimal_string(o[2]).c_str(),
      decimal_string(o[3]).c_str(), decimal_string(o[4]).c_str(), decimal_string(o[5]).c_str()));
  if (!orientation) throw IoError("cannot build the DICOM Segmentation: the plane orientation");
  check(seg->addForAllFrames(*orientation), "the plane orientation");
  FGPixelMeasures measures;
  check(measures.setPixelSpacing(detail::decimal_strings(frames.pixel_spacing_mm.data(), 2).c_str()), "PixelSpacing");
  check(measures.setSliceThickness(decimal_string(frames.slice_spacing_mm).c_str()), "SliceThickness");
  check(measures.setSpacingBetweenSlices(decimal_string(frames.slice_spacing_mm).c_str()), "SpacingBetweenSlices");
  check(seg->addForAllFrames(measures), "the pixel measures");

  // Dimensions (C.7.6.17): the segment, then the plane position, as the frames are indexed below.
  const std::string dimension_uid = detail::new_uid();
  IODMultiframeDimensionModule& dimensions = seg->getDimensions();
  check(dimensions.addDimensionIndex(DCM_ReferencedSegmentNumber, dimension_uid.c_str(),
                                     DCM_SegmentIdentificationSequence, "ReferencedSegmentNumber"),
        "the segment dimension");
  check(dimensions.addDimensionIndex(DCM_ImagePositionPatient, dimension_uid.c_str(), DCM_PlanePositionSequence,
                                     "ImagePositionPatient"),
        "the position dimension");

  // Which frames (DICOM frame order) each label touches.
  const std::size_t plane = frames.rows * frames.columns;
  std::map<std::int32_t, std::set<std::size_t>> frames_of_label;
  for (const auto& s : segments) frames_of_label[s.label];
  for (std::size_t f = 0; f < frames.frames; ++f) {
    const std::int32_t* slice = labels.data() + plane * frames.slice_of_frame(f);
    for (std::size_t v = 0; v < plane; ++v)
      if (const auto it = frames_of_label.find(slice[v]); it != frames_of_label.end()) it->second.insert(f);
  }

  std::vector<Uint8> mask(plane);
  for (const auto& s : segments) {
    DcmSegment* segment = nullptr;
    check(DcmSegment::create(segment, s.name.c_str(), category_code(), type_code(), DcmSegTypes::SAT_SEMIAUTOMATIC,
                             (std::string("rptdose ") + kVersion).c_str()),
          "segment '" + s.name + "'");
    Uint16 number = 0;
    check(seg->addSegment(segment, number), "adding segment '" + s.name + "'");
    auto touched = frames_of_label.at(s.label);
    if (touched.empty()) touched.insert(0);  // an empty VOI keeps one (empty) frame, so it is still listed
    for (const std::size_t f : touched) {
      const std::int32_t* slice = labels.data() + plane * frames.slice_of_frame(f);
      for (std::size_t v = 0; v < plane; ++v) mask[v] = slice[v] == s.label ? 1 : 0;
      const auto& p = frames.positions[f];
      std::unique_ptr<FGPlanePosPatient> position(FGPlanePosPatient::createMinimal(
          decimal_string(p[0]).c_str(), decimal_string(p[1]).c_str(), decimal_string(p[2]).c_str()));
      if (!position) throw IoError("cannot build the DICOM Segmentation: a plane position");
      FGFrameContent frame_content;
      check(frame_content.setDimensionIndexValues(number, 0), "a frame's segment index");
      check(frame_content.setDimensionIndexValues(static_cast<Uint32>(f + 1), 1), "a frame's position index");
      const OFVector<FGBase*> per_frame{position.get(), &frame_content};
      check(seg->addFrame(mask.data(), number, per_frame), "a frame of segment '" + s.name + "'");
    }
  }

  // DCMTK 3.6.7 looks for the per-frame groups in the data set before it writes them, finds none and only logs
  // "Will not check dimension consistency"; the dimensions are checked by dciodvfy in tests/python/test_rt_dose.py.
  seg->setCheckDimensionsOnWrite(OFFalse);
  DcmFileFormat file;
  check(seg->writeDataset(*file.getDataset()), "writing the data set");
  detail::put_reference(*file.getDataset(), reference);  // the RT Dose's Patient, Study and Frame of Reference
  detail::put(*file.getDataset(), DCM_SeriesDate, date);
  detail::put(*file.getDataset(), DCM_SeriesTime, time);
  detail::save_atomically(file, path);
}

}  // namespace rptdose::io
