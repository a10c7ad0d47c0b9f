#pragma once
// Internal helpers shared by the electron and photon Monte Carlo programs of the kernels module: a reproducible
// random-number generator, 3-vectors, direction rotation, Klein–Nishina and screened-Rutherford sampling, and a
// radial energy tally; the montecarlo module's transport uses the same sampling. Not installed.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "rptdose/core/parallel.hpp"
#include "rptdose/kernels/electron_physics.hpp"
#include "rptdose/kernels/point_kernel_table.hpp"

namespace rptdose::kernels::mc {

inline constexpr double kPi = 3.14159265358979323846;

/// xoshiro256** (Blackman & Vigna 2018) seeded through splitmix64: small, fast and reproducible everywhere
/// (std::uniform_real_distribution is not specified bit-for-bit across standard libraries).
class Random {
 public:
  explicit Random(std::uint64_t seed) {
    for (auto& word : state_) {
      seed += 0x9E3779B97F4A7C15ULL;
      std::uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
      word = z ^ (z >> 31);
    }
  }
  /// Uniform in [0, 1).
  double operator()() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t next() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }
  std::array<std::uint64_t, 4> state_{};
};

/// The seed of history chunk `chunk`: chunks are independent streams, so results do not depend on threads.
inline std::uint64_t chunk_seed(std::uint64_t seed, std::uint64_t chunk) {
  return seed ^ (0xD1B54A32D192ED03ULL * (chunk + 1));
}

struct Vec3 {
  double x, y, z;
};
inline Vec3 operator+(Vec3 a, Vec3 b) {
  return {a.x + b.x, a.y + b.y, a.z + b.z};
}
inline Vec3 operator*(double s, Vec3 a) {
  return {s * a.x, s * a.y, s * a.z};
}

/// Direction after a deflection by polar angle θ (cos θ given) and azimuth φ relative to the unit vector `d`.
inline Vec3 rotate(Vec3 d, double cos_theta, double phi) {
  const double sin_theta = std::sqrt(std::max(0.0, 1.0 - cos_theta * cos_theta));
  const double cp = std::cos(phi), sp = std::sin(phi);
  const double perp = std::sqrt(std::max(0.0, 1.0 - d.z * d.z));
  if (perp < 1e-10) {
    const double sign = d.z >= 0 ? 1.0 : -1.0;
    return {sin_theta * cp, sin_theta * sp, sign * cos_theta};
  }
  return {d.x * cos_theta + sin_theta * (d.x * d.z * cp - d.y * sp) / perp,
          d.y * cos_theta + sin_theta * (d.y * d.z * cp + d.x * sp) / perp, d.z * cos_theta - sin_theta * perp * cp};
}

/// An isotropic direction.
inline Vec3 isotropic(Random& random) {
  const double cos_theta = 2.0 * random() - 1.0;
  const double sin_theta = std::sqrt(std::max(0.0, 1.0 - cos_theta * cos_theta));
  const double phi = 2.0 * kPi * random();
  return {sin_theta * std::cos(phi), sin_theta * std::sin(phi), cos_theta};
}

/// Samples E'/E for Compton scattering from the Klein–Nishina distribution (Butcher & Messel 1960 as in the
/// EGS4 manual, SLAC-265 §2.9). Returns the energy ratio; `cos_theta` receives the scattering angle.
template <class Uniform>
double sample_klein_nishina(double energy_MeV, Uniform& random, double& cos_theta) {
  const double k = energy_MeV / electrons::kElectronRestEnergy_MeV;
  const double eps0 = 1.0 / (1.0 + 2.0 * k);
  const double alpha1 = -std::log(eps0);
  const double alpha2 = 0.5 * (1.0 - eps0 * eps0);
  for (;;) {
    double eps;
    if (random() * (alpha1 + alpha2) < alpha1)
      eps = std::exp(-alpha1 * random());
    else
      eps = std::sqrt(eps0 * eps0 + (1.0 - eps0 * eps0) * random());
    const double t = (1.0 - eps) / (k * eps);
    const double sin2 = std::max(0.0, t * (2.0 - t));
    if (random() < 1.0 - eps * sin2 / (1.0 + eps * eps)) {
      cos_theta = 1.0 - t;
      return eps;
    }
  }
}

