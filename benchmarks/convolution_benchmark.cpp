// The dose engine's hot path: 3-D convolution of a map with a voxel kernel (issue #4).
//   build/bin/rptdose_benchmarks --benchmark_filter=Convolution
//   benchmarks/compare_convolution.py   (adds scipy.signal.fftconvolve and prints the ratio table)
// On the same inputs (a random float map, a point-symmetric kernel) and per thread count this times:
//   Convolution_Rptdose        rptdose FFT engine, kernel spectrum cached (the dose-rate route: same kernel, many maps)
//   Convolution_RptdoseOneOff  rptdose FFT engine including the kernel's transform (one map, one kernel)
//   Convolution_BareFftw       plain FFTW3f pipeline, kernel spectrum cached: pad to the textbook linear size
//                              n + k − 1 (rounded up to a fast size), r2c → multiply → c2r, crop
//   Convolution_BareFftwSamePad  the same pipeline on rptdose's smaller padded size (n + h): no pruning
//   Convolution_Itk            ITK FFTConvolutionImageFilter (FFTW back-end in Debian's ITK), output "same"
//   Convolution_Direct         rptdose direct engine (small kernels only)
#include <benchmark/benchmark.h>
#include <fftw3.h>

#include <complex>
#include <random>
#include <rptdose/convolution/convolver.hpp>
#include <rptdose/convolution/direct_convolution.hpp>
#include <rptdose/convolution/fft_size.hpp>
#include <vector>

#include "random_volume.hpp"

#ifdef RPTDOSE_BENCHMARK_ITK
#include <itkConstantBoundaryCondition.h>
#include <itkFFTConvolutionImageFilter.h>
#include <itkImage.h>
#include <itkMultiThreaderBase.h>
#endif

namespace {

using rptdose::Grid;
using rptdose::Size3;
using rptdose::Vector3;
using rptdose::Volume;

const Vector3 kSpacing(4.0, 4.0, 4.0);

Volume<float> random_map(std::size_t n) {
  return rptdose::benchmarks::random_volume(n, kSpacing, 1.0f);
}

// A point-symmetric, radially decreasing kernel like a dose kernel.
Volume<double> symmetric_kernel(std::size_t half) {
  const std::size_t k = 2 * half + 1;
  Volume<double> kernel(Grid({k, k, k}, kSpacing));
  for (std::size_t z = 0; z < k; ++z)
    for (std::size_t y = 0; y < k; ++y)
      for (std::size_t x = 0; x < k; ++x) {
        const double dx = double(x) - double(half), dy = double(y) - double(half), dz = double(z) - double(half);
        kernel(x, y, z) = 1.0 / (1.0 + dx * dx + dy * dy + dz * dz);
      }
  return kernel;
}

void set_counters(benchmark::State& state, std::size_t n) {
  state.counters["voxels"] = static_cast<double>(n * n * n);
  state.counters["threads"] = static_cast<double>(state.range(2));
}

void BM_Rptdose(benchmark::State& state, bool cached) {
  const auto n = static_cast<std::size_t>(state.range(0)), half = static_cast<std::size_t>(state.range(1));
  const auto map = random_map(n);
  const auto kernel = symmetric_kernel(half);
  rptdose::convolution::ConvolutionOptions options;
  options.engine = rptdose::convolution::ConvolutionEngine::Fft;
  options.threads = static_cast<unsigned>(state.range(2));
  const rptdose::convolution::Convolver convolver(kernel, options);
  Volume<float> dose(map.grid());
  convolver.convolve_into(map, dose);  // plans, workspace, spectrum
  for (auto _ : state) {
    if (cached) {
      convolver.convolve_into(map, dose);  // output memory reused, as by the bare pipeline below
      benchmark::DoNotOptimize(dose.data());
    } else {
      auto fresh = rptdose::convolution::Convolver(kernel, options).convolve(map);
      benchmark::DoNotOptimize(fresh.data());
    }
  }
  set_counters(state, n);
}

// The plain pipeline: zero-pad to P³, r2c, multiply by the cached kernel spectrum, c2r, crop.
void BM_BareFftw(benchmark::State& state, bool same_pad) {
  const auto n = static_cast<std::size_t>(state.range(0)), half = static_cast<std::size_t>(state.range(1));
  const auto map = random_map(n);
  const auto kernel = symmetric_kernel(half);
  // A fast even size, as a careful user would choose (FFTW on the odd 315 is 1.5–2.5× slower than on 320).
  const std::size_t p = same_pad ? rptdose::convolution::padded_length(n, half, 0, n)
                                 : rptdose::convolution::next_fast_even_fft_size(n + 2 * half);
  const std::size_t cx = p / 2 + 1;
  static const int threads_ready = fftwf_init_threads();
  benchmark::DoNotOptimize(threads_ready);
  fftwf_plan_with_nthreads(static_cast<int>(state.range(2)));
  auto* real = fftwf_alloc_real(p * p * p);
  auto* spectrum = fftwf_alloc_complex(p * p * cx);
  auto* kernel_spectrum = fftwf_alloc_complex(p * p * cx);
  const fftwf_plan forward = fftwf_plan_dft_r2c_3d(int(p), int(p), int(p), real, spectrum, FFTW_ESTIMATE);
  const fftwf_plan inverse = fftwf_plan_dft_c2r_3d(int(p), int(p), int(p), spectrum, real, FFTW_ESTIMATE);
  // Kernel centred on index 0 (wrapped), transformed once.
  std::fill_n(real, p * p * p, 0.0f);
  const long h = long(half), lp = long(p);
  for (long z = -h; z <= h; ++z)
    for (long y = -h; y <= h; ++y)
      for (long x = -h; x <= h; ++x)
        real[((z + lp) % lp * p + (y + lp) % lp) * p + (x + lp) % lp] =
            float(kernel(std::size_t(x + h), std::size_t(y + h), std::size_t(z + h)) / double(p * p * p));
  fftwf_execute_dft_r2c(forward, real, kernel_spectrum);
  std::vector<float> output(n * n * n);
  for (auto _ : state) {
    std::fill_n(real, p * p * p, 0.0f);
    for (std::size_t z = 0; z < n; ++z)
      for (std::size_t y = 0; y < n; ++y) std::copy_n(&map(0, y, z), n, real + (z * p + y) * p);
    fftwf_execute(forward);
    auto* s = reinterpret_cast<std::complex<float>*>(spectrum);
    const auto* k = reinterpret_cast<const std::complex<float>*>(kernel_spectrum);
    for (std::size_t i = 0; i < p * p * cx; ++i) s[i] *= k[i];
    fftwf_execute(inverse);
    for (std::size_t z = 0; z < n; ++z)
      for (std::size_t y = 0; y < n; ++y) std::copy_n(real + (z * p + y) * p, n, output.data() + (z * n + y) * n);
    benchmark::DoNotOptimize(output.data());
  }
  fftwf_destroy_plan(forward);
  fftwf_destroy_plan(inverse);
  fftwf_free(real);
  fftwf_free(spectrum);
  fftwf_free(kernel_spectrum);
  set_counters(state, n);
  state.counters["padded"] = static_cast<double>(p);
}

void BM_Direct(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0)), half = static_cast<std::size_t>(state.range(1));
  const auto map = random_map(n);
  const auto kernel = symmetric_kernel(half);
  for (auto _ : state) {
    auto dose = rptdose::convolution::direct_convolve(map, kernel, {static_cast<unsigned>(state.range(2)), 1});
    benchmark::DoNotOptimize(dose.data());
  }
  set_counters(state, n);
}

