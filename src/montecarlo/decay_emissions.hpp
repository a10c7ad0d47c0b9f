#pragma once
// Internal: what one decay of a chain's parent emits, sampled for the voxel Monte Carlo. The chain's members decay
// where the parent did (nuclides/chain.hpp, in-situ decays per parent decay), so the emissions of all members are
// pooled, each weighted by its decays per parent decay:
//  * alphas and recoil nuclei (ranges of micrometres) deposit in the decay voxel: their mean energy per parent
//    decay is added there exactly (no sampling, no variance);
//  * beta- particles: energies from each member's ICRP-107 summed beta spectrum (piecewise linear, sampled
//    exactly), the member chosen with probability ∝ its betas per parent decay;
//  * discrete electrons (conversion, Auger, delayed beta) and beta+ branches (at their mean kinetic energy: ICRP 107
//    gives no positron spectra; their annihilation photons are ICRP-107 lines of their own), and photons (gamma, X,
//    annihilation): for each kind with Y particles per parent decay, ⌊Y⌋ particles and one more with probability
//    Y − ⌊Y⌋, each line chosen with probability ∝ its yield (Walker's alias method).
// Every kind keeps its mean energy per parent decay exactly; correlations between the emissions of one decay are
// not kept (they do not change mean doses).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "rptdose/nuclides/chain.hpp"

namespace rptdose::montecarlo::detail {

/// Walker's alias table (Vose's construction): samples index i with probability ∝ weights[i] in O(1).
class AliasTable {
 public:
  AliasTable() = default;
  explicit AliasTable(const std::vector<double>& weights);
  bool empty() const { return probability_.empty(); }
  template <class Uniform>
  std::size_t sample(Uniform& uniform) const {
    const double u = uniform() * static_cast<double>(probability_.size());
    const auto i = std::min(static_cast<std::size_t>(u), probability_.size() - 1);
    return (u - static_cast<double>(i)) < probability_[i] ? i : alias_[i];
  }

 private:
  std::vector<double> probability_;
  std::vector<std::size_t> alias_;
};

/// A piecewise-linear density on points (x_i, f_i), sampled exactly.
class PiecewiseLinearSampler {
 public:
  PiecewiseLinearSampler(std::vector<double> x, std::vector<double> density);
  /// ∫ f dx.
  double integral() const { return integral_; }
  /// ∫ x f dx.
  double first_moment() const { return first_moment_; }
  template <class Uniform>
  double sample(Uniform& uniform) const {
    const std::size_t i = intervals_.sample(uniform);
    const double f0 = f_[i], f1 = f_[i + 1], u = uniform();
    // Inverse of the CDF of a linear density on [0, 1]: t with f0·t + (f1 − f0)·t²/2 = u·(f0 + f1)/2.
    double t = u;
    if (std::abs(f1 - f0) > 1e-9 * (f0 + f1)) t = (std::sqrt(f0 * f0 + u * (f1 * f1 - f0 * f0)) - f0) / (f1 - f0);
    return x_[i] + t * (x_[i + 1] - x_[i]);
  }

 private:
  std::vector<double> x_, f_;
  AliasTable intervals_;
  double integral_ = 0.0, first_moment_ = 0.0;
};

/// Positron: made by pair production, annihilates where it stops (decay positrons are Electron: see the .cpp).
enum class ParticleKind : std::uint8_t { Electron, Positron, Photon };

class DecayEmissions {
 public:
  explicit DecayEmissions(const nuclides::DecayChain& chain);

  /// Alpha + recoil energy per parent decay (MeV), deposited in the decay voxel.
  double local_alpha_MeV() const { return local_alpha_MeV_; }
  /// Mean energy per parent decay of the sampled electrons and photons (MeV).
  double mean_electron_MeV() const { return mean_electron_MeV_; }
  double mean_photon_MeV() const { return mean_photon_MeV_; }

  /// Calls emit(kind, energy_MeV) for each particle of one parent decay.
  template <class Uniform, class Emit>
  void sample(Uniform& uniform, Emit&& emit) const {
    for (const auto& group : groups_) {
      const double whole = std::floor(group.yield_per_decay);
      int count = static_cast<int>(whole);
      if (uniform() < group.yield_per_decay - whole) ++count;
      for (int n = 0; n < count; ++n) {
        const std::size_t which = group.choice.sample(uniform);
        const double energy = group.spectra.empty() ? group.energies_MeV[which] : group.spectra[which].sample(uniform);
        emit(group.kind, energy);
      }
    }
  }

 private:
  struct Group {
    ParticleKind kind = ParticleKind::Electron;
    double yield_per_decay = 0.0;
    AliasTable choice;                            // line, or member spectrum
    std::vector<double> energies_MeV;             // lines
    std::vector<PiecewiseLinearSampler> spectra;  // beta- spectra (one per member), else empty
  };
  std::vector<Group> groups_;
  double local_alpha_MeV_ = 0.0, mean_electron_MeV_ = 0.0, mean_photon_MeV_ = 0.0;
};

}  // namespace rptdose::montecarlo::detail
