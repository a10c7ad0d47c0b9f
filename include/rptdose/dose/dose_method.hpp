#pragma once
// rptdose::dose — the dose methods and the one factory of their kernels, shared by the pipeline (study files), the
// CLI and the Python package: a voxel S-value kernel (kernels/kernel_generation.hpp, convolved) or local energy
// deposition (local_deposition.hpp, a 1×1×1 kernel); Monte Carlo transport (montecarlo/monte_carlo_dose.hpp) has
// no kernel: the pipeline runs it on the study's TIA map and geometry (pipeline/stage_dose.cpp). A new dose method is a value here, a line in its name table,
// its description and a case in make_dose_kernel.
// Depends on core, nuclides and kernels.
#include <optional>
#include <string_view>

#include "rptdose/core/enum_names.hpp"
#include "rptdose/core/grid.hpp"
#include "rptdose/dose/local_deposition.hpp"
#include "rptdose/kernels/dose_kernel.hpp"
#include "rptdose/kernels/kernel_cache.hpp"
#include "rptdose/kernels/kernel_generation.hpp"
#include "rptdose/nuclides/chain.hpp"

namespace rptdose::dose {

enum class DoseMethod {
  Kernel,           ///< voxel S-value kernel convolution (cross-fire of electrons and photons)
  LocalDeposition,  ///< the energy is absorbed in the voxel of the decay (no cross-fire)
  MonteCarlo,       ///< transport of every emission through the voxels' materials and densities (no kernel)
};
inline constexpr EnumNames<DoseMethod, 3> kDoseMethodNames{{{DoseMethod::Kernel, "kernel"},
                                                            {DoseMethod::LocalDeposition, "led"},
                                                            {DoseMethod::MonteCarlo, "monte-carlo"}}};
/// "kernel", "led" or "monte-carlo".
std::string_view dose_method_name(DoseMethod method);
/// "kernel", "led" or "monte-carlo"; throws InvalidInput otherwise (naming the methods with their descriptions).
DoseMethod parse_dose_method(std::string_view name);
/// What the method is, for reports and messages: "voxel S-value kernel", "local energy deposition".
std::string_view dose_method_description(DoseMethod method);

/// Full range (the default: no kernel radius): photons over the whole image. The kernel reaches this radius (mm)
/// at the image's resolution and splits its photons smoothly there (kernels/photon_far_field.hpp): the near part
/// and every electron and alpha in the kernel (beyond the largest electron range of the therapy beta emitters:
/// 90Y 11 mm in water, ICRU Report 37 CSDA range of 2.28 MeV), the far part on a grid of about R/3 = 20 mm voxels
/// (DoseCalculator, far_photon_coarse_factor) followed to the end of the photon point kernel tables.
inline constexpr double kFullRangePhotonSplitRadius_mm = 60.0;

/// Everything that defines the dose kernel besides the nuclide and the voxel size.
struct DoseMethodSpec {
  DoseMethod method = DoseMethod::Kernel;
  /// Kernel: the kernel reaches this far along every axis and photons farther away are left out; none (the
  /// default): full range (kFullRangePhotonSplitRadius_mm).
  std::optional<double> kernel_radius_mm;
  kernels::Medium medium = kernels::Medium::SoftTissue;
  std::optional<double> density_g_per_ml;  ///< overrides the medium's nominal density
  /// Kernel: photons are followed to this radius (default: the kernel's corner, or with full range the end of the
  /// photon point kernel tables).
  std::optional<double> photon_radius_mm;
  LocalDepositionOptions local_deposition;  ///< LocalDeposition: which energy is absorbed locally
  nuclides::ChainOptions chain;             ///< the daughters of the nuclide's chain
};

/// The generation options of method Kernel for voxels of `spacing_mm` (what a KernelCache is keyed by); checked
/// (KernelOptions::validate) where a kernel is generated or looked up.
kernels::KernelOptions kernel_options(const DoseMethodSpec& spec, const Vector3& spacing_mm, unsigned threads);

/// The dose kernel of `spec` for `nuclide` and its decay chain (spec.chain) on voxels of `spacing_mm`: the voxel
/// S-value kernel (taken from `cache` when given, else generated with `threads` worker threads) or the LED kernel
/// (in the medium's density). Throws UnknownNuclide, and InvalidInput for bad options and for MonteCarlo (which has
/// no kernel).
kernels::DoseKernel make_dose_kernel(std::string_view nuclide, const Vector3& spacing_mm, const DoseMethodSpec& spec,
                                     unsigned threads, kernels::KernelCache* cache = nullptr);

}  // namespace rptdose::dose