#ifdef RPTDOSE_BENCHMARK_ITK
void BM_Itk(benchmark::State& state) {
  using Image = itk::Image<float, 3>;
  const auto n = static_cast<std::size_t>(state.range(0)), half = static_cast<std::size_t>(state.range(1));
  const auto map = random_map(n);
  const auto kernel = symmetric_kernel(half);
  itk::MultiThreaderBase::SetGlobalDefaultNumberOfThreads(static_cast<int>(state.range(2)));
  auto make_image = [](std::size_t size) {
    auto image = Image::New();
    Image::RegionType region;
    region.SetSize({{size, size, size}});
    image->SetRegions(region);
    image->Allocate();
    return image;
  };
  auto image = make_image(n);
  std::copy(map.begin(), map.end(), image->GetBufferPointer());
  auto kernel_image = make_image(2 * half + 1);
  for (std::size_t i = 0; i < kernel.size(); ++i) kernel_image->GetBufferPointer()[i] = float(kernel[i]);
  itk::ConstantBoundaryCondition<Image> zero;  // zero padding, like rptdose (ITK's default is zero-flux Neumann)
  zero.SetConstant(0.0f);
  for (auto _ : state) {
    using Filter = itk::FFTConvolutionImageFilter<Image, Image, Image>;
    auto filter = Filter::New();
    filter->SetInput(image);
    filter->SetKernelImage(kernel_image);
    filter->SetNormalize(false);
    filter->SetBoundaryCondition(&zero);
    filter->SetNumberOfWorkUnits(static_cast<int>(state.range(2)));
    filter->Update();
    benchmark::DoNotOptimize(filter->GetOutput()->GetBufferPointer());
  }
  set_counters(state, n);
}
#endif

// Sizes of the issue: 128³ and 256³ maps, 11³ and 51³ kernels, 1 and 2 threads.
void sizes(benchmark::internal::Benchmark* b) {
  for (const long n : {128, 256})
    for (const long half : {5, 25})
      for (const long threads : {1, 2}) b->Args({n, half, threads});
  b->ArgNames({"n", "half", "threads"})->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(1.5);
}

}  // namespace

BENCHMARK_CAPTURE(BM_Rptdose, Convolution_Rptdose, true)->Apply(sizes);
BENCHMARK_CAPTURE(BM_Rptdose, Convolution_RptdoseOneOff, false)->Apply(sizes);
BENCHMARK_CAPTURE(BM_BareFftw, Convolution_BareFftw, false)->Apply(sizes);
BENCHMARK_CAPTURE(BM_BareFftw, Convolution_BareFftwSamePad, true)->Apply(sizes);
#ifdef RPTDOSE_BENCHMARK_ITK
BENCHMARK(BM_Itk)->Name("Convolution_Itk")->Apply(sizes);
#endif
BENCHMARK(BM_Direct)
    ->Name("Convolution_Direct")
    ->Args({128, 5, 1})
    ->Args({128, 5, 2})
    ->ArgNames({"n", "half", "threads"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
