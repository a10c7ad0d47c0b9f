// RT Dose IOD (DICOM PS3.3 A.18), written with DCMTK's dcmdata module by module (Table A.18.3-1): Patient, General
// Study, RT Series, Frame of Reference, General Equipment, General Image, Image Plane, Image Pixel, Multi-frame,
// RT Dose, SOP Common, and Common Instance Reference when the dose references the images of a series.
#include "rptdose/io/rt_dose_writer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcuid.h>

#include "rptdose/core/error.hpp"
#include "rptdose/version.hpp"
#include "rt_dose_writer_common.hpp"

namespace rptdose::io {

namespace {

using detail::decimal_string;
using detail::put;

// LO (DoseComment, SeriesDescription) holds at most 64 characters (PS3.5 Table 6.2-1).
constexpr std::size_t kMaxLongString = 64;
// 32-bit unsigned pixels (C.8.8.3.4.3: Bits Allocated 16 or 32): the largest stored value.
constexpr double kMaxPixel = 4294967295.0;
// %.10g rounds a DoseGridScaling to within 5e-10 of its value (relative); 1e-9 up keeps it at or above the exact
// scaling, so that the maximum dose never exceeds kMaxPixel × DoseGridScaling.
constexpr double kScalingRoundUp = 1.0 + 1e-9;

void require_long_string(const std::string& value, const std::string& what) {
  if (value.size() > kMaxLongString)
    throw InvalidInput(what + " '" + value + "' is longer than the 64 characters DICOM allows (LO)");
}

/// DoseGridScaling as written (DS text) and its value: max / (2^32 - 1), rounded up; 1 for an all-zero map.
std::pair<std::string, double> dose_grid_scaling(double max_Gy) {
  if (!(max_Gy > 0)) return {"1", 1.0};
  const std::string text = decimal_string(max_Gy / kMaxPixel * kScalingRoundUp);
  return {text, std::strtod(text.c_str(), nullptr)};
}

/// The pixel data: frame f is slice slice_of_frame(f), row j, column i; 32-bit values stored as two 16-bit words,
/// low word first, which is the little-endian 32-bit value on any host (DCMTK swaps OW words to the transfer syntax).
void put_pixels(DcmItem& item, const Volume<float>& dose_Gy, const detail::DicomFrames& frames, double scaling) {
  const std::size_t plane = frames.rows * frames.columns;
  auto pixels = std::make_unique<DcmPixelData>(DCM_PixelData);
  Uint16* words = nullptr;
  if (pixels->createUint16Array(static_cast<Uint32>(2 * plane * frames.frames), words).bad() || !words)
    throw IoError("cannot allocate the RT Dose pixel data (" + std::to_string(4 * plane * frames.frames) + " bytes)");
  for (std::size_t f = 0; f < frames.frames; ++f) {
    const float* slice = dose_Gy.data() + plane * frames.slice_of_frame(f);
    Uint16* out = words + 2 * plane * f;
    for (std::size_t v = 0; v < plane; ++v) {
      const double value = std::min(std::round(std::max(0.0, static_cast<double>(slice[v])) / scaling), kMaxPixel);
      const auto stored = static_cast<std::uint32_t>(value);
      out[2 * v] = static_cast<Uint16>(stored & 0xFFFFu);
      out[2 * v + 1] = static_cast<Uint16>(stored >> 16);
    }
  }
  pixels->setVR(EVR_OW);
  if (item.insert(pixels.release(), OFTrue).bad()) throw IoError("cannot insert the RT Dose pixel data");
}

/// General Image's ReferencedImageSequence (C.7.6.1, Type 3) and Common Instance Reference's ReferencedSeriesSequence
/// (C.12.2, Type 1C: required because this instance references instances of its own study).
void put_references(DcmItem& item, const DicomReference& reference) {
  if (reference.series_instance_uid.empty()) return;
  const auto add_instances = [&](DcmItem& into, const DcmTagKey& sequence) {
    for (std::size_t i = 0; i < reference.instances.size(); ++i) {
      DcmItem* entry = nullptr;
      if (into.findOrCreateSequenceItem(sequence, entry, static_cast<long>(i)).bad() || !entry)
        throw IoError("cannot add an item to the RT Dose's references");
      put(*entry, DCM_ReferencedSOPClassUID, reference.instances[i].sop_class_uid);
      put(*entry, DCM_ReferencedSOPInstanceUID, reference.instances[i].sop_instance_uid);
    }
  };
  add_instances(item, DCM_ReferencedImageSequence);
  DcmItem* series = nullptr;
  if (item.findOrCreateSequenceItem(DCM_ReferencedSeriesSequence, series, 0).bad() || !series)
    throw IoError("cannot add the RT Dose's ReferencedSeriesSequence");
  put(*series, DCM_SeriesInstanceUID, reference.series_instance_uid);
  add_instances(*series, DCM_ReferencedInstanceSequence);
}

}  // namespace

RtDoseWritten write_rt_dose(const Volume<float>& dose_Gy, const DicomReference& reference,
                            const RtDoseDescription& description, const std::filesystem::path& path) {
  const auto frames = detail::dicom_frames(dose_Gy.grid(), "the dose map " + path.filename().string());
  require_long_string(description.series_description, "the RT Dose's SeriesDescription");
  require_long_string(description.dose_comment, "the RT Dose's DoseComment");
  double max_Gy = 0.0;
  for (std::size_t v = 0; v < dose_Gy.size(); ++v) {
    if (!std::isfinite(dose_Gy[v]))
      throw InvalidInput("cannot write the dose map " + path.filename().string() + " as RT Dose: voxel " +
                         std::to_string(v) + " is not finite");
    max_Gy = std::max(max_Gy, static_cast<double>(dose_Gy[v]));
  }
  const auto [scaling_text, scaling] = dose_grid_scaling(max_Gy);

  RtDoseWritten written{detail::new_uid(), detail::new_uid(), scaling};
  const auto [date, time] = detail::dicom_now();
  DcmFileFormat file;
  DcmDataset& d = *file.getDataset();
  detail::put_reference(d, reference);  // Patient, General Study, Frame of Reference
  // SOP Common, C.12.1.
  put(d, DCM_SOPClassUID, UID_RTDoseStorage);
  put(d, DCM_SOPInstanceUID, written.sop_instance_uid);
  put(d, DCM_InstanceCreationDate, date);
  put(d, DCM_InstanceCreationTime, time);
  // RT Series, C.8.8.1.
  put(d, DCM_Modality, "RTDOSE");
  put(d, DCM_SeriesInstanceUID, written.series_instance_uid);
  put(d, DCM_SeriesNumber, std::to_string(description.series_number));
  put(d, DCM_SeriesDate, date);
  put(d, DCM_SeriesTime, time);
  if (!description.series_description.empty()) put(d, DCM_SeriesDescription, description.series_description);
  put(d, DCM_OperatorsName, "");
  // General Equipment, C.7.5.1.
  put(d, DCM_Manufacturer, "rptdose");
  put(d, DCM_ManufacturerModelName, "rptdose");
  put(d, DCM_SoftwareVersions, kVersion);
  // General Image, C.7.6.1 (with the references of C.12.2).
  put(d, DCM_InstanceNumber, "1");
  put(d, DCM_ContentDate, date);
  put(d, DCM_ContentTime, time);
  put_references(d, reference);
  // Image Plane, C.7.6.2: the first frame's position; the others follow GridFrameOffsetVector (C.8.8.3.2).
  put(d, DCM_PixelSpacing, detail::decimal_strings(frames.pixel_spacing_mm.data(), 2));
  put(d, DCM_ImageOrientationPatient, detail::decimal_strings(frames.orientation.data(), 6));
  put(d, DCM_ImagePositionPatient, detail::decimal_strings(frames.positions.front().data(), 3));
  put(d, DCM_SliceThickness, decimal_string(frames.slice_spacing_mm));
  // Image Pixel, C.7.6.3, as RT Dose specialises it (C.8.8.3.4.1-6): one unsigned 32-bit sample per pixel.
  put(d, DCM_SamplesPerPixel, "1");
  put(d, DCM_PhotometricInterpretation, "MONOCHROME2");
  put(d, DCM_Rows, std::to_string(frames.rows));
  put(d, DCM_Columns, std::to_string(frames.columns));
  put(d, DCM_BitsAllocated, "32");
  put(d, DCM_BitsStored, "32");
  put(d, DCM_HighBit, "31");
  put(d, DCM_PixelRepresentation, "0");
  // Multi-frame, C.7.6.6: the frames are stepped by GridFrameOffsetVector (C.8.8.3.4: Frame Increment Pointer
  // shall be 3004000C).
  put(d, DCM_NumberOfFrames, std::to_string(frames.frames));
  if (d.putAndInsertTagKey(DCM_FrameIncrementPointer, DCM_GridFrameOffsetVector).bad())
    throw IoError("cannot set the RT Dose's FrameIncrementPointer");
  // RT Dose, C.8.8.3.
  put(d, DCM_DoseUnits, "GY");
  put(d, DCM_DoseType, description.dose_type == RtDoseType::Physical ? "PHYSICAL" : "EFFECTIVE");
  if (!description.dose_comment.empty()) put(d, DCM_DoseComment, description.dose_comment);
  // PLAN_OVERVIEW is the one Defined Term of C.8.8.3 for a dose that is not the sum of an RT Plan's fractions,
  // beams or treatment records; every other term makes Referenced RT Plan Sequence (300C,0002) or Referenced
  // Treatment Record Sequence (3008,0030) required (Type 1C), and a radiopharmaceutical therapy has neither.
  put(d, DCM_DoseSummationType, "PLAN_OVERVIEW");
  std::vector<double> offsets(frames.frames);
  for (std::size_t f = 0; f < frames.frames; ++f) offsets[f] = static_cast<double>(f) * frames.slice_spacing_mm;
  put(d, DCM_GridFrameOffsetVector, detail::decimal_strings(offsets.data(), offsets.size()));
  put(d, DCM_DoseGridScaling, scaling_text);
  put(d, DCM_TissueHeterogeneityCorrection, description.density_corrected ? "IMAGE" : "WATER");
  put_pixels(d, dose_Gy, frames, scaling);
  detail::save_atomically(file, path);
  return written;
}

}  // namespace rptdose::io