/// Inverts the mean 1 − cos θ of the screened-Rutherford distribution, g(A) = 2A[(1+A) ln(1+1/A) − 1], which
/// rises monotonically from 0 (A → 0) to 1 (A → ∞, isotropic).
class ScreeningInverse {
 public:
  ScreeningInverse() {
    for (int i = 0; i < kPoints; ++i) {
      const double log_a = kLogMin + (kLogMax - kLogMin) * i / (kPoints - 1);
      const double a = std::exp(log_a);
      log_a_[i] = log_a;
      log_g_[i] = std::log(mean_one_minus_cos(a));
    }
  }
  /// A such that g(A) = target (0 < target < 1).
  double screening_for(double target) const {
    const double lg = std::log(std::clamp(target, 1e-14, 0.999));
    const auto it = std::upper_bound(log_g_.begin(), log_g_.end(), lg);
    const std::size_t i = std::clamp<std::size_t>(static_cast<std::size_t>(it - log_g_.begin()), 1, kPoints - 1);
    const double t = (lg - log_g_[i - 1]) / (log_g_[i] - log_g_[i - 1]);
    return std::exp(log_a_[i - 1] + t * (log_a_[i] - log_a_[i - 1]));
  }

 private:
  static double mean_one_minus_cos(double a) {
    // For large A the two terms cancel: use the series 1 − 1/(3A) + ... is not needed below A = e^8.
    return 2.0 * a * ((1.0 + a) * std::log1p(1.0 / a) - 1.0);
  }
  static constexpr int kPoints = 1200;
  static constexpr double kLogMin = -36.0;
  static constexpr double kLogMax = 8.0;
  std::array<double, kPoints> log_a_{}, log_g_{};
};

/// Energy deposited in spherical shells of width `bin_width` × `scale_length` around the origin.
class RadialTally {
 public:
  RadialTally(double scale_length, double bin_width, std::size_t bins)
      : inverse_bin_(1.0 / (scale_length * bin_width)), values_(bins, 0.0) {}
  void deposit(Vec3 p, double energy) {
    const double bin = std::sqrt(p.x * p.x + p.y * p.y + p.z * p.z) * inverse_bin_;
    if (bin < static_cast<double>(values_.size()))
      values_[static_cast<std::size_t>(bin)] += energy;
    else
      beyond_ += energy;
  }
  const std::vector<double>& values() const { return values_; }
  double beyond() const { return beyond_; }

 private:
  double inverse_bin_;
  std::vector<double> values_;
  double beyond_ = 0.0;
};

/// Runs `histories` point-source histories of particles of `energy_MeV` in fixed chunks (chunk c draws from
/// chunk_seed(seed, c), so the result does not depend on the thread count) and returns the normalised scaled
/// kernel. `run_history(random, tally)` simulates one history from the origin.
template <class RunHistory>
ScaledPointKernel run_point_source(double energy_MeV, double scale_length, double bin_width, double max_scaled_radius,
                                   std::uint64_t histories, std::uint64_t seed, const ParallelOptions& parallel,
                                   RunHistory&& run_history) {
  constexpr std::uint64_t kHistoriesPerChunk = 2000;
  const auto bins = static_cast<std::size_t>(std::llround(max_scaled_radius / bin_width));
  const std::uint64_t chunks = (histories + kHistoriesPerChunk - 1) / kHistoriesPerChunk;
  std::vector<std::vector<double>> chunk_values(chunks);
  std::vector<double> chunk_beyond(chunks, 0.0);
  parallel_for(
      0, chunks,
      [&](std::size_t begin, std::size_t end) {
        for (std::size_t c = begin; c < end; ++c) {
          Random random(chunk_seed(seed, c));
          RadialTally tally(scale_length, bin_width, bins);
          const std::uint64_t last = std::min(histories, (c + 1) * kHistoriesPerChunk);
          for (std::uint64_t h = c * kHistoriesPerChunk; h < last; ++h) run_history(random, tally);
          chunk_values[c] = tally.values();
          chunk_beyond[c] = tally.beyond();
        }
      },
      parallel);
  ScaledPointKernel kernel;
  kernel.energy_MeV = energy_MeV;
  kernel.scale_length_g_per_cm2 = scale_length;
  kernel.bin_width = bin_width;
  kernel.values.assign(bins, 0.0);
  double beyond = 0.0;
  for (std::uint64_t c = 0; c < chunks; ++c) {
    for (std::size_t b = 0; b < bins; ++b) kernel.values[b] += chunk_values[c][b];
    beyond += chunk_beyond[c];
  }
  const double total_energy = energy_MeV * static_cast<double>(histories);
  for (double& v : kernel.values) v /= total_energy * bin_width;
  kernel.fraction_beyond = beyond / total_energy;
  return kernel;
}

}  // namespace rptdose::kernels::mc
