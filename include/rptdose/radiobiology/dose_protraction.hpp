#pragma once
// rptdose::radiobiology — the Lea–Catcheside dose-protraction factor G of a dose-rate curve R(t):
//
//     G = (2 / D²) ∫_0^∞ R(t) ∫_0^t R(w) e^{−μ(t−w)} dw dt,     D = ∫_0^∞ R(t) dt,     μ = ln 2 / T_rep,
//
// the factor of the quadratic term of the linear-quadratic model with incomplete repair during a protracted
// exposure (Lea & Catcheside 1942; Dale, Br J Radiol 58:515, 1985; Sachs, Hahnfeldt & Brenner, Int J Radiat Biol
// 72:351, 1997). G = 1 for an instantaneous dose, G → 0 when the dose is delivered slowly compared with repair.
// G depends only on the shape of R(t), not on its scale: amplitudes may be in any unit.
//
// Module radiobiology owns: RBE weighting, BED/EQD2 (LQ model with incomplete repair), tissue parameters, EUD/EUBED,
// sums over cycles, activity planning to organ limits, red-marrow dose methods and the redistribution of alpha
// daughters. It depends on core, on timeactivity (dose-rate curves of fits, blood curves) and on nuclides (energies
// of daughters that leave); never on kernels, convolution or image files.
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "rptdose/timeactivity/curve_fit.hpp"
#include "rptdose/timeactivity/models.hpp"

