#include "rptdose/kernels/photon_interactions.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>

#include "numeric_table.hpp"
#include "rptdose/core/data_path.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/kernels/electron_physics.hpp"

namespace rptdose::kernels {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kClassicalElectronRadius_cm = 2.8179403262e-13;  // CODATA 2018
// Electrons per gram of water: N_A · 10 / 18.01528 g/mol.
constexpr double kElectronsPerGram = 6.02214076e23 * 10.0 / 18.01528;
constexpr double kPairThreshold_MeV = 2.0 * water::kElectronRestEnergy_MeV;
// The XCOM rows at hand: 1–3 keV and 50 keV–1 MeV; photoelectric is derived in between.
constexpr double kXcomGapLow_MeV = 3.0e-3;
constexpr double kXcomGapHigh_MeV = 50.0e-3;
// Klein–Nishina transfer fractions tabulated on a log grid (interpolation error < 1e-4).
constexpr double kTransferMin_MeV = 1.0e-3;
constexpr double kTransferMax_MeV = 20.0;
constexpr int kTransferPoints = 400;
// Columns after the energy.
constexpr std::size_t kMuColumn = 0, kMuEnColumn = 1;
constexpr std::size_t kCoherentColumn = 0, kPhotoelectricColumn = 2;

/// Rows of a data table with `columns` positive values each, energies increasing.
std::vector<std::vector<double>> read_rows(std::istream& in, const std::string& source, std::size_t columns) {
  std::vector<std::vector<double>> rows;
  for (auto& [line, row] : read_numeric_csv(in, source)) {
    const std::string where = source + " line " + std::to_string(line);
    if (row.size() != columns) throw IoError(where + ": expected " + std::to_string(columns) + " columns");
    for (const double v : row)
      if (!(v > 0.0)) throw IoError(where + ": values must be positive");
    if (!rows.empty() && row[0] <= rows.back()[0]) throw IoError(where + ": energies must increase");
    rows.push_back(std::move(row));
  }
  if (rows.size() < 2) throw IoError(source + ": fewer than two rows");
  return rows;
}

}  // namespace

double klein_nishina_cross_section_cm2(double energy_MeV) {
  const double k = energy_MeV / water::kElectronRestEnergy_MeV;
  const double l = std::log1p(2.0 * k);
  const double a = (1.0 + k) / (k * k) * (2.0 * (1.0 + k) / (1.0 + 2.0 * k) - l / k);
  const double b = l / (2.0 * k) - (1.0 + 3.0 * k) / ((1.0 + 2.0 * k) * (1.0 + 2.0 * k));
  return 2.0 * kPi * kClassicalElectronRadius_cm * kClassicalElectronRadius_cm * (a + b);
}

double klein_nishina_energy_transfer_fraction(double energy_MeV) {
  // ∫ dσ/dΩ (1 − E'/E) dΩ / σ, with dσ/dΩ ∝ ε²(ε + 1/ε − sin²θ), ε = E'/E = 1/(1 + k(1 − cos θ)); midpoint rule on
  // 4000 cos θ intervals (smooth integrand, error < 1e-7).
  const double k = energy_MeV / water::kElectronRestEnergy_MeV;
  constexpr int kSteps = 4000;
  double sigma = 0.0, transfer = 0.0;
  for (int i = 0; i < kSteps; ++i) {
    const double c = -1.0 + (i + 0.5) * 2.0 / kSteps;
    const double eps = 1.0 / (1.0 + k * (1.0 - c));
    const double d = eps * eps * (eps + 1.0 / eps - (1.0 - c * c));
    sigma += d;
    transfer += d * (1.0 - eps);
  }
  return transfer / sigma;
}

double PhotonInteractions::Table::log_log(std::size_t column, double energy_MeV) const {
  const double x = std::log(energy_MeV);
  std::size_t hi =
      static_cast<std::size_t>(std::upper_bound(log_energy.begin(), log_energy.end(), x) - log_energy.begin());
  hi = std::clamp<std::size_t>(hi, 1, log_energy.size() - 1);
  const std::size_t lo = hi - 1;
  const auto& v = log_values[column];
  const double t = (x - log_energy[lo]) / (log_energy[hi] - log_energy[lo]);
  return std::exp(v[lo] + t * (v[hi] - v[lo]));
}

