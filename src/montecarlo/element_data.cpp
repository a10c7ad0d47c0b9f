#include "element_data.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>

#include "rptdose/core/data_path.hpp"
#include "rptdose/core/error.hpp"

namespace rptdose::montecarlo::detail {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, ',')) {
    const auto b = cell.find_first_not_of(" \t\r");
    const auto e = cell.find_last_not_of(" \t\r");
    cells.push_back(b == std::string::npos ? std::string() : cell.substr(b, e - b + 1));
  }
  return cells;
}

double number(const std::string& cell, const std::string& where) {
  try {
    std::size_t used = 0;
    const double v = std::stod(cell, &used);
    if (used == cell.size() && std::isfinite(v)) return v;
  } catch (const std::exception&) {
  }
  throw IoError(where + ": '" + cell + "' is not a number");
}

/// Data rows (comment lines and the header line skipped) with their line numbers.
std::vector<std::pair<int, std::vector<std::string>>> read_rows(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in)
    throw IoError("cannot read " + path.string() +
                  ": the Monte Carlo element data; reinstall rptdose or set RPTDOSE_DATA_DIR");
  std::vector<std::pair<int, std::vector<std::string>>> rows;
  std::string line;
  int number_of_line = 0;
  bool header = true;
  while (std::getline(in, line)) {
    ++number_of_line;
    if (line.empty() || line[0] == '#' || line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (header) {
      header = false;
      continue;
    }
    rows.emplace_back(number_of_line, split(line));
  }
  return rows;
}

struct Database {
  std::vector<ElementData> elements;
  std::vector<double> estar_energy;
};

Database load() {
  const auto folder = data_directory() / "montecarlo";
  Database db;
  const auto element_file = folder / "elements.csv";
  for (const auto& [line, cells] : read_rows(element_file)) {
    const std::string where = element_file.string() + " line " + std::to_string(line);
    if (cells.size() != 7) throw IoError(where + ": expected 7 columns");
    ElementData e;
    e.z = static_cast<int>(number(cells[0], where));
    e.symbol = cells[1];
    e.name = cells[2];
    e.gate_name = cells[3];
    e.atomic_mass_g_per_mol = number(cells[4], where);
    e.i_in_compound_eV = number(cells[5], where);
    const auto xcom_file = folder / "xcom" / ("Z" + std::to_string(e.z) + ".csv");
    for (const auto& [xline, x] : read_rows(xcom_file)) {
      const std::string xwhere = xcom_file.string() + " line " + std::to_string(xline);
      if (x.size() != 6) throw IoError(xwhere + ": expected 6 columns");
      const double energy = number(x[0], xwhere);
      if (!e.xcom_energy_MeV.empty() && energy < e.xcom_energy_MeV.back())
        throw IoError(xwhere + ": energies must not decrease");
      e.xcom_energy_MeV.push_back(energy);
      e.coherent.push_back(number(x[1], xwhere));
      e.incoherent.push_back(number(x[2], xwhere));
      e.photoelectric.push_back(number(x[3], xwhere));
      e.pair_nuclear.push_back(number(x[4], xwhere));
      e.pair_electron.push_back(number(x[5], xwhere));
    }
    if (e.xcom_energy_MeV.size() < 2) throw IoError(xcom_file.string() + ": fewer than two rows");
    db.elements.push_back(std::move(e));
  }
  // ESTAR: columns energy, then Z<n> in the header's order.
  const auto estar_file = folder / "estar_radiative.csv";
  std::ifstream in(estar_file);
  if (!in) throw IoError("cannot read " + estar_file.string() + ": reinstall rptdose or set RPTDOSE_DATA_DIR");
  std::string line;
  std::vector<int> column_z;
  int line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty() || line[0] == '#') continue;
    const auto cells = split(line);
    const std::string where = estar_file.string() + " line " + std::to_string(line_number);
    if (column_z.empty()) {
      for (std::size_t c = 1; c < cells.size(); ++c) column_z.push_back(std::stoi(cells[c].substr(1)));
      continue;
    }
    if (cells.size() != column_z.size() + 1) throw IoError(where + ": wrong number of columns");
    db.estar_energy.push_back(number(cells[0], where));
    for (std::size_t c = 0; c < column_z.size(); ++c)
      for (ElementData& e : db.elements)
        if (e.z == column_z[c]) e.radiative_MeV_cm2_g.push_back(number(cells[c + 1], where));
  }
  for (const ElementData& e : db.elements)
    if (e.radiative_MeV_cm2_g.size() != db.estar_energy.size() || db.estar_energy.size() < 2)
      throw IoError(estar_file.string() + ": no radiative stopping power of " + e.name);
  return db;
}

