#include "rptdose/convolution/convolver.hpp"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <sstream>

#include "fft_convolution.hpp"
#include "rptdose/convolution/direct_convolution.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/core/volume_checks.hpp"

namespace rptdose::convolution {

namespace {

// Cost model of the automatic choice, in nanoseconds on one core of the development machine (2-core VM, FFTW):
// the direct engine costs kDirectNsPerTap per output voxel and non-zero kernel value (128³ ⊗ 11³: 355 ms for
// 2.79e9 taps); the FFT engine kFftNsPerPoint · log2(P) per padded point and slab (128³ ⊗ 11³ at P = 144³: 22 ms;
// 256³ ⊗ 51³ at 288³: 236 ms). Measured with benchmarks/compare_convolution.py; only the ratio matters.
constexpr double kDirectNsPerTap = 0.125;
constexpr double kFftNsPerPoint = 0.35;

std::array<int, 3> half_sizes(const Volume<double>& kernel) {
  const auto& size = kernel.grid().size();
  return {static_cast<int>(size[0] / 2), static_cast<int>(size[1] / 2), static_cast<int>(size[2] / 2)};
}

detail::LineFftLibrary resolve(FftLibrary library) {
  if (library == FftLibrary::Eigen || (library == FftLibrary::Default && !detail::have_fftw()))
    return detail::LineFftLibrary::Eigen;
  if (!detail::have_fftw())
    throw InvalidInput(
        "this rptdose build has no FFTW (configured with -DRPTDOSE_USE_FFTW=OFF): use the default or "
        "Eigen FFT library");
  return detail::LineFftLibrary::Fftw;
}
template <typename Real>
struct FftCache {
  Size3 size{};
  std::unique_ptr<detail::FftConvolution<Real>> engine;
};

}  // namespace

struct Convolver::State {
  Volume<double> kernel;
  ConvolutionOptions options;
  bool point_symmetric = false;
  std::size_t nonzero_taps = 0;
  std::mutex mutex;
  // The last image size per precision: plans, workspace and kernel spectrum for it.
  FftCache<float> fft_float;
  FftCache<double> fft_double;

  template <typename Real>
  FftCache<Real>& cache() {
    if constexpr (std::is_same_v<Real, float>)
      return fft_float;
    else
      return fft_double;
  }

  ConvolutionEngine engine_for(const Size3& source_size) const {
    if (options.engine != ConvolutionEngine::Automatic) return options.engine;
    const double voxels = static_cast<double>(source_size[0] * source_size[1] * source_size[2]);
    const double direct_ns = kDirectNsPerTap * voxels * static_cast<double>(nonzero_taps);
    const auto layout =
        detail::plan_fft_layout<float>(source_size, half_sizes(kernel), point_symmetric, options.max_memory_bytes);
    const auto& length = layout.shape.length;
    const double padded = static_cast<double>(length[0] * length[1] * length[2]);
    const double slabs = std::ceil(static_cast<double>(source_size[2]) / static_cast<double>(layout.slab_planes));
    const double fft_ns = kFftNsPerPoint * slabs * padded * std::log2(std::max(2.0, padded));
    return direct_ns <= fft_ns ? ConvolutionEngine::Direct : ConvolutionEngine::Fft;
  }

  template <typename Real>
  void checked_convolve(const Volume<Real>& source, Volume<Real>& output) {
    if (source.grid().empty()) throw InvalidInput("cannot convolve an empty image (" + source.grid().describe() + ")");
    require_same_geometry(source.grid(), output.grid(), "convolution source", "convolution output");
    if (output.data() == source.data())
      throw InvalidInput("the convolution output must not be the source itself: pass a separate volume");
    require_kernel_spacing(source.grid(), kernel.grid());
    require_finite(source, "the image to convolve", "replace them (e.g. by 0 outside the body) before computing dose");
    convolve(source, output, engine_for(source.grid().size()));
  }

