#include "rptdose/convolution/direct_convolution.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <vector>

namespace rptdose::convolution {

namespace {

struct KernelRow {
  long dy, dz;
  std::vector<std::pair<long, double>> taps;  ///< (dx, K) for the non-zero values of the row
};

// The non-zero kernel values grouped by (dy, dz) row, so that all-zero rows cost nothing.
std::vector<KernelRow> nonzero_rows(const Volume<double>& kernel) {
  const auto& size = kernel.grid().size();
  const long hx = static_cast<long>(size[0] / 2), hy = static_cast<long>(size[1] / 2),
             hz = static_cast<long>(size[2] / 2);
  std::vector<KernelRow> rows;
  for (std::size_t k = 0; k < size[2]; ++k)
    for (std::size_t j = 0; j < size[1]; ++j) {
      KernelRow row{static_cast<long>(j) - hy, static_cast<long>(k) - hz, {}};
      for (std::size_t i = 0; i < size[0]; ++i)
        if (const double value = kernel(i, j, k); value != 0.0) row.taps.emplace_back(static_cast<long>(i) - hx, value);
      if (!row.taps.empty()) rows.push_back(std::move(row));
    }
  return rows;
}

template <typename T>
Volume<T> convolve_directly(const Volume<T>& source, const Volume<double>& kernel, ParallelOptions parallel) {
  using Row = Eigen::Array<T, Eigen::Dynamic, 1>;
  Volume<T> output(source.grid(), T(0));
  const auto& size = source.grid().size();
  const long nx = static_cast<long>(size[0]), ny = static_cast<long>(size[1]), nz = static_cast<long>(size[2]);
  const std::vector<KernelRow> rows = nonzero_rows(kernel);
  parallel.grain = 1;
  parallel_for(
      0, size[2],
      [&](std::size_t z_begin, std::size_t z_end) {
        for (long z = static_cast<long>(z_begin); z < static_cast<long>(z_end); ++z) {
          for (const KernelRow& row : rows) {
            const long sz = z - row.dz;
            if (sz < 0 || sz >= nz) continue;
            const long y_begin = std::max(0L, row.dy), y_end = std::min(ny, ny + row.dy);
            for (long y = y_begin; y < y_end; ++y) {
              T* out = output.data() + (z * ny + y) * nx;
              const T* in = source.data() + (sz * ny + (y - row.dy)) * nx;
              for (const auto& [dx, value] : row.taps) {
                const long x_begin = std::max(0L, dx), x_end = std::min(nx, nx + dx);
                if (x_end <= x_begin) continue;
                Eigen::Map<Row>(out + x_begin, x_end - x_begin) +=
                    static_cast<T>(value) * Eigen::Map<const Row>(in + x_begin - dx, x_end - x_begin);
              }
            }
          }
        }
      },
      parallel);
  return output;
}

}  // namespace

Volume<float> direct_convolve(const Volume<float>& source, const Volume<double>& kernel, ParallelOptions parallel) {
  return convolve_directly(source, kernel, parallel);
}

Volume<double> direct_convolve(const Volume<double>& source, const Volume<double>& kernel, ParallelOptions parallel) {
  return convolve_directly(source, kernel, parallel);
}

}  // namespace rptdose::convolution
