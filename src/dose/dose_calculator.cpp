#include "rptdose/dose/dose_calculator.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <string>

#include "rptdose/core/error.hpp"
#include "rptdose/core/parallel.hpp"

namespace rptdose::dose {

using convolution::ConvolutionEngine;
using kernels::KernelComponent;

namespace {

constexpr std::size_t kVoxelGrain = std::size_t{1} << 16;

std::string size_text(const Size3& size) {
  return std::to_string(size[0]) + "×" + std::to_string(size[1]) + "×" + std::to_string(size[2]);
}

/// The smallest centred kernel holding every non-zero value of `kernel` (nullopt when all are zero). Exact: the
/// values left out are zeros.
std::optional<Volume<double>> crop_to_support(const Volume<double>& kernel) {
  const Size3& size = kernel.grid().size();
  const std::array<std::int64_t, 3> half{static_cast<std::int64_t>(size[0] / 2), static_cast<std::int64_t>(size[1] / 2),
                                         static_cast<std::int64_t>(size[2] / 2)};
  std::array<std::int64_t, 3> reach{-1, -1, -1};
  for (std::size_t k = 0; k < size[2]; ++k)
    for (std::size_t j = 0; j < size[1]; ++j)
      for (std::size_t i = 0; i < size[0]; ++i) {
        if (kernel(i, j, k) == 0.0) continue;
        const std::array<std::int64_t, 3> index{static_cast<std::int64_t>(i), static_cast<std::int64_t>(j),
                                                static_cast<std::int64_t>(k)};
        for (int a = 0; a < 3; ++a) reach[a] = std::max(reach[a], std::abs(index[a] - half[a]));
      }
  if (reach[0] < 0) return std::nullopt;
  const Size3 cropped_size{static_cast<std::size_t>(2 * reach[0] + 1), static_cast<std::size_t>(2 * reach[1] + 1),
                           static_cast<std::size_t>(2 * reach[2] + 1)};
  Volume<double> cropped(Grid(cropped_size, kernel.grid().spacing_mm()));
  for (std::size_t k = 0; k < cropped_size[2]; ++k)
    for (std::size_t j = 0; j < cropped_size[1]; ++j)
      for (std::size_t i = 0; i < cropped_size[0]; ++i)
        cropped(i, j, k) =
            kernel(i + static_cast<std::size_t>(half[0] - reach[0]), j + static_cast<std::size_t>(half[1] - reach[1]),
                   k + static_cast<std::size_t>(half[2] - reach[2]));
  return cropped;
}

void multiply(Volume<float>& values, const Volume<float>& factor, const ParallelOptions& parallel) {
  float* v = values.data();
  const float* f = factor.data();
  parallel_for(
      0, values.size(),
      [&](std::size_t begin, std::size_t end) {
        for (std::size_t n = begin; n < end; ++n) v[n] *= f[n];
      },
      parallel);
}

}  // namespace

/// One kernel component (or the total) as it is applied: nothing (all zero), a scaling (the kernel is one voxel:
/// local deposition), or a convolution with the kernel cropped to its support.
struct DoseCalculator::Part {
  KernelComponent component;
  double local_scale = 0.0;                           ///< Gy/(Bq·s) when the kernel is a single voxel
  std::unique_ptr<convolution::Convolver> convolver;  ///< when it reaches other voxels
  bool zero = false;

