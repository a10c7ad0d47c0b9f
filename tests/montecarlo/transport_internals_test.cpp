// The voxel Monte Carlo's building blocks: the counter-based generator against the published known answers, the
// emission samplers against their exact moments, and Woodcock tracking against narrow-beam attenuation by hand.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "../../src/montecarlo/counter_random.hpp"
#include "../../src/montecarlo/decay_emissions.hpp"
#include "../../src/montecarlo/source_sampler.hpp"
#include "../../src/montecarlo/voxel_transport.hpp"
#include "rptdose/core/data_path.hpp"
#include "rptdose/montecarlo/material_tables.hpp"
#include "rptdose/nuclides/chain.hpp"
#include "validation_geometries.hpp"

namespace rptdose::montecarlo::detail {
namespace {

// Known-answer vectors of Philox4x32-10 from the Random123 distribution (kat_vectors, Salmon et al. 2011).
TEST(CounterRandom, Philox4x32KnownAnswers) {
  using Block = std::array<std::uint32_t, 4>;
  EXPECT_EQ(CounterRandom::philox4x32_10({0, 0, 0, 0}, {0, 0}),
            (Block{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}));
  EXPECT_EQ(CounterRandom::philox4x32_10({0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, {0xffffffff, 0xffffffff}),
            (Block{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}));
  EXPECT_EQ(CounterRandom::philox4x32_10({0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, {0xa4093822, 0x299f31d0}),
            (Block{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}));
}

TEST(CounterRandom, StreamsAreUniformAndIndependentOfEachOther) {
  // Mean and variance of 10⁵ numbers from 1000 histories: 1/2 and 1/12 within 5 standard errors.
  double sum = 0.0, sum2 = 0.0, lag = 0.0, previous = 0.5;
  const int n = 100000;
  for (int h = 0; h < 1000; ++h) {
    CounterRandom random(42, static_cast<std::uint64_t>(h));
    for (int i = 0; i < n / 1000; ++i) {
      const double u = random();
      ASSERT_GE(u, 0.0);
      ASSERT_LT(u, 1.0);
      sum += u;
      sum2 += u * u;
      lag += (u - 0.5) * (previous - 0.5);
      previous = u;
    }
  }
  EXPECT_NEAR(sum / n, 0.5, 5.0 * std::sqrt(1.0 / 12.0 / n));
  EXPECT_NEAR(sum2 / n - (sum / n) * (sum / n), 1.0 / 12.0, 5.0 * 0.0745 / std::sqrt(n));
  EXPECT_NEAR(lag / n, 0.0, 5.0 / 12.0 / std::sqrt(n));
  // The same (seed, history) replays the same numbers; another history does not.
  CounterRandom a(7, 123), b(7, 123), c(7, 124);
  const double first = a();
  EXPECT_EQ(first, b());
  EXPECT_NE(first, c());
}

// Decay positions: each voxel is drawn in proportion to its value (binomial counts within 5σ), a zero voxel never,
// across rows that are not whole blocks of 16, empty rows and slices, and values spanning 10⁶.
TEST(SourceSampler, DrawsEachVoxelInProportionToTheMap) {
  Volume<float> map(Grid({37, 5, 4}, {1, 1, 1}), 0.0f);
  std::mt19937_64 fill(3);
  std::uniform_real_distribution<float> value(0.0f, 1.0f);
  for (std::size_t v = 0; v < map.size(); ++v) {
    const std::size_t i = v % 37, j = (v / 37) % 5, k = v / 185;
    if (k == 2 || j == 3 || i % 7 == 3) continue;  // an empty slice, empty rows, zero voxels inside blocks
    map[v] = value(fill) * (i == 20 ? 1e-6f : 1.0f) + (i == 36 ? 5.0f : 0.0f);
  }
  const detail::SourceSampler sampler(map);
  double total = 0.0;
  for (const float v : map.values()) total += v;
  EXPECT_NEAR(sampler.total(), total, 1e-9 * total);
  constexpr std::size_t kDraws = 4'000'000;
  std::vector<std::size_t> count(map.size(), 0);
  std::mt19937_64 draw(11);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (std::size_t n = 0; n < kDraws; ++n) ++count[sampler.voxel(u(draw), u(draw), u(draw))];
  for (std::size_t v = 0; v < map.size(); ++v) {
    if (map[v] == 0.0f) {
      EXPECT_EQ(count[v], 0u) << "voxel " << v << " has no activity";
      continue;
    }
    const double p = map[v] / total, expected = p * kDraws;
    EXPECT_NEAR(static_cast<double>(count[v]), expected, 5.0 * std::sqrt(expected * (1 - p)) + 1.0) << "voxel " << v;
  }
}

TEST(EmissionSamplers, AliasAndLinearDensityReproduceTheirMoments) {
  CounterRandom random(1, 0);
  const AliasTable alias({1.0, 3.0, 0.0, 6.0});
  std::array<int, 4> counts{};
  const int n = 200000;
  for (int i = 0; i < n; ++i) ++counts[alias.sample(random)];
  EXPECT_EQ(counts[2], 0);
  EXPECT_NEAR(counts[0] / double(n), 0.1, 5 * std::sqrt(0.09 / n));
  EXPECT_NEAR(counts[3] / double(n), 0.6, 5 * std::sqrt(0.24 / n));
  // A triangle density on [0, 2] peaking at 1: mean 1, ∫ = 1.
  const PiecewiseLinearSampler triangle({0.0, 1.0, 2.0}, {0.0, 1.0, 0.0});
  EXPECT_NEAR(triangle.integral(), 1.0, 1e-12);
  EXPECT_NEAR(triangle.first_moment(), 1.0, 1e-12);
  double sum = 0.0, below_half = 0.0;
  for (int i = 0; i < n; ++i) {
    const double x = triangle.sample(random);
    sum += x;
    below_half += x < 0.5;
  }
  EXPECT_NEAR(sum / n, 1.0, 5 * std::sqrt(1.0 / 6.0 / n));
  EXPECT_NEAR(below_half / n, 0.125, 5 * std::sqrt(0.125 * 0.875 / n));  // ∫₀^½ x dx
}

// The pooled emissions keep each chain's mean energy per parent decay (ICRP 107) exactly, per kind (the beta spectra
// are normalised to the branches' energy per decay).
TEST(DecayEmissions, KeepTheChainsMeanEnergies) {
  for (const char* name : {"Lu-177", "Y-90", "I-131", "Ac-225", "Pb-212"}) {
    SCOPED_TRACE(name);
    const auto chain = nuclides::expand_chain(name);
    const auto expected = chain.energy_per_parent_decay();
    const DecayEmissions emissions(chain);
    EXPECT_NEAR(emissions.local_alpha_MeV(), expected.alpha_MeV + expected.alpha_recoil_MeV, 1e-9);
    EXPECT_NEAR(emissions.mean_photon_MeV(), expected.photon_MeV, 1e-9 + 1e-9 * expected.photon_MeV);
    EXPECT_NEAR(emissions.mean_electron_MeV(), expected.electron_MeV, 1e-9 + 1e-9 * expected.electron_MeV);
    // Sampling: the mean emitted energy of 2·10⁵ decays within 5 standard errors of the exact mean.
    CounterRandom random(3, 0);
    double sum = 0.0, sum2 = 0.0;
    const int n = 200000;
    for (int i = 0; i < n; ++i) {
      double e = 0.0;
      emissions.sample(random, [&](ParticleKind, double energy) { e += energy; });
      sum += e;
      sum2 += e * e;
    }
    const double mean = sum / n, se = std::sqrt((sum2 / n - mean * mean) / n);
    EXPECT_NEAR(mean, emissions.mean_electron_MeV() + emissions.mean_photon_MeV(), 5 * se + 1e-12);
  }
}

// Woodcock tracking through water, bone and lung slabs along a voxel column: the probability that a 100 keV photon
// crosses depth L without a real interaction is exp(−Σ ρᵢ (μ/ρ)ᵢ lᵢ), computed by hand from the materials' tables;
// and the water table itself is NIST XCOM's total with coherent scattering at 100 keV, 0.1707 cm²/g
// (5.349e-3 + 0.1626 + 2.763e-3, data/kernels/water_photon_components_xcom.csv).
TEST(WoodcockTracking, NarrowBeamAttenuationThroughSlabs) {
  const Material water = liquid_water();
  const Grid grid({1, 1, 60}, Vector3(5.0, 5.0, 5.0));
  VoxelGeometry geometry = uniform_geometry(grid, water, 1.0);
  geometry.materials.push_back(water);
  // Voxels 10–19 twice as dense (bone-like), 20–39 at lung density 0.26 g/cm³; material 1 is a second copy of
  // water so that the majorant is taken over two materials.
  for (int k = 10; k < 20; ++k) geometry.density_g_per_cm3.data()[k] = 1.85f;
  for (int k = 20; k < 40; ++k) {
    geometry.density_g_per_cm3.data()[k] = 0.26f;
    geometry.material_index.data()[k] = 1;
  }
  MonteCarloOptions options;
  const VoxelTransport transport(geometry, options);
  const double energy = 0.1;
  const auto tables = build_material_tables(water, options.physics);
  std::size_t bin;
  double f;
  options.physics.grid.locate(energy, bin, f);
  const double mu = interpolate(tables.photons.total, bin, f);
  EXPECT_NEAR(mu, 0.1707, 0.003 * 0.1707);
  // Depths (cm) and the mass thickness in front of them.
  const std::vector<std::pair<double, double>> depths = {
      {5.0, 5.0}, {10.0, 5.0 + 5.0 * 1.85}, {20.0, 5.0 + 5.0 * 1.85 + 10.0 * 0.26}, {30.0, 14.25 + 2.6 + 10.0}};
  std::vector<int> beyond(depths.size(), 0);
  const int n = 200000;
  for (int h = 0; h < n; ++h) {
    CounterRandom random(11, static_cast<std::uint64_t>(h));
    Particle p{{0.25, 0.25, 0.0}, {0.0, 0.0, 1.0}, energy, ParticleKind::Photon, true};
    std::size_t b;
    double ff;
    const std::int64_t v = transport.fly_to_collision(p, random, b, ff);
    const double z = v < 0 ? 1e9 : p.position_cm.z;
    for (std::size_t d = 0; d < depths.size(); ++d) beyond[d] += z > depths[d].first;
  }
  for (std::size_t d = 0; d < depths.size(); ++d) {
    const double expected = std::exp(-mu * depths[d].second);
    const double measured = beyond[d] / double(n);
    EXPECT_NEAR(measured, expected, 5.0 * std::sqrt(expected * (1 - expected) / n)) << "depth " << depths[d].first;
  }
}

/// μ/ρ (cm²/g, with coherent scattering) of `material` at an energy that is a row of every element's XCOM file,
/// by hand: the mixture rule Σ wᵢ (coherent + incoherent + photoelectric + pair)ᵢ over the rows of
/// data/montecarlo/xcom/Z<N>.csv (no interpolation, no library code).
double xcom_mixture_by_hand(const Material& material, double energy_MeV) {
  double mu = 0.0;
  for (const auto& element : material.elements) {
    std::ifstream in(data_directory() / "montecarlo" / "xcom" / ("Z" + std::to_string(element.z) + ".csv"));
    double row_mu = -1.0;
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line[0] == '#' || line[0] == 'e') continue;
      std::istringstream fields(line);
      std::array<double, 6> v{};
      char comma;
      fields >> v[0];
      for (int c = 1; c < 6; ++c) fields >> comma >> v[c];
      if (std::abs(v[0] - energy_MeV) < 1e-9 * energy_MeV) row_mu = v[1] + v[2] + v[3] + v[4] + v[5];
    }
    EXPECT_GT(row_mu, 0.0) << "no XCOM row at " << energy_MeV << " MeV for Z = " << element.z;
    mu += element.mass_fraction * row_mu;
  }
  return mu;
}

// Narrow beams through ICRU-44 soft tissue, inflated lung (lung tissue at 0.26 g/cm³), ICRU-44 cortical bone and
// dry air, one slab after the other along a voxel column (air first: 50 cm; each tissue slab ≈ 0.7 mean free
// paths, at least one voxel), at 30, 100 and 500 keV:
//  * each material's μ/ρ as the transport looks it up equals (a) the mixture rule applied by hand to the XCOM rows
//    of its elements (within 0.2 %: the tables' interpolation), and (b) NIST's own compound value, Hubbell &
//    Seltzer (NIST SRD 126) Table 4, "Tissue, Soft (ICRU-44)", "Lung Tissue (ICRU-44)", "Bone, Cortical (ICRU-44)",
//    "Air, Dry (near sea level)" (within 1 %: Table 4 is XCOM with 4-digit rounding);
//  * Woodcock tracking with one majorant over all four (air 1.2·10⁻³ to bone 1.92 g/cm³) gives the uncollided
//    fraction exp(−ρ (μ/ρ) l) behind every slab, given the photons that reached it, within 5 binomial σ.
TEST(WoodcockTracking, NarrowBeamThroughTissueLungBoneAndAir) {
  const std::vector<Material> materials = {validation::dry_air(), validation::icru44_soft_tissue(),
                                           validation::icru44_lung(), validation::icru44_cortical_bone()};
  const std::array<double, 4> density = {1.205e-3, 1.06, 0.26, 1.92};
  // NIST SRD 126 Table 4: μ/ρ (cm²/g) at 0.03, 0.1, 0.5 MeV.
  const std::map<double, std::array<double, 4>> nist_table4 = {{0.03, {0.3538, 0.3790, 0.3815, 1.331}},
                                                               {0.1, {0.1541, 0.1693, 0.1695, 0.1855}},
                                                               {0.5, {0.08712, 0.09598, 0.09607, 0.09022}}};
  MonteCarloOptions options;
  std::vector<MaterialTables> tables;
  for (const auto& m : materials) tables.push_back(build_material_tables(m, options.physics));
  const double h_cm = 0.5;
  for (const auto& [energy, nist] : nist_table4) {
    SCOPED_TRACE(energy);
    std::size_t bin;
    double f;
    options.physics.grid.locate(energy, bin, f);
    std::array<double, 4> mu{};
    std::vector<int> voxels;  // slab thicknesses (voxels of 5 mm)
    for (std::size_t m = 0; m < materials.size(); ++m) {
      mu[m] = interpolate(tables[m].photons.total, bin, f);
      EXPECT_NEAR(mu[m], xcom_mixture_by_hand(materials[m], energy), 0.002 * mu[m]) << materials[m].name;
      EXPECT_NEAR(mu[m], nist[m], 0.01 * nist[m]) << materials[m].name;
      voxels.push_back(m == 0 ? 100 : std::max(1, static_cast<int>(std::lround(0.7 / (mu[m] * density[m] * h_cm)))));
    }
    int total = 0;
    for (int v : voxels) total += v;
    const Grid grid({1, 1, static_cast<std::size_t>(total)}, Vector3(5.0, 5.0, 5.0));
    std::vector<double> face_cm = {0.0};  // slab faces along z
    for (int v : voxels) face_cm.push_back(face_cm.back() + v * h_cm);
    const auto geometry = validation::slab_geometry(grid, materials, [&](std::size_t k) {
      std::uint16_t m = 0;
      while (k * h_cm + 0.5 * h_cm > face_cm[m + 1]) ++m;
      return std::pair<std::uint16_t, double>{m, density[m]};
    });
    const VoxelTransport transport(geometry, options);
    const int n = 200000;
    std::vector<int> beyond(materials.size() + 1, 0);  // photons whose first real collision is beyond face m
    for (int h = 0; h < n; ++h) {
      CounterRandom random(13, static_cast<std::uint64_t>(h));
      Particle p{{0.25, 0.25, 0.0}, {0.0, 0.0, 1.0}, energy, ParticleKind::Photon, true};
      std::size_t b;
      double ff;
      const std::int64_t v = transport.fly_to_collision(p, random, b, ff);
      const double z = v < 0 ? 1e9 : p.position_cm.z;
      for (std::size_t m = 0; m < face_cm.size(); ++m) beyond[m] += z > face_cm[m];
    }
    for (std::size_t m = 0; m < materials.size(); ++m) {
      const double expected = std::exp(-density[m] * mu[m] * (face_cm[m + 1] - face_cm[m]));
      const double reached = beyond[m], measured = beyond[m + 1] / reached;
      const double sigma = std::sqrt(expected * (1 - expected) / reached);
      std::printf(
          "%5.0f keV %-26s mu/rho %.5g (by hand %.5g, NIST table 4 %.4g) cm2/g; %4.1f cm at %.4g g/cm3: "
          "uncollided %.5f, exp(-mu l) %.5f, z %+.2f\n",
          energy * 1e3, materials[m].name.c_str(), mu[m], xcom_mixture_by_hand(materials[m], energy), nist[m],
          face_cm[m + 1] - face_cm[m], density[m], measured, expected, (measured - expected) / sigma);
      EXPECT_NEAR(measured, expected, 5.0 * std::sqrt(expected * (1 - expected) / reached)) << materials[m].name;
    }
  }
}

}  // namespace
}  // namespace rptdose::montecarlo::detail
