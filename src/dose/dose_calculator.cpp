#include "rptdose/dose/dose_calculator.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <mutex>
#include <string>
#include <utility>

#include "rptdose/core/error.hpp"
#include "rptdose/core/parallel.hpp"
#include "rptdose/kernels/voxel_integration.hpp"

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

/// One axis of the two-resolution photon convolution: fine voxel i (centre at i, in fine voxels) and coarse node
/// c (centre at (c − 1)·f + (f − 1)/2: node 0 lies before the first fine voxel, the last one after the last, so
/// every fine voxel lies between two nodes and no weight is clamped at an edge). Prolongation is linear
/// interpolation between the two nodes around a fine voxel; restriction is its transpose (each fine voxel's
/// activity shared between those nodes with the same weights: cloud-in-cell), which makes the first-order errors
/// of the source's and the target's positions within their coarse voxels cancel.
struct AxisTransfer {
  std::size_t fine = 0, coarse = 0;
  /// Fine voxel i lies between nodes node[i] and node[i] + 1, with weight upper[i] on the second.
  std::vector<std::size_t> node;
  std::vector<float> upper;
  /// The same as sparse rows along the axis: prolong[i] the (node, weight) pairs of fine voxel i, restrict[c]
  /// the (fine voxel, weight) pairs of node c (for the y and z passes, which combine whole rows or planes).
  std::vector<std::vector<std::pair<std::size_t, float>>> prolong, restrict;

  AxisTransfer(std::size_t n, std::size_t f) : fine(n), node(n), upper(n), prolong(n) {
    const double half_cell = 0.5 * static_cast<double>(f - 1);
    for (std::size_t i = 0; i < n; ++i) {
      const double u = (static_cast<double>(i) - half_cell) / static_cast<double>(f) + 1.0;
      node[i] = static_cast<std::size_t>(std::floor(u));
      upper[i] = static_cast<float>(u - static_cast<double>(node[i]));
      prolong[i] = {{node[i], 1.0f - upper[i]}, {node[i] + 1, upper[i]}};
      coarse = std::max(coarse, node[i] + 2);
    }
    restrict.resize(coarse);
    for (std::size_t i = 0; i < n; ++i)
      for (const auto& [c, w] : prolong[i]) restrict[c].emplace_back(i, w);
  }
};

ParallelOptions by_plane(const ParallelOptions& parallel) {
  ParallelOptions p = parallel;
  p.grain = 1;
  return p;
}

/// Restriction along x of R rows (`out[r]` zeroed, t.coarse values each): each voxel's activity shared between
/// its two nodes, in voxel order. The two nodes' sums stay in registers while the voxels pass (the nodes rise
/// monotonically along a row), and R rows go together: R independent chains of additions instead of one (the
/// additions of each row are the same, in the same order, whatever R).
template <std::size_t R>
void restrict_rows(const std::array<const float*, R>& line, const std::array<float*, R>& out, const AxisTransfer& t) {
  std::size_t node = t.node[0];
  std::array<float, R> lower{}, upper{};
  for (std::size_t r = 0; r < R; ++r) {
    lower[r] = out[r][node];
    upper[r] = out[r][node + 1];
  }
  for (std::size_t i = 0; i < t.fine; ++i) {
    if (t.node[i] != node) {
      for (std::size_t r = 0; r < R; ++r) {
        out[r][node] = lower[r];
        out[r][node + 1] = upper[r];
      }
      node = t.node[i];
      for (std::size_t r = 0; r < R; ++r) {
        lower[r] = out[r][node];
        upper[r] = out[r][node + 1];
      }
    }
    const float u = t.upper[i];
    for (std::size_t r = 0; r < R; ++r) {
      const float v = line[r][i];
      const float w = u * v;
      lower[r] += v - w;
      upper[r] += w;
    }
  }
  for (std::size_t r = 0; r < R; ++r) {
    out[r][node] = lower[r];
    out[r][node + 1] = upper[r];
  }
}

