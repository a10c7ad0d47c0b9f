#pragma once
// Reference materials and geometries of the Monte Carlo validation (docs/monte-carlo-validation.md), shared by the
// tests in tests/montecarlo/ and the programs in benchmarks/ that print its tables:
//  * ICRU Report 44 tissues with the compositions (mass fractions) of NIST's X-ray attenuation tables
//    (J. H. Hubbell and S. M. Seltzer, NIST Standard Reference Database 126, Table 2), and ICRU compact bone
//    (NIST material 119, density 1.85 g/cm³, I = 91.9 eV, as in ESTAR);
//  * slab phantoms along z (materials and densities per slice);
//  * the ICRP Publication 110 adult male phantom as OpenDose distributes it (../shared/reference, SOURCES.md), read
//    from its .mhd header and gzip-compressed raw volume without unpacking it on disk (needs zlib: built with
//    RPTDOSE_HAVE_ZLIB, else read_icrp110_adult_male returns nullopt).
#ifdef RPTDOSE_HAVE_ZLIB
#include <zlib.h>
#endif

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "rptdose/core/volume.hpp"
#include "rptdose/montecarlo/materials.hpp"

namespace rptdose::montecarlo::validation {

// NIST SRD 126 Table 2 (ICRU Report 44 compositions). I = 0: Bragg additivity (materials.hpp).
inline Material icru44_soft_tissue() {
  return make_material("Tissue, Soft (ICRU-44)", 1.06,
                       {{1, 0.102},
                        {6, 0.143},
                        {7, 0.034},
                        {8, 0.708},
                        {11, 0.002},
                        {15, 0.003},
                        {16, 0.003},
                        {17, 0.002},
                        {19, 0.003}});
}
/// ICRU-44 lung tissue (1.05 g/cm³ is the tissue itself; inflated lung voxels carry ~0.26 g/cm³).
inline Material icru44_lung() {
  return make_material("Lung Tissue (ICRU-44)", 1.05,
                       {{1, 0.103},
                        {6, 0.105},
                        {7, 0.031},
                        {8, 0.749},
                        {11, 0.002},
                        {15, 0.002},
                        {16, 0.003},
                        {17, 0.003},
                        {19, 0.002}});
}
inline Material icru44_cortical_bone() {
  return make_material("Bone, Cortical (ICRU-44)", 1.92,
                       {{1, 0.034},
                        {6, 0.155},
                        {7, 0.042},
                        {8, 0.435},
                        {11, 0.001},
                        {12, 0.002},
                        {15, 0.103},
                        {16, 0.003},
                        {20, 0.225}});
}
/// Air, dry (near sea level): NIST Table 2, I = 85.7 eV (ESTAR), gas.
inline Material dry_air() {
  return make_material("Air, Dry (near sea level)", 1.205e-3,
                       {{6, 0.000124}, {7, 0.755268}, {8, 0.231781}, {18, 0.012827}}, 85.7, true);
}
/// Bone, Compact (ICRU): NIST material 119 (ESTAR), 1.85 g/cm³, I = 91.9 eV.
inline Material icru_compact_bone() {
  return make_material(
      "Bone, Compact (ICRU)", 1.85,
      {{1, 0.063984}, {6, 0.278}, {7, 0.027}, {8, 0.410016}, {12, 0.002}, {15, 0.07}, {16, 0.002}, {20, 0.147}}, 91.9);
}

/// A slab phantom: `materials`, and per z slice the index of its material and its density (g/cm³).
inline VoxelGeometry slab_geometry(const Grid& grid, std::vector<Material> materials,
                                   const std::function<std::pair<std::uint16_t, double>(std::size_t k)>& slice) {
  VoxelGeometry g{std::move(materials), Volume<std::uint16_t>(grid, 0), Volume<float>(grid, 1.0f)};
  const auto n = grid.size();
  for (std::size_t k = 0; k < n[2]; ++k) {
    const auto [material, density] = slice(k);
    for (std::size_t j = 0; j < n[1]; ++j)
      for (std::size_t i = 0; i < n[0]; ++i) {
        const std::size_t v = grid.linear_index(i, j, k);
        g.material_index.data()[v] = material;
        g.density_g_per_cm3.data()[v] = static_cast<float>(density);
      }
  }
  g.validate();
  return g;
}

/// A phantom with its TIA map (Bq·s per voxel) and scoring labels.
struct SlabStudy {
  VoxelGeometry geometry;
  Volume<float> tia;
  Volume<std::uint16_t> labels;
};

/// Labels of the slab studies: slice k of the profile columns is label kProfileLabel0 + k; the regions (slabs) in
/// the mirror-image columns are kRegionLabel0 + slab. A laterally uniform source makes the two sets of columns
/// statistically equivalent, so one run scores a depth-dose profile and region doses without sharing voxels.
inline constexpr std::uint16_t kProfileLabel0 = 1;
inline constexpr std::uint16_t kRegionLabel0 = 201;

/// Scoring labels: columns i in [lo, mid) × j in [lo, hi) score slices, columns i in [mid, hi) × j in [lo, hi)
/// score `region_of_slice` (−1: none), for slices k in [k_lo, k_hi).
inline Volume<std::uint16_t> slab_labels(const Grid& grid, std::size_t lo, std::size_t hi, std::size_t k_lo,
                                         std::size_t k_hi, const std::function<int(std::size_t k)>& region_of_slice) {
  Volume<std::uint16_t> labels(grid, 0);
  const std::size_t mid = (lo + hi) / 2;
  for (std::size_t k = k_lo; k < k_hi; ++k)
    for (std::size_t j = lo; j < hi; ++j)
      for (std::size_t i = lo; i < hi; ++i) {
        const int region = region_of_slice(k);
        if (i >= mid && region < 0) continue;
        labels.data()[grid.linear_index(i, j, k)] =
            static_cast<std::uint16_t>(i < mid ? kProfileLabel0 + k : kRegionLabel0 + region);
      }
  return labels;
}

/// The cut-off study (docs/monte-carlo-validation.md §1): 4 mm voxels (clinical SPECT voxels: larger than the
/// electron ranges of soft tissue, smaller than those of lung), 12 × 12 × 24; along z ICRU-44 soft tissue (slices
/// 0–5), ICRU-44 lung at the inflated-lung density 0.26 g/cm³ (6–11), ICRU-44 cortical bone 1.92 g/cm³ (12–17), soft
/// tissue (18–23). The source (10⁶ Bq·s per voxel, over the whole width) fills three bands of four slices centred on
/// the three interfaces (4–7, 10–13, 16–19), so the profile has interfaces inside the source and dose fall-offs
/// where only what crossed a band's edge deposits (tissue 0–3, lung 8–9, bone 14–15, tissue 20–23): where a wrong
/// range rejection (energy kept in a voxel it could have left) shows. Scoring: `profile_only`: slice k of all
/// columns is kProfileLabel0 + k; else slices in columns i < 6 and the regions kCutoffRegionNames in the mirror-image
/// columns i ≥ 6 (the source is symmetric about the grid's centre).
inline constexpr std::array<const char*, 9> kCutoffRegionNames = {
    "tissue 0–3 (tail)",   "tissue 4–5 (source)", "lung 6–7 (source)",   "lung 8–9 (gap)",       "lung 10–11 (source)",
    "bone 12–13 (source)", "bone 14–15 (gap)",    "bone 16–17 (source)", "tissue 18–19 (source)"};
inline SlabStudy cutoff_slab_study(bool profile_only) {
  const std::size_t n = 12, nz = 24;
  const Grid grid({n, n, nz}, Vector3(4.0, 4.0, 4.0));
  auto geometry = slab_geometry(grid, {icru44_soft_tissue(), icru44_lung(), icru44_cortical_bone()}, [](std::size_t k) {
    if (k < 6 || k >= 18) return std::pair<std::uint16_t, double>{0, 1.06};
    if (k < 12) return std::pair<std::uint16_t, double>{1, 0.26};
    return std::pair<std::uint16_t, double>{2, 1.92};
  });
  Volume<float> tia(grid, 0.0f);
  for (std::size_t k = 0; k < nz; ++k) {
    if (!((k >= 4 && k <= 7) || (k >= 10 && k <= 13) || (k >= 16 && k <= 19))) continue;
    for (std::size_t j = 0; j < n; ++j)
      for (std::size_t i = 0; i < n; ++i) tia.data()[grid.linear_index(i, j, k)] = 1e6f;
  }
  Volume<std::uint16_t> labels(grid, 0);
  constexpr int kFirst[9] = {0, 4, 6, 8, 10, 12, 14, 16, 18}, kLast[9] = {3, 5, 7, 9, 11, 13, 15, 17, 19};
  for (std::size_t k = 0; k < nz; ++k) {
    int region = -1;
    for (int r = 0; r < 9; ++r)
      if (static_cast<int>(k) >= kFirst[r] && static_cast<int>(k) <= kLast[r]) region = r;
    for (std::size_t j = 0; j < n; ++j)
      for (std::size_t i = 0; i < n; ++i) {
        std::uint16_t label = static_cast<std::uint16_t>(kProfileLabel0 + k);
        if (!profile_only && i >= n / 2) label = region < 0 ? 0 : static_cast<std::uint16_t>(kRegionLabel0 + region);
        labels.data()[grid.linear_index(i, j, k)] = label;
      }
  }
  return {std::move(geometry), std::move(tia), std::move(labels)};
}

/// The Fano test (docs/monte-carlo-validation.md §2): water at 1.0, 0.26, 1.92 and 1.0 g/cm³ in four slabs of
/// `slab_slices` slices along z (voxels of `voxel_mm`), `lateral` voxels across, the source uniform per unit MASS
/// (10⁶ Bq·s per voxel × its density) everywhere; scored `margin` voxels away from every side of the grid (slices
/// as the profile, the four slabs as regions 0–3). By Fano's theorem the electron dose is then E_electron·Ã/m in
/// every voxel farther than the electron range from the grid's sides, whatever the densities.
inline SlabStudy fano_slab_study(double voxel_mm, std::size_t lateral, std::size_t slab_slices, std::size_t margin) {
  const std::size_t nz = 4 * slab_slices;
  const Grid grid({lateral, lateral, nz}, Vector3(voxel_mm, voxel_mm, voxel_mm));
  constexpr std::array<double, 4> kDensity = {1.0, 0.26, 1.92, 1.0};
  auto geometry = slab_geometry(grid, {liquid_water()}, [&](std::size_t k) {
    return std::pair<std::uint16_t, double>{0, kDensity[k / slab_slices]};
  });
  Volume<float> tia(grid, 0.0f);
  for (std::size_t v = 0; v < tia.size(); ++v) tia.data()[v] = 1e6f * geometry.density_g_per_cm3.data()[v];
  auto labels = slab_labels(grid, margin, lateral - margin, margin, nz - margin,
                            [&](std::size_t k) { return static_cast<int>(k / slab_slices); });
  return {std::move(geometry), std::move(tia), std::move(labels)};
}

/// Mass-weighted mean of `map` over the voxels of `label`.
inline double voi_mean(const Volume<float>& map, const Volume<std::uint16_t>& labels, const Volume<float>& density,
                       std::uint16_t label) {
  double sum = 0.0, mass = 0.0;
  for (std::size_t v = 0; v < map.size(); ++v)
    if (labels.data()[v] == label) sum += double(map.data()[v]) * density.data()[v], mass += density.data()[v];
  return mass > 0.0 ? sum / mass : 0.0;
}

// --- The ICRP 110 adult male phantom (OpenDose files) -----------------------------------------------------------

/// Organ ID ranges [first, last] of the ICRP 110 adult male (ICRP Publication 110, Annex A organ list; the IDs of
/// the OpenDose AM_LabelsToMaterials.txt).
struct OrganGroup {
  const char* name;
  std::vector<std::pair<std::uint16_t, std::uint16_t>> ids;  ///< inclusive ranges
  bool contains(std::uint16_t id) const {
    return std::any_of(ids.begin(), ids.end(), [&](const auto& r) { return id >= r.first && id <= r.second; });
  }
};
/// The organs of the per-organ table: kidneys (cortex, medulla, pelvis, both sides: 89–94), liver (95), spleen
/// (127), lungs (lung blood and tissue, both sides: 96–99), mineral bone (cortical bone of every bone: the
/// Mineral_bone IDs 13, 16, 19, …, 55), spongiosa (trabecular bone with red and yellow marrow, the red-marrow-bearing
/// regions: 14, 17, 20, …, 56), medullary cavities (yellow marrow: 15, 18, 21, 30, 33, 36), air inside the body (140).
inline std::vector<OrganGroup> icrp110_organ_groups() {
  OrganGroup mineral{"mineral bone", {}}, spongiosa{"spongiosa (red marrow regions)", {}};
  for (std::uint16_t id : {13, 16, 19, 22, 24, 26, 28, 31, 34, 37, 39, 41, 43, 45, 47, 49, 51, 53, 55})
    mineral.ids.push_back({id, id});
  for (std::uint16_t id : {14, 17, 20, 23, 25, 27, 29, 32, 35, 38, 40, 42, 44, 46, 48, 50, 52, 54, 56})
    spongiosa.ids.push_back({id, id});
  return {{"kidneys", {{89, 94}}},
          {"liver", {{95, 95}}},
          {"spleen", {{127, 127}}},
          {"lungs", {{96, 99}}},
          mineral,
          spongiosa,
          {"medullary cavities (yellow marrow)", {{15, 15}, {18, 18}, {21, 21}, {30, 30}, {33, 33}, {36, 36}}},
          {"air inside the body", {{140, 140}}}};
}

struct Icrp110Phantom {
  Volume<std::uint16_t> organs;  ///< ICRP 110 organ IDs (0 outside the body)
  VoxelGeometry geometry;        ///< materials and nominal densities of the OpenDose GATE files
};

/// Reads `folder`/AM_UINT16_254_127_222.{mhd,raw.gz}, AM_GateMaterials.db and AM_LabelsToMaterials.txt; nullopt
/// when a file is missing. Throws std::runtime_error for a malformed file.
inline std::optional<Icrp110Phantom> read_icrp110_adult_male(const std::filesystem::path& folder) {
#ifndef RPTDOSE_HAVE_ZLIB
  (void)folder;
  return std::nullopt;
#else
  const auto mhd = folder / "AM_UINT16_254_127_222.mhd", raw = folder / "AM_UINT16_254_127_222.raw.gz",
             db = folder / "AM_GateMaterials.db", table = folder / "AM_LabelsToMaterials.txt";
  for (const auto& p : {mhd, raw, db, table})
    if (!std::filesystem::exists(p)) return std::nullopt;
  std::ifstream header(mhd);
  std::array<std::size_t, 3> size{};
  Vector3 spacing(0, 0, 0);
  for (std::string line; std::getline(header, line);) {
    std::istringstream fields(line);
    std::string key, equals;
    fields >> key >> equals;
    if (key == "DimSize") fields >> size[0] >> size[1] >> size[2];
    if (key == "ElementSpacing") fields >> spacing[0] >> spacing[1] >> spacing[2];
    if (key == "ElementType" && line.find("MET_USHORT") == std::string::npos)
      throw std::runtime_error(mhd.string() + ": expected MET_USHORT");
  }
  if (size[0] * size[1] * size[2] == 0 || !(spacing.minCoeff() > 0.0))
    throw std::runtime_error(mhd.string() + ": no DimSize or ElementSpacing");
  const Grid grid({size[0], size[1], size[2]}, spacing);
  Volume<std::uint16_t> organs(grid, 0);
  gzFile in = gzopen(raw.string().c_str(), "rb");
  if (!in) throw std::runtime_error(raw.string() + ": cannot open");
  const auto bytes = static_cast<unsigned>(organs.size() * sizeof(std::uint16_t));
  const int read = gzread(in, organs.data(), bytes);
  gzclose(in);
  if (read != static_cast<int>(bytes)) throw std::runtime_error(raw.string() + ": shorter than DimSize");
  std::ifstream db_in(db), table_in(table);
  const auto materials = read_gate_materials(db_in, db.string());
  const auto ranges = read_gate_label_materials(table_in, table.string());
  VoxelGeometry geometry = geometry_from_labels(organs, materials, ranges);
  return Icrp110Phantom{std::move(organs), std::move(geometry)};
#endif
}

/// OpenDose S-values of 177Lu in the ICRP 110 AM (tests/data/montecarlo/opendose_icrp110am_lu177_s_values.csv) for
/// the organ groups of icrp110_organ_groups(), in mGy/(MBq·s): per group the mass-weighted mean over its regions (the
/// mean dose of the group), for the kidneys as one source (activity ∝ mass: the two kidneys' S-values weighted by
/// their masses) and for the liver. Empty when the file cannot be read.
struct OpenDoseGroupS {
  std::string group;
  double mass_g, from_kidneys, from_liver;
};
inline std::vector<OpenDoseGroupS> read_opendose_lu177_groups(const std::filesystem::path& csv) {
  constexpr double kLeftKidney_g = 152.983, kRightKidney_g = 157.011;  // OpenDose masses (the file's rows)
  std::ifstream in(csv);
  std::vector<OpenDoseGroupS> groups;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#' || line.rfind("group,", 0) == 0) continue;
    // group,"target",mass,left,right,liver
    const auto q1 = line.find('"'), q2 = line.find('"', q1 + 1);
    const std::string group = line.substr(0, q1 - 1);
    std::istringstream rest(line.substr(q2 + 2));
    std::string mass, left, right, liver;
    std::getline(rest, mass, ',');
    std::getline(rest, left, ',');
    std::getline(rest, right, ',');
    std::getline(rest, liver, ',');
    if (group == "left kidney" || group == "right kidney") continue;  // inside "kidneys"
    const double m = std::stod(mass);
    const double kidneys =
        (kLeftKidney_g * std::stod(left) + kRightKidney_g * std::stod(right)) / (kLeftKidney_g + kRightKidney_g);
    auto at = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.group == group; });
    if (at == groups.end()) at = groups.insert(groups.end(), {group, 0.0, 0.0, 0.0});
    at->mass_g += m;
    at->from_kidneys += m * kidneys;
    at->from_liver += m * std::stod(liver);
  }
  for (auto& g : groups) g.from_kidneys /= g.mass_g, g.from_liver /= g.mass_g;
  return groups;
}

