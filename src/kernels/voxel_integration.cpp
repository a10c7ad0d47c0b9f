#include "rptdose/kernels/voxel_integration.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "rptdose/core/error.hpp"

namespace rptdose::kernels {
namespace {

constexpr double kPi = 3.14159265358979323846;

// Gauss–Legendre nodes and weights on [-1, 1], computed once by Newton iteration on P_n.
struct GaussRule {
  std::vector<double> nodes, weights;
  explicit GaussRule(int n) : nodes(n), weights(n) {
    for (int i = 0; i < n; ++i) {
      double x = std::cos(kPi * (i + 0.75) / (n + 0.5));
      double dp = 0.0;
      for (int iteration = 0; iteration < 100; ++iteration) {
        double p0 = 1.0, p1 = x;
        for (int k = 2; k <= n; ++k) {
          const double p2 = ((2.0 * k - 1.0) * x * p1 - (k - 1.0) * p0) / k;
          p0 = p1;
          p1 = p2;
        }
        dp = n * (x * p1 - p0) / (x * x - 1.0);
        const double dx = p1 / dp;
        x -= dx;
        if (std::abs(dx) < 1e-15) break;
      }
      nodes[i] = x;
      weights[i] = 2.0 / ((1.0 - x * x) * dp * dp);
    }
  }
};
const GaussRule& gauss(int n) {
  static const GaussRule g4(4), g6(6), g8(8), g16(16);
  switch (n) {
    case 4:
      return g4;
    case 6:
      return g6;
    case 8:
      return g8;
    default:
      return g16;
  }
}

/// J[p][q][s] = ∫_{[0,a]×[0,b]×[0,c]} ε(|u|) u_x^p u_y^q u_z^s d³u for p, q, s ∈ {0, 1}, with the box's corner
/// at the source: (1/4π) Σ_faces ∫_face (d/|x|³) ω_x^p ω_y^q ω_z^s M_{p+q+s}(|x|) dA.
using CornerIntegrals = std::array<double, 8>;  // index p + 2q + 4s

CornerIntegrals corner_box_integrals(const RadialProfile& profile, const std::array<double, 3>& extent) {
  CornerIntegrals result{};
  const GaussRule& rule = gauss(16);
  for (int face = 0; face < 3; ++face) {
    const int u = (face + 1) % 3, v = (face + 2) % 3;
    const double d = extent[face];
    // Panels no wider than half the face distance keep d/|x|³ smooth on each panel.
    const int panels_u = std::clamp(static_cast<int>(std::ceil(2.0 * extent[u] / d)), 1, 64);
    const int panels_v = std::clamp(static_cast<int>(std::ceil(2.0 * extent[v] / d)), 1, 64);
    const double hu = extent[u] / panels_u, hv = extent[v] / panels_v;
    for (int pu = 0; pu < panels_u; ++pu)
      for (int pv = 0; pv < panels_v; ++pv)
        for (std::size_t a = 0; a < rule.nodes.size(); ++a)
          for (std::size_t b = 0; b < rule.nodes.size(); ++b) {
            std::array<double, 3> x{};
            x[face] = d;
            x[u] = hu * (pu + 0.5 * (1.0 + rule.nodes[a]));
            x[v] = hv * (pv + 0.5 * (1.0 + rule.nodes[b]));
            const double r = std::sqrt(x[0] * x[0] + x[1] * x[1] + x[2] * x[2]);
            const double w = 0.25 * hu * hv * rule.weights[a] * rule.weights[b] * d / (r * r * r) / (4.0 * kPi);
            const std::array<double, 4> m = profile.moments(r);
            const double wx = x[0] / r, wy = x[1] / r, wz = x[2] / r;
            for (int idx = 0; idx < 8; ++idx) {
              const int p = idx & 1, q = (idx >> 1) & 1, s = (idx >> 2) & 1;
              const double angular = (p ? wx : 1.0) * (q ? wy : 1.0) * (s ? wz : 1.0);
              result[idx] += w * angular * m[p + q + s];
            }
          }
  }
  return result;
}

/// One term of the per-axis decomposition of a tent piece into intervals anchored at the source:
/// sign · ∫_0^extent (alpha + beta·u) f du.
struct AxisTerm {
  double extent;
  double alpha;
  double beta;
  double sign;
};

/// The tent max(0, L − |u − c|) as a signed sum of anchored linear pieces (needs |c| ≤ L so that the source lies
/// within the support).
std::vector<AxisTerm> anchored_tent(double c, double length) {
  std::vector<AxisTerm> terms;
  auto add_interval = [&](double p, double q, double alpha, double beta) {
    // ∫_p^q = ∫_0^q − ∫_0^p; an interval ∫_0^b with b < 0 is −∫_0^{|b|} of the mirrored weight.
    for (const auto& [end, sign] : {std::pair{q, 1.0}, std::pair{p, -1.0}}) {
      if (std::abs(end) < 1e-12 * length) continue;
      if (end > 0)
        terms.push_back({end, alpha, beta, sign});
      else
        terms.push_back({-end, alpha, -beta, -sign});
    }
  };
  add_interval(c - length, c, length - c, 1.0);   // rising edge: u − (c − L)
  add_interval(c, c + length, c + length, -1.0);  // falling edge: (c + L) − u
  return terms;
}

/// E_Δ · V for an offset whose support contains the source (every |Δ_a| ≤ 1).
double near_offset_integral(const RadialProfile& profile, const std::array<int, 3>& offset,
                            const std::array<double, 3>& length,
                            std::map<std::array<double, 3>, CornerIntegrals>& cache) {
  std::array<std::vector<AxisTerm>, 3> axis;
  for (int a = 0; a < 3; ++a) axis[a] = anchored_tent(offset[a] * length[a], length[a]);
  double total = 0.0;
  for (const AxisTerm& tx : axis[0])
    for (const AxisTerm& ty : axis[1])
      for (const AxisTerm& tz : axis[2]) {
        const std::array<double, 3> extent{tx.extent, ty.extent, tz.extent};
        auto it = cache.find(extent);
        if (it == cache.end()) it = cache.emplace(extent, corner_box_integrals(profile, extent)).first;
        const CornerIntegrals& j = it->second;
        double value = 0.0;
        for (int idx = 0; idx < 8; ++idx) {
          const double cx = (idx & 1) ? tx.beta : tx.alpha;
          const double cy = (idx & 2) ? ty.beta : ty.alpha;
          const double cz = (idx & 4) ? tz.beta : tz.alpha;
          value += cx * cy * cz * j[idx];
        }
        total += tx.sign * ty.sign * tz.sign * value;
      }
  return total;
}

/// E_Δ · V for an offset away from the source: Gauss–Legendre on the eight sub-boxes of the support, each axis
/// split into panels no longer than the support's distance from the source (so that 1/r² stays smooth on each
/// panel even for elongated voxels).
double far_offset_integral(const RadialProfile& profile, const std::array<int, 3>& offset,
                           const std::array<double, 3>& length, int order) {
  const GaussRule& rule = gauss(order);
  double distance2 = 0.0;
  for (int a = 0; a < 3; ++a) distance2 += std::pow(std::max(0, std::abs(offset[a]) - 1) * length[a], 2);
  const double distance = std::sqrt(distance2);
  // Per axis: 2 halves × panels × order nodes, with positions and tent weight × quadrature weight.
  std::array<std::vector<double>, 3> position, weight;
  for (int a = 0; a < 3; ++a) {
    const double c = offset[a] * length[a];
    const int panels = std::clamp(static_cast<int>(std::ceil(length[a] / distance)), 1, 16);
    const double h = length[a] / panels;
    for (int half = 0; half < 2; ++half) {
      const double lo = half == 0 ? c - length[a] : c;
      for (int p = 0; p < panels; ++p)
        for (int i = 0; i < order; ++i) {
          const double u = lo + h * (p + 0.5 * (1.0 + rule.nodes[i]));
          position[a].push_back(u);
          weight[a].push_back(0.5 * h * rule.weights[i] * (length[a] - std::abs(u - c)));
        }
    }
  }
  double total = 0.0;
  for (std::size_t k = 0; k < position[2].size(); ++k)
    for (std::size_t j = 0; j < position[1].size(); ++j) {
      const double wjk = weight[1][j] * weight[2][k];
      const double r2_jk = position[1][j] * position[1][j] + position[2][k] * position[2][k];
      for (std::size_t i = 0; i < position[0].size(); ++i) {
        const double r2 = r2_jk + position[0][i] * position[0][i];
        const double r = std::sqrt(r2);
        total += weight[0][i] * wjk * profile.smooth_density_MeV_per_mm(r) / (4.0 * kPi * r2);
      }
    }
  return total;
}

}  // namespace

Grid kernel_grid(const Vector3& spacing_mm, const std::array<int, 3>& half_size) {
  Size3 size{};
  for (int a = 0; a < 3; ++a) {
    if (half_size[a] < 0) throw InvalidInput("kernel half-size must be ≥ 0, got " + std::to_string(half_size[a]));
    size[a] = static_cast<std::size_t>(2 * half_size[a] + 1);
  }
  const Vector3 origin(-half_size[0] * spacing_mm[0], -half_size[1] * spacing_mm[1], -half_size[2] * spacing_mm[2]);
  return Grid(size, spacing_mm, origin);
}

Volume<double> integrate_over_voxels(const RadialProfile& profile, const Vector3& spacing_mm,
                                     const std::array<int, 3>& half_size, ParallelOptions parallel) {
  const Grid grid = kernel_grid(spacing_mm, half_size);
  Volume<double> result(grid, 0.0);
  const std::array<double, 3> length{spacing_mm[0], spacing_mm[1], spacing_mm[2]};
  const double volume = length[0] * length[1] * length[2];
  const double support = profile.support_radius_mm();
  const bool cubic =
      length[0] == length[1] && length[1] == length[2] && half_size[0] == half_size[1] && half_size[1] == half_size[2];

  // Offsets of one octant (the kernel is even in each axis); with cubic voxels only i ≥ j ≥ k.
  std::vector<std::array<int, 3>> offsets;
  for (int k = 0; k <= half_size[2]; ++k)
    for (int j = 0; j <= half_size[1]; ++j)
      for (int i = 0; i <= half_size[0]; ++i) {
        if (cubic && !(i >= j && j >= k)) continue;
        double d2 = 0.0;
        const std::array<int, 3> o{i, j, k};
        for (int a = 0; a < 3; ++a) d2 += std::pow(std::max(0, o[a] - 1) * length[a], 2);
        if (std::sqrt(d2) < support) offsets.push_back(o);
      }

  std::vector<double> energy(offsets.size(), 0.0);
  std::map<std::array<double, 3>, CornerIntegrals> shared_cache;
  // The corner boxes needed by near offsets (extents L or 2L per axis) are computed first, serially.
  for (const auto& o : offsets)
    if (o[0] <= 1 && o[1] <= 1 && o[2] <= 1)
      energy[&o - offsets.data()] = near_offset_integral(profile, o, length, shared_cache) / volume;
  parallel.grain = std::max<std::size_t>(parallel.grain == 4096 ? 16 : parallel.grain, 1);
  parallel_for(
      0, offsets.size(),
      [&](std::size_t begin, std::size_t end) {
        for (std::size_t n = begin; n < end; ++n) {
          const auto& o = offsets[n];
          if (o[0] <= 1 && o[1] <= 1 && o[2] <= 1) continue;
          const int far = std::max({o[0], o[1], o[2]});
          energy[n] = far_offset_integral(profile, o, length, far <= 3 ? 8 : (far <= 6 ? 6 : 4)) / volume;
        }
      },
      parallel);

  // Point deposits (alphas) stay in the source voxel.
  const std::size_t centre = grid.linear_index(half_size[0], half_size[1], half_size[2]);
  for (std::size_t n = 0; n < offsets.size(); ++n) {
    const auto& o = offsets[n];
    // Mirror into every octant (and every permutation when cubic).
    std::array<int, 3> p = o;
    std::sort(p.begin(), p.end());
    do {
      if (!cubic && p != o) continue;
      for (int sx = -1; sx <= 1; sx += 2)
        for (int sy = -1; sy <= 1; sy += 2)
          for (int sz = -1; sz <= 1; sz += 2) {
            if ((p[0] == 0 && sx > 0) || (p[1] == 0 && sy > 0) || (p[2] == 0 && sz > 0)) continue;
            result(static_cast<std::size_t>(half_size[0] + sx * p[0]),
                   static_cast<std::size_t>(half_size[1] + sy * p[1]),
                   static_cast<std::size_t>(half_size[2] + sz * p[2])) = energy[n];
          }
    } while (std::next_permutation(p.begin(), p.end()));
  }
  result[centre] += profile.point_energy_MeV();
  return result;
}

}  // namespace rptdose::kernels
