#pragma once
// Internal: the 1-D transforms the pruned 3-D convolution is made of, on a padded half-complex buffer.
//
// Buffer layout (x fastest): Pz planes of Py rows of `row_stride` complex values. A row holds Px reals before
// its forward transform and Px/2 + 1 complex values after it (in place). row_stride ≥ Px/2 + 1 is a multiple of
// kAlignmentComplex so that every row and plane starts on a 64-byte boundary: plans made once are then valid for
// any row, plane or buffer (FFTW's new-array execute requires equal alignment).
//
// Two implementations: FFTW3 (line_fft_fftw.cpp, in builds with RPTDOSE_USE_FFTW) and Eigen's FFT module
// (kissfft, line_fft_eigen.cpp, permissive licence, always built). All transforms are unnormalised; forward
// uses exp(−2πi jk/n).
// A LineFft is immutable after construction and may be used from several threads at once.
#include <array>
#include <complex>
#include <cstddef>
#include <memory>
#include <string>

namespace rptdose::convolution::detail {

inline constexpr std::size_t kAlignmentComplex = 8;

struct PaddedShape {
  std::array<std::size_t, 3> length{};  ///< Px, Py, Pz: the transform lengths
  std::size_t row_stride = 0;           ///< complex values per row

  std::size_t half_complex() const { return length[0] / 2 + 1; }
  std::size_t plane_stride() const { return row_stride * length[1]; }
  std::size_t complex_count() const { return plane_stride() * length[2]; }
  bool operator==(const PaddedShape&) const = default;
};

/// The padded shape for transform lengths `length` (row stride rounded up to the alignment).
PaddedShape make_padded_shape(const std::array<std::size_t, 3>& length);

enum class Direction { Forward, Inverse };

template <typename Real>
class LineFft {
 public:
  using Complex = std::complex<Real>;
  explicit LineFft(const PaddedShape& shape) : shape_(shape) {}
  virtual ~LineFft() = default;
  LineFft(const LineFft&) = delete;
  LineFft& operator=(const LineFft&) = delete;

  const PaddedShape& shape() const { return shape_; }
  /// Forward: Px reals at `row` → Px/2 + 1 complex values in place. Inverse: the reverse (c2r).
  virtual void row(Complex* row, Direction direction) const = 0;
  /// The Px/2 + 1 complex lines along y (axis 1) or z (axis 2) that start at first, first + 1, ...: along y
  /// `first` is the start of a plane, along z the start of a row.
  virtual void lines(Complex* first, int axis, Direction direction) const = 0;

 protected:
  PaddedShape shape_;
};

enum class LineFftLibrary { Fftw, Eigen };

/// True when this build has FFTW.
bool have_fftw();
/// The implementations (line_fft_fftw.cpp exists only in FFTW builds).
template <typename Real>
std::unique_ptr<LineFft<Real>> make_fftw_line_fft(const PaddedShape& shape);
template <typename Real>
std::unique_ptr<LineFft<Real>> make_eigen_line_fft(const PaddedShape& shape);
std::string fftw_version_name();  ///< FFTW builds only

/// A shared, cached LineFft for `shape` (plans are made once per shape, library and process).
template <typename Real>
std::shared_ptr<const LineFft<Real>> line_fft_for(const PaddedShape& shape, LineFftLibrary library);

/// An aligned, uninitialised buffer for the large arrays (work buffer, kernel spectrum). Buffers of a few MiB and
/// more are aligned to 2 MiB and advised for huge pages (core/memory.hpp): first-touch page faults otherwise cost
/// about half the time of a 256³ convolution on this virtual machine.
template <typename T>
struct LargeBuffer {
  struct Free {
    void operator()(T* p) const;
  };
  std::unique_ptr<T[], Free> data;
  std::size_t size = 0;
  void resize(std::size_t count);  ///< reallocates only when growing; contents are not kept
  T* get() const { return data.get(); }
};

/// "FFTW 3.3.10" or "Eigen FFT (kissfft)".
std::string line_fft_library_name(LineFftLibrary library);

}  // namespace rptdose::convolution::detail
