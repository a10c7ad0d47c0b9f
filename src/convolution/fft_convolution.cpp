#include "fft_convolution.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "rptdose/convolution/fft_size.hpp"
#include "rptdose/core/error.hpp"

namespace rptdose::convolution::detail {

namespace {

// Parallel loop with one index per chunk (rows and planes are large units of work).
void for_each_index(std::size_t count, const ParallelOptions& parallel, const std::function<void(std::size_t)>& body) {
  parallel_for(
      0, count,
      [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) body(i);
      },
      ParallelOptions{parallel.threads, 1});
}

std::size_t spectrum_bytes(const PaddedShape& shape, bool real_spectrum, std::size_t real_size) {
  const std::size_t values = shape.half_complex() * shape.length[1] * shape.length[2];
  return values * (real_spectrum ? real_size : 2 * real_size);
}

// Offset d ∈ [−half, half] held at circular index i of a length-P axis, or nothing.
bool wrapped_offset(std::size_t i, std::size_t length, std::size_t half, long& offset) {
  offset = i <= half ? static_cast<long>(i) : static_cast<long>(i) - static_cast<long>(length);
  return std::labs(offset) <= static_cast<long>(half);
}

}  // namespace

template <typename Real>
FftLayout plan_fft_layout(const std::array<std::size_t, 3>& source_size, const std::array<int, 3>& kernel_half,
                          bool point_symmetric_kernel, std::size_t max_bytes) {
  FftLayout layout;
  layout.real_spectrum = point_symmetric_kernel;
  for (int a = 0; a < 3; ++a)
    layout.half[a] = std::min<std::size_t>(static_cast<std::size_t>(kernel_half[a]), source_size[a] - 1);
  const std::size_t px = padded_length(source_size[0], layout.half[0], 0, source_size[0]);
  const std::size_t py = padded_length(source_size[1], layout.half[1], 0, source_size[1]);
  const std::size_t nz = source_size[2], hz = layout.half[2];
  auto bytes_for = [&](const PaddedShape& shape) {
    return shape.complex_count() * sizeof(std::complex<Real>) +
           spectrum_bytes(shape, layout.real_spectrum, sizeof(Real));
  };
  // One slab: outputs [0, nz) of nz source planes.
  layout.shape = make_padded_shape({px, py, padded_length(nz, hz, 0, nz)});
  layout.slab_planes = nz;
  layout.bytes = bytes_for(layout.shape);
  if (layout.bytes <= max_bytes) return layout;
  // Slabs of B planes (overlap-add): each reaches outputs [−hz, B + hz) around it.
  for (std::size_t planes = nz - 1; planes >= 1; --planes) {
    const auto shape = make_padded_shape({px, py, padded_length(planes, hz, -static_cast<long>(hz), planes + 2 * hz)});
    if (bytes_for(shape) <= max_bytes) {
      layout.shape = shape;
      layout.slab_planes = planes;
      layout.bytes = bytes_for(shape);
      return layout;
    }
  }
  throw InvalidInput("the FFT convolution of a " + std::to_string(source_size[0]) + "x" +
                     std::to_string(source_size[1]) + "x" + std::to_string(source_size[2]) +
                     " image needs more than the memory budget of " + std::to_string(max_bytes >> 20) +
                     " MiB even in one-plane slabs: raise ConvolutionOptions::max_memory_bytes or use the direct "
                     "engine");
}

bool is_point_symmetric(const Volume<double>& kernel) {
  double largest = 0.0;
  for (const double v : kernel.values()) largest = std::max(largest, std::abs(v));
  const double tolerance = 1e-6 * largest;
  const std::size_t count = kernel.size();
  // Point reflection of a centred odd grid maps linear index n to count − 1 − n.
  for (std::size_t n = 0; n < count / 2; ++n)
    if (std::abs(kernel[n] - kernel[count - 1 - n]) > tolerance) return false;
  return true;
}

