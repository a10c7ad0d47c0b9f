// Line transforms with FFTW3 (GPL; chosen with -DRPTDOSE_USE_FFTW=ON). Plans are made once per padded shape with
// FFTW_ESTIMATE (FFTW_MEASURE costs 9–18 s at 256³-class sizes and would dominate a study) and executed with the
// new-array interface on any row/plane of the same alignment, concurrently from several threads.
#include <fftw3.h>

#include <mutex>

#include "line_fft.hpp"

namespace rptdose::convolution::detail {

namespace {

// FFTW's planner is not thread-safe; executing plans is.
std::mutex& planner_mutex() {
  static std::mutex mutex;
  return mutex;
}

template <typename Real>
struct Fftw;

template <>
struct Fftw<float> {
  using Plan = fftwf_plan;
  using Complex = fftwf_complex;
  static Plan r2c(int n, float* in, Complex* out) { return fftwf_plan_dft_r2c_1d(n, in, out, FFTW_ESTIMATE); }
  static Plan c2r(int n, Complex* in, float* out) { return fftwf_plan_dft_c2r_1d(n, in, out, FFTW_ESTIMATE); }
  static Plan many(int n, int howmany, Complex* data, int stride, int sign) {
    return fftwf_plan_many_dft(1, &n, howmany, data, nullptr, stride, 1, data, nullptr, stride, 1, sign, FFTW_ESTIMATE);
  }
  static void r2c(Plan p, float* in, Complex* out) { fftwf_execute_dft_r2c(p, in, out); }
  static void c2r(Plan p, Complex* in, float* out) { fftwf_execute_dft_c2r(p, in, out); }
  static void c2c(Plan p, Complex* in, Complex* out) { fftwf_execute_dft(p, in, out); }
  static void destroy(Plan p) { fftwf_destroy_plan(p); }
};

template <>
struct Fftw<double> {
  using Plan = fftw_plan;
  using Complex = fftw_complex;
  static Plan r2c(int n, double* in, Complex* out) { return fftw_plan_dft_r2c_1d(n, in, out, FFTW_ESTIMATE); }
  static Plan c2r(int n, Complex* in, double* out) { return fftw_plan_dft_c2r_1d(n, in, out, FFTW_ESTIMATE); }
  static Plan many(int n, int howmany, Complex* data, int stride, int sign) {
    return fftw_plan_many_dft(1, &n, howmany, data, nullptr, stride, 1, data, nullptr, stride, 1, sign, FFTW_ESTIMATE);
  }
  static void r2c(Plan p, double* in, Complex* out) { fftw_execute_dft_r2c(p, in, out); }
  static void c2r(Plan p, Complex* in, double* out) { fftw_execute_dft_c2r(p, in, out); }
  static void c2c(Plan p, Complex* in, Complex* out) { fftw_execute_dft(p, in, out); }
  static void destroy(Plan p) { fftw_destroy_plan(p); }
};

template <typename Real>
class FftwLineFft final : public LineFft<Real> {
  using F = Fftw<Real>;
  using Complex = std::complex<Real>;

 public:
  explicit FftwLineFft(const PaddedShape& shape) : LineFft<Real>(shape) {
    // Planning with FFTW_ESTIMATE does not touch the arrays: a buffer of the full extent is allocated, not used.
    LargeBuffer<Complex> scratch;
    scratch.resize(shape.complex_count());
    auto* data = reinterpret_cast<typename F::Complex*>(scratch.get());
    auto* reals = reinterpret_cast<Real*>(scratch.get());
    const int px = static_cast<int>(shape.length[0]), py = static_cast<int>(shape.length[1]);
    const int pz = static_cast<int>(shape.length[2]), half = static_cast<int>(shape.half_complex());
    std::lock_guard<std::mutex> lock(planner_mutex());
    row_[0] = F::r2c(px, reals, data);
    row_[1] = F::c2r(px, data, reals);
    y_[0] = F::many(py, half, data, static_cast<int>(shape.row_stride), FFTW_FORWARD);
    y_[1] = F::many(py, half, data, static_cast<int>(shape.row_stride), FFTW_BACKWARD);
    z_[0] = F::many(pz, half, data, static_cast<int>(shape.plane_stride()), FFTW_FORWARD);
    z_[1] = F::many(pz, half, data, static_cast<int>(shape.plane_stride()), FFTW_BACKWARD);
  }
  ~FftwLineFft() override {
    std::lock_guard<std::mutex> lock(planner_mutex());
    for (auto* set : {row_, y_, z_})
      for (int d = 0; d < 2; ++d)
        if (set[d]) F::destroy(set[d]);
  }

  void row(Complex* row, Direction direction) const override {
    auto* data = reinterpret_cast<typename F::Complex*>(row);
    auto* reals = reinterpret_cast<Real*>(row);
    if (direction == Direction::Forward)
      F::r2c(row_[0], reals, data);
    else
      F::c2r(row_[1], data, reals);
  }

  void lines(Complex* first, int axis, Direction direction) const override {
    auto* data = reinterpret_cast<typename F::Complex*>(first);
    const int d = direction == Direction::Forward ? 0 : 1;
    F::c2c(axis == 1 ? y_[d] : z_[d], data, data);
  }

 private:
  // [Forward, Inverse] for rows, y lines and z lines.
  typename F::Plan row_[2]{}, y_[2]{}, z_[2]{};
};

}  // namespace

template <typename Real>
std::unique_ptr<LineFft<Real>> make_fftw_line_fft(const PaddedShape& shape) {
  return std::make_unique<FftwLineFft<Real>>(shape);
}

std::string fftw_version_name() {
  return std::string("FFTW ") + (fftw_version + 5);
}

template std::unique_ptr<LineFft<float>> make_fftw_line_fft<float>(const PaddedShape&);
template std::unique_ptr<LineFft<double>> make_fftw_line_fft<double>(const PaddedShape&);

}  // namespace rptdose::convolution::detail
