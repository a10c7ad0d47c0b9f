#include "rptdose/kernels/electron_physics.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace rptdose::kernels::electrons {
namespace {

// CODATA 2018 constants.
constexpr double kClassicalElectronRadius_cm = 2.8179403262e-13;
constexpr double kAvogadro_per_mol = 6.02214076e23;
constexpr double kHbarC_MeV_cm = 197.3269804e-13;
constexpr double kBohrRadius_cm = 0.529177210903e-8;
constexpr double kFineStructure = 1.0 / 137.035999084;

// 2π r_e² m c² N_A, MeV cm²/mol: the prefactor of the Bethe and Møller formulas, times Z/A (mol/g) of the medium.
constexpr double kBethePrefactorPerZOverA = 2.0 * 3.14159265358979323846 * kClassicalElectronRadius_cm *
                                            kClassicalElectronRadius_cm * kElectronRestEnergy_MeV * kAvogadro_per_mol;

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
double bethe_log(double tau, const Medium& medium) {
  const double i_ratio = medium.mean_excitation_MeV / kElectronRestEnergy_MeV;
  return std::log(2.0 * (tau + 2.0) / (i_ratio * i_ratio));
}

constexpr double kPi = 3.14159265358979323846;

}  // namespace

double Medium::z_over_a() const {
  double sum = 0.0;
  for (const Element& e : elements) sum += e.mass_fraction * e.z / e.atomic_mass_g_per_mol;
  return sum;
}

const Medium& Medium::liquid_water() {
  // H2O with the standard atomic weights H 1.00794, O 15.9994 used by ESTAR (molar mass 18.01528 g/mol); I and
  // the Sternheimer parameters of "water, liquid" (ICRU 37; Sternheimer, Berger & Seltzer 1984).
  static const Medium water{
      "liquid water", {{1.0, 1.00794, 2.0 * 1.00794 / 18.01528}, {8.0, 15.9994, 15.9994 / 18.01528}},
      75.0e-6,        3.5017,
      0.2400,         2.8004,
      0.09116,        3.4773};
  return water;
}

const Medium& Medium::icrp_soft_tissue() {
  // Mass fractions of "Tissue, Soft (ICRP)" of the NIST material composition data (ESTAR; also PNNL-15870 Rev. 1),
  // standard atomic weights. I = 72.3 eV and the density-effect parameters x0 = 0.221, x1 = 2.780, a = 0.089,
  // m = 3.511 of Sternheimer, Berger & Seltzer (1984) for this material; −C = 1 + 2 ln(I/ħω_p) with their plasma
  // energy ħω_p = 21.39 eV (for ρ = 1 g/cm³; the density scaling of rptdose keeps the g/cm² quantities).
  static const Medium tissue{"ICRP soft tissue",
                             {{1.0, 1.00794, 0.104472},
                              {6.0, 12.0107, 0.232190},
                              {7.0, 14.0067, 0.024880},
                              {8.0, 15.9994, 0.630238},
                              {11.0, 22.98977, 0.001130},
                              {12.0, 24.3050, 0.000130},
                              {15.0, 30.97376, 0.001330},
                              {16.0, 32.065, 0.001990},
                              {17.0, 35.453, 0.001340},
                              {19.0, 39.0983, 0.001990},
                              {20.0, 40.078, 0.000230},
                              {26.0, 55.845, 0.000050},
                              {30.0, 65.38, 0.000030}},
                             72.3e-6,
                             1.0 + 2.0 * std::log(72.3 / 21.39),
                             0.221,
                             2.780,
                             0.089,
                             3.511};
  return tissue;
}

double density_effect_delta(double kinetic_energy_MeV, const Medium& medium) {
  const auto [tau, beta2] = kinematics(kinetic_energy_MeV);
  const double x = std::log10(std::sqrt(tau * (tau + 2.0)));  // log10(βγ) = log10(p / m c)
  if (x < medium.sternheimer_x0) return 0.0;                  // insulators: δ0 = 0
  const double two_ln10 = 2.0 * std::log(10.0);
  if (x < medium.sternheimer_x1)
    return two_ln10 * x - medium.sternheimer_minus_c +
           medium.sternheimer_a * std::pow(medium.sternheimer_x1 - x, medium.sternheimer_m);
  return two_ln10 * x - medium.sternheimer_minus_c;
}

double restricted_stopping_power(double kinetic_energy_MeV, double cutoff_MeV, const Medium& medium) {
  const auto [tau, beta2] = kinematics(kinetic_energy_MeV);
  // η: cut-off in units of m c², at most τ/2 (the faster of the two outgoing electrons is the primary).
  const double eta = std::min(cutoff_MeV / kElectronRestEnergy_MeV, 0.5 * tau);
  const double g = tau + 1.0;
  const double f = -1.0 - beta2 + std::log((tau - eta) * eta) + tau / (tau - eta) +
                   (0.5 * eta * eta + (2.0 * tau + 1.0) * std::log(1.0 - eta / tau)) / (g * g);
  return kBethePrefactorPerZOverA * medium.z_over_a() / beta2 *
         (bethe_log(tau, medium) + f - density_effect_delta(kinetic_energy_MeV, medium));
}

double collision_stopping_power(double kinetic_energy_MeV, const Medium& medium) {
  return restricted_stopping_power(kinetic_energy_MeV, 0.5 * kinetic_energy_MeV, medium);
}

