// Line transforms with Eigen's FFT module (kissfft back-end, BSD-style licence): the build without FFTW.
// Lines along y and z are gathered into a contiguous scratch line, transformed and scattered back. kissfft keeps
// twiddle tables inside the FFT object, so each thread keeps its own (thread_local).
#include <unsupported/Eigen/FFT>

#include <algorithm>
#include <vector>

#include "line_fft.hpp"

namespace rptdose::convolution::detail {

namespace {

template <typename Real>
Eigen::FFT<Real>& thread_fft() {
  thread_local Eigen::FFT<Real> fft = [] {
    Eigen::FFT<Real> f;
    f.SetFlag(Eigen::FFT<Real>::HalfSpectrum);
    f.SetFlag(Eigen::FFT<Real>::Unscaled);
    return f;
  }();
  return fft;
}

template <typename Real>
class EigenLineFft final : public LineFft<Real> {
  using Complex = std::complex<Real>;

 public:
  using LineFft<Real>::LineFft;

  void row(Complex* row, Direction direction) const override {
    const PaddedShape& shape = this->shape_;
    const auto n = static_cast<Eigen::Index>(shape.length[0]);
    const std::size_t half = shape.half_complex();
    thread_local std::vector<Real> reals;
    thread_local std::vector<Complex> spectrum;
    reals.resize(shape.length[0]);
    spectrum.resize(half);
    auto* row_reals = reinterpret_cast<Real*>(row);
    if (n == 1) {  // kissfft cannot plan length 1; the transform is the identity
      if (direction == Direction::Forward)
        row[0] = Complex(row_reals[0], Real(0));
      else
        row_reals[0] = row[0].real();
      return;
    }
    if (direction == Direction::Forward) {
      std::copy_n(row_reals, n, reals.data());
      thread_fft<Real>().fwd(spectrum.data(), reals.data(), n);
      std::copy_n(spectrum.data(), half, row);
    } else {
      std::copy_n(row, half, spectrum.data());
      thread_fft<Real>().inv(reals.data(), spectrum.data(), n);
      std::copy_n(reals.data(), n, row_reals);
    }
  }

  void lines(Complex* first, int axis, Direction direction) const override {
    const PaddedShape& shape = this->shape_;
    const std::size_t n = shape.length[axis];
    const std::size_t stride = axis == 1 ? shape.row_stride : shape.plane_stride();
    if (n == 1) return;  // the identity
    thread_local std::vector<Complex> in, out;
    in.resize(n);
    out.resize(n);
    auto& fft = thread_fft<Real>();
    for (std::size_t line = 0, count = shape.half_complex(); line < count; ++line) {
      Complex* start = first + line;
      for (std::size_t i = 0; i < n; ++i) in[i] = start[i * stride];
      if (direction == Direction::Forward)
        fft.fwd(out.data(), in.data(), static_cast<Eigen::Index>(n));
      else
        fft.inv(out.data(), in.data(), static_cast<Eigen::Index>(n));
      for (std::size_t i = 0; i < n; ++i) start[i * stride] = out[i];
    }
  }
};

}  // namespace

template <typename Real>
std::unique_ptr<LineFft<Real>> make_eigen_line_fft(const PaddedShape& shape) {
  return std::make_unique<EigenLineFft<Real>>(shape);
}

template std::unique_ptr<LineFft<float>> make_eigen_line_fft<float>(const PaddedShape&);
template std::unique_ptr<LineFft<double>> make_eigen_line_fft<double>(const PaddedShape&);

}  // namespace rptdose::convolution::detail
