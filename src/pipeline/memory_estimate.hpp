#pragma once
// Internal: the memory a run needs, estimated from the image headers before any voxel is read, and checked against
// what the machine has — so a study too large for it stops at once with a message, not after minutes in swap or
// killed by the kernel's OOM killer with nothing written.
#include <cstdint>

#include "rptdose/pipeline/study.hpp"

namespace rptdose::pipeline::detail {

/// Peak resident memory of `rptdose run` on `study` (bytes), from the headers of its images:
///   100 MiB + N · (4 T + 70) bytes + 20 bytes · (the largest input image's voxels),
/// N the dose grid's voxels (the reference time point's grid), T the time points. Calibrated on measured peaks
/// (/usr/bin/time -v, docs/architecture.md "Memory"): per dose-grid voxel, the T activity images as float, the fit
/// outputs (TIA, its SE, half-life, R², status, model), CT and density on the dose grid, the dose components and
/// the padded FFT of the convolution (≈ 70 bytes); per input voxel, ITK's read buffer and rptdose's copy (labels
/// are read as double first: 8 + 8 + 4 bytes).
std::uint64_t estimate_run_memory_bytes(const Study& study);

/// Throws InvalidInput ("this study needs ~X GiB, the machine has Y GiB available") when the estimate exceeds the
/// memory available (core/memory.hpp), unless the environment sets RPTDOSE_SKIP_MEMORY_CHECK=1.
void require_enough_memory(const Study& study);

}  // namespace rptdose::pipeline::detail
