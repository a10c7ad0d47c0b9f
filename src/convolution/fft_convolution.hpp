#pragma once
// Internal: linear 3-D convolution by FFT with pruned transforms, for one kernel and one source size.
//
// Output = the linear convolution cropped to the source grid ("same" size, kernel centred): nothing wraps around.
// What a plain zero-padded r2c → multiply → c2r pipeline computes and this one skips:
//  * padding: only P ≥ n + h per axis is needed for the cropped output (not n + 2h; fft_size.hpp);
//  * forward x transforms of rows that are all zero (rows y ≥ ny and planes z ≥ nz of the padding; all but
//    2h + 1 rows of the kernel) and forward y transforms of all-zero planes;
//  * inverse y and x transforms of planes and rows that are cropped away;
//  * the kernel spectrum is computed once (per source size) and, for a point-symmetric kernel (every kernel
//    rptdose generates), stored as real numbers: half the memory and a cheaper product.
// Large grids are convolved in slabs along z (overlap-add) so that workspace + spectrum stay within a budget.
#include <array>
#include <complex>
#include <cstddef>
#include <functional>
#include <memory>

#include "line_fft.hpp"
#include "rptdose/core/parallel.hpp"
#include "rptdose/core/volume.hpp"

namespace rptdose::convolution::detail {

/// How a source of a given size is convolved: padded shape, cropped kernel half-sizes, slab thickness.
struct FftLayout {
  PaddedShape shape;
  std::array<std::size_t, 3> half{};  ///< kernel half-sizes after cropping to what can reach the output
  std::size_t slab_planes = 0;        ///< source planes per slab (= nz when not blocked)
  bool real_spectrum = false;
  std::size_t bytes = 0;  ///< workspace + kernel spectrum
};

/// The layout for `source_size` and a kernel of `kernel_half` half-sizes within `max_bytes`; throws InvalidInput
/// when even one-plane slabs do not fit.
template <typename Real>
FftLayout plan_fft_layout(const std::array<std::size_t, 3>& source_size, const std::array<int, 3>& kernel_half,
                          bool point_symmetric_kernel, std::size_t max_bytes);

/// True when K(d) = K(−d) for every offset to 1e-6 of max|K| (its spectrum is then real).
bool is_point_symmetric(const Volume<double>& kernel);

template <typename Real>
class FftConvolution {
 public:
  FftConvolution(const Volume<double>& kernel, const std::array<std::size_t, 3>& source_size, const FftLayout& layout,
                 LineFftLibrary library, const ParallelOptions& parallel);
  /// output = source ⊛ kernel (output is overwritten; both on the source size given at construction).
  void convolve(const Real* source, Real* output) const;
  const FftLayout& layout() const { return layout_; }

 private:
  using Complex = std::complex<Real>;
  /// Forward 3-D transform of the work buffer. fill_row(y, z, row) writes the Px reals of row (y, z) and
  /// returns true, or returns false for an all-zero row; plane_has_data(z) is false for all-zero planes. Zero
  /// rows and planes are not transformed (their transform is zero).
  void forward(const std::function<bool(std::size_t y, std::size_t z, Real* row)>& fill_row,
               const std::function<bool(std::size_t z)>& plane_has_data) const;
  void multiply_by_spectrum() const;
  void inverse_into(Real* output, long first_plane, long output_plane_begin, long output_plane_end,
                    bool accumulate) const;

  std::array<std::size_t, 3> size_;
  FftLayout layout_;
  ParallelOptions parallel_;
  std::shared_ptr<const LineFft<Real>> fft_;
  LargeBuffer<Real> real_spectrum_;
  LargeBuffer<Complex> complex_spectrum_;
  mutable LargeBuffer<Complex> work_;
};

}  // namespace rptdose::convolution::detail