  std::string describe(const Size3& image_size) const {
    std::string text(kernels::component_name(component));
    if (zero) return text + ": zero";
    if (!convolver) return text + ": local";
    const auto& kernel_size = convolver->kernel().grid().size();
    const ConvolutionEngine engine = convolver->engine_for(image_size);
    text += ": " + std::string(convolution::engine_name(engine)) + " " + size_text(kernel_size);
    if (engine == ConvolutionEngine::Fft)
      text += " (" + convolution::fft_library_name(convolver->options().fft_library) + ")";
    return text;
  }
};

DoseCalculator::DoseCalculator(kernels::DoseKernel kernel, DoseOptions options)
    : kernel_(std::move(kernel)), options_(std::move(options)) {
  if (!(std::isfinite(options_.density_floor_g_per_ml) && options_.density_floor_g_per_ml > 0.0))
    throw InvalidInput("the density floor must be positive and finite, got " +
                       std::to_string(options_.density_floor_g_per_ml) + " g/mL (default 0.1)");
  if (options_.components && !kernel_.has_components())
    throw InvalidInput("per-component dose needs a kernel with alpha, electron and photon parts; this kernel (" +
                       kernel_.info().source + ") has only a total: compute the total dose or generate the kernel");
  std::vector<KernelComponent> components{KernelComponent::Total};
  if (options_.components) components = {KernelComponent::Alpha, KernelComponent::Electron, KernelComponent::Photon};
  for (const KernelComponent component : components) {
    Part part{component, 0.0, nullptr, false};
    auto support = crop_to_support(kernel_.values(component));
    if (!support)
      part.zero = true;
    else if (support->size() == 1)
      part.local_scale = (*support)[0];
    else
      part.convolver = std::make_unique<convolution::Convolver>(std::move(*support), options_.convolution);
    parts_.push_back(std::move(part));
  }
}

DoseCalculator::~DoseCalculator() = default;
DoseCalculator::DoseCalculator(DoseCalculator&&) noexcept = default;
DoseCalculator& DoseCalculator::operator=(DoseCalculator&&) noexcept = default;

const kernels::DoseKernel& DoseCalculator::kernel() const {
  return kernel_;
}
const DoseOptions& DoseCalculator::options() const {
  return options_;
}

DoseMaps DoseCalculator::dose_from_tia(const Volume<float>& tia_Bq_s, const Volume<float>* density_g_per_ml) const {
  return apply(tia_Bq_s, density_g_per_ml, "TIA map");
}

DoseMaps DoseCalculator::dose_rate_from_activity(const Volume<float>& activity_Bq,
                                                 const Volume<float>* density_g_per_ml) const {
  return apply(activity_Bq, density_g_per_ml, "activity map");
}

DoseMaps DoseCalculator::apply(const Volume<float>& source, const Volume<float>* density, const char* what) const {
  const Grid& grid = source.grid();
  if (grid.empty())
    throw InvalidInput(std::string("cannot compute dose from an empty image: the ") + what + " is " + grid.describe());
  convolution::require_kernel_spacing(grid, kernel_.grid());
  require_finite(source, std::string("the ") + what, "replace them (e.g. by 0 outside the body) before computing dose");
  const ParallelOptions parallel{options_.convolution.threads, kVoxelGrain};

  DoseMaps maps;
  maps.report.negative_input = negative_voxels(source);
  std::optional<DensityScale> scale;
  if (density != nullptr) {
    require_same_geometry(grid, density->grid(), what, "density map");
    scale = density_scale(*density, kernel_.info().density_g_per_ml, options_.density_floor_g_per_ml, parallel);
    maps.report.density_corrected = true;
    maps.report.density_clamped_voxels = scale->clamped_voxels;
  }

  maps.total = Volume<float>(grid);
  for (const Part& part : parts_) {
    if (!maps.report.method.empty()) maps.report.method += "; ";
    maps.report.method += part.describe(grid.size());
    Volume<float> result(grid);
    if (part.convolver) {
      part.convolver->convolve_into(source, result);
    } else if (!part.zero) {
      const auto factor = static_cast<float>(part.local_scale);
      const float* in = source.data();
      float* out = result.data();
      parallel_for(
          0, source.size(),
          [&](std::size_t begin, std::size_t end) {
            for (std::size_t n = begin; n < end; ++n) out[n] = factor * in[n];
          },
          parallel);
    }
    if (scale && !part.zero) multiply(result, scale->factor, parallel);
    switch (part.component) {
      case KernelComponent::Total:
        maps.total = std::move(result);
        continue;
      case KernelComponent::Alpha:
        maps.total += result;
        maps.alpha = std::move(result);
        break;
      case KernelComponent::Electron:
        maps.total += result;
        maps.electron = std::move(result);
        break;
      case KernelComponent::Photon:
        maps.total += result;
        maps.photon = std::move(result);
        break;
    }
  }
  return maps;
}

const Volume<float>& DoseMaps::component(KernelComponent which) const {
  const std::optional<Volume<float>>* map = nullptr;
  switch (which) {
    case KernelComponent::Total:
      return total;
    case KernelComponent::Alpha:
      map = &alpha;
      break;
    case KernelComponent::Electron:
      map = &electron;
      break;
    case KernelComponent::Photon:
      map = &photon;
      break;
  }
  if (!map->has_value())
    throw InvalidInput("the " + std::string(kernels::component_name(which)) +
                       " dose map was not computed: set DoseOptions::components");
  return **map;
}

void accumulate(DoseMaps& sum, const DoseMaps& part) {
  require_same_geometry(sum.total.grid(), part.total.grid(), "dose map", "added dose map");
  sum.total += part.total;
  const auto add = [](std::optional<Volume<float>>& into, const std::optional<Volume<float>>& from) {
    if (into && from)
      *into += *from;
    else
      into.reset();  // a component is only meaningful when every part has it
  };
  add(sum.alpha, part.alpha);
  add(sum.electron, part.electron);
  add(sum.photon, part.photon);
  sum.report.negative_input.count += part.report.negative_input.count;
  sum.report.negative_input.sum += part.report.negative_input.sum;
  sum.report.density_clamped_voxels = std::max(sum.report.density_clamped_voxels, part.report.density_clamped_voxels);
  sum.report.density_corrected = sum.report.density_corrected && part.report.density_corrected;
  sum.report.method += " + " + part.report.method;
}

}  // namespace rptdose::dose
