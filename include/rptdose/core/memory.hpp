#pragma once
// rptdose::core — large-allocation advice. Image-sized buffers (tens to hundreds of MiB) are advised for
// transparent huge pages: on the virtual machines rptdose runs on, first-touch faults of 4 KiB pages cost as much
// as the FFTs of a 256³ convolution; 2 MiB pages make them negligible. Advice only: no effect where unsupported.
//
// Module core owns geometry, volumes, units, errors, threads, progress and data paths; it depends on Eigen only (no
// other rptdose module, no ITK or DCMTK).
#include <cstddef>

namespace rptdose {

/// Buffers of at least this size are worth advising.
inline constexpr std::size_t kLargeBufferBytes = std::size_t{4} << 20;

/// Advises the whole 2 MiB-aligned pages inside [data, data + bytes) for huge pages (Linux madvise); call before
/// the memory is first written. Does nothing for small buffers or on other systems.
void advise_huge_pages(void* data, std::size_t bytes);

}  // namespace rptdose