namespace {
/// The Møller cross-section dσ/dε ∝ 1/ε² + 1/(1−ε)² + r² − c/(ε(1−ε)) with r = τ/(τ+1), c = (2τ+1)/(τ+1)².
struct MollerShape {
  double r, c;
  explicit MollerShape(double tau) : r(tau / (tau + 1.0)), c((2.0 * tau + 1.0) / ((tau + 1.0) * (tau + 1.0))) {}
};
}  // namespace

double moller_cross_section(double kinetic_energy_MeV, double cutoff_MeV, const Medium& medium) {
  const double eps_c = cutoff_MeV / kinetic_energy_MeV;
  if (eps_c >= 0.5) return 0.0;
  const auto [tau, beta2] = kinematics(kinetic_energy_MeV);
  const auto [r, c] = MollerShape(tau);
  // ∫_{εc}^{1/2} [1/ε² + 1/(1−ε)² + r² − c/(ε(1−ε))] dε
  const double integral =
      (1.0 / eps_c - 2.0) + (2.0 - 1.0 / (1.0 - eps_c)) + (0.5 - eps_c) * r * r - c * std::log((1.0 - eps_c) / eps_c);
  return kBethePrefactorPerZOverA * medium.z_over_a() / (beta2 * kinetic_energy_MeV) * integral;
}

double moller_energy_loss(double kinetic_energy_MeV, double cutoff_MeV, const Medium& medium) {
  const double eps_c = cutoff_MeV / kinetic_energy_MeV;
  if (eps_c >= 0.5) return 0.0;
  const auto [tau, beta2] = kinematics(kinetic_energy_MeV);
  const auto [r, c] = MollerShape(tau);
  // ∫_{εc}^{1/2} ε [1/ε² + 1/(1−ε)² + r² − c/(ε(1−ε))] dε
  const double integral = std::log(0.5 / eps_c) + (2.0 - std::log(2.0)) -
                          (1.0 / (1.0 - eps_c) + std::log(1.0 - eps_c)) + r * r * (0.125 - 0.5 * eps_c * eps_c) -
                          c * std::log(2.0 * (1.0 - eps_c));
  return kBethePrefactorPerZOverA * medium.z_over_a() / beta2 * integral;
}

namespace detail {
double moller_shape_over_bound(double epsilon, double tau) {
  const auto [r, c] = MollerShape(tau);
  const double q = epsilon / (1.0 - epsilon);
  return (1.0 + q * q + epsilon * epsilon * r * r - c * q) / 2.25;
}
}  // namespace detail

double transport_cross_section(double kinetic_energy_MeV, const Medium& medium) {
  const auto [tau, beta2] = kinematics(kinetic_energy_MeV);
  const double gamma = tau + 1.0;
  const double beta = std::sqrt(beta2);
  const double pc_MeV = std::sqrt(kinetic_energy_MeV * (kinetic_energy_MeV + 2.0 * kElectronRestEnergy_MeV));
  double sigma_per_gram_cm2 = 0.0;
  for (const Medium::Element& atom : medium.elements) {
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
    sigma_per_gram_cm2 +=
        atom.mass_fraction * kAvogadro_per_mol / atom.atomic_mass_g_per_mol * 2.0 * kPi * k * integral;
  }
  return sigma_per_gram_cm2;
}

namespace {
// Range table of a medium on a logarithmic energy grid (Simpson's rule in ln E).
struct RangeTable {
  static constexpr double kMin_MeV = 1.0e-3;
  static constexpr double kMax_MeV = 100.0;
  static constexpr int kPoints = 2001;
  std::vector<double> log_energy;
  std::vector<double> range;
  explicit RangeTable(const Medium& medium) : log_energy(kPoints), range(kPoints) {
    const double step = std::log(kMax_MeV / kMin_MeV) / (kPoints - 1);
    auto integrand = [&](double log_e) {
      const double e = std::exp(log_e);
      return e / collision_stopping_power(e, medium);
    };
    log_energy[0] = std::log(kMin_MeV);
    range[0] = kMin_MeV / collision_stopping_power(kMin_MeV, medium);
    for (int i = 1; i < kPoints; ++i) {
      log_energy[i] = log_energy[0] + i * step;
      const double a = log_energy[i - 1];
      range[i] = range[i - 1] + step / 6.0 * (integrand(a) + 4.0 * integrand(a + 0.5 * step) + integrand(a + step));
    }
  }
};

/// One range table per distinct medium, built on first use.
const RangeTable& range_table(const Medium& medium) {
  static std::mutex mutex;
  static std::vector<std::pair<Medium, std::unique_ptr<RangeTable>>> tables;
  const std::lock_guard lock(mutex);
  for (const auto& [m, t] : tables)
    if (m == medium) return *t;
  tables.emplace_back(medium, std::make_unique<RangeTable>(medium));
  return *tables.back().second;
}
}  // namespace

double csda_range(double kinetic_energy_MeV, const Medium& medium) {
  if (kinetic_energy_MeV <= RangeTable::kMin_MeV)
    return kinetic_energy_MeV / collision_stopping_power(RangeTable::kMin_MeV, medium);
  const RangeTable& table = range_table(medium);
  const double x = std::log(std::min(kinetic_energy_MeV, RangeTable::kMax_MeV));
  const double step = table.log_energy[1] - table.log_energy[0];
  const std::size_t i =
      std::min<std::size_t>(static_cast<std::size_t>((x - table.log_energy[0]) / step), table.range.size() - 2);
  const double t = (x - table.log_energy[i]) / step;
  return table.range[i] + t * (table.range[i + 1] - table.range[i]);
}

}  // namespace rptdose::kernels::electrons
