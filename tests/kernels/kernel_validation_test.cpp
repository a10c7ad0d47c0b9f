// Validation of generated kernels against independent Monte Carlo: the voxel S-values of the Lanconelli et al.
// (2012) database (MCNPX, ICRP soft tissue 1.04 g/cm³; Phys Med Biol 57:517; 177Lu at 2.21–5 mm, 90Y, 131I and
// 186Re at 2.21 mm), tables in tests/data/vsv/ with their provenance in each file's header; and the monoenergetic
// dose-point kernels of EGSnrc and ETRAN in water (tests/data/dpk_water_egsnrc_etran.csv).
//
// Like with like: the published tables hold less electron energy per decay than ICRP-107 177Lu (Σ S·m minus the
// photon part ≈ 0.138 MeV against 0.133 MeV of betas and 0.148 MeV of betas + conversion + Auger electrons), so
// they do not carry the full conversion/Auger emission. The electron part is therefore compared as fractions of
// its own energy (self, face, edge, corner and 3×3×3 block), against our beta-spectrum kernel; the photon part is
// compared directly far from the source, where photons dominate. docs/physics.md reports the full tables.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "rptdose/core/units.hpp"
#include "rptdose/kernels/electron_monte_carlo.hpp"
#include "rptdose/kernels/electron_physics.hpp"
#include "rptdose/kernels/kernel_generation.hpp"
#include "rptdose/kernels/kernel_io.hpp"
#include "rptdose/kernels/point_kernel_table.hpp"
#include "rptdose/kernels/voxel_integration.hpp"
#include "rptdose/nuclides/decay_database.hpp"