template <typename Real>
FftConvolution<Real>::FftConvolution(const Volume<double>& kernel, const std::array<std::size_t, 3>& source_size,
                                     const FftLayout& layout, LineFftLibrary library, const ParallelOptions& parallel)
    : size_(source_size), layout_(layout), parallel_(parallel), fft_(line_fft_for<Real>(layout.shape, library)) {
  const PaddedShape& shape = layout_.shape;
  work_.resize(shape.complex_count());
  const auto& ksize = kernel.grid().size();
  const std::array<std::size_t, 3> khalf{ksize[0] / 2, ksize[1] / 2, ksize[2] / 2};
  // The kernel centred on index 0 of the padded grid, negative offsets wrapped to the end of each axis.
  auto fill_kernel_row = [&](std::size_t y, std::size_t z, Real* row) {
    long dy = 0, dz = 0;
    if (!wrapped_offset(y, shape.length[1], layout_.half[1], dy) ||
        !wrapped_offset(z, shape.length[2], layout_.half[2], dz))
      return false;
    for (std::size_t x = 0; x < shape.length[0]; ++x) {
      long dx = 0;
      row[x] = wrapped_offset(x, shape.length[0], layout_.half[0], dx)
                   ? static_cast<Real>(kernel(static_cast<std::size_t>(dx + static_cast<long>(khalf[0])),
                                              static_cast<std::size_t>(dy + static_cast<long>(khalf[1])),
                                              static_cast<std::size_t>(dz + static_cast<long>(khalf[2]))))
                   : Real(0);
    }
    return true;
  };
  auto kernel_plane = [&](std::size_t z) {
    long dz = 0;
    return wrapped_offset(z, shape.length[2], layout_.half[2], dz);
  };
  forward(fill_kernel_row, kernel_plane);
  // Unnormalised forward + inverse multiply by Px·Py·Pz: fold the 1/(Px·Py·Pz) into the spectrum.
  const double scale = 1.0 / static_cast<double>(shape.length[0] * shape.length[1] * shape.length[2]);
  const std::size_t cx = shape.half_complex(), py = shape.length[1];
  if (layout_.real_spectrum)
    real_spectrum_.resize(cx * py * shape.length[2]);
  else
    complex_spectrum_.resize(cx * py * shape.length[2]);
  for_each_index(shape.length[2], parallel_, [&](std::size_t z) {
    for (std::size_t line = z * py; line < (z + 1) * py; ++line) {
      const Complex* from = work_.get() + line * shape.row_stride;
      for (std::size_t x = 0; x < cx; ++x) {
        const double re = static_cast<double>(from[x].real()) * scale, im = static_cast<double>(from[x].imag()) * scale;
        if (layout_.real_spectrum)
          real_spectrum_.get()[line * cx + x] = static_cast<Real>(re);
        else
          complex_spectrum_.get()[line * cx + x] = Complex(static_cast<Real>(re), static_cast<Real>(im));
      }
    }
  });
}

template <typename Real>
void FftConvolution<Real>::forward(const std::function<bool(std::size_t, std::size_t, Real*)>& fill_row,
                                   const std::function<bool(std::size_t)>& plane_has_data) const {
  const PaddedShape& shape = layout_.shape;
  Complex* data = work_.get();
  const std::size_t cx = shape.half_complex();
  // x then y on the planes that hold data; the other planes are zero, and so are their transforms.
  for_each_index(shape.length[2], parallel_, [&](std::size_t z) {
    Complex* plane = data + z * shape.plane_stride();
    if (!plane_has_data(z)) {
      for (std::size_t y = 0; y < shape.length[1]; ++y) std::fill_n(plane + y * shape.row_stride, cx, Complex(0));
      return;
    }
    for (std::size_t y = 0; y < shape.length[1]; ++y) {
      Complex* row = plane + y * shape.row_stride;
      if (fill_row(y, z, reinterpret_cast<Real*>(row)))
        fft_->row(row, Direction::Forward);
      else
        std::fill_n(row, cx, Complex(0));
    }
    fft_->lines(plane, 1, Direction::Forward);
  });
  for_each_index(shape.length[1], parallel_,
                 [&](std::size_t y) { fft_->lines(data + y * shape.row_stride, 2, Direction::Forward); });
}

