#include "rptdose/kernels/electron_physics.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace rptdose::kernels::water {
namespace {

// CODATA 2018 constants.
constexpr double kClassicalElectronRadius_cm = 2.8179403262e-13;
constexpr double kAvogadro_per_mol = 6.02214076e23;
constexpr double kHbarC_MeV_cm = 197.3269804e-13;
constexpr double kBohrRadius_cm = 0.529177210903e-8;
constexpr double kFineStructure = 1.0 / 137.035999084;

// Liquid water H2O: molar mass 18.01528 g/mol (IUPAC standard atomic weights H 1.00794, O 15.9994 as used by
// ESTAR), 10 electrons per molecule.
constexpr double kMolarMass_g_per_mol = 18.01528;
constexpr double kElectronsPerMolecule = 10.0;
constexpr double kZOverA = kElectronsPerMolecule / kMolarMass_g_per_mol;

// Mean excitation energy and Sternheimer density-effect parameters of liquid water (ICRU 37; Sternheimer, Berger
// & Seltzer 1984, table entry "water, liquid").
constexpr double kMeanExcitation_MeV = 75.0e-6;
constexpr double kSternheimerMinusC = 3.5017;
constexpr double kSternheimerX0 = 0.2400;
constexpr double kSternheimerX1 = 2.8004;
constexpr double kSternheimerA = 0.09116;
constexpr double kSternheimerM = 3.4773;

// 2π r_e² m c² N_A Z/A, MeV cm²/g: the prefactor of the Bethe and Møller formulas.
constexpr double kBethePrefactor = 2.0 * 3.14159265358979323846 * kClassicalElectronRadius_cm *
                                   kClassicalElectronRadius_cm * kElectronRestEnergy_MeV * kAvogadro_per_mol * kZOverA;

struct Kinematics {
  double tau;    // kinetic energy / m c²
  double beta2;  // (v/c)²
};
Kinematics kinematics(double kinetic_energy_MeV) {
  const double tau = kinetic_energy_MeV / kElectronRestEnergy_MeV;
  const double gamma = tau + 1.0;
  return {tau, 1.0 - 1.0 / (gamma * gamma)};
}

// The logarithm shared by the Bethe formula: ln(2(τ+2)/(I/mc²)²).
double bethe_log(double tau) {
  const double i_ratio = kMeanExcitation_MeV / kElectronRestEnergy_MeV;
  return std::log(2.0 * (tau + 2.0) / (i_ratio * i_ratio));
}

constexpr double kPi = 3.14159265358979323846;

}  // namespace

double density_effect_delta(double kinetic_energy_MeV) {
  const auto [tau, beta2] = kinematics(kinetic_energy_MeV);
  const double x = std::log10(std::sqrt(tau * (tau + 2.0)));  // log10(βγ) = log10(p / m c)
  if (x < kSternheimerX0) return 0.0;                         // water is an insulator: δ0 = 0
  const double two_ln10 = 2.0 * std::log(10.0);
  if (x < kSternheimerX1)
    return two_ln10 * x - kSternheimerMinusC + kSternheimerA * std::pow(kSternheimerX1 - x, kSternheimerM);
  return two_ln10 * x - kSternheimerMinusC;
}

double restricted_stopping_power(double kinetic_energy_MeV, double cutoff_MeV) {
  const auto [tau, beta2] = kinematics(kinetic_energy_MeV);
  // η: cut-off in units of m c², at most τ/2 (the faster of the two outgoing electrons is the primary).
  const double eta = std::min(cutoff_MeV / kElectronRestEnergy_MeV, 0.5 * tau);
  const double g = tau + 1.0;
  const double f = -1.0 - beta2 + std::log((tau - eta) * eta) + tau / (tau - eta) +
                   (0.5 * eta * eta + (2.0 * tau + 1.0) * std::log(1.0 - eta / tau)) / (g * g);
  return kBethePrefactor / beta2 * (bethe_log(tau) + f - density_effect_delta(kinetic_energy_MeV));
}