double PhotonInteractions::Table::linear_in_log_energy(const std::vector<double>& values, double energy_MeV) const {
  const double x = std::log(energy_MeV);
  if (x <= log_energy.front()) return values.front();
  if (x >= log_energy.back()) return values.back();
  const std::size_t hi =
      static_cast<std::size_t>(std::upper_bound(log_energy.begin(), log_energy.end(), x) - log_energy.begin());
  const std::size_t lo = hi - 1;
  const double t = (x - log_energy[lo]) / (log_energy[hi] - log_energy[lo]);
  return values[lo] + t * (values[hi] - values[lo]);
}

PhotonInteractions::PhotonInteractions(std::istream& attenuation, std::istream& components, const std::string& source) {
  auto fill = [](Table& table, const std::vector<std::vector<double>>& rows) {
    table.log_values.assign(rows.front().size() - 1, {});
    for (const auto& row : rows) {
      table.log_energy.push_back(std::log(row[0]));
      for (std::size_t c = 1; c < row.size(); ++c) table.log_values[c - 1].push_back(std::log(row[c]));
    }
  };
  const auto hs = read_rows(attenuation, source + " (attenuation)", 3);
  const auto xcom = read_rows(components, source + " (XCOM components)", 4);
  fill(hubbell_seltzer_, hs);
  fill(xcom_, xcom);
  for (int i = 0; i < kTransferPoints; ++i) {
    const double e = std::exp(std::log(kTransferMin_MeV) +
                              i * std::log(kTransferMax_MeV / kTransferMin_MeV) / (kTransferPoints - 1));
    transfer_fraction_.log_energy.push_back(std::log(e));
    transfer_values_.push_back(klein_nishina_energy_transfer_fraction(e));
  }
  for (const auto& row : xcom)
    binding_ratio_.push_back(row[2] / (klein_nishina_cross_section_cm2(row[0]) * kElectronsPerGram));
}

const PhotonInteractions& PhotonInteractions::water() {
  static std::once_flag once;
  static std::unique_ptr<PhotonInteractions> data;
  std::call_once(once, [] {
    const auto folder = data_directory() / "kernels";
    std::ifstream attenuation(folder / "water_photon_attenuation_hubbell_seltzer.csv");
    std::ifstream components(folder / "water_photon_components_xcom.csv");
    if (!attenuation || !components)
      throw IoError("cannot read the photon data of water in " + folder.string() +
                    ": reinstall rptdose or set RPTDOSE_DATA_DIR");
    data = std::make_unique<PhotonInteractions>(attenuation, components, folder.string());
  });
  return *data;
}

double PhotonInteractions::transfer_fraction(double e) const {
  return transfer_fraction_.linear_in_log_energy(transfer_values_, e);
}

double PhotonInteractions::attenuation(double e) const {
  return hubbell_seltzer_.log_log(kMuColumn, e);
}
double PhotonInteractions::energy_absorption(double e) const {
  return hubbell_seltzer_.log_log(kMuEnColumn, e);
}
double PhotonInteractions::coherent(double e) const {
  // In the gap: what μ leaves for it (coherent is not transported; this keeps the components summing to μ).
  if (e > kXcomGapLow_MeV && e < kXcomGapHigh_MeV)
    return std::max(0.0, attenuation(e) - incoherent(e) - photoelectric(e));
  return xcom_.log_log(kCoherentColumn, e);
}

double PhotonInteractions::incoherent(double e) const {
  const double ratio = e >= std::exp(xcom_.log_energy.back()) ? 1.0 : xcom_.linear_in_log_energy(binding_ratio_, e);
  return klein_nishina_cross_section_cm2(e) * kElectronsPerGram * ratio;
}

double PhotonInteractions::photoelectric(double e) const {
  // In the gap: μ_en = photoelectric + incoherent · (Klein–Nishina transfer fraction) (fluorescence of oxygen at
  // 0.5 keV and bremsstrahlung of the slow secondaries are negligible), so the Hubbell–Seltzer μ_en gives the
  // photoelectric part; it meets the XCOM values at both ends of the gap within 2 %.
  if (e > kXcomGapLow_MeV && e < kXcomGapHigh_MeV)
    return std::max(0.0, energy_absorption(e) - incoherent(e) * transfer_fraction(e));
  return xcom_.log_log(kPhotoelectricColumn, e);
}

double PhotonInteractions::pair(double e) const {
  if (e <= kPairThreshold_MeV) return 0.0;
  return std::max(0.0, attenuation(e) - coherent(e) - incoherent(e) - photoelectric(e));
}

}  // namespace rptdose::kernels