/// Restriction along x of the `count` rows of a plane (`in` rows of t.fine values, `out` rows of t.coarse, zeroed).
void restrict_plane_x(const float* in, float* out, std::size_t count, const AxisTransfer& t) {
  constexpr std::size_t kRows = 8;
  std::size_t j = 0;
  for (; j + kRows <= count; j += kRows) {
    std::array<const float*, kRows> line{};
    std::array<float*, kRows> o{};
    for (std::size_t r = 0; r < kRows; ++r) {
      line[r] = in + (j + r) * t.fine;
      o[r] = out + (j + r) * t.coarse;
    }
    restrict_rows<kRows>(line, o, t);
  }
  for (; j < count; ++j) restrict_rows<1>({in + j * t.fine}, {out + j * t.coarse}, t);
}

/// out = Σ w·in[j] over `row` (the (input line, weight) pairs of one output line), `count` values, in pair order.
void combine_lines(const std::vector<std::pair<std::size_t, float>>& row, const float* in, std::size_t stride,
                   float* out, std::size_t count) {
  std::fill_n(out, count, 0.0f);
  for (const auto& [j, w] : row) {
    const float* line = in + j * stride;
    for (std::size_t x = 0; x < count; ++x) out[x] += w * line[x];
  }
}

/// Restriction along x and y, plane by plane (each fine plane's x-restricted rows kept in a plane-sized buffer,
/// not an image-sized one): `out` is coarse in x and y, fine in z.
void restrict_xy(const Volume<float>& in, Volume<float>& out, const AxisTransfer& tx, const AxisTransfer& ty,
                 const ParallelOptions& parallel) {
  const Size3& a = in.grid().size();
  const std::size_t ncx = tx.coarse, ncy = ty.coarse;
  parallel_for(
      0, a[2],
      [&](std::size_t k0, std::size_t k1) {
        std::vector<float> rows(ncx * a[1]);
        for (std::size_t k = k0; k < k1; ++k) {
          std::fill(rows.begin(), rows.end(), 0.0f);
          restrict_plane_x(in.data() + k * a[1] * a[0], rows.data(), a[1], tx);
          for (std::size_t c = 0; c < ncy; ++c)
            combine_lines(ty.restrict[c], rows.data(), ncx, out.data() + (k * ncy + c) * ncx, ncx);
        }
      },
      by_plane(parallel));
}

/// Interpolation along y and x, plane by plane, added to `result` (the last passes, straight into the photon map):
/// `in` is coarse in x and y, fine in z.
void prolong_yx_add(const Volume<float>& in, Volume<float>& result, const AxisTransfer& tx, const AxisTransfer& ty,
                    const ParallelOptions& parallel) {
  const Size3& b = result.grid().size();
  const std::size_t ncx = tx.coarse, ncy = ty.coarse;
  parallel_for(
      0, b[2],
      [&](std::size_t k0, std::size_t k1) {
        std::vector<float> rows(ncx * b[1]);
        for (std::size_t k = k0; k < k1; ++k) {
          const float* plane = in.data() + k * ncy * ncx;
          for (std::size_t j = 0; j < b[1]; ++j) combine_lines(ty.prolong[j], plane, ncx, &rows[j * ncx], ncx);
          for (std::size_t j = 0; j < b[1]; ++j) {
            const float* c = &rows[j * ncx];
            float* r = result.data() + (k * b[1] + j) * b[0];
            for (std::size_t i = 0; i < b[0]; ++i) {
              const float lo = c[tx.node[i]];
              r[i] += lo + tx.upper[i] * (c[tx.node[i] + 1] - lo);
            }
          }
        }
      },
      by_plane(parallel));
}