namespace rptdose::kernels {
namespace {

struct Reference {
  const char* file;
  double spacing_mm;
};
constexpr Reference kLu177SoftTissue[] = {
    {"lu177_soft_tissue_2.21mm_lanconelli2012.csv", 2.21},
    {"lu177_soft_tissue_3mm_lanconelli2012.csv", 3.0},
    {"lu177_soft_tissue_4mm_lanconelli2012.csv", 4.0},
    {"lu177_soft_tissue_5mm_lanconelli2012.csv", 5.0},
};
constexpr double kSoftTissueDensity = 1.04;
constexpr int kHalf = 5;

DoseKernel read_reference(const Reference& r) {
  KernelTableOptions options;
  options.spacing_mm = Vector3(r.spacing_mm, r.spacing_mm, r.spacing_mm);
  options.unit = KernelUnit::MilliGyPerMBqSecond;
  options.info.density_g_per_ml = kSoftTissueDensity;
  return read_kernel_table(std::filesystem::path(RPTDOSE_TEST_DATA_DIR) / "vsv" / r.file, options);
}

/// Our full 177Lu kernel for the reference's voxels (soft tissue, photons to the kernel corner).
DoseKernel generate_like(const Reference& r) {
  KernelOptions options;
  options.spacing_mm = Vector3(r.spacing_mm, r.spacing_mm, r.spacing_mm);
  options.half_size = {kHalf, kHalf, kHalf};
  return generate_kernel("Lu-177", options);
}

/// Energy (MeV per decay) deposited in each voxel by the 177Lu beta spectrum alone.
Volume<double> beta_only_energy(double spacing_mm) {
  const auto& lu = nuclides::DecayDatabase::instance().get("Lu-177");
  RadialProfile profile(spacing_mm / 100.0, 8 * 100);
  PointKernelTable::electrons_in_water().add_spectrum(
      profile, lu.beta_spectrum(), lu.energy_per_decay_MeV(nuclides::Radiation::BetaMinus), kSoftTissueDensity);
  return integrate_over_voxels(profile, Vector3(spacing_mm, spacing_mm, spacing_mm), {kHalf, kHalf, kHalf});
}

double at(const Volume<double>& v, int i, int j, int k) {
  return v(static_cast<std::size_t>(i + kHalf), static_cast<std::size_t>(j + kHalf),
           static_cast<std::size_t>(k + kHalf));
}

double block_sum(const Volume<double>& v) {
  double s = 0.0;
  for (int i = -1; i <= 1; ++i)
    for (int j = -1; j <= 1; ++j)
      for (int k = -1; k <= 1; ++k) s += at(v, i, j, k);
  return s;
}

// Electron part as fractions of its energy, our water kernels scaled to 1.04 g/mL against the MCNPX soft-tissue
// tables. Measured (docs/physics.md §4): self +0.15 to +0.4 %, face −1.7 to −2.3 %, edge −3.7 to −4.5 %, 3×3×3 block
// −0.01 %. Tolerances: measured + 1 point (self 1 %, face 3.5 %, edge 5.5 %, block 0.5 %), tightened from the
// issue's first targets (3, 10, 15, 3 %) once the cause of the face/edge deficit was known (§4).
TEST(KernelValidation, Lu177ElectronShellsMatchLanconelli2012) {
  for (const auto& r : kLu177SoftTissue) {
    const DoseKernel reference = read_reference(r);
    const DoseKernel ours = generate_like(r);
    // Reference electron part = reference total − our photon part (validated separately below).
    Volume<double> reference_electron = reference.values().clone();
    reference_electron -= ours.values(KernelComponent::Photon);
    const Volume<double> beta = beta_only_energy(r.spacing_mm);
    const double ref_sum = reference_electron.sum(), beta_sum = beta.sum();
    auto fraction_ratio = [&](int i, int j, int k) {
      return (at(beta, i, j, k) / beta_sum) / (at(reference_electron, i, j, k) / ref_sum);
    };
    const double block = (block_sum(beta) / beta_sum) / (block_sum(reference_electron) / ref_sum);
    std::printf("%-46s electron fractions ours/reference: self %.4f face %.4f edge %.4f corner %.4f 3x3x3 %.4f\n",
                r.file, fraction_ratio(0, 0, 0), fraction_ratio(1, 0, 0), fraction_ratio(1, 1, 0),
                fraction_ratio(1, 1, 1), block);
    EXPECT_NEAR(fraction_ratio(0, 0, 0), 1.0, 0.01) << r.file << " self";
    EXPECT_NEAR(fraction_ratio(1, 0, 0), 1.0, 0.035) << r.file << " face";
    EXPECT_NEAR(fraction_ratio(1, 1, 0), 1.0, 0.055) << r.file << " edge";
    EXPECT_NEAR(block, 1.0, 0.005) << r.file << " 3x3x3";
    // The reference's electron energy per decay lies between the beta-only and the full ICRP-107 electron energy.
    const double ref_electron_MeV = ref_sum * reference.voxel_mass_kg() / units::kJoulePerMeV;
    std::printf("%-46s reference electron energy %.5f MeV/decay; ours (ICRP-107) %.5f, beta only %.5f\n", r.file,
                ref_electron_MeV, ours.deposited_energy_MeV(KernelComponent::Electron), beta_sum);
    EXPECT_GT(ref_electron_MeV, 0.99 * 0.13327) << r.file;
    EXPECT_LT(ref_electron_MeV, 0.14792) << r.file;
  }
}

// Photon part: far from the source (≥ 2 voxels, where electrons no longer reach) the reference is pure photon
// dose; ours agrees within 5 % voxel by voxel (measured: ≤ 3 %).
TEST(KernelValidation, Lu177PhotonFarFieldMatchesLanconelli2012) {
  for (const auto& r : kLu177SoftTissue) {
    const DoseKernel reference = read_reference(r);
    const DoseKernel ours = generate_like(r);
    double worst = 0.0;
    for (int i = 0; i <= kHalf; ++i)
      for (int j = 0; j <= i; ++j)
        for (int k = 0; k <= j; ++k) {
          if (i < 3) continue;  // 177Lu betas reach 1.7 mm in soft tissue: beyond 2 voxels only photons
          const double ratio = ours.at(i, j, k) / reference.at(i, j, k);
          worst = std::max(worst, std::abs(ratio - 1.0));
          EXPECT_NEAR(ratio, 1.0, 0.05) << r.file << " (" << i << j << k << ")";
        }
    std::printf("%-46s photon far field (offsets with max index >= 3): worst |ours/reference - 1| = %.4f\n", r.file,
                worst);
  }
}

// ---- Beta emitters at 2.21 mm: where the electron kernels end (issue 18) ----
//
// Like with like: beta spectra only, as fractions of their own energy, against the reference minus our photon
// part (131I, 177Lu, 186Re gammas and X-rays; validated above for 177Lu) and, for 90Y, minus MCNPX's
// bremsstrahlung (not produced by our electron Monte Carlo, which deposits that energy along the track): a power
// law S = a·r^b fitted to the reference where no 90Y beta reaches (closest approach of the voxels beyond the
// CSDA range of the 2.28 MeV endpoint in tissue + 5 % straggling), extrapolated inwards (19 % of the reference at
// (5,0,0), 0.5 % at (4,0,0): (5,0,0) is therefore not tested).
struct BetaReference {
  const char* nuclide;
  const char* file;
  /// The offset nearest the end of the beta range that still holds ≥ 1e-4 of the energy (beyond it the reference
  /// is photons only).
  std::array<int, 3> range_end;
  /// Ours (ICRP soft-tissue table) / reference, measured: self, face, edge, range end (docs/physics.md §4).
  std::array<double, 4> measured;
};
constexpr BetaReference kBetaEmitters221[] = {
    {"Y-90", "y90_soft_tissue_2.21mm_lanconelli2012.csv", {4, 0, 0}, {1.0119, 1.0071, 1.0005, 0.9706}},
    {"I-131", "i131_soft_tissue_2.21mm_lanconelli2012.csv", {1, 1, 1}, {1.0068, 0.9761, 0.9527, 0.9563}},
    {"Lu-177", "lu177_soft_tissue_2.21mm_lanconelli2012.csv", {1, 1, 1}, {1.0020, 0.9907, 0.9742, 0.9728}},
    {"Re-186", "re186_soft_tissue_2.21mm_lanconelli2012.csv", {2, 0, 0}, {1.0163, 0.9882, 0.9614, 0.8844}},
};
constexpr double kSpacing221 = 2.21;

/// Electron point kernels of ICRP soft tissue made by our generator (rptdose-make-point-kernels electrons FILE
/// 200000 soft-tissue; reproducibility tested below).
const PointKernelTable& electrons_in_soft_tissue() {
  static const PointKernelTable table = [] {
    const auto path = std::filesystem::path(RPTDOSE_TEST_DATA_DIR) / "electron_point_kernels_icrp_soft_tissue.csv";
    std::ifstream in(path);
    return PointKernelTable(in, path.string());
  }();
  return table;
}

// The table above is this Monte Carlo's output for ICRP soft tissue: rerunning one energy with another seed gives
// its scale length (to the 7 digits written) and its mean radius within 1 % (statistics: ~0.2 %).
TEST(KernelValidation, SoftTissueTableIsTheGeneratorsOutput) {
  const auto& table = electrons_in_soft_tissue();
  const auto it = std::find_if(table.kernels().begin(), table.kernels().end(),
                               [](const ScaledPointKernel& k) { return std::abs(k.energy_MeV - 0.5) < 1e-9; });
  ASSERT_NE(it, table.kernels().end());
  ElectronMonteCarloOptions options;
  options.histories = 20000;
  options.seed = 11;
  options.medium = electrons::Medium::icrp_soft_tissue();
  const auto fresh = simulate_electron_point_kernel(0.5, options);
  EXPECT_NEAR(fresh.scale_length_g_per_cm2 / it->scale_length_g_per_cm2, 1.0, 1e-6);
  auto mean_x = [](const ScaledPointKernel& k) {
    double m = 0.0;
    for (std::size_t i = 0; i < k.values.size(); ++i) m += k.values[i] * k.bin_width * (i + 0.5) * k.bin_width;
    return m;
  };
  EXPECT_NEAR(mean_x(fresh) / mean_x(*it), 1.0, 0.01);
}

Volume<double> beta_energy(const PointKernelTable& table, const char* nuclide, double spacing_mm) {
  const auto& n = nuclides::DecayDatabase::instance().get(nuclide);
  RadialProfile profile(spacing_mm / 100.0, 8 * 100);
  table.add_spectrum(profile, n.beta_spectrum(), n.energy_per_decay_MeV(nuclides::Radiation::BetaMinus),
                     kSoftTissueDensity);
  return integrate_over_voxels(profile, Vector3(spacing_mm, spacing_mm, spacing_mm), {kHalf, kHalf, kHalf});
}

/// The reference minus what is not from betas (our photons; for 90Y the fitted bremsstrahlung), Gy/(Bq·s).
Volume<double> reference_beta_part(const BetaReference& r) {
  const DoseKernel reference = read_reference({r.file, kSpacing221});
  KernelOptions options;
  options.spacing_mm = Vector3(kSpacing221, kSpacing221, kSpacing221);
  options.half_size = {kHalf, kHalf, kHalf};
  Volume<double> beta = reference.values().clone();
  beta -= generate_kernel(r.nuclide, options).values(KernelComponent::Photon);
  if (std::string_view(r.nuclide) != "Y-90") return beta;
  const double endpoint_MeV = nuclides::DecayDatabase::instance().get("Y-90").beta_spectrum().back().energy_MeV;
  const double reach_mm =
      1.05 * electrons::csda_range(endpoint_MeV, electrons::Medium::icrp_soft_tissue()) / kSoftTissueDensity * 10.0;
  auto closest_mm = [](int i, int j, int k) {
    auto gap = [](int a) { return std::max(0, std::abs(a) - 1) * kSpacing221; };
    return std::hypot(gap(i), gap(j), gap(k));
  };
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  int n = 0;
  for (int i = 0; i <= kHalf; ++i)
    for (int j = 0; j <= kHalf; ++j)
      for (int k = 0; k <= kHalf; ++k) {
        if (closest_mm(i, j, k) <= reach_mm) continue;
        const double lx = std::log(kSpacing221 * std::hypot(i, j, k)), ly = std::log(reference.at(i, j, k));
        sx += lx, sy += ly, sxx += lx * lx, sxy += lx * ly, ++n;
      }
  EXPECT_GE(n, 10) << "too few bremsstrahlung-only voxels for the fit";
  const double b = (n * sxy - sx * sy) / (n * sxx - sx * sx), a = (sy - b * sx) / n;
  for (int i = -kHalf; i <= kHalf; ++i)
    for (int j = -kHalf; j <= kHalf; ++j)
      for (int k = -kHalf; k <= kHalf; ++k)
        if (i || j || k)
          beta(static_cast<std::size_t>(i + kHalf), static_cast<std::size_t>(j + kHalf),
               static_cast<std::size_t>(k + kHalf)) -= std::exp(a + b * std::log(kSpacing221 * std::hypot(i, j, k)));
  return beta;
}

struct ShellRatios {
  double self, face, edge, range_end;
};
ShellRatios beta_ratios(const PointKernelTable& table, const BetaReference& r) {
  const Volume<double> ours = beta_energy(table, r.nuclide, kSpacing221);
  const Volume<double> reference = reference_beta_part(r);
  const double ours_sum = ours.sum(), reference_sum = reference.sum();
  auto ratio = [&](int i, int j, int k) {
    return (at(ours, i, j, k) / ours_sum) / (at(reference, i, j, k) / reference_sum);
  };
  return {ratio(0, 0, 0), ratio(1, 0, 0), ratio(1, 1, 0), ratio(r.range_end[0], r.range_end[1], r.range_end[2])};
}

// Ours in ICRP soft tissue against the MCNPX soft-tissue tables: self and face within 2.5 %, edge within 5 %, the
// last voxel the betas reach within 3 % (90Y) to 12 % (186Re, at 4.4 mm its (2,0,0) voxel holds 4e-4 of the
// energy: a 1 % longer range raises it by ~8 %). The kernels end slightly short of MCNPX's; docs/physics.md §4 says
// why (MCNPX's electrons go farther than EGSnrc's, and ours are a little flatter inside than EGSnrc's). So that
// the test fails on a change in either direction, it pins the measured ratios: ±1.5 points for self, face and edge
// (our table's statistics ~0.3 %, the reference's 3 printed digits ±0.5 %), ±3 points at the range end.
TEST(KernelValidation, BetaKernelsInSoftTissueMatchLanconelli2012) {
  for (const auto& r : kBetaEmitters221) {
    const ShellRatios t = beta_ratios(electrons_in_soft_tissue(), r);
    std::printf("%-7s soft tissue, beta fractions ours/reference: self %.4f face %.4f edge %.4f (%d,%d,%d) %.4f\n",
                r.nuclide, t.self, t.face, t.edge, r.range_end[0], r.range_end[1], r.range_end[2], t.range_end);
    EXPECT_NEAR(t.self, r.measured[0], 0.015) << r.nuclide << " self";
    EXPECT_NEAR(t.face, r.measured[1], 0.015) << r.nuclide << " face";
    EXPECT_NEAR(t.edge, r.measured[2], 0.015) << r.nuclide << " edge";
    EXPECT_NEAR(t.range_end, r.measured[3], 0.03) << r.nuclide << " range end";
    EXPECT_NEAR(t.self, 1.0, 0.025) << r.nuclide << " self";
    EXPECT_NEAR(t.face, 1.0, 0.025) << r.nuclide << " face";
    EXPECT_NEAR(t.edge, 1.0, 0.05) << r.nuclide << " edge";
    EXPECT_NEAR(t.range_end, 1.0, std::string_view(r.nuclide) == "Re-186" ? 0.12 : 0.05) << r.nuclide << " range end";
  }
}

// Composition matters at the end of the range: water scaled to 1.04 g/mL (what the library uses for soft tissue)
// ends shorter than ICRP soft tissue, mostly because tissue scatters less per g/cm² (Σ w Z(Z+1)/A 4.6 % lower;
// its CSDA range is only 0.1–0.4 % longer). Measured range-end ratios water/tissue: 0.91 (90Y (4,0,0)), 0.93
// (186Re (2,0,0)), 0.97 (131I, 177Lu corner); the face and self voxels move by < 1 %. Tolerances: the range-end
// ratio below 0.99 and above 0.85 (a sign and a size), the face within 1 %.
TEST(KernelValidation, WaterKernelsEndShorterThanSoftTissue) {
  for (const auto& r : kBetaEmitters221) {
    const ShellRatios w = beta_ratios(PointKernelTable::electrons_in_water(), r);
    const ShellRatios t = beta_ratios(electrons_in_soft_tissue(), r);
    std::printf("%-7s water/tissue: self %.4f face %.4f edge %.4f range end %.4f\n", r.nuclide, w.self / t.self,
                w.face / t.face, w.edge / t.edge, w.range_end / t.range_end);
    EXPECT_LT(w.range_end / t.range_end, 0.99) << r.nuclide;
    EXPECT_GT(w.range_end / t.range_end, 0.85) << r.nuclide;
    EXPECT_NEAR(w.face / t.face, 1.0, 0.01) << r.nuclide;
  }
}

// ---- Monoenergetic kernels in water against EGSnrc and ETRAN ----
struct ScaledReference {
  std::string code;
  double energy_MeV;
  std::vector<double> x, f;
};
std::vector<ScaledReference> read_dpk_references() {
  std::ifstream in(std::filesystem::path(RPTDOSE_TEST_DATA_DIR) / "dpk_water_egsnrc_etran.csv");
  std::vector<ScaledReference> refs;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line.rfind("code,", 0) == 0) continue;
    std::stringstream s(line);
    std::string code, field;
    std::getline(s, code, ',');
    double v[3];
    for (double& x : v) {
      std::getline(s, field, ',');
      x = std::stod(field);
    }
    if (refs.empty() || refs.back().code != code || refs.back().energy_MeV != v[0])
      refs.push_back({code, v[0], {}, {}});
    refs.back().x.push_back(v[1]);
    refs.back().f.push_back(v[2]);
  }
  return refs;
}

