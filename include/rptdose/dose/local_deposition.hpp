#pragma once
// rptdose::dose — local energy deposition (LED), the kernel-free dose method: the energy each decay releases as
// the chosen radiation types is absorbed in the voxel where the decay happens, D = Ã · E / (ρ · V). It is exact
// for a uniform activity under charged-particle equilibrium and the usual choice for alpha emitters (ranges
// < 0.1 mm) and for beta emitters on voxels larger than the electron range; it ignores the cross-fire that a
// kernel adds at activity gradients (edges of organs and tumours) and, by default, all photon dose.
//
// LED is expressed as a 1×1×1 DoseKernel, so the dose calculator treats it like any kernel: components, chain
// members, density correction and reports are the same for both methods.
// Depends on core, nuclides and kernels.
#include "rptdose/core/grid.hpp"
#include "rptdose/kernels/dose_kernel.hpp"
#include "rptdose/nuclides/chain.hpp"

namespace rptdose::dose {

struct LocalDepositionOptions {
  /// Count the photon energy as absorbed locally too. Off by default: most photon energy (e.g. 177Lu's 113 and
  /// 208 keV gammas) escapes a few-mm voxel, and counting it would overestimate the dose of small targets.
  bool include_photons = false;
};

/// The LED "kernel" of a decay chain (energy per parent decay, in-situ members as the chain says) for voxels of
/// `spacing_mm` of density `density_g_per_ml`: one voxel whose components are E_component · J/MeV / (ρ · V).
/// Throws InvalidInput for a non-positive or non-finite density or spacing.
kernels::DoseKernel local_deposition_kernel(const nuclides::DecayChain& chain, const Vector3& spacing_mm,
                                            double density_g_per_ml, const LocalDepositionOptions& options = {});

}  // namespace rptdose::dose
