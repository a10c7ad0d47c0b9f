#pragma once
// Benchmark inputs: an n³ map of uniform random values in [0, max) on cubic voxels (fixed seed: the same map in
// every run, so timings compare like with like).
#include <cstddef>
#include <random>
#include <rptdose/core/volume.hpp>

namespace rptdose::benchmarks {

inline Volume<float> random_volume(std::size_t n, const Vector3& spacing_mm, float max) {
  std::mt19937 generator(1);
  std::uniform_real_distribution<float> uniform(0.0f, max);
  Volume<float> map(Grid({n, n, n}, spacing_mm));
  for (float& v : map.values()) v = uniform(generator);
  return map;
}

}  // namespace rptdose::benchmarks