double collision_stopping_power(double kinetic_energy_MeV) {
  return restricted_stopping_power(kinetic_energy_MeV, 0.5 * kinetic_energy_MeV);
}

namespace {
/// The Møller cross-section dσ/dε ∝ 1/ε² + 1/(1−ε)² + r² − c/(ε(1−ε)) with r = τ/(τ+1), c = (2τ+1)/(τ+1)².
struct MollerShape {
  double r, c;
  explicit MollerShape(double tau) : r(tau / (tau + 1.0)), c((2.0 * tau + 1.0) / ((tau + 1.0) * (tau + 1.0))) {}
};
}  // namespace

double moller_cross_section(double kinetic_energy_MeV, double cutoff_MeV) {
  const double eps_c = cutoff_MeV / kinetic_energy_MeV;
  if (eps_c >= 0.5) return 0.0;
  const auto [tau, beta2] = kinematics(kinetic_energy_MeV);
  const auto [r, c] = MollerShape(tau);
  // ∫_{εc}^{1/2} [1/ε² + 1/(1−ε)² + r² − c/(ε(1−ε))] dε
  const double integral =
      (1.0 / eps_c - 2.0) + (2.0 - 1.0 / (1.0 - eps_c)) + (0.5 - eps_c) * r * r - c * std::log((1.0 - eps_c) / eps_c);
  return kBethePrefactor / (beta2 * kinetic_energy_MeV) * integral;
}

double moller_energy_loss(double kinetic_energy_MeV, double cutoff_MeV) {
  const double eps_c = cutoff_MeV / kinetic_energy_MeV;
  if (eps_c >= 0.5) return 0.0;
  const auto [tau, beta2] = kinematics(kinetic_energy_MeV);
  const auto [r, c] = MollerShape(tau);
  // ∫_{εc}^{1/2} ε [1/ε² + 1/(1−ε)² + r² − c/(ε(1−ε))] dε
  const double integral = std::log(0.5 / eps_c) + (2.0 - std::log(2.0)) -
                          (1.0 / (1.0 - eps_c) + std::log(1.0 - eps_c)) + r * r * (0.125 - 0.5 * eps_c * eps_c) -
                          c * std::log(2.0 * (1.0 - eps_c));
  return kBethePrefactor / beta2 * integral;
}

namespace detail {
double moller_shape_over_bound(double epsilon, double tau) {
  const auto [r, c] = MollerShape(tau);
  const double q = epsilon / (1.0 - epsilon);
  return (1.0 + q * q + epsilon * epsilon * r * r - c * q) / 2.25;
}
}  // namespace detail

