#pragma once
// rptdose::kernels — electron interaction data for liquid water, computed from theory (no tables):
//  * collision stopping power: Bethe formula for electrons as given in ICRU Report 37 (1984), eq. 2.1–2.4, with
//    the Sternheimer density-effect correction (Sternheimer, Berger & Seltzer, At. Data Nucl. Data Tables 30:261,
//    1984; water: I = 75 eV, -C = 3.5017, x0 = 0.2400, x1 = 2.8004, a = 0.09116, m = 3.4773). These are the
//    inputs of NIST ESTAR, which this reproduces to a few tenths of a percent from 10 keV to 10 MeV;
//  * restricted stopping power and the Møller cross-section for knock-on electrons above a cut-off
//    (Rohrlich & Carlson 1954 as in the EGS4 manual, SLAC-265, §2.13), for class-II condensed-history transport;
//  * elastic scattering: screened Rutherford cross-section with Molière's screening angle and the
//    McKinley–Feshbach spin factor (first order in β², exact enough for Z ≤ 8), giving the transport mean free
//    path that drives multiple scattering.
// Radiative (bremsstrahlung) losses are not modelled: below 2.3 MeV they take < 1 % of an electron's energy in
// water (ESTAR radiation yield) and the kernel deposits that energy along the track instead (docs/physics.md).
// Energies in MeV, lengths in g/cm² (mass thickness: divide by the density in g/cm³ to get cm).
// Depends on nothing else in rptdose.

namespace rptdose::kernels::water {

/// Electron rest energy m_e c² (CODATA 2018), MeV.
inline constexpr double kElectronRestEnergy_MeV = 0.51099895000;

/// Density-effect correction δ of the collision stopping power (Sternheimer parameters of liquid water).
double density_effect_delta(double kinetic_energy_MeV);

/// Unrestricted collision stopping power S_col/ρ (MeV cm²/g).
double collision_stopping_power(double kinetic_energy_MeV);

/// Restricted collision stopping power L_Δ/ρ (MeV cm²/g): energy lost per g/cm² in collisions that transfer
/// less than `cutoff_MeV` to the knock-on electron. Equals collision_stopping_power() for a cut-off of E/2.
double restricted_stopping_power(double kinetic_energy_MeV, double cutoff_MeV);

/// Møller cross-section for knock-on electrons with kinetic energy in [cutoff, E/2], per g/cm² (cm²/g).
double moller_cross_section(double kinetic_energy_MeV, double cutoff_MeV);

/// Mean energy (MeV) carried per g/cm² by knock-on electrons above the cut-off: the part of the collision
/// stopping power that restricted_stopping_power() leaves out.
double moller_energy_loss(double kinetic_energy_MeV, double cutoff_MeV);

/// Samples the knock-on energy fraction ε = T/E in [cutoff/E, 1/2] from the Møller distribution, given a source of
/// uniform random numbers in [0, 1).
template <class Uniform>
double sample_moller_fraction(double kinetic_energy_MeV, double cutoff_MeV, Uniform&& uniform);

/// Elastic transport (first-moment) cross-section of water molecules per g/cm² (cm²/g); 1/value is the transport
/// mean free path λ₁ in g/cm². After a path s, ⟨cos θ⟩ = exp(−s/λ₁) (Goudsmit–Saunderson/Lewis).
double transport_cross_section(double kinetic_energy_MeV);

/// CSDA range (g/cm²) from the collision stopping power: ∫ dE / S_col from 1 keV (where the range is taken as
/// E/S_col) to E.
double csda_range(double kinetic_energy_MeV);

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

}  // namespace rptdose::kernels::water
