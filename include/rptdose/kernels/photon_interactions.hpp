#pragma once
// rptdose::kernels — photon interaction coefficients of liquid water (cm²/g) for the photon Monte Carlo.
//
// Data (data/kernels/, sources in data/SOURCES.md):
//  * μ/ρ and μ_en/ρ of "Water, Liquid" from Hubbell & Seltzer (NIST SRD 126), 1 keV–20 MeV;
//  * XCOM components (coherent, incoherent, photoelectric; NIST SRD 8) at 1–3 keV and 50 keV–1 MeV.
// Components everywhere:
//  * incoherent = Klein–Nishina per electron × electrons per gram × the XCOM/Klein–Nishina ratio (the binding
//    correction, interpolated in ln E between XCOM energies; 1 above 1 MeV where binding no longer matters);
//  * coherent and photoelectric: log-log interpolation of XCOM; between 3 and 50 keV, where no XCOM rows are at
//    hand, photoelectric = μ_en − incoherent × (Klein–Nishina energy-transfer fraction) and coherent = the rest of
//    μ (it is not transported, so only the sum matters); above 1 MeV log-log
//    extrapolation (both are < 0.1 % of μ there);
//  * pair production (nuclear + electron field) above 1.022 MeV = μ − the other three.
// Depends on nothing else in rptdose but core/error.
#include <istream>
#include <string>
#include <vector>

namespace rptdose::kernels {

/// Klein–Nishina cross-section of a free electron (cm²) for a photon of energy E.
double klein_nishina_cross_section_cm2(double energy_MeV);
/// Mean fraction of the photon energy given to the electron in Klein–Nishina scattering (σ_tr/σ).
double klein_nishina_energy_transfer_fraction(double energy_MeV);

class PhotonInteractions {
 public:
  /// `attenuation`: CSV energy_MeV, mu_over_rho, mu_en_over_rho. `components`: CSV energy_MeV, coherent,
  /// incoherent, photoelectric. Lines starting with '#' and the first other line (header) are skipped.
  PhotonInteractions(std::istream& attenuation, std::istream& components, const std::string& source);
  /// The bundled liquid-water data (loaded once; thread-safe).
  static const PhotonInteractions& water();

  double attenuation(double energy_MeV) const;        ///< μ/ρ including coherent (Hubbell–Seltzer)
  double energy_absorption(double energy_MeV) const;  ///< μ_en/ρ (Hubbell–Seltzer)
  double coherent(double energy_MeV) const;
  double incoherent(double energy_MeV) const;
  double photoelectric(double energy_MeV) const;
  double pair(double energy_MeV) const;
  /// μ/ρ of the interactions the Monte Carlo follows: incoherent + photoelectric + pair (coherent left out).
  double transport_attenuation(double energy_MeV) const {
    return incoherent(energy_MeV) + photoelectric(energy_MeV) + pair(energy_MeV);
  }

 private:
  struct Table {
    std::vector<double> log_energy;
    std::vector<std::vector<double>> log_values;                  // per column
    double log_log(std::size_t column, double energy_MeV) const;  // interpolates/extrapolates in log-log
    double linear_in_log_energy(const std::vector<double>& values, double energy_MeV) const;
  };
  Table hubbell_seltzer_;
  Table xcom_;
  double transfer_fraction(double energy_MeV) const;
  std::vector<double> binding_ratio_;  // XCOM incoherent / Klein–Nishina at the XCOM energies
  Table transfer_fraction_;            // energy grid of the Klein–Nishina transfer fractions
  std::vector<double> transfer_values_;
};

}  // namespace rptdose::kernels
