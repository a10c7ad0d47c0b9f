// The Schneider et al. (2000) CT-number bins and the CT → voxel geometry conversion.
#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <limits>
#include <memory>
#include <mutex>
#include <sstream>

#include "element_data.hpp"
#include "rptdose/core/data_path.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/montecarlo/materials.hpp"

namespace rptdose::montecarlo {
namespace {

// Atomic numbers of the element columns of schneider2000_materials.csv (H C N O Na Mg P S Cl Ar K Ca Ti Cu Zn Ag Sn).
constexpr std::array<int, 17> kSchneiderElements{1, 6, 7, 8, 11, 12, 15, 16, 17, 18, 19, 20, 22, 29, 30, 47, 50};

// GATE's Schneider2000DensitiesTable.txt (HU, g/cm³), the nodes quoted in dose/hu_to_density.hpp (with its
// 100 HU node): the nominal density of a bin is this curve at the bin's centre. Only nominal: geometry_from_ct
// takes each voxel's density from the density map.
constexpr std::array<std::array<double, 2>, 9> kSchneiderDensity{{{-1000, 0.00121},
                                                                  {-98, 0.93},
                                                                  {-97, 0.930486},
                                                                  {14, 1.03},
                                                                  {23, 1.031},
                                                                  {100, 1.1199},
                                                                  {101, 1.0762},
                                                                  {1600, 1.9642},
                                                                  {3000, 2.8}}};
// Upper end of the last bin for its nominal density (GATE's table closes at 3000 HU).
constexpr double kLastBinUpper_HU = 3000.0;
// A CT in HU has air (−1000) around the patient; none below this → not HU.
constexpr double kAirThreshold_HU = -500.0;

double schneider_density(double hu) {
  if (hu <= kSchneiderDensity.front()[0]) return kSchneiderDensity.front()[1];
  for (std::size_t i = 1; i < kSchneiderDensity.size(); ++i)
    if (hu <= kSchneiderDensity[i][0]) {
      const auto& a = kSchneiderDensity[i - 1];
      const auto& b = kSchneiderDensity[i];
      return a[1] + (hu - a[0]) / (b[0] - a[0]) * (b[1] - a[1]);
    }
  return kSchneiderDensity.back()[1];
}

std::vector<HuMaterialBin> load_bins() {
  const auto path = data_directory() / "montecarlo" / "schneider2000_materials.csv";
  std::ifstream in(path);
  if (!in) throw IoError("cannot read " + path.string() + ": reinstall rptdose or set RPTDOSE_DATA_DIR");
  struct Row {
    double hu;
    std::vector<ElementFraction> elements;
    std::string name;
  };
  std::vector<Row> rows;
  std::string line;
  int number = 0;
  bool header = true;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) cells.push_back(cell);
    const std::string where = path.string() + " line " + std::to_string(number);
    if (cells.size() != kSchneiderElements.size() + 2) throw IoError(where + ": wrong number of columns");
    Row r;
    try {
      r.hu = std::stod(cells[0]);
      for (std::size_t c = 0; c < kSchneiderElements.size(); ++c) {
        const double percent = std::stod(cells[c + 1]);
        if (percent > 0.0) r.elements.push_back({kSchneiderElements[c], percent / 100.0});
      }
    } catch (const std::exception&) {
      throw IoError(where + ": not a number");
    }
    r.name = cells.back();
    while (!r.name.empty() && (r.name.back() == '\r' || r.name.back() == ' ')) r.name.pop_back();
    rows.push_back(std::move(r));
  }
  std::vector<HuMaterialBin> bins;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const double upper = i + 1 < rows.size() ? rows[i + 1].hu : kLastBinUpper_HU;
    const double density = schneider_density(0.5 * (rows[i].hu + upper));
    // Air is a gas (gas-phase density-effect parameters).
    bins.push_back({rows[i].hu, make_material(rows[i].name, density, rows[i].elements, 0.0, rows[i].name == "Air")});
  }
  return bins;
}

}  // namespace

const std::vector<HuMaterialBin>& schneider2000_bins() {
  static std::once_flag once;
  static std::unique_ptr<std::vector<HuMaterialBin>> bins;
  std::call_once(once, [] { bins = std::make_unique<std::vector<HuMaterialBin>>(load_bins()); });
  return *bins;
}

void require_hounsfield_units(const Volume<float>& ct_hu) {
  std::size_t bad = 0, first_bad = 0;
  float lowest = std::numeric_limits<float>::infinity();
  for (std::size_t i = 0; i < ct_hu.size(); ++i) {
    const float v = ct_hu.data()[i];
    if (!std::isfinite(v)) {
      if (bad++ == 0) first_bad = i;
    } else {
      lowest = std::min(lowest, v);
    }
  }
  if (bad > 0)
    throw InvalidInput("the CT has " + std::to_string(bad) + " voxels that are NaN or infinite (first: voxel " +
                       std::to_string(first_bad) + "): fix or mask them before the Monte Carlo");
  if (!(lowest < kAirThreshold_HU))
    throw InvalidInput("the CT has no voxel below -500 (lowest " + std::to_string(lowest) +
                       "), so it has no air and does not look like Hounsfield units: is this CT in HU? rescale it with "
                       "its RescaleSlope/Intercept");
}

VoxelGeometry geometry_from_ct(const Volume<float>& ct_hu, const Volume<float>& density_g_per_cm3,
                               const CtConversionOptions& options) {
  require_same_geometry(ct_hu.grid(), density_g_per_cm3.grid(), "CT", "density map");
  const std::vector<HuMaterialBin>& bins = options.bins.empty() ? schneider2000_bins() : options.bins;
  if (bins.size() > 65535) throw InvalidInput("more than 65535 CT-number bins");
  for (std::size_t i = 1; i < bins.size(); ++i)
    if (!(bins[i].hu_lower > bins[i - 1].hu_lower))
      throw InvalidInput("CT-number bins must be in ascending hu_lower: bin " + std::to_string(i) + " (" +
                         std::to_string(bins[i].hu_lower) + " HU) follows " + std::to_string(bins[i - 1].hu_lower) +
                         " HU");
  require_hounsfield_units(ct_hu);
  std::vector<double> lower(bins.size());
  for (std::size_t b = 0; b < bins.size(); ++b) lower[b] = bins[b].hu_lower;
  VoxelGeometry g;
  for (const HuMaterialBin& b : bins) g.materials.push_back(b.material);
  g.material_index = Volume<std::uint16_t>(ct_hu.grid(), 0);
  g.density_g_per_cm3 = density_g_per_cm3.clone();
  for (std::size_t i = 0; i < ct_hu.size(); ++i) {
    // Last bin with hu_lower ≤ HU; below the first bin, the first.
    const auto it = std::upper_bound(lower.begin(), lower.end(), static_cast<double>(ct_hu.data()[i]));
    const std::size_t b = it == lower.begin() ? 0 : static_cast<std::size_t>(it - lower.begin()) - 1;
    g.material_index.data()[i] = static_cast<std::uint16_t>(b);
  }
  g.validate();
  return g;
}

}  // namespace rptdose::montecarlo
