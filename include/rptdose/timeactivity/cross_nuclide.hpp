#pragma once
// rptdose::timeactivity — cross-nuclide prediction: kinetics measured with one nuclide (e.g. 177Lu, or a 203Pb or
// 68Ga surrogate) predict the time-integrated activity of another (225Ac, 212Pb, 161Tb) carried by the same
// molecule. The measured curve A(t) = B(t)·e^{−λ_meas t} gives the biological curve B(t) = A(t)·e^{+λ_meas t};
// the prediction is ∫ B(t)·e^{−λ_new t} dt.
//
// Assumptions (docs/time-activity.md): the same biodistribution per administered activity (same molecule, same
// amount of peptide); daughters of the new nuclide decay where it decays (in situ, as its kernel assumes); the
// biological curve beyond the measured times follows the fitted model (for the trapezoid: biological constancy
// after the last sample, i.e. a physical-decay tail of the new nuclide, or the measured exponential washout when
// faster). Predicting a long-lived nuclide from a short-lived surrogate extrapolates far beyond the data.
// Results are per the administered activity of the measurement: scale by the ratio of administered activities.
//
// Module timeactivity owns time-activity models, fits and TIA; it depends on core only, never on ITK or DCMTK.
#include "rptdose/timeactivity/curve_fit.hpp"

namespace rptdose::timeactivity {

/// The integral (value·s) the curve of `fit` (made with `samples` and λ_meas) would have with λ_new instead.
/// Exponential models keep their biological rates; the trapezoid is recomputed on the converted samples.
double predict_integral(const FitResult& fit, const Samples& samples, double lambda_measured_per_s,
                        double lambda_new_per_s, const TrapezoidOptions& trapezoid = {});

}  // namespace rptdose::timeactivity
