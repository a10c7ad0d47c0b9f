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
// the sigmoid's extrapolation towards 0 would make a correction 1/RC unbounded on no data); above the largest the
// curve itself is used, which rises monotonically towards its plateau a (large organs are recovered almost
// fully). `within_fitted_range` lets callers say when either happens.
//
// Module quantification owns camera calibration, recovery coefficients, partial-volume correction and
// normalisation to a known activity; it depends on core and timeactivity only, never on ITK or DCMTK.
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
