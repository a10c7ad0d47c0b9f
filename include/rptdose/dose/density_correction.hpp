#pragma once
// rptdose::dose — density correction. A kernel made for a medium of density ρ_k gives, at each voxel, the energy
// a homogeneous medium would absorb there divided by that medium's voxel mass. The correction keeps the energy
// and divides by the voxel's real mass instead:
//
//     D(r) = D_kernel(r) · ρ_k / max(ρ(r), ρ_floor)
//
// What it neglects (docs/physics.md §Dose): the transport itself is still that of the homogeneous medium, so
//  * ranges are not scaled: electrons travel as far in lung or bone as in soft tissue, and photons are
//    attenuated as in water — wrong by up to the density ratio near lung and bone for cross-fire dose;
//  * interfaces are not modelled: no backscatter or build-up changes at tissue/bone/air boundaries;
//  * the energy-absorption properties of the real tissue (composition, not only density) are those of the kernel
//    medium.
// It is exact for local deposition (all energy absorbed in the voxel: D = E/m) and for charged-particle
// equilibrium inside a uniform region.
//
// The floor: in air (ρ ≈ 0.001 g/mL) outside the body or in the bowel and airways, spill-over activity from image
// blur would otherwise get ~1000× the tissue dose per joule. The default floor 0.1 g/mL stays below every tissue
// (inflated lung ≈ 0.26 g/mL, ICRP 110) so it never changes a tissue's dose, and it caps the amplification in air
// at ρ_k/0.1 ≈ 10×. The number of clamped voxels is reported.
// Depends on core only.
#include <cstddef>

#include "rptdose/core/parallel.hpp"
#include "rptdose/core/volume.hpp"

namespace rptdose::dose {

inline constexpr double kDefaultDensityFloor_g_per_ml = 0.1;

/// Per-voxel factor ρ_k / max(ρ, floor) that turns kernel-medium dose into dose to the voxel's mass.
struct DensityScale {
  Volume<float> factor;
  std::size_t clamped_voxels = 0;  ///< voxels with ρ < floor
};

/// Throws InvalidInput for NaN/Inf or negative densities (naming how many and the first voxel), a kernel density
/// or floor that is not finite and positive.
DensityScale density_scale(const Volume<float>& density_g_per_ml, double kernel_density_g_per_ml,
                           double floor_g_per_ml = kDefaultDensityFloor_g_per_ml, ParallelOptions parallel = {});

}  // namespace rptdose::dose
