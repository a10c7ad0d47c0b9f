#include "rptdose/montecarlo/materials.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <sstream>

#include "element_data.hpp"
#include "rptdose/core/error.hpp"

namespace rptdose::montecarlo {
namespace {

// make_material renormalises fraction sums within this of 1 (GATE databases round fractions to 3–6 digits).
constexpr double kFractionSumTolerance = 0.01;

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

/// "key=value ; key=value" fields of a GATE line, keys lower-case.
std::map<std::string, std::string> fields(const std::string& text) {
  std::map<std::string, std::string> out;
  std::stringstream ss(text);
  std::string part;
  while (std::getline(ss, part, ';')) {
    const auto eq = part.find('=');
    if (eq == std::string::npos) continue;
    out[lower(trim(part.substr(0, eq)))] = trim(part.substr(eq + 1));
  }
  return out;
}

double parse_number(const std::string& text, const std::string& where, const std::string& what) {
  try {
    std::size_t used = 0;
    const double v = std::stod(text, &used);
    if (std::isfinite(v)) return v;
  } catch (const std::exception&) {
  }
  throw InvalidInput(where + ": " + what + " '" + text + "' is not a number");
}

}  // namespace

Material make_material(std::string name, double density_g_per_cm3, std::vector<ElementFraction> elements,
                       double mean_excitation_eV, bool gas) {
  if (name.empty()) throw InvalidInput("material without a name: give every material a name");
  const std::string what = "material '" + name + "'";
  if (!(std::isfinite(density_g_per_cm3) && density_g_per_cm3 > 0.0))
    throw InvalidInput(what + ": density " + std::to_string(density_g_per_cm3) + " g/cm3 is not finite and positive");
  if (!(std::isfinite(mean_excitation_eV) && mean_excitation_eV >= 0.0))
    throw InvalidInput(what + ": mean excitation energy must be positive (or 0 for Bragg additivity)");
  if (elements.empty()) throw InvalidInput(what + " has no elements");
  double sum = 0.0;
  std::vector<ElementFraction> merged;
  for (const ElementFraction& e : elements) {
    if (detail::find_element(e.z) == nullptr)
      throw InvalidInput(what + ": element Z = " + std::to_string(e.z) +
                         " has no interaction data in data/montecarlo/ (bundled: H C N O Na Mg P S Cl Ar K Ca Ti Fe Cu "
                         "Zn Ag Sn I)");
    if (!(std::isfinite(e.mass_fraction) && e.mass_fraction > 0.0))
      throw InvalidInput(what + ": mass fraction " + std::to_string(e.mass_fraction) +
                         " of Z = " + std::to_string(e.z) + " is not positive: leave out elements that are absent");
    sum += e.mass_fraction;
    auto same = std::find_if(merged.begin(), merged.end(), [&](const ElementFraction& m) { return m.z == e.z; });
    if (same != merged.end())
      same->mass_fraction += e.mass_fraction;
    else
      merged.push_back(e);
  }
  if (std::abs(sum - 1.0) > kFractionSumTolerance)
    throw InvalidInput(what + ": mass fractions sum to " + std::to_string(sum) +
                       ", not 1 (within 1 %): check the composition (fractions, not percent)");
  for (ElementFraction& e : merged) e.mass_fraction /= sum;
  std::sort(merged.begin(), merged.end(), [](const auto& a, const auto& b) { return a.z < b.z; });
  return Material{std::move(name), density_g_per_cm3, std::move(merged), mean_excitation_eV, gas};
}

const Material& liquid_water() {
  // H2O with standard atomic weights (H 1.00794, O 15.9994): H 0.111894, O 0.888106; ρ = 1 g/cm³; I = 75 eV
  // (ICRU Report 37; NIST ESTAR "Water, Liquid").
  static const Material water =
      make_material("Water", 1.0, {{1, 2.0 * 1.00794 / 18.01528}, {8, 15.9994 / 18.01528}}, 75.0);
  return water;
}

const Material& icrp_soft_tissue() {
  // NIST material composition data "Tissue, Soft (ICRP)" (as in ESTAR; PNNL-15870 Rev. 1): ρ = 1.00 g/cm³ (NIST),
  // I = 72.3 eV; the same composition as kernels::electrons::Medium::icrp_soft_tissue().
  static const Material tissue = make_material("ICRP soft tissue", 1.0,
                                               {{1, 0.104472},
                                                {6, 0.232190},
                                                {7, 0.024880},
                                                {8, 0.630238},
                                                {11, 0.001130},
                                                {12, 0.000130},
                                                {15, 0.001330},
                                                {16, 0.001990},
                                                {17, 0.001340},
                                                {19, 0.001990},
                                                {20, 0.000230},
                                                {26, 0.000050},
                                                {30, 0.000030}},
                                               72.3);
  return tissue;
}

std::vector<Material> read_gate_materials(std::istream& in, const std::string& source) {
  enum class Section { none, elements, materials } section = Section::none;
  std::map<std::string, int> element_z;  // GATE element name → Z
  struct Pending {
    std::string name;
    double density = 0.0;
    int declared = 0;
    bool gas = false;
    int line = 0;
    std::vector<ElementFraction> elements;
  };
  std::vector<Material> out;
  Pending current;
  bool open = false;
  auto close = [&] {
    if (!open) return;
    const std::string where = source + " line " + std::to_string(current.line);
    if (static_cast<int>(current.elements.size()) != current.declared)
      throw InvalidInput(where + ": material '" + current.name + "' declares n=" + std::to_string(current.declared) +
                         " components but has " + std::to_string(current.elements.size()) + " '+el:' lines");
    try {
      out.push_back(make_material(current.name, current.density, current.elements, 0.0, current.gas));
    } catch (const InvalidInput& e) {
      throw InvalidInput(where + ": " + e.what());
    }
    open = false;
  };
  std::string raw;
  int line = 0;
  while (std::getline(in, raw)) {
    ++line;
    const std::string where = source + " line " + std::to_string(line);
    std::string text = trim(raw.substr(0, raw.find('#')));
    if (text.empty()) continue;
    if (text == "[Elements]") {
      close();
      section = Section::elements;
      continue;
    }
    if (text == "[Materials]") {
      close();
      section = Section::materials;
      continue;
    }
    if (text.front() == '[') throw InvalidInput(where + ": unknown section " + text);
    if (section == Section::none) throw InvalidInput(where + ": text before the [Elements]/[Materials] sections");
    if (section == Section::elements) {
      const auto colon = text.find(':');
      if (colon == std::string::npos) throw InvalidInput(where + ": expected 'Name: S= X ; Z= n ; A= a g/mole'");
      const std::string name = trim(text.substr(0, colon));
      const auto f = fields(text.substr(colon + 1));
      if (!f.count("z")) throw InvalidInput(where + ": element '" + name + "' has no Z=");
      const int z = static_cast<int>(std::lround(parse_number(f.at("z"), where, "Z")));
      const detail::ElementData* known = detail::find_element(z);
      if (known == nullptr)
        throw InvalidInput(where + ": element '" + name + "' (Z = " + std::to_string(z) +
                           ") has no interaction data in data/montecarlo/");
      if (f.count("s") && lower(f.at("s")) != lower(known->symbol))
        throw InvalidInput(where + ": element '" + name + "' has symbol " + f.at("s") +
                           " but Z = " + std::to_string(z) + " is " + known->symbol);
      element_z[name] = z;
      continue;
    }
    // [Materials]
    if (text.rfind("+el:", 0) == 0) {
      if (!open) throw InvalidInput(where + ": '+el:' line outside a material");
      const auto f = fields(text.substr(4));
      if (!f.count("name") || !f.count("f"))
        throw InvalidInput(where +
                           ": expected '+el: name=Element ; f=mass_fraction' (GATE's n= atom counts are not "
                           "supported: give mass fractions)");
      int z = 0;
      if (auto it = element_z.find(f.at("name")); it != element_z.end())
        z = it->second;
      else if (const detail::ElementData* e = detail::find_element(f.at("name")))
        z = e->z;
      else
        throw InvalidInput(where + ": unknown element '" + f.at("name") + "' in material '" + current.name +
                           "': declare it in [Elements]");
      current.elements.push_back({z, parse_number(f.at("f"), where, "mass fraction")});
      continue;
    }
    if (text.front() == '+')
      throw InvalidInput(where + ": '" + text.substr(0, text.find(':') + 1) +
                         "' components (materials of materials) are not supported: give '+el:' lines");
    close();
    const auto colon = text.find(':');
    if (colon == std::string::npos) throw InvalidInput(where + ": expected 'Name: d=1.05 g/cm3 ; n=9'");
    current = Pending{};
    current.name = trim(text.substr(0, colon));
    current.line = line;
    const auto f = fields(text.substr(colon + 1));
    if (!f.count("d")) throw InvalidInput(where + ": material '" + current.name + "' has no density d=");
    std::stringstream d(f.at("d"));
    std::string value, unit;
    d >> value >> unit;
    double density = parse_number(value, where, "density");
    if (unit == "mg/cm3")
      density *= 1e-3;
    else if (unit != "g/cm3")
      throw InvalidInput(where + ": density unit '" + unit + "' of '" + current.name + "': use g/cm3 or mg/cm3");
    current.density = density;
    if (!f.count("n")) throw InvalidInput(where + ": material '" + current.name + "' has no n= (component count)");
    current.declared = static_cast<int>(std::lround(parse_number(f.at("n"), where, "n")));
    current.gas = f.count("state") && lower(f.at("state")) == "gas";
    open = true;
  }
  close();
  if (out.empty()) throw InvalidInput(source + ": no materials (expected a [Materials] section)");
  return out;
}

std::vector<LabelMaterialRange> read_gate_label_materials(std::istream& in, const std::string& source) {
  std::vector<LabelMaterialRange> out;
  std::string raw;
  int line = 0;
  while (std::getline(in, raw)) {
    ++line;
    const std::string text = trim(raw.substr(0, raw.find('#')));
    if (text.empty()) continue;
    const std::string where = source + " line " + std::to_string(line);
    std::stringstream ss(text);
    long long first = -1, last = -1;
    std::string name, extra;
    if (!(ss >> first >> last >> name) || (ss >> extra))
      throw InvalidInput(where + ": expected 'first_label last_label_exclusive MaterialName'");
    if (first < 0 || last <= first || last > 65536)
      throw InvalidInput(where + ": label range [" + std::to_string(first) + ", " + std::to_string(last) +
                         ") is empty or outside 0..65535");
    out.push_back({static_cast<std::uint32_t>(first), static_cast<std::uint32_t>(last), name});
  }
  if (out.empty()) throw InvalidInput(source + ": no label ranges");
  return out;
}

void VoxelGeometry::validate() const {
  require_same_geometry(material_index.grid(), density_g_per_cm3.grid(), "material index map", "density map");
  const std::size_t n = material_index.size();
  for (std::size_t i = 0; i < n; ++i)
    if (material_index.data()[i] >= materials.size())
      throw InvalidInput("voxel " + std::to_string(i) + " has material index " +
                         std::to_string(material_index.data()[i]) + " but there are " +
                         std::to_string(materials.size()) + " materials");
  std::size_t bad = 0, first = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const float d = density_g_per_cm3.data()[i];
    if (!(std::isfinite(d) && d > 0.0f)) {
      if (bad == 0) first = i;
      ++bad;
    }
  }
  if (bad > 0)
    throw InvalidInput(std::to_string(bad) + " voxels have a density that is not finite and positive (first: voxel " +
                       std::to_string(first) + ", " + std::to_string(density_g_per_cm3.data()[first]) +
                       " g/cm3): give air (0.0012 g/cm3) rather than 0");
}

