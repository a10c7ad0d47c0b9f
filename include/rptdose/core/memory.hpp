#pragma once
// rptdose::core — large-allocation advice. Image-sized buffers (tens to hundreds of MiB) are advised for
// transparent huge pages: on the virtual machines rptdose runs on, first-touch faults of 4 KiB pages cost as much
// as the FFTs of a 256³ convolution; 2 MiB pages make them negligible. Advice only: no effect where unsupported.
//
// Module core owns geometry, volumes, units, errors, threads, progress and data paths; it depends on Eigen only (no
// other rptdose module, no ITK or DCMTK).
#include <cstddef>
#include <cstdint>
#include <optional>

namespace rptdose {

/// Buffers of at least this size are worth advising.
inline constexpr std::size_t kLargeBufferBytes = std::size_t{4} << 20;

/// Advises the whole 2 MiB-aligned pages inside [data, data + bytes) for huge pages (Linux madvise); call before
/// the memory is first written. Does nothing for small buffers or on other systems.
void advise_huge_pages(void* data, std::size_t bytes);

/// Memory this process can still use (bytes): the kernel's MemAvailable (/proc/meminfo: free plus reclaimable page
/// cache), lowered to what a cgroup memory limit leaves (cgroup v2 memory.max − memory.current, v1
/// memory.limit_in_bytes − memory.usage_in_bytes), as in a container or a batch job. nullopt where not known.
std::optional<std::uint64_t> available_memory_bytes();

}  // namespace rptdose
