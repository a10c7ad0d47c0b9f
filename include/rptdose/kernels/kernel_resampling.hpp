#pragma once
// rptdose::kernels — resampling a kernel to another voxel size, conserving energy.
//
// The kernel's energy per decay in each voxel, E(Δ) = S(Δ)·m, is treated as spread uniformly over that voxel; the
// new voxel receives the energy of the old voxels it overlaps, in proportion to the overlap (separable 1D overlap
// weights), and S' = E'/m'. Σ E' = Σ E exactly when the new kernel covers the old one. The shape within the
// source voxel changes with its size in a way no resampling can know (the self-dose of a smaller voxel is not the
// old self-dose): near the source, generating the kernel for the new voxel size is always more accurate; use this
// for imported Monte Carlo kernels.
// Depends on core and kernels/dose_kernel.
#include <array>

#include "rptdose/kernels/dose_kernel.hpp"

namespace rptdose::kernels {

/// Resamples to `spacing_mm` with half-sizes `half_size` (default: large enough to cover the old kernel).
DoseKernel resample_kernel(const DoseKernel& kernel, const Vector3& spacing_mm);
DoseKernel resample_kernel(const DoseKernel& kernel, const Vector3& spacing_mm, const std::array<int, 3>& half_size);

}  // namespace rptdose::kernels
