#pragma once
// Internal (not installed): the elemental data of the Monte Carlo materials, read once from data/montecarlo/
// (sources in data/SOURCES.md): element table (atomic weight, I-values), NIST XCOM photon cross-sections and NIST
// ESTAR radiative stopping powers per element.
#include <string>
#include <vector>

namespace rptdose::montecarlo::detail {

struct ElementData {
  int z = 0;
  std::string symbol, name, gate_name;
  double atomic_mass_g_per_mol = 0.0;
  double i_in_compound_eV = 0.0;  ///< ICRU Report 37 value for the element bound in a compound
  // XCOM rows (edges appear twice at the same energy: below, then above).
  std::vector<double> xcom_energy_MeV;
  std::vector<double> coherent, incoherent, photoelectric, pair_nuclear, pair_electron;  // cm²/g
  // ESTAR radiative stopping power on estar_energy_MeV.
  std::vector<double> radiative_MeV_cm2_g;
};

/// All bundled elements (thread-safe, read on first use). Throws IoError when the data cannot be read.
const std::vector<ElementData>& elements();
/// The element of atomic number z, or nullptr.
const ElementData* find_element(int z);
/// By symbol ("Ca"), name ("Calcium", "Phosphorus") or GATE spelling ("Phosphor"), case-insensitive; or nullptr.
const ElementData* find_element(const std::string& symbol_or_name);
/// Energies (MeV) of the ESTAR radiative table.
const std::vector<double>& estar_energy_MeV();

enum class XcomComponent { coherent, incoherent, photoelectric, pair_nuclear, pair_electron };
/// XCOM cross-section (cm²/g) at energy_MeV: log-log interpolation between the bracketing rows, on the correct side
/// of an absorption edge (an energy at an edge takes the value above it); linear where a row is zero (pair
/// production near its threshold), zero below the first non-zero pair row.
double xcom(const ElementData& element, XcomComponent component, double energy_MeV);
/// ESTAR radiative stopping power (MeV cm²/g): log-log interpolation; below 10 keV the 10 keV value (S_rad is flat
/// there and below 10⁻³ of S_col), above 25 MeV log-log extrapolation of the last interval.
double radiative_stopping(const ElementData& element, double energy_MeV);

}  // namespace rptdose::montecarlo::detail