/// Radius (g/cm²) inside which `fraction` of the energy lies, from a piecewise-linear F(x) scaled by r0.
double quantile_radius(const std::vector<double>& x, const std::vector<double>& f, double r0, double fraction) {
  constexpr int kFine = 4000;
  std::vector<double> cumulative(kFine + 1, 0.0);
  const double dx = x.back() / kFine;
  auto interpolate = [&](double xi) {
    if (xi <= x.front()) return f.front();
    const auto it = std::upper_bound(x.begin(), x.end(), xi);
    if (it == x.end()) return f.back();
    const std::size_t i = static_cast<std::size_t>(it - x.begin());
    return f[i - 1] + (f[i] - f[i - 1]) * (xi - x[i - 1]) / (x[i] - x[i - 1]);
  };
  for (int i = 1; i <= kFine; ++i) cumulative[i] = cumulative[i - 1] + interpolate((i - 0.5) * dx) * dx;
  const double target = fraction * cumulative.back();
  const auto it = std::lower_bound(cumulative.begin(), cumulative.end(), target);
  const std::size_t i = static_cast<std::size_t>(it - cumulative.begin());
  return r0 * dx * (static_cast<double>(i) - (cumulative[i] - target) / (cumulative[i] - cumulative[i - 1]));
}

double estar_csda_range(double energy_MeV) {
  // tests/data/estar_water.csv: kinetic energy (MeV) in column 1, CSDA range (g/cm²) in column 5.
  std::ifstream in(std::filesystem::path(RPTDOSE_TEST_DATA_DIR) / "estar_water.csv");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || !std::isdigit(static_cast<unsigned char>(line[0]))) continue;
    std::stringstream s(line);
    std::string field;
    double v[5];
    for (double& x : v) {
      std::getline(s, field, ',');
      x = std::stod(field);
    }
    if (std::abs(v[0] - energy_MeV) < 1e-9) return v[4];
  }
  ADD_FAILURE() << "no ESTAR row at " << energy_MeV << " MeV";
  return 0.0;
}