VoxelGeometry uniform_geometry(const Grid& grid, const Material& material, double density_g_per_cm3) {
  const double d = density_g_per_cm3 > 0.0 ? density_g_per_cm3 : material.density_g_per_cm3;
  VoxelGeometry g{{material}, Volume<std::uint16_t>(grid, 0), Volume<float>(grid, static_cast<float>(d))};
  g.validate();
  return g;
}

VoxelGeometry geometry_from_labels(const Volume<std::uint16_t>& labels, const std::vector<Material>& materials,
                                   const std::vector<LabelMaterialRange>& label_materials) {
  if (materials.size() > std::numeric_limits<std::uint16_t>::max()) throw InvalidInput("more than 65535 materials");
  constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> index_of_label(65536, kNone);
  for (const LabelMaterialRange& r : label_materials) {
    const auto it =
        std::find_if(materials.begin(), materials.end(), [&](const Material& m) { return m.name == r.material; });
    if (it == materials.end())
      throw InvalidInput("labels [" + std::to_string(r.first) + ", " + std::to_string(r.last_exclusive) +
                         ") are made of '" + r.material + "', which is not in the material database");
    for (std::uint32_t l = r.first; l < r.last_exclusive && l < 65536; ++l)
      index_of_label[l] = static_cast<std::uint32_t>(it - materials.begin());
  }
  VoxelGeometry g{materials, Volume<std::uint16_t>(labels.grid(), 0), Volume<float>(labels.grid(), 0.0f)};
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const std::uint16_t label = labels.data()[i];
    const std::uint32_t m = index_of_label[label];
    if (m == kNone)
      throw InvalidInput("label " + std::to_string(label) + " (first at voxel " + std::to_string(i) +
                         ") has no material: add it to the label-to-material table");
    g.material_index.data()[i] = static_cast<std::uint16_t>(m);
    g.density_g_per_cm3.data()[i] = static_cast<float>(materials[m].density_g_per_cm3);
  }
  g.validate();
  return g;
}

}  // namespace rptdose::montecarlo