double transport_cross_section(double kinetic_energy_MeV) {
  const auto [tau, beta2] = kinematics(kinetic_energy_MeV);
  const double gamma = tau + 1.0;
  const double beta = std::sqrt(beta2);
  const double pc_MeV = std::sqrt(kinetic_energy_MeV * (kinetic_energy_MeV + 2.0 * kElectronRestEnergy_MeV));
  struct Atom {
    double z;
    double count;
  };
  constexpr std::array<Atom, 2> kWaterAtoms{{{1.0, 2.0}, {8.0, 1.0}}};
  double sigma_per_molecule_cm2 = 0.0;
  for (const Atom& atom : kWaterAtoms) {
    // Molière screening parameter A and the Rutherford factor K = Z(Z+1) r_e²/(γ²β⁴) (the +1 counts scattering by
    // atomic electrons).
    const double thomas_fermi_radius_cm = 0.88534 * kBohrRadius_cm * std::pow(atom.z, -1.0 / 3.0);
    const double ratio = kHbarC_MeV_cm / (pc_MeV * thomas_fermi_radius_cm);
    const double az_over_beta = kFineStructure * atom.z / beta;
    const double screening = 0.25 * ratio * ratio * (1.13 + 3.76 * az_over_beta * az_over_beta);
    const double k = atom.z * (atom.z + 1.0) * kClassicalElectronRadius_cm * kClassicalElectronRadius_cm /
                     (gamma * gamma * beta2 * beta2);
    // σ₁ = 2πK ∫₀² w/(w+2A)² · R(w) dw with w = 1 − cos θ and the McKinley–Feshbach factor
    // R = 1 − β² sin²(θ/2) + π α Z β sin(θ/2)(1 − sin(θ/2)), sin²(θ/2) = w/2. Integrated numerically in ln(w)
    // (the integrand spans many decades around w ≈ A); 16-point Gauss-Legendre on 48 panels.
    constexpr std::array<double, 8> kNodes{0.0950125098376374, 0.2816035507792589, 0.4580167776572274,
                                           0.6178762444026438, 0.7554044083550030, 0.8656312023878318,
                                           0.9445750230732326, 0.9894009349916499};
    constexpr std::array<double, 8> kWeights{0.1894506104550685, 0.1826034150449236, 0.1691565193950025,
                                             0.1495959888165767, 0.1246289712555339, 0.0951585116824928,
                                             0.0622535239386479, 0.0271524594117541};
    const double log_lo = std::log(std::min(1e-6 * screening, 1e-14));
    const double log_hi = std::log(2.0);
    constexpr int kPanels = 48;
    const double h = (log_hi - log_lo) / kPanels;
    double integral = 0.0;
    for (int p = 0; p < kPanels; ++p) {
      const double mid = log_lo + (p + 0.5) * h;
      for (std::size_t n = 0; n < kNodes.size(); ++n) {
        for (const double sign : {-1.0, 1.0}) {
          const double w = std::exp(mid + sign * 0.5 * h * kNodes[n]);
          const double s = std::sqrt(0.5 * w);
          const double spin = 1.0 - beta2 * s * s + kPi * az_over_beta * beta2 * s * (1.0 - s);
          integral += 0.5 * h * kWeights[n] * w * w / ((w + 2.0 * screening) * (w + 2.0 * screening)) * spin;
        }
      }
    }
    sigma_per_molecule_cm2 += atom.count * 2.0 * kPi * k * integral;
  }
  return sigma_per_molecule_cm2 * kAvogadro_per_mol / kMolarMass_g_per_mol;
}

namespace {
// Range table on a logarithmic energy grid, built once (Simpson's rule in ln E).
struct RangeTable {
  static constexpr double kMin_MeV = 1.0e-3;
  static constexpr double kMax_MeV = 100.0;
  static constexpr int kPoints = 2001;
  std::vector<double> log_energy;
  std::vector<double> range;
  RangeTable() : log_energy(kPoints), range(kPoints) {
    const double step = std::log(kMax_MeV / kMin_MeV) / (kPoints - 1);
    auto integrand = [](double log_e) {
      const double e = std::exp(log_e);
      return e / collision_stopping_power(e);
    };
    log_energy[0] = std::log(kMin_MeV);
    range[0] = kMin_MeV / collision_stopping_power(kMin_MeV);
    for (int i = 1; i < kPoints; ++i) {
      log_energy[i] = log_energy[0] + i * step;
      const double a = log_energy[i - 1];
      range[i] = range[i - 1] + step / 6.0 * (integrand(a) + 4.0 * integrand(a + 0.5 * step) + integrand(a + step));
    }
  }
};
}  // namespace

double csda_range(double kinetic_energy_MeV) {
  static const RangeTable table;
  if (kinetic_energy_MeV <= RangeTable::kMin_MeV)
    return kinetic_energy_MeV / collision_stopping_power(RangeTable::kMin_MeV);
  const double x = std::log(std::min(kinetic_energy_MeV, RangeTable::kMax_MeV));
  const double step = table.log_energy[1] - table.log_energy[0];
  const std::size_t i =
      std::min<std::size_t>(static_cast<std::size_t>((x - table.log_energy[0]) / step), table.range.size() - 2);
  const double t = (x - table.log_energy[i]) / step;
  return table.range[i] + t * (table.range[i + 1] - table.range[i]);
}

}  // namespace rptdose::kernels::water
