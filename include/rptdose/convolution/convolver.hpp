#pragma once
// rptdose::convolution — linear 3-D convolution of an image with a voxel kernel, the dose engine's hot path.
//
// Owns: the FFT engine (pruned real-to-complex transforms, cached plans and kernel spectrum, z-slab blocking to
// bound memory), the direct engine, the automatic choice between them, and the geometry checks. Depends on core
// only (and FFTW3 when built with it); it knows nothing of dose or nuclides.
//
// Convention: output(r) = Σ_d K(d) · source(r − d), the kernel centred on its middle voxel, the output cropped to
// the source grid. Nothing wraps around: activity near an edge deposits only what lands inside the image.
// float volumes are convolved in single precision, double volumes in double precision.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "rptdose/core/grid.hpp"
#include "rptdose/core/volume.hpp"

namespace rptdose::convolution {

enum class ConvolutionEngine { Automatic, Fft, Direct };
std::string_view engine_name(ConvolutionEngine engine);
/// "automatic", "fft" or "direct"; throws InvalidInput otherwise.
ConvolutionEngine parse_engine(std::string_view name);

/// The library under the FFT engine. Default: FFTW in builds made with it (RPTDOSE_USE_FFTW, the default),
/// otherwise Eigen's FFT module (kissfft; slower, permissive licence).
enum class FftLibrary { Default, Fftw, Eigen };

struct ConvolutionOptions {
  ConvolutionEngine engine = ConvolutionEngine::Automatic;
  FftLibrary fft_library = FftLibrary::Default;
  unsigned threads = 0;  ///< 0: default_thread_count() ($RPTDOSE_NUM_THREADS or the hardware threads)
  /// Upper bound on the FFT engine's workspace + kernel spectrum; larger problems are convolved in z slabs
  /// (overlap-add). 4 GiB holds a 512×512×400 grid with a 61³ kernel in one piece in single precision.
  std::size_t max_memory_bytes = std::size_t{4} << 30;
};

/// A kernel prepared for repeated convolutions (e.g. every time point of a study, or every component map).
/// The FFT plans and the kernel spectrum are computed on the first convolution of a given image size and reused
/// while the size stays the same. Thread-safe; concurrent calls on one Convolver run one after the other.
class Convolver {
 public:
  /// `kernel`: odd sizes, centred; its spacing must equal the images' spacing (checked on each call).
  explicit Convolver(Volume<double> kernel, ConvolutionOptions options = {});
  ~Convolver();
  Convolver(Convolver&&) noexcept;
  Convolver& operator=(Convolver&&) noexcept;

  /// The convolution on `source`'s grid. Throws InvalidInput for NaN/Inf voxels (naming how many and the first),
  /// an empty grid, or a kernel spacing that differs from the source's.
  Volume<float> convolve(const Volume<float>& source) const;
  Volume<double> convolve(const Volume<double>& source) const;
  /// The same, written into `output` (same geometry as `source`, not aliasing it): reuses the caller's memory,
  /// e.g. across the time points of a study (fresh memory costs page faults comparable to the FFTs themselves).
  void convolve_into(const Volume<float>& source, Volume<float>& output) const;
  void convolve_into(const Volume<double>& source, Volume<double>& output) const;

  /// The engine a convolution of an image of this size uses (resolves Automatic).
  ConvolutionEngine engine_for(const Size3& source_size) const;
  /// Bytes the FFT engine holds for an image of this size (work buffer + kernel spectrum), single precision.
  std::size_t fft_memory_bytes(const Size3& source_size) const;
  const Volume<double>& kernel() const;
  const ConvolutionOptions& options() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// One-off convolution (a Convolver used once).
Volume<float> convolve(const Volume<float>& source, const Volume<double>& kernel, ConvolutionOptions options = {});
Volume<double> convolve(const Volume<double>& source, const Volume<double>& kernel, ConvolutionOptions options = {});

/// Throws InvalidInput when the kernel's voxel spacing differs from the image's by more than 1e-4 relative (the
/// message says to generate or resample the kernel for the image spacing).
void require_kernel_spacing(const Grid& image, const Grid& kernel);

/// Whether this build has `library` (Default and Eigen always; Fftw when built with RPTDOSE_USE_FFTW).
bool fft_library_available(FftLibrary library);
/// What `library` means in this build: "FFTW 3.3.10-sse2-avx" or "Eigen FFT (kissfft)".
std::string fft_library_name(FftLibrary library = FftLibrary::Default);

}  // namespace rptdose::convolution
