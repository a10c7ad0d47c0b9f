#pragma once
// rptdose::kernels — from a point-source radial profile to voxel values: the mean energy deposited in a target
// voxel per decay spread uniformly over a source voxel at offset Δ = (i, j, k) voxels.
//
// With ε(r) = (dE/dr)/(4πr²) the energy per unit volume around a point source, and W_Δ(u) = Π_a max(0, L_a −
// |u_a − Δ_a L_a|) the volume of the overlap of the target voxel with the source voxel shifted by u (the
// autocorrelation of the voxel box), the six-dimensional source×target integral collapses to three dimensions:
//     E_Δ = (1/V) ∫ ε(|u|) W_Δ(u) d³u.
// Σ_Δ W_Δ(u) = V for every u, so the voxel values add up to the deposited energy (energy conservation by
// construction, whatever the voxel shape).
//  * Offsets with every |Δ_a| ≤ 1 contain the 1/r² singularity. There the support is split into boxes with one
//    corner at the source; on such a box the integral of ε times a monomial becomes, in spherical coordinates
//    centred on the corner, a surface integral over the three far faces of the box of the radial moments
//    M_k(R) = ∫₀^R (dE/dr) r^k dr (exact, no singularity left), evaluated with Gauss–Legendre quadrature.
//  * Other offsets are smooth: tensor Gauss–Legendre on the eight sub-boxes where W_Δ is a product of linear
//    functions.
// Depends on core and kernels/radial_profile.
#include <array>

#include "rptdose/core/grid.hpp"
#include "rptdose/core/parallel.hpp"
#include "rptdose/core/volume.hpp"
#include "rptdose/kernels/radial_profile.hpp"

namespace rptdose::kernels {

/// The grid of a kernel with half-sizes (N_x, N_y, N_z): (2N+1) voxels per axis, spacing `spacing_mm`, the origin
/// such that the centre voxel (the source) sits at physical point 0.
Grid kernel_grid(const Vector3& spacing_mm, const std::array<int, 3>& half_size);

/// Energy (MeV per decay) deposited in each voxel of `kernel_grid(spacing_mm, half_size)` by a source uniformly
/// spread over the centre voxel. Voxels farther than the profile's support receive 0.
Volume<double> integrate_over_voxels(const RadialProfile& profile, const Vector3& spacing_mm,
                                     const std::array<int, 3>& half_size, ParallelOptions parallel = {});

}  // namespace rptdose::kernels