/// The box of voxels with an ID of `group`, grown by `margin_mm` on every side (clamped to the grid): begin and end
/// (exclusive) indices per axis.
inline std::array<std::pair<std::size_t, std::size_t>, 3> bounding_box(const Volume<std::uint16_t>& organs,
                                                                       const OrganGroup& group, double margin_mm) {
  const Grid& g = organs.grid();
  const auto n = g.size();
  std::array<std::size_t, 3> lo{n[0], n[1], n[2]}, hi{0, 0, 0};
  for (std::size_t k = 0; k < n[2]; ++k)
    for (std::size_t j = 0; j < n[1]; ++j)
      for (std::size_t i = 0; i < n[0]; ++i)
        if (group.contains(organs.data()[g.linear_index(i, j, k)])) {
          const std::array<std::size_t, 3> at{i, j, k};
          for (int a = 0; a < 3; ++a) lo[a] = std::min(lo[a], at[a]), hi[a] = std::max(hi[a], at[a] + 1);
        }
  std::array<std::pair<std::size_t, std::size_t>, 3> box{};
  for (int a = 0; a < 3; ++a) {
    const auto grow = static_cast<std::size_t>(margin_mm / g.spacing_mm()[a] + 0.5);
    box[a] = {lo[a] > grow ? lo[a] - grow : 0, std::min(n[a], hi[a] + grow)};
  }
  return box;
}

