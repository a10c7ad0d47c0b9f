#include "rptdose/montecarlo/material_tables.hpp"

#include <cmath>

#include "element_data.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/kernels/electron_physics.hpp"

namespace rptdose::montecarlo {
namespace {

namespace electrons = kernels::electrons;

// Plasma energy ħω_p = 28.816 √(ρ ⟨Z/A⟩) eV with ρ in g/cm³ (Sternheimer & Peierls 1971, eq. 6; Sternheimer,
// Berger & Seltzer 1984, eq. 5).
constexpr double kPlasmaEnergyCoefficient_eV = 28.816;
// log10-to-ln factor of the density-effect formula: δ = 2 ln10 · x − C̄ + a (x1 − x)^m.
const double kTwoLn10 = 2.0 * std::log(10.0);
// The range table starts at 1 keV (where it is taken as E / S_tot, as kernels::electrons::csda_range does).
constexpr double kRangeStart_MeV = 1.0e-3;
constexpr int kRangeStartSteps = 64;

struct Sternheimer {
  double minus_c, x0, x1, a, m;
};

/// General density-effect parameters of Sternheimer & Peierls, Phys. Rev. B 3:3681 (1971), from I and the plasma
/// energy alone: −C = 2 ln(I/ħω_p) + 1; x0, x1 from −C for solids/liquids (split at I = 100 eV) and gases; m = 3;
/// a from continuity of δ at x0: a = (−C − 2 ln10 · x0) / (x1 − x0)^m.
Sternheimer sternheimer_peierls(double i_eV, double plasma_eV, bool gas) {
  Sternheimer s{};
  s.minus_c = 2.0 * std::log(i_eV / plasma_eV) + 1.0;
  const double c = s.minus_c;
  if (!gas) {
    if (i_eV < 100.0) {
      s.x1 = 2.0;
      s.x0 = c < 3.681 ? 0.2 : 0.326 * c - 1.0;
    } else {
      s.x1 = 3.0;
      s.x0 = c < 5.215 ? 0.2 : 0.326 * c - 1.5;
    }
  } else {
    if (c < 10.0) {
      s.x0 = 1.6, s.x1 = 4.0;
    } else if (c < 10.5) {
      s.x0 = 1.7, s.x1 = 4.0;
    } else if (c < 11.0) {
      s.x0 = 1.8, s.x1 = 4.0;
    } else if (c < 11.5) {
      s.x0 = 1.9, s.x1 = 4.0;
    } else if (c < 12.25) {
      s.x0 = 2.0, s.x1 = 4.0;
    } else if (c < 13.804) {
      s.x0 = 2.0, s.x1 = 5.0;
    } else {
      s.x0 = 0.326 * c - 2.5, s.x1 = 5.0;
    }
  }
  s.m = 3.0;
  s.a = (c - kTwoLn10 * s.x0) / std::pow(s.x1 - s.x0, s.m);
  return s;
}

}  // namespace

LogEnergyGrid::LogEnergyGrid(double min_MeV, double max_MeV, std::size_t points)
    : min_MeV_(min_MeV), max_MeV_(max_MeV), points_(points) {
  if (!(std::isfinite(min_MeV) && min_MeV > 0.0 && std::isfinite(max_MeV) && max_MeV > min_MeV))
    throw InvalidInput("energy grid: need 0 < min < max (got " + std::to_string(min_MeV) + " to " +
                       std::to_string(max_MeV) + " MeV)");
  if (points < 2) throw InvalidInput("energy grid: need at least 2 points");
  log_min_ = std::log(min_MeV);
  step_ = std::log(max_MeV / min_MeV) / static_cast<double>(points - 1);
  inverse_step_ = 1.0 / step_;
}

namespace {
/// The electron-physics medium of a material; `mean_excitation_eV` receives the I used.
kernels::electrons::Medium electron_medium(const Material& material, double& mean_excitation_eV) {
  electrons::Medium medium;
  medium.name = material.name;
  double z_over_a = 0.0, log_i = 0.0;
  for (const ElementFraction& e : material.elements) {
    const detail::ElementData* data = detail::find_element(e.z);
    if (data == nullptr)
      throw InvalidInput("material '" + material.name + "': no data for Z = " + std::to_string(e.z) +
                         " (build materials with make_material)");
    medium.elements.push_back({static_cast<double>(e.z), data->atomic_mass_g_per_mol, e.mass_fraction});
    const double w = e.mass_fraction * e.z / data->atomic_mass_g_per_mol;
    z_over_a += w;
    log_i += w * std::log(data->i_in_compound_eV);
  }
  // Bragg additivity: ln I = Σ w_i (Z/A)_i ln I_i / Σ w_i (Z/A)_i (ICRU Report 37, eq. 2.6).
  mean_excitation_eV = material.mean_excitation_eV > 0.0 ? material.mean_excitation_eV : std::exp(log_i / z_over_a);
  medium.mean_excitation_MeV = mean_excitation_eV * 1e-6;
  const double plasma_eV = kPlasmaEnergyCoefficient_eV * std::sqrt(material.density_g_per_cm3 * z_over_a);
  const Sternheimer s = sternheimer_peierls(mean_excitation_eV, plasma_eV, material.gas);
  medium.sternheimer_minus_c = s.minus_c;
  medium.sternheimer_x0 = s.x0;
  medium.sternheimer_x1 = s.x1;
  medium.sternheimer_a = s.a;
  medium.sternheimer_m = s.m;
  return medium;
}
}  // namespace

MaterialTables build_material_tables(const Material& material, const PhysicsSettings& settings) {
  if (material.elements.empty()) throw InvalidInput("material '" + material.name + "' has no elements");
  if (!(settings.knock_on_cutoff_MeV > 0.0)) throw InvalidInput("knock-on cut-off must be positive");
  MaterialTables t{material, 0.0, {}, {}};
  const electrons::Medium medium = electron_medium(material, t.mean_excitation_eV);
  const LogEnergyGrid& grid = settings.grid;
  const std::size_t n = grid.size();
  std::vector<const detail::ElementData*> data;
  for (const ElementFraction& e : material.elements) data.push_back(detail::find_element(e.z));

  auto& p = t.photons;
  for (auto* v : {&p.coherent, &p.incoherent, &p.photoelectric, &p.pair, &p.total}) v->assign(n, 0.0);
  using detail::XcomComponent;
  for (std::size_t i = 0; i < n; ++i) {
    const double e = grid.energy_MeV(i);
    for (std::size_t k = 0; k < data.size(); ++k) {
      // Mixture rule: (μ/ρ) = Σ w_i (μ/ρ)_i.
      const double w = material.elements[k].mass_fraction;
      p.coherent[i] += w * detail::xcom(*data[k], XcomComponent::coherent, e);
      p.incoherent[i] += w * detail::xcom(*data[k], XcomComponent::incoherent, e);
      p.photoelectric[i] += w * detail::xcom(*data[k], XcomComponent::photoelectric, e);
      p.pair[i] += w * (detail::xcom(*data[k], XcomComponent::pair_nuclear, e) +
                        detail::xcom(*data[k], XcomComponent::pair_electron, e));
    }
    p.total[i] = p.coherent[i] + p.incoherent[i] + p.photoelectric[i] + p.pair[i];
  }

  auto radiative = [&](double e) {
    double s = 0.0;  // mass-fraction additivity, as ESTAR does for S_rad
    for (std::size_t k = 0; k < data.size(); ++k)
      s += material.elements[k].mass_fraction * detail::radiative_stopping(*data[k], e);
    return s;
  };
  auto total_stopping = [&](double e) { return electrons::collision_stopping_power(e, medium) + radiative(e); };

  auto& el = t.electrons;
  for (auto* v : {&el.collision_stopping, &el.restricted_collision_stopping, &el.radiative_stopping,
                  &el.moller_cross_section, &el.transport_cross_section, &el.csda_range})
    v->assign(n, 0.0);
  const double cut = settings.knock_on_cutoff_MeV;
  for (std::size_t i = 0; i < n; ++i) {
    const double e = grid.energy_MeV(i);
    el.collision_stopping[i] = electrons::collision_stopping_power(e, medium);
    // restricted_stopping_power clamps the cut-off at E/2 (then = unrestricted); moller_cross_section is 0 there.
    el.restricted_collision_stopping[i] = electrons::restricted_stopping_power(e, cut, medium);
    el.radiative_stopping[i] = radiative(e);
    el.moller_cross_section[i] = electrons::moller_cross_section(e, cut, medium);
    el.transport_cross_section[i] = electrons::transport_cross_section(e, medium);
  }
  // CSDA range ∫ dE / S_tot (ESTAR's definition): E/S_tot at 1 keV, then Simpson's rule in ln E.
  auto simpson = [&](double a_MeV, double b_MeV, int steps) {
    const double la = std::log(a_MeV), h = (std::log(b_MeV) - la) / steps;
    double sum = 0.0;
    for (int s = 0; s < steps; ++s) {
      const double x = la + s * h;
      auto f = [&](double lx) { return std::exp(lx) / total_stopping(std::exp(lx)); };
      sum += h / 6.0 * (f(x) + 4.0 * f(x + 0.5 * h) + f(x + h));
    }
    return sum;
  };
  const double e0 = grid.energy_MeV(0);
  el.csda_range[0] = e0 <= kRangeStart_MeV ? e0 / total_stopping(e0)
                                           : kRangeStart_MeV / total_stopping(kRangeStart_MeV) +
                                                 simpson(kRangeStart_MeV, e0, kRangeStartSteps);
  for (std::size_t i = 1; i < n; ++i)
    el.csda_range[i] = el.csda_range[i - 1] + simpson(grid.energy_MeV(i - 1), grid.energy_MeV(i), 1);
  return t;
}

}  // namespace rptdose::montecarlo
