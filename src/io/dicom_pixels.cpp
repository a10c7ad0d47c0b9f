#include "dicom_pixels.hpp"

#include <cstdint>
#include <mutex>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcelem.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpls/djdecode.h>

#include "dcmtk_dataset.hpp"
#include "rptdose/core/error.hpp"

namespace rptdose::io::dcmtk {

namespace {

/// DCMTK's decoders of compressed transfer syntaxes, registered once for the process (they stay registered).
void register_decoders() {
  static std::once_flag once;
  std::call_once(once, [] {
    DJDecoderRegistration::registerCodecs();
    DJLSDecoderRegistration::registerCodecs();
    DcmRLEDecoderRegistration::registerCodecs();
  });
}

template <typename T>
void convert(const T* raw, std::size_t count, unsigned bits_stored, bool is_signed, std::vector<double>& out) {
  const std::uint64_t mask = bits_stored >= 64 ? ~0ull : (1ull << bits_stored) - 1;
  const std::uint64_t sign = 1ull << (bits_stored - 1);
  out.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint64_t value = static_cast<std::uint64_t>(raw[i]) & mask;
    out[i] = is_signed && (value & sign) ? static_cast<double>(value) - static_cast<double>(mask) - 1.0
                                         : static_cast<double>(value);
  }
}

}  // namespace

PixelLayout pixel_layout(DcmItem& dataset, const std::string& file) {
  PixelLayout layout;
  const auto samples = number(dataset, DCM_SamplesPerPixel).value_or(1);
  if (samples != 1)
    throw IoError(file + " has " + std::to_string(int(samples)) +
                  " samples per pixel (a colour image): rptdose reads grey-scale images only");
  layout.rows = static_cast<std::size_t>(number(dataset, DCM_Rows).value_or(0));
  layout.columns = static_cast<std::size_t>(number(dataset, DCM_Columns).value_or(0));
  const double frames = number(dataset, DCM_NumberOfFrames).value_or(1);
  if (layout.rows == 0 || layout.columns == 0 || !(frames >= 1))
    throw IoError(file + " has no image (Rows, Columns or NumberOfFrames missing or 0)");
  layout.frames = static_cast<std::size_t>(frames);
  return layout;
}

std::vector<double> stored_values(DcmDataset& dataset, const PixelLayout& layout, const std::string& file) {
  register_decoders();
  const E_TransferSyntax original = dataset.getOriginalXfer();
  if (dataset.chooseRepresentation(EXS_LittleEndianExplicit, nullptr).bad() ||
      !dataset.canWriteXfer(EXS_LittleEndianExplicit))
    throw IoError(file + ": cannot decode its pixel data (transfer syntax " + DcmXfer(original).getXferName() +
                  "): convert it to an uncompressed transfer syntax, e.g. with DCMTK's dcmdjpeg");
  DcmElement* pixels = nullptr;
  if (dataset.findAndGetElement(DCM_PixelData, pixels).bad() || pixels == nullptr)
    throw IoError(file + " has no Pixel Data (7FE0,0010): it is not an image");
  const unsigned bits_allocated = static_cast<unsigned>(number(dataset, DCM_BitsAllocated).value_or(0));
  const unsigned bits_stored = static_cast<unsigned>(number(dataset, DCM_BitsStored).value_or(bits_allocated));
  const bool is_signed = number(dataset, DCM_PixelRepresentation).value_or(0) == 1;
  if ((bits_allocated != 8 && bits_allocated != 16 && bits_allocated != 32) || bits_stored == 0 ||
      bits_stored > bits_allocated)
    throw IoError(file + " has BitsAllocated " + std::to_string(bits_allocated) + " and BitsStored " +
                  std::to_string(bits_stored) + ": rptdose reads 8, 16 or 32 bits allocated per pixel");
  const std::size_t count = layout.per_frame() * layout.frames;
  const std::size_t bytes = count * (bits_allocated / 8);
  const std::size_t held = pixels->getLength();
  if (held < bytes)
    throw IoError(file + ": its pixel data holds " + std::to_string(held) + " bytes but " +
                  std::to_string(layout.frames) + " frame(s) of " + std::to_string(layout.rows) + " × " +
                  std::to_string(layout.columns) + " need " + std::to_string(bytes) +
                  " (a truncated file: copy it again from the archive)");
  std::vector<double> values;
  OFCondition status = EC_Normal;
  if (bits_allocated == 8) {
    Uint8* raw = nullptr;
    status = pixels->getUint8Array(raw);
    if (status.good() && raw) convert(raw, count, bits_stored, is_signed, values);
  } else if (bits_allocated == 16) {
    Uint16* raw = nullptr;
    status = pixels->getUint16Array(raw);
    if (status.good() && raw) convert(raw, count, bits_stored, is_signed, values);
  } else {
    Uint32* raw = nullptr;
    status = pixels->getUint32Array(raw);
    if (status.good() && raw) convert(raw, count, bits_stored, is_signed, values);
  }
  if (status.bad() || values.size() != count)
    throw IoError(file + ": cannot read its pixel data" + (status.bad() ? std::string(": ") + status.text() : ""));
  return values;
}

}  // namespace rptdose::io::dcmtk
