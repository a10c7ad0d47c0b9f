// The voxel Monte Carlo's building blocks: the counter-based generator against the published known answers, the
// emission samplers against their exact moments, and Woodcock tracking against narrow-beam attenuation by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "../../src/montecarlo/counter_random.hpp"
#include "../../src/montecarlo/decay_emissions.hpp"
#include "../../src/montecarlo/source_sampler.hpp"
#include "../../src/montecarlo/voxel_transport.hpp"
#include "rptdose/montecarlo/material_tables.hpp"
#include "rptdose/nuclides/chain.hpp"

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

}  // namespace
}  // namespace rptdose::montecarlo::detail