namespace rptdose::radiobiology {

/// μ = ln 2 / T_rep in 1/s. Throws InvalidInput unless the repair half-time is finite and positive.
double repair_rate_per_s(double repair_half_time_s);

/// Mono-exponential dose rate R(t) = R0·e^{−λt} (Dale 1985): G = λ / (λ + μ) (= T_rep / (T_rep + T_eff)).
/// λ > 0 and μ ≥ 0, finite (InvalidInput otherwise).
double g_factor_mono_exponential(double decay_constant_per_s, double repair_rate_per_s);

/// Dose rate with an uptake phase R(t) = R0·(e^{−λt} − e^{−λu t}), λu > λ (the bi-exponential-uptake model of
/// timeactivity/models.hpp, λu = λ + κ). Closed form (derivation in the source):
///     G = λ·λu·(λ + λu + μ) / ((λ + λu)·(λ + μ)·(λu + μ)).
/// λu → ∞ gives the mono-exponential form. 0 < λ < λu, μ ≥ 0, finite (InvalidInput otherwise).
double g_factor_bi_exponential_uptake(double decay_constant_per_s, double uptake_decay_constant_per_s,
                                      double repair_rate_per_s);

/// One term a·e^{−λt} of a dose rate that is a sum of exponentials.
struct ExponentialTerm {
  double amplitude = 0.0;             ///< any unit (negative for an uptake term)
  double decay_constant_per_s = 0.0;  ///< λ > 0
};

/// G of R(t) = Σ a_i e^{−λ_i t} in closed form: G = (2/D²) Σ_i Σ_j a_i a_j / ((λ_i + λ_j)(λ_i + μ)),
/// D = Σ a_i / λ_i. Throws InvalidInput for an empty list, λ ≤ 0, non-finite values or a curve whose dose is not
/// positive. Negative amplitudes are allowed (uptake), but the caller keeps R(t) ≥ 0.
double g_factor_exponentials(std::span<const ExponentialTerm> terms, double repair_rate_per_s);

/// Kinetics as planning and the CLI describe them: an effective half-life T_eff (λ = ln 2 / T_eff, the terminal
/// phase) and an optional uptake half-time T_up, the half-life of the subtracted exponential: R ∝ e^{−λt} − e^{−λu t},
/// λu = ln 2 / T_up, T_up < T_eff (the "uptake_half_time_h" of the pipeline's summary.json). None: instantaneous
/// uptake.
struct Kinetics {
  double effective_half_life_s = 0.0;
  std::optional<double> uptake_half_time_s;
};
/// G of the kinetics above (mono-exponential or bi-exponential uptake closed form).
double g_factor(const Kinetics& kinetics, double repair_half_time_s);

/// Dose (∫R dt, in the dose-rate unit × s) and G of a curve found by quadrature.
struct DoseRateIntegrals {
  double dose = 0.0;
  double g_factor = 0.0;
};

struct QuadratureOptions {
  /// Integrate to this time (s, > 0). Beyond it the curve is R(end)·e^{−λ_tail (t − end)} when
  /// tail_decay_constant_per_s > 0 (integrated in closed form), else zero.
  double end_time_s = 0.0;
  double tail_decay_constant_per_s = 0.0;
  /// Times (s) where R(t) has a kink or jump (e.g. the samples of a tabulated curve): interval ends.
  std::vector<double> breakpoints_s;
  /// First step (s); 0: end_time · 1e-7.
  double first_step_s = 0.0;
  /// A step starting at t is at most (growth − 1)·t + first_step_s long: a geometric grid, fine after injection and
  /// coarse late, on which a sum of exponentials integrates to ~1e-12 relative (tests); kinks go in breakpoints_s.
  double growth = 1.1;
  /// Steps are at most this many repair times (1/μ) long, so e^{−μ(t−w)} varies little within one.
  double max_step_repair_times = 0.5;
};

/// G and the dose of any non-negative dose-rate curve R(t) (t in s) by composite 10-point Gauss–Legendre
/// quadrature of the double integral: on each interval [a, b] the repair-weighted dose
/// Q(t) = ∫_0^t R(w) e^{−μ(t−w)} dw is carried as Q(t) = Q(a)·e^{−μ(t−a)} + ∫_a^t R(w)·e^{−μ(t−w)} dw (inner
/// Gauss–Legendre on [a, t]) and G = 2 ∫ R·Q dt / D². The reference for the closed forms (measured ~1e-13 apart).
/// Throws InvalidInput for a negative or non-finite R, bad options or a zero dose.
DoseRateIntegrals integrate_dose_rate(const std::function<double(double t_s)>& dose_rate, double repair_rate_per_s,
                                      const QuadratureOptions& options);

/// A tabulated dose-rate curve (e.g. dose-rate maps at the imaging times, per VOI): straight lines between the
/// samples; before the first sample a line from 0 at injection (zero_at_injection) or the first value; after the
/// last one R_n·e^{−λ_tail (t − t_n)} (e.g. physical decay or the fitted terminal rate; 0: the curve ends there).
/// Integrated by integrate_dose_rate (breakpoints at the samples). Times strictly increasing and ≥ 0, rates ≥ 0.
struct TabulatedOptions {
  bool zero_at_injection = true;
  double tail_decay_constant_per_s = 0.0;
};
DoseRateIntegrals integrate_tabulated_dose_rate(std::span<const double> times_s, std::span<const double> dose_rates,
                                                double repair_rate_per_s, const TabulatedOptions& options);

/// The exponential terms of a fitted exponential model (models.hpp; λ_i = λ_phys + μ_i): the dose rate of a
/// source region is taken proportional to its activity (self-dose), so G of the activity curve is G of the dose
/// rate. Throws InvalidInput for the trapezoid (use integrate_tabulated_dose_rate with the samples).
std::vector<ExponentialTerm> exponential_terms(timeactivity::Model model, const timeactivity::Parameters& p,
                                               double lambda_phys_per_s);

/// G of a fitted curve: closed form for an exponential model; for the trapezoid (status Trapezoid/Fallback) the
/// tabulated curve of `samples` with the fit's tail rate and the given head. Throws InvalidInput for status Zero or
/// Masked, or a trapezoid fit without samples.
double g_factor_of_fit(
    const timeactivity::FitResult& fit, double lambda_phys_per_s, double repair_rate_per_s,
    const timeactivity::Samples* samples = nullptr,
    timeactivity::TrapezoidOptions::Head head = timeactivity::TrapezoidOptions::Head::ZeroAtInjection);

}  // namespace rptdose::radiobiology
