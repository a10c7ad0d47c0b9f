#include "rptdose/montecarlo/monte_carlo_dose.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <sstream>

#include "decay_emissions.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/core/parallel.hpp"
#include "rptdose/core/units.hpp"
#include "source_sampler.hpp"
#include "voxel_transport.hpp"

namespace rptdose::montecarlo {
namespace {

using detail::ChunkTally;
using detail::CounterRandom;
using detail::Particle;
using detail::ParticleKind;

/// Histories per chunk: the unit of work, of random streams and of the batch estimate of uncertainty. Fixed, so
/// results do not depend on the thread count.
constexpr std::uint64_t kDecaysPerChunk = 4096;
/// Chunks simulated between two merges, progress reports and stopping checks (fixed for the same reason).
constexpr std::uint64_t kChunksPerRound = 64;
/// The batch estimate of a VOI's uncertainty is trusted for stopping after this many chunks.
constexpr std::uint64_t kMinChunksForStopping = 32;
/// Decays simulated at most when only a target uncertainty is given.
constexpr std::uint64_t kDefaultMaxDecays = 10'000'000'000ULL;
constexpr double kMm3PerCm3 = 1000.0;

void validate(const Volume<float>& tia, const VoxelGeometry& geometry, const MonteCarloOptions& options,
              const Volume<std::uint16_t>* labels) {
  geometry.validate();
  require_same_geometry(tia.grid(), geometry.grid(), "TIA map", "Monte Carlo geometry (CT or materials)");
  if (labels) require_same_geometry(labels->grid(), tia.grid(), "label map", "TIA map");
  if (tia.grid().voxel_count() >= std::numeric_limits<std::uint32_t>::max())
    throw InvalidInput("Monte Carlo: grids of 2^32 voxels or more are not supported (" + tia.grid().describe() + ")");
  std::size_t bad = 0, first_bad = 0;
  double total = 0.0;
  for (std::size_t v = 0; v < tia.size(); ++v) {
    const float a = tia.data()[v];
    if (!std::isfinite(a) || a < 0.0f) {
      if (bad++ == 0) first_bad = v;
    } else {
      total += a;
    }
  }
  if (bad > 0)
    throw InvalidInput("Monte Carlo: the TIA map has " + std::to_string(bad) +
                       " negative or non-finite voxels (first at linear index " + std::to_string(first_bad) +
                       "): clamp negative voxel fits to 0 before transport");
  if (!(total > 0.0)) throw InvalidInput("Monte Carlo: the TIA map is zero everywhere: there is nothing to simulate");
  if (!options.decays && !options.target_relative_uncertainty)
    throw InvalidInput("Monte Carlo: give the number of decays or a target uncertainty (or both)");
  if (options.decays && *options.decays == 0) throw InvalidInput("Monte Carlo: decays must be at least 1");
  if (options.target_relative_uncertainty) {
    const double t = *options.target_relative_uncertainty;
    if (!(t > 0.0 && t < 1.0))
      throw InvalidInput("Monte Carlo: target uncertainty " + std::to_string(t) +
                         " is not a fraction in (0, 1) (e.g. 0.01 for 1 %)");
    if (!labels) throw InvalidInput("Monte Carlo: a target uncertainty needs VOIs (a label map) to apply to");
  }
  const double grid_min = options.physics.grid.min_MeV();
  if (!(options.electron_cutoff_MeV >= grid_min && options.electron_cutoff_MeV <= 1.0))
    throw InvalidInput("Monte Carlo: the electron cut-off must be within " + std::to_string(grid_min) + "–1 MeV");
  if (!(options.photon_cutoff_MeV >= grid_min && options.photon_cutoff_MeV <= 1.0))
    throw InvalidInput("Monte Carlo: the photon cut-off must be within " + std::to_string(grid_min) + "–1 MeV");
}

/// Per label: voxels, mass (g) and TIA (Bq·s).
struct LabelTotals {
  std::vector<double> mass_g, tia_Bq_s, volume_ml;
};

LabelTotals label_totals(const Volume<std::uint16_t>& labels, const Volume<float>& tia, const VoxelGeometry& g) {
  const std::uint16_t top = *std::max_element(labels.data(), labels.data() + labels.size());
  LabelTotals t{std::vector<double>(top + 1u, 0.0), std::vector<double>(top + 1u, 0.0),
                std::vector<double>(top + 1u, 0.0)};
  const double voxel_ml = g.grid().voxel_volume_ml();
  for (std::size_t v = 0; v < labels.size(); ++v) {
    const std::uint16_t l = labels.data()[v];
    t.mass_g[l] += g.density_g_per_cm3.data()[v] * voxel_ml;
    t.tia_Bq_s[l] += tia.data()[v];
    t.volume_ml[l] += voxel_ml;
  }
  return t;
}

/// Batch estimate of the standard deviation of S = Σ x_c, the sum over K chunks of n_c decays (N in all; the last
/// chunk may be short). Each x_c sums n_c independent histories of variance σ², so Σ (x_c − n_c μ)²/n_c estimates
/// (K − 1) σ² with μ = S/N, and Var S = N σ². Expanded: Σ x_c²/n_c − S²/N; `s2_per_chunk` holds
/// Σ x_c² · n/n_c with n = kDecaysPerChunk (equal to Σ x_c² when every chunk is full). For equal chunks this is the
/// usual K/(K − 1) · (Σ x_c² − S²/K).
double batch_sd(double s1, double s2_per_chunk, double chunks, double decays) {
  if (chunks < 2.0) return std::numeric_limits<double>::infinity();
  const double per_decay_variance =
      std::max(0.0, s2_per_chunk / static_cast<double>(kDecaysPerChunk) - s1 * s1 / decays) / (chunks - 1.0);
  return std::sqrt(decays * per_decay_variance);
}

}  // namespace

MonteCarloResult monte_carlo_dose(const Volume<float>& tia_Bq_s, const VoxelGeometry& geometry,
                                  std::string_view nuclide, const MonteCarloOptions& options,
                                  const Volume<std::uint16_t>* labels) {
  const auto started = std::chrono::steady_clock::now();
  validate(tia_Bq_s, geometry, options, labels);
  const nuclides::DecayChain chain = nuclides::expand_chain(nuclide, options.chain);
  const detail::DecayEmissions emissions(chain);
  const detail::SourceSampler source(tia_Bq_s);
  const detail::VoxelTransport transport(geometry, options);
  const Grid& grid = tia_Bq_s.grid();
  const std::size_t n = grid.voxel_count();
  const auto spacing = transport.spacing_cm();
  const Size3 size = grid.size();

  std::vector<float> s1(n, 0.0f), s2(n, 0.0f), photon(options.components ? n : 0, 0.0f);
  const LabelTotals totals = labels ? label_totals(*labels, tia_Bq_s, geometry) : LabelTotals{};
  const std::size_t label_count = totals.mass_g.size();
  std::vector<double> voi_s1(label_count, 0.0), voi_s2(label_count, 0.0), chunk_voi(label_count, 0.0);
  double emitted = 0.0, deposited = 0.0, escaped = 0.0;

  const std::uint64_t cap = options.decays.value_or(kDefaultMaxDecays);
  const unsigned threads = options.threads == 0 ? default_thread_count() : options.threads;
  std::vector<ChunkTally> tallies(kChunksPerRound);
  std::vector<std::vector<Particle>> stacks(kChunksPerRound);
  std::uint64_t decays = 0, chunks = 0;

  // Each history's stream draws u1, u2, u3 (its voxel), three coordinates within the voxel, then its emissions and
  // their transport. The voxels of kBatch histories are found stage by stage (slice, row, block, voxel), each stage
  // prefetching what the next one reads for every history of the batch, so that their cache misses overlap; each
  // stream is still drawn in the same order, so the result does not depend on the batching.
  constexpr std::size_t kBatch = 16;
  struct Pending {
    CounterRandom random;
    double u2, u3;
    std::size_t slice_or_row, block;  ///< the slice (stage 1), then the row (stage 2); the block (stage 3)
  };
  const auto run_chunk = [&](std::uint64_t chunk, ChunkTally& tally, std::vector<Particle>& stack) {
    tally.reset();
    const std::uint64_t first = chunk * kDecaysPerChunk, last = std::min(cap, first + kDecaysPerChunk);
    std::vector<Pending> batch;
    batch.reserve(kBatch);
    for (std::uint64_t h0 = first; h0 < last; h0 += kBatch) {
      const std::size_t count = static_cast<std::size_t>(std::min<std::uint64_t>(kBatch, last - h0));
      batch.clear();
      for (std::size_t b = 0; b < count; ++b) {
        CounterRandom random(options.seed, h0 + b);
        const double u1 = random(), u2 = random(), u3 = random();
        const std::size_t k = source.slice_of(u1);
        __builtin_prefetch(source.rows_of_slice(k));
        batch.push_back({random, u2, u3, k, 0});
      }
      for (auto& p : batch) {
        p.slice_or_row = source.row_of(p.slice_or_row, p.u2);
        __builtin_prefetch(source.blocks_of_row(p.slice_or_row));
      }
      for (auto& p : batch) {
        p.block = source.block_of(p.slice_or_row, p.u3);
        __builtin_prefetch(source.values_of_block(p.slice_or_row, p.block));
      }
      for (auto& p : batch) {
        CounterRandom& random = p.random;
        const std::size_t v = source.voxel_in_block(p.slice_or_row, p.block, p.u3);
        const std::size_t i = v % size[0], j = (v / size[0]) % size[1], k = v / (size[0] * size[1]);
        const detail::Vec3 at{(static_cast<double>(i) + random()) * spacing[0],
                              (static_cast<double>(j) + random()) * spacing[1],
                              (static_cast<double>(k) + random()) * spacing[2]};
        const std::int64_t voxel = static_cast<std::int64_t>(v);
        emissions.sample(random, [&](ParticleKind kind, double energy_MeV) {
          tally.emitted_MeV += energy_MeV;
          transport.emit(kind, energy_MeV, at, voxel, random, tally, stack);
        });
      }
    }
  };

  double worst_voi = std::numeric_limits<double>::infinity();
  for (;;) {
    const std::uint64_t remaining_chunks = (cap - decays + kDecaysPerChunk - 1) / kDecaysPerChunk;
    const std::uint64_t round = std::min(kChunksPerRound, remaining_chunks);
    parallel_for(0, round,
                 [&](std::size_t begin, std::size_t end) {
                   for (std::size_t c = begin; c < end; ++c) run_chunk(chunks + c, tallies[c], stacks[c]);
                 },
                 {threads, 1});
    // Merge in chunk order.
    for (std::uint64_t c = 0; c < round; ++c) {
      const ChunkTally& tally = tallies[c];
      const std::uint64_t first = (chunks + c) * kDecaysPerChunk;
      const std::uint64_t chunk_decays = std::min(cap, first + kDecaysPerChunk) - first;
      const double square_weight = static_cast<double>(kDecaysPerChunk) / static_cast<double>(chunk_decays);
      std::fill(chunk_voi.begin(), chunk_voi.end(), 0.0);
      for (const auto& entry : tally.entries()) {
        if (entry.voxel == ChunkTally::kEmpty) continue;
        const double x = entry.energy_MeV;
        s1[entry.voxel] += static_cast<float>(x);
        s2[entry.voxel] += static_cast<float>(x * x * square_weight);
        if (options.components) photon[entry.voxel] += static_cast<float>(entry.photon_energy_MeV);
        if (labels) chunk_voi[labels->data()[entry.voxel]] += x;
      }
      for (std::size_t l = 0; l < label_count; ++l) {
        voi_s1[l] += chunk_voi[l];
        voi_s2[l] += chunk_voi[l] * chunk_voi[l] * square_weight;
      }
      emitted += tally.emitted_MeV;
      deposited += tally.deposited_MeV;
      escaped += tally.escaped_MeV;
      decays += chunk_decays;
    }
    chunks += round;
    // Stopping on the VOIs' uncertainty: the alpha part (exact) counts in the mean, not in the spread.
    double fraction_done = static_cast<double>(decays) / static_cast<double>(cap);
    if (options.target_relative_uncertainty) {
      worst_voi = 0.0;
      for (std::size_t l = 1; l < label_count; ++l) {
        if (!(totals.mass_g[l] > 0.0) || totals.volume_ml[l] < options.min_target_voi_ml) continue;
        const double alpha = emissions.local_alpha_MeV() * totals.tia_Bq_s[l] / source.total() * decays;
        const double mean = voi_s1[l] + alpha;
        const double rel =
            mean > 0.0 ? batch_sd(voi_s1[l], voi_s2[l], static_cast<double>(chunks), static_cast<double>(decays)) / mean
                       : 0.0;
        worst_voi = std::max(worst_voi, rel);
      }
      const double target = *options.target_relative_uncertainty;
      fraction_done = std::max(fraction_done, std::min(1.0, std::pow(target / worst_voi, 2.0)));
      if (chunks >= kMinChunksForStopping && worst_voi <= target) break;
    }
    if (decays >= cap) break;
    report_progress(options.progress, std::min(fraction_done, 0.999), "Monte Carlo transport");
  }

  // Energy (MeV per simulated decay) → dose: each simulated decay stands for W = ΣÃ / N real decays.
  const double decays_d = static_cast<double>(decays), chunks_d = static_cast<double>(chunks);
  const double weight = source.total() / decays_d;
  const double voxel_cm3 = grid.voxel_volume_mm3() / kMm3PerCm3;
  const double alpha_MeV = emissions.local_alpha_MeV();
  MonteCarloResult result;
  std::vector<float> alpha_map(options.components ? n : 0), electron_map(options.components ? n : 0);
  for (std::size_t v = 0; v < n; ++v) {
    const double mass_kg = geometry.density_g_per_cm3.data()[v] * voxel_cm3 * units::kKgPerGram;
    const double scale = weight * units::kJoulePerMeV / mass_kg;
    const double transported = s1[v] * scale;
    const double alpha = tia_Bq_s.data()[v] * alpha_MeV * units::kJoulePerMeV / mass_kg;
    const double total = transported + alpha;
    const double sd = s1[v] > 0.0f ? batch_sd(s1[v], s2[v], chunks_d, decays_d) * scale : 0.0;
    if (options.components) {
      alpha_map[v] = static_cast<float>(alpha);
      electron_map[v] = static_cast<float>((s1[v] - photon[v]) * scale);
      photon[v] = static_cast<float>(photon[v] * scale);
    }
    s1[v] = static_cast<float>(total);
    s2[v] = total > 0.0 ? static_cast<float>(sd / total) : 0.0f;
  }
  result.dose_Gy = Volume<float>(grid, std::move(s1));
  result.relative_uncertainty = Volume<float>(grid, std::move(s2));
  if (options.components) {
    result.dose_alpha_Gy = Volume<float>(grid, std::move(alpha_map));
    result.dose_electron_Gy = Volume<float>(grid, std::move(electron_map));
    result.dose_photon_Gy = Volume<float>(grid, std::move(photon));
  }
  for (std::size_t l = 1; l < label_count; ++l) {
    if (!(totals.mass_g[l] > 0.0)) continue;
    const double mass_kg = totals.mass_g[l] * units::kKgPerGram;
    const double alpha_J = totals.tia_Bq_s[l] * alpha_MeV * units::kJoulePerMeV;
    const double mean = (voi_s1[l] * weight * units::kJoulePerMeV + alpha_J) / mass_kg;
    const double sd = batch_sd(voi_s1[l], voi_s2[l], chunks_d, decays_d) * weight * units::kJoulePerMeV / mass_kg;
    result.vois.push_back({static_cast<std::uint16_t>(l), totals.mass_g[l], mean, mean > 0.0 ? sd / mean : 0.0});
  }
  result.decays = decays;
  result.energy_per_decay = {emitted / decays_d + alpha_MeV, deposited / decays_d + alpha_MeV, escaped / decays_d};
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  report_progress(options.progress, 1.0, "Monte Carlo transport");
  return result;
}

Volume<std::uint16_t> voi_tally_labels(const Volume<std::int32_t>& labels) {
  Volume<std::uint16_t> out(labels.grid());
  for (std::size_t v = 0; v < labels.size(); ++v) {
    const std::int32_t l = labels[v];
    if (l < 0 || l > 65535)
      throw InvalidInput("Monte Carlo: VOI labels must be 0..65535 (0: no VOI); the label map has " +
                         std::to_string(l) + ": renumber the labels");
    out[v] = static_cast<std::uint16_t>(l);
  }
  return out;
}

std::string MonteCarloResult::describe() const {
  std::ostringstream out;
  out << decays << " decays in " << seconds << " s (" << (seconds > 0 ? decays / seconds : 0.0)
      << " decays/s); per decay: emitted " << energy_per_decay.emitted_MeV << " MeV, deposited "
      << energy_per_decay.deposited_MeV << " MeV, escaped " << energy_per_decay.escaped_MeV << " MeV";
  return out.str();
}

}  // namespace rptdose::montecarlo