/// out = M·in along z, M given as rows (for each output plane, its (input plane, weight) pairs): whole planes
/// combined. Each output value is one fixed-order sum, whatever the threads.
void apply_along_z(const Volume<float>& in, Volume<float>& out,
                   const std::vector<std::vector<std::pair<std::size_t, float>>>& rows,
                   const ParallelOptions& parallel) {
  const Size3& b = out.grid().size();
  const std::size_t plane = b[0] * b[1];
  parallel_for(
      0, b[2],
      [&](std::size_t c0, std::size_t c1) {
        for (std::size_t c = c0; c < c1; ++c) combine_lines(rows[c], in.data(), plane, out.data() + c * plane, plane);
      },
      by_plane(parallel));
}

}  // namespace

/// The far part of a full-range kernel's photons (kernels/photon_far_field.hpp), convolved on a grid `factor`
/// times coarser: activity restricted to the coarse nodes, convolved with the far field sampled at the nodes'
/// offsets (reaching every node pair of the image), interpolated back and added to the near part's dose. The
/// coarse convolver and the axis transfers depend only on the image size: made on the first map of a size.
struct DoseCalculator::FarPhotons {
  const kernels::PhotonFarField* field = nullptr;  ///< owned by the calculator's kernel
  std::array<std::size_t, 3> factor{1, 1, 1};
  convolution::ConvolutionOptions options;

  struct Plan {
    Size3 fine_size{0, 0, 0};
    std::vector<AxisTransfer> axes;
    std::unique_ptr<convolution::Convolver> convolver;
  };
  mutable std::mutex mutex;
  mutable std::shared_ptr<const Plan> plan;

  /// The far field at the coarse nodes' offsets, prefiltered. Averaged over where source and target sit in their
  /// coarse voxels, linear restriction and interpolation turn node values K(m) into Σ_m K(m)·B₃(d − m) per axis
  /// (B₃ the cubic B-spline, the autocorrelation of the linear hat) = K + K''·h_c²/6 + O(h_c⁴); the reference,
  /// the full-resolution kernel averaged over source and target voxels, is K + K''·h²/12. The node values
  /// K − c·δ²K per axis, c = 1/6 − 1/(12 f²) (δ² the second difference between nodes), cancel both to second order.
  ///
  /// The field is radial, so the kernel is mirror-symmetric about each axis: one octant (offsets ≥ 0) is sampled
  /// and sharpened, then mirrored — an eighth of the evaluations. The second differences add the two neighbours
  /// first, (K(m+1) + K(m−1)) − 2K(m), a sum that is the same for m and −m, so the mirrored values are exactly the
  /// ones the whole grid would give.
  Volume<double> coarse_kernel(const Vector3& coarse_spacing, const std::array<int, 3>& half) const {
    // The octant with one more offset per axis (the sharpening's outer neighbours): (half + 2) values per axis.
    const std::array<std::size_t, 3> n{static_cast<std::size_t>(half[0]) + 2, static_cast<std::size_t>(half[1]) + 2,
                                       static_cast<std::size_t>(half[2]) + 2};
    const double window_mm = 0.5 * coarse_spacing.minCoeff();  // as PhotonFarField::sampled
    const ParallelOptions by_z{options.threads, 1};
    std::vector<double> octant(n[0] * n[1] * n[2]);
    const auto at = [&](std::size_t x, std::size_t y, std::size_t z) -> double& {
      return octant[(z * n[1] + y) * n[0] + x];
    };
    parallel_for(
        0, n[2],
        [&](std::size_t z0, std::size_t z1) {
          for (std::size_t z = z0; z < z1; ++z)
            for (std::size_t y = 0; y < n[1]; ++y)
              for (std::size_t x = 0; x < n[0]; ++x) {
                const double dx = static_cast<double>(x) * coarse_spacing[0];
                const double dy = static_cast<double>(y) * coarse_spacing[1];
                const double dz = static_cast<double>(z) * coarse_spacing[2];
                at(x, y, z) = field->dose_Gy_per_Bq_s(std::sqrt(dx * dx + dy * dy + dz * dz), window_mm);
              }
        },
        by_z);
    std::array<double, 3> c{};
    for (int a = 0; a < 3; ++a) c[a] = 1.0 / 6.0 - 1.0 / (12.0 * static_cast<double>(factor[a] * factor[a]));
    const std::array<std::size_t, 3> m{n[0] - 1, n[1] - 1, n[2] - 1};  // the sharpened octant: offsets 0..half
    std::vector<double> sharp(m[0] * m[1] * m[2]);
    parallel_for(
        0, m[2],
        [&](std::size_t z0, std::size_t z1) {
          for (std::size_t z = z0; z < z1; ++z)
            for (std::size_t y = 0; y < m[1]; ++y)
              for (std::size_t x = 0; x < m[0]; ++x) {
                // The neighbour at offset −1 of offset 0 is the one at +1 (mirror symmetry).
                const std::size_t xl = x == 0 ? 1 : x - 1, yl = y == 0 ? 1 : y - 1, zl = z == 0 ? 1 : z - 1;
                const double centre = at(x, y, z);
                sharp[(z * m[1] + y) * m[0] + x] = centre - c[0] * ((at(x + 1, y, z) + at(xl, y, z)) - 2.0 * centre) -
                                                   c[1] * ((at(x, y + 1, z) + at(x, yl, z)) - 2.0 * centre) -
                                                   c[2] * ((at(x, y, z + 1) + at(x, y, zl)) - 2.0 * centre);
              }
        },
        by_z);
    Volume<double> out(kernels::kernel_grid(coarse_spacing, half));
    const Size3& size = out.grid().size();
    const auto offset = [](std::size_t i, int h) {
      return static_cast<std::size_t>(std::abs(static_cast<long>(i) - static_cast<long>(h)));
    };
    parallel_for(
        0, size[2],
        [&](std::size_t z0, std::size_t z1) {
          for (std::size_t z = z0; z < z1; ++z)
            for (std::size_t y = 0; y < size[1]; ++y) {
              const double* row = &sharp[(offset(z, half[2]) * m[1] + offset(y, half[1])) * m[0]];
              for (std::size_t x = 0; x < size[0]; ++x) out(x, y, z) = row[offset(x, half[0])];
            }
        },
        by_z);
    return out;
  }

