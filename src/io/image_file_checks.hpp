#pragma once
// Internal: what an image file's header promises, checked against what the file holds, before any voxel is
// allocated. ITK's readers allocate what the header says and then read what is there: a NIfTI cut in half was read
// with zeros for the missing half and no word (the demo liver 2.04 instead of 3.09 Gy), a truncated MetaImage only
// printed a warning, a 1024³ header over 1 MB of data allocated 8.4 GB first, NaN voxels of a NIfTI came out as 0
// and a 4-D NIfTI was read as its first frame. No Eigen here (see itk_image_files.hpp).
#include <array>
#include <cstddef>
#include <string>

namespace rptdose::io::detail {

/// What a file's header says about its voxels.
struct PromisedVoxels {
  std::array<std::size_t, 3> size{};   ///< the three spatial dimensions
  std::size_t bytes_per_voxel = 0;     ///< of the stored (on-disk, uncompressed) data
  std::size_t voxel_count() const { return size[0] * size[1] * size[2]; }
};

/// Header only (no voxel read): one 3-D scalar volume (a 4-D file with more than one frame, or several values per
/// voxel, is refused), and the file holds every byte of voxel data the header promises — NIfTI (.nii streamed,
/// .nii.gz decompressed in a stream without allocating the image; floating-point voxels checked finite on the way,
/// since ITK's NIfTI reader turns NaN into 0) and MetaImage (local or detached data, raw or compressed). NRRD's
/// reader (teem) refuses short data itself. Throws IoError naming the file, what it promises and what it holds.
PromisedVoxels check_image_file(const std::string& path);

/// The IoError of `count` NaN or infinite voxels in `path`, the first at linear index `first` of an image of `size`
/// (x fastest): one message for the raw NIfTI scan and the check of every format after reading.
[[noreturn]] void throw_non_finite(const std::string& path, std::size_t count, std::size_t first,
                                   const std::array<std::size_t, 3>& size);

}  // namespace rptdose::io::detail
