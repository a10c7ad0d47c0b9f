#include "rptdose/kernels/photon_monte_carlo.hpp"

#include <algorithm>
#include <cmath>

#include "monte_carlo_support.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/kernels/electron_physics.hpp"

namespace rptdose::kernels {
namespace {

using mc::Vec3;
constexpr double kPairThreshold_MeV = 2.0 * water::kElectronRestEnergy_MeV;
/// Photons below 1 keV are absorbed where they are (mean free path in water 2.5 µm).
constexpr double kPhotonCutoff_MeV = 1.0e-3;

}  // namespace

namespace {

struct Photon {
  Vec3 position;
  Vec3 direction;
  double energy_MeV;
};

/// Follows one photon until it is absorbed; pair production pushes its annihilation photons onto `stack`.
void track_photon(Photon p, const PhotonInteractions& xs, mc::Random& random, mc::RadialTally& tally,
                  std::vector<Photon>& stack) {
  while (p.energy_MeV >= kPhotonCutoff_MeV) {
    const double incoherent = xs.incoherent(p.energy_MeV);
    const double photoelectric = xs.photoelectric(p.energy_MeV);
    const double pair = xs.pair(p.energy_MeV);
    const double total = incoherent + photoelectric + pair;
    p.position = p.position + (-std::log(1.0 - random()) / total) * p.direction;
    const double choice = random() * total;
    if (choice < photoelectric) {
      tally.deposit(p.position, p.energy_MeV);
      return;
    }
    if (choice < photoelectric + pair) {
      tally.deposit(p.position, p.energy_MeV - kPairThreshold_MeV);
      const Vec3 d = mc::isotropic(random);
      stack.push_back({p.position, d, water::kElectronRestEnergy_MeV});
      stack.push_back({p.position, -1.0 * d, water::kElectronRestEnergy_MeV});
      return;
    }
    double cos_theta = 1.0;
    const double ratio = mc::sample_klein_nishina(p.energy_MeV, random, cos_theta);
    tally.deposit(p.position, p.energy_MeV * (1.0 - ratio));
    p.energy_MeV *= ratio;
    p.direction = mc::rotate(p.direction, cos_theta, 2.0 * mc::kPi * random());
  }
  tally.deposit(p.position, p.energy_MeV);
}

}  // namespace

ScaledPointKernel simulate_photon_point_kernel(double energy_MeV, const PhotonInteractions& xs,
                                               const PhotonMonteCarloOptions& options) {
  if (!(energy_MeV >= kPhotonCutoff_MeV && energy_MeV <= 10.0))
    throw InvalidInput("photon point kernel: energy " + std::to_string(energy_MeV) +
                       " MeV is outside the supported 0.001–10 MeV");
  if (options.histories == 0 || !(options.bin_width > 0.0) || !(options.max_scaled_radius > options.bin_width))
    throw InvalidInput("photon point kernel: histories must be > 0, bin width > 0 and radius > bin width");
  const double mean_free_path = 1.0 / xs.transport_attenuation(energy_MeV);
  return mc::run_point_source(energy_MeV, mean_free_path, options.bin_width, options.max_scaled_radius,
                              options.histories, options.seed, options.parallel,
                              [&](mc::Random& random, mc::RadialTally& tally) {
                                std::vector<Photon> stack{{{0, 0, 0}, mc::isotropic(random), energy_MeV}};
                                while (!stack.empty()) {
                                  const Photon p = stack.back();
                                  stack.pop_back();
                                  track_photon(p, xs, random, tally, stack);
                                }
                              });
}

}  // namespace rptdose::kernels
