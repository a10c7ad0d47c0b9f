// Partial-volume correction (issue 18 target on 2 cores: voxel-level PVC of the 4 time points of the example study
// < 5 s). One benchmark iteration is what a run does: the transfer matrix of the label map and PSF once, then the
// correction of 4 time points.
//   build/bin/rptdose_benchmarks --benchmark_filter=PartialVolume --benchmark_repetitions=3
// The phantoms: grids of 4.8 mm voxels holding `regions` random ellipsoids (semi-axes 8–60 mm, later ones on top)
// inside an elliptic body in air, uniform random activity per region, 10 mm FWHM: the example study's grid
// (80 × 56 × 64, 12 regions), a 128³ SPECT with 30 VOIs and a 256³ one with 120 (a TotalSegmentator label map).
#include <benchmark/benchmark.h>

#include <random>

#include <rptdose/quantification/partial_volume.hpp>

namespace {

using namespace rptdose;

struct Phantom {
  Volume<std::int32_t> labels;
  std::vector<Volume<float>> images;
};

Phantom make_phantom(const Size3& size, int regions) {
  const Grid grid(size, Vector3::Constant(4.8));
  Phantom p{Volume<std::int32_t>(grid), {}};
  std::mt19937 random(7);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const Vector3 extent = Vector3(double(size[0]), double(size[1]), double(size[2])) * 4.8;
  for (std::size_t k = 0, v = 0; k < size[2]; ++k)
    for (std::size_t j = 0; j < size[1]; ++j)
      for (std::size_t i = 0; i < size[0]; ++i, ++v) {
        const Vector3 x = (Vector3(double(i), double(j), double(k)) * 4.8).cwiseQuotient(extent) * 2.0 -
                          Vector3::Ones();
        p.labels[v] = x.x() * x.x() + x.y() * x.y() <= 0.8 ? 1 : 0;  // body
      }
  for (int r = 2; r <= regions; ++r) {
    const Vector3 centre = Vector3(unit(random), unit(random), unit(random)).cwiseProduct(extent);
    const Vector3 axes = Vector3(8 + 52 * unit(random), 8 + 52 * unit(random), 8 + 52 * unit(random));
    for (std::size_t k = 0, v = 0; k < size[2]; ++k)
      for (std::size_t j = 0; j < size[1]; ++j)
        for (std::size_t i = 0; i < size[0]; ++i, ++v)
          if (p.labels[v] != 0 &&
              ((Vector3(double(i), double(j), double(k)) * 4.8 - centre).cwiseQuotient(axes)).squaredNorm() <= 1)
            p.labels[v] = r;
  }
  for (int t = 0; t < 4; ++t) {
    std::vector<double> activity(regions + 1);
    for (auto& a : activity) a = 100 * unit(random);
    activity[0] = 0;
    Volume<float> image(grid);
    for (std::size_t v = 0; v < image.size(); ++v) image[v] = static_cast<float>(activity[p.labels[v]]);
    p.images.push_back(std::move(image));
  }
  return p;
}

void PartialVolume(benchmark::State& state, Size3 size, int regions) {
  const auto phantom = make_phantom(size, regions);
  const auto psf = quantification::GaussianPsf::isotropic(10.0);
  for (auto _ : state) {
    const quantification::RegionPartialVolume pvc(phantom.labels, psf, 2);
    for (const auto& image : phantom.images) benchmark::DoNotOptimize(pvc.correct(image).corrected.data());
  }
}

BENCHMARK_CAPTURE(PartialVolume, ExampleGrid_12Regions_4TimePoints, Size3{80, 56, 64}, 12)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(PartialVolume, Grid128_30Regions_4TimePoints, Size3{128, 128, 128}, 30)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(PartialVolume, Grid256_120Regions_4TimePoints, Size3{256, 256, 256}, 120)
    ->Unit(benchmark::kMillisecond);

}  // namespace
