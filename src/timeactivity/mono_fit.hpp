#pragma once
// Internal to timeactivity (not installed): the curve in hours that the fits work on, the selection rule given an
// already fitted mono-exponential, and the mono-exponential fit of a batch of voxel curves at once.
//
// MonoBatch runs fit_mono (curve_fit.cpp) on up to kCapacity curves side by side, structure of arrays over the
// curves: the same start, Levenberg–Marquardt steps, tolerances, bounds, statistics and acceptance, each curve with
// its own damping and iteration count. Every step (exponentials, sums, the 2×2 algebra) runs as one loop over the
// curves, SIMD lanes across curves (2, 4 or 8 doubles: SSE2, AVX2 or AVX-512F, the widest the CPU has) instead of
// across the 4 samples of one curve; curves that stop are held and dropped from the loops once they fill half the
// vectors, so the work follows each curve's own iteration count. Each lane repeats fit_mono's operations in the
// order of its Eigen expressions, so in an x86-64 build without -march (Eigen in SSE2 packets, no fused
// multiply-add) a curve's result is fit_mono's bit for bit, on every instruction set; elsewhere it agrees to
// rounding. The reference tests: tests/timeactivity/voxel_fit_test.cpp (fit_voxels against fit_curve and
// fit_model, every instruction set against fit_model). A curve's result never depends on the other curves of the
// batch (deterministic for any grouping and thread count). Needs GCC or Clang (vector extensions).
#include <array>
#include <cstddef>
#include <memory>
#include <span>

#include "rptdose/timeactivity/curve_fit.hpp"

namespace rptdose::timeactivity::detail {

inline constexpr int kMaxSamples = 64;
// Poisson-like weights are floored at this fraction of the curve's largest |value| (a sample near zero must not
// get an unbounded weight).
inline constexpr double kWeightFloorFraction = 0.01;
inline constexpr double kConvergence = 1e-8;    // relative change of the weighted RSS that ends the iterations
inline constexpr double kStepTolerance = 1e-6;  // relative parameter step that ends them too

struct Curve {  // the samples in hours, with weights
  int n = 0;
  std::array<double, kMaxSamples> t, y, w;  // not zero-filled: only [0, n) is used (this runs per voxel)
  double lambda_phys = 0.0;                 // 1/h
};

/// fit_curve's choice for a curve with at least one positive sample: the model asked for or the automatic
/// selection, falling back to the trapezoid. `mono` (in hours, as fit_mono leaves it; may be null) is the
/// mono-exponential fit of `c` already made, used instead of fitting it again. Result in seconds.
FitResult select_fit(const Curve& c, const FitOptions& options, const FitResult* mono);
/// integrate_trapezoid for a Curve. Result in seconds.
FitResult trapezoid(const Curve& c, const TrapezoidOptions& options);
/// A result computed in hours (fit_mono, MonoBatch::result) in seconds, as fit_curve returns it.
FitResult in_seconds(FitResult hours);

/// The arrays of a MonoBatch (mono_fit_kernel.inc works on them): rows of kCapacity values, one row per sample for
/// the per-sample arrays.
struct MonoArrays {
  /// Curves per batch: ~30 kB of working set for 4 samples, in the L1 cache (measured: 64 curves fit 20–25 % faster
  /// than 512 with AVX-512).
  static constexpr int kCapacity = 64;
  int n = 0;
  const double* t = nullptr;  ///< n times, hours
  double lambda_phys = 0.0;   ///< 1/h
  // Per curve (slot): values and weights.
  double *y, *w;
  // The working curves (still iterating, or done and held until compacted), compacted to the front: samples,
  // weights, exponentials, trial exponentials, scratch; their state.
  double *work_y, *work_w, *e, *trial_e, *d1, *r;
  double *a, *mu, *rss, *damping, *j00, *j01, *j11, *g0, *g1, *trial_a, *trial_mu, *trial_rss;
  double *stop, *converged, *accepted, *done, *stopped_at;  // done: stopped, held until compacted
  int *slot, *keep;
  // Per slot: the final state, then the statistics.
  double *f_a, *f_mu, *f_rss, *f_j00, *f_j01, *f_j11, *f_converged;
  int* iterations;
  double *sw, *r_squared, *integral, *integral_se, *c00, *c01, *c11, *acceptable;
};

class MonoBatch {
 public:
  static constexpr int kCapacity = MonoArrays::kCapacity;

  /// Curves of n ≥ 3 samples at the times t_h (hours, n values, kept by pointer) with λ_phys in 1/h.
  MonoBatch(int n, const double* t_h, double lambda_phys_per_h);

  /// Sample i of curve `slot` (< kCapacity).
  double& value(int i, int slot) { return s_.y[index(i, slot)]; }
  double value(int i, int slot) const { return s_.y[index(i, slot)]; }

  /// Weights (FitOptions::weighting) and the mono-exponential fit of curves [0, count), each with a positive
  /// sample. Results in hours, as fit_mono leaves them.
  void fit(int count, const FitOptions& options);

  bool acceptable(int slot) const { return s_.acceptable[slot] != 0; }  ///< fit_mono's status Fitted
  double mu(int slot) const { return s_.f_mu[slot]; }                   ///< 1/h
  double integral(int slot) const { return s_.integral[slot]; }         ///< value·h
  double integral_se(int slot) const { return s_.integral_se[slot]; }
  double r_squared(int slot) const { return s_.r_squared[slot]; }
  /// The FitResult fit_mono makes for curve `slot` (hours).
  FitResult result(int slot) const;
  /// Curve `slot` with its weights.
  void curve(int slot, Curve& c) const;

  /// The instruction sets of the kernel this CPU runs, widest first ("avx512f", "avx2", "sse2"), and the one fit()
  /// uses (the first).
  static std::span<const char* const> instruction_sets();
  static const char* instruction_set();
  /// fit() with the kernel of `instruction_set` (one of instruction_sets(), supported by this CPU): for tests.
  void fit_with(const char* instruction_set, int count, const FitOptions& options);

 private:
  std::size_t index(int i, int slot) const { return static_cast<std::size_t>(i) * kCapacity + slot; }

  MonoArrays s_;
  // One allocation, not initialised (every value is written before it is read).
  std::unique_ptr<double[]> buffer_;
  std::unique_ptr<int[]> indices_;
};

}  // namespace rptdose::timeactivity::detail
