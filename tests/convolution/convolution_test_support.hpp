#pragma once
// Helpers shared by the convolution tests: random volumes and kernels, and the obvious reference convolution.
#include <algorithm>
#include <cmath>
#include <random>

#include "rptdose/core/volume.hpp"

namespace rptdose::convolution::testing {

inline const Vector3 kSpacing(2.0, 3.0, 4.0);

template <typename T>
Volume<T> random_volume(const Size3& size, unsigned seed, double low = 0.0, double high = 1.0) {
  std::mt19937 generator(seed);
  std::uniform_real_distribution<double> uniform(low, high);
  Volume<T> v(Grid(size, kSpacing));
  for (T& value : v.values()) value = static_cast<T>(uniform(generator));
  return v;
}

/// A kernel of half-sizes `half`: point-symmetric (K(d) = K(−d), like every dose kernel) or not.
inline Volume<double> random_kernel(const std::array<std::size_t, 3>& half, unsigned seed, bool symmetric) {
  Volume<double> k = random_volume<double>({2 * half[0] + 1, 2 * half[1] + 1, 2 * half[2] + 1}, seed, 0.1, 1.0);
  if (symmetric)
    for (std::size_t n = 0, count = k.size(); n < count / 2; ++n) k[count - 1 - n] = k[n];
  return k;
}

/// out(r) = Σ_d K(d) source(r − d), written as plainly as possible (long double accumulation).
template <typename T>
Volume<double> reference_convolution(const Volume<T>& source, const Volume<double>& kernel) {
  const auto& n = source.grid().size();
  const auto& k = kernel.grid().size();
  const long hx = static_cast<long>(k[0] / 2), hy = static_cast<long>(k[1] / 2), hz = static_cast<long>(k[2] / 2);
  Volume<double> out(source.grid());
  for (long z = 0; z < static_cast<long>(n[2]); ++z)
    for (long y = 0; y < static_cast<long>(n[1]); ++y)
      for (long x = 0; x < static_cast<long>(n[0]); ++x) {
        long double sum = 0;
        for (long dz = -hz; dz <= hz; ++dz)
          for (long dy = -hy; dy <= hy; ++dy)
            for (long dx = -hx; dx <= hx; ++dx) {
              const long sx = x - dx, sy = y - dy, sz = z - dz;
              if (sx < 0 || sy < 0 || sz < 0 || sx >= static_cast<long>(n[0]) || sy >= static_cast<long>(n[1]) ||
                  sz >= static_cast<long>(n[2]))
                continue;
              sum +=
                  static_cast<long double>(kernel(static_cast<std::size_t>(dx + hx), static_cast<std::size_t>(dy + hy),
                                                  static_cast<std::size_t>(dz + hz))) *
                  static_cast<long double>(
                      source(static_cast<std::size_t>(sx), static_cast<std::size_t>(sy), static_cast<std::size_t>(sz)));
            }
        out(static_cast<std::size_t>(x), static_cast<std::size_t>(y), static_cast<std::size_t>(z)) =
            static_cast<double>(sum);
      }
  return out;
}

/// max |a − b| / max |b|.
template <typename A, typename B>
double max_relative_difference(const Volume<A>& a, const Volume<B>& b) {
  double largest = 0.0, difference = 0.0;
  for (std::size_t n = 0; n < b.size(); ++n) {
    largest = std::max(largest, std::abs(static_cast<double>(b[n])));
    difference = std::max(difference, std::abs(static_cast<double>(a[n]) - static_cast<double>(b[n])));
  }
  return difference / largest;
}

}  // namespace rptdose::convolution::testing
