#pragma once
// Internal: the stored pixel values of a DICOM data set (PS3.3 C.7.6.3 Image Pixel Module), decoded from any
// transfer syntax DCMTK's codecs read (uncompressed, deflate, JPEG baseline/extended/lossless, JPEG-LS, RLE).
#include <cstddef>
#include <string>
#include <vector>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdatset.h>

namespace rptdose::io::dcmtk {

/// The size of the pixel matrix a data set holds.
struct PixelLayout {
  std::size_t rows = 0, columns = 0, frames = 1;
  std::size_t per_frame() const { return rows * columns; }
};

/// Rows (0028,0010), Columns (0028,0011) and NumberOfFrames (0028,0008, 1 when absent) of `dataset`. Throws IoError
/// naming `file` when the image is not one grey-scale sample per pixel or is empty.
PixelLayout pixel_layout(DcmItem& dataset, const std::string& file);

/// The stored values (BitsStored and PixelRepresentation applied, no rescale), frame after frame, each frame
/// rows × columns with the column index fastest. `dataset` must have been loaded whole. Throws IoError naming
/// `file` when the pixel data cannot be decoded or holds fewer values than the layout needs (a truncated file).
std::vector<double> stored_values(DcmDataset& dataset, const PixelLayout& layout, const std::string& file);

}  // namespace rptdose::io::dcmtk
