#include "rptdose/nuclides/nuclide.hpp"

#include <cmath>
#include <numbers>

namespace rptdose::nuclides {

std::string_view radiation_key(Radiation radiation) {
  switch (radiation) {
    case Radiation::Alpha:
      return "alpha";
    case Radiation::AlphaRecoil:
      return "alpha recoil";
    case Radiation::BetaMinus:
      return "beta-";
    case Radiation::BetaPlus:
      return "beta+";
    case Radiation::Annihilation:
      return "annihilation";
    case Radiation::ConversionElectron:
      return "IE";
    case Radiation::Auger:
      return "auger";
    case Radiation::Gamma:
      return "gamma";
    case Radiation::XRay:
      return "X";
    case Radiation::Neutron:
      return "neutron";
    case Radiation::Fission:
      return "fission";
    case Radiation::DelayedBeta:
      return "betaD";
  }
  return "unknown";
}

EnergyByCategory& EnergyByCategory::add_scaled(const EnergyByCategory& other, double factor) {
  alpha_MeV += factor * other.alpha_MeV;
  alpha_recoil_MeV += factor * other.alpha_recoil_MeV;
  electron_MeV += factor * other.electron_MeV;
  photon_MeV += factor * other.photon_MeV;
  return *this;
}

Nuclide::Nuclide(std::string name, double half_life_s, std::vector<DecayMode> decay_modes)
    : name_(std::move(name)), half_life_s_(half_life_s), decay_modes_(std::move(decay_modes)) {}

double Nuclide::decay_constant_per_s() const {
  return std::numbers::ln2 / half_life_s_;
}

std::span<const EmissionLine> Nuclide::lines(Radiation radiation) const {
  return lines_[static_cast<std::size_t>(radiation)];
}

void Nuclide::set_lines(Radiation radiation, std::vector<EmissionLine> lines) {
  lines_[static_cast<std::size_t>(radiation)] = std::move(lines);
}

double Nuclide::energy_per_decay_MeV(Radiation radiation) const {
  double total = 0.0;
  for (const auto& line : lines(radiation)) total += line.energy_MeV * line.yield_per_decay;
  return total;
}

EnergyByCategory Nuclide::energy_per_decay() const {
  EnergyByCategory e;
  e.alpha_MeV = energy_per_decay_MeV(Radiation::Alpha);
  e.alpha_recoil_MeV = energy_per_decay_MeV(Radiation::AlphaRecoil);
  e.electron_MeV = energy_per_decay_MeV(Radiation::BetaMinus) + energy_per_decay_MeV(Radiation::BetaPlus) +
                   energy_per_decay_MeV(Radiation::DelayedBeta) + energy_per_decay_MeV(Radiation::ConversionElectron) +
                   energy_per_decay_MeV(Radiation::Auger);
  e.photon_MeV = energy_per_decay_MeV(Radiation::Gamma) + energy_per_decay_MeV(Radiation::XRay) +
                 energy_per_decay_MeV(Radiation::Annihilation);
  return e;
}

}  // namespace rptdose::nuclides
