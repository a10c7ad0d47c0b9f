// Parts of the line transforms shared by both FFT back-ends: shapes, aligned buffers, the per-shape cache.
#include <algorithm>
#include <cstdlib>
#include <map>
#include <mutex>
#include <new>
#include <tuple>

#include "line_fft.hpp"
#include "rptdose/core/memory.hpp"

namespace rptdose::convolution::detail {

namespace {
constexpr std::size_t kAlignmentBytes = 64;
constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;
}  // namespace

PaddedShape make_padded_shape(const std::array<std::size_t, 3>& length) {
  PaddedShape shape;
  shape.length = length;
  const std::size_t half = length[0] / 2 + 1;
  shape.row_stride = (half + kAlignmentComplex - 1) / kAlignmentComplex * kAlignmentComplex;
  return shape;
}

template <typename T>
void LargeBuffer<T>::Free::operator()(T* p) const {
  std::free(p);
}

template <typename T>
void LargeBuffer<T>::resize(std::size_t count) {
  if (count <= size && data) return;
  data.reset();
  const std::size_t bytes = count * sizeof(T);
  const std::size_t alignment = bytes >= kHugePageBytes ? kHugePageBytes : kAlignmentBytes;
  const std::size_t rounded = (bytes + alignment - 1) / alignment * alignment;
  void* memory = std::aligned_alloc(alignment, std::max(rounded, alignment));
  if (memory == nullptr) throw std::bad_alloc();
  advise_huge_pages(memory, rounded);
  data.reset(static_cast<T*>(memory));
  size = count;
}

bool have_fftw() {
#ifdef RPTDOSE_HAVE_FFTW
  return true;
#else
  return false;
#endif
}

std::string line_fft_library_name(LineFftLibrary library) {
#ifdef RPTDOSE_HAVE_FFTW
  if (library == LineFftLibrary::Fftw) return fftw_version_name();
#endif
  (void)library;
  return "Eigen FFT (kissfft)";
}

template <typename Real>
std::shared_ptr<const LineFft<Real>> line_fft_for(const PaddedShape& shape, LineFftLibrary library) {
  static std::mutex mutex;
  using Key = std::tuple<std::size_t, std::size_t, std::size_t, std::size_t, LineFftLibrary>;
  static std::map<Key, std::shared_ptr<const LineFft<Real>>> cache;
  const Key key{shape.length[0], shape.length[1], shape.length[2], shape.row_stride, library};
  std::lock_guard<std::mutex> lock(mutex);
  auto& entry = cache[key];
  if (!entry) {
#ifdef RPTDOSE_HAVE_FFTW
    if (library == LineFftLibrary::Fftw) entry = make_fftw_line_fft<Real>(shape);
#endif
    if (!entry) entry = make_eigen_line_fft<Real>(shape);
  }
  return entry;
}

template struct LargeBuffer<float>;
template struct LargeBuffer<double>;
template struct LargeBuffer<std::complex<float>>;
template struct LargeBuffer<std::complex<double>>;
template std::shared_ptr<const LineFft<float>> line_fft_for<float>(const PaddedShape&, LineFftLibrary);
template std::shared_ptr<const LineFft<double>> line_fft_for<double>(const PaddedShape&, LineFftLibrary);

}  // namespace rptdose::convolution::detail