  std::shared_ptr<const Plan> plan_for(const Grid& grid) const {
    const std::lock_guard lock(mutex);
    if (plan && plan->fine_size == grid.size()) return plan;
    auto p = std::make_shared<Plan>();
    p->fine_size = grid.size();
    Vector3 coarse_spacing;
    std::array<int, 3> half{};
    for (int a = 0; a < 3; ++a) {
      p->axes.emplace_back(grid.size()[a], factor[a]);
      coarse_spacing[a] = grid.spacing_mm()[a] * static_cast<double>(factor[a]);
      half[a] = static_cast<int>(p->axes.back().coarse) - 1;  // every node pair of the coarse grid
    }
    p->convolver = std::make_unique<convolution::Convolver>(coarse_kernel(coarse_spacing, half), options);
    plan = std::move(p);
    return plan;
  }

  /// result += the far photons' dose (or dose rate) of `source`.
  void add_to(const Volume<float>& source, Volume<float>& result, const ParallelOptions& parallel) const {
    // Restriction x and y plane by plane, then z; the coarse convolution; interpolation z, then y and x plane by
    // plane straight into the result: one image-sized read and one image-sized update, the buffers in between
    // coarse in x and y (f times smaller along each: 5 for 4 mm voxels).
    const auto p = plan_for(source.grid());
    const Grid& grid = source.grid();
    const Size3& n = grid.size();
    Vector3 spacing = grid.spacing_mm();
    spacing[0] *= static_cast<double>(factor[0]);
    spacing[1] *= static_cast<double>(factor[1]);
    const Size3 xy_size{p->axes[0].coarse, p->axes[1].coarse, n[2]};
    Volume<float> xy(Grid(xy_size, spacing));
    restrict_xy(source, xy, p->axes[0], p->axes[1], parallel);
    spacing[2] *= static_cast<double>(factor[2]);
    Volume<float> coarse(Grid({xy_size[0], xy_size[1], p->axes[2].coarse}, spacing));
    apply_along_z(xy, coarse, p->axes[2].restrict, parallel);
    const Volume<float> convolved = p->convolver->convolve(coarse);
    apply_along_z(convolved, xy, p->axes[2].prolong, parallel);
    prolong_yx_add(xy, result, p->axes[0], p->axes[1], parallel);
  }