  template <typename Real>
  void convolve(const Volume<Real>& source, Volume<Real>& output, ConvolutionEngine engine) {
    const ParallelOptions parallel{options.threads, 1};
    if (engine == ConvolutionEngine::Direct) {
      const Volume<Real> result = direct_convolve(source, kernel, parallel);
      std::copy(result.begin(), result.end(), output.begin());
      return;
    }
    const Size3& size = source.grid().size();
    std::lock_guard<std::mutex> lock(mutex);
    auto& entry = cache<Real>();
    if (!entry.engine || entry.size != size) {
      entry.engine.reset();  // free the previous size's memory first
      const auto layout =
          detail::plan_fft_layout<Real>(size, half_sizes(kernel), point_symmetric, options.max_memory_bytes);
      entry.engine =
          std::make_unique<detail::FftConvolution<Real>>(kernel, size, layout, resolve(options.fft_library), parallel);
      entry.size = size;
    }
    entry.engine->convolve(source.data(), output.data());
  }
};

void require_kernel_spacing(const Grid& source, const Grid& kernel) {
  const Vector3 difference = source.spacing_mm() - kernel.spacing_mm();
  if (difference.cwiseAbs().maxCoeff() <= 1e-4 * source.spacing_mm().maxCoeff()) return;
  std::ostringstream message;
  message << "the kernel's voxel spacing (" << kernel.spacing_mm().transpose() << " mm) differs from the image's ("
          << source.spacing_mm().transpose()
          << " mm): generate the kernel for the image spacing or resample it (rptdose::kernels::resample_kernel)";
  throw InvalidInput(message.str());
}

std::string_view engine_name(ConvolutionEngine engine) {
  switch (engine) {
    case ConvolutionEngine::Automatic:
      return "automatic";
    case ConvolutionEngine::Fft:
      return "fft";
    case ConvolutionEngine::Direct:
      return "direct";
  }
  return "automatic";
}

ConvolutionEngine parse_engine(std::string_view name) {
  for (auto engine : {ConvolutionEngine::Automatic, ConvolutionEngine::Fft, ConvolutionEngine::Direct})
    if (name == engine_name(engine)) return engine;
  throw InvalidInput("unknown convolution engine '" + std::string(name) + "': use automatic, fft or direct");
}

Convolver::Convolver(Volume<double> kernel, ConvolutionOptions options) : state_(std::make_unique<State>()) {
  const auto& size = kernel.grid().size();
  if (kernel.size() == 0 || size[0] % 2 == 0 || size[1] % 2 == 0 || size[2] % 2 == 0)
    throw InvalidInput("a convolution kernel needs odd sizes centred on the source voxel; got " +
                       kernel.grid().describe());
  for (const double v : kernel.values())
    if (!std::isfinite(v)) throw InvalidInput("the convolution kernel has a NaN or infinite value");
  if (options.max_memory_bytes == 0) throw InvalidInput("ConvolutionOptions::max_memory_bytes must be positive");
  resolve(options.fft_library);  // fails now if the library is not in this build
  state_->point_symmetric = detail::is_point_symmetric(kernel);
  for (const double v : kernel.values()) state_->nonzero_taps += v != 0.0 ? 1 : 0;
  state_->kernel = kernel.owns_data() ? std::move(kernel) : kernel.clone();
  state_->options = options;
}

Convolver::~Convolver() = default;
Convolver::Convolver(Convolver&&) noexcept = default;
Convolver& Convolver::operator=(Convolver&&) noexcept = default;

const Volume<double>& Convolver::kernel() const {
  return state_->kernel;
}
const ConvolutionOptions& Convolver::options() const {
  return state_->options;
}

std::size_t Convolver::fft_memory_bytes(const Size3& source_size) const {
  return detail::plan_fft_layout<float>(source_size, half_sizes(state_->kernel), state_->point_symmetric,
                                        state_->options.max_memory_bytes)
      .bytes;
}

ConvolutionEngine Convolver::engine_for(const Size3& source_size) const {
  return state_->engine_for(source_size);
}

Volume<float> Convolver::convolve(const Volume<float>& source) const {
  Volume<float> output(source.grid());
  state_->checked_convolve(source, output);
  return output;
}
Volume<double> Convolver::convolve(const Volume<double>& source) const {
  Volume<double> output(source.grid());
  state_->checked_convolve(source, output);
  return output;
}
void Convolver::convolve_into(const Volume<float>& source, Volume<float>& output) const {
  state_->checked_convolve(source, output);
}
void Convolver::convolve_into(const Volume<double>& source, Volume<double>& output) const {
  state_->checked_convolve(source, output);
}

Volume<float> convolve(const Volume<float>& source, const Volume<double>& kernel, ConvolutionOptions options) {
  return Convolver(kernel, options).convolve(source);
}
Volume<double> convolve(const Volume<double>& source, const Volume<double>& kernel, ConvolutionOptions options) {
  return Convolver(kernel, options).convolve(source);
}

bool fft_library_available(FftLibrary library) {
  return library != FftLibrary::Fftw || detail::have_fftw();
}

std::string fft_library_name(FftLibrary library) {
  return detail::line_fft_library_name(resolve(library));
}

}  // namespace rptdose::convolution