// Where our water kernels end, against the two reference codes (r0 of both = ESTAR CSDA range): the radius
// holding 90 % of the energy agrees with EGSnrc within 0.7 % (measured −0.7 % at 100 keV, +0.0 % at 1 MeV) and
// lies 1.0–1.5 % beyond ETRAN's; the median radius is 1.6–1.9 % below EGSnrc's (our kernels are slightly flatter
// inside). Tolerances: EGSnrc r90 1.5 %, r50 3 %; ETRAN r90 2.5 % (the two codes differ by 1.5 % themselves).
TEST(KernelValidation, WaterKernelsEndWhereEgsnrcEnds) {
  const auto& table = PointKernelTable::electrons_in_water();
  for (const auto& ref : read_dpk_references()) {
    const auto it = std::find_if(table.kernels().begin(), table.kernels().end(), [&](const ScaledPointKernel& k) {
      return std::abs(k.energy_MeV - ref.energy_MeV) < 1e-9;
    });
    ASSERT_NE(it, table.kernels().end()) << ref.energy_MeV;
    std::vector<double> x(it->values.size());
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = (i + 0.5) * it->bin_width;
    const double r0_ref = estar_csda_range(ref.energy_MeV);
    const double r90 =
        quantile_radius(x, it->values, it->scale_length_g_per_cm2, 0.9) / quantile_radius(ref.x, ref.f, r0_ref, 0.9);
    const double r50 =
        quantile_radius(x, it->values, it->scale_length_g_per_cm2, 0.5) / quantile_radius(ref.x, ref.f, r0_ref, 0.5);
    std::printf("%-6s %.1f MeV: ours/reference r90 %.4f r50 %.4f\n", ref.code.c_str(), ref.energy_MeV, r90, r50);
    if (ref.code == "EGSnrc") {
      EXPECT_NEAR(r90, 1.0, 0.015) << ref.energy_MeV;
      EXPECT_NEAR(r50, 1.0, 0.03) << ref.energy_MeV;
    } else {
      EXPECT_NEAR(r90, 1.0, 0.025) << ref.energy_MeV;
    }
  }
}

}  // namespace
}  // namespace rptdose::kernels