template <typename Real>
void FftConvolution<Real>::multiply_by_spectrum() const {
  const PaddedShape& shape = layout_.shape;
  Complex* data = work_.get();
  const std::size_t cx = shape.half_complex(), py = shape.length[1];
  for_each_index(shape.length[2], parallel_, [&](std::size_t z) {
    for (std::size_t y = 0; y < py; ++y) {
      Complex* row = data + z * shape.plane_stride() + y * shape.row_stride;
      const std::size_t line = z * py + y;
      if (layout_.real_spectrum) {
        const Real* factor = real_spectrum_.get() + line * cx;
        for (std::size_t x = 0; x < cx; ++x) row[x] *= factor[x];
      } else {
        const Complex* factor = complex_spectrum_.get() + line * cx;
        for (std::size_t x = 0; x < cx; ++x) row[x] *= factor[x];
      }
    }
  });
}

template <typename Real>
void FftConvolution<Real>::inverse_into(Real* output, long first_plane, long output_plane_begin, long output_plane_end,
                                        bool accumulate) const {
  const PaddedShape& shape = layout_.shape;
  Complex* data = work_.get();
  for_each_index(shape.length[1], parallel_,
                 [&](std::size_t y) { fft_->lines(data + y * shape.row_stride, 2, Direction::Inverse); });
  const long pz = static_cast<long>(shape.length[2]);
  const std::size_t nx = size_[0], ny = size_[1];
  // Only the planes and rows that land in the output are transformed back.
  for_each_index(static_cast<std::size_t>(output_plane_end - output_plane_begin), parallel_, [&](std::size_t i) {
    const long m = output_plane_begin + static_cast<long>(i);
    const long circular = ((m - first_plane) % pz + pz) % pz;
    Complex* plane = data + static_cast<std::size_t>(circular) * shape.plane_stride();
    fft_->lines(plane, 1, Direction::Inverse);
    Real* out_plane = output + static_cast<std::size_t>(m) * nx * ny;
    for (std::size_t y = 0; y < ny; ++y) {
      Complex* row = plane + y * shape.row_stride;
      fft_->row(row, Direction::Inverse);
      const Real* values = reinterpret_cast<const Real*>(row);
      Real* out_row = out_plane + y * nx;
      if (accumulate)
        for (std::size_t x = 0; x < nx; ++x) out_row[x] += values[x];
      else
        std::copy_n(values, nx, out_row);
    }
  });
}

template <typename Real>
void FftConvolution<Real>::convolve(const Real* source, Real* output) const {
  const std::size_t nx = size_[0], ny = size_[1], nz = size_[2];
  const PaddedShape& shape = layout_.shape;
  // One slab writes every output voxel once; slabs (overlap-add) add into a zeroed output.
  const bool slabs = layout_.slab_planes < nz;
  if (slabs) std::fill_n(output, nx * ny * nz, Real(0));
  const long hz = static_cast<long>(layout_.half[2]);
  for (std::size_t first = 0; first < nz; first += layout_.slab_planes) {
    const std::size_t planes = std::min(layout_.slab_planes, nz - first);
    auto fill_source_row = [&](std::size_t y, std::size_t z, Real* row) {
      if (y >= ny) return false;
      std::copy_n(source + ((first + z) * ny + y) * nx, nx, row);
      std::fill(row + nx, row + shape.length[0], Real(0));
      return true;
    };
    forward(fill_source_row, [&](std::size_t z) { return z < planes; });
    multiply_by_spectrum();
    const long begin = std::max(0L, static_cast<long>(first) - hz);
    const long end = std::min(static_cast<long>(nz), static_cast<long>(first + planes) + hz);
    inverse_into(output, static_cast<long>(first), begin, end, slabs);
  }
}

template FftLayout plan_fft_layout<float>(const std::array<std::size_t, 3>&, const std::array<int, 3>&, bool,
                                          std::size_t);
template FftLayout plan_fft_layout<double>(const std::array<std::size_t, 3>&, const std::array<int, 3>&, bool,
                                           std::size_t);
template class FftConvolution<float>;
template class FftConvolution<double>;

}  // namespace rptdose::convolution::detail
