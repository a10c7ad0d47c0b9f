#pragma once
// rptdose::quantification — the recovery curve RC(V): the fraction of the true activity concentration an image
// shows as the mean over an object's true volume, as a function of that volume (partial-volume effect of the
// system's finite resolution), measured on spheres of known volume and concentration (NEMA IEC body phantom,
// quantification/sphere_phantom.hpp) and fitted with
//     RC(V) = a / (1 + (b / V)^c),      a > 0 (plateau), b > 0 (mL: the volume of half the plateau), c > 0,
// a log-logistic (Hill) sigmoid in V: monotone, RC → 0 for V → 0 and → a for V → ∞, as a blurred sphere's mean
// recovery behaves. Least squares (Levenberg–Marquardt; weights 1/u² when every point has an uncertainty u, else
// equal), covariance C = s²·(JᵀWJ)⁻¹ with s² = RSS_w/(n − 3); the uncertainty of RC at a volume is the delta
// method √(gᵀ C g), g = ∂RC/∂(a, b, c).
//
// Outside the fitted volumes: below the smallest sphere the volume is clamped to it (RC of the smallest sphere:
// the sigmoid's extrapolation towards 0 would make a correction 1/RC unbounded on no data). Above the largest
// sphere the lost fraction follows the surface law from the curve's value there,
//     1 − RC(V) = (1 − RC(V_max)) · (V_max / V)^(1/3),      u(V) = u(V_max) · (V_max / V)^(1/3),
// because for objects large against the PSF the loss is a surface shell of fixed depth (σ/√(2π) for a Gaussian
// PSF), so 1 − RC ∝ surface/volume. It rises towards 1, not towards the sigmoid's plateau a: the spheres of a NEMA
// phantom at SPECT resolution (10 mm FWHM: RC 0.22–0.73) are all still on the rise, so a is not determined by them
// (a fit gives ≈ 0.84), and RC = a would over-correct a 1000 mL liver by ~9 % (true RC 0.92). Against the analytic
// recovery of Gaussian-blurred spheres the law is within 0.3 % from 100 to 1500 mL (tests/quantification/
// recovery_curve_test.cpp). Organs are not spheres: a flatter or elongated object has more surface per volume and
// recovers less than the sphere of its volume, so the correction is a lower bound there (docs/calibration.md).
// `within_fitted_range` lets callers say when either rule applies.
//
// Module quantification owns camera calibration, recovery coefficients, partial-volume correction and
// normalisation to a known activity; it depends on core only, never on ITK or DCMTK.
#include <array>
#include <span>
#include <string>

namespace rptdose::quantification {

/// One measured recovery coefficient: an object (a sphere) of true volume `volume_mL` imaged with mean
/// concentration `recovery` × the true concentration.
struct RecoveryPoint {
  std::string name;         ///< e.g. "sphere 1 (10 mm)"; may be empty
  double volume_mL = 0.0;   ///< the object's true volume, > 0
  double recovery = 0.0;    ///< mean in the true volume / true concentration, > 0
  double recovery_u = 0.0;  ///< its standard uncertainty; 0: unknown (then all points are weighted equally)
};

/// RC(V) = a / (1 + (b/V)^c), fitted over [volume_min_mL, volume_max_mL].
struct RecoveryCurve {
  static constexpr std::size_t kParameterCount = 3;
  double a = 1.0;     ///< plateau (dimensionless)
  double b_mL = 1.0;  ///< volume at which RC = a/2, mL
  double c = 1.0;     ///< steepness (dimensionless)
  /// Covariance of (a, b_mL, c), row-major 3×3, in the parameters' units.
  std::array<double, kParameterCount * kParameterCount> covariance{};
  double volume_min_mL = 0.0;  ///< smallest fitted volume
  double volume_max_mL = 0.0;  ///< largest fitted volume

  /// RC at `volume_mL` (> 0; InvalidInput otherwise), with the out-of-range rule of the header comment.
  double recovery(double volume_mL) const;
  /// The standard uncertainty of recovery(volume_mL) from the parameter covariance (same volume rule).
  double recovery_u(double volume_mL) const;
  /// volume_min_mL ≤ volume_mL ≤ volume_max_mL.
  bool within_fitted_range(double volume_mL) const;
};

/// Fits the curve to ≥ 4 points (3 parameters and at least one degree of freedom) of at least 3 distinct
/// volumes. Throws InvalidInput for fewer points, a non-positive or non-finite volume, recovery or uncertainty,
/// and NumericalError when the fit does not converge or its covariance is singular.
RecoveryCurve fit_recovery_curve(std::span<const RecoveryPoint> points);

}  // namespace rptdose::quantification