  std::string describe(const Size3& image_size) const {
    const auto p = plan;  // the plan of the map just convolved
    std::string text = " within " + std::to_string(static_cast<int>(std::lround(field->split_radius_mm()))) +
                       " mm (smooth split) + far photons to " +
                       std::to_string(static_cast<int>(std::lround(field->reach_mm()))) + " mm on a grid " +
                       size_text({factor[0], factor[1], factor[2]}) + " times coarser";
    if (p && p->fine_size == image_size) {
      const auto& k = p->convolver->kernel().grid().size();
      text += " (" +
              std::string(convolution::engine_name(
                  p->convolver->engine_for({p->axes[0].coarse, p->axes[1].coarse, p->axes[2].coarse}))) +
              " " + size_text(k) + ")";
    }
    return text;
  }
};

/// One kernel component (or the total) as it is applied: nothing (all zero), a scaling (the kernel is one voxel:
/// local deposition), or a convolution with the kernel cropped to its support.
struct DoseCalculator::Part {
  KernelComponent component;
  double local_scale = 0.0;                           ///< Gy/(Bq·s) when the kernel is a single voxel
  std::unique_ptr<convolution::Convolver> convolver;  ///< when it reaches other voxels
  bool zero = false;
  const FarPhotons* far = nullptr;  ///< the far photons added to this part (Photon, or Total without components)

  std::string describe(const Size3& image_size) const {
    std::string text(kernels::component_name(component));
    if (zero) return text + ": zero";
    if (!convolver) return text + ": local";
    const auto& kernel_size = convolver->kernel().grid().size();
    const ConvolutionEngine engine = convolver->engine_for(image_size);
    text += ": " + std::string(convolution::engine_name(engine)) + " " + size_text(kernel_size);
    if (engine == ConvolutionEngine::Fft)
      text += " (" + convolution::fft_library_name(convolver->options().fft_library) + ")";
    if (far) text += far->describe(image_size);
    return text;
  }
};

std::array<std::size_t, 3> far_photon_coarse_factor(const Vector3& spacing_mm, double split_radius_mm) {
  std::array<std::size_t, 3> factor{};
  for (int a = 0; a < 3; ++a)
    factor[a] = static_cast<std::size_t>(
        std::max(1.0, std::floor(split_radius_mm / (kFarPhotonSplitInCoarseVoxels * spacing_mm[a]) + 1e-9)));
  return factor;
}

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
  if (const kernels::PhotonFarField* field = kernel_.far_photon()) {
    far_ = std::make_unique<FarPhotons>();
    far_->field = field;
    far_->factor = far_photon_coarse_factor(kernel_.spacing_mm(), field->split_radius_mm());
    far_->options = options_.convolution;
  }
  for (const KernelComponent component : components) {
    Part part{component, 0.0, nullptr, false, nullptr};
    if (component == KernelComponent::Photon || component == KernelComponent::Total) part.far = far_.get();
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
    if (part.far) part.far->add_to(source, result, parallel);
    if (scale && !(part.zero && !part.far)) multiply(result, scale->factor, parallel);
    if (!maps.report.method.empty()) maps.report.method += "; ";
    maps.report.method += part.describe(grid.size());
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
