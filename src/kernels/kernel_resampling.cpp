#include "rptdose/kernels/kernel_resampling.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "rptdose/core/error.hpp"
#include "rptdose/kernels/voxel_integration.hpp"

namespace rptdose::kernels {
namespace {

/// weight[m][n]: fraction of old voxel n (centred at n·L_old, n = −N_old..N_old) inside new voxel m.
std::vector<std::vector<double>> overlap_weights(double old_mm, int old_half, double new_mm, int new_half) {
  std::vector<std::vector<double>> w(2 * new_half + 1, std::vector<double>(2 * old_half + 1, 0.0));
  for (int m = -new_half; m <= new_half; ++m)
    for (int n = -old_half; n <= old_half; ++n) {
      const double lo = std::max((m - 0.5) * new_mm, (n - 0.5) * old_mm);
      const double hi = std::min((m + 0.5) * new_mm, (n + 0.5) * old_mm);
      if (hi > lo) w[m + new_half][n + old_half] = (hi - lo) / old_mm;
    }
  return w;
}

Volume<double> resample_values(const Volume<double>& old_values, const Vector3& spacing_mm,
                               const std::array<int, 3>& half_size) {
  const Grid& old_grid = old_values.grid();
  const std::array<int, 3> old_half{static_cast<int>(old_grid.size()[0] / 2), static_cast<int>(old_grid.size()[1] / 2),
                                    static_cast<int>(old_grid.size()[2] / 2)};
  std::array<std::vector<std::vector<double>>, 3> w;
  for (int a = 0; a < 3; ++a)
    w[a] = overlap_weights(old_grid.spacing_mm()[a], old_half[a], spacing_mm[a], half_size[a]);
  // Energy per voxel = S · V (the density cancels between old and new), then three separable passes.
  const double old_volume = old_grid.voxel_volume_mm3();
  const std::size_t ox = old_grid.size()[0], oy = old_grid.size()[1], oz = old_grid.size()[2];
  const std::size_t nx = 2 * half_size[0] + 1, ny = 2 * half_size[1] + 1, nz = 2 * half_size[2] + 1;
  std::vector<double> pass_x(nx * oy * oz, 0.0), pass_y(nx * ny * oz, 0.0);
  for (std::size_t k = 0; k < oz; ++k)
    for (std::size_t j = 0; j < oy; ++j)
      for (std::size_t m = 0; m < nx; ++m) {
        double sum = 0.0;
        for (std::size_t i = 0; i < ox; ++i) sum += w[0][m][i] * old_values(i, j, k) * old_volume;
        pass_x[m + nx * (j + oy * k)] = sum;
      }
  for (std::size_t k = 0; k < oz; ++k)
    for (std::size_t m = 0; m < ny; ++m)
      for (std::size_t i = 0; i < nx; ++i) {
        double sum = 0.0;
        for (std::size_t j = 0; j < oy; ++j) sum += w[1][m][j] * pass_x[i + nx * (j + oy * k)];
        pass_y[i + nx * (m + ny * k)] = sum;
      }
  const Grid grid = kernel_grid(spacing_mm, half_size);
  Volume<double> result(grid, 0.0);
  const double new_volume = grid.voxel_volume_mm3();
  for (std::size_t m = 0; m < nz; ++m)
    for (std::size_t j = 0; j < ny; ++j)
      for (std::size_t i = 0; i < nx; ++i) {
        double sum = 0.0;
        for (std::size_t k = 0; k < oz; ++k) sum += w[2][m][k] * pass_y[i + nx * (j + ny * k)];
        result(i, j, m) = sum / new_volume;
      }
  return result;
}

}  // namespace

DoseKernel resample_kernel(const DoseKernel& kernel, const Vector3& spacing_mm) {
  std::array<int, 3> half{};
  for (int a = 0; a < 3; ++a) {
    if (!(spacing_mm[a] > 0.0) || !std::isfinite(spacing_mm[a]))
      throw InvalidInput("resampling spacing must be positive and finite");
    const double extent = (kernel.half_size()[a] + 0.5) * kernel.spacing_mm()[a];
    half[a] = static_cast<int>(std::ceil(extent / spacing_mm[a] - 0.5 - 1e-9));
  }
  return resample_kernel(kernel, spacing_mm, half);
}

DoseKernel resample_kernel(const DoseKernel& kernel, const Vector3& spacing_mm, const std::array<int, 3>& half_size) {
  for (int a = 0; a < 3; ++a) {
    if (!(spacing_mm[a] > 0.0) || !std::isfinite(spacing_mm[a]))
      throw InvalidInput("resampling spacing must be positive and finite, got " + std::to_string(spacing_mm[a]) +
                         " mm");
    if (half_size[a] < 0 || half_size[a] > 200) throw InvalidInput("resampled kernel half-size must be 0..200");
  }
  KernelInfo info = kernel.info();
  info.method += "; resampled (energy-conserving overlap) from " + std::to_string(kernel.spacing_mm()[0]) + " x " +
                 std::to_string(kernel.spacing_mm()[1]) + " x " + std::to_string(kernel.spacing_mm()[2]) + " mm";
  if (!kernel.has_components())
    return DoseKernel::from_total(resample_values(kernel.values(), spacing_mm, half_size), std::move(info));
  return DoseKernel(resample_values(kernel.values(KernelComponent::Alpha), spacing_mm, half_size),
                    resample_values(kernel.values(KernelComponent::Electron), spacing_mm, half_size),
                    resample_values(kernel.values(KernelComponent::Photon), spacing_mm, half_size), std::move(info));
}

}  // namespace rptdose::kernels