/// `v` cropped to `box` (spacing kept, origin moved to the box's first voxel).
template <class T>
Volume<T> crop(const Volume<T>& v, const std::array<std::pair<std::size_t, std::size_t>, 3>& box) {
  const Grid& g = v.grid();
  const Size3 size{box[0].second - box[0].first, box[1].second - box[1].first, box[2].second - box[2].first};
  const Vector3 origin = g.origin_mm() + Vector3(box[0].first * g.spacing_mm()[0], box[1].first * g.spacing_mm()[1],
                                                 box[2].first * g.spacing_mm()[2]);
  Volume<T> out(Grid(size, g.spacing_mm(), origin), T{});
  for (std::size_t k = 0; k < size[2]; ++k)
    for (std::size_t j = 0; j < size[1]; ++j)
      for (std::size_t i = 0; i < size[0]; ++i)
        out.data()[out.grid().linear_index(i, j, k)] =
            v.data()[g.linear_index(i + box[0].first, j + box[1].first, k + box[2].first)];
  return out;
}

/// The shells of a voxel S-value table as VOIs around a unit source voxel at the centre of an n³ grid of h mm: label
/// 1 + index in `shells` of (|i|, |j|, |k|) sorted in decreasing order, for offsets up to 2; other voxels 0.
struct ShellScoring {
  std::vector<std::array<int, 3>> shells;
  Volume<std::uint16_t> labels;
  Volume<float> tia;
  ShellScoring(std::size_t n, double h,
               std::vector<std::array<int, 3>> shell_list = {{0, 0, 0}, {1, 0, 0}, {1, 1, 0}, {1, 1, 1}, {2, 0, 0},
                                                             {2, 1, 0}, {2, 1, 1}, {2, 2, 0}, {2, 2, 1}, {2, 2, 2}})
      : shells(std::move(shell_list)) {
    const Grid grid({n, n, n}, Vector3(h, h, h));
    labels = Volume<std::uint16_t>(grid, 0);
    tia = Volume<float>(grid, 0.0f);
    const int c = static_cast<int>(n / 2);
    tia.data()[grid.linear_index(c, c, c)] = 1e6f;
    for (int k = -2; k <= 2; ++k)
      for (int j = -2; j <= 2; ++j)
        for (int i = -2; i <= 2; ++i) {
          std::array<int, 3> a = {std::abs(i), std::abs(j), std::abs(k)};
          std::sort(a.begin(), a.end(), std::greater<>());
          const auto at = std::find(shells.begin(), shells.end(), a);
          if (at != shells.end())
            labels.data()[grid.linear_index(c + i, c + j, c + k)] = static_cast<std::uint16_t>(1 + (at - shells.begin()));
        }
  }
};

/// Lanconelli et al. 2012 voxel S-values of soft tissue and compact bone (tests/data/vsv, in `test_data_folder`): (nuclide, medium, i, j, k)
/// → mGy/(MBq·s).
inline std::map<std::tuple<std::string, std::string, int, int, int>, double> read_lanconelli_shells(
    const std::filesystem::path& test_data_folder) {
  std::ifstream in(test_data_folder / "vsv" / "lanconelli2012_soft_tissue_and_compact_bone_shells.csv");
  std::map<std::tuple<std::string, std::string, int, int, int>, double> table;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#' || line.rfind("nuclide", 0) == 0) continue;
    std::istringstream fields(line);
    std::string nuclide, spacing, medium, i, j, k, s;
    std::getline(fields, nuclide, ',');
    std::getline(fields, spacing, ',');
    std::getline(fields, medium, ',');
    std::getline(fields, i, ',');
    std::getline(fields, j, ',');
    std::getline(fields, k, ',');
    std::getline(fields, s, ',');
    table[{nuclide, medium, std::stoi(i), std::stoi(j), std::stoi(k)}] = std::stod(s);
  }
  return table;
}

}  // namespace rptdose::montecarlo::validation
