#pragma once
// rptdose::dose — absorbed dose from time-integrated activity (or dose rate from activity) and a voxel S-value
// kernel (DESIGN.md §3 "Dose"):
//
//     D(r) = Σ_s Ã(s) · S(r − s)      Ã in Bq·s per voxel, S in Gy/(Bq·s), D in Gy
//
// a linear convolution cropped to the image grid (activity near an edge deposits only what lands inside), then
// optionally the density correction (density_correction.hpp). The same operator maps activity (Bq per voxel) to
// dose rate (Gy/s). The calculator keeps one Convolver per kernel part, so the kernel spectra are computed once
// and reused for every map of the same size (e.g. every time point of the dose-rate route).
//
// Kernel parts: each component kernel (alpha, electron, photon) is cropped to the box of its non-zero values, so
// a component that deposits locally (alphas, electrons on voxels larger than their range) costs a multiplication
// and a short-range one a small direct convolution; only the long-range part needs the FFT. With `components`
// off, the total kernel is convolved once.
//
// Full-range photons (a kernel with a far photon field, kernels/photon_far_field.hpp): the near part of the
// photons is in the kernel and convolved as above; the far part, smooth, is convolved on a grid
// far_photon_coarse_factor() times coarser (activity shared between the coarse nodes around each voxel with
// linear weights, the far field sampled at the nodes' offsets over the whole image, the result interpolated back
// linearly) and added to the photon map (or the total). Its error against the full-resolution full-range kernel
// is below 1 % of every VOI's dose on the example study (docs/dose-engine.md).
//
// Chain members: a kernel made for a decay chain (kernels::generate_kernel, or local_deposition_kernel) already
// holds every in-situ member per parent decay, so the parent's TIA is all it needs. A member with its own
// distribution (e.g. a released daughter imaged separately) gets its own single-member kernel and TIA map; add
// the maps with accumulate().
// Depends on core, kernels and convolution.
#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rptdose/convolution/convolver.hpp"
#include "rptdose/core/volume.hpp"
#include "rptdose/core/volume_checks.hpp"
#include "rptdose/dose/density_correction.hpp"
#include "rptdose/kernels/dose_kernel.hpp"

namespace rptdose::dose {

/// The split radius of full-range photons spans this many coarse voxels: the far part ε·g varies little over a
/// coarse voxel (its second-order interpolation error is ~ (h/R)²; docs/dose-engine.md has the measured errors).
inline constexpr double kFarPhotonSplitInCoarseVoxels = 3.0;
/// Coarsening factor per axis of the far photons: f = max(1, ⌊R / (kFarPhotonSplitInCoarseVoxels · h)⌋) for a
/// split radius R and voxel edge h.
std::array<std::size_t, 3> far_photon_coarse_factor(const Vector3& spacing_mm, double split_radius_mm);

struct DoseOptions {
  /// Also return the alpha, electron and photon maps (their sum is the total).
  bool components = false;
  /// Densities below this are clamped in the density correction (see density_correction.hpp).
  double density_floor_g_per_ml = kDefaultDensityFloor_g_per_ml;
  convolution::ConvolutionOptions convolution;
};

/// What the calculation found and did, for the study's report.
struct DoseReport {
  /// Negative voxels of the input (Bq·s or Bq): kept as they are (they come from noisy images, and dropping them
  /// would bias the dose up), but counted.
  NegativeVoxels negative_input;
  /// Voxels whose density was below the floor (0 without density correction).
  std::size_t density_clamped_voxels = 0;
  bool density_corrected = false;
  /// How each kernel part was applied, e.g. "electron: direct 3×3×3; photon: fft 51×51×51 (FFTW 3.3.10)".
  std::string method;
};

/// Dose (Gy) or dose-rate (Gy/s) maps on the input's grid.
struct DoseMaps {
  Volume<float> total;
  std::optional<Volume<float>> alpha, electron, photon;  ///< when DoseOptions::components
  DoseReport report;

  /// The map of one component (Total always; the others throw InvalidInput when they were not computed).
  const Volume<float>& component(kernels::KernelComponent component) const;
};

class DoseCalculator {
 public:
  /// Throws InvalidInput when components are asked of a total-only kernel, or for a bad density floor.
  explicit DoseCalculator(kernels::DoseKernel kernel, DoseOptions options = {});
  ~DoseCalculator();
  DoseCalculator(DoseCalculator&&) noexcept;
  DoseCalculator& operator=(DoseCalculator&&) noexcept;

  /// Absorbed dose (Gy) from a TIA map in Bq·s per voxel. `density_g_per_ml` (same grid, optional) applies the
  /// density correction. Throws InvalidInput for an empty grid, NaN/Inf voxels (naming how many and where), a
  /// kernel spacing different from the map's, or a density map on another grid or with bad values.
  DoseMaps dose_from_tia(const Volume<float>& tia_Bq_s, const Volume<float>* density_g_per_ml = nullptr) const;
  /// Dose rate (Gy/s) from an activity map in Bq per voxel; the same checks.
  DoseMaps dose_rate_from_activity(const Volume<float>& activity_Bq,
                                   const Volume<float>* density_g_per_ml = nullptr) const;

  const kernels::DoseKernel& kernel() const;
  const DoseOptions& options() const;

 private:
  struct Part;
  struct FarPhotons;
  DoseMaps apply(const Volume<float>& source, const Volume<float>* density, const char* what) const;
  kernels::DoseKernel kernel_;
  DoseOptions options_;
  std::unique_ptr<FarPhotons> far_;
  std::vector<Part> parts_;
};

/// Adds `part` (e.g. a chain member's own dose) to `sum`: totals and the components both have; reports merged.
/// Throws InvalidInput when the grids differ.
void accumulate(DoseMaps& sum, const DoseMaps& part);

}  // namespace rptdose::dose
