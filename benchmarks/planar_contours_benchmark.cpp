// RTSTRUCT rasterising (issue 16 target: 20 ROIs onto a 512 × 512 × 300 grid < 5 s).
//   build/bin/rptdose_benchmarks --benchmark_filter=PlanarContours --benchmark_repetitions=3
// The grid is a CT's: 0.98 × 0.98 mm pixels, 2.5 mm slices (500 × 500 × 750 mm). The ROIs are drawn on the CT's
// slices as a planning system writes them (256 points per contour): an elliptic "External" of 460 × 280 mm over
// the whole length (the largest ROI a structure set holds), and 19 ellipsoids of 15–90 mm semi-axes (organs and
// lesions). The time is for all 20 ROIs, with the label map's half-covered voxels listed (inside_voxels).
#include <benchmark/benchmark.h>

#include <cmath>
#include <numbers>
#include <vector>

#include <rptdose/analysis/planar_contours.hpp>

namespace {

using namespace rptdose;
using namespace rptdose::analysis;

constexpr double kSlice_mm = 2.5;

PlanarContour ellipse(const Vector3& centre, double a_mm, double b_mm) {
  PlanarContour c;
  for (int i = 0; i < 256; ++i) {
    const double t = 2 * std::numbers::pi * i / 256;
    c.push_back(centre + Vector3(a_mm * std::cos(t), b_mm * std::sin(t), 0));
  }
  return c;
}

std::vector<std::vector<PlanarContour>> make_rois(const Grid& grid) {
  std::vector<std::vector<PlanarContour>> rois(1);
  for (std::size_t k = 0; k < grid.size()[2]; ++k)  // External: every slice
    rois[0].push_back(ellipse(grid.index_to_point(Vector3(255.5, 255.5, static_cast<double>(k))), 230, 140));
  for (int r = 0; r < 19; ++r) {
    const double a = 15 + 75.0 * r / 18, b = 0.8 * a, c = 0.9 * a;  // semi-axes (mm)
    const Vector3 centre = grid.index_to_point(Vector3(160 + 10.0 * (r % 10), 200 + 8.0 * (r % 7), 30 + 12.0 * r));
    std::vector<PlanarContour> roi;
    for (double z = std::ceil((-c) / kSlice_mm) * kSlice_mm; z <= c; z += kSlice_mm) {
      const double s = 1 - (z / c) * (z / c);
      if (s > 1e-3) roi.push_back(ellipse(centre + Vector3(0, 0, z), a * std::sqrt(s), b * std::sqrt(s)));
    }
    rois.push_back(std::move(roi));
  }
  return rois;
}

void PlanarContours_TwentyRoisOnCtGrid(benchmark::State& state) {
  const Grid grid({512, 512, 300}, Vector3(0.98, 0.98, kSlice_mm), Vector3(-250, -250, -375));
  const auto rois = make_rois(grid);
  std::size_t voxels = 0;
  for (auto _ : state) {
    voxels = 0;
    for (const auto& roi : rois) voxels += rasterise_planar_contours(roi, grid).inside_voxels(grid).size();
    benchmark::DoNotOptimize(voxels);
  }
  state.counters["inside_voxels"] = static_cast<double>(voxels);
}
BENCHMARK(PlanarContours_TwentyRoisOnCtGrid)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
