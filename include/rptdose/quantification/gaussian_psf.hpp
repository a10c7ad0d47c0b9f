#pragma once
// rptdose::quantification — the imaging system's point-spread function as a 3-D Gaussian, and blurring with it.
//
// SPECT and PET resolution after reconstruction (with or without resolution recovery) is described in the
// literature and in vendors' specifications by its full width at half maximum (FWHM); a Gaussian of that FWHM is
// the model every region-based partial-volume method assumes (Rousset et al. 1998, J Nucl Med 39:904; Thomas et
// al. 2011, EJNMMI 38:1104; Erlandsson et al. 2012, Phys Med Biol 57:R119). FWHM = 2·sqrt(2 ln 2)·σ.
//
// The blur is separable, along the image axes (the FWHM of each axis is along that axis, in mm), truncated at
// 3.5 σ and normalised to unit sum (the 0.05 % of a Gaussian beyond 3.5 σ is given back to the kernel), with zero
// outside the grid: what leaves the grid is lost, as it is for a camera whose field of view ends there.
//
// Module quantification owns what turns images into activity the dose can trust: the PSF, partial-volume
// correction, calibration. It depends on core only.
#include <vector>

#include "rptdose/core/grid.hpp"

namespace rptdose::quantification {

/// 2·sqrt(2·ln 2): FWHM over σ of a Gaussian.
inline constexpr double kFwhmPerSigma = 2.3548200450309493;

struct GaussianPsf {
  Vector3 fwhm_mm;  ///< along the image's x, y and z axes
  /// The same FWHM along every axis.
  static GaussianPsf isotropic(double fwhm_mm) { return {Vector3::Constant(fwhm_mm)}; }
};

/// Blurs x-fastest `values` on `grid` in place. Throws InvalidInput for a FWHM that is not positive and finite, or
/// values that do not match the grid.
void gaussian_blur(std::vector<double>& values, const Grid& grid, const GaussianPsf& psf, unsigned threads = 0);

}  // namespace rptdose::quantification
