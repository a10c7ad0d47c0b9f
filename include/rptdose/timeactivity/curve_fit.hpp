#pragma once
// rptdose::timeactivity — fitting one time-activity curve (a voxel's or a VOI's samples) and integrating it.
//
// Least squares with weights (Poisson-like by default: variance ∝ value, as for counts), Levenberg–Marquardt from
// linearised starts (log-linear regression for the slow phase, amplitudes by linear least squares), bounds
// projected (models.hpp). Parameter covariance C = s²·(JᵀWJ)⁻¹ with s² = RSS_w/(n − k); the TIA's standard error
// propagates C through ∂TIA/∂p.
//
// Automatic model selection: a model with k parameters is fitted only to n ≥ k + 1 samples (never a 3-parameter
// fit to 3 points). A fit is acceptable when it converged, its curve is valid and its weighted R² ≥ min_r_squared.
// Among acceptable fits the corrected Akaike information criterion
//     AICc = n·ln(RSS_w/n) + 2k + 2k(k + 1)/(n − k − 1)
// (Burnham & Anderson 2002; as used for biokinetic fits by Glatting et al., Med Phys 34:4068, 2007) picks the
// best; a fit for which AICc is undefined (n = k + 1) is taken only when no model with a defined AICc is
// acceptable (e.g. an uptake phase that a mono-exponential cannot follow, at 4 time points). When no fit is
// acceptable the trapezoid is used and the status says so.
//
// Module timeactivity owns time-activity models, fits and TIA; it depends on core only, never on ITK or DCMTK.
#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "rptdose/timeactivity/models.hpp"

namespace rptdose::timeactivity {

/// One time-activity curve. Times strictly increasing and ≥ 0 (checked by the callers that take user input).
struct Samples {
  std::span<const double> times_s;
  std::span<const double> values;
  std::span<const double> weights;  ///< optional: 1/variance per sample; empty → FitOptions::weighting
};

enum class Weighting {
  Poisson,  ///< w = 1 / max(|value|, 1 % of the largest |value|): variance ∝ counts
  Uniform,  ///< w = 1
};
inline constexpr EnumNames<Weighting, 2> kWeightingNames{
    {{Weighting::Poisson, "poisson"}, {Weighting::Uniform, "uniform"}}};
/// "poisson" or "uniform"; throws InvalidInput otherwise.
Weighting parse_weighting(std::string_view name);

struct TrapezoidOptions {
  enum class Head {
    ZeroAtInjection,  ///< uptake segment: a straight line from 0 at injection to the first sample
    FirstValue,       ///< instant uptake: the first sample's value back to injection
  };
  Head head = Head::ZeroAtInjection;
  /// After the last sample: physical decay, or the exponential through the last two samples when that is faster.
  bool exponential_tail = true;
};

struct FitOptions {
  std::optional<Model> model;  ///< nullopt: automatic selection
  Weighting weighting = Weighting::Poisson;
  /// Acceptance threshold on the weighted R² of a fit (automatic selection; a forced model falls back to the
  /// trapezoid below it too).
  double min_r_squared = 0.9;
  int max_iterations = 100;
  TrapezoidOptions trapezoid;
};

enum class FitStatus : unsigned char {
  Masked = 0,     ///< not fitted (outside the mask)
  Fitted = 1,     ///< an exponential model fitted and accepted
  Fallback = 2,   ///< no acceptable fit (failed, invalid or poor): the trapezoid was used
  Trapezoid = 3,  ///< the trapezoid was asked for (or too few samples for any fit)
  Zero = 4,       ///< no positive sample: integral 0
};
inline constexpr EnumNames<FitStatus, 5> kFitStatusNames{{{FitStatus::Masked, "masked"},
                                                          {FitStatus::Fitted, "fitted"},
                                                          {FitStatus::Fallback, "fallback"},
                                                          {FitStatus::Trapezoid, "trapezoid"},
                                                          {FitStatus::Zero, "zero"}}};
std::string_view status_name(FitStatus status);

struct FitResult {
  Model model = Model::Trapezoid;
  FitStatus status = FitStatus::Trapezoid;
  Parameters parameters{};  ///< amplitudes in the samples' unit, rates μ and κ in 1/s
  /// Parameter covariance, row-major parameter_count(model)², in the units of `parameters`.
  std::array<double, kMaxParameters * kMaxParameters> covariance{};
  double integral = 0.0;     ///< ∫_0^∞ A dt in value·s (TIA for activity in Bq: Bq·s)
  double integral_se = 0.0;  ///< its standard error (0 for the trapezoid: not estimated)
  double r_squared = 1.0;    ///< weighted R² (1 for the trapezoid: it passes through every sample)
  double aicc = std::numeric_limits<double>::infinity();  ///< +inf when undefined (n ≤ k + 1) or not a fit
  double terminal_decay_constant_per_s = 0.0;             ///< slowest phase (or the trapezoid's tail)
  int iterations = 0;
  int negative_samples = 0;

  /// ln 2 / terminal decay constant, in s.
  double effective_half_life_s() const { return std::log(2.0) / terminal_decay_constant_per_s; }
};

/// Fits one exponential model (no fallback): status Fitted when acceptable, Fallback otherwise (the parameters
/// are then those reached). Requires n ≥ k + 1 (throws InvalidInput).
FitResult fit_model(Model model, const Samples& samples, double lambda_phys_per_s, const FitOptions& options = {});
/// The trapezoid integral of the samples with its head and tail.
FitResult integrate_trapezoid(const Samples& samples, double lambda_phys_per_s, const TrapezoidOptions& options = {});
/// The model asked for (options.model) or the automatic choice, falling back to the trapezoid; status Zero when no
/// sample is positive.
FitResult fit_curve(const Samples& samples, double lambda_phys_per_s, const FitOptions& options = {});

/// The minimum-data rule: throws InvalidInput when `model` (k parameters) cannot be fitted to `samples` < k + 1
/// samples (the trapezoid needs none).
void require_enough_samples(Model model, std::size_t samples);

/// Poisson-like weights of `values` (see Weighting::Poisson) written to `weights`.
void poisson_weights(std::span<const double> values, std::span<double> weights);

}  // namespace rptdose::timeactivity
