#include "rptdose/timeactivity/cross_nuclide.hpp"

#include <array>
#include <cmath>
#include <string>

#include "rptdose/core/error.hpp"

namespace rptdose::timeactivity {

double predict_integral(const FitResult& fit, const Samples& samples, double lambda_measured_per_s,
                        double lambda_new_per_s, const TrapezoidOptions& trapezoid) {
  if (!(std::isfinite(lambda_new_per_s) && lambda_new_per_s > 0))
    throw InvalidInput("the predicted nuclide's decay constant must be positive and finite, got " +
                       std::to_string(lambda_new_per_s) + " /s");
  switch (fit.status) {
    case FitStatus::Masked:
    case FitStatus::Zero:
      return 0.0;
    case FitStatus::Fitted:
      return integral(fit.model, fit.parameters, lambda_new_per_s);
    case FitStatus::Fallback:
    case FitStatus::Trapezoid:
      break;
  }
  // Trapezoid: convert each sample A(t) → A(t)·e^{(λ_meas − λ_new)·t} and integrate with the new decay.
  std::array<double, 64> converted{};
  if (samples.values.size() > converted.size())
    throw InvalidInput("cross-nuclide prediction supports at most 64 time points");
  for (std::size_t i = 0; i < samples.values.size(); ++i)
    converted[i] = samples.values[i] * std::exp((lambda_measured_per_s - lambda_new_per_s) * samples.times_s[i]);
  const Samples new_samples{samples.times_s, std::span<const double>(converted.data(), samples.values.size()), {}};
  return integrate_trapezoid(new_samples, lambda_new_per_s, trapezoid).integral;
}

}  // namespace rptdose::timeactivity
