#include "decay_emissions.hpp"

#include <numeric>
#include <string>

#include "rptdose/core/error.hpp"

namespace rptdose::montecarlo::detail {

AliasTable::AliasTable(const std::vector<double>& weights) {
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  if (weights.empty() || !(total > 0.0)) throw InvalidInput("alias table: weights must have a positive sum");
  const std::size_t n = weights.size();
  probability_.assign(n, 0.0);
  alias_.resize(n);
  std::vector<double> scaled(n);
  std::vector<std::size_t> small, large;
  for (std::size_t i = 0; i < n; ++i) {
    scaled[i] = weights[i] * static_cast<double>(n) / total;
    alias_[i] = i;
    (scaled[i] < 1.0 ? small : large).push_back(i);
  }
  while (!small.empty() && !large.empty()) {
    const std::size_t s = small.back(), l = large.back();
    small.pop_back();
    probability_[s] = scaled[s];
    alias_[s] = l;
    scaled[l] -= 1.0 - scaled[s];
    if (scaled[l] < 1.0) {
      large.pop_back();
      small.push_back(l);
    }
  }
  for (std::size_t i : large) probability_[i] = 1.0;
  for (std::size_t i : small) probability_[i] = 1.0;  // rounding leftovers
}

PiecewiseLinearSampler::PiecewiseLinearSampler(std::vector<double> x, std::vector<double> density)
    : x_(std::move(x)), f_(std::move(density)) {
  if (x_.size() < 2 || x_.size() != f_.size()) throw InvalidInput("spectrum: needs at least two points");
  std::vector<double> areas(x_.size() - 1);
  for (std::size_t i = 0; i + 1 < x_.size(); ++i) {
    const double w = x_[i + 1] - x_[i];
    if (!(w >= 0.0) || f_[i] < 0.0 || f_[i + 1] < 0.0)
      throw InvalidInput("spectrum: energies must increase and densities be non-negative");
    areas[i] = 0.5 * w * (f_[i] + f_[i + 1]);
    integral_ += areas[i];
    // ∫ x f over a linear piece: w/6 · [f0 (2 x0 + x1) + f1 (x0 + 2 x1)].
    first_moment_ += w / 6.0 * (f_[i] * (2.0 * x_[i] + x_[i + 1]) + f_[i + 1] * (x_[i] + 2.0 * x_[i + 1]));
  }
  intervals_ = AliasTable(areas);
}

namespace {

using nuclides::Radiation;

/// Lines of `kinds` over all members, weighted by each member's decays per parent decay.
void add_lines(const nuclides::DecayChain& chain, std::initializer_list<Radiation> kinds, std::vector<double>& energies,
               std::vector<double>& yields, bool skip_beta_minus_with_spectrum) {
  for (const auto& member : chain.members()) {
    for (Radiation kind : kinds) {
      if (kind == Radiation::BetaMinus && skip_beta_minus_with_spectrum && !member.nuclide->beta_spectrum().empty())
        continue;
      for (const auto& line : member.nuclide->lines(kind)) {
        if (!(line.energy_MeV > 0.0) || !(line.yield_per_decay > 0.0)) continue;
        energies.push_back(line.energy_MeV);
        yields.push_back(line.yield_per_decay * member.decays_per_parent_decay);
      }
    }
  }
}

}  // namespace

DecayEmissions::DecayEmissions(const nuclides::DecayChain& chain) {
  for (const auto& member : chain.members()) {
    const auto energy = member.nuclide->energy_per_decay();
    local_alpha_MeV_ += member.decays_per_parent_decay * (energy.alpha_MeV + energy.alpha_recoil_MeV);
  }
  const auto add_line_group = [&](ParticleKind kind, std::initializer_list<Radiation> kinds) {
    Group group;
    group.kind = kind;
    std::vector<double> yields;
    add_lines(chain, kinds, group.energies_MeV, yields, true);
    if (yields.empty()) return;
    group.yield_per_decay = std::accumulate(yields.begin(), yields.end(), 0.0);
    for (std::size_t i = 0; i < yields.size(); ++i)
      (kind == ParticleKind::Photon ? mean_photon_MeV_ : mean_electron_MeV_) += yields[i] * group.energies_MeV[i];
    group.choice = AliasTable(yields);
    groups_.push_back(std::move(group));
  };
  // Beta- spectra: one sampler per member, chosen ∝ its betas per parent decay.
  Group betas;
  betas.kind = ParticleKind::Electron;
  std::vector<double> member_weights;
  for (const auto& member : chain.members()) {
    const auto spectrum = member.nuclide->beta_spectrum();
    if (spectrum.size() < 2) continue;
    std::vector<double> x, f;
    for (const auto& point : spectrum) {
      x.push_back(point.energy_MeV);
      f.push_back(point.per_MeV_per_decay);
    }
    PiecewiseLinearSampler sampler(std::move(x), std::move(f));
    const double beta_MeV = member.nuclide->energy_per_decay_MeV(Radiation::BetaMinus);
    if (!(sampler.integral() > 0.0) || !(beta_MeV > 0.0)) continue;
    // The tabulated spectrum's shape with the ICRP-107 beta- energy per decay (as the kernels' point_kernel_table
    // does): the piecewise-linear integral of the tabulated points exceeds the branches' yields by 0.04–0.17 %
    // and their mean energies by 0.2–0.6 % (Lu-177), so the number of betas per decay is the energy over the
    // spectrum's mean energy per beta.
    const double mean_beta_MeV = sampler.first_moment() / sampler.integral();
    member_weights.push_back(beta_MeV / mean_beta_MeV * member.decays_per_parent_decay);
    mean_electron_MeV_ += beta_MeV * member.decays_per_parent_decay;
    betas.spectra.push_back(std::move(sampler));
  }
  if (!member_weights.empty()) {
    betas.yield_per_decay = std::accumulate(member_weights.begin(), member_weights.end(), 0.0);
    betas.choice = AliasTable(member_weights);
    groups_.push_back(std::move(betas));
  }
  // Beta+ branches are followed as electrons: their annihilation photons are ICRP-107 lines of their own, so the
  // positron must not annihilate again where it stops.
  add_line_group(ParticleKind::Electron, {Radiation::BetaMinus, Radiation::BetaPlus, Radiation::ConversionElectron,
                                          Radiation::Auger, Radiation::DelayedBeta});
  add_line_group(ParticleKind::Photon, {Radiation::Gamma, Radiation::XRay, Radiation::Annihilation});
}

}  // namespace rptdose::montecarlo::detail
