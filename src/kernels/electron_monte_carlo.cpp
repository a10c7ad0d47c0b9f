#include "rptdose/kernels/electron_monte_carlo.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "monte_carlo_support.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/kernels/electron_physics.hpp"

namespace rptdose::kernels {
namespace {

constexpr double kMinCutoff_MeV = 1.0e-3;
constexpr double kMaxCutoff_MeV = 20.0e-3;

using mc::kPi;
using mc::Random;
using mc::rotate;
using mc::Vec3;
using mc::ScreeningInverse;
using Tally = mc::RadialTally;

/// Energy-dependent quantities on a logarithmic grid between the cut-off and the start energy.
class InteractionTables {
 public:
  InteractionTables(double cutoff_MeV, double max_MeV, const electrons::Medium& medium)
      : log_min_(std::log(cutoff_MeV)) {
    const double log_max = std::log(max_MeV * 1.001);
    step_ = (log_max - log_min_) / (kPoints - 1);
    for (int i = 0; i < kPoints; ++i) {
      const double e = std::exp(log_min_ + i * step_);
      stopping_[i] = electrons::restricted_stopping_power(e, cutoff_MeV, medium);
      moller_[i] = electrons::moller_cross_section(e, cutoff_MeV, medium);
      transport_mfp_[i] = 1.0 / electrons::transport_cross_section(e, medium);
    }
  }
  double stopping(double e) const { return lookup(stopping_, e); }
  double moller(double e) const { return lookup(moller_, e); }
  double transport_mfp(double e) const { return lookup(transport_mfp_, e); }

 private:
  static constexpr int kPoints = 512;
  double lookup(const std::array<double, kPoints>& table, double e) const {
    const double x = (std::log(e) - log_min_) / step_;
    const int i = std::clamp(static_cast<int>(x), 0, kPoints - 2);
    const double t = std::clamp(x - i, 0.0, 1.0);
    return table[i] + t * (table[i + 1] - table[i]);
  }
  double log_min_;
  double step_;
  std::array<double, kPoints> stopping_{}, moller_{}, transport_mfp_{};
};

struct Electron {
  Vec3 position;
  Vec3 direction;
  double energy_MeV;
};

class Transport {
 public:
  Transport(double energy_MeV, double cutoff_MeV, double step_fraction, const electrons::Medium& medium)
      : cutoff_(cutoff_MeV), step_fraction_(step_fraction), tables_(cutoff_MeV, energy_MeV, medium) {}

  void track(Electron e, Random& random, Tally& tally, std::vector<Electron>& stack) const {
    while (e.energy_MeV > cutoff_) {
      const double stopping = tables_.stopping(e.energy_MeV);
      const double continuous_step = step_fraction_ * e.energy_MeV / stopping;
      // Møller collisions become more likely as the electron slows: use the larger cross-section over the step
      // as a majorant and accept real collisions with the ratio (fictitious-interaction method).
      const double sigma_major =
          std::max(tables_.moller(e.energy_MeV), tables_.moller(e.energy_MeV * (1.0 - step_fraction_)));
      const double hard_distance = sigma_major > 0.0 ? -std::log(1.0 - random()) / sigma_major : continuous_step * 2.0;
      double step = std::min(continuous_step, hard_distance);
      const bool hard = hard_distance < continuous_step;
      const double mid_energy = std::max(e.energy_MeV - 0.5 * stopping * step, 0.5 * e.energy_MeV);
      double loss = tables_.stopping(mid_energy) * step;
      if (loss >= e.energy_MeV) {
        step *= e.energy_MeV / loss;
        loss = e.energy_MeV;
      }
      // Random hinge: straight to a uniformly chosen point of the step, deflect, straight for the rest.
      const double hinge = random() * step;
      const double target = -std::expm1(-step / tables_.transport_mfp(mid_energy));
      const double screening = screening_.screening_for(target);
      const double xi = random();
      const double one_minus_cos = 2.0 * screening * xi / (1.0 + screening - xi);
      const Vec3 at_hinge = e.position + hinge * e.direction;
      const Vec3 new_direction = rotate(e.direction, 1.0 - one_minus_cos, 2.0 * kPi * random());
      // The continuous loss is deposited at a uniformly chosen point of the two-segment path.
      const double where = random() * step;
      tally.deposit(where < hinge ? e.position + where * e.direction : at_hinge + (where - hinge) * new_direction,
                    loss);
      e.position = at_hinge + (step - hinge) * new_direction;
      e.direction = new_direction;
      e.energy_MeV -= loss;
      if (e.energy_MeV <= cutoff_) break;
      if (hard && random() * sigma_major < tables_.moller(e.energy_MeV)) {
        const double fraction = electrons::sample_moller_fraction(e.energy_MeV, cutoff_, random);
        const double before = e.energy_MeV;
        const double knock_on = fraction * before;
        const double after = before - knock_on;
        const double two_m = 2.0 * electrons::kElectronRestEnergy_MeV;
        const double phi = 2.0 * kPi * random();
        const double cos_knock_on = std::sqrt(knock_on * (before + two_m) / (before * (knock_on + two_m)));
        const double cos_primary = std::sqrt(after * (before + two_m) / (before * (after + two_m)));
        stack.push_back({e.position, rotate(e.direction, std::min(cos_knock_on, 1.0), phi), knock_on});
        e.direction = rotate(e.direction, std::min(cos_primary, 1.0), phi + kPi);
        e.energy_MeV = after;
      }
    }
    if (e.energy_MeV > 0.0) tally.deposit(e.position, e.energy_MeV);
  }

 private:
  double cutoff_;
  double step_fraction_;
  InteractionTables tables_;
  ScreeningInverse screening_;
};

}  // namespace

ScaledPointKernel simulate_electron_point_kernel(double energy_MeV, const ElectronMonteCarloOptions& options) {
  if (!(energy_MeV >= 0.005 && energy_MeV <= 10.0))
    throw InvalidInput("electron point kernel: energy " + std::to_string(energy_MeV) +
                       " MeV is outside the supported 0.005–10 MeV");
  if (options.histories == 0 || !(options.bin_width > 0.0) || !(options.max_scaled_radius > options.bin_width) ||
      !(options.step_energy_fraction > 0.0 && options.step_energy_fraction <= 0.2))
    throw InvalidInput(
        "electron point kernel: histories must be > 0, bin width > 0, radius > bin width and the "
        "step energy fraction in (0, 0.2]");
  const double cutoff = std::clamp(options.cutoff_fraction * energy_MeV, kMinCutoff_MeV, kMaxCutoff_MeV);
  const double range = electrons::csda_range(energy_MeV, options.medium);
  const Transport transport(energy_MeV, cutoff, options.step_energy_fraction, options.medium);
  return mc::run_point_source(energy_MeV, range, options.bin_width, options.max_scaled_radius, options.histories,
                              options.seed, options.parallel, [&](Random& random, Tally& tally) {
                                std::vector<Electron> stack{{{0, 0, 0}, {0, 0, 1}, energy_MeV}};
                                while (!stack.empty()) {
                                  const Electron e = stack.back();
                                  stack.pop_back();
                                  transport.track(e, random, tally, stack);
                                }
                              });
}

}  // namespace rptdose::kernels
