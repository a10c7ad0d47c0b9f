#pragma once
// rptdose::timeactivity — the time-activity models, their integrals to infinity and derivatives.
//
// Module timeactivity owns: time-activity models and fits (per voxel and per VOI), trapezoid integration,
// single-time-point methods, cross-nuclide prediction and image series (units, decay correction). It depends on
// core (and nuclides for decay constants) only; it knows nothing of kernels or dose, so it integrates dose-rate
// maps the same way it integrates activity maps.
//
// Every exponential's decay constant is bounded by physical decay: λ = λ_phys + μ with a biological rate μ ≥ 0
// (biological half-life ≥ 0, i.e. nothing clears slower than it decays). Values are whatever the samples are
// (Bq, Bq/mL, Gy/s); times are in seconds after injection; integrals are value·s.
//
//   mono-exponential          A(t) = A0·e^{−λ1 t}                                  p = (A0, μ1)
//   bi-exponential uptake     A(t) = A0·(e^{−λ1 t} − e^{−λ2 t}),  λ2 = λ1 + κ       p = (A0, μ1, κ)
//   bi-exponential washout    A(t) = A1·e^{−λ1 t} + A2·e^{−λ2 t}                   p = (A1, μ1, A2, μ2)
//   tri-exponential           A(t) = A1·e^{−λ1 t} + A2·e^{−λ2 t} − (A1 + A2)·e^{−λ3 t}
//                             (uptake λ3 with two washouts; valid when λ3 > λ1, λ2) p = (A1, μ1, A2, μ2, μ3)
// Amplitudes A ≥ 0, rates μ ≥ 0, κ > 0.
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

#include "rptdose/core/enum_names.hpp"

namespace rptdose::timeactivity {

enum class Model : unsigned char {
  MonoExponential = 1,
  BiExponentialUptake = 2,
  BiExponentialWashout = 3,
  TriExponential = 4,
  Trapezoid = 5,  ///< samples joined by straight lines, with a head before the first and a tail after the last
};
inline constexpr int kMaxParameters = 5;
using Parameters = std::array<double, kMaxParameters>;

/// The models' names (core/enum_names.hpp), then their short aliases. A new model is one line here; the study file,
/// the CLI, Python and every output take its name from this table.
inline constexpr EnumNames<Model, 9> kModelNames{{
    {Model::MonoExponential, "mono-exponential"},
    {Model::BiExponentialUptake, "bi-exponential-uptake"},
    {Model::BiExponentialWashout, "bi-exponential-washout"},
    {Model::TriExponential, "tri-exponential"},
    {Model::Trapezoid, "trapezoid"},
    {Model::MonoExponential, "mono"},
    {Model::BiExponentialUptake, "bi-uptake"},
    {Model::BiExponentialWashout, "bi-washout"},
    {Model::TriExponential, "tri"},
}};
/// "mono-exponential", "bi-exponential-uptake", "bi-exponential-washout", "tri-exponential", "trapezoid".
std::string_view model_name(Model model);
/// The names above (also "mono", "bi-uptake", "bi-washout", "tri"); throws InvalidInput otherwise.
Model parse_model(std::string_view name);

/// The name of the automatic choice among the models (corrected-AIC selection with fallback to the trapezoid,
/// curve_fit.hpp), wherever a model is chosen by name (study file, CLI, Python).
inline constexpr std::string_view kAutomaticModelName = "auto";
/// A model name or "auto" (nullopt: automatic selection); throws InvalidInput as parse_model otherwise.
std::optional<Model> parse_model_choice(std::string_view name);
/// "auto" for nullopt, else model_name.
std::string_view model_choice_name(const std::optional<Model>& model);
/// Fitted parameters (0 for the trapezoid).
int parameter_count(Model model);

/// A(t) of an exponential model; `gradient` (parameter_count entries, may be null) receives ∂A/∂p.
double evaluate(Model model, const Parameters& p, double lambda_phys_per_s, double t_s, double* gradient = nullptr);
/// ∫_0^∞ A(t) dt; `gradient` (may be null) receives its derivatives.
double integral(Model model, const Parameters& p, double lambda_phys_per_s, double* gradient = nullptr);
/// Decay constant of the slowest exponential (the terminal phase), 1/s.
double terminal_decay_constant(Model model, const Parameters& p, double lambda_phys_per_s);
/// Lower bound of parameter `index` (0 for amplitudes and rates; a tiny positive rate for κ).
double lower_bound(Model model, int index);
/// Moves p into the model's bounds (A ≥ 0, μ ≥ 0, κ ≥ a tiny positive rate).
void project_to_bounds(Model model, Parameters& p);
/// Whether fitted parameters describe a valid curve (the tri-exponential's uptake rate must exceed both washouts).
bool is_valid(Model model, const Parameters& p);

}  // namespace rptdose::timeactivity
