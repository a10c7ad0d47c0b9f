#pragma once
// rptdose::kernels — electron interaction data of liquid water and ICRP soft tissue, computed from theory (no
// tables) for a medium given by its elemental composition, mean excitation energy and density-effect parameters:
//  * collision stopping power: Bethe formula for electrons as given in ICRU Report 37 (1984), eq. 2.1–2.4, with
//    the Sternheimer density-effect correction (Sternheimer, Berger & Seltzer, At. Data Nucl. Data Tables 30:261,
//    1984; parameters of each medium in electron_physics.cpp). These are the inputs of NIST ESTAR, which this
//    reproduces for water to a few tenths of a percent from 10 keV to 10 MeV;
//  * restricted stopping power and the Møller cross-section for knock-on electrons above a cut-off
//    (Rohrlich & Carlson 1954 as in the EGS4 manual, SLAC-265, §2.13), for class-II condensed-history transport;
//  * elastic scattering: screened Rutherford cross-section with Molière's screening angle and the
//    McKinley–Feshbach spin factor (first order in β², exact enough for Z ≤ 8), giving the transport mean free
//    path that drives multiple scattering.
// Radiative (bremsstrahlung) losses are not modelled: below 2.3 MeV they take < 1 % of an electron's energy in
// water (ESTAR radiation yield) and the kernel deposits that energy along the track instead (docs/physics.md).
// Energies in MeV, lengths in g/cm² (mass thickness: divide by the density in g/cm³ to get cm).
// Depends on nothing else in rptdose.
#include <string>
#include <vector>

namespace rptdose::kernels::electrons {

/// Electron rest energy m_e c² (CODATA 2018), MeV.
inline constexpr double kElectronRestEnergy_MeV = 0.51099895000;

/// What the electron physics needs to know of a medium.
struct Medium {
  struct Element {
    double z;
    double atomic_mass_g_per_mol;
    double mass_fraction;
    bool operator==(const Element&) const = default;
  };
  std::string name;  ///< owned (media are also built at run time, montecarlo/material_tables.hpp)
  std::vector<Element> elements;
  /// Mean excitation energy I (MeV).
  double mean_excitation_MeV;
  /// Sternheimer density-effect parameters −C, x0, x1, a, m (insulators: δ0 = 0).
  double sternheimer_minus_c, sternheimer_x0, sternheimer_x1, sternheimer_a, sternheimer_m;

  /// ⟨Z/A⟩ (mol/g): electrons per gram / N_A.
  double z_over_a() const;
  bool operator==(const Medium&) const = default;

  /// Liquid water H2O (I = 75 eV; ICRU 37, ESTAR).
  static const Medium& liquid_water();
  /// ICRP soft tissue (NIST/ESTAR "Tissue, Soft (ICRP)", 13 elements, I = 72.3 eV), the medium of the Monte Carlo
  /// voxel S-value databases (e.g. Lanconelli et al. 2012).
  static const Medium& icrp_soft_tissue();
};

/// Density-effect correction δ of the collision stopping power (Sternheimer parameters of the medium).
double density_effect_delta(double kinetic_energy_MeV, const Medium& medium = Medium::liquid_water());

/// Unrestricted collision stopping power S_col/ρ (MeV cm²/g).
double collision_stopping_power(double kinetic_energy_MeV, const Medium& medium = Medium::liquid_water());

/// Restricted collision stopping power L_Δ/ρ (MeV cm²/g): energy lost per g/cm² in collisions that transfer
/// less than `cutoff_MeV` to the knock-on electron. Equals collision_stopping_power() for a cut-off of E/2.
double restricted_stopping_power(double kinetic_energy_MeV, double cutoff_MeV,
                                 const Medium& medium = Medium::liquid_water());

/// Møller cross-section for knock-on electrons with kinetic energy in [cutoff, E/2], per g/cm² (cm²/g).
double moller_cross_section(double kinetic_energy_MeV, double cutoff_MeV,
                            const Medium& medium = Medium::liquid_water());

/// Mean energy (MeV) carried per g/cm² by knock-on electrons above the cut-off: the part of the collision
/// stopping power that restricted_stopping_power() leaves out.
double moller_energy_loss(double kinetic_energy_MeV, double cutoff_MeV, const Medium& medium = Medium::liquid_water());

/// Samples the knock-on energy fraction ε = T/E in [cutoff/E, 1/2] from the Møller distribution, given a source of
/// uniform random numbers in [0, 1). Independent of the medium.
template <class Uniform>
double sample_moller_fraction(double kinetic_energy_MeV, double cutoff_MeV, Uniform&& uniform);

/// Elastic transport (first-moment) cross-section of the medium's atoms per g/cm² (cm²/g); 1/value is the
/// transport mean free path λ₁ in g/cm². After a path s, ⟨cos θ⟩ = exp(−s/λ₁) (Goudsmit–Saunderson/Lewis).
double transport_cross_section(double kinetic_energy_MeV, const Medium& medium = Medium::liquid_water());

/// CSDA range (g/cm²) from the collision stopping power: ∫ dE / S_col from 1 keV (where the range is taken as
/// E/S_col) to E. Tabulated once per distinct medium (thread-safe).
double csda_range(double kinetic_energy_MeV, const Medium& medium = Medium::liquid_water());

// ---- implementation of the template ----
namespace detail {
double moller_shape_over_bound(double epsilon, double tau);
}

template <class Uniform>
double sample_moller_fraction(double kinetic_energy_MeV, double cutoff_MeV, Uniform&& uniform) {
  // Sample 1/ε² on [εc, 1/2] exactly, then accept with ε²·f(ε)/2.25 (ε²·f ≤ 2.25 on [0, 1/2]).
  const double eps_c = cutoff_MeV / kinetic_energy_MeV;
  const double tau = kinetic_energy_MeV / kElectronRestEnergy_MeV;
  for (;;) {
    const double u = uniform();
    const double epsilon = 1.0 / (1.0 / eps_c - u * (1.0 / eps_c - 2.0));
    if (uniform() < detail::moller_shape_over_bound(epsilon, tau)) return epsilon;
  }
}

}  // namespace rptdose::kernels::electrons

namespace rptdose::kernels::water {
using electrons::kElectronRestEnergy_MeV;  // the photon code's name for it
}  // namespace rptdose::kernels::water
