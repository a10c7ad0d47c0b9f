#pragma once
// rptdose::nuclides — one radionuclide's decay data (ICRP Publication 107): half-life, decay modes with branching
// and progeny, and emissions by radiation type. Depends on core only.
#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rptdose::nuclides {

/// Radiation types as listed in ICRP-107.
enum class Radiation {
  Alpha,               ///< alpha particles
  AlphaRecoil,         ///< recoiling daughter nucleus after alpha decay
  BetaMinus,           ///< beta- branches (mean energy of each branch, branch yield)
  BetaPlus,            ///< beta+ branches (mean kinetic energy of each branch, branch yield)
  Annihilation,        ///< 0.511 MeV annihilation photons of positrons
  ConversionElectron,  ///< internal-conversion electrons ("IE")
  Auger,               ///< Auger electrons
  Gamma,               ///< gamma rays
  XRay,                ///< X-rays
  Neutron,             ///< neutrons (spontaneous fission)
  Fission,             ///< fission fragments
  DelayedBeta,         ///< beta particles of delayed emissions ("betaD")
};
inline constexpr std::array kAllRadiations = {
    Radiation::Alpha,    Radiation::AlphaRecoil,  Radiation::BetaMinus,
    Radiation::BetaPlus, Radiation::Annihilation, Radiation::ConversionElectron,
    Radiation::Auger,    Radiation::Gamma,        Radiation::XRay,
    Radiation::Neutron,  Radiation::Fission,      Radiation::DelayedBeta};

/// The ICRP-107 key of a radiation type ("alpha", "alpha recoil", "beta-", "IE", "X", ...).
std::string_view radiation_key(Radiation radiation);

/// One discrete emission (or one beta branch): energy in MeV and number emitted per decay.
struct EmissionLine {
  double energy_MeV;
  double yield_per_decay;
};

/// A point of the summed beta- spectrum: energy (MeV) and number of beta particles per MeV per decay.
struct SpectrumPoint {
  double energy_MeV;
  double per_MeV_per_decay;
};

/// One decay mode: "alpha", "beta-", "beta+/EC", "EC", "IT" or "SF"; fraction of decays; progeny (empty for SF).
struct DecayMode {
  std::string mode;
  double fraction;
  std::string progeny;
};

/// Mean energy emitted per decay (MeV), grouped as the dose engine uses it.
///  alpha: alpha particles; alpha_recoil: recoil nuclei (both deposit within micrometres);
///  electron: beta-, beta+ kinetic, delayed beta, conversion and Auger electrons;
///  photon: gamma, X-ray and annihilation photons. Neutrons and fission fragments are not included.
struct EnergyByCategory {
  double alpha_MeV = 0.0;
  double alpha_recoil_MeV = 0.0;
  double electron_MeV = 0.0;
  double photon_MeV = 0.0;

  double total_MeV() const { return alpha_MeV + alpha_recoil_MeV + electron_MeV + photon_MeV; }
  EnergyByCategory& add_scaled(const EnergyByCategory& other, double factor);
};

class Nuclide {
 public:
  Nuclide(std::string name, double half_life_s, std::vector<DecayMode> decay_modes);

  /// Canonical name, e.g. "Lu-177", "Tc-99m".
  const std::string& name() const { return name_; }
  double half_life_s() const { return half_life_s_; }
  /// ln 2 / half-life, in 1/s.
  double decay_constant_per_s() const;
  const std::vector<DecayMode>& decay_modes() const { return decay_modes_; }

  std::span<const EmissionLine> lines(Radiation radiation) const;
  /// Summed beta- spectrum (empty when the nuclide has no beta- decay).
  std::span<const SpectrumPoint> beta_spectrum() const { return beta_spectrum_; }

  /// Σ energy × yield over the lines of one radiation type (MeV per decay).
  double energy_per_decay_MeV(Radiation radiation) const;
  EnergyByCategory energy_per_decay() const;

  void set_lines(Radiation radiation, std::vector<EmissionLine> lines);
  void set_beta_spectrum(std::vector<SpectrumPoint> spectrum) { beta_spectrum_ = std::move(spectrum); }

 private:
  std::string name_;
  double half_life_s_;
  std::vector<DecayMode> decay_modes_;
  std::array<std::vector<EmissionLine>, kAllRadiations.size()> lines_;
  std::vector<SpectrumPoint> beta_spectrum_;
};

}  // namespace rptdose::nuclides