const Database& database() {
  static std::once_flag once;
  static std::unique_ptr<Database> db;
  std::call_once(once, [] { db = std::make_unique<Database>(load()); });
  return *db;
}

double log_log(double x, double x0, double x1, double y0, double y1) {
  if (!(y0 > 0.0) || !(y1 > 0.0)) {  // a zero row (pair production threshold): linear
    if (x1 == x0) return y1;
    return std::max(0.0, y0 + (x - x0) / (x1 - x0) * (y1 - y0));
  }
  if (x1 == x0) return y1;
  const double t = std::log(x / x0) / std::log(x1 / x0);
  return std::exp(std::log(y0) + t * (std::log(y1) - std::log(y0)));
}

}  // namespace

const std::vector<ElementData>& elements() {
  return database().elements;
}

const ElementData* find_element(int z) {
  for (const ElementData& e : elements())
    if (e.z == z) return &e;
  return nullptr;
}

const ElementData* find_element(const std::string& symbol_or_name) {
  const std::string key = lower(symbol_or_name);
  for (const ElementData& e : elements())
    if (lower(e.symbol) == key || lower(e.name) == key || lower(e.gate_name) == key) return &e;
  return nullptr;
}

const std::vector<double>& estar_energy_MeV() {
  return database().estar_energy;
}

double xcom(const ElementData& element, XcomComponent component, double energy_MeV) {
  const std::vector<double>* values = nullptr;
  switch (component) {
    case XcomComponent::coherent:
      values = &element.coherent;
      break;
    case XcomComponent::incoherent:
      values = &element.incoherent;
      break;
    case XcomComponent::photoelectric:
      values = &element.photoelectric;
      break;
    case XcomComponent::pair_nuclear:
      values = &element.pair_nuclear;
      break;
    case XcomComponent::pair_electron:
      values = &element.pair_electron;
      break;
  }
  const auto& e = element.xcom_energy_MeV;
  // First row above the energy: the bracketing interval [hi−1, hi] lies on the correct side of an edge (at an edge's
  // energy itself, hi−1 is the row above the edge).
  std::size_t hi = static_cast<std::size_t>(std::upper_bound(e.begin(), e.end(), energy_MeV) - e.begin());
  hi = std::clamp<std::size_t>(hi, 1, e.size() - 1);
  std::size_t lo = hi - 1;
  if (e[lo] == e[hi]) {  // only at the table's ends (clamped); use a proper interval
    if (hi + 1 < e.size())
      ++hi;
    else
      --lo;
  }
  return log_log(energy_MeV, e[lo], e[hi], (*values)[lo], (*values)[hi]);
}

double radiative_stopping(const ElementData& element, double energy_MeV) {
  const auto& e = estar_energy_MeV();
  const auto& v = element.radiative_MeV_cm2_g;
  if (energy_MeV <= e.front()) return v.front();
  std::size_t hi = static_cast<std::size_t>(std::upper_bound(e.begin(), e.end(), energy_MeV) - e.begin());
  hi = std::clamp<std::size_t>(hi, 1, e.size() - 1);
  return log_log(energy_MeV, e[hi - 1], e[hi], v[hi - 1], v[hi]);
}

}  // namespace rptdose::montecarlo::detail
